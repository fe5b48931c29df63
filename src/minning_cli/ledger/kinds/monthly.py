"""Something due every month: row 11's report (the 25th), row 14's article (month end)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from ...text.amounts import fmt
from ..model import Entry, MonthlyDuty, Task
from ..pacing import month_due, month_status
from .base import Day, EntriesOf, Item, Refusal, row_label, task_due
from .standing import MonthlyStatus


class MonthlyItem(Item):
    """Done each month by any of its units; an entry may say how many (篇) it covers."""

    takes = frozenset({"done"})
    about = "monthly"

    def __init__(self, task: Task, duty: MonthlyDuty, units: Sequence[str]) -> None:
        super().__init__(task, units)
        self.duty = duty
        self.measure = duty.measure  # 次, 篇…: how many times it was done that month

    @property
    def name(self) -> str:
        return self.duty.name

    def refuses(self, entry: Entry) -> Refusal | None:
        amount = entry.amount
        # 0 is allowed: earlier versions wrote it, and it counts nothing.
        if amount is not None and amount != amount.to_integral_value():
            return Refusal(
                f"{row_label(self.task)}的{self.measure}数应为整数，而不是 {fmt(amount)}", "amount"
            )
        return None

    def not_concerned(self, unit: str, others: Sequence[Item]) -> str:
        leads = "、".join(self.task.leads)
        return f"{unit}不是{row_label(self.task)}的牵头单位；牵头单位：{leads}"

    def reads(self, entry: Entry, actual: Decimal | None = None) -> str:
        count = f" {fmt(entry.amount)}{self.measure}" if entry.amount is not None else ""
        return f"{self.task.title} {entry.date.month}月{self.duty.name}{count} 已完成"

    def stand(self, entries_of: EntriesOf, day: Day) -> Sequence[MonthlyStatus]:
        done = [e for unit in self.units for e in entries_of(unit, self.task.no) if self.counts(e)]
        end = min(day.as_of, task_due(self.task) or day.as_of)
        year, month = day.start.year, day.start.month
        result = []
        while (year, month) <= (end.year, end.month):
            due = month_due(year, month, self.duty.due_day)
            in_month = sorted(
                (e.date, e.recorded_at, e.amount)
                for e in done
                if (e.date.year, e.date.month) == (year, month) and e.date <= day.as_of
            )
            count = 0
            reached_on = None
            for date, _at, amount in in_month:
                count += int(amount) if amount is not None else 1
                if reached_on is None and count >= self.duty.count:
                    reached_on = date
            result.append(
                MonthlyStatus(
                    task=self.task.no,
                    name=self.duty.name,
                    month=f"{year}-{month:02d}",
                    due=due,
                    done_on=reached_on,
                    count=count,
                    measure=self.duty.measure,
                    status=month_status(reached_on, due, day.as_of),
                    units=self.units,
                )
            )
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return result
