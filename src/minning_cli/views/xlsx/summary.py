"""The 总览 sheet: what a superior reads first, on one portrait A4 page.

Five blocks under the as-of date: the rows with figures (完成率 against 时序进度, the gap in
百分点, status in words and colour), how many unit shares stand in each status, the five
units furthest behind the pace, everything overdue (rows without figures not closed by
their deadline too), and the rows without figures with their status and lead units. 完成率 and the gap are formulas over
the cells beside them. The thresholds of the status words are stated under the blocks.
"""

from __future__ import annotations

from decimal import Decimal

from openpyxl.styles import Alignment, Border, Font
from openpyxl.worksheet.worksheet import Worksheet

from ...figures.status import AllocationStatus, StatusReport
from ...ledger.status import Status
from ...text.amounts import fmt, percent
from ..labels import STATUS_LABELS
from .sheet import DATE, FILLS, LINE_POINTS, PERCENT, Sheet, as_of_text, line_count

COLUMNS = 8
SHOWN = 5
THRESHOLDS = (
    "状态说明：已完成＝完成数达到目标（绿）；正常＝完成数不低于按时序进度应完成数（浅绿）；"
    "滞后＝低于时序进度（黄）；逾期＝过了完成时限仍未完成（红）。时序进度＝从年初到截至日"
    "已过天数÷到完成时限的天数；相差＝完成率−时序进度（百分点，负数为落后）。"
    "无数字目标的任务：无记录＝尚无记录、未到时限；有进展＝已有记录、未办结（浅绿）；"
    "已完成＝牵头单位已办结（绿）；逾期＝过了时限未办结（红）；久无进展＝持续推进的任务"
    "长期无记录（黄）；全年无记录＝持续推进的任务全年无记录（红）。"
)
PERCENT_POINTS = '0.0;"−"0.0;0'


def block_heading(sheet: Sheet, row: int, text: str, columns: int = COLUMNS) -> int:
    """A block's heading across the sheet; returns the next row."""
    cell = sheet.ws.cell(row=row, column=1, value=text)
    cell.font = Font(name="宋体", size=11, bold=True)
    cell.border = Border()
    sheet.ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    sheet.ws.row_dimensions[row].height = 20
    return row + 1


def pace_ratio(expected: Decimal | None, target: Decimal | None) -> Decimal | None:
    """时序进度 as a percentage (74.7): the expected figure against the target."""
    return None if expected is None else percent(expected, target)


def summary_sheet(ws: Worksheet, report: StatusReport) -> None:
    """The four blocks and the thresholds, fitted to one page."""
    sheet = Sheet(ws, wrapped={})
    sheet.title(f"闽宁协作完成情况总览{as_of_text(report.as_of)}", COLUMNS)
    sheet.put(2, 1, "数据截至", bold=True)
    sheet.put(2, 2, report.as_of, shown="2023-09-30", number_format=DATE, align="left")
    row = block_heading(sheet, 4, "一、主要指标完成情况")
    sheet.header(
        row, ["序号", "任务", "目标", "完成", "完成率", "时序进度", "相差(百分点)", "状态"]
    )
    for total in report.tasks:
        if total.status is None or total.actual is None or total.measure is None:
            continue
        row += 1
        sheet.put(row, 1, total.no, align="center")
        sheet.put(row, 2, total.title)
        sheet.figure(row, 3, total.target, total.measure)
        sheet.figure(row, 4, total.actual, total.measure)
        shown = f"{total.percent}%"
        sheet.formula(row, 5, f'=IF(C{row}>0,D{row}/C{row},"")', shown=shown,
                      number_format=PERCENT)  # fmt: skip
        pace = pace_ratio(total.expected, total.target)
        sheet.percent(row, 6, pace)
        sheet.formula(row, 7, f'=IF(F{row}="","",ROUND((E{row}-F{row})*100,1))', shown="-00.0",
                      number_format=PERCENT_POINTS)  # fmt: skip
        sheet.put(row, 8, STATUS_LABELS[total.status], fill=FILLS.get(total.status),
                  align="center")  # fmt: skip
    row = block_heading(sheet, row + 2, "二、分解到单位的任务按状态计数")
    sheet.header(row, ["状态", "个数"])
    counts = [Status.DONE, Status.ON_TRACK, Status.BEHIND, Status.OVERDUE, Status.NO_TARGET]
    for status in counts:
        row += 1
        sheet.put(row, 1, STATUS_LABELS[status], fill=FILLS.get(status), align="center")
        sheet.put(row, 2, sum(1 for a in report.allocations if a.status == status))
    first = row - len(counts) + 1
    row += 1
    sheet.put(row, 1, "合计", bold=True, align="center")
    sheet.formula(row, 2, f"=SUM(B{first}:B{row - 1})", shown="999", number_format="0",
                  bold=True)  # fmt: skip
    row = block_heading(sheet, row + 2, f"三、进度最落后的{SHOWN}个单位（低于时序进度最多）")
    sheet.header(row, ["序号", "单位", "任务", "目标", "完成", "完成率", "时序进度", "状态"])
    for share in furthest_behind(report):
        row += 1
        sheet.put(row, 1, share.task, align="center")
        sheet.put(row, 2, share.unit)
        sheet.put(row, 3, share.title)
        sheet.figure(row, 4, share.target, share.measure)
        sheet.figure(row, 5, share.actual, share.measure)
        sheet.percent(row, 6, share.percent)
        sheet.percent(row, 7, pace_ratio(share.expected, share.target))
        sheet.put(row, 8, STATUS_LABELS[share.status], fill=FILLS.get(share.status),
                  align="center")  # fmt: skip
    row = block_heading(sheet, row + 2, "四、逾期事项")
    sheet.header(row, ["序号", "事项", None, None, None, "时限", "责任单位", None])
    overdue = overdue_items(report)
    merged = []  # text across merged columns: its width is not one column's, its height set below
    for task, what, due, who in overdue:
        row += 1
        sheet.put(row, 1, task, align="center")
        for column in range(2, 9):
            sheet.put(row, column, None)
        sheet.put(row, 2, what, shown="")
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=5)
        sheet.put(row, 6, due, shown="2023-09-30", number_format=DATE)
        sheet.put(row, 7, who, shown="")
        ws.merge_cells(start_row=row, start_column=7, end_row=row, end_column=8)
        merged.append((row, what, who))
    if not overdue:
        row += 1
        sheet.put(row, 2, "暂无逾期事项")
    row, led = activity_block(sheet, row + 2, report)
    sheet.finish(header_rows=0, freeze="A3", landscape=False, one_page=True)
    for line, what, who in merged:
        width_what = sum(sheet.width(c) for c in range(2, 6))
        width_who = sheet.width(7) + sheet.width(8)
        lines = max(line_count(what, width_what), line_count(who, width_who))
        ws.row_dimensions[line].height = lines * LINE_POINTS + 4
        for column in (2, 7):
            ws.cell(row=line, column=column).alignment = Alignment(wrap_text=True,
                                                                   vertical="center")  # fmt: skip
    for line in led:
        leads = str(ws.cell(row=line, column=4).value)
        lines = line_count(leads, sum(sheet.width(c) for c in range(4, 7)))
        ws.row_dimensions[line].height = lines * LINE_POINTS + 4
        ws.cell(row=line, column=4).alignment = Alignment(wrap_text=True, vertical="center")
    sheet.note(row + 2, THRESHOLDS, COLUMNS)
    ws.freeze_panes = None


def furthest_behind(report: StatusReport, shown: int = SHOWN) -> list[AllocationStatus]:
    """Named units behind the pace or overdue, the largest gap (完成率 − 时序进度) first.

    An overdue share's pace is its whole target (100%), so once the year is closed, when
    nothing is 滞后 any more, these are the overdue units with the lowest 完成率."""

    def gap(share: AllocationStatus) -> Decimal:
        pace = pace_ratio(share.expected, share.target) or Decimal(0)
        return (share.percent or Decimal(0)) - pace

    late = (Status.BEHIND, Status.OVERDUE)
    behind = [
        a
        for a in report.allocations
        if a.status in late and a.unit is not None and a.percent is not None
    ]
    return sorted(behind, key=gap)[:shown]


def overdue_items(report: StatusReport) -> list[tuple[int, str, object, str]]:
    """(row, what, due date, who) for every overdue share, one-off item and missed month."""
    items: list[tuple[int, str, object, str]] = []
    for a in report.allocations:
        if a.status == Status.OVERDUE:
            items.append((a.task, f"{a.title}：完成{fmt(a.actual)}，目标{fmt(a.target, unknown='未定')}{a.measure}",
                          a.deadline, a.unit or "未写明单位"))  # fmt: skip
    for m in report.milestones:
        if m.status == Status.OVERDUE:
            what = f"{m.unit}与{m.partner}结对" if m.partner else m.name
            items.append((m.task, what, m.due, "、".join(m.units) or (m.unit or "")))
    for duty in report.monthly:
        if duty.status == Status.MISSING:
            items.append((duty.task, f"{int(duty.month[5:])}月{duty.name}未报", duty.due,
                          "、".join(duty.units)))  # fmt: skip
    for activity in report.activities:  # rows without figures not closed by their deadline
        if activity.status == Status.OVERDUE:
            items.append((activity.task, f"{activity.title}：尚未办结（记录{activity.count}次）",
                          activity.deadline, "、".join(activity.leads)))  # fmt: skip
    return items


def activity_block(sheet: Sheet, row: int, report: StatusReport) -> tuple[int, list[int]]:
    """五、无数字目标的任务: each row's status in words and colour, lead units, last record;
    returns the next row and the rows whose lead units span merged cells."""
    merged = []
    row = block_heading(sheet, row, "五、无数字目标的任务")
    sheet.header(row, ["序号", "任务", "状态", "牵头单位", None, None, "最近记录", "活动次数"])
    for activity in report.activities:
        if activity.status is None:
            continue
        row += 1
        sheet.put(row, 1, activity.task, align="center")
        sheet.put(row, 2, activity.title)
        sheet.put(row, 3, STATUS_LABELS[activity.status], fill=FILLS.get(activity.status),
                  align="center")  # fmt: skip
        for column in (4, 5, 6):
            sheet.put(row, column, None)
        sheet.put(row, 4, "、".join(activity.leads), shown="")
        sheet.ws.merge_cells(start_row=row, start_column=4, end_row=row, end_column=6)
        merged.append(row)
        last = activity.closed_on or (activity.last.date if activity.last else None)
        if last is None:
            sheet.put(row, 7, "—", align="center")
        else:
            sheet.put(row, 7, last, shown="2023-09-30", number_format=DATE)
        sheet.put(row, 8, activity.count, align="right")
    return row, merged
