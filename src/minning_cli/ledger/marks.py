"""Review marks: the ``# 待核对`` comments ``minning init`` leaves on next year's figures.

A mark says a figure, a date or a text was carried over from last year and has not been
checked against the new table. ``check`` reports each as a warning at its line, so that a
ledger with marks left in it never reads as simply 检查通过.
"""

from __future__ import annotations

import re

from ..text.errors import Problem

REVIEW = "待核对"
_MARK = re.compile(rf"(?:^|\s)(#\s*{REVIEW}(（[^）]*）)?)")


def review_marks(text: str, shown: str) -> list[Problem]:
    """A warning for every line marked ``# 待核对``, at the mark."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        mark = _MARK.search(line)
        if mark is None:
            continue
        carried = mark.group(2) or ""
        found.append(
            Problem(
                shown,
                number,
                mark.start(1) + 1,
                f"标有“{REVIEW}”{carried}：请按新年度的分工表核对这一行，改好后删去这个标记",
                severity="warning",
                source_line=line,
            )
        )
    return found
