"""Checks ``record`` makes on an entry against the unit's other entries in its row: a
return names a dispatch, and a running total says which same-day increments it absorbs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ..ledger.kinds import Item, counts_nothing
from ..ledger.model import Entry
from ..text.amounts import fmt
from ..text.errors import MinningError, UsageError

# What ``record`` says of an amount of 0 that would count for nothing.
_ZERO = {
    "done": "的完成数至少为 1；当月没有完成就不必记录",
    "dispatch": "的选派人数至少为 1；没有派出就不必记录",
    "activity": "的活动涉及人数为 0：不涉及人数就不写数额，只写做了什么",
}


def same_day_increments(entries: list[Entry], total: Entry) -> list[str]:
    """A cumulative figure absorbs the increments of its own day: say which it overrides."""
    same = [e for e in entries if e.kind == "increment" and e.date == total.date]
    if not same:
        return []
    amounts = "、".join(f"{e.id} +{fmt(e.amount)}" for e in same if e.amount is not None)
    return [
        f"注意：{total.date} 当天已有 {len(same)} 条增量（{amounts}）；按合并规则，同一天的累计数"
        f"视为已包含当天的增量，这些增量不再另计。如累计数不含它们，请把累计数改记在前一天"
    ]


def check_ref(entries: list[Entry], unit: str, task: int, ref: str, day: dt.date) -> None:
    """A return names one of the unit's dispatches on the row, dated on or before it."""
    dispatch = next((e for e in entries if e.id == ref), None)
    if dispatch is None or dispatch.kind != "increment":
        raise MinningError(
            f"{unit}在任务{task}没有编号为“{ref}”的选派记录；可用 minning log --unit {unit} 查看"
        )
    if dispatch.amount == 0:  # an old line of 0 persons (check warns): nobody to come back
        raise MinningError(f"选派记录 {ref} 的人数为 0，不算一次选派，无需记录返回")
    if (dispatch.start or dispatch.date) > day:
        raise MinningError(f"返回日期 {day} 早于选派记录 {ref} 的派出日期")


def check_not_zero(label: str, entry: Entry, item: Item) -> None:
    """Zero is nothing to record (``kinds.counts_nothing``): a month's count of 0, a dispatch
    of 0 persons, an activity's count of 0. ``check`` still reads such old lines."""
    zero = counts_nothing(entry, item)
    if zero is not None:
        raise MinningError(f"{label}{_ZERO[zero]}")


def check_persons(label: str, persons: Decimal) -> None:
    """A dispatch sends at least one person."""
    if persons == 0:
        raise MinningError(f"{label}{_ZERO['dispatch']}")


def check_milestone(milestone: str | None, kind: str, unit: str, task: int) -> None:
    """A ``--milestone`` names what a ``--done`` ticks off: refused on any other entry, which
    would otherwise be recorded as something else with the milestone dropped."""
    if milestone and kind != "done":
        raise UsageError(
            f"--milestone 只用于标记事项完成，请同时加 --done：如 minning record {unit} {task}"
            f" --done --milestone {milestone}"
        )


def check_term(start: dt.date | None, months: int | None, day: dt.date, year: int) -> None:
    """A dispatch's start and planned months: inside the ledger's year, not after the day it
    is recorded for, 1 to 120 months (what import and ``check`` accept)."""
    if months is not None and not 1 <= months <= 120:
        raise UsageError(f"--months（计划月数）应为 1 到 120 的整数，而不是 {months}")
    if start is None:
        return
    if start.year != year:
        raise MinningError(f"派出日期 {start} 不在台账年度 {year} 年内")
    if start > day:
        raise MinningError(
            f"派出日期 {start} 晚于这条记录的日期 {day}：请在派出后按派出那天记录（--date {start}）"
        )


def absorbed_by_total(entries: list[Entry], increment: Entry) -> list[str]:
    """An increment on a day that already has a running total counts for nothing: the total
    is taken to include that day's increments. Say so, naming the total."""
    totals = [e for e in entries if e.kind == "total" and e.date == increment.date]
    if not totals:
        return []
    last = max(totals, key=lambda e: e.recorded_at)
    return [
        f"注意：{increment.date} 当天已有累计数 {fmt(last.amount or 0)}（{last.id}）；按合并规则，"
        "同一天的累计数视为已包含当天的增量，这条增量不另计。如这笔不在该累计数里，请改记新的累计数"
        f"（--total）"
    ]


def same_day_notes(entries: list[Entry], entry: Entry) -> list[str]:
    """What the merge rule does with ``entry`` beside the same day's other entries."""
    if entry.kind == "total":
        return same_day_increments(entries, entry)
    if entry.kind == "increment":
        return absorbed_by_total(entries, entry)
    return []
