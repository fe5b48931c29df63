"""The 分工表 sheet: the table as sent, with its figures and its breakdown under each row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from ...figures.report import row_status
from ...figures.status import (
    AllocationStatus,
    MilestoneStatus,
    MonthlyStatus,
    StatusReport,
    TermStatus,
)
from ...ledger.book import Book
from ...ledger.model import Task
from ...ledger.names import Registry
from ...ledger.pacing import months_status, one_offs_status
from ...ledger.status import Status
from ...text.amounts import fmt
from ..labels import STATUS_LABELS, TERM_FLAG_LABELS
from .pages import keep_blocks
from .sheet import BORDER, DATE, FILLS, FONT, PERCENT, THIN, UNASSIGNED, Sheet, as_of_text

OPEN_BELOW = Border(left=THIN, right=THIN, top=THIN)  # a row with its breakdown below
ROW_FILL = PatternFill("solid", fgColor="F2F2F2")
ACTIVE, NO_ACTIVITY = "已开展", "暂无记录"


def _deadline_cell(sheet: Sheet, row: int, task: Task) -> None:
    """完成时限 as a real date (yyyy-mm-dd, the one format of the column); 持续推进 as words.

    Row 2's second deadline (生活补助, 12月底前) is its item's line below the row.
    """
    if not isinstance(task.deadline, dt.date):
        sheet.put(row, 6, "持续推进", fill=ROW_FILL)
        return
    sheet.put(row, 6, task.deadline, shown="2023-12-31", number_format=DATE, fill=ROW_FILL)


def _done_text(day: dt.date | None, count: int = 1, measure: str = "次") -> str:
    if day is None:
        return ""
    return f"{day}" + (f"（{count}{measure}）" if count > 1 else "")


def _milestone_row_status(milestones: Sequence[MilestoneStatus]) -> str:
    return one_offs_status([(m.optional, m.done, m.status) for m in milestones])


def _monthly_row_status(months: Sequence[MonthlyStatus]) -> str:
    return months_status(m.status for m in months)


def _share_note(task: Task, share: AllocationStatus, registry: Registry) -> str:
    """What the table says about a share: 十街镇各320万元，统计各自辖区单位."""
    for indicator in (i for i in task.indicators if i.name == share.indicator):
        for allocation in indicator.allocations:
            name = registry.canonical_name(allocation.unit) if allocation.unit else None
            remark = allocation.target_text or allocation.note or ""
            if allocation.share == "each" and name and share.unit in registry.members(name):
                each = f"{allocation.unit}各{fmt(allocation.target, unknown='?')}{share.measure}"
                return "，".join(filter(None, (each, remark)))
            if name == share.unit:
                return remark
    return ""


def task_sheet(ws: Worksheet, book: Book, report: StatusReport) -> None:
    """The table as sent, plus 目标, 完成, 完成率, 状态, and its breakdown under each row."""
    ledger = book.ledger
    sheet = Sheet(ws, wrapped={2: 9, 3: 40, 4: 40, 5: 20, 6: 13})
    sheet.title(f"{ledger.ledger.title} 完成情况{as_of_text(report.as_of)}", 10)
    sheet.header(2, ["序号", "省、市下达任务", None, "落实工作措施", "牵头单位", "完成时限",
                     "目标", "完成", "完成率", "状态"])  # fmt: skip
    ws.merge_cells("B2:C2")
    row = 3
    blocks = []
    for task in ledger.tasks:
        start = row
        row = _task_rows(sheet, row, task, book, report)
        blocks.append((start, row - 1))
        for line in range(start + 1, row):  # the 序号 on every line, in grey: a page break
            number = ws.cell(row=line, column=1, value=task.no)  # inside a block keeps it
            number.font = Font(name=FONT, size=9, color="808080")
            number.alignment = Alignment(horizontal="center", vertical="top")
    for column in (1, 2, 3):
        ws.cell(row=row - 1, column=column).border = BORDER
    sheet.finish(header_rows=2, freeze="A3")
    keep_blocks(sheet, blocks, repeated=(1, 2))


def _task_rows(sheet: Sheet, row: int, task: Task, book: Book, report: StatusReport) -> int:
    """A row of the table and its lines of breakdown; returns the next free row."""
    main = row
    texts = [task.no, task.title, task.city_text or "/", task.measure_text,
             "、".join(task.leads)]  # fmt: skip
    for column, value in enumerate(texts, 1):
        cell = sheet.put(main, column, value, bold=column == 2, fill=ROW_FILL,
                         align="center" if column == 1 else None)  # fmt: skip
        if column <= 3:
            cell.border = OPEN_BELOW
    _deadline_cell(sheet, main, task)
    standing = report.row(task.no)
    total, shares = standing.total, standing.allocations
    milestones, months, activity = standing.milestones, standing.monthly, standing.activity
    status: str | None = None
    if total.actual is not None and total.measure is not None:
        measure = total.measure
        sheet.figure(main, 7, total.target, measure, fill=ROW_FILL)
        sheet.figure(main, 8, total.actual, measure, fill=ROW_FILL)
        _rate(sheet, main, total.percent, fill=ROW_FILL)
        if total.pace_deadline is not None:  # row 2: paced to its dispatch deadline
            sheet.put(main, 6, total.pace_deadline, shown="2023-12-31", number_format=DATE,
                      fill=ROW_FILL)  # fmt: skip
        pacing = row_status(report, task.no)
        status = pacing[1] if pacing else None
    elif milestones:
        counted = "对" if any(m.partner is not None for m in milestones) else "项"  # pairings
        sheet.figure(main, 7, Decimal(len(milestones)), counted, fill=ROW_FILL)
        done = Decimal(sum(1 for m in milestones if m.done))
        sheet.figure(main, 8, done, counted, fill=ROW_FILL)
        sheet.put(main, 9, None, fill=ROW_FILL)
        status = _milestone_row_status(milestones)
    elif months:
        due = Decimal(sum(1 for m in months if m.status != "pending"))
        done = Decimal(sum(1 for m in months if m.status in (Status.ON_TIME, Status.LATE)))
        sheet.figure(main, 7, due, "个月", fill=ROW_FILL)
        sheet.figure(main, 8, done, "个月", fill=ROW_FILL)
        sheet.put(main, 9, None, fill=ROW_FILL)
        status = _monthly_row_status(months)
    else:
        sheet.put(main, 7, None, fill=ROW_FILL)
        count = Decimal(activity.count if activity else 0)
        sheet.figure(main, 8, count, "条", fill=ROW_FILL)
        sheet.put(main, 9, None, fill=ROW_FILL)
    if total.actual is None and activity is not None and activity.status is not None:
        status = activity.status  # a row without figures: its own standing (issue 13)
    label = STATUS_LABELS.get(status or "", "")
    if status is None:
        label = ACTIVE if activity and activity.count else NO_ACTIVITY
    sheet.put(main, 10, label, fill=FILLS.get(status or "", ROW_FILL), align="center")
    row += 1
    registry = Registry(book.ledger)
    for share in shares:
        note = _share_note(task, share, registry)
        row = _line(sheet, row, note, share.unit or UNASSIGNED)
        sheet.figure(row - 1, 7, share.target, share.measure)
        if share.target is None:
            sheet.put(row - 1, 7, "未定", align="right")
        sheet.figure(row - 1, 8, share.actual, share.measure)
        _rate(sheet, row - 1, share.percent)
        sheet.put(row - 1, 10, STATUS_LABELS[share.status], fill=FILLS.get(share.status),
                  align="center")  # fmt: skip
    for gap in (u for u in report.unallocated if u.task == task.no):
        # A share the table names no unit for (row 2's 社工人才) already has its line.
        unnamed = unnamed_target(report, task.no)
        if gap.remainder - unnamed <= 0:
            continue
        what = f"尚未分解到单位（已分解{fmt(gap.allocated)}{gap.measure}）"
        row = _line(sheet, row, what, "—")
        sheet.figure(row - 1, 7, gap.remainder - unnamed, gap.measure)
        for column in (8, 9, 10):
            sheet.put(row - 1, column, None)
    for milestone in milestones:
        optional = "（自选）" if milestone.optional else ""
        who = "、".join(milestone.units)
        row = _line(sheet, row, f"{milestone.name}{optional}", who, milestone.due)
        _status_cells(sheet, row - 1, milestone.done_on, 1, milestone.status)
    row = _term_lines(sheet, row, standing.terms)
    for month in (*months, *standing.instalments):
        text = f"{int(month.month[5:])}月{month.name}{funds_text(month)}"
        row = _line(sheet, row, text, "", month.due)
        _status_cells(sheet, row - 1, month.done_on, month.count, month.status, month.measure)
    if activity is not None and activity.last is not None:
        total_text = (
            f"（累计{fmt(activity.total)}{activity.measure or ''}）"
            if activity.total is not None
            else ""
        )
        row = _line(
            sheet, row, f"最近：{activity.last.note or ''}{total_text}", activity.unit or ""
        )
        _status_cells(sheet, row - 1, activity.last.date, 1, None)
    if activity is not None and activity.closed_on is not None and activity.closing_note:
        row = _line(sheet, row, f"办结：{activity.closing_note}", "、".join(activity.leads))
        _status_cells(sheet, row - 1, activity.closed_on, 1, Status.DONE)
    if activity is not None and activity.status == Status.QUIET:
        quiet = f"持续推进，已{activity.silent_days}天无工作记录（超过{activity.quiet_days}天）"
        row = _line(sheet, row, quiet, "、".join(activity.leads))
        _status_cells(sheet, row - 1, None, 1, Status.QUIET)
    return row


def funds_text(month: MonthlyStatus) -> str:
    """（到位560、拨付480、使用410万元，使用率73.2%）: row 11's figures for a month."""
    named = [(w, v) for w, v in (("到位", month.received), ("拨付", month.disbursed),
                                 ("使用", month.used)) if v is not None]  # fmt: skip
    if not named:
        return ""
    rate = f"，使用率{fmt(month.use_rate)}%" if month.use_rate is not None else ""
    return f"（{'、'.join(f'{w}{fmt(v)}' for w, v in named)}万元{rate}）"


def _term_lines(sheet: Sheet, row: int, terms: Sequence[TermStatus]) -> int:
    """Row 2's dispatches: persons, start, months planned, return; a flag as the status."""
    for term in terms:
        planned = f"，计划{term.months}个月" if term.months is not None else ""
        back = f"，{term.returned_on}返回" if term.returned_on is not None else ""
        # The unit in the text: its column names the unit's share line above, once.
        text = f"{term.unit}选派{fmt(term.persons)}人，{term.start}起{planned}{back}"
        row = _line(sheet, row, text, "", term.planned_end)
        for column in (7, 8, 9):  # the persons count in the unit's share above
            sheet.put(row - 1, column, None)
        months = (
            (term.term_end.year - term.start.year) * 12 + term.term_end.month - term.start.month
        )
        flags = "；".join(TERM_FLAG_LABELS[f].format(months=months) for f in term.flags)
        sheet.put(row - 1, 10, flags or f"满{months}个月", fill=FILLS.get(Status.BEHIND if flags else ""),
                  align="center")  # fmt: skip
    return row


def unnamed_target(report: StatusReport, task: int) -> Decimal:
    """The targets of a row's shares that name no unit."""
    unnamed = (a.target for a in report.allocations if a.task == task and a.unit is None)
    return sum((t for t in unnamed if t is not None), Decimal(0))


def _rate(sheet: Sheet, row: int, value: Decimal | None, **style: Any) -> None:
    """完成率 as a formula over 目标 and 完成; blank without a target."""
    if value is None:
        sheet.put(row, 9, None, **style)
        return
    sheet.formula(row, 9, f'=IF(N(G{row})>0,H{row}/G{row},"")', shown=f"{value}%",
                  number_format=PERCENT, **style)  # fmt: skip


def _line(sheet: Sheet, row: int, text: str, unit: str, due: dt.date | None = None) -> int:
    """The left part of a line of breakdown: what, who, by when."""
    for column in (1, 2, 3):
        # No rule between a row and its breakdown: 序号 and the task read as one block.
        sheet.put(row, column, None).border = Border(left=THIN, right=THIN)
    sheet.put(row, 4, text)
    sheet.put(row, 5, unit)
    if due is None:
        sheet.put(row, 6, None)
    else:
        sheet.put(row, 6, due, shown="2023-12-31", number_format=DATE)
    return row + 1


def _status_cells(
    sheet: Sheet,
    row: int,
    done_on: dt.date | None,
    count: int,
    status: str | None,
    measure: str = "次",
) -> None:
    sheet.put(row, 7, None)
    if done_on is not None and count == 1:
        sheet.put(row, 8, done_on, shown="2023-12-31", number_format=DATE, align="right")
    else:
        sheet.put(row, 8, _done_text(done_on, count, measure), align="right")
    sheet.put(row, 9, None)
    label = STATUS_LABELS[status] if status else ""
    sheet.put(row, 10, label, fill=FILLS.get(status or ""), align="center")
