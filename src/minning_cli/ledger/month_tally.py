"""A unit's reports of a monthly duty for one row, kept per date: the duty without the entries.

``kinds.monthly`` stands each month of a duty (row 11's report, row 14's article) on the
reports dated in it by the day asked, taken by date, then as recorded, then in the units'
order and file order: how many there were, what they count (an amount, else one each), the
day the count reached the duty's, and each fund figure (到位, 拨付, 使用) as the last report
giving it has it. Per date a ``MonthTally`` keeps just that:

- ``reports``, a ``Tally``: the reports dated that day (``counted``), what they count
  (``increments``: each its amount as a whole number, else 1) and the latest of them (what
  ``calls`` shows as last heard);
- ``funds``: per fund figure, a ``Tally`` whose total of each date is the report giving it
  that wins the date (recorded last, then read last).

Its size grows with the days reported on, not with the reports; the tallies of several
files merge. The kind builds the same tally from entries when it reads them whole, so a
month stands by one computation either way (``tests/test_monthly_tally.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from . import plain_data as pd
from .model import Entry
from .tally import Pos, Seen, Tally

FUNDS = ("received", "disbursed", "used")


@dataclass
class MonthTally:
    """Per date: the reports, what they count, the latest, the winning fund figures."""

    reports: Tally = field(default_factory=Tally)
    funds: dict[str, Tally] = field(default_factory=dict)

    def add(self, entry: Entry, pos: Pos) -> None:
        """Count one report standing at ``pos``."""
        date, at = entry.date, entry.recorded_at
        reports = self.reports
        reports.see(date, Seen(at, pos, entry.id, entry.kind, entry.amount, entry.note))
        reports.counted[date] = reports.counted.get(date, 0) + 1
        amount = entry.amount
        reports.add_increment(date, Decimal(1) if amount is None else Decimal(int(amount)))
        for name, value in zip(FUNDS, (entry.received, entry.disbursed, entry.used), strict=True):
            if value is not None:
                self.funds.setdefault(name, Tally()).add_total(date, at, pos, value)

    def copy(self) -> MonthTally:
        """The same counts, apart."""
        return MonthTally(
            self.reports.copy(), {name: tally.copy() for name, tally in self.funds.items()}
        )

    def renumbered(self, file: int) -> MonthTally:
        """The tally with its positions placed in file number ``file`` (``Tally.renumbered``)."""
        return MonthTally(
            self.reports.renumbered(file),
            {name: tally.renumbered(file) for name, tally in self.funds.items()},
        )

    def merge(self, other: MonthTally) -> None:
        """Count another tally's reports too."""
        self.reports.merge(other.reports)
        for name, tally in other.funds.items():
            known = self.funds.get(name)
            if known is None:
                self.funds[name] = tally.copy()
            else:
                known.merge(tally)


def to_data(tally: MonthTally) -> list[Any]:
    """A tally as JSON values: per date its reports, their count and the latest; per fund
    figure, each date's winner (time recorded, index in the file, amount)."""
    reports = tally.reports
    return [
        [
            [
                day.isoformat(),
                number,
                str(reports.increments[day]),
                pd.seen_data(reports.latest[day]),
            ]
            for day, number in reports.counted.items()
        ],
        {
            name: [
                [day.isoformat(), at.isoformat(), pos[1], str(amount)]
                for day, (at, pos, amount) in figures.totals.items()
            ]
            for name, figures in tally.funds.items()
        },
    ]


def from_data(data: Any) -> MonthTally:
    """A tally read back; a value of the wrong type or shape raises (a miss)."""
    days, funds = data
    if type(funds) is not dict:
        raise TypeError(funds)
    tally = MonthTally()
    reports = tally.reports
    for day, number, counts, seen in days:
        date = pd.day(day)
        reports.counted[date] = pd.integer(number)
        reports.increments[date] = pd.decimal(counts)
        reports.latest[date] = pd.seen_from(seen)
    for name, rows in funds.items():
        if name not in FUNDS:
            raise ValueError(name)
        figures = tally.funds[name] = Tally()
        for day, at, index, amount in rows:
            figures.totals[pd.day(day)] = (pd.aware(at), (0, pd.integer(index)), pd.decimal(amount))
    return tally
