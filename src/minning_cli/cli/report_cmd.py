"""``minning report`` and ``minning export``: what goes to superiors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from ..text.errors import UsageError
from ..views.formats import REPORT_RENDERERS, ReportFormat
from .app import State, app, as_of_choice, as_of_day, handles_errors, say_notice
from .formats import ReportFormatOption


@app.command()
@handles_errors
def report(
    ctx: typer.Context,
    month: Annotated[
        str | None,
        typer.Option("--month", "-m", metavar="月份", help="哪个月，如 2023-06；缺省为本月。"),
    ] = None,
    format: ReportFormatOption = ReportFormat.TEXT,
) -> None:
    """月报：当月月底的主要指标（完成、目标、完成率、状态）、本月新增与完成的事项、进度滞后的单位、
    逾期事项、本月资金使用进度月报（任务11）是否已报。

    纯文本可直接粘贴到微信；markdown 带标题和表格，可粘贴到文档。本月未结束时数据截至今天。

    示例：minning report --month 2023-06　　minning report --month 2023-06 --format markdown
    """
    from ..figures.report import month_report, parse_month

    state: State = ctx.obj
    book = state.book()
    today = dt.date.today()
    # Without --month: the month of the day the period rule stands on (a run after the
    # ledger's year reports its December).
    default = month or f"{as_of_day(book.ledger.ledger, None):%Y-%m}"
    year, number = parse_month(default, book.ledger, error=UsageError)
    REPORT_RENDERERS[format](month_report(book, year, number, today))


@app.command()
@handles_errors
def export(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="文件", help="要写的 .xlsx 文件。")],
    as_of: Annotated[
        str | None, typer.Option("--as-of", metavar="日期", help="截至哪一天，缺省为今天。")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="覆盖一个已有的、不是 minning 导出的文件。")
    ] = False,
) -> None:
    """导出 Excel 工作簿给领导：分工表（原表各列加目标、完成、完成率、状态及分解到单位）、
    单位完成情况、完成情况图（消费帮扶、招商引资各单位柱状图）、进展记录。

    所有数字与 minning status --as-of 同一天 --format json 一致；已设置横向打印、按页宽缩放、
    每页重复表头。先写临时文件再替换，不会留下写了一半的文件；不会写进台账目录的 progress/。

    示例：minning export 闽宁协作完成情况.xlsx --as-of 2023-06-30
    """
    from ..figures.status import compute_status
    from ..views.export import CREATOR, SHEETS, build_workbook
    from ..views.render import make_console
    from ..views.render_report import cn_date
    from ..writing.export_file import save_workbook

    state: State = ctx.obj
    book = state.book()
    chosen = as_of_choice(book.ledger.ledger, as_of)
    day = chosen.day
    workbook = build_workbook(book, compute_status(book, day))
    replaced = save_workbook(
        workbook.save, file, book.loaded.data_dir, creator=CREATOR, force=force
    )
    verb = "已覆盖" if replaced else "已导出"
    sheets = "、".join(SHEETS)
    make_console().print(f"{verb} {file}（截至 {cn_date(day)}）：{sheets}", soft_wrap=True)
    say_notice(chosen)
