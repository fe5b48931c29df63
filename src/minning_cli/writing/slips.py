"""Slips: entries that are valid but look like a typing mistake, caught before writing.

A phone call gives 元 where the table counts 万元, a running total said without ``--total``,
or the same figure noted twice. Each is a valid entry, so ``check`` cannot refuse it; what
``record`` and ``import`` do is ask first (on a terminal) or refuse unless ``--yes`` says it
is meant. The thresholds are set so that ordinary increments never ask (``tests/test_slips``
replays the demo ledger's entries and expects no question):

- a share taken past ``MULTIPLE`` times its target by this entry, which alone is at least the
  whole target;
- an increment at least ``RATIO`` times what remained of the target;
- an increment at least as large as the running total the unit last reported for the row,
  on an earlier day (it looks like a running total again, and would double it);
- the same unit, row, kind, amount, date and milestone as an entry that counts, unless
  both have notes and the notes differ (two purchases of 20万 on one day, told apart).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Protocol

from ..ledger.actuals import RunningActual, order
from ..ledger.kinds import FigureShare, Rows
from ..ledger.model import Entry
from ..text.amounts import MONEY, fmt, fmt_measure, percent
from ..text.errors import MinningError, Problem

MULTIPLE = 3
RATIO = 1000
YES_HINT = "未写入任何内容；如确认无误，加 --yes 照记"


class Index(Protocol):
    """What the checks read: a unit's entries for a row, and its running actual."""

    rows: Rows
    running: dict[tuple[str, int], RunningActual]

    def entries(self, unit: str, task_no: int) -> list[Entry]:
        """The entries that count of one unit for one row."""

    def actual_with(self, entry: Entry) -> Decimal:
        """The actual as of the entry's date, the entry counted."""


class SlipsFound(MinningError):
    """Entries that look like slips; nothing was written. Each problem says one slip."""

    def __init__(self, slips: Iterable[Problem]) -> None:
        listed = list(slips)
        super().__init__([*listed, Problem("", None, None, YES_HINT)])
        self.slips = tuple(listed)


class SlipChecker:
    """The checks for new entries against a book's entries (and each other, on import)."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.seen: dict[tuple[object, ...], list[Entry]] = {}
        self._read: set[tuple[str, int]] = set()  # the (unit, row)s whose entries are in seen

    def _read_in(self, entry: Entry) -> None:
        """The book's entries of the entry's unit and row (all a slip is compared with)."""
        key = (entry.unit, entry.task)
        if key not in self._read:
            self._read.add(key)
            for known in self.index.entries(*key):
                self.seen.setdefault(_same(known), []).append(known)

    def add(self, entry: Entry) -> None:
        """Count an entry about to be written, so that later rows of an import see it."""
        self._read_in(entry)
        self.seen.setdefault(_same(entry), []).append(entry)

    def check(self, entry: Entry) -> list[str]:
        """What looks wrong with ``entry``, one sentence each; empty when nothing does."""
        self._read_in(entry)
        found: list[str] = []
        # Two entries whose notes say different things are two things done, not a slip.
        earlier = next(
            (e for e in self.seen.get(_same(entry), ()) if not (e.note and entry.note)
             or e.note == entry.note),
            None,
        )  # fmt: skip
        if earlier is not None:
            found.append(
                f"{entry.unit}在 {entry.date} 已有一条相同的记录（{earlier.id}）：多半是同一件事记了两次"
            )
        fitted = self.index.rows.fit(entry)
        if isinstance(fitted, FigureShare) and entry.amount is not None:
            found += self._figures(fitted, entry)
        found += _funds(entry)
        return found

    def _figures(self, share: FigureShare, entry: Entry) -> list[str]:
        assert entry.amount is not None
        found: list[str] = []
        measure = share.measure or ""
        after = self.index.actual_with(entry)
        before = self.index.running[(entry.unit, entry.task)].as_of(entry.date)
        said = f"{entry.unit} · {share.name}"
        target = share.target
        if target is not None and target > 0:
            line = f"{fmt(after)}/{fmt_measure(target, measure)}（{percent(after, target)}%）"
            # Only a jump of a whole target at once: steady work past 3× is not a slip.
            if before <= MULTIPLE * target < after and after - before >= target:
                found.append(
                    f"{said}：记下后累计 {line}，超过目标的 {MULTIPLE} 倍"
                    + (f"；是不是把“元”当成了“{MONEY}”？" if measure == MONEY else "")
                )
            remaining = target - before
            if entry.kind == "increment" and remaining > 0 and entry.amount >= RATIO * remaining:
                yuan = (
                    f"（{fmt(entry.amount)}元 = {fmt(entry.amount / 10000)}万元）"
                    if measure == MONEY
                    else ""
                )
                found.append(
                    f"{said}：+{fmt_measure(entry.amount, measure)} 是尚差的 "
                    f"{fmt_measure(remaining, measure)} 的 {RATIO} 倍以上{yuan}"
                )
        if entry.kind == "increment":
            last = _last_total(self.index.entries(entry.unit, entry.task), entry)
            if last is not None and last.amount and entry.amount >= last.amount:
                found.append(
                    f"{said}：+{fmt_measure(entry.amount, measure)} 不小于{entry.unit}"
                    f"截至 {last.date} 报的累计数 {fmt_measure(last.amount, measure)}，"
                    f"看起来又是一个累计数；按增量记会使累计变为 {fmt_measure(after, measure)}。"
                    "如果是累计数，请记为累计数（record 加 --total；导入时“累计”一栏填“是”）"
                )
        return found


def _funds(entry: Entry) -> list[str]:
    """Row 11's running fund figures: more paid out or used than received is a slip."""
    received, said = entry.received, f"{entry.unit} · 资金使用"
    if received is None:
        return []
    return [
        f"{said}：{name} {fmt(amount)}万元 大于到位 {fmt(received)}万元（使用率会超过 100%）"
        for name, amount in (("拨付", entry.disbursed), ("使用", entry.used))
        if amount is not None and amount > received
    ]


def _last_total(entries: Sequence[Entry], entry: Entry) -> Entry | None:
    """The running total last reported before the entry's day (the same day's is inside it)."""
    totals = [(i, e) for i, e in enumerate(entries) if e.kind == "total" and e.date < entry.date]
    if not totals:
        return None
    return max(totals, key=lambda pair: order(pair[1], pair[0]))[1]


def _same(entry: Entry) -> tuple[object, ...]:
    return (entry.unit, entry.task, entry.kind, entry.amount, entry.date, entry.milestone)


def check_or_refuse(checker: SlipChecker, entry: Entry, yes: bool) -> None:
    """Raise ``SlipsFound`` for a slip unless ``yes``."""
    if yes:
        return
    found = checker.check(entry)
    if found:
        raise SlipsFound(Problem("", None, None, message) for message in found)


def located(label: str, number: int, messages: Sequence[str]) -> list[Problem]:
    """Slips of one row of an imported file, each said with its row."""
    return [Problem(label, number, None, f"第 {number} 行：{m}") for m in messages]
