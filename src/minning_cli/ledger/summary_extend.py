"""Extending a file's summary by reading only what was appended to it.

Progress files only grow: ``record`` appends a line to a month file whose summary is
current. Parsing and checking the whole month again to summarise it would cost as much as
the first reading; instead, when the file's first bytes are exactly those the stored
summary stands for (their SHA-256, over the size it records), only the bytes after them are
read, checked and added to the summary.

This gives the summary a full reading would, because of what the fast reader is: a file in
the writer's layout (``text.fastparse``) is read line by line, each line on its own, so the
records of a file read that way are the records of its first bytes (cut after a line break)
followed by those of the rest, their lines counted on. The base must have been read that way
(``FileSummary.fast``) and the appended bytes must be too; the per-record checks
(``check_file``) are per record but for repeated ids, which the cross-file checks look for
over every file (``summary_cross.cross_clean``). Anything else — a base read by the real
parser, a file that changed anywhere but at its end, appended bytes the fast reader does not
take or that fail a check, the base's ids or plain entries no longer in the cache — gives
None, and the file is read the whole way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from ..text.decode import decode_text
from .cache import digest
from .datadir import display_path
from .model import Entry, Ledger, Void
from .summary import FileKey, FileSummary, summarise

Placed = tuple[Entry | Void, int, int]
Check = Callable[[Ledger, str, Sequence[Placed]], bool]
# What a writer appended, by file name: the bytes, and the records they read as (the
# writer's round trip, ``writing.write.as_written``, held by its tests for any record).
Appended = Mapping[str, tuple[bytes, Sequence[Entry | Void]]]

# A seam for the tests: how many times the appended bytes alone were read and validated.
tail_reads = [0]


def extended(
    path: Path,
    raw: bytes,
    key: FileKey,
    base: FileSummary,
    ledger: Ledger,
    check: Check,
    term_rows: frozenset[int],
    canonical: dict[str, str],
    done_rows: frozenset[int] = frozenset(),
    monthly_rows: frozenset[int] = frozenset(),
    written: tuple[bytes, Sequence[Entry | Void]] | None = None,
) -> FileSummary | None:
    """The summary of ``raw`` (the file's bytes now, known by ``key``) made from ``base``
    (its ids and plain entries loaded) and the bytes appended after it, or None when that
    cannot be done exactly. ``check`` is the per-record check of a file's records.
    ``written``: what this process's writer appended, taken as read when the appended
    bytes are exactly those (no parse, no validation: a record's line is the writer's)."""
    size = base.key.stat[0] if base.key.stat else -1
    if not base.fast or size <= 0 or len(raw) <= size or raw[size - 1 : size] != b"\n":
        return None
    if base.records is None or base.plain is None or digest(raw[:size]) != base.key.sha:
        return None
    read = _tail(raw[size:], path, written)
    if read is None:
        return None
    lines_before = raw.count(b"\n", 0, size)
    placed: list[Placed] = [
        (record, base.count + index, lines_before + line)
        for index, (record, line) in enumerate(read)
    ]
    if check(ledger, display_path(path), placed):
        return None
    return summarise(
        path.name, key, placed, base.voided, term_rows, canonical, fast=True, base=base,
        done_rows=done_rows, monthly_rows=monthly_rows,
    )  # fmt: skip


def _tail(
    tail: bytes, path: Path, written: tuple[bytes, Sequence[Entry | Void]] | None
) -> list[tuple[Entry | Void, int]] | None:
    """The appended records with the line each starts on (counted from the tail's first).

    The writer's records stand for the bytes it appended only where the fast reader takes
    them too (a summary extended is one the fast reader would make): they are then what it
    reads, without validating them again.
    """
    from ..text.fastparse import progress_items
    from .progress import _records

    text, problems = decode_text(tail, display_path(path))
    if text is None or problems:
        return None
    items = progress_items(text)
    if items is None:
        return None
    if written is not None and written[0] == tail and len(items) == len(written[1]):
        return [(record, line) for record, (_item, line) in zip(written[1], items, strict=True)]
    records = _records(items)
    if records is None:
        return None
    tail_reads[0] += 1
    return [(record, line) for record, (_item, line) in zip(records, items, strict=True)]
