"""Whom to phone next, and what to ask: the ranked list behind ``minning calls``.

Pure functions over a ``Book``; built on ``status.compute_status``, nothing here reads
files or prints.

A unit is on the list when (reason codes in brackets):

- a share of it is behind pace [``behind``] or past its deadline unfinished [``overdue``];
- a pairing or other milestone of it is due within ``DUE_WINDOW_DAYS`` or overdue
  [``milestone_due``];
- a monthly duty it leads has a month whose due day has passed with nothing in
  [``report_missing``]; the duty is the district's, done by any of its lead units, so it is
  listed once, under the first lead unit, with every such month named;
- it leads a row without figures (rows 1, 7–10, 12) that has nothing recorded and is due
  within ``row_window`` days, or that is overdue, or an ongoing row (13, 15) with nothing
  recorded for its ``quiet_days`` or all year [``row_due``, ``row_quiet``]: every lead unit
  of the row is listed;
- it has something unfinished (a share not done, a milestone not done) and its latest entry
  is ``silent_days`` or more days before as-of, or it has none at all [``silent``].

The score (also in the README) is the sum of the points of the unit's items:

- behind: ``100 × (expected − actual) ÷ target × 30 ÷ (days left + 30)``;
- milestone due within the window: ``100 × 30 ÷ (days left + 30)`` (nothing done of it);
- overdue share: ``1000 + 100 × (target − actual) ÷ target``;
- overdue milestone: ``1000 + 100``;
- missing monthly reports: ``1000 + 100 × months missing ÷ months due so far``;
- instalments of a duty paid monthly (row 2's subsidy) not paid by a month's end
  [``instalment_missing``]: as missing monthly reports;
- a row without figures due within the window with nothing recorded: ``100 × 30 ÷ (days
  left + 30)``; overdue: ``1000 + 100``; an ongoing row gone quiet: ``50``;
- silence adds nothing: it only breaks ties.

A behind item is worth at most 100, an overdue one at least 1000, so a unit with anything
overdue ranks above every unit that is only behind. Ties go to the longest silence (never
heard from first), then to the order of ``tasks.yaml``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..ledger.book import Book
from ..ledger.model import Contact
from ..ledger.names import Registry
from ..ledger.status import Status
from ..text.amounts import fmt, fmt_measure
from .status import Activity, AllocationStatus, MilestoneStatus, MonthlyStatus, compute_status

SILENT_DAYS = 30
DUE_WINDOW_DAYS = 14
ROW_WINDOW_DAYS = 30
REASONS = ("overdue", Status.BEHIND, "milestone_due", "row_due", "report_missing",
           "instalment_missing", "row_quiet", "silent")  # fmt: skip

_HUNDRED = Decimal(100)
_OVERDUE_BASE = Decimal(1000)
_URGENCY_DAYS = 30
_TENTH = Decimal("0.1")
_QUIET_POINTS = Decimal(50)


@dataclass(frozen=True)
class LatestEntry:
    """The last thing heard from a unit, on any row."""

    id: str
    date: dt.date
    task: int
    kind: str
    amount: Decimal | None
    note: str | None


@dataclass(frozen=True)
class CallItem:
    """One reason to call: a share, a milestone or a monthly duty, with its points."""

    reason: str
    task: int
    what: str
    points: Decimal
    ask: str
    short: str
    days_left: int | None
    months: tuple[str, ...] = ()


@dataclass(frozen=True)
class Call:
    """One unit to phone: why, how urgently, whom, and what to ask for.

    ``ask`` is one sentence; ``lines`` is the same, one thing to ask per line, for a table.
    """

    unit: str
    reasons: tuple[str, ...]
    score: Decimal
    contact: Contact
    last_entry: LatestEntry | None
    silent_days: int | None
    ask: str
    items: tuple[CallItem, ...]
    lines: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        """The JSON form: unit, reasons, score, contact, last_entry, ask, and the items."""
        return {
            "unit": self.unit,
            "reasons": list(self.reasons),
            "score": self.score,
            "contact": {"person": self.contact.person, "phone": self.contact.phone},
            "last_entry": asdict(self.last_entry) if self.last_entry is not None else None,
            "silent_days": self.silent_days,
            "ask": self.ask,
            "items": [asdict(item) for item in self.items],
        }


def urgency(days_left: int) -> Decimal:
    """30 ÷ (days left + 30): 1 on the day itself, ½ a month before, small far ahead."""
    return Decimal(_URGENCY_DAYS) / (max(days_left, 0) + _URGENCY_DAYS)


def month_day(day: dt.date) -> str:
    """11月30日."""
    return f"{day.month}月{day.day}日"


def compute_calls(
    book: Book,
    as_of: dt.date,
    silent_days: int = SILENT_DAYS,
    due_window: int = DUE_WINDOW_DAYS,
    row_window: int = ROW_WINDOW_DAYS,
) -> list[Call]:
    """Every unit to call as of a day, most at stake first (see the module rule)."""
    ledger = book.ledger
    registry = Registry(ledger)
    report = compute_status(book, as_of)
    items: dict[str, list[CallItem]] = {}
    open_items: dict[str, list[str]] = {}

    for allocation in report.allocations:
        if allocation.unit is None or allocation.status == Status.DONE:
            continue
        open_items.setdefault(allocation.unit, []).append(_brief(allocation))
        item = _allocation_item(allocation)
        if item is not None:
            items.setdefault(allocation.unit, []).append(item)
    for milestone in report.milestones:
        if milestone.done:
            continue
        unit = milestone.owner
        assert unit is not None  # every milestone has a unit that answers for it
        open_items.setdefault(unit, []).append(_milestone_ask(milestone, as_of))
        days_left = (milestone.due - as_of).days if milestone.due is not None else None
        if days_left is not None and days_left <= due_window:
            items.setdefault(unit, []).append(_milestone_item(milestone, days_left, as_of))
    for task_no in sorted({m.task for m in report.monthly}):
        months = [m for m in report.monthly if m.task == task_no]
        item = _monthly_item(months)
        owner = months[0].owner
        if item is not None and owner is not None:  # a duty is the district's: its first unit's
            items.setdefault(owner, []).append(item)

    for task_no in sorted({m.task for m in report.instalments}):
        months = [m for m in report.instalments if m.task == task_no]
        item = _monthly_item(months)
        owner = months[0].owner
        if item is not None and owner is not None:
            ask = item.ask.replace("未报", "未发")
            items.setdefault(owner, []).append(
                CallItem(
                    "instalment_missing",
                    item.task,
                    item.what,
                    item.points,
                    ask,
                    ask,
                    None,
                    item.months,
                )
            )
    for activity in report.activities:
        row_item = _row_item(activity, row_window)
        if row_item is not None:
            for lead in activity.leads:
                items.setdefault(lead, []).append(row_item)

    latest = _latest_entries(book, as_of)
    order = {name: index for index, name in enumerate(registry.canonical)}
    calls = []
    for unit in dict.fromkeys([*items, *open_items]):
        last = latest.get(unit)
        silence = (as_of - last.date).days if last is not None else None
        silent = unit in open_items and (silence is None or silence >= silent_days)
        mine = sorted(items.get(unit, []), key=lambda i: (-i.points, i.task))
        if not mine and not silent:
            continue
        calls.append(_call(registry, unit, mine, open_items.get(unit, []), last, silence, silent))
    never = 10**9  # never heard from: the longest silence of all
    calls.sort(
        key=lambda c: (
            -c.score,
            -(c.silent_days if c.silent_days is not None else never),
            order.get(c.unit, len(order)),
        )
    )
    return calls


def _call(
    registry: Registry,
    unit: str,
    items: list[CallItem],
    open_items: list[str],
    last: LatestEntry | None,
    silence: int | None,
    silent: bool,
) -> Call:
    codes = {item.reason for item in items} | ({"silent"} if silent else set())
    heard = "还没有任何记录" if silence is None else f"已 {silence} 天没有消息"
    if items:
        # The first item in a full sentence, the others by their figures, as a caller reads them.
        lines = [items[0].ask, *(item.short for item in items[1:])] + ([heard] if silent else [])
        ask = "；".join(lines)
    else:  # only silent: ask for news of everything still open
        lines = [f"{heard}，请报最新进展：", *open_items]
        ask = lines[0] + "；".join(open_items)
    score = sum((item.points for item in items), Decimal(0))
    known = registry.units.get(unit)
    return Call(
        unit=unit,
        reasons=tuple(code for code in REASONS if code in codes),
        score=score.quantize(_TENTH, rounding=ROUND_HALF_UP),
        contact=known.contact if known is not None else Contact(),
        last_entry=last,
        silent_days=silence,
        ask=ask,
        items=tuple(items),
        lines=tuple(lines),
    )


def _allocation_item(a: AllocationStatus) -> CallItem | None:
    if a.status not in ("behind", Status.OVERDUE) or not a.target:
        return None
    remaining = fmt_measure(a.remaining, a.measure)
    if a.status == Status.OVERDUE:
        points = _OVERDUE_BASE + _HUNDRED * (a.target - a.actual) / a.target
        ask = f"{a.title}已逾期（{month_day(a.deadline)}到期），还差 {remaining}"
        short = f"{_brief(a)}（已逾期）"
    else:
        expected = a.expected if a.expected is not None else Decimal(0)
        points = _HUNDRED * (expected - a.actual) / a.target * urgency(a.days_left)
        pace = (
            f"，按期每周需 {fmt_measure(a.weekly_needed, a.measure)}"
            if a.weekly_needed is not None
            else "，今天到期"
        )
        ask = f"{a.title}还差 {remaining}{pace}"
        short = _brief(a)
    return CallItem(a.status, a.task, a.indicator, points, ask, short, a.days_left)


def _brief(a: AllocationStatus) -> str:
    """产业协作 0/800万元; 消费帮扶 已报 20万元，目标未定."""
    if a.target is None:
        return f"{a.title} 已报 {fmt_measure(a.actual, a.measure)}，目标未定"
    return f"{a.title} {fmt(a.actual)}/{fmt_measure(a.target, a.measure)}"


def _milestone_ask(m: MilestoneStatus, as_of: dt.date) -> str:
    """与开城镇结对（11月30日到期）, with how late when overdue."""
    what = f"与{m.partner}结对" if m.partner is not None else m.name
    notes = ["自选"] if m.optional else []
    if m.due is not None:
        days = (m.due - as_of).days
        if days > 0:
            notes.append(f"{month_day(m.due)}到期")
        elif days == 0:
            notes.append(f"今天（{month_day(m.due)}）到期")
        else:
            notes.append(f"{month_day(m.due)}到期，已逾期 {-days} 天")
    return f"{what}（{'，'.join(notes)}）" if notes else what


def _milestone_item(m: MilestoneStatus, days_left: int, as_of: dt.date) -> CallItem:
    overdue = m.status == Status.OVERDUE
    points = _OVERDUE_BASE + _HUNDRED if overdue else _HUNDRED * urgency(days_left)
    ask = _milestone_ask(m, as_of)
    return CallItem("milestone_due", m.task, m.name, points, ask, ask, days_left)


def _row_item(a: Activity, row_window: int) -> CallItem | None:
    """A row without figures: due soon with nothing recorded, overdue, or gone quiet."""
    what = f"{a.task} {a.title}"
    if a.status == Status.OVERDUE and a.deadline is not None and a.days_left is not None:
        late = f"已逾期 {-a.days_left} 天" if a.days_left < 0 else "全年已结束"
        ask = f"{what}（{month_day(a.deadline)}到期，{late}）尚未完成，请报进展或结项"
        return CallItem("row_due", a.task, a.title, _OVERDUE_BASE + _HUNDRED, ask, ask, a.days_left)
    if a.status == Status.NO_RECORD and a.days_left is not None and a.deadline is not None:
        if a.days_left > row_window:
            return None
        ask = f"{what}（{month_day(a.deadline)}到期，还剩 {a.days_left} 天）尚无记录"
        return CallItem(
            "row_due", a.task, a.title, _HUNDRED * urgency(a.days_left), ask, ask, a.days_left
        )
    if a.status in (Status.QUIET, Status.SILENT_YEAR):
        heard = "全年无记录" if a.status == Status.SILENT_YEAR else f"已 {a.silent_days} 天无记录"
        ask = f"{what}（持续推进）{heard}"
        return CallItem("row_quiet", a.task, a.title, _QUIET_POINTS, ask, ask, None)
    return None


def _monthly_item(months: list[MonthlyStatus]) -> CallItem | None:
    missing = [m for m in months if m.status == Status.MISSING]
    if not missing:
        return None
    due_so_far = [m for m in months if m.status in (Status.ON_TIME, Status.LATE, Status.MISSING)]
    points = _OVERDUE_BASE + _HUNDRED * len(missing) / len(due_so_far)
    spans_years = len({m.month[:4] for m in months}) > 1
    named = "、".join(
        f"{m.month[:4]}年{int(m.month[5:])}月" if spans_years else f"{int(m.month[5:])}月"
        for m in missing
    )
    ask = f"{named}{missing[0].name}未报"
    months_missing = tuple(m.month for m in missing)
    return CallItem(
        "report_missing", missing[0].task, missing[0].name, points, ask, ask, None, months_missing
    )


def _latest_entries(book: Book, as_of: dt.date) -> dict[str, LatestEntry]:
    """Each unit's latest active entry dated on or before as-of (then the latest recorded)."""
    latest = book.source().latest(as_of)
    return {
        unit: LatestEntry(e.id, e.date, e.task, e.kind, e.amount, e.note)
        for unit, e in latest.items()
    }
