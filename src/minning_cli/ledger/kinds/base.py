"""The protocol every kind of row content follows, and what a standing is computed from.

A row of the table holds items of a few kinds (a unit's share of a figure, a milestone, a
pairing, a monthly duty, activities). Each kind is one class that says, for itself:

- which entries it takes (``takes``: the entry kinds; ``concerns``: the units; ``addresses``:
  which of a row's items an entry names) and why not, in Chinese (``refuses``);
- how an entry reads to a person (``reads``);
- how it stands on a day (``stand``), as plain frozen data (``standing``).

``check``, ``record``, ``import``, ``status`` and everything built on them ask these
classes; nothing else decides which entry fits which row.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from ...text.amounts import MONEY, fmt
from ..model import Entry, EntryKind, Pacing, Task

# The active entries of one unit for one row, in file order.
EntriesOf = Callable[[str, int], Sequence[Entry]]


@dataclass(frozen=True)
class Day:
    """What a standing is computed against: the day, and the ledger's pacing span."""

    as_of: dt.date
    start: dt.date
    year_end: dt.date
    pacing: Pacing | None = None  # the ledger's default pacing (``ledger.pacing``)


@dataclass(frozen=True)
class Refusal:
    """Why an entry does not fit a row, in Chinese, and which field of the entry is wrong."""

    message: str
    field: str


def row_label(task: Task) -> str:
    """How messages name a row: 任务4“消费帮扶”."""
    return f"任务{task.no}“{task.title}”"


def count_refusal(amount: Decimal | None, measure: str | None) -> Refusal | None:
    """Persons and counts are whole numbers; money (万元) may have decimals."""
    if amount is None or measure in (None, MONEY) or amount == amount.to_integral_value():
        return None
    return Refusal(f"“{fmt(amount)}”不是整数：这项指标按“{measure}”计", "amount")


# Entry fields only some kinds take, with how a person names them.
EXTRA_FIELDS: dict[str, str] = {
    "start": "派出日期",
    "months": "计划月数",
    "ref": "所指的选派记录",
    "received": "到位金额",
    "disbursed": "拨付金额",
    "used": "使用金额",
}


def extras_refusal(entry: Entry, item: Item) -> Refusal | None:
    """An entry giving a field its item does not take (funds on a pairing, a term on row 4)."""
    for name, label in EXTRA_FIELDS.items():
        if getattr(entry, name) is not None and name not in item.extras:
            return Refusal(f"{row_label(item.task)}的“{item.name}”不记{label}", name)
    return None


@functools.lru_cache(maxsize=8192)  # row 2's thousands of terms start on a few hundred days
def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it has no such day)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def task_due(task: Task) -> dt.date | None:
    """The row's deadline when it is a date (not 持续推进)."""
    return task.deadline if isinstance(task.deadline, dt.date) else None


class Item(ABC):
    """One thing a row holds that entries are recorded against."""

    takes: frozenset[EntryKind]
    # What an entry for it counts towards, as a code for scripts (review's JSON ``about``).
    about: ClassVar[str]
    # What ``record`` parses a typed amount as (人, 万元, 篇…); None: this kind takes no amount.
    measure: str | None = None
    # The entry fields beyond the common ones this kind takes (a term's start, a report's funds).
    extras: frozenset[str] = frozenset()

    def __init__(self, task: Task, units: Sequence[str]) -> None:
        self.task = task
        self.units = tuple(units)

    def concerns(self, unit: str) -> bool:
        """Whether ``unit`` records against this item."""
        return unit in self.units

    def addresses(self, milestone: str | None) -> bool:
        """Whether an entry naming ``milestone`` (an entry's ``milestone`` field) means this item."""
        return milestone is None

    def counts(self, entry: Entry) -> bool:
        """Whether an entry of one of its units counts for it: the test ``route`` applies,
        so that ``stand`` counts exactly what ``fit`` accepted."""
        return entry.kind in self.takes and self.addresses(entry.milestone)

    def refuses(self, entry: Entry) -> Refusal | None:
        """What is wrong with an entry this item would otherwise take; None when nothing."""
        if entry.amount is not None and self.measure is None:
            return self.no_amount()
        return None

    def no_amount(self) -> Refusal:
        """Why an amount cannot go with an entry for this item (its ``measure`` is None)."""
        return Refusal(f"{row_label(self.task)}的“{self.name}”只记完成，不带数额", "amount")

    @property
    @abstractmethod
    def name(self) -> str:
        """The item as messages name it."""

    @property
    def subject(self) -> str:
        """What an entry counts towards, in the table's own words (an indicator, a partner…)."""
        return self.name

    @abstractmethod
    def not_concerned(self, unit: str, others: Sequence[Item]) -> str:
        """Why ``unit`` cannot record against this kind in this row (``others``: its peers)."""

    @abstractmethod
    def reads(self, entry: Entry, actual: Decimal | None = None) -> str:
        """How an entry for this item reads, after ``单位 · ``."""

    @abstractmethod
    def stand(self, entries_of: EntriesOf, day: Day) -> Sequence[object]:
        """How the item stands on a day, as frozen data (one or more records)."""
