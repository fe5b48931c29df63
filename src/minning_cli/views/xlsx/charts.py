"""The 完成情况图 sheet: rows 4 and 5 unit by unit, as a table and a bar chart beside it."""

from __future__ import annotations

import math

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Border
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from ...figures.status import AllocationStatus, StatusReport
from .sheet import FILLS, UNASSIGNED, Sheet, as_of_text

CHART_ROWS = (4, 5)
CHART_ROW_POINTS = 21.0  # rows beside a chart: tall enough for one bar pair per unit
CM_PER_POINT = 2.54 / 72


def chart_sheet(ws: Worksheet, report: StatusReport) -> None:
    """For rows 4 and 5: each unit's target and actual, as a table and a bar chart beside it."""
    sheet = Sheet(ws, wrapped={})
    sheet.title(f"消费帮扶、招商引资各单位完成情况{as_of_text(report.as_of)}", 4)
    row = 2
    for no in CHART_ROWS:
        shares = report.row(no).allocations
        if not shares:
            continue
        first = shares[0]
        name = (
            first.title if first.title == first.indicator else f"{first.title}：{first.indicator}"
        )
        heading = sheet.put(row, 1, f"{no} {name}（{first.measure}）", bold=True)
        heading.border = Border()
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        sheet.header(row + 1, ["单位", "目标", "完成", "完成率"])
        for offset, share in enumerate(shares, row + 2):
            sheet.put(offset, 1, share.unit or UNASSIGNED)
            sheet.figure(offset, 2, share.target)
            if share.target is None:
                sheet.put(offset, 2, "未定", align="right")
            sheet.figure(offset, 3, share.actual)
            sheet.percent(offset, 4, share.percent, fill=FILLS.get(share.status))
        end = row + 1 + len(shares)
        chart = _bar_chart(ws, first, row + 1, end)
        ws.add_chart(chart, f"F{row}")
        # The next block starts below the chart (which may be taller than its table), and
        # each block prints on its own page, so no chart is cut by a page break.
        below = row + math.ceil(chart.height / CM_PER_POINT / CHART_ROW_POINTS)
        ws.row_breaks.append(Break(id=below))
        row = below + 2
    sheet.finish(header_rows=1, freeze="A2")
    for offset in range(2, row):
        ws.row_dimensions[offset].height = CHART_ROW_POINTS


def _bar_chart(ws: Worksheet, first: AllocationStatus, header: int, end: int) -> BarChart:
    """Horizontal bars, target and actual per unit, the first unit at the top."""
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "clustered"
    chart.title = f"{first.title}：各单位目标与完成（{first.measure}）"
    chart.add_data(Reference(ws, min_col=2, max_col=3, min_row=header, max_row=end),
                   titles_from_data=True)  # fmt: skip
    chart.set_categories(Reference(ws, min_col=1, min_row=header + 1, max_row=end))
    chart.x_axis.scaling.orientation = "maxMin"  # categories top to bottom, as in the table
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.crosses = "max"  # with the categories reversed, keep the values at the foot
    chart.y_axis.majorGridlines = None
    chart.legend.position = "b"
    target, actual = chart.series
    target.graphicalProperties.solidFill = "BFBFBF"
    actual.graphicalProperties.solidFill = "2F5597"
    actual.dLbls = DataLabelList(showVal=True, showSerName=False, showCatName=False,
                                 showLegendKey=False, showPercent=False)  # fmt: skip
    chart.x_axis.tickLblSkip = 1  # every unit named, not every other one
    chart.gapWidth = 60
    chart.width = 17.0
    # As tall as the table beside it, and at least 0.8 cm a unit so every name shows.
    table = (end - header + 2) * CHART_ROW_POINTS * CM_PER_POINT
    chart.height = max(table, (end - header) * 0.8 + 4.0)
    return chart
