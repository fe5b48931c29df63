"""Checks ``record`` makes on an entry against the unit's other entries in its row: a
return names a dispatch, and a running total says which same-day increments it absorbs."""

from __future__ import annotations

import datetime as dt

from ..ledger.model import Entry
from ..text.amounts import fmt
from ..text.errors import MinningError


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
    if (dispatch.start or dispatch.date) > day:
        raise MinningError(f"返回日期 {day} 早于选派记录 {ref} 的派出日期")
