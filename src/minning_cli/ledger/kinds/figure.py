"""A unit's share of a figure indicator (人才选派, 社会帮扶资金, 消费帮扶, 招商引资…)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from ...text.amounts import fmt, fmt_measure, percent
from ..book import EntrySource
from ..model import Allocation, Entry, Indicator, Pacing, Task
from ..pacing import default_pacing, expected_figure, figure_status, weekly_needed
from ..tally import Tally
from .base import Day, EntriesOf, Item, Refusal, count_refusal, row_label
from .standing import AllocationStatus, LastEntry
from .terms import TERM_EXTRAS, term_refusal, terms_of


def _last(tally: Tally, as_of: dt.date) -> LastEntry | None:
    """The latest entry of a tally on or before ``as_of``, as ``LastEntry.latest`` picks it."""
    found = tally.last(as_of)
    if found is None:
        return None
    date, seen = found
    return LastEntry(seen.id, date, seen.kind, seen.amount, seen.note)


class FigureShare(Item):
    """One unit's (or a joint group's, or nobody's) share of an indicator.

    Takes increments and cumulative totals from its unit. ``unit`` is None for a share the
    table names no unit for (row 2's 社工人才): nobody can record against it.
    """

    takes = frozenset({"increment", "total"})
    about = "indicator"

    def __init__(
        self,
        task: Task,
        indicator: Indicator,
        allocation: Allocation,
        unit: str | None,
        target: Decimal | None,
    ) -> None:
        super().__init__(task, (unit,) if unit else ())
        self.indicator = indicator
        self.allocation = allocation
        self.unit = unit
        self.target = target
        self.measure = indicator.measure
        if indicator.term_months is not None:  # a dispatch is a term; a return closes one
            self.takes = frozenset({"increment", "total", "done"})
            self.extras = TERM_EXTRAS

    @property
    def name(self) -> str:
        return self.indicator.name

    @property
    def keeps_terms(self) -> bool:
        """Whether an increment here is a dispatch on a term (row 2's persons sent)."""
        return self.indicator.term_months is not None

    def deadline(self, fallback: dt.date) -> dt.date:
        """The date pacing aims at: the row's first dated indicator, else the row's deadline."""
        for indicator in self.task.indicators:
            if isinstance(indicator.deadline, dt.date):
                return indicator.deadline
        return self.task.deadline if isinstance(self.task.deadline, dt.date) else fallback

    def pacing(self, day: Day) -> Pacing:
        """The indicator's pacing rule: as declared, else the ledger's, else by its measure."""
        return default_pacing(self.indicator.measure, self.indicator.pacing or day.pacing)

    def refuses(self, entry: Entry) -> Refusal | None:
        term = term_refusal(self.task, self.indicator, entry)
        if term is not None or entry.kind == "done":
            return term
        if entry.amount is None:
            return Refusal("增量或累计记录缺少 amount", "amount")
        return count_refusal(entry.amount, self.measure)

    def not_concerned(self, unit: str, others: Sequence[Item]) -> str:
        holders = list(dict.fromkeys(u for item in others for u in item.units))
        return f"{unit}在{row_label(self.task)}没有分解任务；有分解任务的单位：{'、'.join(holders)}"

    def reads(self, entry: Entry, actual: Decimal | None = None) -> str:
        measure = self.indicator.measure
        if entry.kind == "done":
            return f"{self.indicator.name} 选派记录 {entry.ref} 的人员于 {entry.date} 返回"
        amount = fmt_measure(entry.amount, measure)
        what = f"+{amount}" if entry.kind == "increment" else f"截至 {entry.date} 累计 {amount}"
        if entry.months is not None:
            what += f"（{entry.start or entry.date} 起，计划 {entry.months} 个月）"
        if actual is None:
            return f"{self.indicator.name} {what}"
        if self.target is None:
            after = f"累计 {fmt_measure(actual, measure)}（目标未定）"
        else:
            pct = percent(actual, self.target)
            after = f"累计 {fmt(actual)}/{fmt_measure(self.target, measure)}（{fmt(pct)}%）"
        return f"{self.indicator.name} {what} → {after}"

    def _tally(self, entries_of: EntriesOf, entries: Sequence[Entry]) -> Tally:
        """The share's increments and totals per date: from summaries when the book has them."""
        if self.unit is not None and isinstance(entries_of, EntrySource):
            return entries_of.tally(self.unit, self.task.no, self.counts)
        return Tally.of(entries)

    def stand(self, entries_of: EntriesOf, day: Day) -> Sequence[AllocationStatus]:
        entries = (
            [e for e in entries_of(self.unit, self.task.no) if self.counts(e)] if self.unit else []
        )
        deadline = self.deadline(day.year_end)
        tally = self._tally(entries_of, entries)
        actual = tally.actual(day.as_of)
        target = self.target
        rule = self.pacing(day)
        expected = expected_figure(target, day.start, deadline, day.as_of, rule)
        remaining = max(target - actual, Decimal(0)) if target is not None else None
        days_left = (deadline - day.as_of).days
        return (
            AllocationStatus(
                task=self.task.no,
                title=self.task.title,
                indicator=self.indicator.name,
                unit=self.unit,
                share=self.allocation.share,
                measure=self.indicator.measure,
                target=target,
                actual=actual,
                percent=percent(actual, target),
                expected=expected,
                remaining=remaining,
                weekly_needed=weekly_needed(remaining, days_left),
                deadline=deadline,
                days_left=days_left,
                status=figure_status(
                    target, actual, expected, deadline, day.as_of, rule, day.year_end
                ),
                last_entry=_last(tally, day.as_of),
                pacing=rule,
                terms=terms_of(self.indicator, self.unit, entries, day.as_of),
            ),
        )
