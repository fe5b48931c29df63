"""The kinds of a ledger: each row's items, and the one way to tell whether an entry fits."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from ..model import Entry, EntryKind, Ledger, Task
from ..names import Registry
from .activity import ActivityItem
from .base import Item, Refusal, extras_refusal, row_label
from .figure import FigureShare
from .instalment import InstalmentItem
from .milestone import MilestoneItem, unaddressed
from .monthly import MonthlyItem
from .oneoff import OneOffItem
from .pairing import PairingItem

ItemT = TypeVar("ItemT", bound=Item)
_KIND_WORDS: dict[str, str] = {
    "increment": "增量",
    "total": "累计数",
    "done": "完成",
    "activity": "活动",
}


@dataclass(frozen=True)
class Row:
    """One row of the table as its kinds see it: its items, and the units taking part."""

    task: Task
    items: tuple[Item, ...]
    involved: tuple[str, ...]
    # Where each (kind, unit, milestone) goes: the same for every entry that has them, and a
    # year of entries has a few hundred such triples (``route`` is asked once for each).
    _routes: dict[tuple[str, str, str | None], Item | Refusal] = field(
        default_factory=dict, compare=False, repr=False
    )

    @property
    def has_figures(self) -> bool:
        """Whether the row is counted in figures (increments and totals)."""
        return bool(self.task.indicators)

    def of_kind(self, kind: type[ItemT]) -> list[ItemT]:
        """The row's items of one kind."""
        return [item for item in self.items if isinstance(item, kind)]

    def route(self, kind: EntryKind, unit: str, milestone: str | None) -> Item | Refusal:
        """The item an entry of ``kind`` by ``unit`` naming ``milestone`` goes to, or why none."""
        key = (kind, unit, milestone)
        found = self._routes.get(key)
        if found is None:
            found = self._routes[key] = self._route(kind, unit, milestone)
        return found

    def _route(self, kind: EntryKind, unit: str, milestone: str | None) -> Item | Refusal:
        candidates = [item for item in self.items if kind in item.takes]
        if not candidates:
            return Refusal(self._takes_no(kind), "kind")
        mine = [item for item in candidates if item.concerns(unit)]
        if not mine:
            return Refusal(candidates[0].not_concerned(unit, candidates), "unit")
        addressed = [item for item in mine if item.addresses(milestone)]
        if not addressed:
            if any(isinstance(item, MilestoneItem) for item in mine):
                return Refusal(unaddressed(self.task, milestone, unit, mine), "milestone")
            return Refusal(f"{row_label(self.task)}没有事项“{milestone}”", "milestone")
        return addressed[0]

    def fit(self, entry: Entry, unit: str) -> Item | Refusal:
        """The item an entry (by ``unit``, its canonical name) counts for, or why it fits none."""
        routed = self.route(entry.kind, unit, entry.milestone)
        if isinstance(routed, Refusal):
            return routed
        return extras_refusal(entry, routed) or routed.refuses(entry) or routed

    def milestones_of(self, unit: str) -> list[MilestoneItem]:
        """The milestones of this row that ``unit`` answers for."""
        return [i for i in self.items if isinstance(i, MilestoneItem) and i.concerns(unit)]

    def _takes_no(self, kind: EntryKind) -> str:
        label = row_label(self.task)
        if kind in ("increment", "total"):
            return f"{label}没有数字指标，不能记{_KIND_WORDS[kind]}"
        if kind == "done":
            if self.has_figures:
                return f"{label}按数字统计，不能标记完成；请给出数额"
            return f"{label}没有可标记完成的事项；记录做了什么请用 --note"
        measure = self.task.indicators[0].measure if self.task.indicators else ""
        return f"{label}按数字统计，不能记活动；请给出数额（{measure}）"


class Rows:
    """Every row of a ledger with its items: built once per loaded ledger, then only read."""

    def __init__(self, ledger: Ledger, registry: Registry | None = None) -> None:
        self.ledger = ledger
        self.registry = registry or Registry(ledger)
        self.rows = {task.no: self._row(task) for task in ledger.tasks}

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows.values())

    def row(self, no: int) -> Row:
        """The row numbered ``no``; a KeyError is a bug in the caller."""
        return self.rows[no]

    def done_rows(self) -> frozenset[int]:
        """The rows whose ``done`` entries only milestones and pairings take (no closing, no
        monthly duty, instalment or dispatch return): their dones may be kept as tallies."""
        return frozenset(
            row.task.no
            for row in self
            if all(
                isinstance(item, OneOffItem) and not isinstance(item, InstalmentItem)
                for item in row.items
                if "done" in item.takes
            )
        )

    def shares(self) -> list[FigureShare]:
        """Every share of every indicator, a group's "each" share expanded to its members."""
        return [item for row in self for item in row.items if isinstance(item, FigureShare)]

    def tasks_of(self, unit: str) -> list[Task]:
        """The rows a unit takes part in: as a lead, by a share, a pairing, a milestone or a duty."""
        return [row.task for row in self if unit in row.involved]

    def fit(self, entry: Entry) -> Item | Refusal | None:
        """The item an entry counts for, or why it fits none; None for an unknown unit or row."""
        unit = self.registry.canonical_name(entry.unit)
        if unit is None or entry.task not in self.rows:
            return None
        return self.rows[entry.task].fit(entry, unit)

    def _row(self, task: Task) -> Row:
        registry = self.registry
        items: list[Item] = []
        for indicator in task.indicators:
            for allocation in indicator.allocations:
                name = registry.canonical_name(allocation.unit) if allocation.unit else None
                if name is not None and allocation.share == "each":
                    items += [
                        FigureShare(task, indicator, allocation, member, allocation.target)
                        for member in registry.members(name)
                    ]
                else:
                    items.append(FigureShare(task, indicator, allocation, name, allocation.target))
        shares = [item for item in items if isinstance(item, FigureShare)]
        for milestone in task.milestones:
            units = registry.expand(milestone.units or task.leads)
            if milestone.instalments == "monthly":
                items.append(InstalmentItem(task, milestone, units, shares))
            else:
                items.append(MilestoneItem(task, milestone, units))
        for pairing in task.pairings:
            unit = registry.canonical_name(pairing.unit) or pairing.unit
            items.append(PairingItem(task, pairing, unit))
        if task.monthly is not None:
            items.append(
                MonthlyItem(task, task.monthly, registry.expand(task.monthly.units or task.leads))
            )
        names: list[str | None] = list(task.leads)
        names += [a.unit for i in task.indicators for a in i.allocations]
        names += [p.unit for p in task.pairings]
        names += [u for m in task.milestones for u in m.units]
        if task.monthly is not None:
            names += list(task.monthly.units)
        involved = tuple(registry.expand(n for n in names if n))
        if not task.indicators:
            milestones = [i for i in items if type(i) is MilestoneItem]
            # The row's own standing unless its pairings or monthly duty stand for it.
            tracked = not task.pairings and task.monthly is None
            leads = registry.expand(task.leads)
            items.append(ActivityItem(task, involved, leads, milestones, tracked))
        return Row(task, tuple(items), involved)


Zero = Literal["done", "dispatch", "activity"]


def counts_nothing(entry: Entry, item: Item | None) -> Zero | None:
    """Which entry an amount of 0 leaves counting for nothing, or None: a month's "0 篇" done,
    a dispatch of 0 persons (a term row's increment), an activity counting 0 (its count is
    optional). ``record`` refuses these; ``check`` reads the old ones with a warning."""
    if entry.amount != 0:
        return None
    if entry.kind == "done":
        return "done"
    if entry.kind == "increment" and isinstance(item, FigureShare) and item.keeps_terms:
        return "dispatch"
    return "activity" if entry.kind == "activity" else None
