"""Dispatch terms (row 2, 帮扶时限6个月以上): what a term indicator's entries say and how
each dispatch stands.

A dispatch is an increment of persons with the day they started (``start``, default the
entry's date) and the months planned (``months``); a return is a ``done`` naming the
dispatch (``ref``). A term is flagged when fewer months are planned than the indicator's
``term_months``, or when a return is dated before ``start + term_months``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..model import Entry, Indicator, Task
from .base import Refusal, add_months, row_label
from .standing import TermStatus

TERM_EXTRAS = frozenset({"start", "months", "ref"})


def term_refusal(task: Task, indicator: Indicator, entry: Entry) -> Refusal | None:
    """What is wrong with a term's entry: a return without its dispatch, a term on a total."""
    if indicator.term_months is None:
        return None
    label = row_label(task)
    if entry.kind == "done":
        if entry.ref is None:
            return Refusal(
                f"{label}的“完成”只用来记选派人员返回，须指明是哪一次选派："
                f"--return 选派记录编号（可用 minning log --unit {entry.unit} 查看）；"
                f"记一次选派请写人数，如 minning record {entry.unit} {task.no} 2人 --months "
                f"{indicator.term_months}",
                "ref",
            )
        if entry.amount is not None or entry.start is not None or entry.months is not None:
            return Refusal(f"{label}的返回记录只记日期和所指的选派记录", "amount")
        return None
    if entry.ref is not None:
        return Refusal(f"{label}只有返回记录才指向选派记录", "ref")
    if entry.kind == "total" and (entry.start is not None or entry.months is not None):
        return Refusal(f"{label}的累计数不能带派出日期或计划月数：请逐次记录选派", "start")
    return None


def terms_of(
    indicator: Indicator, unit: str | None, entries: Sequence[Entry], as_of: dt.date
) -> tuple[TermStatus, ...]:
    """Each dispatch of a unit for a term indicator as of a day, with its return and flags."""
    term = indicator.term_months
    if term is None or unit is None:
        return ()
    result = []
    for entry, start, returned_on in dispatches(entries, as_of):
        assert entry.amount is not None
        term_end = add_months(start, term)
        flags = []
        if entry.months is None:
            flags.append("no_plan")
        elif entry.months < term:
            flags.append("short_plan")
        if returned_on is not None and returned_on < term_end:
            flags.append("early_return")
        result.append(
            TermStatus(
                id=entry.id,
                unit=unit,
                persons=entry.amount,
                start=start,
                months=entry.months,
                planned_end=add_months(start, entry.months) if entry.months else None,
                term_end=term_end,
                returned_on=returned_on,
                flags=tuple(flags),
            )
        )
    return tuple(result)


def dispatches(
    entries: Sequence[Entry], as_of: dt.date
) -> list[tuple[Entry, dt.date, dt.date | None]]:
    """Each dispatch (an increment of persons) as of a day: its entry, start and return."""
    returns: dict[str, dt.date] = {}
    for entry in entries:
        if entry.kind == "done" and entry.ref is not None and entry.date <= as_of:
            known = returns.get(entry.ref)
            returns[entry.ref] = entry.date if known is None else min(known, entry.date)
    return [
        (entry, entry.start or entry.date, returns.get(entry.id))
        for entry in entries
        if entry.kind == "increment" and entry.amount and entry.date <= as_of  # 0: none sent
    ]
