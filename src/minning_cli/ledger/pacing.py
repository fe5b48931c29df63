"""Pacing: what a target calls for by a day, and how a figure stands against it.

The rules (also in the README), one per indicator (``pacing`` in ``tasks.yaml``; by default
``linear`` for money, ``deadline`` for counts such as persons):

- ``linear``: expected by a day = ``target × (days from the ledger's start to that day) /
  (days from the start to the deadline)``, 0 before the start, the target from the deadline;
- ``deadline``: nothing is expected before the deadline, the target from it on; the figure
  is ``behind`` before its deadline only when what remains cannot fit in the days left
  (more than one a day);
- ``stepped``: the target in equal monthly steps, ``target × (months ended since the
  start) / (months from the start's month to the deadline's)``.

Expected figures are rounded to the cent once, here. A figure is ``done`` when actual ≥
target, else ``overdue`` once its deadline has passed, else ``on_track`` when actual ≥
expected, else ``behind``; ``no_target`` when the table gives no number.

A deadline has passed when its day is over; as of the ledger year's last day the year is
closed and every deadline in it has passed (``passed``).

A one-off item is ``done``, ``pending`` or ``overdue``; a month of a monthly duty is
``on_time``, ``late``, ``missing`` or (while its due day has not passed) ``pending``.

To change a pacing rule, change this module: every kind of row asks it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from ..text.amounts import MONEY, fmt
from .model import Pacing
from .status import Status

_CENT = Decimal("0.01")


def round_cent(value: Decimal) -> Decimal:
    """To the cent (half up), without trailing zeros or an exponent: 50.00 → 50."""
    return Decimal(fmt(value.quantize(_CENT, rounding=ROUND_HALF_UP)))


def default_pacing(measure: str, declared: Pacing | None = None) -> Pacing:
    """An indicator's rule: as declared, else linear for money and due-at-deadline for counts."""
    if declared is not None:
        return declared
    return "linear" if measure == MONEY else "deadline"


def passed(deadline: dt.date, day: dt.date, year_end: dt.date | None = None) -> bool:
    """Whether a deadline has passed as of ``day``: its day is over, or the year is closed."""
    if day > deadline:
        return True
    return year_end is not None and day >= year_end and deadline <= year_end


def _months(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def expected_by(
    target: Decimal, start: dt.date, deadline: dt.date, day: dt.date, rule: Pacing = "linear"
) -> Decimal:
    """The figure the pace calls for by ``day``, unrounded (see the module rules)."""
    if day >= deadline:
        return target
    if day <= start or rule == "deadline":
        return Decimal(0)
    if rule == "stepped":
        ended = _months(start, day) + (1 if day == month_due(day.year, day.month, "last") else 0)
        return target * min(ended, _months(start, deadline) + 1) / (_months(start, deadline) + 1)
    return target * (day - start).days / (deadline - start).days


def expected_figure(
    target: Decimal | None,
    start: dt.date,
    deadline: dt.date,
    day: dt.date,
    rule: Pacing = "linear",
) -> Decimal | None:
    """The expected figure as every view shows it: rounded to the cent; None without a target."""
    if target is None:
        return None
    return round_cent(expected_by(target, start, deadline, day, rule))


def figure_status(
    target: Decimal | None,
    actual: Decimal,
    expected: Decimal | None,
    deadline: dt.date,
    day: dt.date,
    rule: Pacing = "linear",
    year_end: dt.date | None = None,
) -> Status:
    """``done``, ``overdue``, ``on_track``, ``behind`` or ``no_target`` (see the module rules)."""
    if target is None:
        return Status.NO_TARGET
    if actual >= target:
        return Status.DONE
    if passed(deadline, day, year_end):
        return Status.OVERDUE
    if rule == "deadline":
        # Nothing is due yet: behind only when what remains cannot fit, one a day at most.
        return Status.BEHIND if target - actual > (deadline - day).days + 1 else Status.ON_TRACK
    return Status.ON_TRACK if expected is not None and actual >= expected else Status.BEHIND


def one_off_status(
    done_on: dt.date | None, due: dt.date | None, day: dt.date, year_end: dt.date | None = None
) -> Status:
    """A milestone or pairing: ``done``, else ``overdue`` past its due date, else ``pending``."""
    if done_on is not None:
        return Status.DONE
    return Status.OVERDUE if due is not None and passed(due, day, year_end) else Status.PENDING


def month_status(
    reached_on: dt.date | None, due: dt.date, day: dt.date, year_end: dt.date | None = None
) -> Status:
    """One month of a monthly duty, as of ``day``."""
    if reached_on is not None:
        return Status.ON_TIME if reached_on <= due else Status.LATE
    return Status.MISSING if passed(due, day, year_end) else Status.PENDING


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
