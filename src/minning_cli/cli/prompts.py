"""``minning record`` as a conversation: each field asked in turn, each answer checked as typed.

Like ``hledger add``: the unit (Tab completes names, aliases and pinyin), then the unit's rows
it can record in, then what the row's entry needs (``prompt_what``: an amount in its measure
and, for a figure that can be one, whether it is a running total; a thing to tick off with what
it carries; what was done), the date (today by default when today is in the ledger year), row
2's term (``prompt_rows``), a note; then one line saying what will be recorded and
``确认？[Y/n]``. What was typed on the command line is kept and only what is still missing is
asked. A wrong answer is said and asked again. Ctrl-C or Ctrl-D at any question writes nothing.

Answers are read with ``input()``: on a terminal Python's ``readline`` gives line editing and
completion; anywhere else (a pipe, ``CliRunner``) lines are read as they come. Nothing here
uses click's prompts, whose errors are in English.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import typer

from ..ledger.book import Book
from ..ledger.kinds import Row, Rows
from ..ledger.load import load_book
from ..ledger.model import Task
from ..ledger.names import Registry, pinyin_full, pinyin_initials, short_forms
from ..ledger.resolve import resolve_task, resolve_unit
from ..text.dates import parse_day
from ..text.errors import MinningError
from ..writing.hints import choices, group_refusal
from ..writing.record import Outcome, Request, record_entry
from ..writing.slips import SlipsFound
from .asker import Asker, needed
from .prompt_rows import term
from .prompt_what import refuse, what


def unit_completions(
    registry: Registry, offered: Callable[[str], bool] = lambda name: True
) -> Callable[[str], list[str]]:
    """Tab completion of a unit: by the start of a name, an alias, its pinyin or initials;
    only the names ``offered`` accepts (in the interview: those that can record something)."""

    def keys(name: str) -> set[str]:
        found: set[str] = set()
        known = registry.units.get(name) or registry.groups.get(name)
        for written in (name, *(known.aliases if known is not None else ())):
            for form in short_forms(written):
                found |= {form, pinyin_full(form), pinyin_initials(form)}
        return found

    table = {name: keys(name) for name in registry.canonical if offered(name)}

    def complete(typed: str) -> list[str]:
        typed = typed.strip().lower()
        return [n for n, ks in table.items() if any(k.startswith(typed) for k in ks)]

    return complete


@dataclass(frozen=True)
class Session:
    """What the conversation knows: the book, its rows, the ledger year and today."""

    book: Book
    rows: Rows
    today: dt.date

    @property
    def year(self) -> int:
        """The ledger's year."""
        return self.book.ledger.ledger.year


def interview(asker: Asker, session: Session, request: Request) -> Request:
    """Fill in what ``request`` lacks by asking; returns the complete request."""
    registry, ledger = session.rows.registry, session.book.ledger
    if request.unit:
        unit = recording_unit(session, request.unit)
    else:
        unit = asker.ask(
            "单位（名称、别名或拼音首字母，Tab 补全）",
            lambda typed: recording_unit(session, needed(typed, "单位")),
            complete=recording_completions(session),
        )
    mine = session.rows.tasks_of(unit)
    recordable = recordable_rows(session, unit)
    listed = "　".join(f"{t.no} {t.title}" for t in recordable or mine)

    def check_task(typed: str) -> Row:
        task = resolve_task(ledger, registry, needed(typed, "任务"), unit, session.rows)
        if task not in mine:
            raise MinningError(f"{unit}不参与任务{task.no}“{task.title}”；它的任务是 {listed}")
        if task not in recordable:
            refuse(session.book, Request(unit=unit, task=str(task.no)))
        return session.rows.row(task.no)

    default_task = str(recordable[0].no) if len(recordable) == 1 else None
    if request.task:
        row = check_task(request.task)
    else:
        asker.say_words(f"{unit}的任务：", [f"{t.no} {t.title}" for t in recordable or mine])
        row = asker.ask("任务（序号或名称）", check_task, default=default_task)
    request = what(
        asker, session.book, row, unit, replace(request, unit=unit, task=str(row.task.no))
    )
    if request.date is None:
        said = "返回日期" if request.ref else "日期"  # a return is dated the day they came back
        request = replace(request, date=_date(asker, session, said))
    request = term(asker, row, unit, request, session.year)
    if request.note is None:
        note = asker.ask("备注（可空）", lambda typed: typed)
        request = replace(request, note=note or None)
    return request


def recording_completions(session: Session) -> Callable[[str], list[str]]:
    """Tab completion of the units that can record something: never a group (十街镇), nor a
    lead whose rows are all someone else's to record (区委组织部)."""
    registry = session.rows.registry
    return unit_completions(registry, lambda name: bool(recordable_rows(session, name)))


def recordable_rows(session: Session, unit: str) -> list[Task]:
    """The unit's rows it can record in: a lead without a share or a thing of its own
    (南街街道 on row 2) has nothing to record there; a group records nothing itself."""
    rows = session.rows
    return [t for t in rows.tasks_of(unit) if choices(rows.row(t.no), unit)]


def recording_unit(session: Session, typed: str) -> str:
    """A typed unit that can record something, or why not: a group is named by one of its
    members; a unit whose rows are all someone else's to record says whose."""
    registry = session.rows.registry
    unit = resolve_unit(registry, typed)
    if unit in registry.groups and not recordable_rows(session, unit):
        raise group_refusal(registry, unit)  # a group records only a share held jointly
    mine = session.rows.tasks_of(unit)
    if not mine:
        raise MinningError(f"{unit}在分工表里没有任务")
    if not recordable_rows(session, unit):
        try:
            refuse(session.book, Request(unit=unit, task=str(mine[0].no)))
        except MinningError as exc:
            raise MinningError(f"{unit}没有可以记录进展的任务：{exc}") from None
        raise MinningError(f"{unit}没有可以记录进展的任务")
    return unit


def _date(asker: Asker, session: Session, said: str = "日期") -> dt.date:
    year, today = session.year, session.today

    def check(typed: str) -> dt.date:
        day = parse_day(needed(typed, said), "", year=lambda: year)
        assert day is not None
        if day > today:
            raise MinningError(f"日期 {day} 在今天（{today}）之后")
        if day.year != year:
            raise MinningError(f"日期 {day} 不在台账年度 {year} 年内")
        return day

    default = today.isoformat() if today.year == year else None
    return asker.ask(f"{said}（如 2023-09-05、9月5日）", check, default=default)


# ---------------------------------------------------------------- the whole conversation


def slips_confirmed(asker: Asker, exc: SlipsFound) -> bool:
    """Show what looks like a slip and ask whether to record it anyway (default no)."""
    asker.say("请核对：")
    for slip in exc.slips:
        asker.say(f"  {slip.message}")
    return asker.confirm("仍要记录吗？", default=False)


def missing(request: Request, session: Session) -> bool:
    """Whether a request typed in full still lacks something to ask for: the unit, the row,
    what to record, or a date when today is outside the ledger year (the default fails)."""
    what = request.amount is not None or request.done or bool(request.note) or bool(request.ref)
    dated = request.date is not None or session.today.year == session.year
    return not (request.unit and request.task and what and dated)


def record_after_asking(
    data_dir: Path, request: Request, *, dry_run: bool, yes: bool, ask_all: bool
) -> Outcome:
    """On a terminal (or with ``-i``, ``ask_all``): ask for what is missing, show the entry,
    confirm, and record; an entry that looks like a slip is shown and asked about.

    Ctrl-C ends with exit 130, Ctrl-D with 已取消 (exit 1); neither writes anything.
    """
    asker = Asker()

    def attempt(request: Request, dry_run: bool) -> Outcome:
        nonlocal yes
        try:
            return record_entry(data_dir, request, dry_run=dry_run, yes=yes)
        except SlipsFound as exc:
            if not slips_confirmed(asker, exc):
                raise typer.Abort() from None
            yes = True
            return record_entry(data_dir, request, dry_run=dry_run, yes=yes)

    try:
        book = load_book(data_dir)
        session = Session(book, Rows(book.ledger), dt.date.today())
        if not (ask_all or missing(request, session)):
            return attempt(request, dry_run)
        request = interview(asker, session, request)
        # One question at the end: the entry shown, then anything that looks like a slip.
        try:
            planned, slips = record_entry(data_dir, request, dry_run=True, yes=yes), None
        except SlipsFound as exc:
            planned, slips = record_entry(data_dir, request, dry_run=True, yes=True), exc
        asker.say("将记录：" + planned.message.split("：", 1)[1])
        if slips is not None:
            if not slips_confirmed(asker, slips):
                raise typer.Abort()
            yes = True
        elif not asker.confirm("确认？", default=True):
            raise typer.Abort()
    except KeyboardInterrupt:
        asker.say("")
        raise typer.Exit(130) from None
    except EOFError:
        asker.say("")
        raise typer.Abort() from None
    return planned if dry_run else record_entry(data_dir, request, yes=yes)
