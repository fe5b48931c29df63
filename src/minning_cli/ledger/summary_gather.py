"""Merging the files' summaries into what the standings read (``summary_load.Summarised``).

Each file's tallies are numbered by the file (its place in the folder's order) and merged per
key; entries kept whole are built and placed in file order. Done once, and only when a
standing asks: a writer's checks read one unit's entries of one row (``rest_of``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TypeVar

from .model import Entry
from .month_tally import MonthTally
from .rebuild import entry_from_json
from .summary import FileSummary
from .tally import Tally


@dataclass
class Gathered:
    """The files' tallies merged: per (unit, row) of figures, of activities and of a monthly
    duty's reports, per (unit, row, milestone) of dones; other entries whole, in file order."""

    tallies: dict[tuple[str, int], Tally] = field(default_factory=dict)
    activities: dict[tuple[str, int], Tally] = field(default_factory=dict)
    dones: dict[tuple[str, int, str | None], Tally] = field(default_factory=dict)
    monthly: dict[tuple[str, int], MonthTally] = field(default_factory=dict)
    rest: dict[tuple[str, int], list[tuple[tuple[int, int], Entry]]] = field(default_factory=dict)


def gather(files: list[FileSummary], canonical: dict[str, str]) -> Gathered:
    """The files' tallies merged per (unit, row), their other entries placed in file order."""
    result = Gathered()
    for number, file in enumerate(files):
        _merge(result.tallies, file.tallies, number)
        _merge(result.activities, file.activities, number)
        _merge(result.dones, file.dones, number)
        _merge(result.monthly, file.monthly, number)
        for index, data in file.rest:
            entry = entry_from_json(data)
            if entry.unit in canonical:
                entry = replace(entry, unit=canonical[entry.unit])
            result.rest.setdefault((entry.unit, entry.task), []).append(((number, index), entry))
    return result


def rest_of(
    files: list[FileSummary], canonical: dict[str, str], unit: str, task: int
) -> list[tuple[tuple[int, int], Entry]]:
    """One unit's entries of one row kept whole, with their places: only those built."""
    found = []
    for number, file in enumerate(files):
        for index, data in file.rest:
            if data.get("task") == task and canonical.get(data["unit"], data["unit"]) == unit:
                found.append(((number, index), replace(entry_from_json(data), unit=unit)))
    return found


K = TypeVar("K")
T = TypeVar("T", Tally, MonthTally)


def _merge(merged: dict[K, T], tallies: dict[K, T], number: int) -> None:
    """Add the tallies of file ``number`` (the file's own stay as read: merging adds to the
    first one of each key, a copy)."""
    for key, tally in tallies.items():
        tally = tally.renumbered(number) if number else tally.copy()
        known = merged.get(key)
        if known is None:
            merged[key] = tally
        else:
            known.merge(tally)
