"""The ``minning`` command: thin typer commands over the library modules.

Each command parses its options, calls one library function, renders the result and picks
the exit status: 0 fine, 1 a problem with the data or the request, 2 a command-line mistake.

Commands import their renderers and workers inside their bodies: every run loads this module,
and a run should pay only for what its command uses (no rich for ``--format json``, no YAML
writer or spreadsheet reader for ``status``). ``python -X importtime -m minning_cli ...``
shows what a command loads.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from . import __version__, resolve
from . import typer_zh as _typer_zh  # noqa: F401  (puts typer's own words into Chinese)
from .errors import MinningError, UsageError, errors_only
from .load import Book, LoadedLedger, find_data_dir, load_book, load_ledger
from .render_json import print_json

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

    def book(self) -> Book:
        """The valid ledger with its progress entries, or a ``MinningError``."""
        return load_book(self.data_dir())


F = TypeVar("F", bound=Callable[..., Any])


def handles_errors(command: F) -> F:
    """Turn a ``MinningError`` into its messages on stderr and exit 1 (2 for usage)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except MinningError as exc:
            from .render import make_console, print_problems

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
    """检查 tasks.yaml 和 progress/ 下的进展记录：列出所有错误和警告（文件:行:列），有错误时退出码为 1。

    警告（退出码 0）包括分工表本身的算术：如任务4 消费帮扶已分解 5500 万元，
    距目标 8000 万元尚有 2500 万元未分解。

    示例：minning check　　minning check --format json
    """
    from .load import check_all
    from .render_json import problems_json

    _format(format, ("table", "json"))
    state: State = ctx.obj
    report = check_all(state.data_dir())
    problems = report.problems
    errors = errors_only(problems)
    if format == "json":
        print_json(problems_json(problems))
    else:
        from .render import make_console, print_problems

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
    from .render import make_console, task_detail, tasks_table
    from .render_json import ledger_json

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


def parse_date(value: str | None, option: str) -> dt.date | None:
    """A date typed on the command line; a bad one is a usage error (exit 2)."""
    return resolve.parse_date(value, option, error=UsageError)


def _ask(label: str, choices: list[str]) -> str:
    """Ask for a missing argument on a terminal, showing the choices."""
    from .render import make_console

    console = make_console(stderr=True)
    console.print(f"{label}可选：" + "、".join(choices), soft_wrap=True)
    answer: str = typer.prompt(label, prompt_suffix="：", err=True)
    return answer


@app.command()
@handles_errors
def record(
    ctx: typer.Context,
    unit: Annotated[
        str | None, typer.Argument(metavar="单位", help="单位名称、别名、拼音或首字母（如 rjy）。")
    ] = None,
    task: Annotated[
        str | None, typer.Argument(metavar="任务", help="序号（如 4）、任务名或指标名。")
    ] = None,
    amount: Annotated[
        str | None,
        typer.Argument(metavar="数额", help="如 20、25.5万、255000元、0.1亿、4人；默认为增量。"),
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", "-d", metavar="日期", help="数据日期，缺省为今天。")
    ] = None,
    total: Annotated[
        bool, typer.Option("--total", help="数额是截至该日期的累计数，而不是增量。")
    ] = False,
    done: Annotated[
        bool, typer.Option("--done", help="标记事项完成：结对、会议、对接、生活补助、月报、文章。")
    ] = False,
    milestone: Annotated[
        str | None,
        typer.Option(
            "--milestone", metavar="事项", help="一行有多个事项时指明哪一个（如 meeting）。"
        ),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", "-n", metavar="备注", help="说明。")] = None,
    source: Annotated[
        str | None, typer.Option("--source", metavar="来源", help="信息来源，缺省为“电话”。")
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", metavar="记录人", help="缺省为 git 的 user.name，再缺省为登录名。"),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只显示将记录什么，不写入。")] = False,
) -> None:
    """记下一个单位报来的进展（电话、表格、微信……），追加到 data/progress/年-月.yaml。

    数额默认是增量；--total 表示截至 --date 的累计数。计算某日完成数时，取该日及以前最近的累计数，
    再加上其后的增量。

    示例：minning record 软件园 4 20万 --date 2023-06-12 --note 园区企业采购枸杞

    示例：minning record rjy 消费帮扶 350 --total --date 2023-06-30

    示例：minning record 南街街道 6 --done --date 2023-05-20 --note 结对协议已签
    """
    from .record import Request, record_entry
    from .render import make_console

    state: State = ctx.obj
    data_dir = state.data_dir()
    if unit is None or task is None:
        if not sys.stdin.isatty():
            raise UsageError("缺少参数：单位和任务，如 minning record 软件园 4 20万")
        ledger = load_ledger(data_dir).ledger
        if unit is None:
            unit = _ask("单位", [u.name for u in ledger.units])
        if task is None:
            task = _ask("任务", [f"{t.no} {t.title}" for t in ledger.tasks]).split(" ")[0]
    request = Request(
        unit=unit,
        task=task,
        amount=amount,
        date=parse_date(date, "--date"),
        total=total,
        done=done,
        milestone=milestone,
        note=note,
        source=source,
        by=by,
    )
    outcome = record_entry(data_dir, request, dry_run=dry_run)
    console = make_console()
    prefix = "试运行，未写入：" if dry_run else ""
    console.print(prefix + outcome.message, soft_wrap=True)
    for warning in outcome.warnings:
        make_console(stderr=True).print(warning, style="yellow", soft_wrap=True)


@app.command()
@handles_errors
def void(
    ctx: typer.Context,
    entry_id: Annotated[
        str, typer.Argument(metavar="编号", help="要作废的记录编号（见 minning log）。")
    ],
    reason: Annotated[
        str, typer.Option("--reason", "-r", metavar="原因", help="作废原因（必填）。")
    ] = "",
    by: Annotated[str | None, typer.Option("--by", metavar="记录人", help="作废人。")] = None,
) -> None:
    """作废一条记错的记录：追加一条作废记录，原记录保留在文件里，但不再计入任何统计。

    示例：minning void 2023-06-12-k3f9a2 --reason 金额记错，应为 2 万
    """
    from .record import void_entry
    from .render import make_console

    state: State = ctx.obj
    outcome = void_entry(state.data_dir(), entry_id, reason, by=by)
    make_console().print(outcome.message, soft_wrap=True)


@app.command()
@handles_errors
def log(
    ctx: typer.Context,
    unit: Annotated[
        str | None, typer.Option("--unit", "-u", metavar="单位", help="只看这个单位。")
    ] = None,
    task: Annotated[
        str | None, typer.Option("--task", "-t", metavar="任务", help="只看这一行。")
    ] = None,
    since: Annotated[str | None, typer.Option("--since", metavar="日期", help="从这天起。")] = None,
    until: Annotated[str | None, typer.Option("--until", metavar="日期", help="到这天止。")] = None,
    format: Annotated[
        str, typer.Option("--format", "-f", metavar="格式", help="table、json 或 csv。")
    ] = "table",
) -> None:
    """按日期列出进展记录，已作废的会标明。

    示例：minning log --unit 软件园 --since 2023-06-01　　minning log --task 4 --format csv
    """
    from .compute import log_rows

    _format(format, ("table", "json", "csv"))
    state: State = ctx.obj
    book = state.book()
    rows = log_rows(
        book,
        unit=unit,
        task=task,
        since=parse_date(since, "--since"),
        until=parse_date(until, "--until"),
    )
    if format == "json":
        print_json(rows)
    elif format == "csv":
        from .render import log_csv

        sys.stdout.write(log_csv(rows))
    else:
        from .render import log_table, make_console

        make_console().print(log_table(rows))


@app.command(name="import")
@handles_errors
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="文件", help=".csv 或 .xlsx 文件。")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="只检查并显示将记录什么，不写入。")
    ] = False,
    by: Annotated[str | None, typer.Option("--by", metavar="记录人", help="记录人。")] = None,
) -> None:
    """从表格导入进展（单位报来的统计表）：要么全部导入，要么一条也不写。

    表头（中文或英文均可）：日期/date、单位/unit、任务/task、金额/amount、累计/total（填“是”
    表示累计数）、完成/done、备注/note、来源/source。任何一行有错，都会按行号列出，且不写入任何内容。

    示例：minning import 软件园6月统计.xlsx --dry-run　　minning import 街镇报表.csv
    """
    from .importer import import_file
    from .render import make_console

    state: State = ctx.obj
    result = import_file(state.data_dir(), file, dry_run=dry_run, by=by)
    console = make_console()
    for outcome in result.outcomes:
        console.print(("试运行，未写入：" if dry_run else "") + outcome.message, soft_wrap=True)
        for warning in outcome.warnings:
            console.print(warning, style="yellow", soft_wrap=True)
    verb = "将导入" if dry_run else "已导入"
    console.print(f"{verb} {len(result.outcomes)} 条记录。", style="green")


@app.command()
@handles_errors
def status(
    ctx: typer.Context,
    unit: Annotated[
        str | None, typer.Argument(metavar="单位", help="只看这个单位（名称、别名、拼音均可）。")
    ] = None,
    task: Annotated[
        str | None, typer.Option("--task", "-t", metavar="任务", help="只看这一行。")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", metavar="日期", help="截至哪一天，缺省为今天。")
    ] = None,
    format: Annotated[
        str,
        typer.Option("--format", "-f", metavar="格式", help="table、json、csv 或 markdown。"),
    ] = "table",
) -> None:
    """各单位目标与完成情况：完成/目标、完成率、按进度应完成数、状态（已完成/正常/滞后/逾期/无目标）。

    不带参数时显示全区总表；给出单位时显示该单位的详情；--task 显示一行任务的各单位（最落后的在前）。

    示例：minning status --as-of 2023-09-30　　minning status 洪山镇　　minning status --task 4
    """
    from .names import Registry
    from .resolve import resolve_task, resolve_unit
    from .status import compute_status, filter_report

    _format(format, ("table", "json", "csv", "markdown"))
    state: State = ctx.obj
    book = state.book()
    day = parse_date(as_of, "--as-of") or dt.date.today()
    report = compute_status(book, day)
    registry = Registry(book.ledger)
    unit_name = resolve_unit(registry, unit) if unit is not None else None
    task_no = resolve_task(book.ledger, registry, task, unit_name or "").no if task else None
    if format == "json":
        print_json(filter_report(report, unit_name, task_no))
        return
    if format in ("csv", "markdown"):
        if unit_name or task_no:
            raise UsageError("csv 和 markdown 只用于全区总表；单位或任务的详情请用 table 或 json")
        from .render_status import overview_csv, overview_markdown

        text = overview_csv if format == "csv" else overview_markdown
        sys.stdout.write(text(report, book.ledger))
        return
    from .render import make_console
    from .render_status import overview, task_view, unit_view

    console = make_console()
    if unit_name is not None:
        console.print(unit_view(report, book, unit_name))
    elif task_no is not None:
        console.print(task_view(report, book, task_no))
    else:
        console.print(overview(report, book, width=console.width))


def main() -> None:
    """Console-script entry point."""
    app(prog_name="minning")


# Commands kept in their own modules register themselves on ``app`` when imported.
from . import cli_calls, cli_init, cli_report, cli_review  # noqa: E402,F401
