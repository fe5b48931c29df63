"""A one-off thing to be done by a date: row 1's meeting and visit, row 2's subsidies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from ..model import Entry, Milestone, Task
from ..pacing import one_off_status
from .base import Day, EntriesOf, Item, row_label, task_due
from .standing import MilestoneStatus


class MilestoneItem(Item):
    """Done once, by any of its units; an entry names it by ``milestone: <id>``."""

    takes = frozenset({"done"})
    about = "milestone"

    def __init__(self, task: Task, milestone: Milestone, units: Sequence[str]) -> None:
        super().__init__(task, units)
        self.milestone = milestone

    @property
    def name(self) -> str:
        return self.milestone.name

    @property
    def due(self) -> dt.date | None:
        """Its own due date, else the row's."""
        own = self.milestone.due
        return own if isinstance(own, dt.date) else task_due(self.task)

    def addresses(self, milestone: str | None) -> bool:
        return milestone == self.milestone.id

    def not_concerned(self, unit: str, others: Sequence[Item]) -> str:
        return f"{unit}不负责{row_label(self.task)}的任何事项"

    def reads(self, entry: Entry, actual: Decimal | None = None) -> str:
        return f"{self.task.title} {self.milestone.name} 已完成"

    def stand(self, entries_of: EntriesOf, day: Day) -> Sequence[MilestoneStatus]:
        dates = sorted(
            e.date
            for unit in self.units
            for e in entries_of(unit, self.task.no)
            if e.kind == "done" and e.milestone == self.milestone.id and e.date <= day.as_of
        )
        done_on = dates[0] if dates else None
        return (
            MilestoneStatus(
                task=self.task.no,
                unit=self.units[0] if len(self.milestone.units) == 1 else None,
                name=self.milestone.name,
                partner=None,
                due=self.due,
                optional=self.milestone.optional,
                done=done_on is not None,
                done_on=done_on,
                status=one_off_status(done_on, self.due, day.as_of),
                units=self.units,
                id=self.milestone.id,
            ),
        )


def unaddressed(task: Task, milestone: str | None, unit: str, mine: Sequence[Item]) -> str:
    """Why a ``done`` naming ``milestone`` names no milestone of the unit's in this row."""
    allowed = [item.milestone for item in mine if isinstance(item, MilestoneItem)]
    listed = "、".join(f"{m.id}（{m.name}）" for m in allowed)
    if milestone is None:
        return f"{row_label(task)}有 {len(allowed)} 个事项，须写明是哪一个：{listed}"
    if not allowed:
        return f"{row_label(task)}没有事项“{milestone}”"
    return f"{unit}在任务{task.no}没有事项“{milestone}”；可选：{listed}"
