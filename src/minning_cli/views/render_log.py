"""``minning log`` on a terminal: every entry, which are void and why, at any width.

At 80 columns the log gives up, in turn, when each entry was recorded, its source, who
recorded it, the date column (an id begins with its entry's date; an id that does not says
its date on a second line) and the row's title beside its number; the id, unit, row, kind,
amount, a note in a column wide enough to read, and 已作废 on a void entry always stay.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.console import RenderableType
from rich.text import Text

from ..text.amounts import fmt
from .labels import ENTRY_KIND_NAMES, FUND_LABELS, RETURN_KIND, VOIDED
from .render import cell_text
from .width import Column, Fitted, fill, fitted_table, name_text, widths

NOTE_LEAST = 16  # the narrowest a note is shown: eight characters a line, never one or two


def _columns() -> list[Column]:
    return [
        Column("编号"),
        Column("日期", drop=3),
        Column("单位"),
        Column("任务", justify="right"),
        Column("", drop=2),  # the row's title, beside its number
        Column("类型"),
        Column("数额", justify="right"),
        Column("备注", grow=1, least=NOTE_LEAST),
        Column("记录人", drop=4),
        Column("来源", drop=5),
        Column("记录时间", drop=6),
    ]


def kind_name(fields: Mapping[str, Any]) -> str:
    """An entry's kind in words: a ``done`` naming a dispatch is a return (返回)."""
    if fields["kind"] == "done" and fields.get("ref"):
        return RETURN_KIND
    return ENTRY_KIND_NAMES.get(fields["kind"], str(fields["kind"]))


def entry_details(fields: Mapping[str, Any]) -> str:
    """What an entry carries beyond its amount: the dispatch a return ends (选派
    2023-09-05-wcwa8v), a dispatch's term (派出 2023-09-01 计划6个月), row 11's funds
    (到位120 拨付100 使用80万元); empty when none. Spaced to wrap between its parts in a
    narrow note column."""
    if fields.get("ref"):
        return f"选派 {fields['ref']}"
    said = []
    if fields.get("start") is not None or fields.get("months") is not None:
        said.append(f"派出 {fields.get('start') or fields['date']}")
        if fields.get("months") is not None:
            said[-1] += f" 计划{fields['months']}个月"
    funds = [f"{word}{fmt(fields[key])}" for key, word in FUND_LABELS.items()
             if fields.get(key) is not None]  # fmt: skip
    if funds:
        said.append(" ".join(funds) + "万元")
    return "；".join(said)


def noted(fields: Mapping[str, Any]) -> str:
    """The note shown for an entry: its details first, then what was written below them."""
    details, note = entry_details(fields), cell_text(fields["note"])
    return "\n".join(part for part in (details, note) if part)


def _row(row: dict[str, Any], date_shown: bool) -> list[Text]:
    note = noted(row)
    kind = kind_name(row)
    identity = row["id"]
    if not date_shown and not identity.startswith(f"{row['date']}-"):
        identity += f"\n（{row['date']}）"
    if row["voided"]:
        note = f"【{VOIDED}：{cell_text(row['void_reason'])}】{note}"
        kind = f"{kind}\n{VOIDED}"
    recorded = str(row["recorded_at"])[:16].replace("T", " ")
    cells = [
        Text(identity),
        Text(str(row["date"])),
        name_text(cell_text(row["unit"])),
        Text(str(row["task"])),
        Text(row["task_title"] or ""),
        Text(kind),
        Text(fmt(row["amount"], unknown="")),
        Text(note),
        Text(cell_text(row["by"])),
        Text(cell_text(row["source"])),
        Text(recorded),
    ]
    if row["voided"]:
        for text in cells:
            text.stylize("strike dim")
        cells[5].stylize("bold", len(kind) - len(VOIDED))  # 已作废 itself not struck out
        cells[5].stylize("not strike", len(kind) - len(VOIDED))
    return cells


def log_view(rows: list[dict[str, Any]], width: int) -> RenderableType:
    """Entries as a table ``width`` cells wide; a void entry says so in words and why."""
    columns = _columns()
    dated = [_row(row, date_shown=True) for row in rows]
    fill(columns, dated)
    date_kept = widths(columns, width)[1] is not None
    cells = dated if date_kept else [_row(row, date_shown=False) for row in rows]
    return fitted_table(columns, cells, width, title=f"进展记录（{len(rows)} 条）")


def log_table(rows: list[dict[str, Any]]) -> Fitted:
    """``log_view`` at the width it is printed at."""
    return Fitted(lambda width: log_view(rows, width))
