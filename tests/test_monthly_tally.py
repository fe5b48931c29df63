"""A monthly duty's months stand from the tallies of its reports as from the entries.

``kinds.monthly`` counts each unit's reports per date (``month_tally.MonthTally``), so that
summaries keep no report of row 11 or 14 whole. The oracle here is a month's standing as it
was computed from the entries themselves: every report of the duty's units (in the units'
order, then file order) dated in the month by the day asked, taken by date, then as
recorded, then in that order; the count reached on the first day it reaches the duty's, and
each fund figure the last report giving it has. Read the whole way or from summaries, each
month gives the same — several reports a month, across units, ties of date and recording
time, reports after the due day, voided ones and funds included — and a warm read builds
no entry for a report.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from minning_cli.cli import app
from minning_cli.figures.status import compute_status
from minning_cli.ledger import summary
from minning_cli.ledger.book import Book
from minning_cli.ledger.cache import ParseCache
from minning_cli.ledger.kinds import Refusal, Rows
from minning_cli.ledger.kinds.monthly import MonthlyItem, months_from
from minning_cli.ledger.load import _whole, load_book, load_ledger
from minning_cli.ledger.model import Entry, Void
from minning_cli.ledger.pacing import month_due
from minning_cli.ledger.summary_load import read_summaries
from minning_cli.text.amounts import percent
from tests.test_summary import CHOICES, LEDGER, TZ, YEAR, _write

# Every unit that may send a report of row 11 (funds) or row 14 (articles, 篇).
REPORTS = [c for c in CHOICES if c[2] == "done" and c[1] in (11, 14) and c[3] is None]
FUNDS = ("received", "disbursed", "used")

report_strategy = st.tuples(
    st.sampled_from(REPORTS),
    # Around two months' ends: row 11 is due on the 25th, row 14 at the month's end.
    st.sampled_from([dt.date(YEAR, 3, d) for d in (1, 24, 25, 26, 31)] + [dt.date(YEAR, 4, 2)]),
    st.integers(0, 1),  # the hour recorded: equal ones tie, broken by unit and file order
    st.one_of(st.none(), st.integers(1, 3)),  # how many it covers (none: one)
    st.tuples(*[st.one_of(st.none(), st.integers(0, 500)) for _ in FUNDS]),
)


def _records(specs: list[Any], voided: list[int]) -> list[Entry | Void]:
    """Reports built from specs (funds on row 11 only), then voids of some of them."""
    rows = Rows(LEDGER)
    entries: list[Entry] = []
    for number, ((unit, task, _kind, _milestone), day, hour, amount, funds) in enumerate(specs):
        fields: dict[str, Any] = {
            "id": f"{day}-m{number:04d}",
            "date": day,
            "unit": unit,
            "task": task,
            "kind": "done",
            "recorded_at": dt.datetime(YEAR, 4, 3, hour, tzinfo=TZ),
        }
        if amount is not None:
            fields["amount"] = Decimal(amount)
        if task == 11:
            for name, value in zip(FUNDS, funds, strict=True):
                if value is not None:
                    fields[name] = Decimal(value) / 4
        entry = Entry(**fields)
        assert not isinstance(rows.fit(entry), Refusal)
        entries.append(entry)
    voids: list[Entry | Void] = [
        Void(
            id=f"{entries[index].date}-v{n:04d}",
            kind="void",
            voids=entries[index].id,
            reason="记错了",
            recorded_at=dt.datetime(YEAR, 4, 3, 23, tzinfo=TZ),
        )
        for n, index in enumerate(sorted({i for i in voided if i < len(entries)}))
    ]
    return [*entries, *voids]


def _both_ways(data_dir: Path, tmp_path: Path, records: list[Entry | Void]) -> tuple[Book, Book]:
    """The records written, and read the whole way and from summaries (made, then read)."""
    _write(data_dir, records)
    os.environ["MINNING_CACHE"] = str(tmp_path / f"cache-{os.urandom(6).hex()}")
    whole = _whole(load_ledger(data_dir))
    assert not whole.warnings, whole.warnings
    load_book(data_dir)  # summaries made
    summarised = load_book(data_dir)
    assert summarised.summarised
    built = [e for placed in summarised.source().groups.values() for _pos, e in placed]
    assert not [e for e in built if e.task in (11, 14)]  # no report kept whole
    return whole, summarised


def _oracle(book: Book, item: MonthlyItem, day: dt.date, start: dt.date) -> list[tuple[Any, ...]]:
    """Each month's figures as computed from the entries before the tallies."""
    source = book.source()
    done = [e for unit in item.units for e in source(unit, item.task.no) if item.counts(e)]
    result = []
    for year, month in months_from(start, day, item.duty.due_day):
        in_month = sorted(
            (e.date, e.recorded_at, index)
            for index, e in enumerate(done)
            if (e.date.year, e.date.month) == (year, month) and e.date <= day
        )
        count, reached_on = 0, None
        funds: dict[str, Decimal | None] = dict.fromkeys(FUNDS)
        for date, _at, index in in_month:
            entry = done[index]
            count += int(entry.amount) if entry.amount is not None else 1
            if reached_on is None and count >= item.duty.count:
                reached_on = date
            for name in FUNDS:
                if getattr(entry, name) is not None:
                    funds[name] = getattr(entry, name)
        received, used = funds["received"], funds["used"]
        rate = percent(used, received) if used is not None and received else None
        due = month_due(year, month, item.duty.due_day)
        result.append(
            (f"{year}-{month:02d}", due, reached_on, count, len(in_month), *funds.values(), rate)
        )
    return result


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    specs=st.lists(report_strategy, max_size=25),
    voided=st.lists(st.integers(0, 24), max_size=4),
    day=st.sampled_from([dt.date(YEAR, 3, d) for d in (1, 24, 25, 26, 30, 31)]
                        + [dt.date(YEAR, 4, 2), dt.date(YEAR, 4, 30)]),
)  # fmt: skip
def test_months_stand_from_tallies_as_from_entries(
    data_dir: Path, tmp_path: Path, specs: list[Any], voided: list[int], day: dt.date
) -> None:
    whole, summarised = _both_ways(data_dir, tmp_path, _records(specs, voided))
    items = [i for row in Rows(whole.ledger) for i in row.items if isinstance(i, MonthlyItem)]
    start = whole.ledger.ledger.start_date
    expected = [month for item in items for month in _oracle(whole, item, day, start)]
    assert any(item.duty.funds for item in items)
    for book in (whole, summarised):
        got = [
            (m.month, m.due, m.done_on, m.count, m.reports, m.received, m.disbursed, m.used,
             m.use_rate)
            for m in compute_status(book, day).monthly
        ]  # fmt: skip
        assert got == expected
    assert compute_status(summarised, day) == compute_status(whole, day)


def test_a_late_report_a_void_and_funds_by_the_last_report(data_dir: Path, tmp_path: Path) -> None:
    """March: the report of the 20th voided, the month is done late (the 26th); each fund
    figure is the last report's that gives it (received from the 26th, used from the 28th);
    row 14's two articles in one entry meet its month."""
    specs = [
        (("区民政局", 11, "done", None), dt.date(YEAR, 3, 20), 0, None, (400, None, None)),
        (("区民政局", 11, "done", None), dt.date(YEAR, 3, 26), 0, None, (80, None, None)),
        (("区人社局", 11, "done", None), dt.date(YEAR, 3, 28), 1, None, (None, 40, 200)),
        (("区委统战部", 11, "done", None), dt.date(YEAR, 3, 28), 0, 2, (None, None, None)),
        (("区委宣传部", 14, "done", None), dt.date(YEAR, 3, 30), 0, 2, (None, None, None)),
    ]
    whole, summarised = _both_ways(data_dir, tmp_path, _records(specs, [0]))
    for book in (whole, summarised):
        march = {m.task: m for m in compute_status(book, dt.date(YEAR, 4, 2)).monthly
                 if m.month == f"{YEAR}-03"}  # fmt: skip
        report, articles = march[11], march[14]
        assert (report.done_on, report.status, report.count, report.reports) == (
            dt.date(YEAR, 3, 26), "late", 4, 3
        )  # fmt: skip
        assert (report.received, report.disbursed, report.used) == (20, 10, 50)
        assert report.use_rate == 250
        assert (articles.done_on, articles.count, articles.status) == (
            dt.date(YEAR, 3, 30), 2, "on_time"
        )  # fmt: skip


def test_warm_status_and_calls_build_no_report(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A warm status and calls stand rows 11 and 14 on the tallies: the book's entries are
    never read, and no entry of a report is built from the summaries."""
    specs = [
        (("区民政局", 11, "done", None), dt.date(YEAR, 3, 26), 0, None, (100, 80, 60)),
        (("区委宣传部", 14, "done", None), dt.date(YEAR, 3, 31), 1, 1, (None, None, None)),
        (("区委宣传部", 14, "done", None), dt.date(YEAR, 4, 2), 1, None, (None, None, None)),
    ]
    _write(data_dir, _records(specs, []))
    os.environ["MINNING_CACHE"] = str(tmp_path / "cache")
    commands = [
        ["--data", str(data_dir), command, "--as-of", "2023-04-02", "--format", "json"]
        for command in ("status", "calls")
    ]
    runner = CliRunner()
    cold = [runner.invoke(app, args) for args in commands]  # the summaries made and stored
    assert all(result.exit_code == 0 for result in cold), [r.output for r in cold]
    book = load_book(data_dir)
    assert book.summarised
    built = [e for placed in book.source().groups.values() for _pos, e in placed]
    assert not [e for e in built if e.task in (11, 14)]

    def no_entries(self: Book) -> Any:
        raise AssertionError("a warm read read the entries")

    monkeypatch.setattr(Book, "records", no_entries)
    monkeypatch.setattr(Book, "active", no_entries)
    warm = [runner.invoke(app, args) for args in commands]
    assert [r.exit_code for r in warm] == [0, 0], [r.output for r in warm]
    assert [r.stdout for r in warm] == [r.stdout for r in cold]
    month = next(m for m in json.loads(warm[0].stdout)["monthly"] if m["month"] == "2023-03")
    assert (month["status"], month["received"], month["use_rate"]) == ("late", 25, 60)


def test_a_stored_tally_reads_back_and_a_malformed_one_is_a_miss(
    data_dir: Path, tmp_path: Path
) -> None:
    """A file's report tallies go to the cache as plain JSON and read back the same; a
    summary whose tallies are not of that shape, or of another format, is not read."""
    specs = [
        (("区民政局", 11, "done", None), dt.date(YEAR, 3, 26), 0, 2, (100, None, 60)),
        (("区人社局", 11, "done", None), dt.date(YEAR, 3, 26), 1, None, (None, 80, None)),
        (("区委宣传部", 14, "done", None), dt.date(YEAR, 3, 31), 1, 1, (None, None, None)),
    ]
    _write(data_dir, _records(specs, []))
    loaded = load_ledger(data_dir)
    cache = ParseCache(data_dir, tmp_path / "cache")
    read_summaries(data_dir, loaded.ledger, loaded.digest, cache, gather=False)
    data = cache.load("summary-2023-03.yaml.json", loaded.digest)
    made = summary.from_data(data)
    assert made is not None and set(made.monthly) == {("区民政局", 11), ("区人社局", 11),
                                                      ("区委宣传部", 14)}  # fmt: skip
    assert summary.to_data(made) == data
    assert made.monthly[("区民政局", 11)].funds["used"].totals[dt.date(YEAR, 3, 26)][2] == 15
    assert made.monthly[("区民政局", 11)].reports.increments == {dt.date(YEAR, 3, 26): 2}
    for damage in (
        lambda d: d.update(format=1),
        lambda d: d["monthly"][0][2].__setitem__(1, [["received", []]]),  # funds not by name
        lambda d: d["monthly"][0][2][1].update(spent=[]),  # no such fund figure
        lambda d: d["monthly"][0][2][0][0].__setitem__(1, "1"),  # a count as text
        lambda d: d["monthly"][0][2][0][0].__setitem__(2, "many"),  # not a number
    ):
        broken = json.loads(json.dumps(data))
        damage(broken)
        assert summary.from_data(broken) is None
