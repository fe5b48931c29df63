"""Reading a data folder's progress through the per-file summaries (``summary``).

``read_summaries`` gives the ``Summarised`` progress of a folder when every file is one the
whole way (``progress``) accepts without a word: each file read without a problem and every
record passing the per-record checks on its own (``check_file``), and across files no id
twice, every void naming an entry, no entry voided twice. Anything else gives None, and the
caller goes the whole way, which finds and locates the problem. Files whose summary stands
are not read at all (their size, times and inode say they are unchanged) or only hashed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..text.decode import read_bytes
from ..text.sourcemap import SourceMap
from .cache import ParseCache, digest
from .datadir import display_path, progress_files
from .model import Entry, Ledger, Void
from .names import Registry
from .summary import RACY_NS, FileKey, FileSummary, from_data, summarise, to_data
from .tally import Tally

Placed = tuple[Entry | Void, int, int]


@dataclass
class Summarised:
    """The progress of a folder as summaries: tallies per (unit, row), other entries whole."""

    files: list[FileSummary]
    files_key: str | None
    tallies: dict[tuple[str, int], Tally] = field(default_factory=dict)
    rest: dict[tuple[str, int], list[tuple[tuple[int, int], Entry]]] = field(default_factory=dict)

    def places(self, shown: Callable[[str], str]) -> dict[str, tuple[str, int]]:
        """Where each id stands: (the file as messages name it, its first line)."""
        result: dict[str, tuple[str, int]] = {}
        for file in self.files:
            where = shown(file.name)
            for record_id, line in file.records:
                result.setdefault(record_id, (where, line))
        return result

    def ids(self) -> set[str]:
        """Every record's id (entries and voids)."""
        return {record_id for file in self.files for record_id, _line in file.records}


def read_summaries(
    data_dir: Path, ledger: Ledger, ledger_digest: str, cache: ParseCache | None = None
) -> Summarised | None:
    """The folder's progress from summaries, or None when it must be read the whole way."""
    from .progress import files_key

    if not ledger_digest:
        return None
    cache = cache or ParseCache(data_dir)
    paths, unlisted = progress_files(data_dir)
    if unlisted:
        return None
    registry = Registry(ledger)
    canonical = {written: name for written, name in registry.lookup.items() if written != name}
    term_rows = frozenset(
        t.no for t in ledger.tasks if any(i.term_months is not None for i in t.indicators)
    )
    found: list[FileSummary | None] = []
    parsed: dict[str, tuple[FileKey, list[Placed]]] = {}
    for path in paths:
        summary = _stored(cache, path, ledger_digest)
        if summary is None:
            read = _parse(path, ledger)
            if read is None:
                return None
            parsed[path.name] = read
        found.append(summary)
    # Which entries are voided, and by whom: across files.
    records = [
        (s.records, s.voids) if s is not None else _ids(parsed[p.name][1])
        for p, s in zip(paths, found, strict=True)
    ]
    targets = _cross_clean(records)
    if targets is None:
        return None
    files: list[FileSummary] = []
    for path, summary, (file_records, _voids) in zip(paths, found, records, strict=True):
        mine = frozenset(t for t in targets if t in {i for i, _line in file_records})
        if summary is None or summary.voided != mine:
            if path.name not in parsed:
                read = _parse(path, ledger)
                if read is None:
                    return None
                parsed[path.name] = read
            key, placed = parsed[path.name]
            summary = summarise(path.name, key, placed, mine, term_rows, canonical)
            cache.store(_name(path.name), ledger_digest, to_data(summary))
        files.append(summary)
    key = files_key(ledger_digest, [(f.name, f.key.sha) for f in files])
    return _gather(files, key, canonical)


def _name(file: str) -> str:
    return f"summary-{file}.json"


def _stored(cache: ParseCache, path: Path, ledger_digest: str) -> FileSummary | None:
    """The stored summary of a file if it still stands for the file's bytes."""
    summary = from_data(cache.load(_name(path.name), ledger_digest))
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
    if raw is None or problems or digest(raw) != summary.key.sha:
        return None
    return summary


def _parse(path: Path, ledger: Ledger) -> tuple[FileKey, list[Placed]] | None:
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
    return FileKey(file.digest, FileKey.stat_of(before)), file.placed


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


def _ids(placed: list[Placed]) -> tuple[list[tuple[str, int]], list[tuple[str, str]]]:
    records = [(record.id, line) for record, _index, line in placed]
    voids = [(r.id, r.voids) for r, _index, _line in placed if isinstance(r, Void)]
    return records, voids


def _cross_clean(
    files: list[tuple[list[tuple[str, int]], list[tuple[str, str]]]],
) -> set[str] | None:
    """The ids voided, or None when ids repeat or a void is anything but plain."""
    seen: set[str] = set()
    count = 0
    void_ids: set[str] = set()
    targets: set[str] = set()
    for records, voids in files:
        seen.update(record_id for record_id, _line in records)
        count += len(records)
        void_ids.update(void_id for void_id, _target in voids)
        for _void_id, target in voids:
            if target in targets:
                return None  # voided twice: a warning the whole way gives
            targets.add(target)
    if len(seen) != count or targets & void_ids or not targets <= seen:
        return None
    return targets


def _gather(files: list[FileSummary], key: str | None, canonical: dict[str, str]) -> Summarised:
    """The files' tallies merged per (unit, row), their other entries placed in file order."""
    result = Summarised(files, key)
    for number, file in enumerate(files):
        for unit_task, tally in file.tallies.items():
            if number:
                tally = _renumbered(tally, number)
            known = result.tallies.get(unit_task)
            if known is None:
                result.tallies[unit_task] = tally
            else:
                known.merge(tally)
        for index, data in file.rest:
            entry = Entry.model_validate(data)
            if entry.unit in canonical:
                entry = entry.model_copy(update={"unit": canonical[entry.unit]})
            result.rest.setdefault((entry.unit, entry.task), []).append(((number, index), entry))
    return result


def _renumbered(tally: Tally, number: int) -> Tally:
    """A file's tally with its positions under its number among the files."""
    from dataclasses import replace

    return Tally(
        dict(tally.increments),
        {d: (at, (number, pos[1]), amount) for d, (at, pos, amount) in tally.totals.items()},
        {d: replace(seen, pos=(number, seen.pos[1])) for d, seen in tally.latest.items()},
    )
