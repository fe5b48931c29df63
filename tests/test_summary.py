"""Per-file summaries give every figure the entries give: status and calls, exactly."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minning_cli.figures.calls import compute_calls
from minning_cli.figures.status import compute_status
from minning_cli.ledger import summary_load
from minning_cli.ledger.actuals import actual_as_of
from minning_cli.ledger.book import Book
from minning_cli.ledger.kinds import Refusal, Rows
from minning_cli.ledger.kinds.standing import LastEntry
from minning_cli.ledger.load import _whole, check_all, load_book, load_ledger
from minning_cli.ledger.model import Entry, Ledger, Void
from minning_cli.ledger.tally import Tally
from minning_cli.views.render_json import dumps
from minning_cli.writing.write import entry_block, file_header

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "tasks.yaml"
TZ = dt.timezone(dt.timedelta(hours=8))
YEAR = 2023


def _choices(ledger: Ledger) -> list[tuple[str, int, str, str | None]]:
    """(unit, row, kind, milestone) an entry may be written for, every kind of row."""
    rows = Rows(ledger)
    found: list[tuple[str, int, str, str | None]] = []
    for row in rows:
        for item in row.items:
            milestone = getattr(getattr(item, "milestone", None), "id", None)
            for unit in item.units:
                for kind in sorted(item.takes):
                    found.append((unit, row.task.no, kind, milestone))
    return sorted(set(found))


LEDGER = load_ledger(SHIPPED.parent).ledger
CHOICES = _choices(LEDGER)
ALIASES: dict[str, list[str]] = {}
for _written, _name in Rows(LEDGER).registry.lookup.items():
    ALIASES.setdefault(_name, []).append(_written)

spec = st.tuples(
    st.sampled_from(CHOICES),
    st.dates(dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)),
    st.integers(0, 3),  # the hour recorded: equal ones tie, broken by file order
    st.integers(1, 30),  # the amount
    st.integers(0, 9),  # extras: a term's months, a report's funds, a written alias…
)


def _entries(specs: Sequence[tuple[Any, ...]], voids: Sequence[int]) -> list[Entry | Void]:
    """Entries built from specs, those that fit their row, then voids of some of them."""
    rows = Rows(LEDGER)
    records: list[Entry | Void] = []
    dispatches: dict[tuple[str, int], list[Entry]] = {}
    for number, ((unit, task, kind, milestone), day, hour, amount, extra) in enumerate(specs):
        fields: dict[str, Any] = {
            "id": f"{day}-e{number:04d}",
            "date": day,
            "unit": sorted(ALIASES.get(unit, [unit]))[extra % len(ALIASES.get(unit, [unit]))]
            if extra > 6
            else unit,
            "task": task,
            "kind": kind,
            "milestone": milestone,
            "note": f"第{number}条" if extra % 2 else None,
            "recorded_at": dt.datetime(YEAR, 12, 31, hour, tzinfo=TZ),
        }
        if kind in ("increment", "total"):
            fields["amount"] = Decimal(amount) / (1 if extra % 3 else 10)
        if kind == "increment" and extra % 4 == 1:
            fields["months"] = 3 + extra
        if kind == "done" and task == 11:
            fields["received"] = Decimal(amount)
            fields["used"] = Decimal(amount) / 2
        if kind == "done" and extra % 5 == 0 and dispatches.get((unit, task)):
            fields["ref"] = dispatches[(unit, task)][-1].id
        if kind == "activity" and extra % 3 == 0:
            fields["amount"] = Decimal(amount)
        entry = Entry(**{k: v for k, v in fields.items() if v is not None})
        fit = rows.fit(entry)
        if fit is None or isinstance(fit, Refusal):
            continue
        if kind == "done" and entry.amount == 0:
            continue
        records.append(entry)
        if kind == "increment":
            dispatches.setdefault((unit, task), []).append(entry)
    entries = [r for r in records if isinstance(r, Entry)]
    for number, index in enumerate(sorted(set(voids))):
        if index < len(entries):
            target = entries[index]
            records.append(
                Void(
                    id=f"{target.date}-v{number:04d}",
                    kind="void",
                    voids=target.id,
                    reason="记错了",
                    recorded_at=dt.datetime(YEAR, 12, 31, 23, tzinfo=TZ),
                )
            )
    return records


def _write(data_dir: Path, records: Sequence[Entry | Void]) -> None:
    folder = data_dir / "progress"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.yaml"):
        old.unlink()
    months: dict[str, list[str]] = {}
    for record in records:
        month = record.id[:7] if isinstance(record, Void) else f"{record.date:%Y-%m}"
        months.setdefault(month, []).append(entry_block(record))
    for month, blocks in months.items():
        (folder / f"{month}.yaml").write_text(file_header(month) + "\n" + "".join(blocks), "utf-8")


def _figures(book: Book, days: Sequence[dt.date]) -> list[str]:
    result = []
    for day in days:
        result.append(dumps(compute_status(book, day).as_json()))
        result.append(repr(compute_calls(book, day)))
    return result


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    specs=st.lists(spec, max_size=60),
    voids=st.lists(st.integers(0, 59), max_size=6),
    days=st.lists(st.dates(dt.date(YEAR, 1, 1), dt.date(YEAR + 1, 1, 31)), min_size=1, max_size=3),
)
def test_summaries_give_the_figures_the_entries_give(
    data_dir: Path, tmp_path: Path, specs: list[Any], voids: list[int], days: list[dt.date]
) -> None:
    records = _entries(specs, voids)
    _write(data_dir, records)
    cache = tmp_path / f"cache-{os.urandom(6).hex()}"
    os.environ["MINNING_CACHE"] = str(cache)
    loaded = load_ledger(data_dir)
    whole = _whole(loaded)  # every file parsed, every check run, the entries counted
    assert not whole.warnings, whole.warnings
    expected = _figures(whole, days)
    made = load_book(data_dir)  # summaries made now
    read = load_book(data_dir)  # and read back from the cache
    for book in (made, read):
        assert book.summarised
        assert _figures(book, days) == expected
        # Each day's count of entries that count (city status), without the entries.
        assert book.dated() == whole.dated()
        # A summarised book still gives the entries when a view lists them.
        assert [e.id for e in book.active()] == [e.id for e in whole.active()]
    # ``check`` from the summaries says what it says the whole way.
    checked = check_all(data_dir)
    assert checked.entries == len(whole.entries) + len(whole.voids)
    assert checked.problems == loaded.warnings


entries_strategy = st.lists(
    st.tuples(
        st.sampled_from(["increment", "total", "done"]),
        st.dates(dt.date(YEAR, 1, 1), dt.date(YEAR, 1, 20)),
        st.integers(0, 2),
        st.decimals(0, 100, places=2),
    ),
    max_size=40,
)


@given(entries_strategy, st.dates(dt.date(YEAR, 1, 1), dt.date(YEAR, 1, 25)))
def test_a_tally_is_the_rule_of_actuals(raw: list[Any], day: dt.date) -> None:
    entries = [
        Entry(id=f"{d}-t{n:04d}", date=d, unit="软件园", task=4, kind=kind,
              amount=None if kind == "done" else amount, note=f"n{n}",
              recorded_at=dt.datetime(YEAR, 2, 1, hour, tzinfo=TZ))
        for n, (kind, d, hour, amount) in enumerate(raw)
    ]  # fmt: skip
    # Split in two "files" and merged: the same as counted in one.
    half = len(entries) // 2
    tally = Tally.of(entries[:half], 0)
    tally.merge(Tally.of(entries[half:], 1) if half else Tally())
    if not half:
        tally = Tally.of(entries)
    counted = [e for e in entries if e.kind != "done"]
    assert tally.actual(day) == actual_as_of(counted, day)
    latest = LastEntry.latest(entries, day)
    last = tally.last(day)
    assert (last[1].id if last else None) == (latest.id if latest else None)


# ---------------------------------------------------------------- one file changed


def _status(data_dir: Path) -> dict[str, Any]:
    from typer.testing import CliRunner

    from minning_cli.cli import app

    result = CliRunner().invoke(
        app, ["--data", str(data_dir), "status", "--as-of", "2023-12-31", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []
    real = summary_load._parse

    def counting(path: Path, ledger: Ledger) -> Any:
        parsed.append(path.name)
        return real(path, ledger)

    monkeypatch.setattr(summary_load, "_parse", counting)
    return parsed


def test_a_changed_month_is_summarised_again_alone(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    specs = [
        (("软件园", 4, "increment", None), dt.date(YEAR, month, 3), 1, 5, 2)
        for month in range(1, 13)
    ]
    _write(data_dir, _entries(specs, []))
    parsed = _counting(monkeypatch)
    first = _status(data_dir)
    assert sorted(parsed) == [f"{YEAR}-{m:02d}.yaml" for m in range(1, 13)]
    parsed.clear()
    assert _status(data_dir) == first and parsed == []
    july = data_dir / "progress" / "2023-07.yaml"
    july.write_text(july.read_text("utf-8").replace("amount: 5", "amount: 7"), "utf-8")
    changed = _status(data_dir)
    assert parsed == ["2023-07.yaml"]
    share = next(a for a in changed["allocations"] if a["unit"] == "软件园" and a["task"] == 4)
    assert Decimal(str(share["actual"])) == 5 * 11 + 7


def test_a_void_summarises_the_voided_entry_s_month_again(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    specs = [
        (("软件园", 4, "increment", None), dt.date(YEAR, month, 3), 1, 5, 2) for month in (3, 7)
    ]
    records = _entries(specs, [])
    _write(data_dir, records)
    _status(data_dir)
    parsed = _counting(monkeypatch)
    target = records[0]
    # Written by hand into December's file: March's entries change without March's bytes.
    void = Void(id="2023-12-01-vvvv1", kind="void", voids=target.id, reason="记错了",
                recorded_at=dt.datetime(YEAR, 12, 31, 23, tzinfo=TZ))  # fmt: skip
    december = data_dir / "progress" / "2023-12.yaml"
    december.write_text(file_header("2023-12") + "\n" + entry_block(void), "utf-8")
    report = _status(data_dir)
    assert sorted(parsed) == ["2023-03.yaml", "2023-12.yaml"]  # July's summary stands
    share = next(a for a in report["allocations"] if a["unit"] == "软件园" and a["task"] == 4)
    assert Decimal(str(share["actual"])) == 5
