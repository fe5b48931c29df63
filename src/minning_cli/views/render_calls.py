"""How ``minning calls`` looks: one table row per unit to phone, most at stake first.

Text from files (names, contacts, notes) is wrapped in ``Text`` so it is printed literally.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.text import Text

from ..figures.calls import Call, LatestEntry
from ..ledger.model import Contact, Ledger
from ..text.amounts import fmt
from .labels import ENTRY_KIND_NAMES
from .width import Column, Fitted, fits, fitted_table, name_text

REASON_LABELS = {
    "overdue": "逾期",
    "behind": "滞后",
    "milestone_due": "事项到期",
    "report_missing": "月报未报",
    "row_due": "任务到期无记录",
    "instalment_missing": "补助未发",
    "row_quiet": "持续任务无记录",
    "silent": "久未联系",
}
REASON_STYLES = {
    "overdue": "bold red",
    "behind": "yellow",
    "milestone_due": "magenta",
    "report_missing": "bold red",
    "row_due": "magenta",
    "instalment_missing": "bold red",
    "row_quiet": "yellow",
    "silent": "dim",
}
NO_CONTACT = "联系人未填写"


def contact_text(contact: Contact) -> Text:
    """The person and the phone, one per line, or 联系人未填写."""
    shown = [part for part in (contact.person, contact.phone) if part]
    if not shown:
        return Text(NO_CONTACT, style="dim")
    return Text("\n".join(shown))


def last_entry_text(entry: LatestEntry | None, ledger: Ledger) -> Text:
    """The date of the last entry and its note (or what it recorded, without a note)."""
    if entry is None:
        return Text("从未记录", style="dim")
    text = Text(f"{entry.date}\n", style="")
    if entry.note:
        text.append(entry.note)
    else:
        titles = {t.no: t.title for t in ledger.tasks}
        amount = f" {fmt(entry.amount)}" if entry.amount is not None else ""
        text.append(f"{titles.get(entry.task, entry.task)} {ENTRY_KIND_NAMES[entry.kind]}{amount}")
    return text


def reasons_text(call: Call) -> Text:
    """The reasons in Chinese, one per line, coloured by weight."""
    text = Text()
    for index, code in enumerate(call.reasons):
        if index:
            text.append("\n")
        text.append(REASON_LABELS[code], style=REASON_STYLES[code])
    return text


def calls_view(
    calls: Sequence[Call], total: int, as_of: dt.date, silent_days: int, ledger: Ledger
) -> RenderableType:
    """The call list: a title, a row per unit, and how it was ranked."""
    if not calls:
        return Group(Text(f"截至 {as_of}，没有需要联系的单位。", style="green"))
    return Fitted(lambda width: _calls_view(calls, total, as_of, silent_days, ledger, width))


def _layout(
    calls: Sequence[Call], ledger: Ledger, merged: bool
) -> tuple[list[Column], list[list[RenderableType] | None]]:
    """A row per unit; ``merged``: the reasons under the unit's name and contact, to leave
    what to ask a column wide enough to read."""
    columns = [
        Column("#", justify="right"),
        Column("单位 / 联系人 / 原因" if merged else "单位 / 联系人"),
        *([] if merged else [Column("原因")]),
        Column("要问的事", grow=3, least=20 if merged else 28),
        Column("最近记录", grow=1, least=12),
    ]
    rows: list[list[RenderableType] | None] = []
    for rank, call in enumerate(calls, start=1):
        who = name_text(call.unit)
        who.stylize("bold")
        who.append("\n").append_text(contact_text(call.contact))
        if merged:
            who.append("\n").append_text(reasons_text(call))
        rows.append(
            [
                Text(str(rank)),
                who,
                *([] if merged else [reasons_text(call)]),
                Text("\n".join(call.lines)),
                last_entry_text(call.last_entry, ledger),
            ]
        )
    return columns, rows


def _calls_view(
    calls: Sequence[Call],
    total: int,
    as_of: dt.date,
    silent_days: int,
    ledger: Ledger,
    width: int,
) -> Group:
    shown = f"，显示前 {len(calls)} 个" if len(calls) < total else ""
    columns, rows = _layout(calls, ledger, merged=False)
    if not fits(columns, rows, width):
        columns, rows = _layout(calls, ledger, merged=True)
    title = f"待联系单位（截至 {as_of}，共 {total} 个{shown}）"
    note = Text(
        "排序：有逾期的在前，其余按落后程度与剩余天数打分，同分时久未联系的在前；"
        f"久未联系：{silent_days}天以上没有记录。各项分值见 --format json。",
        style="dim",
    )
    parts: list[RenderableType] = [fitted_table(columns, rows, width, title=title), note]
    return Group(*parts)
