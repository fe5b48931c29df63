"""The same ledger as a plain-text accounting journal, for hledger's and ledger's budget reports.

Targets become one periodic transaction (``~ yearly``) whose postings are the budget goals;
each entry becomes a dated transaction with one unbalanced virtual posting per unit and
indicator, ``(消费帮扶:软件园)  20``. A cumulative figure becomes a balance assignment
(``= 350``), which is how those tools say "the total is now 350": later increments add to it.
Milestones, monthly duties and activities are counted under ``事项:`` accounts. The journal
carries what minning's files carry: every note, source, recorder and time of recording (as
a comment with tags), and the voids — a voided entry posts to ``作废:`` instead of its
account (so it counts nowhere, as in minning) and each void is a transaction of its own,
with its reason. So ``hledger balance --budget`` / ``ledger budget`` read as much as minning
does and give the same target-versus-actual table as ``minning status`` (``run.py``
compares the actuals).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from minning_cli.ledger.kinds import shares
from minning_cli.ledger.load import load_book
from minning_cli.ledger.model import Entry
from minning_cli.text.amounts import fmt


def _order(entry: Entry, index: int) -> tuple[dt.date, bool, dt.datetime, int]:
    return (entry.date, entry.kind == "total", entry.recorded_at, index)


def _tags(note: str | None, source: str | None, by: str | None, at: dt.datetime) -> str:
    """minning's own fields as a comment with tags (one line: notes have no line breaks)."""
    words = [f"note: {note}" if note else "", f"source: {source}" if source else ""]
    words += [f"by: {by}" if by else "", f"recorded_at: {at.isoformat()}"]
    return ", ".join(word.replace(",", "，") for word in words if word)


def write_journal(data_dir: Path, target: Path) -> int:
    """Write the journal of a data folder; return how many transactions it holds."""
    book = load_book(data_dir)
    ledger = book.ledger
    indicator_of = {task.no: task.indicators[0].name for task in ledger.tasks if task.indicators}
    titles = {task.no: task.title for task in ledger.tasks}
    lines = [
        "; minning ledger as a journal (benchmarks/journal.py)",
        "",
        "~ yearly from 2023-01-01",
    ]
    for share in shares(ledger):
        if share.unit is not None and share.target is not None:
            lines.append(f"    ({share.indicator.name}:{share.unit})    {fmt(share.target)}")
    lines.append("")
    count = 0
    # minning counts an increment dated the same day as a cumulative figure as included in
    # it, and of two figures on one day the later recorded; a balance assignment overrides
    # what comes before it on the same day, so each day's figures go after its increments.
    voided = book.voided
    for _index, entry in sorted(enumerate(book.entries), key=lambda pair: _order(pair[1], pair[0])):
        if entry.kind in ("increment", "total"):
            account = f"{indicator_of[entry.task]}:{entry.unit}"
            amount = fmt(entry.amount)
            posting = f"= {amount}" if entry.kind == "total" else amount
        else:
            account = f"事项:{titles[entry.task]}:{entry.unit}"
            posting = fmt(entry.amount) if entry.amount is not None else "1"
        if entry.id in voided:
            account, posting = f"作废:{account}", fmt(entry.amount) if entry.amount else "1"
        lines.append(f"{entry.date} {entry.unit} {titles[entry.task]}  ; {entry.id}")
        lines.append(f"    ; {_tags(entry.note, entry.source, entry.by, entry.recorded_at)}")
        lines.append(f"    ({account})    {posting}")
        lines.append("")
        count += 1
    for void in book.voids:
        lines.append(f"{void.id[:10]} 作废 {void.voids}  ; {void.id}")
        lines.append(f"    ; {_tags(void.reason, None, void.by, void.recorded_at)}")
        lines.append("    (作废记录)    1")
        lines.append("")
        count += 1
    target.write_text("\n".join(lines), encoding="utf-8")
    return count
