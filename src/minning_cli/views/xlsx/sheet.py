"""Cells with one look, and sizes that fit their text: what every sheet is made of."""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from ...ledger.status import Status
from ...text.amounts import fmt
from ...text.sanitize import looks_like_formula, output_text

FONT = "宋体"
PERCENT = "0.0%"
DATE = "yyyy-mm-dd"
LINE_POINTS = 14.0  # one line of 10-point CJK text, with leading
CJK_DRAWN = 1.8  # widths a 10-point CJK character takes when drawn
UNASSIGNED = "未分配（原表未写明单位）"

THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
FILLS: dict[str, PatternFill] = {
    code: PatternFill("solid", fgColor=colour)
    for code, colour in {
        Status.DONE: "A9D08E", Status.ON_TIME: "C6EFCE", Status.ON_TRACK: "E2EFDA",
        Status.BEHIND: "FFEB9C", Status.LATE: "FFEB9C", Status.OVERDUE: "FFC7CE",
        Status.MISSING: "FFC7CE", Status.IN_PROGRESS: "E2EFDA", Status.QUIET: "FFEB9C",
        Status.SILENT_YEAR: "FFC7CE",
    }.items()
}  # fmt: skip


def text_cell(cell: Cell, value: Any) -> None:
    """Give a cell its value; a text always stays text, whatever it starts with.

    openpyxl turns a string starting with ``=`` into a formula (``=HYPERLINK(…)`` in a note
    would be a live link) and refuses control characters. Text is cleaned
    (``text.sanitize.output_text``), stored as a string, and one a spreadsheet would take
    for a formula when edited (OWASP's leading characters) gets Excel's quote prefix.
    """
    if not isinstance(value, str):
        cell.value = value
        return
    text = output_text(value)
    cell.value = text
    cell.data_type = "s"
    if looks_like_formula(text):
        cell.quotePrefix = True


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
        cell: Cell = self.ws.cell(row=row, column=column)
        text_cell(cell, value)
        value = cell.value
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

    def formula(
        self, row: int, column: int, formula: str, *, shown: str, number_format: str, **style: Any
    ) -> Cell:
        """A formula over the sheet's cells (a total, a 完成率), so an edit recomputes it.

        Written as a cell of its own, not through ``put``: text written there is data, never
        a formula. ``shown`` is the value it stands for, to size the column.
        """
        cell = self.put(row, column, None, shown=shown, number_format=number_format,
                        align="right", **style)  # fmt: skip
        cell.value = formula
        return cell

    def title(self, text: str, columns: int) -> None:
        """The sheet's title in row 1, across its columns."""
        cell = self.ws.cell(row=1, column=1)
        text_cell(cell, text)
        cell.font = Font(name=FONT, size=14, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
        self.ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
        self.ws.row_dimensions[1].height = 26

    def note(self, row: int, text: str, columns: int) -> None:
        """A line of explanation under a table, across its columns."""
        cell = self.ws.cell(row=row, column=1)
        text_cell(cell, text)
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

    def finish(
        self, header_rows: int, freeze: str, *, landscape: bool = True, one_page: bool = False
    ) -> None:
        """Column widths, row heights, frozen headers and the print setup."""
        ws = self.ws
        for column in range(1, ws.max_column + 1):
            ws.column_dimensions[get_column_letter(column)].width = self.width(column)
        for row, count in self.lines.items():
            if ws.row_dimensions[row].height is None:
                ws.row_dimensions[row].height = count * LINE_POINTS + 4
        ws.freeze_panes = freeze
        print_setup(ws, header_rows, landscape=landscape, one_page=one_page)


# Inches. The footer sits ``footer`` above the paper's edge and needs about 0.25″ for one
# 9-point line; the bottom margin leaves it that room above it, so no footer is cut.
MARGINS = PageMargins(left=0.4, right=0.4, top=0.55, bottom=0.75, header=0.25, footer=0.3)


def print_setup(
    ws: Worksheet, header_rows: int, *, landscape: bool = True, one_page: bool = False
) -> None:
    """A4, fitted to the page width (and height when ``one_page``), title and headers
    repeated on every page, a page footer within the margins."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1 if one_page else 0  # 0: as many pages as the rows need
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    if header_rows:
        ws.print_title_rows = f"1:{header_rows}"
    ws.print_options.horizontalCentered = True
    ws.page_margins = MARGINS
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.size = 9


def as_of_text(day: dt.date) -> str:
    """（截至2023年6月30日）."""
    return f"（截至{day.year}年{day.month}月{day.day}日）"
