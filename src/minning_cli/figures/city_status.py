"""The city's roll-up: each district's figure on each of the city's rows, as of a day.

Pure: it takes the city file and what was read of each district (``ledger.city_cache``) and
computes, once, what every view shows. A district's figure on a row is its ledger's actual
for the indicator of that name (every share's, as ``figures.status`` stands them), set
against the city's assignment and paced by ``ledger.pacing`` from the city's start to the
row's deadline. The city total is the sum of the districts summed, against the stated total
(the sum of the assignments where the table states none). A district whose ledger has
errors, was never read, is another district's or another year's, is not summed: it is
listed with why. A stale district (its last fetch failed) is summed from its last good copy
and marked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from decimal import Decimal
from typing import Any

from ..ledger.city_cache import DistrictRead
from ..ledger.city_model import City, CityRow
from ..ledger.pacing import default_pacing, expected_figure, figure_status
from ..ledger.status import Status
from ..text.amounts import percent
from ..text.errors import Problem
from .status import compute_status

# Why a district is not summed (``DistrictState.state``); ``ok`` and ``stale`` are summed.
OK, STALE, INVALID, NOT_FETCHED, UNCONFIGURED, OTHER = (
    "ok", "stale", "invalid", "not_fetched", "unconfigured", "other_ledger"
)  # fmt: skip
SUMMED = (OK, STALE)


@dataclass(frozen=True)
class DistrictFigure:
    """One district on one row: the city's assignment, the district's own target, its figure.

    ``actual`` and the pacing fields are None when the district is not summed (or its
    ledger has no such indicator: ``own_target`` is None too).
    """

    district: str
    target: Decimal | None
    own_target: Decimal | None
    actual: Decimal | None
    percent: Decimal | None
    expected: Decimal | None
    status: Status | None
    summed: bool
    target_differs: bool


@dataclass(frozen=True)
class CityRowStatus:
    """A row of the city's table: every district, and the city's total against its own."""

    no: int
    title: str
    indicator: str
    measure: str
    deadline: dt.date
    pacing: str
    stated_total: Decimal | None
    assigned: Decimal
    summed_target: Decimal  # the assignments of the districts summed
    summed_percent: Decimal | None  # actual over ``summed_target``
    target: Decimal  # what the total is paced against: the stated total, else the sum
    actual: Decimal
    percent: Decimal | None
    expected: Decimal | None
    status: Status
    districts: tuple[DistrictFigure, ...]
    not_summed: tuple[str, ...]
    summed_count: int  # districts in the total (the whole city's, whatever is listed)


@dataclass(frozen=True)
class TargetDiffers:
    """A district whose own ledger sets another target than the city's assignment."""

    no: int
    indicator: str
    city: Decimal | None
    own: Decimal | None


@dataclass(frozen=True)
class DistrictState:
    """One district's copy: where from, which commit, how fresh, what is wrong with it."""

    name: str
    source: str | None
    state: str
    stale: bool
    reason: str | None
    commit: str | None
    committed: str | None
    fetched_at: str | None
    last_entry: dt.date | None
    entries: int | None
    errors: tuple[Problem, ...]
    target_differs: tuple[TargetDiffers, ...]

    @property
    def summed(self) -> bool:
        """Whether this district's figures count in the city's totals."""
        return self.state in SUMMED


@dataclass(frozen=True)
class CityStatus:
    """Everything ``minning city status`` shows, as of one day."""

    as_of: dt.date
    title: str
    city: str | None
    year: int
    start: dt.date
    rows: tuple[CityRowStatus, ...]
    districts: tuple[DistrictState, ...]

    def as_json(self) -> dict[str, Any]:
        """The stable JSON contract (see the README)."""
        return {
            "as_of": self.as_of,
            "title": self.title,
            "city": self.city,
            "rows": [asdict(row) for row in self.rows],
            "districts": [
                {**asdict(d), "errors": [p.as_dict() for p in d.errors], "summed": d.summed}
                for d in self.districts
            ],
        }


@dataclass(frozen=True)
class _Read:
    """A district's figures by indicator: (own target, actual); empty when not summed."""

    state: DistrictState
    figures: dict[str, tuple[Decimal | None, Decimal]]


def compute_city_status(city: City, reads: Iterable[DistrictRead], as_of: dt.date) -> CityStatus:
    """The roll-up of every row over every district, as of a day.

    ``reads`` may be a generator: each district's book is reduced to its figures and let go
    before the next is loaded, so nine large ledgers need the memory of one.
    """
    read = [_district(city, r, as_of) for r in reads]
    rows = tuple(_row(city, row, read, as_of) for row in city.rows)
    meta = city.city
    return CityStatus(
        as_of, meta.title, meta.name, meta.year, meta.start_date, rows, tuple(r.state for r in read)
    )


def _district(city: City, read: DistrictRead, as_of: dt.date) -> _Read:
    record = read.record
    figures: dict[str, tuple[Decimal | None, Decimal]] = {}
    last_entry, entries, differs = None, None, []
    reason: str | None = None
    if read.source is None:
        state = UNCONFIGURED
    elif record is None or record.fetched_at is None:
        state = NOT_FETCHED
        reason = record.error if record is not None and record.error else "还没有取回过"
    elif read.book is None:
        state, reason = INVALID, record.error
    else:
        ledger = read.book.ledger.ledger
        state, reason = (STALE, record.error) if record.error else (OK, None)
        if ledger.district != read.district.name or ledger.year != city.city.year:
            state = OTHER
            reason = f"取回的是{ledger.district} {ledger.year} 年的台账，未计入合计"
        else:
            figures = _figures(read, as_of)
            dated = [(day, n) for day, n in read.book.dated().items() if day <= as_of]
            entries = sum(n for _day, n in dated)
            last_entry = max((day for day, _n in dated), default=None)
            for row in city.rows:
                own = figures.get(row.indicator, (None, Decimal(0)))[0]
                if row.indicator not in figures or own != row.targets.get(read.district.name):
                    differs.append(
                        TargetDiffers(
                            row.no, row.indicator, row.targets.get(read.district.name), own
                        )
                    )
    return _Read(
        DistrictState(
            name=read.district.name,
            source=read.source,
            state=state,
            stale=record is not None and record.error is not None and record.fetched_at is not None,
            reason=reason,
            commit=record.commit if record is not None else None,
            committed=record.committed if record is not None else None,
            fetched_at=record.fetched_at if record is not None else None,
            last_entry=last_entry,
            entries=entries,
            errors=read.problems,
            target_differs=tuple(differs),
        ),
        figures,
    )


def _figures(read: DistrictRead, as_of: dt.date) -> dict[str, tuple[Decimal | None, Decimal]]:
    """Each indicator of a district's ledger: its own target and its actual as of the day."""
    assert read.book is not None
    report = compute_status(read.book, as_of)
    figures: dict[str, tuple[Decimal | None, Decimal]] = {}
    for task in read.book.ledger.tasks:
        for indicator in task.indicators:
            actual = sum(
                (
                    a.actual
                    for a in report.allocations
                    if a.task == task.no and a.indicator == indicator.name
                ),
                Decimal(0),
            )
            figures.setdefault(indicator.name, (indicator.target, actual))
    return figures


def _row(city: City, row: CityRow, reads: list[_Read], as_of: dt.date) -> CityRowStatus:
    meta = city.city
    rule = default_pacing(row.measure, row.pacing)
    year_end = dt.date(meta.year, 12, 31)

    def paced(target: Decimal | None, actual: Decimal) -> tuple[Decimal | None, Status]:
        expected = expected_figure(target, meta.start_date, row.deadline, as_of, rule)
        status = figure_status(target, actual, expected, row.deadline, as_of, rule, year_end)
        return expected, status

    figures = []
    for read in reads:
        name = read.state.name
        target = row.targets.get(name)
        own, actual = read.figures.get(row.indicator, (None, None))
        summed = read.state.summed and row.indicator in read.figures
        differs = any(d.no == row.no for d in read.state.target_differs)
        if not summed or actual is None:
            figures.append(
                DistrictFigure(name, target, own, None, None, None, None, False, differs)
            )
            continue
        expected, status = paced(target, actual)
        figures.append(
            DistrictFigure(
                name, target, own, actual, percent(actual, target), expected, status, True, differs
            )
        )
    assigned = sum(row.targets.values(), Decimal(0))
    total_target = row.total if row.total is not None else assigned
    actual = sum((f.actual for f in figures if f.actual is not None), Decimal(0))
    expected, status = paced(total_target, actual)
    summed_target = sum((f.target for f in figures if f.summed and f.target), Decimal(0))
    return CityRowStatus(
        no=row.no,
        title=row.title,
        indicator=row.indicator,
        measure=row.measure,
        deadline=row.deadline,
        pacing=rule,
        stated_total=row.total,
        assigned=assigned,
        summed_target=summed_target,
        summed_percent=percent(actual, summed_target),
        target=total_target,
        actual=actual,
        percent=percent(actual, total_target),
        expected=expected,
        status=status,
        districts=tuple(figures),
        not_summed=tuple(f.district for f in figures if not f.summed),
        summed_count=sum(1 for f in figures if f.summed),
    )


def only_districts(status: CityStatus, names: set[str]) -> CityStatus:
    """The status showing only some districts; the city's totals stay the whole city's, and
    so do what they stand on (``summed_count``, ``not_summed``, ``summed_target``)."""
    rows = tuple(
        replace(row, districts=tuple(f for f in row.districts if f.district in names))
        for row in status.rows
    )
    districts = tuple(d for d in status.districts if d.name in names)
    return replace(status, rows=rows, districts=districts)
