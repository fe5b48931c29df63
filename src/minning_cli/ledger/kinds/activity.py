"""What a unit did for a row without figures: a fair held, a visit made, people trained.

Such a row is still a duty (rows 1, 7–10, 12, 13, 15): it stands as ``no_record`` (nothing
recorded), ``in_progress``, ``done`` (a lead unit closed it with a closing note, or its
required milestones are done) or ``overdue`` (its deadline passed, not done). An ongoing row
(持续推进) is never overdue: it is ``quiet`` when nothing was recorded for its ``quiet_days``
and, once the year is closed, ``silent_year`` when nothing was recorded all year. A row whose
pairings or monthly duty stand for it (6, 11, 14) keeps only the log of its activities.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from ...text.amounts import MONEY, fmt_measure
from ..book import EntrySource
from ..model import Entry, Task
from ..pacing import passed
from ..status import Status
from ..tally import Seen, Tally
from .base import Day, EntriesOf, Item, Refusal, count_refusal, row_label, task_due
from .milestone import MilestoneItem
from .standing import Activity, LastEntry


class ActivityItem(Item):
    """Any unit that takes part in the row may note what it did, with a count if it has one."""

    takes = frozenset({"activity"})
    about = "activity"

    def __init__(
        self,
        task: Task,
        units: Sequence[str],
        leads: Sequence[str] = (),
        milestones: Sequence[MilestoneItem] = (),
        tracked: bool = False,
    ) -> None:
        super().__init__(task, units)
        measure = task.activity_measure or "个"
        self.measure = None if measure == MONEY else measure  # a count, never money
        self.leads = tuple(leads)
        # The milestones that close the row when done (the required ones, else all).
        self.closers = tuple(m for m in milestones if not m.optional) or tuple(milestones)
        self.tracked = tracked
        # A tracked row without milestones is closed by a lead unit's ``done`` with a note.
        self.closable = tracked and not milestones
        self.takes = frozenset({"activity", "done"}) if self.closable else frozenset({"activity"})

    @property
    def name(self) -> str:
        return "活动"

    @property
    def subject(self) -> str:
        return self.task.title

    def refuses(self, entry: Entry) -> Refusal | None:
        if not (entry.note or "").strip():
            if entry.kind == "done":
                return Refusal(f"{row_label(self.task)}结项须写明结项说明（备注）", "note")
            return Refusal(
                f"{row_label(self.task)}没有数字指标：活动记录须写明做了什么（备注）", "note"
            )
        if entry.kind == "done" and entry.amount is not None:
            return Refusal(f"{row_label(self.task)}结项只记说明，不带数额", "amount")
        if entry.amount is not None and self.measure is None:
            return self.no_amount()
        return count_refusal(entry.amount, self.measure)

    def no_amount(self) -> Refusal:
        return Refusal("活动记录只能附人数或个数", "amount")

    def not_concerned(self, unit: str, others: Sequence[Item]) -> str:
        leads = "、".join(self.task.leads)
        return f"{unit}不是{row_label(self.task)}的牵头或责任单位；牵头单位：{leads}"

    def reads(self, entry: Entry, actual: Decimal | None = None) -> str:
        if entry.kind == "done":
            return f"{self.task.title} 结项：{entry.note or ''}"
        count = f"（{fmt_measure(entry.amount, self.measure or '个')}）" if entry.amount else ""
        return f"{self.task.title} 活动：{entry.note or ''}{count}"

    def stand(self, entries_of: EntriesOf, day: Day) -> Sequence[Activity]:
        as_of = day.as_of
        closings = sorted(
            (
                e
                for unit in self.units
                for e in entries_of(unit, self.task.no)
                if e.kind == "done" and self.counts(e) and e.date <= as_of
            ),
            key=lambda e: e.date,
        )
        # The activities, per unit as tallied (``Tally.add_counted``): how many, their
        # counts summed, and the latest — by date, then as recorded, then the later read in
        # the units' order and file order (``LastEntry.latest`` over the entries).
        count, total, counted = 0, Decimal(0), False
        best: tuple[dt.date, Seen, str] | None = None
        for member in self.units:
            tally = _activities(entries_of, member, self.task.no)
            count += sum(n for date, n in tally.counted.items() if date <= as_of)
            for date, amount in tally.increments.items():
                if date <= as_of:
                    total, counted = total + amount, True
            found = tally.last(as_of)
            if found is not None and (
                best is None or (found[0], found[1].recorded_at) >= (best[0], best[1].recorded_at)
            ):
                best = (found[0], found[1], member)
        last: LastEntry | None = None
        unit: str | None = None
        if best is not None:
            date, seen, unit = best
            last = LastEntry(seen.id, date, seen.kind, seen.amount, seen.note)
        done_dates = self._milestones_done(entries_of, day)
        heard = [e.date for e in closings] + [d for d in done_dates if d is not None]
        heard += [best[0]] if best is not None else []
        closed_on = closings[0].date if closings else None
        if self.closers and all(d is not None for d in done_dates):
            closed_on = max(d for d in done_dates if d is not None)
        deadline = task_due(self.task)
        silent = (day.as_of - max(heard, default=day.start)).days
        return (
            Activity(
                task=self.task.no,
                title=self.task.title,
                count=count,
                total=total if counted else None,
                last=last,
                unit=unit,
                units=self.units,
                measure=self.measure,
                status=self._status(bool(heard), closed_on, silent, day) if self.tracked else None,
                leads=self.leads,
                deadline=deadline,
                days_left=(deadline - day.as_of).days if deadline is not None else None,
                closed_on=closed_on,
                closing_note=closings[0].note if closings else None,
                silent_days=max(silent, 0),
                quiet_days=self.task.quiet_days,
            ),
        )

    def _milestones_done(self, entries_of: EntriesOf, day: Day) -> list[dt.date | None]:
        """The day each closing milestone was first reported done (None: not yet)."""
        return [item.done(entries_of, day.as_of)[1] for item in self.closers]

    def _status(self, heard: bool, closed_on: dt.date | None, silent: int, day: Day) -> Status:
        """How a tracked row stands (see the module rule)."""
        if closed_on is not None:
            return Status.DONE
        deadline = task_due(self.task)
        if deadline is not None:
            if passed(deadline, day.as_of, day.year_end):
                return Status.OVERDUE
            return Status.IN_PROGRESS if heard else Status.NO_RECORD
        if not heard and day.as_of >= day.year_end:
            return Status.SILENT_YEAR
        quiet = self.task.quiet_days
        if quiet is not None and silent >= quiet:
            return Status.QUIET
        return Status.IN_PROGRESS if heard else Status.NO_RECORD


def _activities(entries_of: EntriesOf, unit: str, task: int) -> Tally:
    """A unit's activities for a row, tallied: from the summaries when the book has them."""
    if isinstance(entries_of, EntrySource):
        return entries_of.activity_tally(unit, task)
    tally = Tally()
    for index, entry in enumerate(entries_of(unit, task)):
        if entry.kind == "activity" and entry.milestone is None:
            tally.add_counted(entry, (0, index))
    return tally
