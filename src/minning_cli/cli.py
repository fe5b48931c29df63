"""The ``minning`` command: thin typer commands over the library modules.

Each command parses its options, calls one library function, renders the result and picks
the exit status: 0 fine, 1 a problem with the data or the request, 2 a command-line mistake.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from . import __version__
from . import typer_zh as _typer_zh  # noqa: F401  (puts typer's own words into Chinese)
from .errors import MinningError, UsageError, errors_only
from .load import LoadedLedger, find_data_dir, load_ledger, read_tasks
from .render import (
    ledger_json,
    make_console,
    print_json,
    print_problems,
    problems_json,
    task_detail,
    tasks_table,
)

app = typer.Typer(
    name="minning",
    help=(
        "闽宁协作任务台账：鼓楼区 2023 年闽宁协作任务分工表的目标、进展与核对。\n\n"
        "台账是 data/tasks.yaml（分工表，人手工维护）和 data/progress/（minning 追加的进展记录）。\n\n"
        "示例：minning check　　minning tasks 4　　minning --data 某目录 check"
    ),
    no_args_is_help=True,
    add_completion=True,
    suggest_commands=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


@dataclass
class State:
    """What the global options say, passed to every command."""

    data: str | None = None

    def data_dir(self) -> Path:
        """The data folder the options and environment point to."""
        return find_data_dir(self.data)

    def ledger(self) -> LoadedLedger:
        """The valid ledger, or a ``MinningError``."""
        return load_ledger(self.data_dir())


F = TypeVar("F", bound=Callable[..., Any])


def handles_errors(command: F) -> F:
    """Turn a ``MinningError`` into its messages on stderr and exit 1 (2 for usage)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except MinningError as exc:
            console = make_console(stderr=True)
            located = [p for p in exc.problems if p.file]
            if located:
                print_problems(exc.problems, console)
            else:
                for problem in exc.problems:
                    console.print(f"错误：{problem.message}", style="bold red", soft_wrap=True)
            raise typer.Exit(2 if isinstance(exc, UsageError) else 1) from None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"minning {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    data: Annotated[
        str | None,
        typer.Option(
            "--data",
            metavar="目录",
            help="台账目录（含 tasks.yaml）。缺省时用环境变量 MINNING_DATA，"
            "再缺省时从当前目录向上找最近的 data/tasks.yaml。",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="显示版本号并退出。"),
    ] = False,
) -> None:
    """闽宁协作任务台账。"""
    ctx.obj = State(data=data)


def _format(value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise UsageError(f"--format 只能是 {'、'.join(allowed)}，而不是“{value}”")
    return value


FormatOption = Annotated[
    str, typer.Option("--format", "-f", metavar="格式", help="输出格式：table（表格）或 json。")
]


@app.command()
@handles_errors
def check(ctx: typer.Context, format: FormatOption = "table") -> None:
    """检查 tasks.yaml：列出所有错误和警告（文件:行:列），有错误时退出码为 1。

    警告（退出码 0）包括分工表本身的算术：如任务4 消费帮扶已分解 5500 万元，
    距目标 8000 万元尚有 2500 万元未分解。

    示例：minning check　　minning check --format json
    """
    _format(format, ("table", "json"))
    state: State = ctx.obj
    data_dir = state.data_dir()
    ledger, _source, problems = read_tasks(data_dir)
    errors = errors_only(problems)
    if format == "json":
        print_json(problems_json(problems))
    else:
        console = make_console(stderr=bool(errors))
        print_problems(problems, console)
        warnings = len(problems) - len(errors)
        if errors:
            console.print(f"发现 {len(errors)} 个错误、{warnings} 个警告。", style="bold red")
        else:
            assert ledger is not None
            units = len(ledger.units)
            console.print(
                f"检查通过：{len(ledger.tasks)} 项任务、{units} 个单位；{warnings} 个警告。",
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


def main() -> None:
    """Console-script entry point."""
    app(prog_name="minning")
