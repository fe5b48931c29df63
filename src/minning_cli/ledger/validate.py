"""Cross-record rules over a parsed ledger; each returns problems instead of raising.

Errors make the ledger unusable (a reference to a unit that does not exist); warnings are
the table's own arithmetic and loose ends that a coordinator should see but that do not
stop the tool (row 4's shares leave 2500 万元 unallocated).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

from ..text.amounts import fmt, fmt_measure
from ..text.errors import Problem
from ..text.sourcemap import Path, SourceMap
from .kinds import Refusal, Rows, counts_nothing, row_label
from .model import ONGOING, Entry, Indicator, Ledger, Task, Void
from .names import Registry, did_you_mean

# What ``check`` says of an amount of 0 that counts for nothing (``kinds.counts_nothing``).
_ZERO = {
    "done": "完成数为 0：这条记录不算完成，哪里都不计入",
    "dispatch": "选派人数为 0：这条记录不算一次选派，哪里都不计入",
    "activity": "活动涉及人数为 0：不涉及人数就不必写数额",
}


def validate_ledger(ledger: Ledger, source: SourceMap) -> list[Problem]:
    """Every cross-record problem of ``tasks.yaml``, errors and warnings, in file order."""
    registry = Registry(ledger)
    checker = _Checker(ledger, source, registry)
    problems = [
        *checker.names(),
        *checker.units_and_groups(),
        *checker.tasks(),
        *checker.unused_units(),
    ]
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


class _Checker:
    def __init__(self, ledger: Ledger, source: SourceMap, registry: Registry) -> None:
        self.ledger = ledger
        self.source = source
        self.registry = registry
        self.used: set[str] = set()

    def error(self, path: Path, message: str) -> Problem:
        return self.source.problem(self.source.at(path), message)

    def warning(self, path: Path, message: str) -> Problem:
        return self.source.problem(self.source.at(path), message, severity="warning")

    def reference(self, path: Path, written: str | None, what: str) -> Iterator[Problem]:
        """A reference to a unit or group; records it as used."""
        if written is None:
            return
        name = self.registry.canonical_name(written)
        if name is None:
            hint = did_you_mean(self.registry.suggest(written))
            yield self.error(path, f"{what}“{written}”不是已登记的单位{hint}")
            return
        self.used.update(self.registry.members(name))
        self.used.add(name)

    def names(self) -> Iterator[Problem]:
        seen: dict[str, str] = {}
        entries: list[tuple[Path, str, str]] = []
        for i, unit in enumerate(self.ledger.units):
            entries.append((("units", i, "name"), unit.name, unit.name))
            entries += [
                (("units", i, "aliases", j), a, unit.name) for j, a in enumerate(unit.aliases)
            ]
        for i, group in enumerate(self.ledger.groups):
            entries.append((("groups", i, "name"), group.name, group.name))
            entries += [
                (("groups", i, "aliases", j), a, group.name) for j, a in enumerate(group.aliases)
            ]
        for path, written, owner in entries:
            if written in seen:
                first = seen[written]
                where = "单位名称" if written == first else f"“{first}”的别名"
                yield self.error(path, f"名称“{written}”重复：已用作{where}")
            else:
                seen[written] = owner

    def units_and_groups(self) -> Iterator[Problem]:
        for i, unit in enumerate(self.ledger.units):
            if unit.parent is None:
                continue
            parent = self.registry.canonical_name(unit.parent)
            if parent is None or parent not in self.registry.units:
                hint = did_you_mean(self.registry.suggest(unit.parent))
                yield self.error(
                    ("units", i, "parent"), f"上级单位“{unit.parent}”不是已登记的单位{hint}"
                )
        for i, group in enumerate(self.ledger.groups):
            for j, member in enumerate(group.members):
                name = self.registry.canonical_name(member)
                if name is None or name not in self.registry.units:
                    hint = did_you_mean(self.registry.suggest(member, among=self.registry.units))
                    yield self.error(
                        ("groups", i, "members", j), f"成员“{member}”不是已登记的单位{hint}"
                    )
            for member, count in Counter(group.members).items():
                if count > 1:
                    yield self.error(("groups", i, "members"), f"成员“{member}”重复列出")

    def tasks(self) -> Iterator[Problem]:
        numbers = Counter(task.no for task in self.ledger.tasks)
        year = self.ledger.ledger.year
        for t, task in enumerate(self.ledger.tasks):
            base: Path = ("tasks", t)
            if numbers[task.no] > 1:
                yield self.error((*base, "no"), f"序号 {task.no} 重复")
            if not task.leads:  # every item of a row falls to its leads when it names no unit
                yield self.error((*base, "leads"), f"{row_label(task)}没有写牵头单位")
            for j, lead in enumerate(task.leads):
                yield from self.reference((*base, "leads", j), lead, "牵头单位")
            for unit in task.roles:
                yield from self.reference((*base, "roles", unit), unit, "单位")
            yield from self.dates(base, task, year)
            for k, indicator in enumerate(task.indicators):
                yield from self.indicator((*base, "indicators", k), task, indicator)
            ids = Counter(m.id for m in task.milestones)
            for k, milestone in enumerate(task.milestones):
                path = (*base, "milestones", k)
                if ids[milestone.id] > 1:
                    yield self.error((*path, "id"), f"事项编号“{milestone.id}”在本行重复")
                for j, unit in enumerate(milestone.units):
                    yield from self.reference((*path, "units", j), unit, "负责单位")
            for k, pairing in enumerate(task.pairings):
                path = (*base, "pairings", k)
                yield from self.reference((*path, "unit"), pairing.unit, "结对单位")
                if pairing.partner not in self.partner_names():
                    hint = did_you_mean(
                        [
                            p
                            for p in self.partner_names()
                            if pairing.partner[:2] == p[:2] or pairing.partner in p
                        ][:3]
                    )
                    yield self.error(
                        (*path, "partner"), f"结对对象“{pairing.partner}”不在 partners 名单中{hint}"
                    )
            if task.monthly is not None:
                for j, unit in enumerate(task.monthly.units):
                    yield from self.reference((*base, "monthly", "units", j), unit, "负责单位")

    def dates(self, base: Path, task: Task, year: int) -> Iterator[Problem]:
        dated: list[tuple[Path, dt.date | str | None]] = [((*base, "deadline"), task.deadline)]
        dated += [
            ((*base, "indicators", k, "deadline"), i.deadline)
            for k, i in enumerate(task.indicators)
        ]
        dated += [((*base, "milestones", k, "due"), m.due) for k, m in enumerate(task.milestones)]
        dated += [((*base, "pairings", k, "due"), p.due) for k, p in enumerate(task.pairings)]
        for path, value in dated:
            if isinstance(value, dt.date) and value.year != year:
                yield self.warning(
                    path, f"{row_label(task)}的日期 {value} 不在台账年度 {year} 年内"
                )

    def indicator(self, path: Path, task: Task, indicator: Indicator) -> Iterator[Problem]:
        label = f"{row_label(task)} {indicator.name}"
        measure = indicator.measure
        known = Decimal(0)
        unknown: list[str] = []
        units = Counter(a.unit for a in indicator.allocations if a.unit is not None)
        for k, allocation in enumerate(indicator.allocations):
            at = (*path, "allocations", k)
            if allocation.unit is None:
                what = allocation.note or "未写明单位"
                yield self.warning(
                    (*at, "unit"),
                    f"{label}：{fmt_measure(allocation.target, measure)}未分配到单位（{what}）",
                )
            else:
                yield from self.reference((*at, "unit"), allocation.unit, "分解单位")
                name = self.registry.canonical_name(allocation.unit)
                if units[allocation.unit] > 1:
                    yield self.error((*at, "unit"), f"{label}：单位“{allocation.unit}”重复分解")
                is_group = name in self.registry.groups
                if is_group and allocation.share is None:
                    yield self.error(
                        (*at, "unit"),
                        f"{label}：分给单位组“{allocation.unit}”的任务须写明 share: each"
                        "（每个成员各自承担）或 share: joint（全组共同承担）",
                    )
                if name is not None and not is_group and allocation.share is not None:
                    yield self.error((*at, "share"), f"“{allocation.unit}”不是单位组，不能写 share")
            if allocation.target is None:
                unknown.append(
                    f"{allocation.unit or '未写明单位'}：{allocation.target_text or '目标未知'}"
                )
                if not allocation.target_text:
                    yield self.warning(
                        (*at, "target"), f"{label}：目标未知，请在 target_text 里写明原因或原表措辞"
                    )
                continue
            count = 1
            if allocation.share == "each" and allocation.unit is not None:
                name = self.registry.canonical_name(allocation.unit)
                count = len(self.registry.members(name)) if name else 1
            known += allocation.target * count
        if indicator.target is not None and indicator.allocations:
            gap = indicator.target - known
            total = fmt_measure(indicator.target, measure)
            if gap > 0:
                why = f"（{'；'.join(unknown)}）" if unknown else ""
                yield self.warning(
                    (*path, "target"),
                    f"{label}：已分解到单位的合计 {fmt_measure(known, measure)}，目标 {total}，"
                    f"尚有 {fmt_measure(gap, measure)}未分解{why}",
                )
            elif gap < 0:
                yield self.warning(
                    (*path, "target"),
                    f"{label}：分解到单位的合计 {fmt_measure(known, measure)}超过目标 {total}",
                )
        yield from self.city(path, label, indicator)

    def city(self, path: Path, label: str, indicator: Indicator) -> Iterator[Problem]:
        if not indicator.city:
            return
        total = sum(indicator.city.values(), Decimal(0))
        measure = indicator.measure
        if indicator.city_total is not None and total != indicator.city_total:
            yield self.warning(
                (*path, "city_total"),
                f"{label}：全市各县区任务数合计 {fmt_measure(total, measure)}，"
                f"与原表写明的合计 {fmt_measure(indicator.city_total, measure)}不符",
            )
        district = self.ledger.ledger.district
        own = indicator.city.get(district)
        if own is None:
            yield self.warning((*path, "city"), f"{label}：全市任务数里没有{district}")
        elif indicator.target is not None and own != indicator.target:
            yield self.warning(
                (*path, "target"),
                f"{label}：{district}目标 {fmt(indicator.target)} 与全市下达的 {fmt(own)} 不符",
            )

    def partner_names(self) -> list[str]:
        names = []
        for partner in self.ledger.partners:
            names.append(partner.town)
            names += [partner.town + village for village in partner.villages]
        return names

    def unused_units(self) -> Iterator[Problem]:
        for i, unit in enumerate(self.ledger.units):
            if unit.name not in self.used:
                yield self.warning(
                    ("units", i, "name"), f"单位“{unit.name}”已登记，但分工表里没有用到"
                )


def deadline_text(value: dt.date | str | None) -> str:
    """A deadline as people say it: 2023-12-31 or 持续推进."""
    if value is None:
        return "—"
    return "持续推进" if value == ONGOING else str(value)


def validate_progress(
    ledger: Ledger, located: list[tuple[Entry | Void, str, SourceMap, int]]
) -> list[Problem]:
    """Cross-record rules over progress entries: ids, units, rows, voids."""
    registry = Registry(ledger)
    tasks = {task.no: task for task in ledger.tasks}
    problems: list[Problem] = []
    first_seen: dict[str, tuple[str, int]] = {}
    entry_ids: set[str] = set()
    voided: dict[str, tuple[str, int]] = {}
    void_ids: set[str] = set()
    year = ledger.ledger.year
    rows = Rows(ledger, registry)
    misfits: dict[str, Problem] = {}
    kept_voids: list[tuple[Void, str, SourceMap, int]] = []
    returns: list[tuple[Entry, SourceMap, int]] = []
    months: dict[dt.date, str] = {}  # a year of entries has at most 366 dates
    for record, file, source, index in located:
        mark = source.at((index,))
        where = (file, mark[0] if mark else 0)
        if record.id in first_seen:
            other_file, other_line = first_seen[record.id]
            problems.append(
                source.problem(
                    source.at((index, "id")),
                    f"记录编号“{record.id}”重复：{other_file}:{other_line} 已有同一编号"
                    "（可能是合并时重复了，请删去其中一条）",
                )
            )
            continue
        first_seen[record.id] = where
        if isinstance(record, Void):
            void_ids.add(record.id)
            kept_voids.append((record, file, source, index))
            continue
        entry_ids.add(record.id)
        if record.ref is not None:
            returns.append((record, source, index))
        if registry.canonical_name(record.unit) is None:
            hint = did_you_mean(registry.suggest(record.unit))
            problems.append(
                source.problem(
                    source.at((index, "unit")), f"单位“{record.unit}”不是已登记的单位{hint}"
                )
            )
        if record.task not in tasks:
            problems.append(
                source.problem(source.at((index, "task")), f"没有序号为 {record.task} 的任务")
            )
        else:
            # The row's kinds decide, as they do for ``record``: one rule for both.
            fit = rows.fit(record)
            if isinstance(fit, Refusal):
                misfits[record.id] = source.problem(source.at((index, fit.field)), fit.message)
            elif (zero := counts_nothing(record, fit)) is not None:  # early versions wrote it
                problems.append(
                    source.problem(
                        source.at((index, "amount")),
                        f"{_ZERO[zero]}（早期版本会这样记；可用 minning void 作废）",
                        severity="warning",
                    )
                )
        if record.date.year != year:
            problems.append(
                source.problem(
                    source.at((index, "date")),
                    f"日期 {record.date} 不在台账年度 {year} 年内",
                    severity="warning",
                )
            )
        month_file = months.get(record.date) or months.setdefault(
            record.date, f"{record.date:%Y-%m}.yaml"
        )
        if not file.endswith(month_file):
            problems.append(
                source.problem(
                    source.at((index, "date")),
                    f"这条记录的日期是 {record.date}，应在 {month_file} 里",
                    severity="warning",
                )
            )
    for record, file, source, index in kept_voids:
        at = source.at((index, "voids"))
        if record.voids in void_ids:
            problems.append(source.problem(at, f"“{record.voids}”是一条作废记录，不能再作废"))
        elif record.voids not in entry_ids:
            problems.append(source.problem(at, f"要作废的记录“{record.voids}”不存在"))
        elif record.voids in voided:
            # Two clones voiding the same entry, merged: harmless, counted once.
            other_file, other_line = voided[record.voids]
            mark = source.at((index,))
            problems.append(
                source.problem(
                    at,
                    f"记录“{record.voids}”被作废了两次：{other_file}:{other_line} 和 "
                    f"{file}:{mark[0] if mark else 0}（多半是合并带来的）；只算一次，可删去其中一条",
                    severity="warning",
                )
            )
        else:
            mark = source.at((index,))
            voided[record.voids] = (file, mark[0] if mark else 0)
    for record, source, index in returns:  # a return of a withdrawn dispatch returns nothing
        if record.ref in voided and record.id not in voided:
            problems.append(
                source.problem(
                    source.at((index, "ref")),
                    f"返回记录“{record.id}”所指的选派“{record.ref}”已作废：这条返回不再有意义，"
                    "可一并作废",
                    severity="warning",
                )
            )
    # An entry that fits no row counts nowhere once voided: it is no longer an error.
    problems += [problem for entry_id, problem in misfits.items() if entry_id not in voided]
    return problems
