"""A unit's increments and totals for one row, kept per date: the actual without the entries.

``actual_as_of`` (``actuals``) reads every entry; a ``Tally`` keeps, per date, the sum of the
increments, the cumulative figure that wins that date (recorded last, then the later in file
order) and the entry a person would call the latest that day. From these the actual as of
any day is exactly ``actual_as_of``'s, and the latest entry exactly ``LastEntry.latest``'s:
the module rule of ``actuals`` read per date, since a day's winning total and the sum of
the increments dated after it are all the rule needs. A tally's size grows with the dates a
unit reported on, not with its entries; tallies of several files merge.

``pos`` is where an entry stands among all of them in file order: (file number, index).

A row's activities (``kinds.activity``) and milestones done (``kinds.oneoff``) are kept the
same way (``add_counted``): per date, how many were recorded (``counted``), their counts
summed (``increments``, dates with a count only) and the latest; their standings need
nothing more.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from .model import Entry

Pos = tuple[int, int]


class Seen(NamedTuple):
    """The entry a tally calls the latest of a date: what ``LastEntry`` shows.

    A named tuple (not a frozen dataclass): a warm read builds one per unit, row and date,
    and a tuple is built several times faster."""

    recorded_at: dt.datetime
    pos: Pos
    id: str
    kind: str
    amount: Decimal | None
    note: str | None


@dataclass
class Tally:
    """Per date: increments summed, the winning total, the latest entry (see the module)."""

    increments: dict[dt.date, Decimal] = field(default_factory=dict)
    totals: dict[dt.date, tuple[dt.datetime, Pos, Decimal]] = field(default_factory=dict)
    latest: dict[dt.date, Seen] = field(default_factory=dict)
    counted: dict[dt.date, int] = field(default_factory=dict)  # add_counted's, per date

    @classmethod
    def of(cls, entries: Iterable[Entry], file: int = 0) -> Tally:
        """The tally of entries in file order (positions ``(file, index)``)."""
        tally = cls()
        for index, entry in enumerate(entries):
            tally.add(entry, (file, index))
        return tally

    def add(self, entry: Entry, pos: Pos) -> None:
        """Count one entry standing at ``pos``."""
        self.see(
            entry.date, Seen(entry.recorded_at, pos, entry.id, entry.kind, entry.amount, entry.note)
        )
        if entry.amount is None:
            return
        if entry.kind == "increment":
            self.add_increment(entry.date, entry.amount)
        elif entry.kind == "total":
            self.add_total(entry.date, entry.recorded_at, pos, entry.amount)

    def add_counted(self, entry: Entry, pos: Pos) -> None:
        """Count one activity or done at ``pos``: seen, counted, and its amount summed."""
        self.see(
            entry.date, Seen(entry.recorded_at, pos, entry.id, entry.kind, entry.amount, entry.note)
        )
        self.counted[entry.date] = self.counted.get(entry.date, 0) + 1
        if entry.amount is not None:
            self.add_increment(entry.date, entry.amount)

    def add_increment(self, date: dt.date, amount: Decimal) -> None:
        """Count increments of ``amount`` in all on ``date``."""
        known = self.increments.get(date)
        self.increments[date] = amount if known is None else known + amount

    def add_total(self, date: dt.date, recorded_at: dt.datetime, pos: Pos, amount: Decimal) -> None:
        """Count a cumulative figure: of one date's, the one recorded last (then read last) wins."""
        known = self.totals.get(date)
        if known is None or (recorded_at, pos) > (known[0], known[1]):
            self.totals[date] = (recorded_at, pos, amount)

    def see(self, date: dt.date, seen: Seen) -> None:
        """Count an entry for "the latest": of one date's, recorded last (then read last)."""
        known = self.latest.get(date)
        if known is None or (seen.recorded_at, seen.pos) >= (known.recorded_at, known.pos):
            self.latest[date] = seen

    def copy(self) -> Tally:
        """The same counts, apart (what merging into an empty tally gives)."""
        return Tally(
            dict(self.increments), dict(self.totals), dict(self.latest), dict(self.counted)
        )

    def renumbered(self, file: int) -> Tally:
        """The tally with its positions ``(0, index)`` as ``(file, index)``: its file's
        number among the files."""
        return Tally(
            dict(self.increments),
            {d: (at, (file, pos[1]), amount) for d, (at, pos, amount) in self.totals.items()},
            {d: s._replace(pos=(file, s.pos[1])) for d, s in self.latest.items()},
            dict(self.counted),
        )

    def merge(self, other: Tally) -> None:
        """Count another tally's entries too."""
        for date, amount in other.increments.items():
            self.add_increment(date, amount)
        for date, (recorded_at, pos, amount) in other.totals.items():
            self.add_total(date, recorded_at, pos, amount)
        for date, seen in other.latest.items():
            self.see(date, seen)
        for date, number in other.counted.items():
            self.counted[date] = self.counted.get(date, 0) + number

    def actual(self, as_of: dt.date) -> Decimal:
        """The actual as of a day: ``actuals.actual_as_of`` over the same entries."""
        base_date = max((date for date in self.totals if date <= as_of), default=None)
        base = self.totals[base_date][2] if base_date is not None else Decimal(0)
        return base + sum(
            (
                amount
                for date, amount in self.increments.items()
                if date <= as_of and (base_date is None or date > base_date)
            ),
            Decimal(0),
        )

    def last(self, as_of: dt.date) -> tuple[dt.date, Seen] | None:
        """The latest entry dated on or before ``as_of``, with its date."""
        best: tuple[dt.date, Seen] | None = None
        for date, seen in self.latest.items():
            if date <= as_of and (best is None or date > best[0]):
                best = (date, seen)
        return best
