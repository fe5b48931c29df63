"""A one-off thing to be done by a date: row 1's meeting and visit, row 2's subsidies."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from ..model import Entry, Milestone, Task
from .base import Item, row_label
from .oneoff import OneOffItem


class MilestoneItem(OneOffItem):
    """Done once, by any of its units; an entry names it by ``milestone: <id>``."""

    about = "milestone"

    def __init__(self, task: Task, milestone: Milestone, units: Sequence[str]) -> None:
        super().__init__(task, units)
        self.milestone = milestone
        self.own_due = milestone.due
        # Named in the standing when the table gives it to one unit (else its units are).
        self.shown_unit = self.units[0] if len(milestone.units) == 1 and self.units else None
        self.optional = milestone.optional
        self.id = milestone.id

    @property
    def name(self) -> str:
        return self.milestone.name

    def addresses(self, milestone: str | None) -> bool:
        return milestone == self.milestone.id

    def not_concerned(self, unit: str, others: Sequence[Item]) -> str:
        return f"{unit}不负责{row_label(self.task)}的任何事项"

    def reads(self, entry: Entry, actual: Decimal | None = None) -> str:
        return f"{self.task.title} {self.milestone.name} 已完成"


def unaddressed(task: Task, milestone: str | None, unit: str, mine: Sequence[Item]) -> str:
    """Why a ``done`` naming ``milestone`` names no milestone of the unit's in this row."""
    allowed = [item.milestone for item in mine if isinstance(item, MilestoneItem)]
    listed = "、".join(f"{m.id}（{m.name}）" for m in allowed)
    if milestone is None:
        return f"{row_label(task)}有 {len(allowed)} 个事项，须写明是哪一个：{listed}"
    if not allowed:
        return f"{row_label(task)}没有事项“{milestone}”"
    return f"{unit}在任务{task.no}没有事项“{milestone}”；可选：{listed}"
