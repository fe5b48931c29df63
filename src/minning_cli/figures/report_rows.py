"""The parts of a 月报 beyond the figures: every row's progress, what is wrong, what comes next.

Pure data read from a ``StatusReport`` (``report.row(no)``): the view turns it into words.

- ``RowProgress``: one of the table's rows as 一、总体进展 describes it — its district figure
  when it has one, else what was done: its one-off items (pairings, the meeting), its months
  of a monthly duty, its recorded activities. A row's further standings (row 11's fund figures)
  join as one more field here and one more part of the row's line in the view.
- ``Attention``: a row without figures that needs a word in 存在问题: overdue (逾期), gone
  quiet (久无进展, 全年无记录), or nothing recorded yet (无记录), with its lead units.
- ``DueAhead``: what falls due in the two months after the report (下一步工作打算), beside
  the call list's first units; a row without figures is there when nothing is recorded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ..ledger.book import Book
from ..ledger.status import Status
from .calls import compute_calls
from .status import Activity, MilestoneStatus, MonthlyStatus, StatusReport, TermStatus

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
    terms: tuple[TermStatus, ...] = ()  # row 2's dispatches with a flag (short plan, early return)
    instalments: tuple[MonthlyStatus, ...] = ()  # row 2's subsidy, months due by the report's day


@dataclass(frozen=True)
class Attention:
    """A row without figures that is overdue, quiet or without a record, with its lead units."""

    task: int
    title: str
    leads: tuple[str, ...]
    deadline: dt.date | str
    status: Status
    count: int  # activities recorded so far
    silent_days: int | None = None  # days since the last record (久无进展)


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
    unrecorded: bool = False  # a row without figures with nothing recorded yet


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
                terms=tuple(t for t in standing.terms if t.flags),
                instalments=tuple(
                    m for m in standing.instalments if (m.month <= month
                    and m.status != Status.PENDING) or m.month == month
                ),
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


# The standings of a row without figures that 存在问题 names, most urgent first.
ATTENTION = (Status.OVERDUE, Status.SILENT_YEAR, Status.QUIET, Status.NO_RECORD)


def attention(rows: list[RowProgress]) -> list[Attention]:
    """Rows without figures that are overdue, quiet, or without a record, most urgent first."""
    found = [
        Attention(r.task, r.title, r.activity.leads or r.leads, r.deadline, r.activity.status,
                  r.activity.count, r.activity.silent_days)
        for r in rows
        if r.activity is not None and r.activity.status in ATTENTION
    ]  # fmt: skip
    return sorted(found, key=lambda a: (ATTENTION.index(a.status), a.task))


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
    for activity in now.activities:
        due = activity.deadline
        if due is not None and now.as_of < due <= until and activity.status == Status.NO_RECORD:
            found.append(DueAhead(due, activity.task, activity.title, activity.title,
                                  activity.leads, None, None, unrecorded=True))  # fmt: skip
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
