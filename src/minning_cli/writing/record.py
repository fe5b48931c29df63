"""Turning what a unit said on the phone into an entry, and withdrawing one (void).

``record_entry`` and ``void_entry`` load the book, check the request against it and append
through ``write`` while holding the lock, so the checks see every entry already written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import getpass
import secrets
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..ledger.actuals import RunningActual, actual_as_of, entries_for, previous_total
from ..ledger.book import Book
from ..ledger.kinds import Item, Refusal, Row, Rows, row_label
from ..ledger.model import Entry, EntryKind, Void
from ..ledger.names import did_you_mean
from ..ledger.resolve import resolve_task, resolve_unit
from ..ledger.summary_extend import Appended
from ..text.amounts import MONEY, fmt, parse_amount
from ..text.clock import local_now
from ..text.errors import MinningError
from ..text.sanitize import Cleaned, clean_input
from .entry_checks import check_milestone, check_not_zero, check_ref, check_term, same_day_notes
from .hints import choices, group_refusal, what_to_type
from .write import append, check_then_write, reloader

_ID_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
DEFAULT_SOURCE = "电话"


@dataclass(frozen=True)
class Request:
    """What the coordinator typed for one entry."""

    unit: str
    task: str
    amount: str | None = None
    date: dt.date | None = None
    total: bool = False
    done: bool = False
    milestone: str | None = None
    note: str | None = None
    source: str | None = None
    by: str | None = None
    # Row 2's dispatch term: start (default the date) and months planned; a return names
    # the dispatch entry (``ref``) it ends.
    start: dt.date | None = None
    months: int | None = None
    ref: str | None = None
    # Row 11's monthly report: funds received (到位), paid out (拨付), used (使用), as typed.
    received: str | None = None
    disbursed: str | None = None
    used: str | None = None


@dataclass(frozen=True)
class Outcome:
    """The entry made and how it reads: one line of effect, and any warnings."""

    entry: Entry | Void
    message: str
    warnings: tuple[str, ...] = field(default=())


def default_by(folder: Path) -> str:
    """Who records: ``git config user.name`` in the data folder, else the login name; a byte
    that is not UTF-8 in either is written as U+FFFD, never as an escape ``check`` refuses."""
    try:
        done = subprocess.run(
            ["git", "config", "user.name"], cwd=folder, capture_output=True, timeout=5, check=False
        )
    except (OSError, subprocess.SubprocessError):
        done = None
    name = done.stdout.decode("utf-8", "replace") if done and done.returncode == 0 else ""
    if not name.strip():
        try:
            # The login name comes from the environment, undecodable bytes kept as surrogates.
            name = getpass.getuser().encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        except (KeyError, OSError):
            name = ""
    return clean_input(name, "记录人").strip() or "未知"


def new_id(day: dt.date, taken: set[str]) -> str:
    """A fresh id, ``YYYY-MM-DD-xxxxxx``: random, so two clones never mint the same one."""
    while True:
        suffix = "".join(secrets.choice(_ID_ALPHABET) for _ in range(6))
        candidate = f"{day:%Y-%m-%d}-{suffix}"
        if candidate not in taken:
            return candidate


# ---------------------------------------------------------------- building


@dataclass
class Known:
    """What checking a new entry needs from the book: its rows' kinds, the ids taken, and
    each unit's entries for each row (voided ones left out), read from the book when first
    asked (a summarised book reads only that unit and row) and kept up to date as an import
    adds entries, so that checking each row of a sheet does not go through the book again."""

    rows: Rows
    taken: set[str]
    by_unit_task: dict[tuple[str, int], list[Entry]]
    running: dict[tuple[str, int], RunningActual] = field(default_factory=dict)
    book: Book | None = None

    @classmethod
    def of(cls, book: Book) -> Known:
        """The index of a book."""
        return cls(Rows(book.ledger), book.ids(), {}, book=book)

    def entries(self, unit: str, task_no: int) -> list[Entry]:
        """The entries that count of one unit for one row, in file order."""
        key = (unit, task_no)
        found = self.by_unit_task.get(key)
        if found is None:
            found = self.book.unit_entries(unit, task_no) if self.book is not None else []
            self.by_unit_task[key] = found
        return found

    def actual_with(self, entry: Entry) -> Decimal:
        """The unit's actual for the entry's row as of its date, the entry counted."""
        key = (entry.unit, entry.task)
        if key not in self.running:
            self.running[key] = RunningActual(self.entries(*key))
        return self.running[key].as_of(entry.date, entry)

    def add(self, entry: Entry) -> None:
        """Count an entry about to be written."""
        self.taken.add(entry.id)
        self.entries(entry.unit, entry.task).append(entry)
        if (entry.unit, entry.task) in self.running:
            self.running[(entry.unit, entry.task)].add(entry)


def build_entry(
    book: Book,
    request: Request,
    *,
    today: dt.date,
    now: dt.datetime,
    by: Callable[[], str],
    known: Known | None = None,
) -> Outcome:
    """Check a request against the book and make the entry, or raise ``MinningError``.

    Which entry fits which row is the row's kinds' to say (``Row.route`` and ``Row.fit``,
    the same rules ``check`` applies to entries in files). ``known`` is the book's index
    when the caller keeps one (an import adding many rows).
    """
    cleaned = Cleaned()
    request = _clean_request(request, cleaned)
    known = known or Known.of(book)
    rows = known.rows
    unit = resolve_unit(rows.registry, request.unit)
    task = resolve_task(book.ledger, rows.registry, request.task, unit, rows)
    if unit in rows.registry.groups and not choices(rows.row(task.no), unit):
        raise group_refusal(rows.registry, unit)  # a group records only a joint share
    day = request.date or today
    year = book.ledger.ledger.year
    if day > today:
        raise MinningError(f"日期 {day} 在今天（{today}）之后：不能记录还没发生的事")
    if day.year != year:
        hint = (
            "（默认是今天，请用 --date 指定，如 --date 2023-06-30）" if request.date is None else ""
        )
        raise MinningError(f"日期 {day} 不在台账年度 {year} 年内{hint}")
    row = rows.row(task.no)
    kind = _entry_kind(row, request)
    check_milestone(request.milestone, kind, unit, task.no)
    milestone = _milestone(row, unit, request) if kind == "done" else None
    item = _fits(row.route(kind, unit, milestone), what_to_type(row, unit))
    amount = None
    if request.amount is not None:
        if item.measure is None:
            raise MinningError(item.no_amount().message)
        amount = parse_amount(request.amount, item.measure)
    elif kind in ("increment", "total"):
        raise MinningError(f"请给出数额（{item.measure}）。{what_to_type(row, unit)}")
    check_term(request.start, request.months, day, year)
    if request.ref is not None:
        check_ref(known.entries(unit, task.no), unit, task.no, request.ref.strip(), day)
    funds = {
        name: parse_amount(typed, MONEY) if typed is not None else None
        for name, typed in (
            ("received", request.received),
            ("disbursed", request.disbursed),
            ("used", request.used),
        )
    }
    entry = Entry(
        id=new_id(day, known.taken),
        date=day,
        unit=unit,
        task=task.no,
        kind=kind,
        amount=amount,
        milestone=milestone,
        note=request.note or None,
        source=request.source or DEFAULT_SOURCE,
        by=request.by or by(),
        recorded_at=now,
        start=request.start,
        months=request.months,
        ref=request.ref.strip() if request.ref is not None else None,
        **funds,
    )
    refusal = row.fit(entry, unit)
    if isinstance(refusal, Refusal) and refusal.field == "note" and kind == "done":
        raise MinningError(
            f"{row_label(task)}结项须写明结项说明，如 minning record {unit} {task.no} --done "
            "--note '全年工作已完成，总结已报'"
        )
    if isinstance(refusal, Refusal) and refusal.field == "note":  # said as the options to use
        raise MinningError(f"{row_label(task)}没有数字指标。{what_to_type(row, unit)}")
    if isinstance(refusal, Refusal):
        raise MinningError(refusal.message)
    check_not_zero(row_label(task), entry, item)  # 0 篇, 0 persons sent
    warnings = list(cleaned.notices)
    if kind == "total":
        previous = previous_total(known.entries(unit, task.no), entry)
        earlier = previous.amount if previous is not None else None
        if previous is not None and earlier is not None and amount is not None and amount < earlier:
            warnings.append(
                f"注意：{unit}此前截至 {previous.date} 累计 {fmt(earlier)}，"
                f"本次累计 {fmt(amount)} 更少；已照记，如有误请用 minning void 作废"
            )
    warnings += same_day_notes(known.entries(unit, task.no), entry)
    actual = known.actual_with(entry) if kind in ("increment", "total") else None
    message = f"{unit} · {item.reads(entry, actual)}"
    return Outcome(entry, f"已记录 {entry.id}：{message}", tuple(warnings))


_TEXT_FIELDS = {"unit": "单位", "task": "任务", "amount": "数额", "milestone": "事项",
                "note": "备注", "source": "来源", "by": "记录人", "ref": "选派记录编号",
                "received": "到位", "disbursed": "拨付", "used": "使用"}  # fmt: skip


def _clean_request(request: Request, cleaned: Cleaned) -> Request:
    """The request with every text made storable (``text.sanitize``), changes noted."""
    changes: dict[str, Any] = {
        name: clean_input(value, label, cleaned)
        for name, label in _TEXT_FIELDS.items()
        if isinstance(value := getattr(request, name), str)
    }
    return dataclasses.replace(request, **changes)


def _fits(routed: Item | Refusal, hint: str) -> Item:
    if isinstance(routed, Refusal):
        raise MinningError(
            routed.message + (f"。{hint}" if hint and routed.field == "unit" else "")
        )
    return routed


def _entry_kind(row: Row, request: Request) -> EntryKind:
    """What the flags make of a request: done, a total, an increment, or an activity."""
    if request.done or request.ref is not None:
        if request.total:
            raise MinningError("--done 与 --total 不能同时使用")
        return "done"
    if request.total:
        if not row.has_figures:
            raise MinningError(f"{row_label(row.task)}没有数字指标，不能用 --total")
        return "total"
    return "increment" if row.has_figures else "activity"


def _milestone(row: Row, unit: str, request: Request) -> str | None:
    """The milestone id a ``--done`` means: as typed (id or name), or the unit's only one."""
    mine = row.milestones_of(unit)
    if request.milestone:
        chosen = [m for m in mine if request.milestone in (m.milestone.id, m.milestone.name)]
        return chosen[0].milestone.id if chosen else request.milestone
    others = [i for i in row.items if "done" in i.takes and i.concerns(unit) and i not in mine]
    if len(mine) == 1 and not others:
        return mine[0].milestone.id
    if len(mine) > 1:
        listed = "、".join(f"{m.milestone.id}（{m.milestone.name}）" for m in mine)
        raise MinningError(
            f"任务{row.task.no}有 {len(mine)} 个事项，请用 --milestone 指明：{listed}；"
            f"如 minning record {unit} {row.task.no} --done --milestone {mine[0].milestone.id}"
        )
    return None


def effect(rows: Rows, entry: Entry, active: list[Entry]) -> str:
    """How an entry reads, with its effect: 软件园 · 消费帮扶 +20万元 → 累计 50/200万元（25%）.

    ``active`` holds the unit's entries that count, the entry among them.
    """
    item = rows.fit(entry)
    assert isinstance(item, Item)  # checked when the entry was built or loaded
    actual = None
    if entry.kind in ("increment", "total"):
        actual = actual_as_of(entries_for(active, entry.unit, entry.task), entry.date)
    return f"{entry.unit} · {item.reads(entry, actual)}"


# ---------------------------------------------------------------- the commands' work


def record_entry(
    data_dir: Path,
    request: Request,
    *,
    dry_run: bool = False,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    yes: bool = False,
) -> Outcome:
    """Check and append one entry (or, with ``dry_run``, only check it).

    An entry that looks like a slip (``slips``) raises ``SlipsFound`` unless ``yes``.
    """
    from .slips import SlipChecker, check_or_refuse

    now = now or local_now()
    today = today or now.date()

    recorder = request.by or default_by(data_dir)
    load = reloader(data_dir)

    def prepare() -> Outcome:
        book = load()
        known = Known.of(book)
        outcome = build_entry(book, request, today=today, now=now, by=lambda: recorder, known=known)
        assert isinstance(outcome.entry, Entry)
        check_or_refuse(SlipChecker(known), outcome.entry, yes)
        return outcome

    def commit(outcome: Outcome) -> Appended:
        return append(data_dir, [outcome.entry])

    if dry_run:
        return prepare()
    return check_then_write(data_dir, prepare, commit, load)


def void_entry(
    data_dir: Path,
    entry_id: str,
    reason: str,
    *,
    by: str | None = None,
    now: dt.datetime | None = None,
) -> Outcome:
    """Append a void for an entry; it then stops counting everywhere."""
    now = now or local_now()
    cleaned = Cleaned()
    reason = clean_input(reason, "原因", cleaned)
    if not reason.strip():
        raise MinningError("请用 --reason 写明作废的原因")
    recorder = by or default_by(data_dir)
    load = reloader(data_dir)

    def prepare() -> Outcome:
        book = load()
        entries = {entry.id: entry for entry in book.entries}
        target = entries.get(entry_id.strip())
        if target is None:
            if entry_id in {void.id for void in book.voids}:
                raise MinningError(f"“{entry_id}”本身是一条作废记录，不能再作废")
            hint = did_you_mean(difflib.get_close_matches(entry_id, list(entries), n=3))
            raise MinningError(f"没有编号为“{entry_id}”的记录{hint}；可用 minning log 查看编号")
        earlier = book.voided.get(target.id)
        if earlier is not None:
            raise MinningError(
                f"记录 {target.id} 已于 {earlier.recorded_at:%Y-%m-%d %H:%M} 由 {earlier.by or '未知'} 作废"
                f"（原因：{earlier.reason}）"
            )
        void = Void(
            id=new_id(target.date, set(book.places)),
            kind="void",
            voids=target.id,
            reason=reason.strip(),
            by=recorder,
            recorded_at=now,
        )
        described = effect(Rows(book.ledger), target, [target]).split(" → ")[0]
        message = f"已作废 {target.id}（{described}）：{reason.strip()}"
        return Outcome(void, message, tuple(cleaned.notices))

    def commit(outcome: Outcome) -> Appended:
        return append(data_dir, [outcome.entry])  # into the voided entry's month file

    return check_then_write(data_dir, prepare, commit, load)
