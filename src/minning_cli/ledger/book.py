"""The loaded ledger: the table and its entries, as every stage above loading sees them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from ..text.errors import Problem
from ..text.sourcemap import SourceMap
from .model import Entry, Ledger, Void
from .month_tally import MonthTally
from .tally import Pos, Tally

if TYPE_CHECKING:
    from .summary import FileSummary

Records = tuple[tuple[Entry, ...], tuple[Void, ...], dict[str, tuple[str, int]]]


@dataclass(frozen=True)
class LoadedLedger:
    """A valid ``tasks.yaml``: the model, where its nodes stand, and its warnings."""

    ledger: Ledger
    source: SourceMap
    data_dir: Path
    warnings: tuple[Problem, ...]
    digest: str = ""  # of tasks.yaml's bytes: the cross-file checks depend on it


@dataclass(frozen=True)
class Latest:
    """A unit's latest entry as of a day, over all its rows (``calls``' "last heard")."""

    date: dt.date
    recorded_at: dt.datetime
    pos: Pos
    id: str
    task: int
    kind: str
    amount: Decimal | None
    note: str | None


class EntrySource:
    """What the kinds stand on: entries per (unit, row), with the tallies of plain figures.

    Called as ``entries_of(unit, row)`` it gives the entries a kind reads, in file order;
    from summaries (``summary``) those are every entry but the plain figures, which come as
    ``tally``, the plain activities, which come as ``activity_tally``, the plain dones of
    milestones and pairings, which come as ``dones``, and the reports of monthly duties,
    which come as ``monthly_tally``. Every figure is the same either way
    (``tests/test_summary.py``).
    """

    def __init__(
        self,
        groups: dict[tuple[str, int], list[tuple[Pos, Entry]]],
        tallies: dict[tuple[str, int], Tally] | None = None,
        activities: dict[tuple[str, int], Tally] | None = None,
        dones: dict[tuple[str, int, str | None], Tally] | None = None,
        monthly: dict[tuple[str, int], MonthTally] | None = None,
    ) -> None:
        self.groups = groups
        self.tallies = tallies or {}
        self.activities = activities or {}
        self.monthly = monthly or {}
        # Per unit and row: each milestone (None: a pairing) with its plain dones tallied.
        self.dones: dict[tuple[str, int], list[tuple[str | None, Tally]]] = {}
        for (unit, task, milestone), tally in (dones or {}).items():
            self.dones.setdefault((unit, task), []).append((milestone, tally))
        self._lists: dict[tuple[str, int], list[Entry]] = {}

    @classmethod
    def of(cls, entries: Sequence[Entry]) -> EntrySource:
        """The source of active entries in file order, none summarised."""
        groups: dict[tuple[str, int], list[tuple[Pos, Entry]]] = {}
        for index, entry in enumerate(entries):
            groups.setdefault((entry.unit, entry.task), []).append(((0, index), entry))
        return cls(groups)

    def __call__(self, unit: str, task: int) -> Sequence[Entry]:
        key = (unit, task)
        found = self._lists.get(key)
        if found is None:
            found = self._lists[key] = [entry for _pos, entry in self.groups.get(key, ())]
        return found

    def tally(self, unit: str, task: int, counts: Callable[[Entry], bool]) -> Tally:
        """The tally of the unit's entries for a row that ``counts`` accepts, plain ones too."""
        summarised = self.tallies.get((unit, task))
        tally = summarised.copy() if summarised is not None else Tally()
        for pos, entry in self.groups.get((unit, task), ()):
            if counts(entry):
                tally.add(entry, pos)
        return tally

    def activity_tally(self, unit: str, task: int) -> Tally:
        """The tally (``Tally.add_counted``) of the unit's activities for a row: those
        summarised and those among its entries (an activity naming no milestone)."""
        summarised = self.activities.get((unit, task))
        tally = summarised.copy() if summarised is not None else Tally()
        for pos, entry in self.groups.get((unit, task), ()):
            if entry.kind == "activity" and entry.milestone is None:
                tally.add_counted(entry, pos)
        return tally

    def monthly_tally(self, unit: str, task: int, counts: Callable[[Entry], bool]) -> MonthTally:
        """The tally (``MonthTally``) of the unit's reports for a row: those summarised and
        those among its entries that ``counts`` accepts."""
        summarised = self.monthly.get((unit, task))
        tally = summarised.copy() if summarised is not None else MonthTally()
        for pos, entry in self.groups.get((unit, task), ()):
            if counts(entry):
                tally.add(entry, pos)
        return tally

    def latest(self, as_of: dt.date) -> dict[str, Latest]:
        """Each unit's latest entry dated on or before ``as_of``: by date, then as recorded,
        then the later in file order."""
        best: dict[str, Latest] = {}

        def offer(unit: str, candidate: Latest) -> None:
            known = best.get(unit)
            if known is None or (candidate.date, candidate.recorded_at, candidate.pos) >= (
                known.date,
                known.recorded_at,
                known.pos,
            ):
                best[unit] = candidate

        counted = [(key, tally) for key, pairs in self.dones.items() for _m, tally in pairs]
        counted += [(key, tally.reports) for key, tally in self.monthly.items()]
        for (unit, task), tally in [*self.tallies.items(), *self.activities.items(), *counted]:
            last = tally.last(as_of)
            if last is not None:
                date, seen = last
                offer(
                    unit,
                    Latest(date, seen.recorded_at, seen.pos, seen.id, task, seen.kind,
                           seen.amount, seen.note),
                )  # fmt: skip
        for (unit, task), placed in self.groups.items():
            for pos, e in placed:
                if e.date <= as_of:
                    offer(
                        unit,
                        Latest(e.date, e.recorded_at, pos, e.id, task, e.kind, e.amount, e.note),
                    )
        return best


class Book:
    """The ledger with its progress entries: everything the reports are computed from.

    ``entries`` keeps voided entries (they stay in the files); ``voided`` maps each
    withdrawn entry's id to its void. ``places`` says where each id was read; ``files_key``
    is the hash of the files it was read from (None when it was not read from a folder).
    A book loaded from summaries reads its entries only when a view asks for them
    (``reader``); ``source`` gives what the standings need without them.
    """

    def __init__(
        self,
        loaded: LoadedLedger,
        entries: tuple[Entry, ...] = (),
        voids: tuple[Void, ...] = (),
        places: dict[str, tuple[str, int]] | None = None,
        warnings: tuple[Problem, ...] = (),
        files_key: str | None = None,
        *,
        reader: Callable[[], Records] | None = None,
        source: Callable[[], EntrySource] | None = None,
        ids: Callable[[], set[str] | None] | None = None,
        unit_entries: Callable[[str, int], list[Entry] | None] | None = None,
        dated: Callable[[], dict[dt.date, int]] | None = None,
        summaries: Sequence[FileSummary] = (),
    ) -> None:
        self.loaded = loaded
        self.warnings = warnings
        self.files_key = files_key
        self._reader = reader
        if reader is None:
            self.__dict__["_records"] = (entries, voids, places or {})
        self._source: EntrySource | None = None
        self._source_of = source
        self._ids = ids
        self._unit_entries = unit_entries
        self._dated_of = dated
        self._dated: dict[dt.date, int] | None = None
        # The per-file summaries it was read from (a writer hands them to ``store_written``).
        self.summaries = tuple(summaries)

    @cached_property
    def _records(self) -> Records:
        assert self._reader is not None
        return self._reader()

    @property
    def entries(self) -> tuple[Entry, ...]:
        """Every entry, voided ones too, in file order."""
        return self._records[0]

    @property
    def voids(self) -> tuple[Void, ...]:
        """Every void, in file order."""
        return self._records[1]

    @property
    def places(self) -> dict[str, tuple[str, int]]:
        """Where each id (entry or void) was read: the file and the record's first line."""
        return self._records[2]

    @property
    def summarised(self) -> bool:
        """Whether the standings come from per-file summaries (the entries not yet read)."""
        return self._reader is not None

    def records(self) -> Records:
        """Entries, voids and places together (what a summarised book reads when asked)."""
        return self._records

    def ids(self) -> set[str]:
        """Every id in use (entries and voids), without reading the entries if summarised."""
        found = self._ids() if self._ids is not None else None
        return found if found is not None else set(self.places)

    def unit_entries(self, unit: str, task: int) -> list[Entry]:
        """The active entries of one unit for one row, in file order (a writer's checks)."""
        found = self._unit_entries(unit, task) if self._unit_entries is not None else None
        if found is not None:
            return found
        return [e for e in self.active() if e.unit == unit and e.task == task]

    @property
    def ledger(self) -> Ledger:
        """The table."""
        return self.loaded.ledger

    @property
    def voided(self) -> dict[str, Void]:
        """Withdrawn entry ids and the void that withdrew each."""
        return {void.voids: void for void in self.voids}

    def active(self) -> list[Entry]:
        """Entries that count: every entry not voided, in file order."""
        voided = self.voided
        return [entry for entry in self.entries if entry.id not in voided]

    def dated(self) -> dict[dt.date, int]:
        """How many entries count on each day (voided ones left out), without reading the
        entries if summarised."""
        if self._dated is None and self._dated_of is not None:
            self._dated = self._dated_of()
        if self._dated is None:
            counts: dict[dt.date, int] = {}
            for entry in self.active():
                counts[entry.date] = counts.get(entry.date, 0) + 1
            self._dated = counts
        return self._dated

    def source(self) -> EntrySource:
        """What the standings are computed from (summaries when loaded from them)."""
        if self._source is None:
            of = self._source_of
            self._source = of() if of is not None else EntrySource.of(self.active())
        return self._source
