"""The Excel workbook for superiors: the 分工表 with its figures, the overview, charts, the log.

``build_workbook`` turns a ``StatusReport`` (and the book, for the table's text and the
entries) into an openpyxl workbook; every figure in it is a figure of that report, so the
workbook says exactly what ``minning status --as-of D --format json`` says. Cells hold
numbers, not text: amounts keep up to two decimals through the number format (``25.5万元``),
percentages are Excel percentages (36.4% is 0.364). ``save_workbook`` writes it to a
temporary file beside the target and renames it over, so a reader never finds half a
workbook, and refuses to write over the ledger or into ``progress/``.

Layout choices, made after printing it through LibreOffice: long text wraps in fixed-width
columns with row heights computed from the text (a CJK character counts as two columns),
short columns fit their widest cell; every sheet prints landscape, fitted to the page
width, with its title and header rows repeated on every page.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from ..figures.compute import log_rows
from ..figures.report import row_status
from ..figures.status import (
    STATUS_LABELS,
    AllocationStatus,
    MilestoneStatus,
    MonthlyStatus,
    StatusReport,
)
from ..ledger.book import Book
from ..ledger.model import KIND_LABELS, KIND_NAMES, ONGOING, Ledger, Task
from ..ledger.names import Registry
from ..text.amounts import fmt

SHEETS = ("分工表", "单位完成情况", "完成情况图", "进展记录")
CHART_ROWS = (4, 5)
CREATOR = "minning"
FONT = "宋体"
PERCENT = "0.0%"
DATE = "yyyy-mm-dd"
LINE_POINTS = 14.0  # one line of 10-point CJK text, with leading
CHART_ROW_POINTS = 21.0  # rows beside a chart: tall enough for one bar pair per unit
CM_PER_POINT = 2.54 / 72
CJK_DRAWN = 1.8  # widths a 10-point CJK character takes when drawn
GROUP_ORDER = ("department", "subdistrict", "cooperative", "company")
UNASSIGNED = "未分配（原表未写明单位）"

_THIN = Side(style="thin", color="808080")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
OPEN_BELOW = Border(left=_THIN, right=_THIN, top=_THIN)  # a row with its breakdown below
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
ROW_FILL = PatternFill("solid", fgColor="F2F2F2")
FILLS = {
    code: PatternFill("solid", fgColor=colour)
    for code, colour in {
        "done": "C6EFCE", "on_time": "C6EFCE", "on_track": "DDEBF7", "behind": "FFEB9C",
        "late": "FFEB9C", "overdue": "FFC7CE", "missing": "FFC7CE",
    }.items()
}  # fmt: skip
ACTIVE, NO_ACTIVITY = "已开展", "暂无记录"


# ---------------------------------------------------------------- cells and sizes


def display_width(text: str) -> int:
    """Columns a text takes: a CJK (wide or full-width) character counts as two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def line_count(text: str, width: float) -> int:
    """Lines a text wraps to in a column ``width`` wide (the cell's padding taken off).

    Column widths count a CJK character as two, which leaves room to spare; wrapping is
    estimated closer, as 10-point CJK text is drawn about 1.8 widths a character (measured
    in LibreOffice; Excel with 宋体 draws it about the same), so rows are not left half empty.
    """
    usable = max(width - 2, 1.0)
    return sum(
        max(1, math.ceil(display_width(part) * CJK_DRAWN / 2 / usable)) for part in text.split("\n")
    )


def number(value: Decimal) -> int | Decimal:
    """A figure as a cell value: an int when whole, else the exact decimal without exponent."""
    return int(value) if value == value.to_integral_value() else Decimal(fmt(value))


def number_format(value: Decimal, suffix: str = "") -> str:
    """Up to two decimals, as many as the figure has: 0, 0.0 or 0.00, with ``"万元"`` after."""
    exponent = value.normalize().as_tuple().exponent
    decimals = min(max(-exponent, 0), 2) if isinstance(exponent, int) else 0
    code = "0." + "0" * decimals if decimals else "0"
    return code + (f'"{suffix}"' if suffix else "")


def ratio(percent: Decimal) -> Decimal:
    """The report's percentage (36.4) as an Excel percentage (0.364)."""
    return Decimal(fmt(percent / 100))


@dataclass
class Sheet:
    """A worksheet being filled: cells with one look, and what the sizes must fit."""

    ws: Worksheet
    wrapped: dict[int, float]  # column → fixed width for columns whose text wraps
    widths: dict[int, int] = field(default_factory=dict)
    lines: dict[int, int] = field(default_factory=dict)

    def put(
        self,
        row: int,
        column: int,
        value: Any,
        *,
        shown: str | None = None,
        number_format: str | None = None,
        bold: bool = False,
        fill: PatternFill | None = None,
        align: str | None = None,
        grey: bool = False,
        strike: bool = False,
    ) -> Cell:
        """Write one bordered cell and note the room its text needs."""
        cell: Cell = self.ws.cell(row=row, column=column, value=value)
        wrap = column in self.wrapped
        cell.font = Font(name=FONT, size=10, bold=bold, strike=strike,
                         color="808080" if grey else None)  # fmt: skip
        cell.border = BORDER
        cell.alignment = Alignment(
            wrap_text=wrap, vertical="center" if not wrap else "top", horizontal=align
        )
        if number_format:
            cell.number_format = number_format
        if fill is not None:
            cell.fill = fill
        text = shown if shown is not None else ("" if value is None else str(value))
        if wrap:
            self.lines[row] = max(self.lines.get(row, 1), line_count(text, self.wrapped[column]))
        else:
            widest = max((display_width(part) for part in text.split("\n")), default=0)
            self.widths[column] = max(self.widths.get(column, 0), widest)
            self.lines[row] = max(self.lines.get(row, 1), text.count("\n") + 1)
        return cell

    def figure(
        self, row: int, column: int, value: Decimal | None, suffix: str = "", **style: Any
    ) -> Cell:
        """A figure with its measure in the format (25.5万元); blank when unknown."""
        if value is None:
            return self.put(row, column, None, **style)
        shown = fmt(value) + suffix
        return self.put(row, column, number(value), shown=shown,
                        number_format=number_format(value, suffix), align="right", **style)  # fmt: skip

    def percent(self, row: int, column: int, value: Decimal | None, **style: Any) -> Cell:
        """A percentage as an Excel percentage; blank without a target."""
        if value is None:
            return self.put(row, column, None, **style)
        return self.put(row, column, ratio(value), shown=f"{value:.1f}%",
                        number_format=PERCENT, align="right", **style)  # fmt: skip

    def title(self, text: str, columns: int) -> None:
        """The sheet's title in row 1, across its columns."""
        cell = self.ws.cell(row=1, column=1, value=text)
        cell.font = Font(name=FONT, size=14, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
        self.ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
        self.ws.row_dimensions[1].height = 26

    def note(self, row: int, text: str, columns: int) -> None:
        """A line of explanation under a table, across its columns."""
        cell = self.ws.cell(row=row, column=1, value=text)
        cell.font = Font(name=FONT, size=10)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        self.ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
        width = sum(self.width(c) for c in range(1, columns + 1))
        self.ws.row_dimensions[row].height = line_count(text, width) * LINE_POINTS + 4

    def header(self, row: int, labels: Sequence[str | None], *, fit: bool = True) -> None:
        """A header row: bold, shaded, centred; None leaves a merged cell's continuation.

        ``fit=False`` for labels spanning merged columns: their width is not one column's.
        """
        for column, label in enumerate(labels, 1):
            shown = None if fit else ""
            cell = self.put(row, column, label, shown=shown, bold=True, fill=HEADER_FILL)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def width(self, column: int) -> float:
        """The width a column gets: fixed when it wraps, else its widest text plus padding."""
        if column in self.wrapped:
            return self.wrapped[column]
        return min(max(self.widths.get(column, 0) + 2.5, 6), 60)

    def finish(self, header_rows: int, freeze: str) -> None:
        """Column widths, row heights, frozen headers and the print setup."""
        ws = self.ws
        for column in range(1, ws.max_column + 1):
            ws.column_dimensions[get_column_letter(column)].width = self.width(column)
        for row, count in self.lines.items():
            if ws.row_dimensions[row].height is None:
                ws.row_dimensions[row].height = count * LINE_POINTS + 4
        ws.freeze_panes = freeze
        print_setup(ws, header_rows)


def print_setup(ws: Worksheet, header_rows: int) -> None:
    """Landscape A4, fitted to the page width, title and headers repeated on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages as the rows need
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = f"1:{header_rows}"
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def as_of_text(day: dt.date) -> str:
    """（截至2023年6月30日）."""
    return f"（截至{day.year}年{day.month}月{day.day}日）"


# ---------------------------------------------------------------- 分工表


def _deadline_text(task: Task) -> str:
    if task.deadline == ONGOING:
        return "持续推进"
    # Row 2's "10月底前（选派）；12月底前（生活补助）": one part a line, the reading below it.
    text = task.deadline_text or str(task.deadline)
    return text.replace("；", "\n").replace("（", "\n（")


def _done_text(day: dt.date | None, count: int = 1) -> str:
    if day is None:
        return ""
    return f"{day}" + (f"（{count}次）" if count > 1 else "")


def _milestone_row_status(milestones: Sequence[MilestoneStatus]) -> str:
    required = [m for m in milestones if not m.optional] or list(milestones)
    if all(m.done for m in required):
        return "done"
    return "overdue" if any(m.status == "overdue" for m in required) else "pending"


def _monthly_row_status(months: Sequence[MonthlyStatus]) -> str:
    codes = {m.status for m in months}
    for code in ("missing", "late", "on_time"):
        if code in codes:
            return code
    return "pending"


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
    for task in ledger.tasks:
        row = _task_rows(sheet, row, task, book, report)
    for column in (1, 2, 3):
        ws.cell(row=row - 1, column=column).border = BORDER
    sheet.finish(header_rows=2, freeze="A3")


def _task_rows(sheet: Sheet, row: int, task: Task, book: Book, report: StatusReport) -> int:
    """A row of the table and its lines of breakdown; returns the next free row."""
    main = row
    texts = [task.no, task.title, task.city_text or "/", task.measure_text,
             "、".join(task.leads), _deadline_text(task)]  # fmt: skip
    for column, value in enumerate(texts, 1):
        cell = sheet.put(main, column, value, bold=column == 2, fill=ROW_FILL,
                         align="center" if column == 1 else None)  # fmt: skip
        if column <= 3:
            cell.border = OPEN_BELOW
    total = next(t for t in report.tasks if t.no == task.no)
    shares = [a for a in report.allocations if a.task == task.no]
    milestones = [m for m in report.milestones if m.task == task.no]
    months = [m for m in report.monthly if m.task == task.no]
    activity = next((a for a in report.activities if a.task == task.no), None)
    status: str | None = None
    if total.actual is not None and total.measure is not None:
        measure = total.measure
        sheet.figure(main, 7, total.target, measure, fill=ROW_FILL)
        sheet.figure(main, 8, total.actual, measure, fill=ROW_FILL)
        sheet.percent(main, 9, total.percent, fill=ROW_FILL)
        pacing = row_status(report, task.no)
        status = pacing[1] if pacing else None
    elif milestones:
        sheet.figure(main, 7, Decimal(len(milestones)), "项" if not task.pairings else "对",
                     fill=ROW_FILL)  # fmt: skip
        done = Decimal(sum(1 for m in milestones if m.done))
        sheet.figure(main, 8, done, "项" if not task.pairings else "对", fill=ROW_FILL)
        sheet.put(main, 9, None, fill=ROW_FILL)
        status = _milestone_row_status(milestones)
    elif months:
        due = Decimal(sum(1 for m in months if m.status != "pending"))
        done = Decimal(sum(1 for m in months if m.status in ("on_time", "late")))
        sheet.figure(main, 7, due, "个月", fill=ROW_FILL)
        sheet.figure(main, 8, done, "个月", fill=ROW_FILL)
        sheet.put(main, 9, None, fill=ROW_FILL)
        status = _monthly_row_status(months)
    else:
        sheet.put(main, 7, None, fill=ROW_FILL)
        count = Decimal(activity.count if activity else 0)
        sheet.figure(main, 8, count, "条", fill=ROW_FILL)
        sheet.put(main, 9, None, fill=ROW_FILL)
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
        sheet.percent(row - 1, 9, share.percent)
        sheet.put(row - 1, 10, STATUS_LABELS[share.status], fill=FILLS.get(share.status),
                  align="center")  # fmt: skip
    for gap in (u for u in report.unallocated if u.task == task.no):
        # A share the table names no unit for (row 2's 社工人才) already has its line.
        unnamed = _unnamed(report, task.no)
        if gap.remainder - unnamed <= 0:
            continue
        what = f"尚未分解到单位（已分解{fmt(gap.allocated)}{gap.measure}）"
        row = _line(sheet, row, what, "—")
        sheet.figure(row - 1, 7, gap.remainder - unnamed, gap.measure)
        for column in (8, 9, 10):
            sheet.put(row - 1, column, None)
    for milestone in milestones:
        optional = "（自选）" if milestone.optional else ""
        who = milestone.unit or "、".join(task.leads)
        row = _line(sheet, row, f"{milestone.name}{optional}", who, milestone.due)
        _status_cells(sheet, row - 1, milestone.done_on, 1, milestone.status)
    for month in months:
        row = _line(sheet, row, f"{int(month.month[5:])}月{month.name}", "", month.due)
        _status_cells(sheet, row - 1, month.done_on, month.count, month.status)
    if activity is not None and activity.last is not None:
        total_text = (
            f"（累计{fmt(activity.total)}{task.activity_measure or ''}）"
            if activity.total is not None
            else ""
        )
        row = _line(
            sheet, row, f"最近：{activity.last.note or ''}{total_text}", activity.unit or ""
        )
        _status_cells(sheet, row - 1, activity.last.date, 1, None)
    return row


def _unnamed(report: StatusReport, task: int) -> Decimal:
    """The targets of a row's shares that name no unit."""
    unnamed = (a.target for a in report.allocations if a.task == task and a.unit is None)
    return sum((t for t in unnamed if t is not None), Decimal(0))


def _line(sheet: Sheet, row: int, text: str, unit: str, due: dt.date | None = None) -> int:
    """The left part of a line of breakdown: what, who, by when."""
    for column in (1, 2, 3):
        # No rule between a row and its breakdown: 序号 and the task read as one block.
        sheet.put(row, column, None).border = Border(left=_THIN, right=_THIN)
    sheet.put(row, 4, text)
    sheet.put(row, 5, unit)
    sheet.put(row, 6, str(due) if due else None)
    return row + 1


def _status_cells(
    sheet: Sheet, row: int, done_on: dt.date | None, count: int, status: str | None
) -> None:
    sheet.put(row, 7, None)
    sheet.put(row, 8, _done_text(done_on, count), align="right")
    sheet.put(row, 9, None)
    label = STATUS_LABELS[status] if status else ""
    sheet.put(row, 10, label, fill=FILLS.get(status or ""), align="center")


# ---------------------------------------------------------------- 单位完成情况


def figure_rows(report: StatusReport) -> list[int]:
    """The rows with figures (2–5), in the table's order."""
    return list(dict.fromkeys(a.task for a in report.allocations))


def overview_units(report: StatusReport, ledger: Ledger) -> list[tuple[str, str | None]]:
    """(group label, unit) for every unit with a share or a pairing, in the ledger's order."""
    named = {a.unit for a in report.allocations} | {
        m.unit for m in report.milestones if m.partner is not None
    }
    rows: list[tuple[str, str | None]] = []
    for kind in GROUP_ORDER:
        label = "十街镇" if kind == "subdistrict" else KIND_LABELS[kind]
        rows += [(label, u.name) for u in ledger.units if u.kind == kind and u.name in named]
    rows += [("单位组（共同承担）", g.name) for g in ledger.groups if g.name in named]
    if None in {a.unit for a in report.allocations}:
        rows.append(("未分配", None))
    return rows


def overview_sheet(ws: Worksheet, book: Book, report: StatusReport) -> None:
    """A row per unit, 目标/完成/完成率 per figure row, the pairing, and the district totals."""
    ledger = book.ledger
    rows = figure_rows(report)
    last = 2 + 3 * len(rows) + 1
    sheet = Sheet(ws, wrapped={})
    sheet.title(f"各单位完成情况{as_of_text(report.as_of)}", last)
    tops: list[str | None] = ["分组", "单位"]
    for no in rows:
        share = next(a for a in report.allocations if a.task == no)
        tops += [f"{no} {share.indicator}（{share.measure}）", None, None]
    sheet.header(2, [*tops, "结对"], fit=False)
    sheet.header(3, [None, None, *(["目标", "完成", "完成率"] * len(rows)), None])
    for column in (1, 2, last):
        ws.merge_cells(start_row=2, start_column=column, end_row=3, end_column=column)
    for index in range(len(rows)):
        ws.merge_cells(start_row=2, start_column=3 + 3 * index, end_row=2,
                       end_column=5 + 3 * index)  # fmt: skip
    by_key = {(a.unit, a.task): a for a in report.allocations}
    pairings = {m.unit: m for m in report.milestones if m.partner is not None}
    row = 4
    for group, unit in overview_units(report, ledger):
        sheet.put(row, 1, group)
        sheet.put(row, 2, unit or UNASSIGNED)
        for index, no in enumerate(rows):
            _share_cells(sheet, row, 3 + 3 * index, by_key.get((unit, no)))
        pairing = pairings.get(unit) if unit else None
        sheet.put(row, last, _pairing_text(pairing), fill=FILLS.get(pairing.status)
                  if pairing else None, align="center")  # fmt: skip
        row += 1
    sheet.put(row, 1, "", bold=True)
    sheet.put(row, 2, "全区合计", bold=True)
    for index, no in enumerate(rows):
        total = next(t for t in report.tasks if t.no == no)
        column = 3 + 3 * index
        sheet.figure(row, column, total.target, bold=True)
        sheet.figure(row, column + 1, total.actual, bold=True)
        pacing = row_status(report, no)
        fill = FILLS.get(pacing[1]) if pacing else None
        sheet.percent(row, column + 2, total.percent, bold=True, fill=fill)
    done = sum(1 for m in pairings.values() if m.done)
    sheet.put(row, last, f"{done}/{len(pairings)}", bold=True, align="center")
    sheet.finish(header_rows=3, freeze="C4")
    notes = gap_notes(report)
    notes.append(
        "完成率底色：绿色为已完成，蓝色为进度正常，黄色为滞后于时序进度，红色为逾期；"
        "“全区合计”的目标为全区目标（含未分解部分）。"
    )
    for offset, text in enumerate(notes, 2):
        sheet.note(row + offset, text, last)


def gap_notes(report: StatusReport) -> list[str]:
    """What each row leaves unallocated (row 4: 2500万元 for 定有福's agreement)."""
    notes = []
    for gap in report.unallocated:
        # A share the table names no unit for (row 2's 社工人才) has its own 未分配 line.
        remainder = gap.remainder - _unnamed(report, gap.task)
        if remainder <= 0:
            continue
        named = [p for p in gap.pending if not p.startswith("未写明单位")]
        why = f"（{'；'.join(named)}）" if named else ""
        notes.append(
            f"注：{gap.task} {gap.indicator}目标{fmt(gap.target)}{gap.measure}，已分解到单位"
            f"{fmt(gap.allocated)}{gap.measure}，尚有{fmt(remainder)}{gap.measure}未分解{why}。"
        )
    return notes


def _share_cells(sheet: Sheet, row: int, column: int, share: AllocationStatus | None) -> None:
    if share is None:
        for offset in range(3):
            sheet.put(row, column + offset, None)
        return
    if share.target is None:
        sheet.put(row, column, "未定", align="right")
    else:
        sheet.figure(row, column, share.target)
    sheet.figure(row, column + 1, share.actual)
    sheet.percent(row, column + 2, share.percent, fill=FILLS.get(share.status))


def _pairing_text(pairing: MilestoneStatus | None) -> str:
    if pairing is None:
        return ""
    if pairing.done_on is not None:
        return f"已结对 {pairing.done_on}"
    return STATUS_LABELS[pairing.status]


# ---------------------------------------------------------------- charts


def chart_sheet(ws: Worksheet, report: StatusReport) -> None:
    """For rows 4 and 5: each unit's target and actual, as a table and a bar chart beside it."""
    sheet = Sheet(ws, wrapped={})
    sheet.title(f"消费帮扶、招商引资各单位完成情况{as_of_text(report.as_of)}", 4)
    row = 2
    for no in CHART_ROWS:
        shares = [a for a in report.allocations if a.task == no]
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


# ---------------------------------------------------------------- 进展记录


def log_sheet(ws: Worksheet, book: Book, as_of: dt.date) -> None:
    """Every entry dated up to the day, oldest first; a voided one struck through, with why."""
    ledger = book.ledger
    measures = {t.no: _measure(t) for t in ledger.tasks}
    headers = ["编号", "日期", "单位", "任务", "类型", "数额", "计量", "备注", "来源", "记录人",
               "记录时间", "作废"]  # fmt: skip
    sheet = Sheet(ws, wrapped={3: 16, 8: 40, 12: 24})
    sheet.title(f"进展记录{as_of_text(as_of)}", len(headers))
    sheet.header(2, headers)
    row = 3
    for entry in log_rows(book, until=as_of):
        voided = bool(entry["voided"])
        style: dict[str, Any] = {"grey": voided, "strike": voided}
        amount: Decimal | None = entry["amount"]
        values = [entry["id"], None, entry["unit"], f"{entry['task']} {entry['task_title']}",
                  KIND_NAMES[entry["kind"]]]  # fmt: skip
        for column, value in enumerate(values, 1):
            sheet.put(row, column, value, **style)
        sheet.put(row, 2, entry["date"], shown=str(entry["date"]), number_format=DATE, **style)
        sheet.figure(row, 6, amount, **style)
        sheet.put(row, 7, measures[entry["task"]] if amount is not None else None, **style)
        sheet.put(row, 8, entry["note"], **style)
        sheet.put(row, 9, entry["source"], **style)
        sheet.put(row, 10, entry["by"], **style)
        sheet.put(row, 11, entry["recorded_at"][:16].replace("T", " "), **style)
        reason = f"已作废：{entry['void_reason']}" if voided else ""
        sheet.put(row, 12, reason, fill=FILLS["overdue"] if voided else None)
        row += 1
    if row == 3:
        sheet.note(3, "（还没有任何进展记录）", len(headers))
    sheet.finish(header_rows=2, freeze="A3")


def _measure(task: Task) -> str:
    if task.indicators:
        return task.indicators[0].measure
    if task.monthly is not None:
        return "篇" if task.monthly.due_day == "last" else "次"
    return task.activity_measure or "个"


# ---------------------------------------------------------------- the workbook


def build_workbook(book: Book, report: StatusReport) -> Workbook:
    """The four sheets, every figure taken from ``report``."""
    workbook = Workbook()
    workbook.properties.creator = CREATOR
    workbook.properties.title = f"{book.ledger.ledger.title} 完成情况{as_of_text(report.as_of)}"
    first = workbook.active
    assert first is not None  # a new workbook has one sheet
    first.title = SHEETS[0]
    task_sheet(first, book, report)
    overview_sheet(workbook.create_sheet(SHEETS[1]), book, report)
    chart_sheet(workbook.create_sheet(SHEETS[2]), report)
    log_sheet(workbook.create_sheet(SHEETS[3]), book, report.as_of)
    return workbook
