"""A duty paid in monthly instalments while dispatched persons serve: row 2's living subsidy.

The table gives 区财政局 the living subsidies of the persons dispatched (闽委办〔2018〕36号):
an ongoing duty for as long as a term runs, not a one-off. An instalment is owed for every
month in which a dispatched person serves (from the term's start to its return, else to its
planned end, else to the year's end), due at the month's end. Each ``done`` naming the
milestone is one instalment; they pay the owed months in order (the first instalment the
first month), so a month is on time when its instalment is dated by the month's end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..model import Milestone, Task
from ..pacing import month_due, month_status
from .base import Day, EntriesOf, add_months
from .figure import FigureShare
from .milestone import MilestoneItem
from .standing import MonthlyStatus
from .terms import dispatches


class InstalmentItem(MilestoneItem):
    """A milestone with ``instalments: monthly``: one instalment a month a term runs."""

    about = "milestone"

    def __init__(
        self,
        task: Task,
        milestone: Milestone,
        units: Sequence[str],
        shares: Sequence[FigureShare],
    ) -> None:
        super().__init__(task, milestone, units)
        self.shares = tuple(s for s in shares if s.indicator.term_months is not None)

    def owed_months(self, entries_of: EntriesOf, day: Day) -> list[tuple[int, int]]:
        """The months in which at least one dispatched person served, up to as-of."""
        end_of_duty = min(day.as_of, self.due or day.year_end)
        # Each term's first and last month (thousands of terms share a few such spans).
        spans: set[tuple[int, int, int, int]] = set()
        for share in self.shares:
            if share.unit is None:
                continue
            entries = entries_of(share.unit, self.task.no)
            for entry, start, returned_on in dispatches(entries, day.as_of):
                # As ``terms_of`` gives them: returned, else planned to end, else the year's end.
                planned_end = add_months(start, entry.months) if entry.months else None
                last = min(returned_on or planned_end or day.year_end, end_of_duty)
                spans.add((start.year, start.month, last.year, last.month))
        months: set[tuple[int, int]] = set()
        for year, month, last_year, last_month in spans:
            while (year, month) <= (last_year, last_month):
                months.add((year, month))
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return sorted(months)

    def stand(self, entries_of: EntriesOf, day: Day) -> Sequence[MonthlyStatus]:  # type: ignore[override]
        paid: list[dt.date] = sorted(
            entry.date
            for unit in self.units
            for entry in entries_of(unit, self.task.no)
            if self.counts(entry) and entry.date <= day.as_of
        )
        result = []
        for index, (year, month) in enumerate(self.owed_months(entries_of, day)):
            due = month_due(year, month, "last")
            reached_on = paid[index] if index < len(paid) else None
            result.append(
                MonthlyStatus(
                    task=self.task.no,
                    name=self.milestone.name,
                    month=f"{year}-{month:02d}",
                    due=due,
                    done_on=reached_on,
                    count=1 if reached_on is not None else 0,
                    measure="次",
                    status=month_status(reached_on, due, day.as_of, day.year_end),
                    units=self.units,
                    instalment=True,
                )
            )
        return result
