"""What an entry records, asked for a row: which of the unit's entries (a figure, a thing to
tick off, an activity, a return), then what that entry still lacks.

What was typed on the command line decides as far as it goes: ``--done`` narrows the choice to
the things to tick off (and a dispatch's return), an amount or ``--total`` to the figures (or an
activity's count), ``--note`` alone to figures or activities; ``--return`` needs nothing more.
Only what is still missing is asked: row 11's 到位/拨付/使用 after ``--done``, the milestone
when a row has several, the closing note the row requires, the count an article or activity
may carry. A dispatch is a number of persons sent on a term, never a running total: "累计?" is
asked only of a figure that can be one, and only when the amount itself was asked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace

from ..ledger.book import Book
from ..ledger.kinds import FigureShare, Item, MonthlyItem, Row, row_label
from ..ledger.kinds.activity import ActivityItem
from ..ledger.kinds.milestone import MilestoneItem
from ..ledger.model import Entry
from ..text.amounts import MONEY, parse_amount, whole_number
from ..text.errors import MinningError
from ..writing.entry_checks import check_persons
from ..writing.hints import Choice, choices, what_to_type
from ..writing.record import Request, build_entry
from .asker import Asker, amount_check, needed
from .prompt_rows import dispatches, funds, which_dispatch


def what(asker: Asker, book: Book, row: Row, unit: str, request: Request) -> Request:
    """The request with what its entry needs from ``unit`` in ``row`` asked for."""
    if request.ref is not None:
        return request  # a return names its dispatch; record checks it
    sent = dispatches(book, unit, row.task.no)
    offered = [c for c in collapsed(choices(row, unit)) if sent or not _returns(c)]
    fitting = _fitting(offered, row, request)
    if not fitting:  # record's own reason, before any question
        if request.milestone:
            request = replace(request, done=True)  # --milestone means a thing ticked off
        refuse(book, replace(request, note=request.note or "…"))  # the clash, not the note
        refuse(book, request)
        raise MinningError(
            f"{row_label(row.task)}没有与所给选项相符的记法。{what_to_type(row, unit)}"
        )
    chosen = fitting[0] if len(fitting) == 1 else _pick(asker, fitting)
    return _fill(asker, chosen, request, sent)


def refuse(book: Book, request: Request) -> None:
    """Nothing the unit can record fits what was typed: raise record's reason now, before
    more is asked (the first day of the year stands in for a date not yet given)."""
    year = book.ledger.ledger.year
    day = request.date or dt.date(year, 1, 1)
    now = dt.datetime.combine(max(day, dt.date.today()), dt.time(12), dt.UTC)
    build_entry(book, replace(request, date=day), today=now.date(), now=now, by=lambda: "")


def collapsed(offered: Sequence[Choice]) -> list[Choice]:
    """One choice per figure share (increment or total is asked after the amount); a
    dispatch's return stays a choice of its own."""
    kept: list[Choice] = []
    for choice in offered:
        if _returns(choice):
            kept.append(choice)
            continue
        if isinstance(choice.item, FigureShare):
            if any(k.item is choice.item for k in kept):
                continue
            what = f"{choice.item.name}（{choice.item.measure}）"
            if choice.item.indicator.term_months is not None:
                what = choice.what  # 一次选派（人、派出日期、计划月数）
            choice = Choice(what, (), choice.item)
        kept.append(choice)
    return kept


def _returns(choice: Choice) -> bool:
    return "--return" in choice.options


def _ticks(choice: Choice) -> bool:
    """A thing to tick off, or a row's closing (``--done``)."""
    return "--done" in choice.options


def _figure(choice: Choice) -> bool:
    return isinstance(choice.item, FigureShare) and not _returns(choice)


def _activity(choice: Choice) -> bool:
    return choice.options[:1] == ("--note",)


def _fitting(offered: list[Choice], row: Row, request: Request) -> list[Choice]:
    """The choices what was typed still allows, as ``record`` would read the flags: each must
    accept every flag typed (no amount on a milestone or a return, no ``--total`` on a thing
    to tick off or an activity); ``--milestone`` names the one thing to tick off."""
    kept = [c for c in offered if _accepts(c, request)]
    if request.milestone:
        return [c for c in kept if _milestone_named(c, request.milestone)]
    if request.done:
        return [c for c in kept if _ticks(c) or _returns(c)]
    if request.amount is not None or request.total:
        return [c for c in kept if _figure(c) or _activity(c)]
    if request.note:
        figures = [c for c in kept if _figure(c)] if row.has_figures else []
        return figures or [c for c in kept if _activity(c)]
    return kept


def _accepts(choice: Choice, request: Request) -> bool:
    """Whether the entry ``choice`` makes can carry what was typed."""
    item, amount = choice.item, request.amount is not None
    if _returns(choice):  # a return carries only its date and the dispatch it ends
        return not (amount or request.total or request.milestone)
    if _figure(choice):
        return not (request.done or request.milestone)
    if _ticks(choice):  # only a month's count (an article, a report) carries a number
        counted = isinstance(item, MonthlyItem) and item.measure is not None
        return not request.total and (counted or not amount)
    if _activity(choice):
        return not (request.total or request.done or request.milestone) and (
            not amount or item.measure is not None
        )
    return True


def _milestone_named(choice: Choice, typed: str) -> bool:
    item = choice.item
    return isinstance(item, MilestoneItem) and typed in (item.milestone.id, item.milestone.name)


def _pick(asker: Asker, offered: list[Choice]) -> Choice:
    for number, choice in enumerate(offered, start=1):
        asker.say(f"  {number}. {choice.what}")

    def pick(typed: str) -> Choice:
        number = whole_number(typed)
        if number is not None and 1 <= number <= len(offered):
            return offered[number - 1]
        raise MinningError(f"请输入 1–{len(offered)} 中的一个数字")

    return asker.ask("记哪一项", pick, default="1")


def _fill(asker: Asker, chosen: Choice, request: Request, sent: Sequence[Entry]) -> Request:
    """Ask what the chosen entry still lacks."""
    item = chosen.item
    if _returns(chosen):
        return replace(request, ref=which_dispatch(asker, sent))
    if isinstance(item, FigureShare):
        measure = item.measure or ""
        sends = item.keeps_terms and not request.total  # persons sent on a term
        if request.amount is not None:  # as typed: an increment unless --total was typed
            if sends:
                check_persons(row_label(item.task), parse_amount(request.amount, measure))
            return request
        examples = (
            "20、1.2w、十二万、255000元" if measure == MONEY else f"1、3{measure}、两{measure}"
        )
        amount = asker.ask(f"数额（{measure}，如 {examples}）", _amount_check(item, sends))
        total = request.total
        if not total and item.indicator.term_months is None:  # persons sent: never a total
            total = asker.confirm("这是截至该日的累计数吗？", default=False)
        return replace(request, amount=amount, total=total)
    if _ticks(chosen):
        return _ticked(asker, item, replace(request, done=True))
    note = request.note or asker.ask("做了什么", lambda typed: needed(typed, "做了什么"))
    amount = request.amount
    if amount is None and isinstance(item, ActivityItem) and item.task.activity_measure:
        measure = item.measure or ""
        amount = asker.ask(f"涉及{measure}数（可空）", _optional_count(measure))
    return replace(request, note=note, amount=amount)


def _ticked(asker: Asker, item: Item, request: Request) -> Request:
    """A thing ticked off: which milestone, row 11's funds, an article's count, the note a
    row's closing must carry."""
    if isinstance(item, MilestoneItem):
        return replace(request, milestone=item.milestone.id)
    if isinstance(item, MonthlyItem) and item.duty.funds:
        return funds(asker, request)
    if isinstance(item, MonthlyItem) and request.amount is None and item.measure:
        measure = item.measure
        question = f"本月{measure}数（可空，即 1{measure}）"
        return replace(request, amount=asker.ask(question, _count_check(measure)))
    if isinstance(item, ActivityItem) and not request.note:
        note = asker.ask("结项说明（全年做了什么）", lambda typed: needed(typed, "结项说明"))
        return replace(request, note=note)
    return request


def _amount_check(item: FigureShare, sends: bool) -> Callable[[str], str | None]:
    """An amount in the share's measure; persons sent on a term at least one."""
    measure = item.measure or ""

    def check(typed: str) -> str | None:
        checked = amount_check(measure, required=True)(typed)
        if sends and checked is not None:
            check_persons(row_label(item.task), parse_amount(checked, measure))
        return checked

    return check


def _optional_count(measure: str) -> Callable[[str], str | None]:
    """An activity's count: empty for none, never 0 (which would read as a count of none)."""

    def check(typed: str) -> str | None:
        if typed and parse_amount(typed, measure) == 0:
            raise MinningError(f"涉及{measure}数不能为 0；没有就直接回车留空")
        return amount_check(measure, required=False)(typed)

    return check


def _count_check(measure: str) -> Callable[[str], str | None]:
    """A month's count: a whole number of at least 1, or empty (one)."""

    def check(typed: str) -> str | None:
        if not typed:
            return None
        if parse_amount(typed, measure) < 1:
            raise MinningError(f"{measure}数至少为 1；当月没有完成就不必记录")
        return typed

    return check
