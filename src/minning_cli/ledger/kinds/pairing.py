"""A pairing (结对) of one of our units with a town or village of the partner county."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from ..model import Entry, Pairing, Task
from ..pacing import one_off_status
from .base import Day, EntriesOf, Item, row_label, task_due
from .standing import MilestoneStatus


class PairingItem(Item):
    """Done once, by its unit, when the pairing agreement is signed."""

    takes = frozenset({"done"})
    about = "pairing"

    def __init__(self, task: Task, pairing: Pairing, unit: str) -> None:
        super().__init__(task, (unit,))
        self.pairing = pairing

    @property
    def name(self) -> str:
        return f"结对{self.pairing.partner}"

    @property
    def subject(self) -> str:
        return self.pairing.partner

    @property
    def due(self) -> dt.date | None:
        """Its own due date, else the row's."""
        own = self.pairing.due
        return own if isinstance(own, dt.date) else task_due(self.task)

    def not_concerned(self, unit: str, others: Sequence[Item]) -> str:
        paired = "、".join(item.units[0] for item in others if isinstance(item, PairingItem))
        return f"{unit}在{row_label(self.task)}里没有结对；结对单位：{paired}"

    def reads(self, entry: Entry, actual: Decimal | None = None) -> str:
        return f"{self.task.title} 与{self.pairing.partner}结对 已完成"

    def stand(self, entries_of: EntriesOf, day: Day) -> Sequence[MilestoneStatus]:
        unit = self.units[0]
        dates = sorted(
            e.date
            for e in entries_of(unit, self.task.no)
            if e.kind == "done" and e.milestone is None and e.date <= day.as_of
        )
        done_on = dates[0] if dates else None
        return (
            MilestoneStatus(
                task=self.task.no,
                unit=unit,
                name=self.name,
                partner=self.pairing.partner,
                due=self.due,
                optional=False,
                done=done_on is not None,
                done_on=done_on,
                status=one_off_status(done_on, self.due, day.as_of),
                units=self.units,
            ),
        )
