"""What changed in the ledger since a git revision, in plain words: ``minning review``.

``review`` reads ``tasks.yaml`` and the progress files as committed in a revision (through
``gitread``, parsed by ``load`` like any other ledger) and as they are in the working tree,
and ``compare`` turns the two books into: entries added, entries voided, what changed in
``tasks.yaml`` (old → new), and the status before and after of every unit and row touched.

minning only ever appends to progress files, so an entry changed in place (same id,
different content) or removed is reported as a warning, never silently accepted.

Status is computed for both versions as of the same day: ``--as-of`` if given, else the
earlier of today and the last day of the ledger's year (so reviewing a closed year's ledger
judges it at its end, and reviewing today's work judges it today).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..ledger.book import Book
from ..ledger.gitread import Revision, read_version, repository_root, resolve_revision
from ..ledger.kinds import Rows
from ..ledger.load import book_from_bytes, load_book
from ..ledger.model import KIND_LABELS, KIND_NAMES, Entry, Ledger, Void
from ..ledger.names import Registry
from .status import StatusReport, compute_status

WORKTREE = "工作区"
FIELD_NAMES = {
    "id": "编号",
    "date": "日期",
    "unit": "单位",
    "task": "任务",
    "kind": "类型",
    "amount": "数额",
    "milestone": "事项",
    "note": "备注",
    "source": "来源",
    "by": "记录人",
    "recorded_at": "记录时间",
    "voids": "作废的记录",
    "reason": "原因",
}


@dataclass(frozen=True)
class EntryView:
    """An entry as review shows it: who, which row, what, how much, and the note."""

    id: str
    date: dt.date
    unit: str
    task: int
    title: str
    kind: str
    what: str
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
class TargetChange:
    """One fact of ``tasks.yaml`` that changed: a target, a share, a deadline, a pairing…

    ``change`` is ``changed``, ``added`` (``old`` was absent) or ``removed`` (``new`` is
    absent); a target that is None is one the table gives no number for.
    """

    task: int | None
    title: str | None
    item: str | None
    unit: str | None
    field: str
    old: Any
    new: Any
    change: str
    measure: str | None


@dataclass(frozen=True)
class Standing:
    """A share's, milestone's or month's standing on the day: figures and status code."""

    status: str
    actual: Decimal | None = None
    target: Decimal | None = None
    percent: Decimal | None = None
    expected: Decimal | None = None
    done_on: dt.date | None = None


@dataclass(frozen=True)
class StatusChange:
    """One row of a touched unit, before and after (None where it did not exist)."""

    unit: str
    task: int
    title: str
    item: str
    measure: str | None
    before: Standing | None
    after: Standing | None

    @property
    def changed(self) -> bool:
        """Whether the figures or the status differ."""
        return self.before != self.after


@dataclass(frozen=True)
class Comparison:
    """What changed between two books, as of one day."""

    as_of: dt.date
    added: tuple[EntryView, ...]
    voided: tuple[Voided, ...]
    changed_targets: tuple[TargetChange, ...]
    edited_entries: tuple[EditedEntry, ...]
    status_changes: tuple[StatusChange, ...]

    @property
    def empty(self) -> bool:
        """True when the two ledgers say the same."""
        return not (self.added or self.voided or self.changed_targets or self.edited_entries)

    def warnings(self) -> list[str]:
        """One sentence per entry changed in place or removed."""
        result = []
        for edit in self.edited_entries:
            what = "作废记录" if edit.kind == "void" else "记录"
            if edit.removed:
                effect = "，被它作废的记录重新计入" if edit.kind == "void" else ""
                result.append(
                    f"{what} {edit.id} 被删除{effect}：minning 只追加、不删除；"
                    "记错了请用 minning void 作废"
                )
            else:
                fields = "；".join(
                    f"{FIELD_NAMES.get(f.field, f.field)} {_plain(f.old)} → {_plain(f.new)}"
                    for f in edit.fields
                )
                result.append(
                    f"{what} {edit.id} 被直接改动（{fields}）：minning 只追加、不改写；"
                    "记错了请用 minning void 作废后重记"
                )
        return result


@dataclass(frozen=True)
class ReviewReport:
    """A comparison with the revision it starts from."""

    revision: Revision
    comparison: Comparison

    def as_json(self) -> dict[str, Any]:
        """The JSON contract (see the README)."""
        c = self.comparison
        return {
            "from": {
                "rev": self.revision.rev,
                "commit": self.revision.commit,
                "date": self.revision.date,
                "subject": self.revision.subject,
            },
            "to": {"rev": None, "commit": None, "label": WORKTREE},
            "as_of": c.as_of,
            "added": [asdict(e) for e in c.added],
            "voided": [asdict(v) for v in c.voided],
            "changed_targets": [asdict(t) for t in c.changed_targets],
            "edited_entries": [asdict(e) for e in c.edited_entries],
            "status_changes": [{**asdict(s), "changed": s.changed} for s in c.status_changes],
            "warnings": c.warnings(),
        }


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


# ---------------------------------------------------------------- comparing two books


def compare(old: Book, new: Book, as_of: dt.date) -> Comparison:
    """Everything that differs between two books, and the status of what it touches."""
    old_records = _records(old)
    new_records = _records(new)
    added = [_view(new.ledger, e) for e in new.entries if e.id not in old_records]
    new_entries = {e.id: e for e in new.entries}
    voided = [
        Voided(
            v.id,
            v.voids,
            v.reason,
            v.by,
            _view(new.ledger, new_entries[v.voids]) if v.voids in new_entries else None,
        )
        for v in new.voids
        if v.id not in old_records
    ]
    edited = _edited(old_records, new_records)
    changes = _ledger_changes(old.ledger, new.ledger)
    touched = _touched(old, new, added, voided, edited, changes)
    return Comparison(
        as_of=as_of,
        added=tuple(added),
        voided=tuple(voided),
        changed_targets=tuple(changes),
        edited_entries=tuple(edited),
        status_changes=tuple(_status_changes(old, new, touched, as_of)),
    )


def _records(book: Book) -> dict[str, Entry | Void]:
    records: dict[str, Entry | Void] = {entry.id: entry for entry in book.entries}
    records.update((void.id, void) for void in book.voids)
    return records


def describe(ledger: Ledger, entry: Entry) -> tuple[str, str | None]:
    """What an entry is about and the measure of its amount.

    消费帮扶 and 万元 for a figure; 与开城镇结对, 6月资金使用进度月报 or a milestone's name
    for a done item; the row's title and its activity measure for an activity.
    """
    task = ledger.task(entry.task)
    share = Rows(ledger).share_of(task.no, entry.unit)
    if share is not None:
        return share.indicator.name, share.indicator.measure
    if entry.kind == "done":
        registry = Registry(ledger)
        pairing = next(
            (p for p in task.pairings if registry.canonical_name(p.unit) == entry.unit), None
        )
        milestone = next((m for m in task.milestones if m.id == entry.milestone), None)
        if pairing is not None:
            return f"与{pairing.partner}结对", None
        if milestone is not None:
            return milestone.name, None
        if task.monthly is not None:
            return f"{entry.date.month}月{task.monthly.name}", "篇"
    return task.title, task.activity_measure or "个"


def _view(ledger: Ledger, entry: Entry) -> EntryView:
    what, measure = describe(ledger, entry)
    return EntryView(
        id=entry.id,
        date=entry.date,
        unit=entry.unit,
        task=entry.task,
        title=ledger.task(entry.task).title,
        kind=entry.kind,
        what=what,
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
            was, now = before.model_dump(), after.model_dump()
            fields = [
                FieldChange(key, was.get(key), now.get(key))
                for key in dict.fromkeys([*was, *now])
                if was.get(key) != now.get(key)
            ]
        result.append(EditedEntry(record_id, before.kind, unit, task, after is None, tuple(fields)))
    return result


# ---------------------------------------------------------------- tasks.yaml

Fact = tuple[int | None, str | None, str | None, str]


def ledger_facts(ledger: Ledger) -> dict[Fact, Any]:
    """``tasks.yaml`` as (row, item, unit, field) → value, for comparing two versions."""
    facts: dict[Fact, Any] = {
        (None, None, None, "year"): ledger.ledger.year,
        (None, None, None, "start"): ledger.ledger.start_date,
    }
    for unit in ledger.units:
        facts[(None, None, unit.name, "unit")] = KIND_LABELS[unit.kind]
        facts[(None, None, unit.name, "aliases")] = "、".join(unit.aliases) or None
        facts[(None, None, unit.name, "parent")] = unit.parent
        contact = " ".join(x for x in (unit.contact.person, unit.contact.phone) if x)
        facts[(None, None, unit.name, "contact")] = contact or None
    for group in ledger.groups:
        facts[(None, None, group.name, "members")] = "、".join(group.members)
    for task in ledger.tasks:
        no = task.no
        facts[(no, None, None, "title")] = task.title
        facts[(no, None, None, "deadline")] = task.deadline
        facts[(no, None, None, "leads")] = "、".join(task.leads)
        for indicator in task.indicators:
            name = indicator.name
            facts[(no, name, None, "target")] = indicator.target
            if indicator.deadline is not None:
                facts[(no, name, None, "deadline")] = indicator.deadline
            for allocation in indicator.allocations:
                facts[(no, name, allocation.unit, "target")] = allocation.target
                if allocation.share is not None:
                    facts[(no, name, allocation.unit, "share")] = allocation.share
        for milestone in task.milestones:
            facts[(no, milestone.name, None, "due")] = milestone.due
        for pairing in task.pairings:
            facts[(no, None, pairing.unit, "pairing")] = pairing.partner
            if pairing.due is not None:
                facts[(no, None, pairing.unit, "due")] = pairing.due
        if task.monthly is not None:
            facts[(no, task.monthly.name, None, "monthly")] = task.monthly.due_day
    return facts


def _ledger_changes(old: Ledger, new: Ledger) -> list[TargetChange]:
    before, after = ledger_facts(old), ledger_facts(new)
    titles = {t.no: t.title for t in (*old.tasks, *new.tasks)}
    measures = {
        (t.no, i.name): i.measure
        for ledger in (old, new)
        for t in ledger.tasks
        for i in t.indicators
    }
    result = []
    for key in dict.fromkeys([*before, *after]):
        if key in before and key in after and before[key] == after[key]:
            continue
        change = (
            "changed" if key in before and key in after else "added" if key in after else "removed"
        )
        task, item, unit, field = key
        result.append(
            TargetChange(
                task=task,
                title=titles.get(task) if task is not None else None,
                item=item,
                unit=unit,
                field=field,
                old=before.get(key),
                new=after.get(key),
                change=change,
                measure=measures.get((task, item)) if field == "target" and task and item else None,
            )
        )
    return result


# ---------------------------------------------------------------- status before and after


def _touched(
    old: Book,
    new: Book,
    added: Iterable[EntryView],
    voided: Iterable[Voided],
    edited: Iterable[EditedEntry],
    changes: Iterable[TargetChange],
) -> list[tuple[str, int]]:
    """(unit, row) pairs whose standing the changes may move, in the order first touched."""
    pairs: list[tuple[str, int]] = [(e.unit, e.task) for e in added]
    pairs += [(v.entry.unit, v.entry.task) for v in voided if v.entry is not None]
    old_entries = {e.id: e for e in old.entries}
    new_entries = {e.id: e for e in new.entries}
    for edit in edited:
        for entry in (old_entries.get(edit.id), new_entries.get(edit.id)):
            if entry is not None:
                pairs.append((entry.unit, entry.task))
        void = next((v for v in (*old.voids, *new.voids) if v.id == edit.id), None)
        target = new_entries.get(void.voids) if void is not None else None
        if target is not None:
            pairs.append((target.unit, target.task))
    for change in changes:
        if change.task is None:
            continue
        for book in (old, new):
            registry = Registry(book.ledger)
            if change.unit is not None:
                name = registry.canonical_name(change.unit) or change.unit
                pairs += [(member, change.task) for member in registry.members(name)]
            elif change.field in ("deadline", "target", "due"):
                pairs += _holders(book.ledger, registry, change.task)
    return list(dict.fromkeys(pairs))


def _holders(ledger: Ledger, registry: Registry, task_no: int) -> list[tuple[str, int]]:
    """Every unit with a share of a row: a row-wide change (its deadline) touches them all."""
    if not any(t.no == task_no for t in ledger.tasks):
        return []
    task = ledger.task(task_no)
    pairs = []
    for indicator in task.indicators:
        for allocation in indicator.allocations:
            if allocation.unit is not None:
                name = registry.canonical_name(allocation.unit) or allocation.unit
                members = registry.members(name) if allocation.share == "each" else (name,)
                pairs += [(member, task_no) for member in members]
    return pairs


def _standings(report: StatusReport) -> dict[tuple[str, int, str], tuple[str | None, Standing]]:
    """(unit, row, item) → (measure, standing) for shares, milestones and months."""
    result: dict[tuple[str, int, str], tuple[str | None, Standing]] = {}
    for a in report.allocations:
        if a.unit is not None:
            standing = Standing(a.status, a.actual, a.target, a.percent, a.expected)
            result[(a.unit, a.task, a.indicator)] = (a.measure, standing)
    for m in report.milestones:
        if m.unit is not None:
            result[(m.unit, m.task, m.name)] = (None, Standing(m.status, done_on=m.done_on))
    return result


def _status_changes(
    old: Book, new: Book, touched: list[tuple[str, int]], as_of: dt.date
) -> list[StatusChange]:
    old_report, new_report = compute_status(old, as_of), compute_status(new, as_of)
    before, after = _standings(old_report), _standings(new_report)
    titles = {t.no: t.title for t in (*old.ledger.tasks, *new.ledger.tasks)}
    result = []
    months_seen: set[int] = set()
    for unit, task in touched:
        keys = [k for k in dict.fromkeys([*before, *after]) if k[:2] == (unit, task)]
        for key in keys:
            was, now = before.get(key), after.get(key)
            measure = (now or was or (None, None))[0]
            result.append(
                StatusChange(
                    unit=unit,
                    task=task,
                    title=titles.get(task, ""),
                    item=key[2],
                    measure=measure,
                    before=was[1] if was else None,
                    after=now[1] if now else None,
                )
            )
        if task not in months_seen:
            months_seen.add(task)
            result += _monthly_changes(old_report, new_report, unit, task, titles)
    return result


def _monthly_changes(
    old: StatusReport, new: StatusReport, unit: str, task: int, titles: dict[int, str]
) -> list[StatusChange]:
    """The months of a monthly duty whose status the changes moved."""
    was = {(m.task, m.month): m for m in old.monthly if m.task == task}
    now = {(m.task, m.month): m for m in new.monthly if m.task == task}
    result = []
    for key in dict.fromkeys([*was, *now]):
        before, after = was.get(key), now.get(key)
        standing_before = Standing(before.status, done_on=before.done_on) if before else None
        standing_after = Standing(after.status, done_on=after.done_on) if after else None
        if standing_before == standing_after:
            continue
        duty = after or before
        assert duty is not None  # the key came from one of the two
        result.append(
            StatusChange(
                unit=unit,
                task=task,
                title=titles.get(task, ""),
                item=f"{key[1]} {duty.name}",
                measure=None,
                before=standing_before,
                after=standing_after,
            )
        )
    return result


def _plain(value: Any) -> str:
    """A value in a warning: numbers without trailing zeros, dates as ISO, None as 空."""
    if value is None:
        return "空"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return KIND_NAMES.get(value, str(value)) if isinstance(value, str) else str(value)
