"""The checks across a folder's files that summaries need: ids once, voids plain.

Each file's summary stands for that file alone; whether the files together are what the
whole way (``progress``) accepts without a word is asked of their ids and voids only: no id
twice, every void naming an entry, none voided twice, no void voided.
"""

from __future__ import annotations

from .model import Entry, Void

Placed = tuple[Entry | Void, int, int]


def record_ids(placed: list[Placed]) -> tuple[list[tuple[str, int]], list[tuple[str, str]]]:
    """A file's records' ids with their first lines, and its voids with their targets."""
    records = [(record.id, line) for record, _index, line in placed]
    voids = [(r.id, r.voids) for r, _index, _line in placed if isinstance(r, Void)]
    return records, voids


def cross_clean(
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
