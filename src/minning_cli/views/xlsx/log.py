"""The 进展记录 sheet: every entry up to the day, a voided one struck through."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from ...figures.entry_log import log_rows
from ...ledger.book import Book
from ..labels import ENTRY_KIND_NAMES, FUND_LABELS, RETURN_KIND
from .sheet import DATE, FILLS, Sheet, as_of_text


def log_sheet(ws: Worksheet, book: Book, as_of: dt.date) -> None:
    """Every entry dated up to the day, oldest first; a voided one struck through, with why."""
    headers = ["编号", "日期", "单位", "任务", "类型", "数额", "计量", "备注", "来源", "记录人",
               "记录时间", "作废", "派出日期", "计划月数", "返回的选派", "到位（万元）", "拨付（万元）",
               "使用（万元）"]  # fmt: skip
    sheet = Sheet(ws, wrapped={3: 16, 8: 40, 12: 24})
    sheet.title(f"进展记录{as_of_text(as_of)}", len(headers))
    sheet.header(2, headers)
    row = 3
    for entry in log_rows(book, until=as_of):
        voided = bool(entry["voided"])
        style: dict[str, Any] = {"grey": voided, "strike": voided}
        amount: Decimal | None = entry["amount"]
        values = [entry["id"], None, entry["unit"], f"{entry['task']} {entry['task_title']}",
                  RETURN_KIND if entry["ref"] else ENTRY_KIND_NAMES[entry["kind"]]]  # fmt: skip
        for column, value in enumerate(values, 1):
            sheet.put(row, column, value, **style)
        # Width counted a little over the date's ten characters: LibreOffice draws a date
        # wider than its digits count, and it ran into the unit beside it.
        sheet.put(row, 2, entry["date"], shown=f"{entry['date']}  ", number_format=DATE,
                  align="center", **style)  # fmt: skip
        sheet.figure(row, 6, amount, **style)
        sheet.put(row, 7, entry["measure"], **style)
        sheet.put(row, 8, entry["note"], **style)
        sheet.put(row, 9, entry["source"], **style)
        sheet.put(row, 10, entry["by"], **style)
        sheet.put(row, 11, entry["recorded_at"][:16].replace("T", " "), **style)
        reason = f"已作废：{entry['void_reason']}" if voided else ""
        sheet.put(row, 12, reason, fill=FILLS["overdue"] if voided else None)
        # A dispatch's term, the dispatch a return ends, row 11's funds (万元).
        if entry["start"] is not None or entry["months"] is not None:
            start = entry["start"] or entry["date"]
            sheet.put(row, 13, start, shown=f"{start}  ", number_format=DATE, align="center",
                      **style)  # fmt: skip
        sheet.put(row, 14, entry["months"], **style)
        sheet.put(row, 15, entry["ref"], **style)
        for column, key in enumerate(FUND_LABELS, 16):
            sheet.figure(row, column, entry[key], **style)
        row += 1
    if row == 3:
        sheet.note(3, "（还没有任何进展记录）", len(headers))
    else:
        sheet.ws.auto_filter.ref = f"A2:R{row - 1}"
    sheet.finish(header_rows=2, freeze="A3")
