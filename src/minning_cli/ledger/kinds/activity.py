"""What a unit did for a row without figures: a fair held, a visit made, people trained."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from ...text.amounts import MONEY, fmt_measure
from ..model import Entry, Task
from .base import Day, EntriesOf, Item, Refusal, count_refusal, row_label
from .standing import Activity, LastEntry


class ActivityItem(Item):
    """Any unit that takes part in the row may note what it did, with a count if it has one."""

    takes = frozenset({"activity"})
    about = "activity"

    def __init__(self, task: Task, units: Sequence[str]) -> None:
        super().__init__(task, units)
        measure = task.activity_measure or "个"
        self.measure = None if measure == MONEY else measure  # a count, never money

    @property
    def name(self) -> str:
        return "活动"

    @property
    def subject(self) -> str:
        return self.task.title

    def refuses(self, entry: Entry) -> Refusal | None:
        if not (entry.note or "").strip():
            return Refusal(
                f"{row_label(self.task)}没有数字指标：活动记录须写明做了什么（备注）", "note"
            )
        if entry.amount is not None and self.measure is None:
            return self.no_amount()
        return count_refusal(entry.amount, self.measure)

    def no_amount(self) -> Refusal:
        return Refusal("活动记录只能附人数或个数", "amount")

    def not_concerned(self, unit: str, others: Sequence[Item]) -> str:
        leads = "、".join(self.task.leads)
        return f"{unit}不是{row_label(self.task)}的牵头或责任单位；牵头单位：{leads}"

    def reads(self, entry: Entry, actual: Decimal | None = None) -> str:
        count = f"（{fmt_measure(entry.amount, self.measure or '个')}）" if entry.amount else ""
        return f"{self.task.title} 活动：{entry.note or ''}{count}"

    def stand(self, entries_of: EntriesOf, day: Day) -> Sequence[Activity]:
        entries = [
            e
            for unit in self.units
            for e in entries_of(unit, self.task.no)
            if self.counts(e) and e.date <= day.as_of
        ]
        amounts = [e.amount for e in entries if e.amount is not None]
        last = LastEntry.latest(entries, day.as_of)
        unit = next((e.unit for e in entries if last and e.id == last.id), None)
        return (
            Activity(
                task=self.task.no,
                title=self.task.title,
                count=len(entries),
                total=sum(amounts, Decimal(0)) if amounts else None,
                last=last,
                unit=unit,
                units=self.units,
                measure=self.measure,
            ),
        )
