"""A row's activities, milestones and pairings stand from their tallies as from the entries.

``kinds.activity`` counts activities per unit and date (``Tally.add_activity``), so that
summaries keep no activity whole. The oracle here is the standing as it was computed from
the entries themselves (every activity in the units' order, then file order; the latest by
date, then as recorded, then the later read): the same count, total, latest entry and unit,
whether the book was read the whole way or from summaries — ties of date and recording
time, across units, included. Likewise a milestone's or pairing's count and first day done,
from the tallies of plain dones (``summary.done``).
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minning_cli.figures.status import compute_status
from minning_cli.ledger.book import Book
from minning_cli.ledger.kinds import Rows
from minning_cli.ledger.kinds.activity import ActivityItem
from minning_cli.ledger.kinds.oneoff import OneOffItem
from minning_cli.ledger.kinds.standing import LastEntry
from minning_cli.ledger.load import _whole, load_book, load_ledger
from tests.test_summary import CHOICES, YEAR, _entries, _write

ACTIVITIES = [choice for choice in CHOICES if choice[2] == "activity"]
# Rows where several units record activities: where ties across units can happen.
SHARED = [c for c in ACTIVITIES if sum(1 for o in ACTIVITIES if o[1] == c[1]) > 1]


def _specs(choices: list[Any]) -> st.SearchStrategy[list[Any]]:
    return st.lists(
        st.tuples(
            st.sampled_from(choices),
            st.dates(dt.date(YEAR, 3, 1), dt.date(YEAR, 3, 3)),  # few days: ties on the date
            st.integers(0, 1),  # and on the recording time
            st.integers(1, 30),
            st.integers(0, 4).map(lambda n: 2 * n + 1),  # a note (an activity needs one)
        ),
        max_size=30,
    )


# Mostly one row whose activities several units record, sometimes anything at all.
specs_strategy = st.sampled_from(sorted({c[1] for c in SHARED})).flatmap(
    lambda task: _specs([c for c in SHARED if c[1] == task])
) | _specs(CHOICES)


def _oracle(book: Book, item: ActivityItem, day: dt.date) -> tuple[Any, ...]:
    """The activity standing's figures as computed from the entries before the tallies."""
    source = book.source()
    mine = [
        e
        for unit in item.units
        for e in source(unit, item.task.no)
        if item.counts(e) and e.date <= day
    ]
    entries = [e for e in mine if e.kind == "activity"]
    amounts = [e.amount for e in entries if e.amount is not None]
    last = LastEntry.latest(entries, day)
    unit = next((e.unit for e in entries if last and e.id == last.id), None)
    total = sum(amounts, Decimal(0)) if amounts else None
    return len(entries), total, last, unit, max((e.date for e in mine), default=None)


def _both_ways(data_dir: Path, tmp_path: Path, specs: list[Any]) -> tuple[Book, Book]:
    """The entries of ``specs`` written, and read the whole way and from summaries."""
    _write(data_dir, _entries(specs, []))
    os.environ["MINNING_CACHE"] = str(tmp_path / f"cache-{os.urandom(6).hex()}")
    whole = _whole(load_ledger(data_dir))
    load_book(data_dir)  # summaries made
    summarised = load_book(data_dir)
    assert summarised.summarised
    return whole, summarised


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=specs_strategy, day=st.dates(dt.date(YEAR, 3, 1), dt.date(YEAR, 3, 4)))
def test_activities_stand_from_tallies_as_from_entries(
    data_dir: Path, tmp_path: Path, specs: list[Any], day: dt.date
) -> None:
    whole, summarised = _both_ways(data_dir, tmp_path, specs)
    items = [i for row in Rows(whole.ledger) for i in row.items if isinstance(i, ActivityItem)]
    expected = [_oracle(whole, item, day) for item in items]
    for book in (whole, summarised):
        got = compute_status(book, day).activities
        assert len(got) == len(items)
        for standing, (count, total, last, unit, heard) in zip(got, expected, strict=True):
            assert (standing.count, standing.total, standing.last, standing.unit) == (
                count,
                total,
                last,
                unit,
            )
            if heard is not None and standing.silent_days is not None:
                assert standing.silent_days <= max((day - heard).days, 0)


DONE_ROWS = Rows(load_ledger(Path(__file__).resolve().parent.parent / "data").ledger).done_rows()
DONES = [c for c in CHOICES if c[2] == "done" and c[1] in DONE_ROWS]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    specs=st.sampled_from(sorted({c[1] for c in DONES})).flatmap(
        lambda task: _specs([c for c in DONES if c[1] == task])
    ),
    day=st.dates(dt.date(YEAR, 3, 1), dt.date(YEAR, 3, 4)),
)
def test_milestones_and_pairings_stand_from_tallies_as_from_entries(
    data_dir: Path, tmp_path: Path, specs: list[Any], day: dt.date
) -> None:
    whole, summarised = _both_ways(data_dir, tmp_path, specs)
    items = [i for row in Rows(whole.ledger) for i in row.items if isinstance(i, OneOffItem)]
    source = whole.source()
    expected = {}
    for item in items:  # as computed from the entries before the tallies
        dates = [
            e.date
            for unit in item.units
            for e in source(unit, item.task.no)
            if item.counts(e) and e.date <= day
        ]
        expected[(item.task.no, item.name)] = (len(dates), min(dates, default=None))
    for book in (whole, summarised):
        got = {
            (m.task, m.name): (m.count, m.done_on)
            for m in compute_status(book, day).milestones
            if m.task in DONE_ROWS
        }
        assert got == {k: v for k, v in expected.items() if k[0] in DONE_ROWS}
