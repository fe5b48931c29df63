"""Reading the cache's plain data back: each value checked for the type it must have.

A stored summary is JSON (``cache``); whatever is decoded is checked for the shape expected,
and anything else raises (TypeError, ValueError), which the reader takes as a miss.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from .tally import Seen


def amount_data(amount: Decimal | None) -> str | None:
    """An amount as JSON: a string, so that it keeps its digits."""
    return None if amount is None else str(amount)


def seen_data(seen: Seen) -> list[Any]:
    """The latest entry of a date (``Seen``) as JSON values; its file number is not kept."""
    return [seen.recorded_at.isoformat(), seen.pos[1], seen.id, seen.kind,
            amount_data(seen.amount), seen.note]  # fmt: skip


def seen_from(data: Any) -> Seen:
    """A ``Seen`` read back (in file 0: ``Tally.renumbered`` places it)."""
    at, index, entry_id, kind, amount, note = data
    return Seen(
        aware(at),
        (0, integer(index)),
        text(entry_id),
        text(kind),
        None if amount is None else decimal(amount),
        None if note is None else text(note),
    )


def text(value: Any) -> str:
    if type(value) is not str:
        raise TypeError(value)
    return value


def boolean(value: Any) -> bool:
    if type(value) is not bool:
        raise TypeError(value)
    return value


def integer(value: Any) -> int:
    if type(value) is not int:
        raise TypeError(value)
    return value


def decimal(value: Any) -> Decimal:
    amount = Decimal(text(value))
    if not amount.is_finite():
        raise ValueError(value)
    return amount


def aware(value: Any) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text(value))
    if moment.utcoffset() is None:
        raise ValueError(value)
    return moment


def day(value: Any) -> dt.date:
    return dt.date.fromisoformat(text(value))
