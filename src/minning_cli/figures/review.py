"""What changed in the ledger since a git revision: the figures behind ``minning review``.

``review`` reads ``tasks.yaml`` and the progress files as committed in a revision (through
``gitread``, parsed by ``load`` like any other ledger) and as they are in the working tree,
and ``compare`` turns the two books into: entries added, entries voided, entries changed in
place, what changed in ``tasks.yaml`` (``ledger_diff``, field by field from the schema) and
every standing that moved (``standing_diff``, both books judged on the same day).

minning only ever appends to progress files, so an entry changed in place (same id,
different content) or removed is handed up as an edit, for the view to warn about.

Status is computed for both versions as of the same day: ``--as-of`` if given, else the
earlier of today and the last day of the ledger's year (so reviewing a closed year's ledger
judges it at its end, and reviewing today's work judges it today).

Everything here is codes and the ledger's own words; ``views/render_review`` says it in
Chinese, in the terminal and in the JSON contract.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..ledger.book import Book
from ..ledger.gitread import Revision, read_version, repository_root, resolve_revision
from ..ledger.kinds import Item, Rows
from ..ledger.load import book_from_bytes, load_book
from ..ledger.model import Entry, Ledger, Void
from ..ledger.plain import as_plain
from .ledger_diff import LedgerChange, ledger_changes
from .standing_diff import StatusChange, standing_changes


@dataclass(frozen=True)
class EntryView:
    """An entry as review shows it: who, which row, what about, how much, and the note.

    ``about`` says what the entry counts towards, as the row's kinds say — ``indicator``
    (``item`` is its name), ``pairing`` (``item`` is the partner), ``milestone`` (its name),
    ``monthly`` (the duty's name; the month is the entry's) or ``activity`` (the row's
    title). ``measure`` is what its amount is in (万元, 人, 篇, 个…), None without an amount.
    """

    id: str
    date: dt.date
    unit: str
    task: int
    title: str
    kind: str
    about: str
    item: str
    amount: Decimal | None
    measure: str | None
    milestone: str | None
    note: str | None


@dataclass(frozen=True)
class Voided:
    """A void added since the revision: which entry it withdrew, and why."""

    id: str
    voids: str
    reason: str
    by: str | None
    entry: EntryView | None


@dataclass(frozen=True)
class FieldChange:
    """One field of an entry that differs between the two versions."""

    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class EditedEntry:
    """An entry or void that was changed in place (same id) or removed (``new`` is None)."""

    id: str
    kind: str
    unit: str | None
    task: int | None
    removed: bool
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class Comparison:
    """What changed between two books, as of one day."""

    as_of: dt.date
    added: tuple[EntryView, ...]
    voided: tuple[Voided, ...]
    ledger_changes: tuple[LedgerChange, ...]
    edited_entries: tuple[EditedEntry, ...]
    status_changes: tuple[StatusChange, ...]

    @property
    def empty(self) -> bool:
        """True when the two ledgers say the same."""
        return not (self.added or self.voided or self.ledger_changes or self.edited_entries)


@dataclass(frozen=True)
class ReviewReport:
    """A comparison with the revision it starts from."""

    revision: Revision
    comparison: Comparison


def default_as_of(ledger: Ledger, today: dt.date) -> dt.date:
    """The earlier of today and the last day of the ledger's year."""
    return min(today, dt.date(ledger.ledger.year, 12, 31))


def review(data_dir: Path, rev: str, as_of: dt.date | None, today: dt.date) -> ReviewReport:
    """Compare the ledger committed at ``rev`` with the working tree (see the module rule)."""
    top = repository_root(data_dir)
    revision = resolve_revision(top, rev)
    version = read_version(top, data_dir, revision)
    old = book_from_bytes(data_dir, version.tasks, version.progress)
    new = load_book(data_dir)
    day = as_of or default_as_of(new.ledger, today)
    return ReviewReport(revision, compare(old, new, day))


def compare(old: Book, new: Book, as_of: dt.date) -> Comparison:
    """Everything that differs between two books, and every standing that moved."""
    old_records = _records(old)
    rows = Rows(new.ledger)
    added = [_view(rows, e) for e in new.entries if e.id not in old_records]
    new_entries = {e.id: e for e in new.entries}
    voided = [
        Voided(
            v.id,
            v.voids,
            v.reason,
            v.by,
            _view(rows, new_entries[v.voids]) if v.voids in new_entries else None,
        )
        for v in new.voids
        if v.id not in old_records
    ]
    return Comparison(
        as_of=as_of,
        added=tuple(added),
        voided=tuple(voided),
        ledger_changes=tuple(ledger_changes(old.ledger, new.ledger)),
        edited_entries=tuple(_edited(old_records, _records(new))),
        status_changes=tuple(standing_changes(old, new, as_of)),
    )


def _records(book: Book) -> dict[str, Entry | Void]:
    records: dict[str, Entry | Void] = {entry.id: entry for entry in book.entries}
    records.update((void.id, void) for void in book.voids)
    return records


def about(rows: Rows, entry: Entry) -> tuple[str, str, str | None]:
    """What an entry counts towards: (``about``, ``item``, ``measure``) as in ``EntryView``,
    as the row's kinds say (an entry the ledger no longer takes reads as the row's)."""
    item = rows.fit(entry)
    if isinstance(item, Item):
        return item.about, item.subject, item.measure
    return "activity", rows.ledger.task(entry.task).title, None


def _view(rows: Rows, entry: Entry) -> EntryView:
    ledger = rows.ledger
    kind, item, measure = about(rows, entry)
    return EntryView(
        id=entry.id,
        date=entry.date,
        unit=entry.unit,
        task=entry.task,
        title=ledger.task(entry.task).title,
        kind=entry.kind,
        about=kind,
        item=item,
        amount=entry.amount,
        measure=measure if entry.amount is not None else None,
        milestone=entry.milestone,
        note=entry.note,
    )


def _edited(old: dict[str, Entry | Void], new: dict[str, Entry | Void]) -> list[EditedEntry]:
    result = []
    for record_id, before in old.items():
        after = new.get(record_id)
        if after == before:
            continue
        unit = before.unit if isinstance(before, Entry) else None
        task = before.task if isinstance(before, Entry) else None
        fields: list[FieldChange] = []
        if after is not None:
            was, now = as_plain(before), as_plain(after)
            fields = [
                FieldChange(key, was.get(key), now.get(key))
                for key in dict.fromkeys([*was, *now])
                if was.get(key) != now.get(key)
            ]
        result.append(EditedEntry(record_id, before.kind, unit, task, after is None, tuple(fields)))
    return result
