"""Something due every month: row 11's report (the 25th), row 14's article (month end)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from ...text.amounts import fmt, percent
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
        if duty.funds:
            self.extras = FUND_FIELDS

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
        funds = fund_text(entry.received, entry.disbursed, entry.used)
        funds = f"（{funds}）" if funds else ""
        return f"{self.task.title} {entry.date.month}月{self.duty.name}{count}{funds} 已完成"

    def stand(self, entries_of: EntriesOf, day: Day) -> Sequence[MonthlyStatus]:
        done = [e for unit in self.units for e in entries_of(unit, self.task.no) if self.counts(e)]
        end = min(day.as_of, task_due(self.task) or day.as_of)
        result = []
        for year, month in months_from(day.start, end, self.duty.due_day):
            due = month_due(year, month, self.duty.due_day)
            in_month = sorted(
                (e.date, e.recorded_at, index)
                for index, e in enumerate(done)
                if (e.date.year, e.date.month) == (year, month) and e.date <= day.as_of
            )
            count = 0
            reached_on = None
            for date, _at, index in in_month:
                amount = done[index].amount
                count += int(amount) if amount is not None else 1
                if reached_on is None and count >= self.duty.count:
                    reached_on = date
            funds = (
                _funds([done[index] for *_, index in in_month]) if self.duty.funds else _NO_FUNDS
            )
            result.append(
                MonthlyStatus(
                    task=self.task.no,
                    name=self.duty.name,
                    month=f"{year}-{month:02d}",
                    due=due,
                    done_on=reached_on,
                    count=count,
                    measure=self.duty.measure,
                    status=month_status(reached_on, due, day.as_of, day.year_end),
                    units=self.units,
                    received=funds["received"],
                    disbursed=funds["disbursed"],
                    used=funds["used"],
                    use_rate=funds["use_rate"],
                    reports=len(in_month),
                )
            )
        return result


FUND_FIELDS = frozenset({"received", "disbursed", "used"})
_NO_FUNDS: dict[str, Decimal | None] = dict.fromkeys((*FUND_FIELDS, "use_rate"))


def fund_text(received: Decimal | None, disbursed: Decimal | None, used: Decimal | None) -> str:
    """到位 120万元、拨付 100万元、使用 80万元 (those given)."""
    named = (("到位", received), ("拨付", disbursed), ("使用", used))
    return "、".join(f"{word} {fmt(value)}万元" for word, value in named if value is not None)


def _funds(entries: Sequence[Entry]) -> dict[str, Decimal | None]:
    """A month's fund figures: each the latest reported that month (they are cumulative)."""
    figures: dict[str, Decimal | None] = dict.fromkeys(FUND_FIELDS)
    for entry in entries:  # in the order they count: the later wins
        for name in FUND_FIELDS:
            if getattr(entry, name) is not None:
                figures[name] = getattr(entry, name)
    received, used = figures["received"], figures["used"]
    rate = percent(used, received) if used is not None and received else None
    return {**figures, "use_rate": rate}


def months_from(start: dt.date, end: dt.date, due_day: int | str) -> list[tuple[int, int]]:
    """The (year, month)s of a monthly duty from the ledger's start to ``end``: a month whose
    due day falls before the start is not owed (the table was not yet issued)."""
    year, month = start.year, start.month
    result = []
    while (year, month) <= (end.year, end.month):
        if month_due(year, month, due_day) >= start:
            result.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result
