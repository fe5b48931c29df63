"""更正说明: what was recorded about a month's figures after that month's report was due.

A month's report stands at the month's last day and is due on ``report.due_day`` of the next
month (``tasks.yaml``, 25 unless it says otherwise). An entry dated in an earlier month but
recorded after that month's report was due (a late entry, a cumulative figure revised), or a
void of such an entry recorded after it was due, changes figures a report already sent. The
next report states each change, with the reason recorded, and the figures as sent against the
figures as now known, so that "as reported + corrections + this month's gain = now" adds up.

A month counts as reported only when the ledger was in use by its report's due day (something
was recorded by then): a ledger begun in July with the first half year typed in at once has
sent no report of those months from it, so there is nothing to correct.

``known_by`` is the ledger as it stood at the end of a day (entries and voids recorded by
then): a report made again with ``--as-of`` that day says what it said then.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ..ledger.book import Book
from ..ledger.model import Entry
from .status import StatusReport, compute_status


@dataclass(frozen=True)
class Correction:
    """One change to an already reported month: a void or a late entry, with its reason."""

    month: str  # the month whose figures it changes (the entry's month)
    kind: str  # "void" or "late"
    entry: str
    date: dt.date
    unit: str
    task: int
    title: str
    entry_kind: str  # increment, total, done, activity
    amount: Decimal | None
    measure: str | None
    reason: str | None  # the void's reason, or the late entry's note
    recorded_on: dt.date
    due: dt.date  # when the corrected month's report was due


@dataclass(frozen=True)
class Revision:
    """A figure row's district figure at a month's end: as reported, and as now known."""

    month: str
    task: int
    title: str
    indicator: str
    measure: str
    reported: Decimal
    now: Decimal


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def report_due(book: Book, year: int, month: int) -> dt.date:
    """The day a month's report is due: ``report.due_day`` of the following month."""
    day = book.ledger.report.due_day
    return dt.date(year + month // 12, month % 12 + 1, day)


def known_by(book: Book, day: dt.date) -> Book:
    """The ledger as recorded by the end of ``day``: later entries and voids left out."""
    return Book(
        book.loaded,
        entries=tuple(e for e in book.entries if e.recorded_at.date() <= day),
        voids=tuple(v for v in book.voids if v.recorded_at.date() <= day),
        places=book.places,
        warnings=book.warnings,
    )


def _month_of(day: dt.date) -> str:
    return f"{day.year}-{day.month:02d}"


def corrections(book: Book, year: int, month: int, made_on: dt.date) -> list[Correction]:
    """Changes to earlier months recorded after the previous report was due, up to
    ``made_on``, each after its own month's report was due; oldest month first."""
    if month == 1:
        return []
    since = report_due(book, year, month - 1)  # earlier ones went into earlier reports
    titles = {t.no: t.title for t in book.ledger.tasks}
    measures = _measures(book)
    entries = {e.id: e for e in book.entries}
    found: list[Correction] = []
    recorded = [e.recorded_at.date() for e in book.entries]
    recorded += [v.recorded_at.date() for v in book.voids]
    if not recorded:
        return []
    in_use = min(recorded)

    def correction(entry: Entry, kind: str, reason: str | None, on: dt.date) -> None:
        due = report_due(book, entry.date.year, entry.date.month)
        if not (entry.date.year, entry.date.month) < (year, month) or not since < on <= made_on:
            return
        if on <= due or due < in_use:  # not yet due, or sent before the ledger was in use
            return
        found.append(
            Correction(
                month=_month_of(entry.date), kind=kind, entry=entry.id, date=entry.date,
                unit=entry.unit, task=entry.task, title=titles[entry.task],
                entry_kind=entry.kind, amount=entry.amount, measure=measures.get(entry.task),
                reason=reason, recorded_on=on, due=due,
            )
        )  # fmt: skip

    for entry in book.entries:
        correction(entry, "late", entry.note, entry.recorded_at.date())
    for void in book.voids:
        voided = entries.get(void.voids)
        if voided is not None:
            correction(voided, "void", void.reason, void.recorded_at.date())
    found.sort(key=lambda c: (c.month, c.task, c.recorded_on, c.entry))
    return found


def revisions(
    book: Book, year: int, month: int, found: list[Correction], now: Book
) -> list[Revision]:
    """For each corrected month, and the month before the report's (the figure its gain is
    counted from), every figure row whose month-end figure changed since it was reported."""
    if not found:
        return []
    result: list[Revision] = []
    for number in sorted({int(c.month[5:]) for c in found} | {month - 1}):
        end = _month_end(year, number)
        sent = compute_status(known_by(book, report_due(book, year, number)), end)
        known = compute_status(now, end)
        result += _changed(f"{year}-{number:02d}", sent, known)
    return result


def _changed(month: str, sent: StatusReport, known: StatusReport) -> list[Revision]:
    before = {t.no: t.actual for t in sent.tasks}
    return [
        Revision(month, t.no, t.title, t.indicator, t.measure, before[t.no] or Decimal(0), t.actual)
        for t in known.tasks
        if t.actual is not None
        and t.indicator is not None
        and t.measure is not None
        and t.actual != before[t.no]
    ]


def _measures(book: Book) -> dict[int, str]:
    result: dict[int, str] = {}
    for task in book.ledger.tasks:
        if task.indicators:
            result[task.no] = task.indicators[0].measure
        elif task.activity_measure:
            result[task.no] = task.activity_measure
    return result
