"""Target against actual as of a day, with pacing: the figures behind ``minning status``.

Pure functions over a ``Book``; nothing here reads files or prints.

Pacing (also in the README): the figure expected by a day is
``target × (days from the ledger's start to that day) / (days from the start to the
deadline)``, never below 0 nor above the target. ``percent`` is ``actual / target × 100``,
not capped. A share's status is ``done`` when actual ≥ target, else ``overdue`` after its
deadline, else ``on_track`` when actual ≥ expected, else ``behind``; ``no_target`` when the
table gives no number. A milestone is ``done``, ``pending`` or ``overdue``. A monthly duty
is ``on_time``, ``late`` or ``missing`` for every month whose due day has passed, and
``pending`` for the month still running.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..ledger.book import Book
from ..ledger.kinds import Share, shares
from ..ledger.kinds.status import Status
from ..ledger.model import Entry, Ledger, Task
from ..ledger.names import Registry
from ..text.amounts import fmt, percent
from .compute import actual_as_of

_CENT = Decimal("0.01")


def _round(value: Decimal) -> Decimal:
    """To the cent (half up), without trailing zeros or an exponent: 50.00 → 50."""
    return Decimal(fmt(value.quantize(_CENT, rounding=ROUND_HALF_UP)))


@dataclass(frozen=True)
class LastEntry:
    """The latest entry a unit made for a row, for the "when did we last hear" column."""

    id: str
    date: dt.date
    kind: str
    amount: Decimal | None
    note: str | None


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


@dataclass(frozen=True)
class MonthlyStatus:
    """One month of a monthly duty (row 11's report, row 14's article)."""

    task: int
    name: str
    month: str
    due: dt.date
    done_on: dt.date | None
    count: int
    status: Status


@dataclass(frozen=True)
class TaskStatus:
    """A row of the table: the district's figure against its target."""

    no: int
    title: str
    deadline: dt.date | str
    target: Decimal | None
    actual: Decimal | None
    percent: Decimal | None
    measure: str | None


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
class Activity:
    """The latest activity of a row without figures."""

    task: int
    title: str
    count: int
    total: Decimal | None
    last: LastEntry | None
    unit: str | None


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

    def as_json(self) -> dict[str, Any]:
        """The stable JSON contract (see the README)."""
        return {
            "as_of": self.as_of,
            "tasks": [asdict(t) for t in self.tasks],
            "allocations": [asdict(a) for a in self.allocations],
            "milestones": [asdict(m) for m in self.milestones],
            "monthly": [asdict(m) for m in self.monthly],
            "unallocated": [asdict(u) for u in self.unallocated],
            "activities": [asdict(a) for a in self.activities],
        }


def expected_by(target: Decimal, start: dt.date, deadline: dt.date, day: dt.date) -> Decimal:
    """The figure the pace calls for by ``day`` (see the module rule)."""
    if day >= deadline:
        return target
    if day <= start:
        return Decimal(0)
    return target * (day - start).days / (deadline - start).days


def share_status(
    target: Decimal | None,
    actual: Decimal,
    expected: Decimal | None,
    deadline: dt.date,
    day: dt.date,
) -> Status:
    """``done``, ``overdue``, ``on_track``, ``behind`` or ``no_target``."""
    if target is None:
        return Status.NO_TARGET
    if actual >= target:
        return Status.DONE
    if day > deadline:
        return Status.OVERDUE
    return Status.ON_TRACK if expected is not None and actual >= expected else Status.BEHIND


def _deadline(task: Task, fallback: dt.date) -> dt.date:
    for indicator in task.indicators:
        if isinstance(indicator.deadline, dt.date):
            return indicator.deadline
    return task.deadline if isinstance(task.deadline, dt.date) else fallback


def _last(entries: Iterable[Entry], day: dt.date) -> LastEntry | None:
    # The latest by date, then by time recorded, then the later in file order; a loop, not
    # a sort, as a unit may have thousands of entries.
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
    return LastEntry(entry.id, entry.date, entry.kind, entry.amount, entry.note)


def compute_status(book: Book, as_of: dt.date) -> StatusReport:
    """Every figure of the status report as of a day."""
    ledger = book.ledger
    registry = Registry(ledger)
    start = ledger.ledger.start_date
    year_end = dt.date(ledger.ledger.year, 12, 31)
    active = book.active()
    by_unit_task: dict[tuple[str, int], list[Entry]] = defaultdict(list)
    for entry in active:
        by_unit_task[(entry.unit, entry.task)].append(entry)

    allocations = [
        _allocation(share, by_unit_task, start, year_end, as_of)
        for share in shares(ledger, registry)
    ]
    tasks = [_task(task, allocations) for task in ledger.tasks]
    return StatusReport(
        as_of=as_of,
        start=start,
        year=ledger.ledger.year,
        tasks=tuple(tasks),
        allocations=tuple(allocations),
        milestones=tuple(_milestones(ledger, registry, by_unit_task, as_of)),
        monthly=tuple(_monthly(ledger, registry, by_unit_task, start, as_of)),
        unallocated=tuple(_unallocated(ledger, registry)),
        activities=tuple(_activities(ledger, active, as_of)),
    )


def _allocation(
    share: Share,
    by_unit_task: dict[tuple[str, int], list[Entry]],
    start: dt.date,
    year_end: dt.date,
    as_of: dt.date,
) -> AllocationStatus:
    task = share.task
    deadline = _deadline(task, year_end)
    entries = by_unit_task.get((share.unit, task.no), []) if share.unit else []
    actual = actual_as_of(entries, as_of)
    target = share.target
    expected = _round(expected_by(target, start, deadline, as_of)) if target is not None else None
    remaining = max(target - actual, Decimal(0)) if target is not None else None
    days_left = (deadline - as_of).days
    weekly = None
    if remaining is not None and days_left > 0:
        weekly = _round(remaining * 7 / days_left)
    return AllocationStatus(
        task=task.no,
        title=task.title,
        indicator=share.indicator.name,
        unit=share.unit,
        share=share.allocation.share,
        measure=share.indicator.measure,
        target=target,
        actual=actual,
        percent=percent(actual, target),
        expected=expected,
        remaining=remaining,
        weekly_needed=weekly,
        deadline=deadline,
        days_left=days_left,
        status=share_status(target, actual, expected, deadline, as_of),
        last_entry=_last(entries, as_of),
    )


def _task(task: Task, allocations: list[AllocationStatus]) -> TaskStatus:
    if not task.indicators:
        return TaskStatus(task.no, task.title, task.deadline, None, None, None, None)
    indicator = task.indicators[0]
    actual = sum((a.actual for a in allocations if a.task == task.no), Decimal(0))
    return TaskStatus(
        no=task.no,
        title=task.title,
        deadline=task.deadline,
        target=indicator.target,
        actual=actual,
        percent=percent(actual, indicator.target),
        measure=indicator.measure,
    )


def _done_dates(
    by_unit_task: dict[tuple[str, int], list[Entry]], units: Iterable[str], task_no: int,
    milestone: str | None, as_of: dt.date,
) -> list[dt.date]:  # fmt: skip
    return sorted(
        e.date
        for unit in units
        for e in by_unit_task.get((unit, task_no), [])
        if e.kind == "done" and e.milestone == milestone and e.date <= as_of
    )


def _milestone_status(done_on: dt.date | None, due: dt.date | None, as_of: dt.date) -> Status:
    if done_on is not None:
        return Status.DONE
    return Status.OVERDUE if due is not None and as_of > due else Status.PENDING


def _milestones(
    ledger: Ledger,
    registry: Registry,
    by_unit_task: dict[tuple[str, int], list[Entry]],
    as_of: dt.date,
) -> list[MilestoneStatus]:
    result = []
    for task in ledger.tasks:
        task_due = task.deadline if isinstance(task.deadline, dt.date) else None
        for milestone in task.milestones:
            units = registry.expand(milestone.units or task.leads)
            dates = _done_dates(by_unit_task, units, task.no, milestone.id, as_of)
            due = milestone.due if isinstance(milestone.due, dt.date) else task_due
            done_on = dates[0] if dates else None
            result.append(
                MilestoneStatus(
                    task=task.no,
                    unit=units[0] if len(milestone.units) == 1 else None,
                    name=milestone.name,
                    partner=None,
                    due=due,
                    optional=milestone.optional,
                    done=done_on is not None,
                    done_on=done_on,
                    status=_milestone_status(done_on, due, as_of),
                )
            )
        for pairing in task.pairings:
            unit = registry.canonical_name(pairing.unit) or pairing.unit
            dates = _done_dates(by_unit_task, [unit], task.no, None, as_of)
            due = pairing.due if isinstance(pairing.due, dt.date) else task_due
            done_on = dates[0] if dates else None
            result.append(
                MilestoneStatus(
                    task=task.no,
                    unit=unit,
                    name=f"结对{pairing.partner}",
                    partner=pairing.partner,
                    due=due,
                    optional=False,
                    done=done_on is not None,
                    done_on=done_on,
                    status=_milestone_status(done_on, due, as_of),
                )
            )
    return result


def month_due(year: int, month: int, due_day: int | str) -> dt.date:
    """The due date of a monthly duty in a month: the given day, or the month's last."""
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, last if due_day == "last" else min(int(due_day), last))


def _monthly(
    ledger: Ledger,
    registry: Registry,
    by_unit_task: dict[tuple[str, int], list[Entry]],
    start: dt.date,
    as_of: dt.date,
) -> list[MonthlyStatus]:
    result = []
    for task in ledger.tasks:
        duty = task.monthly
        if duty is None:
            continue
        units = registry.expand(duty.units or task.leads)
        done = [e for u in units for e in by_unit_task.get((u, task.no), []) if e.kind == "done"]
        end = task.deadline if isinstance(task.deadline, dt.date) else as_of
        year, month = start.year, start.month
        while (year, month) <= (min(as_of, end).year, min(as_of, end).month):
            due = month_due(year, month, duty.due_day)
            in_month = sorted(
                (e.date, e.recorded_at, e.amount)
                for e in done
                if (e.date.year, e.date.month) == (year, month) and e.date <= as_of
            )
            count = 0
            reached_on: dt.date | None = None
            for day, _at, amount in in_month:
                count += int(amount) if amount is not None else 1
                if reached_on is None and count >= duty.count:
                    reached_on = day
            if reached_on is not None:
                status = Status.ON_TIME if reached_on <= due else Status.LATE
            else:
                status = Status.MISSING if as_of > due else Status.PENDING
            result.append(
                MonthlyStatus(
                    task=task.no,
                    name=duty.name,
                    month=f"{year}-{month:02d}",
                    due=due,
                    done_on=reached_on,
                    count=count,
                    status=status,
                )
            )
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


def _unallocated(ledger: Ledger, registry: Registry) -> list[Unallocated]:
    result = []
    district = ledger.ledger.district
    for task in ledger.tasks:
        for indicator in task.indicators:
            if indicator.target is None:
                continue
            allocated = Decimal(0)
            pending = []
            for allocation in indicator.allocations:
                if allocation.target is None:
                    pending.append(
                        f"{allocation.unit or '未写明单位'}：{allocation.target_text or '目标未知'}"
                    )
                    continue
                if allocation.unit is None:
                    pending.append(f"未写明单位 {allocation.target}：{allocation.note or ''}")
                    continue
                name = registry.canonical_name(allocation.unit) or allocation.unit
                count = len(registry.members(name)) if allocation.share == "each" else 1
                allocated += allocation.target * count
            result.append(
                Unallocated(
                    task=task.no,
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


def _activities(ledger: Ledger, active: list[Entry], as_of: dt.date) -> list[Activity]:
    result = []
    by_task: dict[int, list[Entry]] = defaultdict(list)
    for entry in active:
        by_task[entry.task].append(entry)
    for task in ledger.tasks:
        if task.indicators or task.pairings or task.milestones or task.monthly:
            continue
        entries = [e for e in by_task[task.no] if e.date <= as_of]
        amounts = [e.amount for e in entries if e.amount is not None]
        last = _last(entries, as_of)
        unit = next((e.unit for e in entries if last and e.id == last.id), None)
        result.append(
            Activity(
                task=task.no,
                title=task.title,
                count=len(entries),
                total=sum(amounts, Decimal(0)) if amounts else None,
                last=last,
                unit=unit,
            )
        )
    return result


def filter_report(report: StatusReport, unit: str | None, task: int | None) -> dict[str, Any]:
    """The JSON of a report, narrowed to one unit and/or one row when asked."""
    data = report.as_json()
    if unit is None and task is None:
        return data
    for key in ("allocations", "milestones"):
        data[key] = [
            item
            for item in data[key]
            if (unit is None or item["unit"] == unit) and (task is None or item["task"] == task)
        ]
    if task is not None:
        for key in ("tasks", "monthly", "unallocated", "activities"):
            number = "no" if key == "tasks" else "task"
            data[key] = [item for item in data[key] if item[number] == task]
    return data
