"""The questions particular rows add to ``record``'s conversation: row 2's dispatch term and
the return of a dispatch (picked from the unit's dispatches), row 11's fund figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from ..ledger.book import Book
from ..ledger.kinds import FigureShare, Row
from ..ledger.model import Entry
from ..ledger.plain import as_plain
from ..text.amounts import MONEY, fmt, whole_number
from ..text.dates import parse_day
from ..text.errors import MinningError
from ..views.labels import FUND_LABELS
from ..views.render_log import entry_details
from ..writing.entry_checks import check_term
from ..writing.record import Request
from .asker import Asker, amount_check, needed


def funds(asker: Asker, request: Request) -> Request:
    """Row 11's fund figures (万元, cumulative), each optional: 到位, 拨付, 使用."""

    def asked(key: str, typed: str | None) -> str | None:
        if typed is not None:
            return typed
        question = f"{FUND_LABELS[key]}（{MONEY}，截至报告时累计，可空）"
        return asker.ask(question, amount_check(MONEY, required=False))

    received = asked("received", request.received)
    disbursed = asked("disbursed", request.disbursed)
    return replace(
        request, received=received, disbursed=disbursed, used=asked("used", request.used)
    )


def dispatches(book: Book, unit: str, task: int) -> list[Entry]:
    """The unit's dispatches on a row whose persons have not been recorded as back: its
    increments (a running total of persons is no dispatch a return can name)."""
    active = [e for e in book.active() if e.unit == unit and e.task == task]
    back = {e.ref for e in active if e.ref is not None}
    return [e for e in active if e.kind == "increment" and e.amount and e.id not in back]


def which_dispatch(asker: Asker, sent: Sequence[Entry]) -> str:
    """The dispatch a return ends, picked from a numbered list."""
    for number, entry in enumerate(sent, start=1):
        said = (entry.id, f"{fmt(entry.amount, unknown='')}人", entry_details(as_plain(entry)))
        asker.say(f"  {number}. " + " ".join(w for w in (*said, entry.note or "") if w))

    def pick(typed: str) -> str:
        number = whole_number(typed)
        if number is not None and 1 <= number <= len(sent):
            return sent[number - 1].id
        raise MinningError(f"请输入 1–{len(sent)} 中的一个数字")

    return asker.ask("返回的是哪一次选派", pick, default="1" if len(sent) == 1 else None)


def term(asker: Asker, row: Row, unit: str, request: Request, year: int) -> Request:
    """A dispatch's term on a row that keeps terms (row 2): the start (the entry's date by
    default) and the months planned (the row's term by default). A running total of persons
    sent carries no term. The start is checked as ``record`` checks it (in the ledger's
    ``year``, not after the entry's date, which is asked before it)."""
    term = next(
        (i for i in row.items if isinstance(i, FigureShare) and i.concerns(unit)
         and i.indicator.term_months is not None),
        None,
    )  # fmt: skip
    if term is None or request.amount is None or request.ref or request.done or request.total:
        return request
    if request.start is None:

        def check_start(typed: str) -> dt.date:
            day = parse_day(needed(typed, "派出日期"), "", year=lambda: year)
            assert day is not None
            check_term(day, None, request.date or day, year)
            return day

        default = request.date.isoformat() if request.date else None
        request = replace(request, start=asker.ask("派出日期", check_start, default=default))
    if request.months is None:

        def check_months(typed: str) -> int:
            number = whole_number(typed)
            if number is not None and 1 <= number <= 120:
                return number
            raise MinningError("计划月数应是 1–120 之间的整数")

        default = str(term.indicator.term_months)
        request = replace(request, months=asker.ask("计划月数", check_months, default=default))
    return request
