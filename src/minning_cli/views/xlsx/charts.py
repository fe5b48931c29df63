"""The 完成情况图 sheet: per row with figures, 完成率 by unit against 时序进度, and the trend.

For each row with unit shares (2–5), two blocks printed together on a page of their own, so
no chart is cut by a page break:

- the units' table (目标, 完成, 完成率 as a formula, 时序进度, 状态 in words) with a column
  chart of 完成率 beside it, each column coloured by its status, and the 时序进度 as a line;
- the month-by-month cumulative district figure against the figure the pace called for at
  each month's end (the last point: the as-of day), as a table and a line chart.

Then row 11's fund report month by month: 到位, 拨付, 使用 (万元, cumulative, as each month's
report gave them; blank for a month not reported) with 使用率 as a formula, and a line chart.
"""

from __future__ import annotations

import datetime as dt
import math

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.marker import DataPoint
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from ...figures.status import StatusReport, compute_status
from ...ledger.book import Book
from ...ledger.status import Status
from ..labels import STATUS_LABELS
from .sheet import FILLS, PERCENT, UNASSIGNED, Sheet, as_of_text
from .summary import block_heading, pace_ratio

CHART_ROW_POINTS = 20.0  # rows beside a chart
CM_PER_POINT = 2.54 / 72
COLOURS = {  # a column's colour by status: the fills of the tables, stronger
    "done": "70AD47", "on_track": "A9D08E", "behind": "FFC000", "overdue": "FF0000",
    "no_target": "BFBFBF",
}  # fmt: skip
HEADERS = ["单位", "目标", "完成", "完成率", "时序进度", "状态"]
FUNDS_HEADERS = ["月份", "到位", "拨付", "使用", "使用率", "报送"]


def month_ends(book: Book, as_of: dt.date) -> list[StatusReport]:
    """The standing at each month's end from the ledger's start up to the as-of day."""
    reports = []
    day = book.ledger.ledger.start_date
    while True:
        following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        end = min(following - dt.timedelta(days=1), as_of)
        reports.append(compute_status(book, end))
        if end >= as_of or following.year > as_of.year:
            return reports
        day = following


def month_label(day: dt.date) -> str:
    """9月 at a month's end; 9月20日 for an as-of day within the month."""
    following = day + dt.timedelta(days=1)
    return f"{day.month}月" if following.day == 1 else f"{day.month}月{day.day}日"


def chart_sheet(ws: Worksheet, book: Book, report: StatusReport) -> None:
    """For every row with unit shares: the units against the pace, then the trend."""
    sheet = Sheet(ws, wrapped={})
    sheet.title(f"各项任务完成情况图{as_of_text(report.as_of)}", len(HEADERS))
    trend = month_ends(book, report.as_of)
    row = 2
    for total in report.tasks:
        shares = report.row(total.no).allocations
        if not shares or total.measure is None:
            continue
        # 时序进度 is a share of the time to the row's deadline: the same for every unit.
        pace = pace_ratio(total.expected, total.target)
        row = block_heading(sheet, row, f"{total.no} {total.title}：各单位完成率与时序进度", 6)
        sheet.header(row, HEADERS)
        header = row
        for share in shares:
            row += 1
            sheet.put(row, 1, share.unit or UNASSIGNED)
            sheet.figure(row, 2, share.target, share.measure)
            if share.target is None:
                sheet.put(row, 2, "未定", align="right")
            sheet.figure(row, 3, share.actual, share.measure)
            sheet.formula(row, 4, f'=IF(N(B{row})>0,C{row}/B{row},"")',
                          shown=f"{share.percent}%", number_format=PERCENT)  # fmt: skip
            sheet.percent(row, 5, pace)
            sheet.put(row, 6, STATUS_LABELS[share.status], fill=FILLS.get(share.status),
                      align="center")  # fmt: skip
        chart = _percent_chart(ws, header, row, [s.status for s in shares])
        ws.add_chart(chart, f"H{header - 1}")
        row = _below(ws, header - 1, row, chart.height, page=False)
        row = block_heading(sheet, row, f"{total.no} {total.title}：逐月累计完成与时序进度", 6)
        sheet.header(row, ["月末", "累计完成", "应完成"])
        header = row
        for standing in trend:
            month = next(t for t in standing.tasks if t.no == total.no)
            row += 1
            sheet.put(row, 1, month_label(standing.as_of))
            sheet.figure(row, 2, month.actual, total.measure)
            sheet.figure(row, 3, month.expected, total.measure)
        chart = _trend_chart(ws, header, row)
        ws.add_chart(chart, f"H{header - 1}")
        row = _below(ws, header - 1, row, chart.height)
    for total in report.tasks:
        if report.row(total.no).funds:
            row = _funds_block(sheet, row, report, total.no, total.title)
    sheet.finish(header_rows=1, freeze="A2")
    for offset in range(2, row):
        if ws.row_dimensions[offset].height is None or ws.row_dimensions[offset].height < 20:
            ws.row_dimensions[offset].height = CHART_ROW_POINTS


def _below(ws: Worksheet, top: int, last: int, height_cm: float, *, page: bool = True) -> int:
    """The first row of the next block: under the table and its chart (on a new page)."""
    chart_rows = math.ceil(height_cm / CM_PER_POINT / CHART_ROW_POINTS)
    below = max(last + 1, top + chart_rows)
    if page:
        ws.row_breaks.append(Break(id=below))
    return below + 1


def _percent_chart(ws: Worksheet, header: int, end: int, statuses: list[str]) -> BarChart:
    """完成率 by unit as columns coloured by status, 时序进度 as a line across them."""
    bars = BarChart()
    bars.type = "col"
    # No title inside: the block's heading says what it is, and the plot keeps the room.
    bars.add_data(Reference(ws, min_col=4, min_row=header, max_row=end), titles_from_data=True)
    categories = Reference(ws, min_col=1, min_row=header + 1, max_row=end)
    bars.set_categories(categories)
    (series,) = bars.series
    for index, status in enumerate(statuses):
        point = DataPoint(idx=index)
        point.graphicalProperties.solidFill = COLOURS.get(status, "BFBFBF")
        series.dPt.append(point)
    pace = LineChart()
    pace.add_data(Reference(ws, min_col=5, min_row=header, max_row=end), titles_from_data=True)
    pace.set_categories(categories)
    line = pace.series[0]
    line.graphicalProperties.line.solidFill = "C00000"
    line.graphicalProperties.line.width = 28575  # 2.25 pt
    line.smooth = False
    bars.y_axis.number_format = "0%"
    bars.y_axis.scaling.min = 0
    bars.y_axis.majorGridlines = None
    bars.y_axis.delete = False
    bars.x_axis.delete = False
    bars.x_axis.tickLblSkip = 1
    bars.legend.position = "b"
    bars.gapWidth = 50
    bars += pace
    units = end - header
    bars.width = max(18.0, units * 1.1 + 4)
    bars.height = 8.5
    return bars


def _trend_chart(ws: Worksheet, header: int, end: int) -> LineChart:
    """The cumulative district figure month by month, and what the pace called for."""
    chart = LineChart()
    chart.add_data(Reference(ws, min_col=2, max_col=3, min_row=header, max_row=end),
                   titles_from_data=True)  # fmt: skip
    chart.set_categories(Reference(ws, min_col=1, min_row=header + 1, max_row=end))
    actual, pace = chart.series
    actual.graphicalProperties.line.solidFill = "2F5597"
    actual.graphicalProperties.line.width = 28575
    pace.graphicalProperties.line.solidFill = "C00000"
    pace.graphicalProperties.line.dashStyle = "dash"
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    chart.y_axis.scaling.min = 0
    chart.legend.position = "b"
    chart.width = 18.0
    chart.height = 7.5
    return chart


def _funds_block(sheet: Sheet, row: int, report: StatusReport, task: int, title: str) -> int:
    """Row 11's funds month by month with 使用率 as a formula, and their trend as lines."""
    ws = sheet.ws
    row = block_heading(sheet, row, f"{task} {title}：资金到位、拨付、使用逐月情况（万元）", 6)
    sheet.header(row, FUNDS_HEADERS)
    header = row
    for month in report.row(task).monthly:
        if month.status == Status.PENDING:
            continue
        row += 1
        sheet.put(row, 1, f"{int(month.month[5:])}月")
        sheet.figure(row, 2, month.received)
        sheet.figure(row, 3, month.disbursed)
        sheet.figure(row, 4, month.used)
        shown = f"{month.use_rate}%" if month.use_rate is not None else ""
        sheet.formula(row, 5, f'=IF(N(B{row})>0,D{row}/B{row},"")', shown=shown,
                      number_format=PERCENT)  # fmt: skip
        sheet.put(row, 6, STATUS_LABELS[month.status], fill=FILLS.get(month.status),
                  align="center")  # fmt: skip
    chart = LineChart()
    chart.add_data(Reference(ws, min_col=2, max_col=4, min_row=header, max_row=row),
                   titles_from_data=True)  # fmt: skip
    chart.set_categories(Reference(ws, min_col=1, min_row=header + 1, max_row=row))
    for series, colour in zip(chart.series, ("2F5597", "70AD47", "C00000"), strict=True):
        series.graphicalProperties.line.solidFill = colour
        series.graphicalProperties.line.width = 28575
        series.smooth = False
    chart.display_blanks = "gap"  # a month not reported is a gap, not a zero
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    chart.y_axis.scaling.min = 0
    chart.legend.position = "b"
    chart.width = 18.0
    chart.height = 7.5
    ws.add_chart(chart, f"H{header - 1}")
    return _below(ws, header - 1, row, chart.height)
