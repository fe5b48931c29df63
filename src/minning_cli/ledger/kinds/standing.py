"""How each kind of row stands on a day: plain frozen data, computed once, read by every view."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from ..model import Entry
from ..status import Status


@dataclass(frozen=True)
class LastEntry:
    """The latest entry a unit made for a row, for the "when did we last hear" column."""

    id: str
    date: dt.date
    kind: str
    amount: Decimal | None
    note: str | None

    @classmethod
    def latest(cls, entries: Iterable[Entry], day: dt.date) -> LastEntry | None:
        """The latest of ``entries`` on or before ``day``: by date, then as recorded, then
        the later in file order (a loop, not a sort: a unit may have thousands)."""
        entry: Entry | None = None
        for candidate in entries:
            if candidate.date <= day and (
                entry is None
                or candidate.date > entry.date
                or (candidate.date == entry.date and candidate.recorded_at >= entry.recorded_at)
            ):
                entry = candidate
        if entry is None:
            return None
        return cls(entry.id, entry.date, entry.kind, entry.amount, entry.note)


@dataclass(frozen=True)
class AllocationStatus:
    """One share of one indicator: target, actual, pacing and status."""

    task: int
    title: str
    indicator: str
    unit: str | None
    share: str | None
    measure: str
    target: Decimal | None
    actual: Decimal
    percent: Decimal | None
    expected: Decimal | None
    remaining: Decimal | None
    weekly_needed: Decimal | None
    deadline: dt.date
    days_left: int
    status: Status
    last_entry: LastEntry | None


@dataclass(frozen=True)
class MilestoneStatus:
    """A one-off item: a pairing, a meeting, the visit, the living subsidies."""

    task: int
    unit: str | None
    name: str
    partner: str | None
    due: dt.date | None
    optional: bool
    done: bool
    done_on: dt.date | None
    status: Status
    units: tuple[str, ...] = ()  # every unit that answers for it, groups expanded
    id: str | None = None  # the milestone's id; None for a pairing

    @property
    def owner(self) -> str | None:
        """The unit it is listed under (calls, review): its own, else the first that answers."""
        return self.unit if self.unit is not None else next(iter(self.units), None)


@dataclass(frozen=True)
class MonthlyStatus:
    """One month of a monthly duty (row 11's report, row 14's article)."""

    task: int
    name: str
    month: str
    due: dt.date
    done_on: dt.date | None
    count: int
    measure: str  # what ``count`` counts (次, 篇)
    status: Status
    units: tuple[str, ...] = ()  # every unit that answers for it, groups expanded

    @property
    def owner(self) -> str | None:
        """The unit it is listed under (calls, review): the first that answers for it."""
        return next(iter(self.units), None)


@dataclass(frozen=True)
class Activity:
    """The latest activity of a row without figures."""

    task: int
    title: str
    count: int
    total: Decimal | None
    last: LastEntry | None
    unit: str | None
    units: tuple[str, ...] = ()  # every unit that may record an activity here
    measure: str | None = None  # what an activity's count is in (人, 个…); None: no counts

    @property
    def owner(self) -> str | None:
        """The unit it is listed under (calls, review): its own, else the first that answers."""
        return self.unit if self.unit is not None else next(iter(self.units), None)
