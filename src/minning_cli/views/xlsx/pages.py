"""Page breaks that keep a block of rows (a task and its breakdown) on one printed page.

The sheet prints fitted to the page width, so the scale is the printable width over the
columns' width; a page holds the printable height over that scale, less the rows repeated at
the top of every page. A block that would cross the foot of a page starts a new one; a block
taller than a page breaks between its own rows where the page is full (its 序号 is repeated in
grey on each line, see ``tasks``). Sizes follow Excel's: a column of width w is about 7w + 5 pixels,
0.75 points a pixel. A margin of safety covers the renderers' rounding.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

from .sheet import LINE_POINTS, MARGINS, Sheet

A4_POINTS = (842.0, 595.0)  # long and short side
SAFETY = 0.97


def printable(landscape: bool = True) -> tuple[float, float]:
    """(width, height) in points inside the margins."""
    long, short = A4_POINTS
    width, height = (long, short) if landscape else (short, long)
    return (
        width - (MARGINS.left + MARGINS.right) * 72,
        height - (MARGINS.top + MARGINS.bottom) * 72,
    )


def row_height(sheet: Sheet, row: int) -> float:
    """A row's height in points as set (or a line's, when not set)."""
    height = sheet.ws.row_dimensions[row].height
    return float(height) if height is not None else LINE_POINTS + 4


def keep_blocks(sheet: Sheet, blocks: Sequence[tuple[int, int]], repeated: tuple[int, int]) -> None:
    """Insert a page break before each block that would not fit on what is left of a page."""
    ws = sheet.ws
    columns = (
        sum(
            ws.column_dimensions[get_column_letter(c)].width * 7 + 5
            for c in range(1, ws.max_column + 1)
        )
        * 0.75
    )
    width, height = printable()
    scale = min(1.0, width / columns)
    top = sum(row_height(sheet, r) for r in range(repeated[0], repeated[1] + 1))
    room = height * SAFETY / scale - top
    used = 0.0
    for start, end in blocks:
        heights = [row_height(sheet, r) for r in range(start, end + 1)]
        if used and used + sum(heights) > room:
            ws.row_breaks.append(Break(id=start - 1))
            used = 0.0
        for row, height in enumerate(heights, start):
            # A block taller than a page breaks where this says, not where the renderer
            # would: so what is left on its last page is known for the next block.
            if used and used + height > room:
                ws.row_breaks.append(Break(id=row - 1))
                used = 0.0
            used += height
