"""How what units report combines into an actual figure: pure functions, data in, data out.

The rule for combining what units report (also in the README):

    The actual as of a day is the latest cumulative figure (``total``) dated on or before
    that day, plus the increments dated after that figure's date, up to that day. When two
    cumulative figures share a date, the one recorded later wins. Without any cumulative
    figure, the actual is the sum of the increments up to that day. Voided entries never
    count.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

from .model import Entry


def order(entry: Entry, index: int) -> tuple[dt.date, dt.datetime, int]:
    """Entries in the order they count: by date, then as recorded, then as read."""
    return (entry.date, entry.recorded_at, index)


def actual_as_of(entries: Sequence[Entry], as_of: dt.date) -> Decimal:
    """The actual figure of one unit for one indicator as of a day (see the module rule)."""
    base = Decimal(0)
    base_date: dt.date | None = None
    latest: tuple[dt.date, dt.datetime, int] | None = None
    for index, entry in enumerate(entries):
        if entry.kind == "total" and entry.date <= as_of and entry.amount is not None:
            key = order(entry, index)
            if latest is None or key > latest:
                latest, base, base_date = key, entry.amount, entry.date
    increments = (
        entry.amount
        for entry in entries
        if entry.kind == "increment"
        and entry.amount is not None
        and entry.date <= as_of
        and (base_date is None or entry.date > base_date)
    )
    return base + sum(increments, Decimal(0))


class RunningActual:
    """One unit's actual for one indicator, kept up to date as entries come in.

    ``as_of`` gives exactly what ``actual_as_of`` gives over the same entries in the same
    order, in time that grows with the number of distinct dates rather than of entries:
    an import checks thousands of rows, each against the unit's earlier entries.
    """

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        self._totals: list[tuple[dt.date, dt.datetime, int, Decimal]] = []  # in _order
        self._total_dates: list[dt.date] = []  # the same order, dates only
        self._dates: list[dt.date] = []  # the distinct dates of increments, in order
        self._sums: dict[dt.date, Decimal] = {}  # increments summed by date
        self._count = 0
        for entry in entries:
            self.add(entry)

    def add(self, entry: Entry) -> None:
        """Count an entry (after every entry already counted)."""
        index, self._count = self._count, self._count + 1
        if entry.amount is None:
            return
        if entry.kind == "total":
            key = (entry.date, entry.recorded_at, index, entry.amount)  # index: no ties
            at = bisect.bisect_right(self._totals, key)
            self._totals.insert(at, key)
            self._total_dates.insert(at, entry.date)
        elif entry.kind == "increment":
            if entry.date in self._sums:
                self._sums[entry.date] += entry.amount
            else:
                bisect.insort(self._dates, entry.date)
                self._sums[entry.date] = entry.amount

    def as_of(self, day: dt.date, then: Entry | None = None) -> Decimal:
        """The actual as of a day, counting ``then`` too as if it were added last."""
        base = Decimal(0)
        base_date: dt.date | None = None
        latest: tuple[dt.date, dt.datetime, int] | None = None
        at = bisect.bisect_right(self._total_dates, day)
        if at:
            date, recorded_at, index, base = self._totals[at - 1]
            latest, base_date = (date, recorded_at, index), date
        extra = then if then is not None and then.amount is not None and then.date <= day else None
        if extra is not None and extra.kind == "total" and extra.amount is not None:
            key = order(extra, self._count)
            if latest is None or key > latest:
                base, base_date = extra.amount, extra.date
        start = bisect.bisect_right(self._dates, base_date) if base_date is not None else 0
        end = bisect.bisect_right(self._dates, day)
        actual = base + sum((self._sums[date] for date in self._dates[start:end]), Decimal(0))
        if (
            extra is not None
            and extra.kind == "increment"
            and extra.amount is not None
            and (base_date is None or extra.date > base_date)
        ):
            actual += extra.amount
        return actual


def previous_total(entries: Sequence[Entry], before: Entry) -> Entry | None:
    """The cumulative figure that ``before`` follows, if any (for the "went down" warning)."""
    candidates = [
        (index, e)
        for index, e in enumerate(entries)
        if e.kind == "total" and e.id != before.id and e.date <= before.date
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda pair: order(pair[1], pair[0]))[1]


def entries_for(entries: Iterable[Entry], unit: str, task_no: int) -> list[Entry]:
    """The entries of one unit for one row, in file order."""
    return [e for e in entries if e.unit == unit and e.task == task_no]
