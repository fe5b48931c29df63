"""The 单位完成情况 sheet: a row per unit, 目标/完成/完成率/状态 per figure row, the totals.

完成率 and the district's 完成 are formulas over the unit cells, so an edit recomputes them;
status is a word and a colour (black-and-white print keeps the word); the list has an
autofilter; the sheet prints on one landscape page (the real table's 36 units fit).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ...figures.report import row_status
from ...figures.status import AllocationStatus, MilestoneStatus, StatusReport
from ...ledger.book import Book
from ...ledger.model import Ledger
from ...text.amounts import fmt
from ..labels import STATUS_LABELS, UNIT_KIND_LABELS
from .sheet import FILLS, PERCENT, UNASSIGNED, Sheet, as_of_text, number_format
from .summary import THRESHOLDS
from .tasks import unnamed_target

WIDTH = 4  # columns per figure row: 目标, 完成, 完成率, 状态

GROUP_ORDER = ("department", "subdistrict", "cooperative", "company")


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
        label = "十街镇" if kind == "subdistrict" else UNIT_KIND_LABELS[kind]
        rows += [(label, u.name) for u in ledger.units if u.kind == kind and u.name in named]
    rows += [("单位组（共同承担）", g.name) for g in ledger.groups if g.name in named]
    if None in {a.unit for a in report.allocations}:
        rows.append(("未分配", None))
    return rows


def overview_sheet(ws: Worksheet, book: Book, report: StatusReport) -> None:
    """A row per unit, 目标/完成/完成率 per figure row, the pairing, and the district totals."""
    ledger = book.ledger
    rows = figure_rows(report)
    last = 2 + WIDTH * len(rows) + 1
    sheet = Sheet(ws, wrapped={})
    sheet.title(f"各单位完成情况{as_of_text(report.as_of)}", last)
    tops: list[str | None] = ["分组", "单位"]
    for no in rows:
        share = next(a for a in report.allocations if a.task == no)
        tops += [f"{no} {share.title}（{share.measure}）", None, None, None]
    sheet.header(2, [*tops, "结对"], fit=False)
    sheet.header(3, [None, None, *(["目标", "完成", "完成率", "状态"] * len(rows)), None])
    for column in (1, 2, last):
        ws.merge_cells(start_row=2, start_column=column, end_row=3, end_column=column)
    for index in range(len(rows)):
        ws.merge_cells(start_row=2, start_column=3 + WIDTH * index, end_row=2,
                       end_column=2 + WIDTH * (index + 1))  # fmt: skip
    by_key = {(a.unit, a.task): a for a in report.allocations}
    pairings = {m.unit: m for m in report.milestones if m.partner is not None}
    row = 4
    for group, unit in overview_units(report, ledger):
        sheet.put(row, 1, group)
        sheet.put(row, 2, unit or UNASSIGNED)
        for index, no in enumerate(rows):
            _share_cells(sheet, row, 3 + WIDTH * index, by_key.get((unit, no)))
        pairing = pairings.get(unit) if unit else None
        sheet.put(row, last, _pairing_text(pairing), fill=FILLS.get(pairing.status)
                  if pairing else None, align="center")  # fmt: skip
        row += 1
    ws.auto_filter.ref = f"A3:{get_column_letter(last)}{row - 1}"
    sheet.put(row, 1, "", bold=True)
    sheet.put(row, 2, "全区合计", bold=True)
    for index, no in enumerate(rows):
        total = next(t for t in report.tasks if t.no == no)
        column = 3 + WIDTH * index
        sheet.figure(row, column, total.target, bold=True)
        done = get_column_letter(column + 1)
        sheet.formula(row, column + 1, f"=SUM({done}4:{done}{row - 1})", shown=fmt(total.actual),
                      number_format=number_format(total.actual or Decimal(0)), bold=True)  # fmt: skip
        _rate(sheet, row, column, f"{total.percent}%", bold=True)
        pacing = row_status(report, no)
        status = pacing[1] if pacing else None
        sheet.put(row, column + 3, STATUS_LABELS.get(status or "", ""), bold=True,
                  fill=FILLS.get(status or ""), align="center")  # fmt: skip
    done = sum(1 for m in pairings.values() if m.done)
    sheet.put(row, last, f"{done}/{len(pairings)}", bold=True, align="center")
    sheet.finish(header_rows=3, freeze="C4", one_page=True)
    notes = gap_notes(report)
    notes.append(THRESHOLDS + "“全区合计”的目标为全区目标（含未分解部分），完成为各单位之和。")
    for offset, text in enumerate(notes, 2):
        sheet.note(row + offset, text, last)


def gap_notes(report: StatusReport) -> list[str]:
    """What each row leaves unallocated (row 4: 2500万元 for 定有福's agreement)."""
    notes = []
    for gap in report.unallocated:
        # A share the table names no unit for (row 2's 社工人才) has its own 未分配 line.
        remainder = gap.remainder - unnamed_target(report, gap.task)
        if remainder <= 0:
            continue
        named = [p for p in gap.pending if not p.startswith("未写明单位")]
        why = f"（{'；'.join(named)}）" if named else ""
        notes.append(
            f"注：{gap.task} {gap.indicator}目标{fmt(gap.target)}{gap.measure}，已分解到单位"
            f"{fmt(gap.allocated)}{gap.measure}，尚有{fmt(remainder)}{gap.measure}未分解{why}。"
        )
    return notes


def _rate(sheet: Sheet, row: int, column: int, shown: str, **style: Any) -> None:
    """完成率 as a formula over the 目标 and 完成 cells to its left."""
    target, done = get_column_letter(column), get_column_letter(column + 1)
    sheet.formula(row, column + 2, f'=IF(N({target}{row})>0,{done}{row}/{target}{row},"")',
                  shown=shown, number_format=PERCENT, **style)  # fmt: skip


def _share_cells(sheet: Sheet, row: int, column: int, share: AllocationStatus | None) -> None:
    if share is None:
        for offset in range(WIDTH):
            sheet.put(row, column + offset, None)
        return
    if share.target is None:
        sheet.put(row, column, "未定", align="right")
    else:
        sheet.figure(row, column, share.target)
    sheet.figure(row, column + 1, share.actual)
    _rate(sheet, row, column, f"{share.percent}%")
    sheet.put(row, column + 3, STATUS_LABELS[share.status], fill=FILLS.get(share.status),
              align="center")  # fmt: skip


def _pairing_text(pairing: MilestoneStatus | None) -> str:
    if pairing is None:
        return ""
    if pairing.done_on is not None:
        return f"已结对 {pairing.done_on}"
    return STATUS_LABELS[pairing.status]
