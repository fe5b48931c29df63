"""Target against actual as of a day: the one standing every view reads.

Pure functions over a ``Book``; nothing here reads files or prints. Each item of each row
stands by its own kind (``ledger.kinds``), with the pacing of ``ledger.pacing``, computed once
here; report, calls, review, export and the terminal views only read the result.
``percent`` is ``actual / target × 100``, not capped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from ..ledger.book import Book
from ..ledger.kinds import Day, FigureShare, Row, Rows
from ..ledger.kinds.standing import (
    Activity,
    AllocationStatus,
    LastEntry,
    MilestoneStatus,
    MonthlyStatus,
    TermStatus,
)
from ..ledger.pacing import expected_figure, figure_status
from ..ledger.plain import as_plain
from ..ledger.status import Status
from ..text.amounts import percent

__all__ = [
    "Activity",
    "AllocationStatus",
    "LastEntry",
    "MilestoneStatus",
    "MonthlyStatus",
    "RowStanding",
    "StatusReport",
    "TaskStatus",
    "TermStatus",
    "Unallocated",
    "compute_status",
    "filter_report",
]


@dataclass(frozen=True)
class TaskStatus:
    """A row of the table: the district's figure against its target, paced once, here.

    ``deadline`` is the row's deadline as the table gives it; ``pace_deadline`` the date its
    shares are paced to (row 2: 2023-10-31). Pacing fields are None for a row without figures.
    """

    no: int
    title: str
    deadline: dt.date | str
    target: Decimal | None
    actual: Decimal | None
    percent: Decimal | None
    measure: str | None
    indicator: str | None = None
    pace_deadline: dt.date | None = None
    expected: Decimal | None = None
    status: Status | None = None  # a row without figures: its activities' standing
    leads: tuple[str, ...] = ()  # the row's lead units, groups expanded
    pacing: str | None = None  # the rule ``expected`` follows; None without figures


@dataclass(frozen=True)
class Unallocated:
    """What a row's named shares leave unallocated (row 4: 2500 for 定有福's agreement)."""

    task: int
    indicator: str
    measure: str
    target: Decimal
    allocated: Decimal
    remainder: Decimal
    pending: tuple[str, ...]
    city: Decimal | None
    city_total: Decimal | None


@dataclass(frozen=True)
class RowStanding:
    """One row's part of the standing: its total and each of its items, in the table's order."""

    total: TaskStatus
    allocations: tuple[AllocationStatus, ...]
    milestones: tuple[MilestoneStatus, ...]  # pairings included (their ``partner`` is set)
    monthly: tuple[MonthlyStatus, ...]
    activity: Activity | None
    unallocated: tuple[Unallocated, ...]
    instalments: tuple[MonthlyStatus, ...] = ()  # row 2's subsidy, month by month

    @property
    def terms(self) -> tuple[TermStatus, ...]:
        """The row's dispatch terms (row 2), every share's, in the table's order."""
        return tuple(term for a in self.allocations for term in a.terms)

    @property
    def funds(self) -> tuple[MonthlyStatus, ...]:
        """The months whose report gave fund figures (row 11): the month-by-month trend."""
        return tuple(m for m in self.monthly if m.received is not None or m.used is not None)


@dataclass(frozen=True)
class StatusReport:
    """Everything ``minning status`` shows, as of one day."""

    as_of: dt.date
    start: dt.date
    year: int
    tasks: tuple[TaskStatus, ...]
    allocations: tuple[AllocationStatus, ...]
    milestones: tuple[MilestoneStatus, ...]
    monthly: tuple[MonthlyStatus, ...]
    unallocated: tuple[Unallocated, ...]
    activities: tuple[Activity, ...]
    # Months of a duty paid in instalments while a term runs (row 2's living subsidy): apart
    # from ``monthly`` (the district's reports and articles) since they are owed by terms.
    instalments: tuple[MonthlyStatus, ...] = ()

    def as_json(self) -> dict[str, Any]:
        """The stable JSON contract (see the README)."""
        return {
            "as_of": self.as_of,
            "tasks": [as_plain(t) for t in self.tasks],
            "allocations": [as_plain(a) for a in self.allocations],
            "milestones": [as_plain(m) for m in self.milestones],
            "monthly": [as_plain(m) for m in self.monthly],
            "unallocated": [as_plain(u) for u in self.unallocated],
            "activities": [as_plain(a) for a in self.activities],
            "instalments": [as_plain(m) for m in self.instalments],
        }

    def row(self, no: int) -> RowStanding:
        """Row ``no``'s part of the standing (grouped once, then read)."""
        return self._rows[no]

    @cached_property
    def _rows(self) -> dict[int, RowStanding]:
        def of(items: Sequence[Any], no: int) -> tuple[Any, ...]:
            return tuple(item for item in items if item.task == no)

        return {
            t.no: RowStanding(
                total=t,
                allocations=of(self.allocations, t.no),
                milestones=of(self.milestones, t.no),
                monthly=of(self.monthly, t.no),
                instalments=of(self.instalments, t.no),
                activity=next(iter(of(self.activities, t.no)), None),
                unallocated=of(self.unallocated, t.no),
            )
            for t in self.tasks
        }


# Every kind's standing has its field in ``StatusReport``; a kind whose standing is not here
# is a bug (``compute_status`` says so rather than drop it).
_STANDINGS = (AllocationStatus, MilestoneStatus, MonthlyStatus, Activity)


def compute_status(book: Book, as_of: dt.date, rows: Rows | None = None) -> StatusReport:
    """Every figure of the status report as of a day (``rows``: the book's kinds, if built)."""
    ledger = book.ledger
    rows = rows or Rows(ledger)
    meta = ledger.ledger
    day = Day(as_of, meta.start_date, dt.date(meta.year, 12, 31), meta.pacing)
    entries_of = book.source()  # from per-file summaries when the book was loaded from them

    standings: dict[type, list[Any]] = {kind: [] for kind in _STANDINGS}
    for row in rows:
        for item in row.items:
            for standing in item.stand(entries_of, day):
                if type(standing) not in standings:  # a new kind's standing: give it a field
                    raise TypeError(f"{type(item).__name__} stands as {type(standing).__name__}")
                standings[type(standing)].append(standing)
    allocations: list[AllocationStatus] = standings[AllocationStatus]
    activities: dict[int, Activity] = {a.task: a for a in standings[Activity]}
    return StatusReport(
        as_of=as_of,
        start=day.start,
        year=ledger.ledger.year,
        tasks=tuple(
            _task(row, allocations, activities.get(row.task.no), day, rows) for row in rows
        ),
        allocations=tuple(allocations),
        milestones=tuple(standings[MilestoneStatus]),
        monthly=tuple(m for m in standings[MonthlyStatus] if not m.instalment),
        instalments=tuple(m for m in standings[MonthlyStatus] if m.instalment),
        unallocated=tuple(_unallocated(rows)),
        activities=tuple(standings[Activity]),
    )


def _task(
    row: Row,
    allocations: list[AllocationStatus],
    activity: Activity | None,
    day: Day,
    rows: Rows,
) -> TaskStatus:
    task = row.task
    leads = tuple(rows.registry.expand(task.leads))
    if not task.indicators:
        status = activity.status if activity is not None else None
        return TaskStatus(
            task.no, task.title, task.deadline, None, None, None, None, status=status, leads=leads
        )
    shares = row.of_kind(FigureShare)
    indicator = task.indicators[0]
    actual = sum((a.actual for a in allocations if a.task == task.no), Decimal(0))
    target = indicator.target
    deadline = shares[0].deadline(day.year_end) if shares else None
    rule = shares[0].pacing(day) if shares else None
    expected = None
    status = None
    if deadline is not None and rule is not None:
        expected = expected_figure(target, day.start, deadline, day.as_of, rule)
        status = figure_status(target, actual, expected, deadline, day.as_of, rule, day.year_end)
    return TaskStatus(
        no=task.no,
        title=task.title,
        deadline=task.deadline,
        target=target,
        actual=actual,
        percent=percent(actual, target),
        measure=indicator.measure,
        indicator=indicator.name,
        pace_deadline=deadline,
        expected=expected,
        status=status,
        leads=leads,
        pacing=rule,
    )


def _unallocated(rows: Rows) -> list[Unallocated]:
    """Per indicator with a target: what its shares (as the kinds expanded them) add up to."""
    result = []
    district = rows.ledger.ledger.district
    for row in rows:
        shares = row.of_kind(FigureShare)
        for indicator in row.task.indicators:
            if indicator.target is None:
                continue
            mine = [s for s in shares if s.indicator is indicator]
            allocated = sum(
                (s.target for s in mine if s.target is not None and s.unit is not None),
                Decimal(0),
            )
            pending = [
                f"{allocation.unit or '未写明单位'}：{allocation.target_text or '目标未知'}"
                if allocation.target is None
                else f"未写明单位 {allocation.target}：{allocation.note or ''}"
                for allocation in indicator.allocations
                if allocation.target is None or allocation.unit is None
            ]
            result.append(
                Unallocated(
                    task=row.task.no,
                    indicator=indicator.name,
                    measure=indicator.measure,
                    target=indicator.target,
                    allocated=allocated,
                    remainder=indicator.target - allocated,
                    pending=tuple(pending),
                    city=indicator.city.get(district),
                    city_total=indicator.city_total,
                )
            )
    return result


def filter_report(report: StatusReport, unit: str | None, task: int | None) -> dict[str, Any]:
    """The JSON of a report, narrowed to one unit and/or one row when asked."""
    data = report.as_json()
    if unit is None and task is None:
        return data
    data["allocations"] = [
        item
        for item in data["allocations"]
        if (unit is None or item["unit"] == unit) and (task is None or item["task"] == task)
    ]
    for key in ("milestones", "monthly", "activities", "instalments"):  # a unit's: its own
        data[key] = [
            item
            for item in data[key]
            if (unit is None or unit in item["units"]) and (task is None or item["task"] == task)
        ]
    if task is not None:
        for key in ("tasks", "unallocated"):
            number = "no" if key == "tasks" else "task"
            data[key] = [item for item in data[key] if item[number] == task]
    return data
