"""The ledger's period: its year, the day it starts, and which day a command stands on.

The rule (also in the README): a ledger covers one year, from ``ledger.start`` (the table's
issue date; the year's first day when not given) to 31 December. A command run after that
year, without ``--as-of``, stands on the year's last day and says so in one line; an
explicit ``--as-of`` outside the year is treated the same way (after the year: its last day;
before it: its first day). As of the year's last day the year is closed: every deadline in
it has passed (``pacing.passed``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import Meta


@dataclass(frozen=True)
class AsOf:
    """The day a command stands on, and the one-line notice when it is not the day asked."""

    day: dt.date
    notice: str | None = None


def year_start(meta: Meta) -> dt.date:
    """1 January of the ledger's year."""
    return dt.date(meta.year, 1, 1)


def year_end(meta: Meta) -> dt.date:
    """31 December of the ledger's year: the day the year is closed."""
    return dt.date(meta.year, 12, 31)


def as_of(meta: Meta, requested: dt.date | None, today: dt.date) -> AsOf:
    """The day to stand on: ``requested`` (else today), brought into the ledger's year."""
    return year_as_of(meta.year, requested, today)


def year_as_of(year: int, requested: dt.date | None, today: dt.date) -> AsOf:
    """The period rule for a year's table (a ledger's, or the city file's)."""
    day = requested or today
    asked = f"--as-of {day} " if requested is not None else f"今天（{day}）"
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if day > last:
        return AsOf(last, f"{asked}已在台账年度 {year} 年之后：按年末 {last} 计算（全年已结束）")
    if day < first:
        return AsOf(first, f"{asked}在台账年度 {year} 年之前：按年初 {first} 计算")
    return AsOf(day)
