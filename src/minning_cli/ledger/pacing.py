"""Pacing: what a target calls for by a day, and how a figure stands against it.

The rule (also in the README): the figure expected by a day is
``target × (days from the ledger's start to that day) / (days from the start to the
deadline)``, never below 0 nor above the target, rounded to the cent once, here. A figure
is ``done`` when actual ≥ target, else ``overdue`` after its deadline, else ``on_track``
when actual ≥ expected, else ``behind``; ``no_target`` when the table gives no number.
A one-off item is ``done``, ``pending`` or ``overdue``; a month of a monthly duty is
``on_time``, ``late``, ``missing`` or (while its due day has not passed) ``pending``.

To change a pacing rule, change this module: every kind of row asks it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from ..text.amounts import fmt
from .status import Status

_CENT = Decimal("0.01")


def round_cent(value: Decimal) -> Decimal:
    """To the cent (half up), without trailing zeros or an exponent: 50.00 → 50."""
    return Decimal(fmt(value.quantize(_CENT, rounding=ROUND_HALF_UP)))


def expected_by(target: Decimal, start: dt.date, deadline: dt.date, day: dt.date) -> Decimal:
    """The figure the pace calls for by ``day``, unrounded (see the module rule)."""
    if day >= deadline:
        return target
    if day <= start:
        return Decimal(0)
    return target * (day - start).days / (deadline - start).days


def expected_figure(
    target: Decimal | None, start: dt.date, deadline: dt.date, day: dt.date
) -> Decimal | None:
    """The expected figure as every view shows it: rounded to the cent; None without a target."""
    return None if target is None else round_cent(expected_by(target, start, deadline, day))


def figure_status(
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


def one_off_status(done_on: dt.date | None, due: dt.date | None, day: dt.date) -> Status:
    """A milestone or pairing: ``done``, else ``overdue`` past its due date, else ``pending``."""
    if done_on is not None:
        return Status.DONE
    return Status.OVERDUE if due is not None and day > due else Status.PENDING


def month_status(reached_on: dt.date | None, due: dt.date, day: dt.date) -> Status:
    """One month of a monthly duty, as of ``day``."""
    if reached_on is not None:
        return Status.ON_TIME if reached_on <= due else Status.LATE
    return Status.MISSING if day > due else Status.PENDING


def one_offs_status(items: Sequence[tuple[bool, bool, Status]]) -> Status:
    """A row of one-off items, each (optional, done, status): ``done`` when every required
    one is (all of them when all are optional), else ``overdue`` if one is, else ``pending``."""
    required = [item for item in items if not item[0]] or list(items)
    if all(done for _, done, _ in required):
        return Status.DONE
    return Status.OVERDUE if any(s == Status.OVERDUE for *_, s in required) else Status.PENDING


def months_status(statuses: Iterable[Status]) -> Status:
    """A monthly duty over its months: the worst month that is due (missing, late, on time)."""
    codes = set(statuses)
    for code in (Status.MISSING, Status.LATE, Status.ON_TIME):
        if code in codes:
            return code
    return Status.PENDING


def weekly_needed(remaining: Decimal | None, days_left: int) -> Decimal | None:
    """What each remaining week must bring to reach the target by the deadline."""
    if remaining is None or days_left <= 0:
        return None
    return round_cent(remaining * 7 / days_left)


def month_due(year: int, month: int, due_day: int | str) -> dt.date:
    """The due date of a monthly duty in a month: the given day, or the month's last."""
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, last if due_day == "last" else min(int(due_day), last))
