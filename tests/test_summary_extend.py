"""A month file that only grew has its summary extended from the appended bytes alone, and
the extended summary is the one a fresh reading of the whole file makes."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from minning_cli.cli import app
from minning_cli.ledger import summary_extend, summary_load
from minning_cli.ledger.cache import ParseCache
from minning_cli.ledger.load import _whole, load_book, load_ledger
from minning_cli.ledger.model import Entry, Void
from minning_cli.ledger.summary import from_data, ids_from_data, plain_from_data, to_data
from minning_cli.writing.write import append
from tests.test_summary import YEAR, _counting, _entries, _figures, _status, _write, spec


def _stored(cache: ParseCache, digest: str, name: str) -> dict[str, Any]:
    """A file's stored summary, ids and plain entries, as data (less when it was made)."""
    summary = from_data(cache.load(summary_load._name(name), digest))
    assert summary is not None, name
    data = to_data(summary)
    data.pop("stored_at")
    bound = f"{digest}:{summary.key.sha}"
    data["ids"] = ids_from_data(cache.load(summary_load._ids_name(name), bound))
    data["plain"] = plain_from_data(cache.load(summary_load._plain_name(name), bound))
    return data


def _fresh(data_dir: Path, root: Path) -> dict[str, dict[str, Any]]:
    """Every file's summary made from nothing, in a new cache."""
    loaded = load_ledger(data_dir)
    cache = ParseCache(data_dir, root)
    summary_load.read_summaries(data_dir, loaded.ledger, loaded.digest, cache, gather=False)
    return {p.name: _stored(cache, loaded.digest, p.name) for p in _month_files(data_dir)}


def _month_files(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "progress").glob("*.yaml"))


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    first=st.lists(spec, min_size=1, max_size=30),
    later=st.lists(st.lists(spec, min_size=1, max_size=4), min_size=1, max_size=5),
    voids=st.lists(st.integers(0, 60), max_size=3),
    taken=st.booleans(),
)
def test_an_extended_summary_is_the_summary_made_afresh(
    data_dir: Path,
    tmp_path: Path,
    first: list[Any],
    later: list[list[Any]],
    voids: list[int],
    taken: bool,
) -> None:
    """Entries written, then appended batch by batch as ``record`` and ``import`` do (voids
    last, into the voided entry's month), the cache summarised after each: every file's
    stored summary equals one made afresh, and the figures are the whole way's. ``taken``:
    the summaries are extended with the records as the writer appended them (no line read
    back), as ``record`` does, else from the appended bytes read."""
    records = _entries([*first, *(s for batch in later for s in batch)], voids)
    entries = [r for r in records if isinstance(r, Entry)]
    head = [r for r in entries if r.id.endswith(tuple(f"e{n:04d}" for n in range(len(first))))]
    _write(data_dir, head)
    batches: list[Sequence[Entry | Void]] = []
    start = len(first)
    for batch in later:
        numbers = {f"e{n:04d}" for n in range(start, start + len(batch))}
        batches.append([r for r in entries if r.id[-5:] in numbers])
        start += len(batch)
    batches += [[void] for void in records if isinstance(void, Void)]
    root = tmp_path / f"cache-{os.urandom(6).hex()}"
    os.environ["MINNING_CACHE"] = str(root)
    loaded = load_ledger(data_dir)
    cache = ParseCache(data_dir, root)
    summary_load.store_written(data_dir, loaded.ledger, loaded.digest)
    for number, batch in enumerate(batches):
        if not batch:
            continue
        months = {f"{r.date:%Y-%m}.yaml" for r in batch if isinstance(r, Entry)}
        grown = all((data_dir / "progress" / m).exists() for m in months) and len(months) == len(
            batch
        )
        tails = summary_extend.tail_reads[0]
        appended = append(data_dir, batch)
        summary_load.store_written(
            data_dir, loaded.ledger, loaded.digest, appended=appended if taken else None
        )
        if grown:  # entries appended to months summarised before: their tails alone read
            assert summary_extend.tail_reads[0] == tails + (0 if taken else len(months))
        fresh = _fresh(data_dir, tmp_path / f"fresh-{os.urandom(6).hex()}-{number}")
        kept = {p.name: _stored(cache, loaded.digest, p.name) for p in _month_files(data_dir)}
        assert kept == fresh
    whole = _whole(loaded)
    assert not whole.warnings, whole.warnings
    days = [dt.date(YEAR, 6, 30), dt.date(YEAR, 12, 31)]
    book = load_book(data_dir)
    assert book.summarised
    assert _figures(book, days) == _figures(whole, days)


def test_record_reads_only_what_it_appended(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After ``record`` the month it wrote is not parsed again, by it or by the next
    ``status``: not even the appended line is read (the writer's records are taken as
    written); the figures are a fresh reading's."""
    specs = [
        (("软件园", 4, "increment", None), dt.date(YEAR, month, day), 1, 5, 2)
        for month in range(1, 13)
        for day in (3, 9)
    ]
    _write(data_dir, _entries(specs, []))
    _status(data_dir)  # every month summarised
    parsed = _counting(monkeypatch)
    tails = summary_extend.tail_reads[0]
    for day in ("2023-07-20", "2023-07-21"):
        result = CliRunner().invoke(
            app,
            ["--data", str(data_dir), "record", "软件园", "4", "20", "--date", day,
             "--by", "测试", "--yes"],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    assert parsed == []  # neither before appending nor after
    assert summary_extend.tail_reads[0] == tails
    report = _status(data_dir)
    assert parsed == []
    share = next(a for a in report["allocations"] if a["unit"] == "软件园" and a["task"] == 4)
    assert Decimal(str(share["actual"])) == 5 * 24 + 40
    monkeypatch.setenv("MINNING_CACHE", str(data_dir.parent / "fresh-cache"))
    assert _status(data_dir) == report
    assert parsed  # the fresh cache did parse: the counting seam sees it


def test_a_changed_prefix_is_read_the_whole_way(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file changed before its end, then appended to, is not extended: it is parsed."""
    specs = [(("软件园", 4, "increment", None), dt.date(YEAR, 7, day), 1, 5, 2) for day in (3, 9)]
    records = _entries(specs, [])
    _write(data_dir, records[:1])
    _status(data_dir)
    july = data_dir / "progress" / "2023-07.yaml"
    july.write_text(july.read_text("utf-8").replace("amount: 5", "amount: 7"), "utf-8")
    parsed = _counting(monkeypatch)
    append(data_dir, records[1:])
    report = _status(data_dir)
    assert parsed == ["2023-07.yaml"]
    share = next(a for a in report["allocations"] if a["unit"] == "软件园" and a["task"] == 4)
    assert Decimal(str(share["actual"])) == 7 + 5


def test_record_reads_each_month_s_summary_and_ids_once(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``record`` checks twice (unlocked, then under the lock) and then summarises what it
    wrote: the summaries, ids and the unit's entries it read for the first check serve the
    second and the summarising, for every month it did not write."""
    specs = [
        (("软件园", 4, "increment", None), dt.date(YEAR, month, 3), 1, 5, 2)
        for month in range(1, 7)
    ]
    _write(data_dir, _entries(specs, []))
    _status(data_dir)  # every month summarised
    loaded: list[str] = []
    real = ParseCache.load

    def counting(cache: ParseCache, name: str, key: str) -> Any:
        loaded.append(name)
        return real(cache, name, key)

    monkeypatch.setattr(ParseCache, "load", counting)
    result = CliRunner().invoke(
        app,
        ["--data", str(data_dir), "record", "软件园", "4", "20", "--date", "2023-06-20",
         "--by", "测试", "--yes"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    for kind in ("summary", "ids", "entries"):
        names = sorted(n for n in loaded if n.startswith(f"{kind}-"))
        assert names == sorted(set(names)), names  # each month's at most once
    assert len([n for n in loaded if n.startswith("summary-")]) == 6


def test_record_merges_no_tally_and_builds_only_its_unit_s_entries(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer's checks read the ids and one unit's entries of one row: the files' tallies
    are never merged (that is for standings), and of the entries kept whole (row 2's
    dispatches) only the unit's own are built; a return still finds its dispatch."""
    from minning_cli.ledger import rebuild, summary_gather

    specs = [
        (("软件园", 4, "increment", None), dt.date(YEAR, month, 3), 1, 5, 2) for month in (5, 6)
    ]
    _write(data_dir, _entries(specs, []))
    runner = CliRunner()
    dispatch = ["--by", "测试", "--yes", "--date"]
    for unit in ("区教育局", "区卫健局"):
        result = runner.invoke(app, ["--data", str(data_dir), "record", unit, "2", "1",
                                     "--start", "2023-06-01", "--months", "6", *dispatch,
                                     "2023-06-01"])  # fmt: skip
        assert result.exit_code == 0, result.output
    _status(data_dir)  # every month summarised
    (sent,) = [e for e in load_book(data_dir).active() if e.unit == "区教育局" and e.task == 2]

    def no_merging(*args: object) -> None:
        raise AssertionError("a writer merged the tallies")

    built: list[str] = []
    real = rebuild.entry_from_json

    def counting(data: dict[str, Any]) -> Entry:
        built.append(data["unit"])
        return real(data)

    monkeypatch.setattr(summary_gather, "gather", no_merging)
    monkeypatch.setattr(summary_gather, "entry_from_json", counting)
    result = runner.invoke(app, ["--data", str(data_dir), "record", "区教育局", "2",
                                 "--return", sent.id, *dispatch, "2023-06-20"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert built and set(built) == {"区教育局"}  # never 区卫健局's dispatch
    monkeypatch.undo()
    assert len([e for e in load_book(data_dir).active() if e.task == 2]) == 3
