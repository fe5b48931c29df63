"""Turning what a unit said on the phone into an entry, and withdrawing one (void).

``record_entry`` and ``void_entry`` load the book, check the request against it and append
through ``write`` while holding the lock, so the checks see every entry already written.
"""

from __future__ import annotations

import datetime as dt
import difflib
import getpass
import secrets
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..figures.compute import RunningActual, actual_as_of, entries_for, previous_total
from ..ledger.book import Book
from ..ledger.kinds import share_of, shares
from ..ledger.load import load_book
from ..ledger.model import Entry, EntryKind, Ledger, Milestone, Task, Void
from ..ledger.names import Registry, did_you_mean
from ..ledger.resolve import resolve_task, resolve_unit, unit_tasks
from ..text.amounts import MONEY, fmt, fmt_measure, parse_amount, percent
from ..text.errors import MinningError
from .write import append, check_then_write

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


@dataclass(frozen=True)
class Outcome:
    """The entry made and how it reads: one line of effect, and any warnings."""

    entry: Entry | Void
    message: str
    warnings: tuple[str, ...] = field(default=())


def default_by(folder: Path) -> str:
    """Who records: ``git config user.name`` in the data folder, else the login name."""
    try:
        done = subprocess.run(
            ["git", "config", "user.name"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        done = None
    if done is not None and done.returncode == 0 and done.stdout.strip():
        return done.stdout.strip()
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "未知"


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
    """What checking a new entry needs from the book: the ids taken, and each unit's entries
    for each row (voided ones left out), kept up to date as an import adds entries, so that
    checking each row of a sheet does not go through the whole book again."""

    taken: set[str]
    by_unit_task: dict[tuple[str, int], list[Entry]]
    running: dict[tuple[str, int], RunningActual] = field(default_factory=dict)

    @classmethod
    def of(cls, book: Book) -> Known:
        """The index of a book."""
        by_unit_task: dict[tuple[str, int], list[Entry]] = {}
        for entry in book.active():
            by_unit_task.setdefault((entry.unit, entry.task), []).append(entry)
        return cls(set(book.places), by_unit_task)

    def entries(self, unit: str, task_no: int) -> list[Entry]:
        """The entries that count of one unit for one row, in file order."""
        return self.by_unit_task.get((unit, task_no), [])

    def actual_with(self, entry: Entry) -> Decimal:
        """The unit's actual for the entry's row as of its date, the entry counted."""
        key = (entry.unit, entry.task)
        if key not in self.running:
            self.running[key] = RunningActual(self.entries(*key))
        return self.running[key].as_of(entry.date, entry)

    def add(self, entry: Entry) -> None:
        """Count an entry about to be written."""
        self.taken.add(entry.id)
        self.by_unit_task.setdefault((entry.unit, entry.task), []).append(entry)
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

    ``known`` is the book's index when the caller keeps one (an import adding many rows).
    """
    ledger = book.ledger
    registry = Registry(ledger)
    unit = resolve_unit(registry, request.unit)
    task = resolve_task(ledger, registry, request.task, unit)
    day = request.date or today
    year = ledger.ledger.year
    if day > today:
        raise MinningError(f"日期 {day} 在今天（{today}）之后：不能记录还没发生的事")
    if day.year != year:
        hint = (
            "（默认是今天，请用 --date 指定，如 --date 2023-06-30）" if request.date is None else ""
        )
        raise MinningError(f"日期 {day} 不在台账年度 {year} 年内{hint}")
    known = known or Known.of(book)
    kind, amount, milestone, warnings = _kind_and_amount(book, registry, task, unit, request, day)
    entry = Entry(
        id=new_id(day, known.taken),
        date=day,
        unit=unit,
        task=task.no,
        kind=kind,
        amount=amount,
        milestone=milestone.id if milestone is not None else None,
        note=request.note or None,
        source=request.source or DEFAULT_SOURCE,
        by=request.by or by(),
        recorded_at=now,
    )
    if kind == "total":
        previous = previous_total(known.entries(unit, task.no), entry)
        went_down = (
            previous is not None
            and previous.amount is not None
            and amount is not None
            and amount < previous.amount
        )
        if went_down and previous is not None and amount is not None:
            warnings.append(
                f"注意：{unit}此前截至 {previous.date} 累计 {fmt(previous.amount)}，"
                f"本次累计 {fmt(amount)} 更少；已照记，如有误请用 minning void 作废"
            )
    actual = known.actual_with(entry) if kind in ("increment", "total") else None
    message = effect(ledger, registry, task, entry, known.entries(unit, task.no), actual=actual)
    return Outcome(entry, f"已记录 {entry.id}：{message}", tuple(warnings))


def _kind_and_amount(
    book: Book, registry: Registry, task: Task, unit: str, request: Request, day: dt.date
) -> tuple[EntryKind, Decimal | None, Milestone | None, list[str]]:
    ledger = book.ledger
    if request.done:
        if task.indicators and not (task.milestones or task.pairings or task.monthly):
            raise MinningError(f"任务{task.no}“{task.title}”按数字统计，不能用 --done；请给出数额")
        if request.total:
            raise MinningError("--done 与 --total 不能同时使用")
        return _done(ledger, registry, task, unit, request)
    if task.indicators:
        share = share_of(ledger, task, unit, registry)
        if share is None:
            holders = sorted(
                {s.unit for s in shares(ledger, registry) if s.task.no == task.no and s.unit},
                key=[*registry.units, *registry.groups].index,
            )
            raise MinningError(
                f"{unit}在任务{task.no}“{task.title}”没有分解任务；有分解任务的单位：{'、'.join(holders)}"
            )
        if request.amount is None:
            raise MinningError(
                f"请给出数额（{share.indicator.measure}），如 minning record {unit} {task.no} 20"
            )
        amount = parse_amount(request.amount, share.indicator.measure)
        return ("total" if request.total else "increment"), amount, None, []
    if request.total:
        raise MinningError(f"任务{task.no}“{task.title}”没有数字指标，不能用 --total")
    involved = [t.no for t in unit_tasks(ledger, registry, unit)]
    if task.no not in involved:
        raise MinningError(
            f"{unit}不是任务{task.no}“{task.title}”的牵头或责任单位；牵头单位：{'、'.join(task.leads)}"
        )
    if not request.note:
        raise MinningError(
            f"任务{task.no}“{task.title}”没有数字指标：请用 --note 写明做了什么，"
            f"如 minning record {unit} {task.no} --note '举办劳务协作招聘会'"
        )
    count: Decimal | None = None
    if request.amount is not None:
        measure = task.activity_measure or "个"
        if measure == MONEY:
            raise MinningError("活动记录只能附人数或个数")
        count = parse_amount(request.amount, measure)
    return "activity", count, None, []


def _done(
    ledger: Ledger, registry: Registry, task: Task, unit: str, request: Request
) -> tuple[EntryKind, Decimal | None, Milestone | None, list[str]]:
    if task.pairings:
        if not any(registry.canonical_name(p.unit) == unit for p in task.pairings):
            paired = "、".join(p.unit for p in task.pairings)
            raise MinningError(f"{unit}在任务{task.no}“{task.title}”里没有结对；结对单位：{paired}")
        return "done", None, None, []
    if task.milestones:
        allowed = [m for m in task.milestones if unit in registry.expand(m.units or task.leads)]
        if request.milestone:
            chosen = [m for m in allowed if request.milestone in (m.id, m.name)]
            if not chosen:
                listed = "、".join(f"{m.id}（{m.name}）" for m in allowed) or "无"
                raise MinningError(
                    f"{unit}在任务{task.no}没有事项“{request.milestone}”；可选：{listed}"
                )
            return "done", None, chosen[0], []
        if len(allowed) == 1:
            return "done", None, allowed[0], []
        if not allowed:
            raise MinningError(f"{unit}不负责任务{task.no}“{task.title}”的任何事项")
        listed = "、".join(f"{m.id}（{m.name}）" for m in allowed)
        raise MinningError(
            f"任务{task.no}有 {len(allowed)} 个事项，请用 --milestone 指明：{listed}；"
            f"如 minning record {unit} {task.no} --done --milestone {allowed[0].id}"
        )
    if task.monthly is not None:
        if unit not in registry.expand(task.monthly.units or task.leads):
            raise MinningError(
                f"{unit}不是任务{task.no}“{task.title}”的牵头单位；牵头单位：{'、'.join(task.leads)}"
            )
        amount = parse_amount(request.amount, "篇") if request.amount is not None else None
        return "done", amount, None, []
    raise MinningError(f"任务{task.no}“{task.title}”没有可标记完成的事项；记录做了什么请用 --note")


def effect(
    ledger: Ledger,
    registry: Registry,
    task: Task,
    entry: Entry,
    active: list[Entry],
    *,
    actual: Decimal | None = None,
) -> str:
    """How an entry reads, with its effect: 软件园 · 消费帮扶 +20万元 → 累计 50/200万元（25%）.

    ``actual`` is the unit's figure after the entry, when the caller has it; otherwise it is
    computed from ``active``, which must then hold the entry.
    """
    head = f"{entry.unit} · "
    if entry.kind in ("increment", "total"):
        share = share_of(ledger, task, entry.unit, registry)
        assert share is not None  # checked when the entry was built or loaded
        measure = share.indicator.measure
        if actual is None:
            actual = actual_as_of(entries_for(active, entry.unit, task.no), entry.date)
        amount = fmt_measure(entry.amount, measure)
        what = f"+{amount}" if entry.kind == "increment" else f"截至 {entry.date} 累计 {amount}"
        if share.target is None:
            after = f"累计 {fmt_measure(actual, measure)}（目标未定）"
        else:
            pct = percent(actual, share.target)
            after = f"累计 {fmt(actual)}/{fmt_measure(share.target, measure)}（{fmt(pct)}%）"
        return f"{head}{share.indicator.name} {what} → {after}"
    if entry.kind == "done":
        if task.pairings:
            partner = next(
                p.partner for p in task.pairings if registry.canonical_name(p.unit) == entry.unit
            )
            return f"{head}{task.title} 与{partner}结对 已完成"
        if entry.milestone:
            milestone = next(m for m in task.milestones if m.id == entry.milestone)
            return f"{head}{task.title} {milestone.name} 已完成"
        if task.monthly is not None:
            count = f" {fmt(entry.amount)}篇" if entry.amount is not None else ""
            return f"{head}{task.title} {entry.date.month}月{task.monthly.name}{count} 已完成"
    count = (
        f"（{fmt_measure(entry.amount, task.activity_measure or '个')}）" if entry.amount else ""
    )
    return f"{head}{task.title} 活动：{entry.note or ''}{count}"


# ---------------------------------------------------------------- the commands' work


def record_entry(
    data_dir: Path,
    request: Request,
    *,
    dry_run: bool = False,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Outcome:
    """Check and append one entry (or, with ``dry_run``, only check it)."""
    now = now or dt.datetime.now().astimezone()
    today = today or now.date()

    recorder = request.by or default_by(data_dir)

    def prepare() -> Outcome:
        book = load_book(data_dir)
        return build_entry(book, request, today=today, now=now, by=lambda: recorder)

    def commit(outcome: Outcome) -> None:
        append(data_dir, [outcome.entry])

    if dry_run:
        return prepare()
    return check_then_write(data_dir, prepare, commit)


def void_entry(
    data_dir: Path,
    entry_id: str,
    reason: str,
    *,
    by: str | None = None,
    now: dt.datetime | None = None,
) -> Outcome:
    """Append a void for an entry; it then stops counting everywhere."""
    now = now or dt.datetime.now().astimezone()
    if not reason.strip():
        raise MinningError("请用 --reason 写明作废的原因")
    recorder = by or default_by(data_dir)

    def prepare() -> Outcome:
        book = load_book(data_dir)
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
        registry = Registry(book.ledger)
        task = book.ledger.task(target.task)
        what = effect(book.ledger, registry, task, target, [target])
        described = what.split(" → ")[0]
        return Outcome(void, f"已作废 {target.id}（{described}）：{reason.strip()}")

    def commit(outcome: Outcome) -> None:
        append(data_dir, [outcome.entry])  # into the voided entry's month file

    return check_then_write(data_dir, prepare, commit)
