"""How the standings moved: ``compute_status`` of two books on one day, compared item by item.

Nothing here guesses which units a change might touch: both versions are judged on the same
day, and every share, milestone, pairing, month of a monthly duty and row of activities
whose standing differs is listed, whatever moved it (an entry, a void, a target, a due date,
a due day, the ledger's start). Items are matched by what they are, not by position:

- a share by (row, indicator, unit), a group's "each" share once per member;
- a milestone by (row, name, unit it is shown under) and a pairing by (row, partner, unit):
  a pairing whose partner changed is a different pairing, so one disappears and one appears;
- a month of a monthly duty by (row, duty, month); a row of activities by its number.

A milestone or monthly duty that several units may do is shown under the first of them, as
``calls`` lists it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal

from ..ledger.book import Book
from ..ledger.status import Status
from .status import compute_status

# The kinds of item a standing belongs to, in the order a row's changes are listed.
KINDS = ("allocation", "milestone", "pairing", "monthly", "activity")


@dataclass(frozen=True)
class Standing:
    """How one item stands on the day; only what its kind has is set.

    A share: status, actual, target, percent, expected. A milestone, a pairing or a month:
    status and ``done_on``. A row of activities: no status; ``count`` activities, ``actual``
    the sum of the amounts recorded with them (None if none), ``done_on`` the latest's day.
    """

    status: Status | None
    actual: Decimal | None = None
    target: Decimal | None = None
    percent: Decimal | None = None
    expected: Decimal | None = None
    done_on: dt.date | None = None
    count: int | None = None


@dataclass(frozen=True)
class StatusChange:
    """One item whose standing differs: before and after (None where it did not exist).

    ``item`` is the indicator's name, the milestone's name, the pairing's partner or the
    monthly duty's name (None for activities); ``month`` is set for a month of a duty;
    ``measure`` is the indicator's, or the row's activity measure.
    """

    kind: str
    unit: str | None
    task: int
    title: str
    item: str | None
    month: str | None
    measure: str | None
    before: Standing | None = None
    after: Standing | None = None


Key = tuple[str | int | None, ...]


def standing_changes(old: Book, new: Book, as_of: dt.date) -> list[StatusChange]:
    """Every item whose standing on ``as_of`` differs between the books, row by row."""
    before, after = _standings(old, as_of), _standings(new, as_of)
    result = []
    for key in dict.fromkeys([*before, *after]):
        was, now = before.get(key), after.get(key)
        if was is not None and now is not None and was[1] == now[1]:
            continue
        shown = now or was
        assert shown is not None  # the key came from one of the two
        result.append(
            replace(
                shown[0],
                before=was[1] if was is not None else None,
                after=now[1] if now is not None else None,
            )
        )
    return sorted(result, key=lambda c: (c.task, KINDS.index(c.kind)))


def _standings(book: Book, as_of: dt.date) -> dict[Key, tuple[StatusChange, Standing]]:
    """Each item of the book's standing by its key: what it is, and how it stands."""
    report = compute_status(book, as_of)
    ledger = book.ledger
    titles = {task.no: task.title for task in ledger.tasks}
    result: dict[Key, tuple[StatusChange, Standing]] = {}
    for a in report.allocations:
        what = StatusChange("allocation", a.unit, a.task, a.title, a.indicator, None, a.measure)
        standing = Standing(a.status, a.actual, a.target, a.percent, a.expected)
        result[("allocation", a.task, a.indicator, a.unit)] = (what, standing)
    for m in report.milestones:
        standing = Standing(m.status, done_on=m.done_on)
        if m.partner is not None:
            what = StatusChange("pairing", m.unit, m.task, titles[m.task], m.partner, None, None)
            result[("pairing", m.task, m.partner, m.unit)] = (what, standing)
        else:
            what = StatusChange("milestone", m.owner, m.task, titles[m.task], m.name, None, None)
            result[("milestone", m.task, m.id, m.owner)] = (what, standing)
    for month in report.monthly:
        what = StatusChange(
            "monthly", month.owner, month.task, titles[month.task], month.name, month.month, None
        )
        standing = Standing(month.status, done_on=month.done_on)
        result[("monthly", month.task, month.name, month.month)] = (what, standing)
    for activity in report.activities:
        task = ledger.task(activity.task)
        what = StatusChange(
            "activity", activity.owner, task.no, task.title, None, None, activity.measure
        )
        last = activity.last.date if activity.last is not None else None
        standing = Standing(None, actual=activity.total, done_on=last, count=activity.count)
        result[("activity", task.no)] = (what, standing)
    return result
