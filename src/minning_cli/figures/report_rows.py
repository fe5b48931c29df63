"""The parts of a 月报 beyond the figures: every row's progress, what is wrong, what comes next.

Pure data read from a ``StatusReport`` (``report.row(no)``): the view turns it into words.

- ``RowProgress``: one of the table's rows as 一、总体进展 describes it — its district figure
  when it has one, else what was done: its one-off items (pairings, the meeting), its months
  of a monthly duty, its recorded activities. A row's further standings (row 11's fund figures)
  join as one more field here and one more part of the row's line in the view.
- ``Attention``: a row without figures with nothing recorded all year (存在问题).
- ``DueAhead``: what falls due in the two months after the report (下一步工作打算), beside
  the call list's first units.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ..ledger.book import Book
from ..ledger.status import Status
from .calls import compute_calls
from .status import Activity, MilestoneStatus, MonthlyStatus, StatusReport

AHEAD_DAYS = 62  # 下一步: deadlines within about two months of the report
CALLS_SHOWN = 5


@dataclass(frozen=True)
class ActivityLine:
    """An activity entry of the month (rows without figures: 劳务协作, 拓展产销 …)."""

    date: dt.date
    task: int
    title: str
    unit: str
    note: str | None
    amount: Decimal | None
    measure: str | None


@dataclass(frozen=True)
class RowProgress:
    """One row of the table as the report's 总体进展 tells it."""

    task: int
    title: str
    leads: tuple[str, ...]
    deadline: dt.date | str
    milestones: tuple[MilestoneStatus, ...]
    done_by: tuple[str | None, ...]  # per milestone, the unit whose entry completed it
    monthly: tuple[MonthlyStatus, ...]  # months due by the report's day, and its own month
    activities: tuple[ActivityLine, ...]  # the month's
    activity: Activity | None  # the year's, up to the report's day


@dataclass(frozen=True)
class Attention:
    """A row without figures that has nothing recorded all year, with its lead units."""

    task: int
    title: str
    leads: tuple[str, ...]
    deadline: dt.date | str


@dataclass(frozen=True)
class DueAhead:
    """Something not yet done that falls due soon after the report."""

    due: dt.date
    task: int
    title: str
    name: str  # the indicator, the milestone or the monthly duty
    units: tuple[str, ...]
    remaining: Decimal | None  # for a figure: what is still missing of the target
    measure: str | None


@dataclass(frozen=True)
class CallAhead:
    """A unit the call list puts first, and what to ask it."""

    unit: str
    ask: str


def row_progress(
    book: Book, now: StatusReport, month: str, activities: list[ActivityLine]
) -> list[RowProgress]:
    """Every row of the table, in order, with what it holds."""
    result = []
    for task in book.ledger.tasks:
        standing = now.row(task.no)
        months = tuple(
            m for m in standing.monthly if (m.month <= month and m.status != Status.PENDING)
            or m.month == month
        )  # fmt: skip
        result.append(
            RowProgress(
                task=task.no, title=task.title, leads=task.leads, deadline=task.deadline,
                milestones=standing.milestones,
                done_by=tuple(_done_by(book, m) for m in standing.milestones), monthly=months,
                activities=tuple(a for a in activities if a.task == task.no),
                activity=standing.activity,
            )
        )  # fmt: skip
    return result


def _done_by(book: Book, milestone: MilestoneStatus) -> str | None:
    """The unit whose entry completed a one-off item (a pairing is its own unit's)."""
    if milestone.done_on is None:
        return None
    if milestone.partner is not None:
        return milestone.unit
    for entry in book.active():
        if (
            entry.task == milestone.task and entry.kind == "done" and entry.date == milestone.done_on
            and (entry.milestone in (None, milestone.id))
        ):  # fmt: skip
            return entry.unit
    return milestone.unit


def attention(rows: list[RowProgress], now: StatusReport) -> list[Attention]:
    """Rows holding only activities where nothing was recorded all year."""
    return [
        Attention(r.task, r.title, r.leads, r.deadline)
        for r in rows
        if r.activity is not None and r.activity.count == 0 and not r.milestones
        and not r.monthly and now.row(r.task).total.actual is None
    ]  # fmt: skip


def due_ahead(now: StatusReport, days: int = AHEAD_DAYS) -> list[DueAhead]:
    """Figures, one-off items and monthly duties not done that fall due soon, by date."""
    until = now.as_of + dt.timedelta(days=days)
    found: list[DueAhead] = []
    for total in now.tasks:
        due = total.pace_deadline
        if (
            due is None or not now.as_of < due <= until or total.status == Status.DONE
            or total.target is None or total.actual is None or total.indicator is None
        ):  # fmt: skip
            continue
        units = tuple(
            dict.fromkeys(
                a.unit for a in now.row(total.no).allocations
                if a.unit is not None and a.status != Status.DONE
            )
        )  # fmt: skip
        found.append(DueAhead(due, total.no, total.title, total.indicator, units,
                              total.target - total.actual, total.measure))  # fmt: skip
    for m in now.milestones:
        if m.due is not None and now.as_of < m.due <= until and not m.done and not m.optional:
            name = f"{m.unit}结对{m.partner}" if m.partner is not None else m.name
            title = next(t.title for t in now.tasks if t.no == m.task)
            found.append(DueAhead(m.due, m.task, title, name, m.units, None, None))
    for duty in now.monthly:
        if now.as_of < duty.due <= until and duty.status == Status.PENDING:
            title = next(t.title for t in now.tasks if t.no == duty.task)
            name = f"{int(duty.month[5:])}月{duty.name}"
            found.append(DueAhead(duty.due, duty.task, title, name, duty.units, None, None))
    found.sort(key=lambda d: (d.due, d.task))
    return found


def calls_ahead(book: Book, as_of: dt.date, shown: int = CALLS_SHOWN) -> list[CallAhead]:
    """The first units of the call list on the report's day, and what to ask each."""
    return [CallAhead(c.unit, c.ask) for c in compute_calls(book, as_of)[:shown]]
