"""The city's workbook: an overview, then one sheet per row of the city's table.

Formatted like the district's workbook (``views/xlsx/sheet.py``: bordered 宋体 cells,
numbers as numbers with their measure in the format, 完成率 and 时序进度 as Excel
percentages, status colours, A4 landscape, headers repeated). 时序进度 is the expected
figure over the target (how far through its pace a row should be). Every figure is one of
the ``CityStatus`` it is built from, so the workbook says what ``city status --format
json`` says.
"""

from __future__ import annotations

from decimal import Decimal

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ...figures.city_status import CityRowStatus, CityStatus, DistrictState
from ...text.amounts import MONEY, fmt_measure, percent
from ..labels import PACING_LABELS, STATUS_LABELS
from ..render_city import STATE_LABELS
from .sheet import FILLS, Sheet, as_of_text

CITY_CREATOR = "minning city"
OVERVIEW = "总览"
_ROW_HEADER = ("县区", "任务数", "台账目标", "完成", "完成率", "时序进度", "应完成", "状态", "说明")


def _suffix(measure: str) -> str:
    return MONEY if measure == MONEY else measure


def _title(status: CityStatus) -> str:
    city = f"{status.city}" if status.city else ""
    return f"{city}{status.title}{as_of_text(status.as_of)}"


def build_city_workbook(status: CityStatus) -> Workbook:
    """The overview and one sheet per row, every figure taken from ``status``."""
    workbook = Workbook()
    workbook.properties.creator = CITY_CREATOR
    workbook.properties.title = _title(status)
    first = workbook.active
    assert first is not None  # a new workbook has one sheet
    first.title = OVERVIEW
    overview_sheet(first, status)
    for row in status.rows:
        name = f"{row.no} {row.title}"[:31]  # Excel's limit on a sheet's name
        row_sheet(workbook.create_sheet(name), row, status)
    return workbook


def overview_sheet(ws: Worksheet, status: CityStatus) -> None:
    """Each row's city total, then each district's copy (state, commit, last entry)."""
    sheet = Sheet(ws, wrapped={7: 40.0})
    columns = 7
    sheet.title(_title(status), columns)
    sheet.header(2, ("任务", "全市任务数", "完成", "完成率", "时序进度", "状态", "说明"))
    line = 3
    for row in status.rows:
        suffix = _suffix(row.measure)
        fill = FILLS.get(row.status)
        sheet.put(line, 1, f"{row.no} {row.title}（{row.indicator}）")
        sheet.figure(line, 2, row.target, suffix)
        sheet.figure(line, 3, row.actual, suffix)
        sheet.percent(line, 4, row.percent, fill=fill)
        sheet.percent(line, 5, percent(row.expected or Decimal(0), row.target))
        sheet.put(line, 6, STATUS_LABELS[row.status], fill=fill)
        sheet.put(line, 7, _total_note(row))
        line += 1
    line += 1
    sheet.header(line, ("县区", "状态", "版本", "提交于", "取回于", "最近记录", "说明"))
    for d in status.districts:
        line += 1
        _district_line(sheet, line, d)
    sheet.finish(header_rows=2, freeze="B3")


def _district_line(sheet: Sheet, line: int, d: DistrictState) -> None:
    grey = not d.summed
    sheet.put(line, 1, d.name, grey=grey)
    sheet.put(line, 2, STATE_LABELS[d.state], grey=grey)
    sheet.put(line, 3, (d.commit or ("目录" if d.fetched_at else ""))[:7], grey=grey)
    sheet.put(line, 4, (d.committed or "")[:10], grey=grey)
    sheet.put(line, 5, (d.fetched_at or "")[:16].replace("T", " "), grey=grey)
    sheet.put(line, 6, d.last_entry.isoformat() if d.last_entry else "", grey=grey)
    errors = "；".join(f"{p.location()}: {p.message}" for p in d.errors[:3])
    sheet.put(line, 7, "；".join(x for x in (d.reason or "", errors) if x), grey=grey)


def _total_note(row: CityRowStatus) -> str:
    parts = []
    if row.stated_total is None:
        parts.append(f"原表未写合计，按各县区合计 {fmt_measure(row.assigned, row.measure)}")
    elif row.stated_total != row.assigned:
        parts.append(f"各县区合计 {fmt_measure(row.assigned, row.measure)}")
    if row.not_summed:
        parts.append("未计入：" + "、".join(row.not_summed))
    return "；".join(parts)


def row_sheet(ws: Worksheet, row: CityRowStatus, status: CityStatus) -> None:
    """One row: each district's assignment, own target, figure, 完成率, 时序进度, status."""
    suffix = _suffix(row.measure)
    sheet = Sheet(ws, wrapped={9: 30.0})
    columns = len(_ROW_HEADER)
    rule = PACING_LABELS.get(row.pacing, row.pacing)
    sheet.title(f"任务{row.no} {row.title}（{row.indicator}）{as_of_text(status.as_of)}", columns)
    sheet.header(2, _ROW_HEADER)
    states = {d.name: d for d in status.districts}
    line = 2
    for f in row.districts:
        line += 1
        state = states[f.district]
        fill = FILLS.get(f.status) if f.status is not None else None
        grey = not f.summed
        sheet.put(line, 1, f.district, grey=grey)
        sheet.figure(line, 2, f.target, suffix, grey=grey)
        sheet.figure(line, 3, f.own_target, suffix, grey=grey)
        sheet.figure(line, 4, f.actual, suffix)
        sheet.percent(line, 5, f.percent, fill=fill)
        sheet.percent(line, 6, percent(f.expected, f.target) if f.expected is not None else None)
        sheet.figure(line, 7, f.expected, suffix)
        sheet.put(line, 8, STATUS_LABELS[f.status] if f.status else "", fill=fill)
        marks = [STATE_LABELS[state.state]] if state.state != "ok" else []
        if f.target_differs and f.summed:
            marks.append("台账目标与全市任务数不同")
        sheet.put(line, 9, "；".join(marks), grey=grey)
    line += 1
    fill = FILLS.get(row.status)
    sheet.put(line, 1, "全市合计", bold=True)
    sheet.figure(line, 2, row.target, suffix, bold=True)
    sheet.put(line, 3, None)
    sheet.figure(line, 4, row.actual, suffix, bold=True)
    sheet.percent(line, 5, row.percent, fill=fill, bold=True)
    sheet.percent(line, 6, percent(row.expected or Decimal(0), row.target))
    sheet.figure(line, 7, row.expected, suffix)
    sheet.put(line, 8, STATUS_LABELS[row.status], fill=fill, bold=True)
    sheet.put(line, 9, _total_note(row))
    sheet.note(
        line + 2,
        f"时限 {row.deadline}，进度规则：{rule}；时序进度 = 按进度应完成 ÷ 任务数。"
        "灰色的县区未计入全市合计。",
        columns,
    )
    sheet.finish(header_rows=2, freeze="B3")
