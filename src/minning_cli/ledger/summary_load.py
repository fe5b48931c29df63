"""Reading a data folder's progress through the per-file summaries (``summary``).

``read_summaries`` gives the ``Summarised`` progress of a folder when every file is one the
whole way (``progress``) accepts without a word: each file read without a problem and every
record passing the per-record checks on its own (``check_file``), and across files no id
twice, every void naming an entry, no entry voided twice, no return of a voided dispatch.
Anything else gives None, and the caller goes the whole way, which finds and locates the problem. Files whose summary stands
are not read at all (their size, times and inode say they are unchanged) or only hashed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..text.decode import read_bytes
from ..text.sourcemap import SourceMap
from .cache import ParseCache, digest
from .datadir import PROGRESS_DIR, display_path, progress_files
from .kinds.monthly import MonthlyItem
from .kinds.rows import Rows
from .model import Entry, Ledger, Void
from .names import Registry
from .rebuild import entry_from_json
from .summary import (
    RACY_NS,
    FileKey,
    FileSummary,
    from_data,
    group_key,
    ids_from_data,
    ids_to_data,
    plain_from_data,
    summarise,
    to_data,
)
from .summary_cross import cross_clean, record_ids
from .summary_extend import Appended
from .summary_gather import Gathered, gather, rest_of

Placed = tuple[Entry | Void, int, int]
Parsed = tuple[FileKey, list[Placed], bool]  # a file's key, records, and whether read fast


@dataclass
class Summarised:
    """The progress of a folder as its files' summaries, merged (``gathered``) only when a
    standing asks: a writer's checks read one unit's entries of one row and the ids."""

    files: list[FileSummary]
    files_key: str | None
    reader: _Reader
    canonical: dict[str, str] = field(default_factory=dict)  # written alias → unit
    # What a writer asked already (it checks twice: unlocked, then under the lock).
    _ids: set[str] | None = field(default=None, repr=False)
    _units: dict[tuple[str, int], list[Entry]] = field(default_factory=dict, repr=False)
    _gathered: Gathered | None = field(default=None, repr=False)

    def gathered(self) -> Gathered:
        """The files' tallies merged and their other entries placed (once)."""
        if self._gathered is None:
            self._gathered = gather(self.files, self.canonical)
        return self._gathered

    def unit_entries(self, unit: str, task: int) -> list[Entry] | None:
        """Every entry (voided left out) of a unit for a row, in file order: a writer's checks.

        None when a file's stored index is gone (then the entries are read the whole way).
        """
        known = self._units.get((unit, task))
        if known is None:
            found = self._unit_entries(unit, task)
            if found is None:
                return None
            known = self._units[(unit, task)] = found
        return list(known)  # the caller's own list: a writer adds to it

    def _unit_entries(self, unit: str, task: int) -> list[Entry] | None:
        found = rest_of(self.files, self.canonical, unit, task)
        for number, file in enumerate(self.files):
            plain = self.reader.plain(file)
            if plain is None:
                return None
            text = plain.get(group_key(unit, task))
            for index, data in json.loads(text) if text is not None else ():
                entry = entry_from_json(data)
                if entry.unit != unit:  # written under an alias
                    entry = replace(entry, unit=unit)
                found.append(((number, index), entry))
        return [entry for _pos, entry in sorted(found, key=lambda pair: pair[0])]

    def dated(self) -> dict[dt.date, int]:
        """How many entries count on each day, over every file (voided ones left out)."""
        counts: dict[dt.date, int] = {}
        for file in self.files:
            for day, number in file.dated.items():
                counts[day] = counts.get(day, 0) + number
        return counts

    def _records(self, file: FileSummary) -> list[tuple[str, int]] | None:
        records = self.reader.records(self.reader.folder / file.name, file)
        return None if records is None else records[0]

    def ids(self) -> set[str] | None:
        """Every record's id (entries and voids): a writer's id index (None: read it whole)."""
        if self._ids is None:
            found: set[str] = set()
            for file in self.files:
                records = self._records(file)
                if records is None:
                    return None
                found.update(record_id for record_id, _line in records)
            self._ids = found
        return set(self._ids)  # the caller's own set: a writer adds to it


def read_summaries(
    data_dir: Path,
    ledger: Ledger,
    ledger_digest: str,
    cache: ParseCache | None = None,
    *,
    gather: bool = True,
    clean: bool = False,
    known: Sequence[FileSummary] = (),
    appended: Appended | None = None,
) -> Summarised | None:
    """The folder's progress from summaries, or None when it must be read the whole way.

    ``clean`` asks only whether the whole way would find no problem (the summaries are not
    gathered); ``gather=False`` only makes and stores them (a writer, after writing).
    ``known`` are summaries this process read already for the same ledger (a writer's book):
    each is taken instead of its stored copy, and stands or not for its file's bytes now
    just as that copy would. ``appended``: what this process's writer appended (``extended``).
    """
    from .progress import files_key

    if not ledger_digest:
        return None
    cache = cache or ParseCache(data_dir)
    paths, unlisted = progress_files(data_dir)
    if unlisted:
        return None
    registry = Registry(ledger)
    canonical = {written: name for written, name in registry.lookup.items() if written != name}
    reader = _Reader(cache, ledger, ledger_digest)
    reader.folder = data_dir / PROGRESS_DIR
    term_rows = frozenset(
        t.no for t in ledger.tasks if any(i.term_months is not None for i in t.indicators)
    )
    rows = Rows(ledger, registry)
    reader.done_rows = rows.done_rows() - term_rows
    reader.monthly_rows = _monthly_rows(rows) - term_rows
    held = {summary.name: summary for summary in known}
    appended = appended or {}
    found = [
        _stored(reader, path, term_rows, canonical, held.get(path.name), appended.get(path.name))
        for path in paths
    ]
    if all(summary is not None for summary in found):
        files = [summary for summary in found if summary is not None]
        key = files_key(ledger_digest, [(f.name, f.key.sha) for f in files])
        if cache.load("verdict.json", _verdict_key(key, files)) is True:  # passed before
            return Summarised(files, key, reader, canonical)
    # The set of files changed: ids across files, and which entries are voided.
    records = []
    for path, summary in zip(paths, found, strict=True):
        got = reader.records(path, summary)
        if got is None:
            return None
        records.append(got)
    targets = cross_clean(records)
    if targets is None:
        return None
    files = []
    for path, summary, (file_records, _voids) in zip(paths, found, records, strict=True):
        mine = frozenset(targets.intersection(i for i, _line in file_records))
        if summary is None or summary.voided != mine:
            read = reader.parse(path)
            if read is None:
                return None
            file_key, placed, fast = read
            summary = summarise(path.name, file_key, placed, mine, term_rows, canonical,
                                fast=fast, done_rows=reader.done_rows,
                                monthly_rows=reader.monthly_rows)  # fmt: skip
            _keep(cache, ledger_digest, summary)
        files.append(summary)
    if any(entry.get("ref") in targets for f in files for _index, entry in f.rest):
        return None  # a return of a voided dispatch: a warning the whole way gives
    whole = files_key(ledger_digest, [(f.name, f.key.sha) for f in files])
    cache.store("verdict.json", _verdict_key(whole, files), True)
    if not gather and not clean:
        return None
    return Summarised(files, whole, reader, canonical)


def _monthly_rows(rows: Rows) -> frozenset[int]:
    """The rows whose ``done`` entries only a monthly duty takes (no milestone, pairing or
    closing): their reports may be kept as tallies (``summary.report``)."""
    found = set()
    for row in rows:
        takers = [item for item in row.items if "done" in item.takes]
        if takers and all(isinstance(item, MonthlyItem) for item in takers):
            found.add(row.task.no)
    return frozenset(found)


def _keep(cache: ParseCache, ledger_digest: str, summary: FileSummary) -> None:
    """Store a summary made in this run, with its ids and plain entries."""
    cache.store(_name(summary.name), ledger_digest, to_data(summary))
    bound = f"{ledger_digest}:{summary.key.sha}"  # ids and entries stand for the bytes alone
    cache.store(_ids_name(summary.name), bound, ids_to_data(summary))
    cache.store(_plain_name(summary.name), bound, summary.plain)


def store_written(
    data_dir: Path,
    ledger: Ledger,
    ledger_digest: str,
    known: Sequence[FileSummary] = (),
    appended: Appended | None = None,
) -> None:
    """Summarise what a writer just wrote, so that the next command finds it ready
    (``known``: the summaries its book was read from, for the same ledger; ``appended``:
    what it appended, by file)."""
    read_summaries(data_dir, ledger, ledger_digest, gather=False, known=known, appended=appended)


class _Reader:
    """Reads a file's records (parsed once) or its stored ids, for one run."""

    def __init__(self, cache: ParseCache, ledger: Ledger, ledger_digest: str) -> None:
        self.cache, self.ledger, self.ledger_digest = cache, ledger, ledger_digest
        self.folder = Path()
        self.done_rows: frozenset[int] = frozenset()  # ``summary.done``'s rows
        self.monthly_rows: frozenset[int] = frozenset()  # ``summary.report``'s rows
        self.parsed: dict[str, Parsed | None] = {}

    def parse(self, path: Path) -> Parsed | None:
        if path.name not in self.parsed:
            self.parsed[path.name] = _parse(path, self.ledger)
        return self.parsed[path.name]

    def plain(self, summary: FileSummary) -> dict[str, str] | None:
        """A file's plain entries by unit and row (each group JSON text), or None if gone."""
        if summary.plain is None:
            key = f"{self.ledger_digest}:{summary.key.sha}"
            summary.plain = plain_from_data(self.cache.load(_plain_name(summary.name), key))
        return summary.plain

    def loaded(self, summary: FileSummary) -> bool:
        """Whether a file's stored ids and plain entries are loaded (read if not yet)."""
        if summary.records is None:
            key = f"{self.ledger_digest}:{summary.key.sha}"
            summary.records = ids_from_data(self.cache.load(_ids_name(summary.name), key))
        return summary.records is not None and self.plain(summary) is not None

    def records(
        self, path: Path, summary: FileSummary | None
    ) -> tuple[list[tuple[str, int]], list[tuple[str, str]]] | None:
        """A file's ids with their lines, and its voids: stored, else parsed."""
        if summary is not None:
            if summary.records is None:
                key = f"{self.ledger_digest}:{summary.key.sha}"
                summary.records = ids_from_data(self.cache.load(_ids_name(path.name), key))
            if summary.records is not None:
                return summary.records, summary.voids
        read = self.parse(path)
        return None if read is None else record_ids(read[1])


def _verdict_key(files_key: str | None, files: list[FileSummary]) -> str:
    """What the cross-file verdict is about: the files' bytes and the voided set of each."""
    voided = "\n".join(f"{f.name}:{','.join(sorted(f.voided))}" for f in files)
    return digest(f"{files_key}\n{voided}".encode())


def _name(file: str) -> str:
    return f"summary-{file}.json"


def _ids_name(file: str) -> str:
    return f"ids-{file}.json"


def _plain_name(file: str) -> str:
    return f"entries-{file}.json"


def _stored(
    reader: _Reader,
    path: Path,
    term_rows: frozenset[int],
    canonical: dict[str, str],
    known: FileSummary | None = None,
    written: tuple[bytes, Sequence[Entry | Void]] | None = None,
) -> FileSummary | None:
    """The stored summary of a file (or ``known``, read before by this process) if it still
    stands for the file's bytes, or extended to stand for them when the file only grew
    (``summary_extend``)."""
    from .summary_extend import extended

    cache, ledger_digest = reader.cache, reader.ledger_digest
    summary = known or from_data(cache.load(_name(path.name), ledger_digest))
    if summary is None or summary.name != path.name:
        return None
    try:
        now = FileKey.stat_of(os.stat(path))
    except OSError:
        return None
    # Unchanged times, size and inode, and not touched just before the summary was made.
    if now == summary.key.stat and now[2] < summary.stored_at - RACY_NS:
        return summary
    raw, problems = read_bytes(path, display_path(path))
    if raw is None or problems:
        return None
    if digest(raw) == summary.key.sha:
        return summary
    if not summary.fast or not reader.loaded(summary):
        return None  # its ids or plain entries are gone: the file is read the whole way
    key = FileKey(digest(raw), now)
    grown = extended(path, raw, key, summary, reader.ledger, check_file, term_rows, canonical,
                     reader.done_rows, reader.monthly_rows, written)  # fmt: skip
    if grown is not None:
        _keep(cache, ledger_digest, grown)
    return grown


def _parse(path: Path, ledger: Ledger) -> Parsed | None:
    """A file's records, if it reads without a problem and passes the per-record checks."""
    from .progress import parse_progress_file

    shown = display_path(path)
    try:
        before = os.stat(path)
    except OSError:
        return None
    raw, problems = read_bytes(path, shown)
    if raw is None or problems:
        return None
    file = parse_progress_file(path.name, shown, raw)
    if file.problems or check_file(ledger, shown, file.placed):
        return None
    return FileKey(file.digest, FileKey.stat_of(before)), file.placed, file.fast


def check_file(ledger: Ledger, shown: str, placed: Sequence[Placed]) -> bool:
    """Whether any record of one file, on its own, gives a problem (error or warning)."""
    from .progress import naive_times
    from .validate import validate_progress

    marks: dict[tuple[str | int, ...], tuple[int, int]] = {
        (index,): (line, 3) for _record, index, line in placed
    }
    source = SourceMap(shown, [], marks)
    located = [(record, shown, source, index) for record, index, _line in placed]
    entries = [item for item in located if isinstance(item[0], Entry)]
    return bool(validate_progress(ledger, entries) or naive_times(located))
