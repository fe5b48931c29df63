"""What to type for a row: the entries a unit can make there, as commands that work.

A row without figures may hold things to tick off (a pairing, a meeting, the monthly fund
report, the month's article) besides activities. Telling a coordinator to use ``--note`` there
records an activity and leaves the pairing or the report 未完成: the hint leads to ``--done``
first. ``record``'s refusals and the prompts both ask this module.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..ledger.kinds import FigureShare, Item, Row, row_label
from ..ledger.kinds.activity import ActivityItem
from ..ledger.kinds.milestone import MilestoneItem
from ..ledger.names import Registry
from ..text.errors import MinningError


@dataclass(frozen=True)
class Choice:
    """One entry a unit can make in a row: what it records and the options that make it."""

    what: str
    options: tuple[str, ...]
    item: Item

    def command(self, unit: str, no: int) -> str:
        """The command line, e.g. ``minning record 南街街道 6 --done``."""
        return " ".join(("minning record", unit, str(no), *self.options))


def group_refusal(registry: Registry, group: str) -> MinningError:
    """Why a group records nothing here: its members each record under their own names (a
    group records only a share it holds jointly, ``share: joint``)."""
    members = "、".join(registry.members(group))
    return MinningError(f"{group}是单位组，进展记在其中每个单位名下；请写其中一个单位：{members}")


def choices(row: Row, unit: str) -> list[Choice]:
    """The entries ``unit`` can make in ``row``, things to tick off first, activities last."""
    found: list[Choice] = []
    mine = [item for item in row.items if item.concerns(unit)]
    for item in mine:
        if isinstance(item, FigureShare) and item.indicator.term_months is not None:
            months = str(item.indicator.term_months)
            found.append(
                Choice(f"一次选派（{item.measure}、派出日期、计划月数）",
                       ("1", "--start", "2023-09-01", "--months", months), item)
            )  # fmt: skip
            found.append(Choice("选派人员返回", ("--return", "选派记录编号"), item))
        elif isinstance(item, FigureShare):
            example = "20" if item.measure == "万元" else "1"
            found.append(Choice(f"{item.name}的增量（{item.measure}）", (example,), item))
            found.append(Choice(f"{item.name}截至某日的累计数", (f"{example}0", "--total"), item))
    milestones = [item for item in mine if isinstance(item, MilestoneItem)]
    for item in mine:
        if "done" not in item.takes or isinstance(item, FigureShare):
            continue
        if isinstance(item, ActivityItem):  # closing the row comes after its activities
            continue
        options: tuple[str, ...] = ("--done",)
        if isinstance(item, MilestoneItem) and len(milestones) > 1:
            options += ("--milestone", item.milestone.id)
        found.append(Choice(f"{item.name} 完成", options, item))
    for item in mine:
        if "activity" in item.takes:
            found.append(Choice("一次活动（写明做了什么）", ("--note", "'…'"), item))
    for item in mine:
        if isinstance(item, ActivityItem) and "done" in item.takes:
            # A lead unit closes the row for the year, with a closing note.
            found.append(Choice("全年工作结项", ("--done", "--note", "'结项说明'"), item))
    return found


def what_to_type(row: Row, unit: str) -> str:
    """The sentence a refusal ends with: the right command for each thing the unit can record."""
    listed = choices(row, unit)
    if not listed:
        return ""
    said = "；".join(f"{c.what}：{c.command(unit, row.task.no)}" for c in listed)
    return f"{unit}在{row_label(row.task)}可以这样记——{said}"
