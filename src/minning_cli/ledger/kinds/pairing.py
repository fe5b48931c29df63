"""A pairing (结对) of one of our units with a town or village of the partner county."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from ..model import Entry, Pairing, Task
from .base import Item, row_label
from .oneoff import OneOffItem


class PairingItem(OneOffItem):
    """Done once, by its unit, when the pairing agreement is signed."""

    about = "pairing"

    def __init__(self, task: Task, pairing: Pairing, unit: str) -> None:
        super().__init__(task, (unit,))
        self.pairing = pairing
        self.own_due = pairing.due
        self.shown_unit = unit
        self.partner = pairing.partner

    @property
    def name(self) -> str:
        return f"结对{self.pairing.partner}"

    @property
    def subject(self) -> str:
        return self.pairing.partner

    def not_concerned(self, unit: str, others: Sequence[Item]) -> str:
        paired = "、".join(item.units[0] for item in others if isinstance(item, PairingItem))
        return f"{unit}在{row_label(self.task)}里没有结对；结对单位：{paired}"

    def reads(self, entry: Entry, actual: Decimal | None = None) -> str:
        return f"{self.task.title} 与{self.pairing.partner}结对 已完成"
