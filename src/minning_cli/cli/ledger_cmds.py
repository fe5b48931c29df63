"""``minning check`` and ``minning tasks``: the table itself."""

from __future__ import annotations

from typing import Annotated

import typer

from ..text.errors import UsageError, errors_only
from ..views.render_json import print_json
from .app import FormatOption, State, _format, app, handles_errors


@app.command()
@handles_errors
def check(ctx: typer.Context, format: FormatOption = "table") -> None:
    """检查 tasks.yaml 和 progress/ 下的进展记录：列出所有错误和警告（文件:行:列），有错误时退出码为 1。

    警告（退出码 0）包括分工表本身的算术：如任务4 消费帮扶已分解 5500 万元，
    距目标 8000 万元尚有 2500 万元未分解。

    示例：minning check　　minning check --format json
    """
    from ..ledger.load import check_all
    from ..views.render_json import problems_json

    _format(format, ("table", "json"))
    state: State = ctx.obj
    report = check_all(state.data_dir())
    problems = report.problems
    errors = errors_only(problems)
    if format == "json":
        print_json(problems_json(problems))
    else:
        from ..views.render import make_console, print_problems

        console = make_console(stderr=bool(errors))
        print_problems(problems, console)
        warnings = len(problems) - len(errors)
        if errors or report.ledger is None:
            console.print(f"发现 {len(errors)} 个错误、{warnings} 个警告。", style="bold red")
        else:
            console.print(
                f"检查通过：{len(report.ledger.tasks)} 项任务、{len(report.ledger.units)} 个单位、"
                f"{report.entries} 条进展记录；{warnings} 个警告。",
                style="green",
            )
    if errors:
        raise typer.Exit(1)


@app.command()
@handles_errors
def tasks(
    ctx: typer.Context,
    no: Annotated[
        str | None, typer.Argument(metavar="序号", help="只看这一行（1–15），显示全文。")
    ] = None,
    format: FormatOption = "table",
) -> None:
    """按原分工表的样子列出台账里的任务：序号、任务、指标与分解、牵头单位、完成时限。

    示例：minning tasks　　minning tasks 4　　minning tasks --format json
    """
    from ..views.render import make_console, task_detail, tasks_table
    from ..views.render_json import ledger_json

    _format(format, ("table", "json"))
    state: State = ctx.obj
    loaded = state.ledger()
    ledger = loaded.ledger
    if no is None:
        if format == "json":
            print_json(ledger_json(ledger)["tasks"])
        else:
            make_console().print(tasks_table(ledger))
        return
    numbers = [task.no for task in ledger.tasks]
    if not no.isdigit() or int(no) not in numbers:
        raise UsageError(f"没有序号为“{no}”的任务；序号为 {min(numbers)}–{max(numbers)}")
    task = ledger.task(int(no))
    if format == "json":
        print_json(task.model_dump(mode="python"))
    else:
        make_console().print(task_detail(task, ledger))
