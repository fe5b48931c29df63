"""``minning check`` and ``minning tasks``: the table itself."""

from __future__ import annotations

from typing import Annotated

import typer

from ..text.amounts import whole_number
from ..text.errors import UsageError, errors_only
from ..views.formats import CHECK_RENDERERS, TASKS_RENDERERS, CheckFormat, TaskListing, TasksFormat
from .app import State, app, handles_errors
from .formats import CheckFormatOption, TasksFormatOption


@app.command()
@handles_errors
def check(ctx: typer.Context, format: CheckFormatOption = CheckFormat.TABLE) -> None:
    """检查 tasks.yaml 和 progress/ 下的进展记录：列出所有错误和警告（文件:行:列），有错误时退出码为 1。

    警告（退出码 0）包括分工表本身的算术：如任务4 消费帮扶已分解 5500 万元，
    距目标 8000 万元尚有 2500 万元未分解。

    示例：minning check　　minning check --format json
    """
    from ..ledger.load import check_all

    state: State = ctx.obj
    report = check_all(state.data_dir())
    CHECK_RENDERERS[format](report)
    if errors_only(report.problems):
        raise typer.Exit(1)


@app.command()
@handles_errors
def tasks(
    ctx: typer.Context,
    no: Annotated[
        str | None, typer.Argument(metavar="序号", help="只看这一行（1–15），显示全文。")
    ] = None,
    format: TasksFormatOption = TasksFormat.TABLE,
) -> None:
    """按原分工表的样子列出台账里的任务：序号、任务、指标与分解、牵头单位、完成时限。

    示例：minning tasks　　minning tasks 4　　minning tasks --format json
    """
    state: State = ctx.obj
    loaded = state.ledger()
    ledger = loaded.ledger
    if no is None:
        TASKS_RENDERERS[format](TaskListing(ledger))
        return
    numbers = [task.no for task in ledger.tasks]
    number = whole_number(no)
    if number is None or number not in numbers:
        raise UsageError(f"没有序号为“{no}”的任务；序号为 {min(numbers)}–{max(numbers)}")
    TASKS_RENDERERS[format](TaskListing(ledger, ledger.task(number)))
