"""The cache cannot lie nor run code: whatever state it is in, the figures are the files'."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from minning_cli.cli import app
from minning_cli.ledger import cache as cache_module
from minning_cli.ledger.cache import MAGIC, ParseCache, code_fingerprint, source_files
from minning_cli.ledger.load import load_book, load_ledger
from minning_cli.writing.record import Request, record_entry

from .conftest import numbered_ids, snapshot

NOW = dt.datetime(2023, 12, 31, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
# What the ``ledger`` fixture records, as status reports it.
TRUE = {"4:软件园": 350, "4:区商务局": 100, "3:洪山镇": 12.5}


@pytest.fixture
def ledger(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped table with entries in two month files (June and July 2023)."""
    numbered_ids(monkeypatch, "c")
    for unit, task, amount, day, total in (
        ("软件园", "4", "20", dt.date(2023, 6, 12), False),
        ("软件园", "4", "350", dt.date(2023, 6, 30), True),
        ("区商务局", "4", "100", dt.date(2023, 7, 2), False),
        ("洪山镇", "3", "12.5", dt.date(2023, 7, 5), False),
    ):
        request = Request(unit=unit, task=task, amount=amount, date=day, total=total, by="测试")
        record_entry(data_dir, request, today=dt.date(2023, 12, 31), now=NOW)
    return data_dir


def cache_dir() -> Path:
    return Path(os.environ["MINNING_CACHE"])


def cached_files() -> list[Path]:
    return sorted(cache_dir().rglob("*.json"))


def actuals(data_dir: Path) -> dict[str, Any]:
    """Every non-zero actual of ``status --format json``, by ``task:unit``."""
    result = CliRunner().invoke(
        app, ["--data", str(data_dir), "status", "--as-of", "2023-12-31", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    return {f"{a['task']}:{a['unit']}": a["actual"] for a in report["allocations"] if a["actual"]}


def summary_path(data_dir: Path, month: str) -> Path:
    return ParseCache(data_dir).folder / f"summary-{month}.yaml.json"


def forge(data_dir: Path, cache: ParseCache, month: str, amount: str) -> None:
    """Store, for the file as it is, a summary whose increments all say ``amount``."""
    digest = load_ledger(data_dir).digest
    data = ParseCache(data_dir).load(f"summary-{month}.yaml.json", digest)
    assert data is not None
    for _unit, _task, rows in data["tallies"]:
        for row in rows:
            if row[1] is not None:
                row[1] = amount
    cache.store(f"summary-{month}.yaml.json", digest, data)


def _wrap(payload: bytes) -> bytes:
    return MAGIC + hashlib.sha256(payload).digest() + payload


def test_a_warm_run_parses_nothing_and_gives_the_same_figures(
    ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert actuals(ledger) == TRUE
    names = [p.name for p in cached_files()]
    # Every record wrote through the summaries: nothing was read the whole way.
    assert names == ["entries-2023-06.yaml.json", "entries-2023-07.yaml.json",
                     "ids-2023-06.yaml.json", "ids-2023-07.yaml.json",
                     "summary-2023-06.yaml.json", "summary-2023-07.yaml.json", "tasks.json",
                     "verdict.json"]  # fmt: skip

    def no_parsing(*args: object) -> None:
        raise AssertionError("parsed a file the cache holds")

    monkeypatch.setattr("minning_cli.text.yamlsource.parse", no_parsing)
    monkeypatch.setattr("minning_cli.text.fastparse.progress_items", no_parsing)
    assert actuals(ledger) == TRUE


def test_the_cache_is_plain_json_data(ledger: Path) -> None:
    assert actuals(ledger) == TRUE
    for path in cached_files():
        raw = path.read_bytes()
        payload = raw[len(MAGIC) + 32 :]
        assert (
            raw.startswith(MAGIC)
            and hashlib.sha256(payload).digest() == raw[len(MAGIC) : len(MAGIC) + 32]
        )
        json.loads(payload)  # nothing but JSON
        assert path.stat().st_mode & 0o777 == 0o600
    assert ParseCache(ledger).folder.stat().st_mode & 0o777 == 0o700


def test_a_file_changed_with_the_same_size_and_time_stamp(ledger: Path) -> None:
    assert actuals(ledger) == TRUE
    path = ledger / "progress" / "2023-07.yaml"
    before = path.stat()
    path.write_bytes(path.read_bytes().replace(b"amount: 100,", b"amount: 900,"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert actuals(ledger) == {**TRUE, "4:区商务局": 900}


@pytest.mark.parametrize(
    "damage",
    ["empty", "garbage", "truncated", "flipped byte", "checksummed garbage", "wrong shape",
     "tallies that are not tallies", "deep nesting"],
)  # fmt: skip
def test_a_corrupt_cache_file_is_a_miss(ledger: Path, damage: str) -> None:
    assert actuals(ledger) == TRUE
    cache = ParseCache(ledger)
    digest = load_ledger(ledger).digest
    summary = {"name": "2023-07.yaml", "tallies": [["软件园", 4, [["x", 1, 2, 3]]]]}
    forged = [cache.code, cache.data_dir, digest, summary]
    for path in cached_files():
        raw = path.read_bytes()
        content = {
            "empty": b"",
            "garbage": os.urandom(200),
            "truncated": raw[: len(raw) // 2],
            "flipped byte": raw[:-1] + bytes([raw[-1] ^ 0xFF]),
            "checksummed garbage": _wrap(b"\x80\x05\x95garbage that is not JSON"),
            "wrong shape": _wrap(
                json.dumps([cache.code, cache.data_dir, digest, {"x": 1}]).encode()
            ),
            "tallies that are not tallies": _wrap(json.dumps(forged).encode()),
            "deep nesting": _wrap(b"[" * 100_000 + b"]" * 100_000),
        }[damage]
        path.write_bytes(content)
    assert actuals(ledger) == TRUE
    # The damaged summaries were rebuilt (``checked`` only by what reads the whole way).
    assert all(p.read_bytes().startswith(MAGIC) for p in cached_files() if "checked" not in p.name)
    assert actuals(ledger) == TRUE


def test_a_cache_from_another_version_is_not_believed(ledger: Path) -> None:
    assert actuals(ledger) == TRUE
    # A cache entry of this version that disagrees with the file is believed (that is what
    # a cache is) — which shows the forgery below would be noticed if it were used.
    forge(ledger, ParseCache(ledger), "2023-07", "555")
    assert actuals(ledger)["4:区商务局"] == 555
    other = ParseCache(ledger)
    other.code = code_fingerprint("0.0.0-another-version")
    forge(ledger, other, "2023-07", "777")
    assert actuals(ledger) == TRUE


def test_the_code_that_reads_files_keys_the_cache() -> None:
    names = {f"{path.parent.name}/{path.name}" for path in source_files()}
    # Changing how text is parsed or how records are checked makes every entry stale.
    assert {"text/fastparse.py", "text/yamlsource.py", "ledger/model.py"} <= names
    assert {"ledger/validate.py", "ledger/progress.py", "text/decode.py"} <= names
    assert {"ledger/summary.py", "ledger/tally.py", "ledger/summary_load.py"} <= names
    # The row kinds decide which entries fit: a change to them must not leave a stale "passed".
    assert {"kinds/monthly.py", "kinds/rows.py", "ledger/pacing.py"} <= names


def test_a_cache_file_others_could_have_written_is_not_read(ledger: Path) -> None:
    assert actuals(ledger) == TRUE
    forge(ledger, ParseCache(ledger), "2023-07", "555")
    for path in cached_files():
        path.chmod(0o664)
    assert actuals(ledger) == TRUE


def test_a_cache_file_another_user_owns_is_not_read(
    ledger: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert actuals(ledger) == TRUE
    forge(ledger, ParseCache(ledger), "2023-07", "555")
    assert actuals(ledger)["4:区商务局"] == 555
    # The files and the folder are the current user's: seen by another, they are foreign.
    monkeypatch.setattr(cache_module, "current_uid", lambda: os.getuid() + 1)
    assert actuals(ledger) == TRUE


def test_a_cache_folder_others_may_write_is_not_read(ledger: Path) -> None:
    assert actuals(ledger) == TRUE
    forge(ledger, ParseCache(ledger), "2023-07", "555")
    folder = ParseCache(ledger).folder
    folder.chmod(0o777)
    try:
        assert actuals(ledger) == TRUE
        assert actuals(ledger) == TRUE  # and nothing is written into it either
    finally:
        folder.chmod(0o700)
    assert actuals(ledger)["4:区商务局"] == 555


def test_a_link_planted_as_a_cache_file_is_not_followed(ledger: Path, tmp_path: Path) -> None:
    assert actuals(ledger) == TRUE
    forge(ledger, ParseCache(ledger), "2023-07", "555")
    path = summary_path(ledger, "2023-07")
    # The forged summary, moved away and linked to: a link in the folder is not read.
    elsewhere = tmp_path / "elsewhere.json"
    shutil.move(path, elsewhere)
    path.symlink_to(elsewhere)
    assert actuals(ledger) == TRUE
    assert elsewhere.read_bytes().startswith(MAGIC)  # the target was neither read nor replaced


def test_a_pickle_planted_as_a_cache_file_never_runs(ledger: Path, tmp_path: Path) -> None:
    assert actuals(ledger) == TRUE
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self) -> tuple[Any, ...]:
            return (Path.touch, (marker,))

    bomb = pickle.dumps(Payload())
    for path in cached_files():
        path.write_bytes(_wrap(bomb))
    (ParseCache(ledger).folder / "checked.pickle").write_bytes(_wrap(bomb))
    assert actuals(ledger) == TRUE
    result = CliRunner().invoke(app, ["--data", str(ledger), "check"])
    assert result.exit_code == 0, result.output
    assert not marker.exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_planted_as_a_cache_file_does_not_block(ledger: Path) -> None:
    assert actuals(ledger) == TRUE
    for month in ("2023-06", "2023-07"):
        path = summary_path(ledger, month)
        path.unlink()
        os.mkfifo(path, 0o600)
    tasks = ParseCache(ledger).folder / "tasks.json"
    tasks.unlink()
    os.mkfifo(tasks, 0o600)
    done = subprocess.run(
        [sys.executable, "-m", "minning_cli", "--data", str(ledger), "status",
         "--as-of", "2023-12-31", "--format", "json"],
        capture_output=True, text=True, timeout=60, env=os.environ,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    found = {f"{a['task']}:{a['unit']}": a["actual"] for a in report["allocations"] if a["actual"]}
    assert found == TRUE


def test_an_unwritable_cache_is_bypassed(
    ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Beneath a regular file no folder can be made, not even by root.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("MINNING_CACHE", str(blocker / "cache"))
    assert actuals(ledger) == TRUE
    assert actuals(ledger) == TRUE
    assert blocker.read_text() == "x"


def test_a_read_only_cache_folder_still_gives_the_right_figures(ledger: Path) -> None:
    assert actuals(ledger) == TRUE
    path = ledger / "progress" / "2023-07.yaml"
    path.write_bytes(path.read_bytes().replace(b"amount: 100,", b"amount: 200,"))
    folders = [p for p in cache_dir().rglob("*") if p.is_dir()]
    for folder in folders:
        folder.chmod(0o500)
    try:
        assert actuals(ledger) == {**TRUE, "4:区商务局": 200}
        assert actuals(ledger) == {**TRUE, "4:区商务局": 200}
    finally:
        for folder in folders:
            folder.chmod(0o700)


def test_a_deleted_cache_changes_nothing_but_speed(ledger: Path) -> None:
    assert actuals(ledger) == TRUE
    shutil.rmtree(cache_dir())
    assert actuals(ledger) == TRUE
    assert cached_files()


def test_the_cache_lives_outside_the_data_folder_keyed_by_its_path(ledger: Path) -> None:
    assert actuals(ledger) == TRUE
    folder = ParseCache(ledger).folder
    assert folder.parent.parent == cache_dir()
    assert not folder.resolve().is_relative_to(ledger.resolve())
    moved = ledger.parent / "moved"
    shutil.copytree(ledger, moved)
    assert actuals(moved) == TRUE
    assert ParseCache(moved).folder != folder and ParseCache(moved).folder.is_dir()


def test_read_only_commands_leave_the_data_folder_untouched(ledger: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "报表.csv"
    sheet.write_text("日期,单位,任务,金额\n2023-08-01,软件园,4,5\n", encoding="utf-8")
    commands = [
        ["status", "--as-of", "2023-12-31"],
        ["status", "--as-of", "2023-12-31", "--format", "json"],
        ["status", "--as-of", "2023-12-31", "--format", "csv"],
        ["status", "软件园", "--as-of", "2023-12-31"],
        ["status", "--task", "4", "--as-of", "2023-12-31"],
        ["check"],
        ["check", "--format", "json"],
        ["log"],
        ["log", "--format", "csv"],
        ["tasks"],
        ["tasks", "4"],
        ["record", "软件园", "4", "5", "--date", "2023-08-01", "--dry-run", "--by", "测试"],
        ["import", str(sheet), "--dry-run", "--by", "测试"],
    ]
    shutil.rmtree(cache_dir())
    before = snapshot(ledger)
    folders = sorted(str(p) for p in ledger.rglob("*"))
    for _run in ("cold", "warm"):
        for command in commands:
            result = CliRunner().invoke(app, ["--data", str(ledger), *command])
            assert result.exit_code == 0, (command, result.output)
    assert snapshot(ledger) == before
    assert sorted(str(p) for p in ledger.rglob("*")) == folders


def check_output(ledger: Path) -> str:
    result = CliRunner().invoke(app, ["--data", str(ledger), "check", "--format", "json"])
    return result.stdout


def test_problems_come_from_the_real_file_with_lines_and_columns(
    ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert actuals(ledger) == TRUE  # every progress file is now in the cache
    tasks = ledger / "tasks.yaml"
    tasks.write_text(tasks.read_text("utf-8").replace("year: 2023", "year: 2024"), "utf-8")
    warm = check_output(ledger)
    monkeypatch.setenv("MINNING_CACHE", str(tmp_path / "fresh"))
    assert check_output(ledger) == warm
    warnings = json.loads(warm)["warnings"]
    june = [w for w in warnings if w["file"].endswith("2023-06.yaml")]
    # The first June entry is line 4, one line; its date value stands after "date: ".
    line = (ledger / "progress" / "2023-06.yaml").read_text("utf-8").split("\n")[3]
    assert june[0]["line"] == 4 and june[0]["column"] == line.index("date: ") + len("date: ") + 1
    assert june[0]["message"] == "日期 2023-06-12 不在台账年度 2024 年内"


def test_a_duplicated_id_across_cached_files_is_located(ledger: Path) -> None:
    assert actuals(ledger) == TRUE
    june = ledger / "progress" / "2023-06.yaml"
    july = ledger / "progress" / "2023-07.yaml"
    first_block = next(
        line
        for line in june.read_text("utf-8").split("\n")
        if line.startswith("- {id: 2023-06-12-c00001")
    )
    july.write_text(july.read_text("utf-8") + "\n" + first_block + "\n", "utf-8")
    result = CliRunner().invoke(app, ["--data", str(ledger), "check"])
    assert result.exit_code == 1
    number = july.read_text("utf-8").split("\n").index(first_block) + 1
    assert f"2023-07.yaml:{number}:8: 错误：记录编号“2023-06-12-c00001”重复：" in result.output
    assert "2023-06.yaml:4 已有同一编号" in result.output
    assert f"{number:>5} | - {{id: 2023-06-12-c00001" in result.output


def test_a_reload_is_the_same_book_until_a_byte_changes(ledger: Path) -> None:
    first = load_book(ledger)
    assert load_book(ledger, first) is first
    assert load_book(ledger) is not first  # nothing is held between loads unless handed in
    path = ledger / "progress" / "2023-07.yaml"
    path.write_bytes(path.read_bytes().replace(b"amount: 100,", b"amount: 900,"))
    second = load_book(ledger, first)
    assert second is not first
    assert sorted(str(e.amount) for e in second.entries) == ["12.5", "20", "350", "900"]


def test_amounts_spelled_oddly_read_the_same_warm(data_dir: Path) -> None:
    """Figures a file may spell with a sign or an exponent once stored (-0.0, 0.0000000 → 0E-7)
    come back from the cache as they were read: a warm log and a record's checks used to send
    them through the table's number rule again and crash (``rebuild.entry_from_json``)."""
    (data_dir / "progress").mkdir(exist_ok=True)
    (data_dir / "progress" / "2023-06.yaml").write_text(
        "- {id: 2023-06-12-aaaa01, date: 2023-06-12, unit: 软件园, task: 4, kind: increment,"
        " amount: -0.0, source: 电话, by: 王, recorded_at: '2023-06-12 10:00:00+08:00'}\n"
        "- {id: 2023-06-12-aaaa02, date: 2023-06-12, unit: 区商务局, task: 4, kind: increment,"
        " amount: 0.0000000, source: 电话, by: 王, recorded_at: '2023-06-12 10:00:00+08:00'}\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    commands = [
        ["log", "--format", "json"],
        ["status", "--format", "json", "--as-of", "2023-06-30"],
        ["record", "软件园", "4", "1", "--date", "2023-06-13", "--by", "测", "--dry-run"],
    ]
    cold = [runner.invoke(app, ["--data", str(data_dir), *args]) for args in commands]
    warm = [runner.invoke(app, ["--data", str(data_dir), *args]) for args in commands]
    for before, after in zip(cold, warm, strict=True):
        assert before.exit_code == after.exit_code == 0, after.output
        assert before.stdout == after.stdout
