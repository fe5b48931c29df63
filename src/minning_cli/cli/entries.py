"""``minning record``, ``void``, ``log`` and ``import``: entries in and out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..text.errors import UsageError
from ..views.csv_out import CsvEncoding
from ..views.formats import LOG_RENDERERS, LogFormat, LogView
from .app import State, app, handles_errors, parse_date
from .formats import LogFormatOption


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
    start: Annotated[
        str | None,
        typer.Option("--start", metavar="日期", help="任务2 选派：派出日期，缺省为 --date。"),
    ] = None,
    months: Annotated[
        int | None, typer.Option("--months", metavar="月数", help="任务2 选派：计划帮扶几个月。")
    ] = None,
    returned: Annotated[
        str | None,
        typer.Option("--return", metavar="编号", help="任务2：这条选派记录的人员于 --date 返回。"),
    ] = None,
    received: Annotated[
        str | None,
        typer.Option("--received", metavar="金额", help="任务11 月报：资金到位（累计）。"),
    ] = None,
    disbursed: Annotated[
        str | None, typer.Option("--paid", metavar="金额", help="任务11 月报：资金拨付（累计）。")
    ] = None,
    used: Annotated[
        str | None, typer.Option("--used", metavar="金额", help="任务11 月报：资金使用（累计）。")
    ] = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="像笔误（元写成万元、重复）也照记。")
    ] = False,
    interactive: Annotated[
        bool,
        typer.Option("--interactive", "-i", help="逐项询问（终端上缺参数时自动询问）。"),
    ] = False,
) -> None:
    """记下一个单位报来的进展（电话、表格、微信……），追加到 data/progress/年-月.yaml。

    数额默认是增量；--total 表示截至 --date 的累计数。计算某日完成数时，取该日及以前最近的累计数，
    再加上其后的增量。

    示例：minning record 软件园 4 20万 --date 2023-06-12 --note 园区企业采购枸杞

    示例：minning record rjy 消费帮扶 350 --total --date 2023-06-30

    示例：minning record 南街街道 6 --done --date 2023-05-20 --note 结对协议已签

    示例：minning record 区教育局 2 2人 --start 2023-09-01 --months 6 --date 2023-09-01

    示例：minning record 区民政局 11 --done --received 120 --paid 100 --used 80 --date 2023-06-25
    """
    from ..views.render import make_console
    from ..writing.record import Request, record_entry

    state: State = ctx.obj
    data_dir = state.data_dir()
    terminal = sys.stdin.isatty()
    missing = unit is None or task is None
    if missing and not (interactive or terminal):
        raise UsageError(_lacking(state, unit))
    request = Request(
        unit=unit or "",
        task=task or "",
        amount=amount,
        date=parse_date(date, "--date", year=lambda: state.ledger().ledger.ledger.year),
        total=total,
        done=done,
        milestone=milestone,
        note=note,
        source=source,
        by=by,
        start=parse_date(start, "--start", year=lambda: state.ledger().ledger.ledger.year),
        months=months,
        ref=returned,
        received=received,
        disbursed=disbursed,
        used=used,
    )
    if interactive or terminal:
        from .prompts import record_after_asking

        outcome = record_after_asking(
            data_dir, request, dry_run=dry_run, yes=yes, ask_all=interactive
        )
    else:
        outcome = record_entry(data_dir, request, dry_run=dry_run, yes=yes)
    console = make_console()
    if dry_run:  # the entry as it would be recorded, never "已记录"
        console.print("试运行，未写入：" + outcome.message.split("：", 1)[1], soft_wrap=True)
    else:
        console.print(outcome.message, soft_wrap=True)
    for warning in outcome.warnings:
        make_console(stderr=True).print(warning, style="yellow", soft_wrap=True)


def _lacking(state: State, unit: str | None) -> str:
    """What ``record`` lacks off a terminal, said exactly: the unit and the row, or only the
    row (then the unit's rows, and an example of its own)."""
    ask = "；在终端上运行（或加 -i）会逐项询问"
    if unit is None:
        return "缺少参数：单位和任务，如 minning record 软件园 4 20万" + ask
    import datetime as dt

    from ..ledger.kinds import Rows
    from ..writing.hints import choices
    from .prompts import Session, recordable_rows, recording_unit

    book = state.book()
    session = Session(book, Rows(book.ledger), dt.date.today())
    name = recording_unit(session, unit)  # unknown, a group, nothing to record: said first
    mine = recordable_rows(session, name)
    rows = session.rows
    example = next(c.command(unit, t.no) for t in mine for c in choices(rows.row(t.no), name))
    listed = "　".join(f"{t.no} {t.title}" for t in mine)
    return f"缺少参数：任务（序号或名称），如 {example}；{name}的任务：{listed}{ask}"


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
    from ..views.render import make_console
    from ..writing.record import void_entry

    state: State = ctx.obj
    outcome = void_entry(state.data_dir(), entry_id, reason, by=by)
    make_console().print(outcome.message, soft_wrap=True)
    for warning in outcome.warnings:
        make_console(stderr=True).print(warning, style="yellow", soft_wrap=True)


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
    format: LogFormatOption = LogFormat.TABLE,
    encoding: Annotated[
        CsvEncoding,
        typer.Option(
            "--encoding",
            metavar="<utf-8|gbk>",
            help="csv 的编码：utf-8 带 BOM，Excel 可直接打开；gbk 给只认 GBK 的旧软件。",
            case_sensitive=False,
        ),
    ] = CsvEncoding.UTF8,
) -> None:
    """按日期列出进展记录，已作废的会标明。

    示例：minning log --unit 软件园 --since 2023-06-01　　minning log --task 4 --format csv > 进展.csv
    """
    from ..figures.entry_log import log_rows

    state: State = ctx.obj
    book = state.book()
    rows = log_rows(
        book,
        unit=unit,
        task=task,
        since=parse_date(since, "--since"),
        until=parse_date(until, "--until"),
    )
    LOG_RENDERERS[format](LogView(rows, encoding))


@app.command(name="import")
@handles_errors
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="文件", help=".csv 或 .xlsx 文件。")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="只检查并显示将记录什么，不写入。")
    ] = False,
    by: Annotated[str | None, typer.Option("--by", metavar="记录人", help="记录人。")] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="像笔误的行也照记。")] = False,
) -> None:
    """从表格导入进展（单位报来的统计表）：要么全部导入，要么一条也不写。

    表头（中文或英文均可）：日期/date、单位/unit、任务/task、金额/amount、累计/total（填“是”
    表示累计数）、完成/done、备注/note、来源/source。任何一行有错，都会按行号列出，且不写入任何内容。

    任务2 的选派另可有：派出日期/start（缺省为该行日期）、计划月数/months（1–120）；
    返回/ref 填返回人员的选派记录编号（minning log --task 2 可查），该行即记为人员返回。
    任务11 的资金月报另可有：到位/received、拨付/disbursed、使用/used（万元，截至报告时的累计数）。

    例如这样一张 csv：
    日期,单位,任务,金额,完成,派出日期,计划月数,返回,到位,拨付,使用,备注
    2023-09-01,区教育局,2,2,,2023-09-01,6,,,,,两名教师赴原州区
    2023-06-25,区民政局,11,,是,,,,120,100,80,6月资金使用进度月报

    示例：minning import 软件园6月统计.xlsx --dry-run　　minning import 街镇报表.csv
    """
    from ..views.render import make_console
    from ..writing.importer import import_file

    state: State = ctx.obj
    result = import_file(state.data_dir(), file, dry_run=dry_run, by=by, yes=yes)
    console = make_console()
    for outcome in result.outcomes:
        shown = (
            "试运行，未写入：" + outcome.message.split("：", 1)[1] if dry_run else outcome.message
        )
        console.print(shown, soft_wrap=True)
        for warning in outcome.warnings:
            console.print(warning, style="yellow", soft_wrap=True)
    verb = "将导入" if dry_run else "已导入"
    console.print(f"{verb} {len(result.outcomes)} 条记录。", style="green")
