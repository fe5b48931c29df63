"""How ``minning review`` reads: what changed since a git revision, in plain Chinese.

Text from files (names, notes, reasons) is wrapped in ``Text`` so it is printed literally.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..figures.review import EntryView, ReviewReport, Standing, StatusChange, TargetChange
from ..ledger.kinds.status import Status
from ..text.amounts import fmt, fmt_measure
from .labels import ENTRY_KIND_NAMES, STATUS_LABELS
from .render_status import STYLES

FIELD_LABELS = {
    "year": "年度",
    "start": "起始日",
    "unit": "单位",
    "aliases": "别名",
    "parent": "上级街镇",
    "contact": "联系人",
    "members": "成员",
    "title": "任务名",
    "deadline": "完成时限",
    "leads": "牵头单位",
    "target": "目标",
    "share": "分担方式",
    "due": "时限",
    "pairing": "结对",
    "monthly": "每月截止日",
}
SHARE_LABELS = {"each": "各自承担", "joint": "共同承担"}
ABSENT = "（无）"


def entry_text(entry: EntryView) -> Text:
    """2023-06-12 软件园 · 4 消费帮扶 增量 +20万元　备注：…."""
    text = Text(f"{entry.date} ")
    text.append(entry.unit, style="bold")
    what = "" if entry.what == entry.title else f" {entry.what}"
    text.append(
        f" · {entry.task} {entry.title}{what} {ENTRY_KIND_NAMES.get(entry.kind, entry.kind)}"
    )
    if entry.amount is not None:
        sign = "+" if entry.kind == "increment" else ""
        text.append(f" {sign}{fmt_measure(entry.amount, entry.measure or '')}")
    if entry.note:
        text.append("　备注：", style="dim")
        text.append(entry.note)
    return text


def _value(change: TargetChange, value: Any, present: bool) -> str:
    if not present:
        return ABSENT
    if change.field == "target":
        return fmt_measure(value, change.measure or "", unknown="未定")
    if change.field == "share":
        return SHARE_LABELS.get(str(value), str(value))
    if change.field == "monthly":
        return "月底" if value == "last" else f"{value}日"
    if value is None:
        return "未填写"
    if isinstance(value, dt.date):
        return value.isoformat()
    return "持续推进" if value == "ongoing" else str(value)


def change_text(change: TargetChange) -> Text:
    """任务4 消费帮扶 · 软件园 目标：200万元 → 250万元."""
    where = []
    if change.task is not None:
        where.append(f"任务{change.task} {change.title or ''}".strip())
    if change.item and change.item != change.title:
        where.append(change.item)
    if change.unit:
        where.append(change.unit)
    elif change.task is not None and change.field == "target":
        where.append("全区")
    text = Text(" · ".join(where) + " " if where else "")
    text.append(f"{FIELD_LABELS.get(change.field, change.field)}：")
    text.append(_value(change, change.old, change.change != "added"))
    text.append(" → ")
    text.append(_value(change, change.new, change.change != "removed"), style="bold")
    return text


def standing_text(standing: Standing | None, measure: str | None) -> Text:
    """20/200万元 10%（滞后，应完成 99.45）, 已完成（2023-05-20）, or （无）."""
    if standing is None:
        return Text(ABSENT)
    label = Text(STATUS_LABELS.get(standing.status, standing.status))
    label.stylize(STYLES.get(standing.status, ""))
    if measure is None:
        text = Text()
        text.append_text(label)
        if standing.done_on is not None:
            text.append(f"（{standing.done_on}）")
        return text
    if standing.target is None:
        text = Text(f"{fmt_measure(standing.actual, measure)}（")
        return text.append_text(label).append("）")
    percent = f" {fmt(standing.percent)}%" if standing.percent is not None else ""
    text = Text(f"{fmt(standing.actual)}/{fmt_measure(standing.target, measure)}{percent}（")
    text.append_text(label)
    if standing.status in (Status.BEHIND, Status.ON_TRACK) and standing.expected is not None:
        text.append(f"，应完成 {fmt(standing.expected)}")
    return text.append("）")


def status_table(changes: Sequence[StatusChange]) -> Table:
    """A row per touched share, milestone or month: before and after."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("单位", overflow="fold", max_width=14)
    table.add_column("任务", overflow="fold", max_width=20)
    table.add_column("之前", overflow="fold")
    table.add_column("之后", overflow="fold")
    for change in changes:
        item = "" if change.item == change.title else f" {change.item}"
        after = (
            standing_text(change.after, change.measure)
            if change.changed
            else Text("未变", style="dim")
        )
        table.add_row(
            Text(change.unit),
            Text(f"{change.task} {change.title}{item}"),
            standing_text(change.before, change.measure),
            after,
        )
    return table


def print_review(report: ReviewReport, console: Console) -> None:
    """The whole review: the two versions, then each kind of change, then the warnings.

    Lines of text are left to the terminal to wrap, so they paste whole into a commit message.
    """
    revision = report.revision
    c = report.comparison
    head = Text(f"对比 {revision.rev}（{revision.commit[:7]} {revision.date} ", style="bold")
    head.append(revision.subject)
    head.append(f"）→ 工作区；状态截至 {c.as_of}", style="bold")
    console.print(head, soft_wrap=True)
    if c.empty:
        console.print(Text(f"没有变化：工作区的台账与 {revision.rev} 相同。", style="green"))
        return
    voided = []
    for void in c.voided:
        line = entry_text(void.entry) if void.entry is not None else Text(void.voids)
        line.append("　作废原因：", style="dim")
        line.append(void.reason)
        voided.append(line)
    sections = [
        (f"新增记录 {len(c.added)} 条：", [entry_text(e) for e in c.added]),
        (f"作废记录 {len(c.voided)} 条：", voided),
        (
            f"tasks.yaml 改动 {len(c.changed_targets)} 处：",
            [change_text(t) for t in c.changed_targets],
        ),
    ]
    for title, lines in sections:
        if lines:
            console.print()
            console.print(Text(title, style="bold"))
            for line in lines:
                console.print(Text("  ").append_text(line), soft_wrap=True)
    if c.status_changes:
        console.print()
        console.print(Text("涉及单位的完成情况：", style="bold"))
        console.print(status_table(c.status_changes))
    warnings = c.warnings()
    if warnings:
        console.print()
        console.print(Text(f"警告 {len(warnings)} 条：", style="bold yellow"))
        for warning in warnings:
            console.print(Text("  " + warning, style="yellow"), soft_wrap=True)
