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
class TermStatus:
    """One dispatch of a term indicator (row 2): persons, start, months planned, return.

    ``flags``: ``short_plan`` (fewer months planned than the term), ``early_return`` (a
    return recorded before the term was up), ``no_plan`` (no months given).
    """

    id: str
    unit: str
    persons: Decimal
    start: dt.date
    months: int | None
    planned_end: dt.date | None
    term_end: dt.date  # start + the term's months: the earliest return that serves the term
    returned_on: dt.date | None
    flags: tuple[str, ...]


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
    pacing: str = "linear"  # the rule ``expected`` follows (``ledger.pacing``)
    terms: tuple[TermStatus, ...] = ()  # a term indicator's dispatches (row 2)


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
    count: int = 0  # how many times it was reported done (row 1's meetings are counted)

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
    # Row 11's report: funds received, paid out, used (万元, cumulative, the month's latest
    # report), and used ÷ received × 100; None when not reported.
    received: Decimal | None = None
    disbursed: Decimal | None = None
    used: Decimal | None = None
    use_rate: Decimal | None = None
    instalment: bool = False  # an instalment of a duty paid monthly (row 2's subsidy)
    reports: int = 0  # how many entries the month has (one saying 0 篇 counts none)

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
    # How the row stands when its activities are its standing (rows 1, 7–10, 12, 13, 15);
    # None for a row whose pairings or monthly duty stand for it (6, 11, 14).
    status: Status | None = None
    leads: tuple[str, ...] = ()  # the row's lead units, groups expanded
    deadline: dt.date | None = None  # None: ongoing (持续推进)
    days_left: int | None = None
    closed_on: dt.date | None = None
    closing_note: str | None = None
    silent_days: int | None = None  # days since the last record (since the start if none)
    quiet_days: int | None = None  # an ongoing row's stretch before it is flagged

    @property
    def owner(self) -> str | None:
        """The unit it is listed under (calls, review): its own, else the first that answers."""
        return self.unit if self.unit is not None else next(iter(self.units), None)
