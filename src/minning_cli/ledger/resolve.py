"""Resolving what a person typed: a unit (any name form) and a row (number, title, indicator)."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable

from ..text.amounts import whole_number
from ..text.dates import parse_day
from ..text.errors import MinningError
from .kinds import Rows
from .model import Ledger, Task
from .names import Registry, did_you_mean


def resolve_unit(registry: Registry, typed: str) -> str:
    """A typed unit name (name, alias, pinyin, initials, part) → its canonical name."""
    found = registry.resolve(typed)
    if found.name is not None:
        return found.name
    if found.candidates:
        listed = "、".join(found.candidates)
        raise MinningError(f"“{typed}”可以指好几个单位：{listed}；请写得更完整些")
    hint = did_you_mean(registry.suggest(typed))
    raise MinningError(f"没有叫“{typed}”的单位{hint}")


def resolve_task(
    ledger: Ledger, registry: Registry, typed: str, unit: str, rows: Rows | None = None
) -> Task:
    """A typed row (number, title or indicator name) → the row; a shared title by the unit."""
    typed = typed.strip()
    by_number = {task.no: task for task in ledger.tasks}
    number = whole_number(typed)
    if number is not None:
        if number in by_number:
            return by_number[number]
        raise MinningError(f"没有序号为 {typed} 的任务；序号为 {min(by_number)}–{max(by_number)}")
    if any(c.isnumeric() for c in typed) and not any(c.isalpha() for c in typed):
        raise MinningError(  # ① or ²: a number that is no row's 序号 as typed
            f"“{typed}”不是序号：请用数字写，如 4；序号为 {min(by_number)}–{max(by_number)}"
        )
    matches = [t for t in ledger.tasks if typed in (t.title, *(i.name for i in t.indicators))]
    if not matches and typed:
        # A part of a row's name (招商引资, 消费, 人才, 结对) names the row it alone is in.
        matches = [t for t in ledger.tasks if any(typed in n for n in _row_names(t))]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        mine = (rows or Rows(ledger, registry)).tasks_of(unit)
        own = [t for t in matches if t in mine]
        if len(own) == 1:
            return own[0]
        listed = "；".join(f"{t.no}（{_short(t.measure_text)}）" for t in own or matches)
        raise MinningError(f"“{typed}”是好几行的名称，请用序号指明：{listed}")
    names = [t.title for t in ledger.tasks] + [i.name for t in ledger.tasks for i in t.indicators]
    hint = did_you_mean(
        list(dict.fromkeys(difflib.get_close_matches(typed, names, n=3, cutoff=0.4)))
    )
    raise MinningError(f"没有叫“{typed}”的任务{hint}；可以写序号（如 4）或任务名（如 消费帮扶）")


def _row_names(task: Task) -> tuple[str, ...]:
    return (task.title, *(i.name for i in task.indicators))


def _short(text: str, length: int = 16) -> str:
    return text if len(text) <= length else text[:length] + "…"


def parse_date(
    value: str | None,
    label: str,
    error: type[MinningError] = MinningError,
    year: Callable[[], int] | None = None,
) -> dt.date | None:
    """A typed date (see ``text.dates``); without a year, in ``year()``, the ledger's year."""
    return parse_day(value, label, year=year, error=error)
