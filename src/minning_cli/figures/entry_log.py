"""The log of entries as plain rows, for ``minning log`` and the workbook's log sheet."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..ledger.actuals import order
from ..ledger.book import Book
from ..ledger.kinds import Item, Rows
from ..ledger.resolve import resolve_task, resolve_unit


def log_rows(
    book: Book,
    *,
    unit: str | None = None,
    task: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[dict[str, Any]]:
    """Entries in date order (then as recorded) as plain rows, voided ones marked; ``measure``
    is what an amount is counted in (万元, 人, 篇…), as the row's kinds say; a dispatch's
    ``start`` and ``months``, a return's ``ref`` and row 11's funds are given as written."""
    ledger = book.ledger
    kinds = Rows(ledger)
    registry = kinds.registry
    unit_name = resolve_unit(registry, unit) if unit is not None else None
    task_no = (
        resolve_task(ledger, registry, task, unit_name or "", kinds).no
        if task is not None
        else None
    )
    voided = book.voided
    titles = {t.no: t.title for t in ledger.tasks}
    ordered = sorted(enumerate(book.entries), key=lambda pair: order(pair[1], pair[0]))
    rows = []
    for _, entry in ordered:
        if unit_name is not None and entry.unit != unit_name:
            continue
        if task_no is not None and entry.task != task_no:
            continue
        if (since and entry.date < since) or (until and entry.date > until):
            continue
        void = voided.get(entry.id)
        item = kinds.fit(entry)  # what the amount is counted in, as the row's kinds say
        measure = item.measure if isinstance(item, Item) and entry.amount is not None else None
        rows.append(
            {
                "id": entry.id,
                "date": entry.date,
                "unit": entry.unit,
                "task": entry.task,
                "task_title": titles.get(entry.task),
                "kind": entry.kind,
                "amount": entry.amount,
                "measure": measure,
                "milestone": entry.milestone,
                "note": entry.note,
                "source": entry.source,
                "by": entry.by,
                "recorded_at": entry.recorded_at.isoformat(),
                "voided": void is not None,
                "void_reason": void.reason if void is not None else None,
                # A dispatch term (row 2), a return naming its dispatch, row 11's funds (万元).
                "ref": entry.ref,
                "start": entry.start,
                "months": entry.months,
                "received": entry.received,
                "disbursed": entry.disbursed,
                "used": entry.used,
            }
        )
    return rows
