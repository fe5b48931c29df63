"""Loading a data folder: the valid ledger and progress, or every problem at once.

The ledger's files are read by ``tasks_file`` (``tasks.yaml``) and ``progress`` (the month
files), each through the parse cache; every problem, from bytes that are not UTF-8 to a
pydantic field error, comes back as a located ``Problem``, and ``load_ledger`` and
``load_book`` raise one ``MinningError`` carrying all of them. ``book_from_bytes`` does the
same for files held in memory (another version, read from git).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..text.decode import decode_text, read_bytes
from ..text.errors import MinningError, Problem, errors_only
from .book import Book, EntrySource, LoadedLedger, Records
from .cache import digest
from .datadir import TASKS_FILE, progress_files
from .model import Entry, Ledger, Void
from .names import Registry
from .progress import files_key, progress_from_bytes, read_progress, read_progress_folder
from .summary_load import Summarised, read_summaries
from .tasks_file import read_tasks_file, tasks_from_text


def load_ledger(data_dir: Path) -> LoadedLedger:
    """The valid ledger of a data folder, or a ``MinningError`` with every problem."""
    tasks = read_tasks_file(data_dir)
    if tasks.ledger is None:
        raise MinningError(errors_only(tasks.problems) or tasks.problems)
    return LoadedLedger(tasks.ledger, tasks.source, data_dir, tuple(tasks.problems), tasks.digest)


def _bytes_key(data_dir: Path) -> str | None:
    """The hash of the ledger and progress files as they are now (None if one is unreadable)."""
    paths, unlisted = progress_files(data_dir)
    read = [read_bytes(path, path.name) for path in (data_dir / TASKS_FILE, *paths)]
    if unlisted or any(raw is None for raw, _problems in read):
        return None
    ledger_digest, *digests = [digest(raw or b"") for raw, _problems in read]
    return files_key(ledger_digest, [(p.name, d) for p, d in zip(paths, digests, strict=True)])


def load_book(data_dir: Path, earlier: Book | None = None) -> Book:
    """The valid ledger and progress of a data folder, or a ``MinningError`` with every problem.

    ``earlier`` is a book this command loaded from the same folder before (a writer checks
    once unlocked and again under the lock): it is handed back, for the cost of hashing the
    files, when no byte changed since.
    """
    key = earlier.files_key if earlier is not None else None
    if earlier is not None and key is not None and key == _bytes_key(data_dir):
        return earlier
    loaded = load_ledger(data_dir)
    summarised = read_summaries(data_dir, loaded.ledger, loaded.digest)
    if summarised is not None:
        return summarised_book(loaded, summarised, lambda: _whole(loaded).records())
    return _whole(loaded)


def _whole(loaded: LoadedLedger) -> Book:
    """The book read the whole way: every file parsed and every check run."""
    progress = read_progress_folder(loaded.data_dir, loaded.ledger, loaded.digest)
    entries, voids, places, problems = (
        progress.entries, progress.voids, progress.places, progress.problems
    )  # fmt: skip
    return _book(loaded, entries, voids, places, problems, progress.key)


def summarised_book(
    loaded: LoadedLedger, summarised: Summarised, reader: Callable[[], Records]
) -> Book:
    """A book whose standings come from summaries and whose entries are read when asked."""

    def source() -> EntrySource:
        merged = summarised.gathered()
        return EntrySource(
            merged.rest, merged.tallies, merged.activities, merged.dones, merged.monthly
        )

    return Book(
        loaded,
        files_key=summarised.files_key,
        reader=reader,
        source=source,
        ids=summarised.ids,
        unit_entries=summarised.unit_entries,
        dated=summarised.dated,
        summaries=summarised.files,
    )


def book_from_bytes(
    data_dir: Path, tasks: tuple[str, bytes], progress: Sequence[tuple[str, bytes]]
) -> Book:
    """The valid book of file contents held in memory (another version, read from git).

    ``tasks`` and each of ``progress`` are (the name problems are shown under, the bytes);
    ``data_dir`` is the folder they stand for. Problems raise one ``MinningError``.
    """
    shown, raw = tasks
    text, problems = decode_text(raw, shown)
    if text is None:
        raise MinningError(problems)
    ledger, source, more = tasks_from_text(text, shown)
    problems += more
    if ledger is None:
        raise MinningError(errors_only(problems) or problems)
    loaded = LoadedLedger(ledger, source, data_dir, tuple(problems))
    read = progress_from_bytes(progress, ledger)
    return _book(loaded, read.entries, read.voids, read.places, read.problems)


def _book(
    loaded: LoadedLedger,
    entries: list[Entry],
    voids: list[Void],
    places: dict[str, tuple[str, int]],
    problems: list[Problem],
    files_key: str | None = None,
) -> Book:
    errors = errors_only(problems)
    if errors:
        raise MinningError(errors)
    # A hand-written alias counts for the unit it names.
    registry = Registry(loaded.ledger)
    aliases = {written: name for written, name in registry.lookup.items() if written != name}
    if any(e.unit in aliases for e in entries):
        entries = [replace(e, unit=aliases[e.unit]) if e.unit in aliases else e for e in entries]
    return Book(loaded, tuple(entries), tuple(voids), places, tuple(problems), files_key)


@dataclass(frozen=True)
class CheckReport:
    """What ``minning check`` found: the ledger if usable, how many entries, every problem."""

    ledger: Ledger | None
    entries: int
    problems: tuple[Problem, ...]


def check_all(data_dir: Path) -> CheckReport:
    """Every problem of ``tasks.yaml`` and of the progress files, errors and warnings."""
    tasks = read_tasks_file(data_dir)
    ledger, problems = tasks.ledger, tasks.problems
    count = 0
    if ledger is not None and not errors_only(problems):
        # Summaries stand only for files the whole way reads without a word (summary_load).
        summarised = read_summaries(data_dir, ledger, tasks.digest, gather=False, clean=True)
        if summarised is not None:
            return CheckReport(ledger, sum(f.count for f in summarised.files), tuple(problems))
    if ledger is not None:
        entries, voids, _places, progress_problems = read_progress(
            data_dir, ledger, ledger_digest=tasks.digest
        )
        problems += progress_problems
        count = len(entries) + len(voids)
    return CheckReport(ledger, count, tuple(problems))
