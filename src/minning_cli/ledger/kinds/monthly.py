"""Something due every month: row 11's report (the 25th), row 14's article (month end).

A month stands on its units' reports tallied per date (``month_tally.MonthTally``): the
summaries' tallies when the book was read from them, else a tally of the entries — one
computation either way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal

from ...text.amounts import fmt, percent
from ..book import EntrySource
from ..model import Entry, MonthlyDuty, Task
from ..month_tally import MonthTally
from ..pacing import month_due, month_status
from ..tally import Pos
from .base import Day, EntriesOf, Item, Refusal, row_label, task_due
from .standing import MonthlyStatus

# Which of a month's reports giving a fund figure is the later: date, time recorded, the
# unit's place among the duty's units, the place in file order.
_Order = tuple[dt.date, dt.datetime, int, Pos]
_Month = tuple[int, int]  # (year, month)


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
        # Each unit's reports tallied per date (``MonthTally``), from the summaries or the
        # entries alike; a month takes them by date, then as recorded, then in the units'
        # order and file order.
        as_of = day.as_of
        tallies = [_reports(entries_of, unit, self.task.no, self.counts) for unit in self.units]
        days, funds = _by_month(tallies, as_of, self.duty.funds)
        end = min(as_of, task_due(self.task) or as_of)
        result = []
        for year, month in months_from(day.start, end, self.duty.due_day):
            due = month_due(year, month, self.duty.due_day)
            count = reports_in = 0
            reached_on = None
            for date, (number, counted) in sorted(days.get((year, month), {}).items()):
                reports_in += number
                count += counted
                if reached_on is None and count >= self.duty.count:
                    reached_on = date
            figures = _funds(funds.get((year, month), {}))
            result.append(
                MonthlyStatus(
                    task=self.task.no,
                    name=self.duty.name,
                    month=f"{year}-{month:02d}",
                    due=due,
                    done_on=reached_on,
                    count=count,
                    measure=self.duty.measure,
                    status=month_status(reached_on, due, as_of, day.year_end),
                    units=self.units,
                    received=figures["received"],
                    disbursed=figures["disbursed"],
                    used=figures["used"],
                    use_rate=figures["use_rate"],
                    reports=reports_in,
                )
            )
        return result


def _by_month(
    tallies: Sequence[MonthTally], as_of: dt.date, with_funds: bool
) -> tuple[dict[_Month, dict[dt.date, tuple[int, int]]], dict[_Month, dict[str, Decimal]]]:
    """Per month, the units' reports dated by ``as_of``: each day's reports and what they
    count, and each fund figure as the last report giving it has it (``_Order``)."""
    days: dict[_Month, dict[dt.date, tuple[int, int]]] = {}
    won: dict[_Month, dict[str, tuple[_Order, Decimal]]] = {}
    for rank, tally in enumerate(tallies):
        reports = tally.reports
        for date, number in reports.counted.items():
            if date <= as_of:
                of_month = days.setdefault((date.year, date.month), {})
                known, counted = of_month.get(date, (0, 0))
                of_month[date] = (known + number, counted + int(reports.increments[date]))
        for name, figure in tally.funds.items() if with_funds else ():
            for date, (at, pos, amount) in figure.totals.items():
                if date > as_of:
                    continue
                key = (date, at, rank, pos)
                month = won.setdefault((date.year, date.month), {})
                if name not in month or key > month[name][0]:
                    month[name] = (key, amount)
    funds = {
        month: {name: amount for name, (_key, amount) in figures.items()}
        for month, figures in won.items()
    }
    return days, funds


def _reports(
    entries_of: EntriesOf, unit: str, task: int, counts: Callable[[Entry], bool]
) -> MonthTally:
    """A unit's reports for a row, tallied: from the summaries when the book has them."""
    if isinstance(entries_of, EntrySource):
        return entries_of.monthly_tally(unit, task, counts)
    tally = MonthTally()
    for index, entry in enumerate(entries_of(unit, task)):
        if counts(entry):
            tally.add(entry, (0, index))
    return tally


FUND_FIELDS = frozenset({"received", "disbursed", "used"})


def fund_text(received: Decimal | None, disbursed: Decimal | None, used: Decimal | None) -> str:
    """到位 120万元、拨付 100万元、使用 80万元 (those given)."""
    named = (("到位", received), ("拨付", disbursed), ("使用", used))
    return "、".join(f"{word} {fmt(value)}万元" for word, value in named if value is not None)


def _funds(given: dict[str, Decimal]) -> dict[str, Decimal | None]:
    """A month's fund figures (each the latest reported that month: they are cumulative),
    and the rate used of received."""
    figures: dict[str, Decimal | None] = {name: given.get(name) for name in FUND_FIELDS}
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
