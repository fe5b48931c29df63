"""How ``minning review`` reads: what changed since a git revision, in plain Chinese.

The figures hand up codes, the ledger's own words and paths into ``tasks.yaml``; every label
is chosen here, for the terminal and for the JSON contract alike (``review_json``). Text from
files (names, notes, reasons) is wrapped in ``Text`` so it is printed literally.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from rich.console import Console, RenderableType
from rich.text import Text

from ..figures.ledger_diff import LedgerChange, Step
from ..figures.review import Comparison, EntryView, ReviewReport
from ..figures.standing_diff import Standing, StatusChange
from ..ledger.status import Status
from ..text.amounts import fmt, fmt_measure
from ..text.sanitize import one_line
from .labels import ENTRY_KIND_NAMES, STATUS_LABELS, UNIT_KIND_LABELS
from .render_status import STYLES
from .width import Column, Fitted, fitted_table, name_text

WORKTREE = "工作区"
ABSENT = "（无）"
UNNAMED = "未写明单位"
# Every field of tasks.yaml (ledger/model.py), named as the file's header comment names it;
# a field's label in one model where another model's field of that name means otherwise.
FIELD_LABELS = {
    "title": "任务名", "year": "年度", "district": "区", "start": "起始日",
    "name": "名称", "kind": "类别", "aliases": "别名", "parent": "上级街镇", "note": "备注",
    "contact": "联系人", "person": "联系人", "phone": "联系电话",
    "members": "成员", "town": "乡镇", "villages": "村",
    "no": "序号", "city_text": "省市下达任务", "measure_text": "落实工作措施",
    "leads": "牵头单位", "deadline": "完成时限", "deadline_text": "完成时限（原文）",
    "activity_measure": "活动计量单位", "measure": "计量单位", "target": "目标",
    "floor": "以上（不低于）", "city": "全市任务数", "city_total": "全市合计",
    "city_total_text": "全市合计（原文）", "unit": "单位", "share": "分担方式",
    "target_text": "目标（原文）", "id": "编号", "units": "单位", "due": "时限",
    "optional": "自选", "partner": "结对对象", "due_day": "每月截止日", "count": "每月件数",
    "ledger": "台账", "groups": "单位组", "partners": "结对方", "tasks": "任务",
    "indicators": "指标", "allocations": "分解", "milestones": "事项", "pairings": "结对",
    "monthly": "每月事项", "pacing": "进度规则", "term_months": "任期月数",
    "instalments": "分期发放", "funds": "带资金数", "quiet_days": "无记录提示天数",
    "roles": "单位职责",
}  # fmt: skip
FIELD_LABELS_WITHIN = {("ledger", "title"): "标题", ("ledger", "partner"): "结对县区"}
# What an item added to or removed from a row's list is called ("新增分解").
ITEM_NOUNS = {
    "indicators": "指标", "allocations": "分解", "milestones": "事项", "pairings": "结对",
    "monthly": "每月事项", "pacing": "进度规则", "term_months": "任期月数",
    "instalments": "分期发放", "funds": "带资金数", "quiet_days": "无记录提示天数",
    "roles": "单位职责",
}  # fmt: skip
SECTIONS = {"units": "单位", "groups": "单位组", "partners": "结对方"}
FIGURES = {"target", "city", "city_total"}
SHARE_LABELS = {"each": "各自承担", "joint": "共同承担"}
# Fields of an entry, for the warnings about entries changed in place.
ENTRY_FIELDS = {
    "id": "编号", "date": "日期", "unit": "单位", "task": "任务", "kind": "类型", "amount": "数额",
    "milestone": "事项", "note": "备注", "source": "来源", "by": "记录人",
    "recorded_at": "记录时间", "voids": "作废的记录", "reason": "原因",
}  # fmt: skip
LONG = 40  # a text longer than this is shown around what changed in it


def field_label(within: str | None, field: str) -> str:
    """The Chinese name of a field of tasks.yaml, inside the list or model ``within``."""
    return FIELD_LABELS_WITHIN.get((within or "", field)) or FIELD_LABELS.get(field, field)


# ---------------------------------------------------------------- entries


def entry_what(entry: EntryView) -> str:
    """消费帮扶, 与开城镇结对, 6月资金使用进度月报, a milestone's name or the row's title."""
    if entry.about == "pairing":
        return f"与{entry.item}结对"
    if entry.about == "monthly":
        return f"{entry.date.month}月{entry.item}"
    return entry.item


def entry_measure(entry: EntryView) -> str | None:
    """The measure of an entry's amount, as the row's kinds gave it (万元, 人, 篇…)."""
    if entry.amount is None:
        return None
    return entry.measure


def entry_text(entry: EntryView) -> Text:
    """2023-06-12 软件园 · 4 消费帮扶 增量 +20万元　备注：…."""
    text = Text(f"{entry.date} ")
    text.append(entry.unit, style="bold")
    what = entry_what(entry)
    what = "" if what == entry.title else f" {what}"
    text.append(
        f" · {entry.task} {entry.title}{what} {ENTRY_KIND_NAMES.get(entry.kind, entry.kind)}"
    )
    if entry.amount is not None:
        sign = "+" if entry.kind == "increment" else ""
        text.append(f" {sign}{fmt_measure(entry.amount, entry_measure(entry) or '')}")
    if entry.note:
        text.append("　备注：", style="dim")
        text.append(one_line(entry.note))
    return text


def _entry_json(entry: EntryView) -> dict[str, Any]:
    return {
        "id": entry.id, "date": entry.date, "unit": entry.unit, "task": entry.task,
        "title": entry.title, "kind": entry.kind, "what": entry_what(entry),
        "amount": entry.amount, "measure": entry_measure(entry), "milestone": entry.milestone,
        "note": entry.note,
    }  # fmt: skip


def _plain(value: Any) -> str:
    """A value in a warning: numbers without trailing zeros, dates as ISO, None as 空."""
    if value is None:
        return "空"
    if isinstance(value, Decimal):
        return fmt(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return ENTRY_KIND_NAMES.get(value, str(value)) if isinstance(value, str) else str(value)


def warnings(comparison: Comparison) -> list[str]:
    """One sentence per entry changed in place or removed."""
    result = []
    for edit in comparison.edited_entries:
        what = "作废记录" if edit.kind == "void" else "记录"
        if edit.removed:
            effect = "，被它作废的记录重新计入" if edit.kind == "void" else ""
            result.append(
                f"{what} {edit.id} 被删除{effect}：minning 只追加、不删除；"
                "记错了请用 minning void 作废"
            )
        else:
            fields = "；".join(
                f"{ENTRY_FIELDS.get(f.field, f.field)} {_plain(f.old)} → {_plain(f.new)}"
                for f in edit.fields
            )
            result.append(
                f"{what} {edit.id} 被直接改动（{fields}）：minning 只追加、不改写；"
                "记错了请用 minning void 作废后重记"
            )
    return result


# ---------------------------------------------------------------- tasks.yaml


def _value(change: LedgerChange, field: str, value: Any) -> str:
    if field in FIGURES:
        return fmt_measure(value, change.measure or "", unknown="未定")
    if value is None:
        return "未填写"
    if isinstance(value, bool):
        return "是" if value else "否"
    if field == "share":
        return SHARE_LABELS.get(value, str(value))
    if field == "kind":
        return UNIT_KIND_LABELS.get(value, str(value))
    if field == "due_day":
        return "月底" if value == "last" else f"{value}日"
    if isinstance(value, tuple | list):
        return "、".join(str(v) for v in value) or "（空）"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return fmt(value)
    return "持续推进" if value == "ongoing" else str(value)


def _around(old: str, new: str, context: int = 8) -> tuple[str, str]:
    """Two long texts cut down to what differs, with a little on either side."""
    if len(old) <= LONG and len(new) <= LONG:
        return old, new
    same = 0
    while same < min(len(old), len(new)) and old[same] == new[same]:
        same += 1
    tail = 0
    while tail < min(len(old), len(new)) - same and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    start = max(same - context, 0)
    cut = max(tail - context, 0)
    head, end = ("…" if start else ""), ("…" if cut else "")
    return (f"{head}{old[start : len(old) - cut]}{end}",
            f"{head}{new[start : len(new) - cut]}{end}")  # fmt: skip


def _step_text(step: Step, change: LedgerChange) -> str | None:
    """How one step of a path reads: 任务4 消费帮扶, 单位 软件园, a milestone's name…."""
    if step.field == "tasks":
        return f"任务{step.key} {step.name or ''}".strip()
    if step.field in SECTIONS:
        return f"{SECTIONS[step.field]} {step.key}"
    if step.field == "ledger":
        return FIELD_LABELS["ledger"]
    if step.field == "indicators" and step.key == change.title:
        return None
    if step.field == "allocations" and step.key is None:
        return UNNAMED
    if step.field == "contact":
        return None
    return step.name or (str(step.key) if step.keyed else None)


def _where(steps: Sequence[Step], change: LedgerChange) -> str:
    return " · ".join(t for t in (_step_text(step, change) for step in steps) if t)


def _summary(change: LedgerChange, fields: dict[str, Any]) -> str:
    """The fields an added or removed item sets, except its name and its own lists."""
    last = change.path[-1]
    shown = []
    for field, value in fields.items():
        nested = isinstance(value, dict) or (isinstance(value, tuple) and _has_dicts(value))
        if nested or _names(value, last):
            continue
        text = _value(change, field, value)
        text = text if len(text) <= 20 else text[:20] + "…"
        shown.append(f"{field_label(last.field, field)}：{text}")
    return f"（{'；'.join(shown)}）" if shown else ""


def _has_dicts(values: tuple[Any, ...]) -> bool:
    return any(isinstance(value, dict) for value in values)


def _names(value: Any, step: Step) -> bool:
    """Whether a field's value is the item's key or name, already said before the colon."""
    return any(type(value) is type(name) and value == name for name in (step.key, step.name))


def change_text(change: LedgerChange) -> Text:
    """任务4 消费帮扶 · 软件园 目标：200万元 → 250万元, or 任务6 结对帮扶 · 区新局：新增结对（…）."""
    last = change.path[-1]
    item = change.old if change.change == "removed" else change.new
    if change.change != "changed" and isinstance(item, dict):
        verb = "新增" if change.change == "added" else "删除"
        text = Text(f"{_where(change.path, change)}：")
        text.append(f"{verb}{ITEM_NOUNS.get(last.field, '')}", style="bold")
        return text.append(_summary(change, item))
    within = change.path[-2].field if len(change.path) > 1 else None
    label = field_label(within, last.field)
    if last.keyed:  # an entry of a dict: 全市任务数 鼓楼区
        label = f"{label} {last.key}"
    old = _value(change, last.field, change.old) if change.change != "added" else ABSENT
    new = _value(change, last.field, change.new) if change.change != "removed" else ABSENT
    old, new = _around(old, new)
    where = _where(change.path[:-1], change)
    if within == "indicators" and last.field == "target":
        where = f"{where} · 全区"
    text = Text(f"{where} {label}：" if where else f"{label}：")
    text.append(old)
    text.append(" → ")
    return text.append(new, style="bold")


def _change_json(change: LedgerChange) -> dict[str, Any]:
    return {
        "path": [key for step in change.path for key in step.flat()],
        "task": change.task, "title": change.title, "item": change.item, "unit": change.unit,
        "field": change.field, "old": change.old, "new": change.new, "change": change.change,
        "measure": change.measure,
    }  # fmt: skip


# ---------------------------------------------------------------- standings


def _item_text(change: StatusChange) -> str:
    """4 消费帮扶, 6 结对帮扶 结对开城镇, 11 资金监管 2023-06 资金使用进度月报, 8 劳务协作 活动."""
    item = {
        "pairing": f"结对{change.item}",
        "monthly": f"{change.month} {change.item}",
        "activity": "活动",
    }.get(change.kind, change.item or "")
    return f"{change.task} {change.title}" + ("" if item == change.title else f" {item}")


def standing_text(standing: Standing | None, change: StatusChange) -> Text:
    """20/200万元 10%（滞后，应完成 99.45）, 已完成（2023-05-20）, 2 次（最近 …）, or （无）."""
    if standing is None:
        return Text(ABSENT)
    if standing.status is None:  # a row of activities
        text = Text(f"{standing.count} 次")
        if standing.actual is not None:
            text.append(f"，{fmt_measure(standing.actual, change.measure or '个')}")
        return text.append(f"（最近 {standing.done_on}）" if standing.done_on else "")
    label = Text(STATUS_LABELS.get(standing.status, standing.status))
    label.stylize(STYLES.get(standing.status, ""))
    if change.kind != "allocation":
        text = Text().append_text(label)
        return text.append(f"（{standing.done_on}）" if standing.done_on is not None else "")
    measure = change.measure or ""
    if standing.target is None:
        text = Text(f"{fmt_measure(standing.actual, measure)}（")
        return text.append_text(label).append("）")
    percent = f" {fmt(standing.percent)}%" if standing.percent is not None else ""
    text = Text(f"{fmt(standing.actual)}/{fmt_measure(standing.target, measure)}{percent}（")
    text.append_text(label)
    if standing.status in (Status.BEHIND, Status.ON_TRACK) and standing.expected is not None:
        text.append(f"，应完成 {fmt(standing.expected)}")
    return text.append("）")


def status_table(changes: Sequence[StatusChange]) -> Fitted:
    """A row per share, milestone, pairing, month or row of activities that moved; a unit's
    name is never split inside a word, the rest wraps to the terminal."""
    columns = [Column("单位"), Column("任务", grow=2, least=12)]
    columns += [Column("之前", grow=3, least=12), Column("之后", grow=3, least=12)]
    rows: list[list[RenderableType] | None] = [
        [name_text(change.unit or UNNAMED), Text(_item_text(change)),
         standing_text(change.before, change), standing_text(change.after, change)]
        for change in changes
    ]  # fmt: skip
    return Fitted(lambda width: fitted_table(columns, rows, width, edge=False))


# ---------------------------------------------------------------- the whole review


def review_json(report: ReviewReport) -> dict[str, Any]:
    """The JSON contract (see the README)."""
    revision, c = report.revision, report.comparison
    return {
        "from": {"rev": revision.rev, "commit": revision.commit, "date": revision.date,
                 "subject": revision.subject},
        "to": {"rev": None, "commit": None, "label": WORKTREE},
        "as_of": c.as_of,
        "added": [_entry_json(e) for e in c.added],
        "voided": [{"id": v.id, "voids": v.voids, "reason": v.reason, "by": v.by,
                    "entry": _entry_json(v.entry) if v.entry is not None else None}
                   for v in c.voided],
        "changed_targets": [_change_json(t) for t in c.ledger_changes],
        "edited_entries": [asdict(e) for e in c.edited_entries],
        "status_changes": [asdict(s) for s in c.status_changes],
        "warnings": warnings(c),
    }  # fmt: skip


def print_review(report: ReviewReport, console: Console) -> None:
    """The whole review: the two versions, then each kind of change, then the warnings.

    Lines of text are left to the terminal to wrap, so they paste whole into a commit message.
    """
    revision = report.revision
    c = report.comparison
    head = Text(f"对比 {revision.rev}（{revision.commit[:7]} {revision.date} ", style="bold")
    head.append(revision.subject)
    head.append(f"）→ {WORKTREE}；状态截至 {c.as_of}", style="bold")
    console.print(head, soft_wrap=True)
    if c.empty:
        console.print(Text(f"没有变化：{WORKTREE}的台账与 {revision.rev} 相同。", style="green"))
        return
    voided = []
    for void in c.voided:
        line = entry_text(void.entry) if void.entry is not None else Text(void.voids)
        line.append("　作废原因：", style="dim")
        line.append(one_line(void.reason))
        voided.append(line)
    sections = [
        (f"新增记录 {len(c.added)} 条：", [entry_text(e) for e in c.added]),
        (f"作废记录 {len(c.voided)} 条：", voided),
        (
            f"tasks.yaml 改动 {len(c.ledger_changes)} 处：",
            [change_text(t) for t in c.ledger_changes],
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
    notes = warnings(c)
    if notes:
        console.print()
        console.print(Text(f"警告 {len(notes)} 条：", style="bold yellow"))
        for warning in notes:
            console.print(Text("  " + warning, style="yellow"), soft_wrap=True)
