"""``minning report`` and ``minning export``: what goes to superiors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from ..text.errors import UsageError
from ..views.formats import REPORT_RENDERERS, ReportFormat
from .app import State, app, as_of_choice, handles_errors, parse_date, say_notice
from .formats import ReportFormatOption


@app.command()
@handles_errors
def report(
    ctx: typer.Context,
    month: Annotated[
        str | None,
        typer.Option(
            "--month",
            "-m",
            metavar="月份",
            help="哪个月，如 2023-06；缺省为本月（年度过后为12月）。",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="日期",
            help="出报告的日期，如 2023-10-25；此后录入的不算。 缺省为今天。",
        ),
    ] = None,
    format: ReportFormatOption = ReportFormat.TEXT,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="文件", help="写入文件而不是显示；docx 必须指定。"),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖一个已有的文件。")] = False,
) -> None:
    """月报：一、总体进展（全部15项任务的完成率、时序进度、相差的百分点；没有数字的写做了什么）；
    二、存在问题（滞后、逾期、未报，引用单位原话）；三、下一步工作打算（临近时限、待联系单位）；
    四、更正说明（已报月份事后补记或作废的记录及原因）；落款为报送单位、联系人、日期。

    text 可直接粘贴到微信；markdown 不含表格，粘贴到 Word 不出竖线；docx 为 Word 公文格式。
    同一台账、月份和 --as-of 得到逐字节相同的输出。

    示例：minning report --month 2023-09 --as-of 2023-10-25 -f docx -o 9月月报.docx
    """
    from ..figures.report import month_report, parse_month
    from ..views.docx_report import CREATOR
    from ..views.formats import BINARY_REPORTS
    from ..writing.report_file import save_report

    state: State = ctx.obj
    if format in BINARY_REPORTS and output is None:
        raise UsageError("--format docx 须用 -o 指定要写的文件，如 -o 9月月报.docx")
    book = state.book()
    chosen = as_of_choice(book.ledger.ledger, as_of)
    # The report stands on its month's last day (the period rule's day while that month runs),
    # from what was recorded by the day it is made: an --as-of after the year is the day
    # December's report was made, so entries recorded up to then still count.
    made_on = parse_date(as_of, "--as-of") or dt.date.today()
    made_on = max(made_on, chosen.day)
    # Without --month: the month of the day the period rule stands on (a run after the
    # ledger's year reports its December).
    year, number = parse_month(month or f"{chosen.day:%Y-%m}", book.ledger, error=UsageError)
    if chosen.notice is not None:  # said as what the report does: figures at the month's end,
        # what was recorded by the day it is made, and that day under the report
        typer.echo(
            f"注意：{chosen.notice.split('：', 1)[0]}：月报的数字截至 {year} 年 {number} 月末，"
            f"计入 {made_on} 以前录入的记录（含事后补记和作废），报送日期写 {made_on}"
            + ("；要重出当时报送的月报，请用 --as-of 指定报送那天" if as_of is None else ""),
            err=True,
        )
    data = REPORT_RENDERERS[format](month_report(book, year, number, made_on))
    if output is None:
        typer.echo(data.decode("utf-8"), nl=False)
        return
    suffix = ".docx" if format in BINARY_REPORTS else None
    save_report(data, output, book.loaded.data_dir, suffix=suffix, creator=CREATOR, force=force)
    typer.echo(f"已写入 {output}", err=True)


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
    """导出 Excel 工作簿给领导：总览（一页）、分工表（原表各列加目标、完成、完成率、状态，
    分解到单位，无数字任务的状态和牵头单位）、单位完成情况、
    完成情况图（各单位完成率与时序进度、逐月趋势，任务11 资金使用逐月）、进展记录。

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
