"""Concurrent and killed writers: no entry lost, none duplicated, every file still loads."""

from __future__ import annotations

import collections
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from minning_cli.ledger.load import load_book

pytestmark = pytest.mark.slow


def record_process(data_dir: Path, token: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "minning_cli", "--data", str(data_dir), "record", "软件园", "4",
         "1", "--date", "2023-06-12", "--note", token, "--by", "并发测试"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip


def test_twenty_records_at_once(data_dir: Path) -> None:
    processes = [record_process(data_dir, f"p{i:02d}") for i in range(20)]
    outputs = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0] * 20, [e.decode() for _, e in outputs]
    book = load_book(data_dir)
    assert sorted(e.note or "" for e in book.entries) == [f"p{i:02d}" for i in range(20)]
    assert len({e.id for e in book.entries}) == 20
    printed = {out.decode().split("：")[0].removeprefix("已记录 ") for out, _ in outputs}
    assert printed == {e.id for e in book.entries}


def test_killed_writers_lose_nothing_that_was_reported(data_dir: Path) -> None:
    rng = random.Random(20230612)
    survivors: list[str] = []
    killed = 0
    for round_ in range(6):
        processes = {f"r{round_}-{i}": record_process(data_dir, f"r{round_}-{i}") for i in range(8)}
        time.sleep(rng.uniform(0.05, 0.6))
        for process in processes.values():
            if rng.random() < 0.5:
                time.sleep(rng.uniform(0, 0.05))
                process.send_signal(signal.SIGKILL)
        for token, process in processes.items():
            process.communicate(timeout=120)
            if process.returncode == 0:
                survivors.append(token)
            elif process.returncode == -signal.SIGKILL:
                killed += 1
            else:
                raise AssertionError(f"{token} exited {process.returncode}")
    book = load_book(data_dir)  # every file still loads
    notes = [e.note for e in book.entries]
    for token in survivors:
        assert notes.count(token) == 1, token
    assert len(notes) == len(set(notes))
    assert killed > 0 and survivors
    # Whatever a killed writer left behind does not stop the next one, and is cleared.
    last = record_process(data_dir, "after")
    last.communicate(timeout=60)
    assert last.returncode == 0
    assert not list((data_dir / "progress").glob(".*.tmp"))


# ---------------------------------------------------------------- the harness

ROUNDS = 8
RECORDS, IMPORTS, VOIDS = 8, 2, 2  # writers at once in each round
KILL_RATE = 0.5


def minning_process(data_dir: Path, *args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "minning_cli", "--data", str(data_dir), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip


def test_kills_during_record_import_and_void_lose_nothing(data_dir: Path, tmp_path: Path) -> None:
    """Rounds of record, import and void processes at once, half of them SIGKILLed at random
    moments: after every round every file loads, what a process reported (exit 0) is there
    exactly once, what a killed one did is there at most once (an import: all rows or
    none), and the next run works."""
    rng = random.Random(20231225)
    figures = dict.fromkeys(["launched", "killed", "killed record", "killed import",
                             "killed void", "killed after writing", "temporary files left",
                             "most at once", "lost"], 0)  # fmt: skip
    voidable: list[str] = []
    for round_ in range(ROUNDS):
        started: list[tuple[str, list[str], subprocess.Popen[bytes]]] = []
        for i in range(RECORDS):
            token = f"r{round_}-{i}"
            started.append(("record", [token], minning_process(
                data_dir, "record", "软件园", "4", "1", "--date", "2023-06-12",
                "--note", token, "--by", "压测")))  # fmt: skip
        for i in range(IMPORTS):
            tokens = [f"i{round_}-{i}-{k}" for k in range(3)]
            sheet = tmp_path / f"import-{round_}-{i}.csv"
            rows = "".join(f"2023-06-{20 + k},洪山镇,4,2,{t}\n" for k, t in enumerate(tokens))
            sheet.write_text("日期,单位,任务,金额,备注\n" + rows, encoding="utf-8")
            started.append(("import", tokens, minning_process(
                data_dir, "import", str(sheet), "--by", "压测")))  # fmt: skip
        for target in voidable[:VOIDS]:
            started.append(("void", [target], minning_process(
                data_dir, "void", target, "--reason", f"压测{round_}", "--by", "压测")))  # fmt: skip
        voidable = voidable[VOIDS:]
        figures["launched"] += len(started)
        figures["most at once"] = max(figures["most at once"], len(started))
        # Kill moments spread over a round's life: starting, loading, waiting for the lock,
        # writing the temporary file, renaming it.
        chosen = {index: rng.uniform(0.1, 3.0) for index in range(len(started))
                  if rng.random() < KILL_RATE}  # fmt: skip
        # Writers got fast enough to outrun every random moment now and then; one of each
        # kind is also killed early in its life, so every kind is killed in every run.
        for kind in ("record", "import", "void"):
            first = next((i for i, (k, _t, _p) in enumerate(started) if k == kind), None)
            if first is not None:
                chosen.setdefault(first, rng.uniform(0.05, 0.4))
        doomed = sorted((moment, index) for index, moment in chosen.items())
        began = time.monotonic()
        for moment, index in doomed:
            time.sleep(max(0.0, began + moment - time.monotonic()))
            if started[index][2].poll() is None:
                started[index][2].send_signal(signal.SIGKILL)
        outcome = []
        for kind, tokens, process in started:
            _out, err = process.communicate(timeout=120)
            if process.returncode == -signal.SIGKILL:
                figures["killed"] += 1
                figures[f"killed {kind}"] += 1
            else:
                assert process.returncode == 0, (kind, tokens, err.decode())
            outcome.append((kind, tokens, process.returncode == 0))
        figures["temporary files left"] += len(list((data_dir / "progress").glob(".*.tmp")))
        book = load_book(data_dir)  # every file still loads
        notes = collections.Counter(e.note for e in book.entries)
        voids = collections.Counter(v.voids for v in book.voids)
        ids = [e.id for e in book.entries] + [v.id for v in book.voids]
        assert len(ids) == len(set(ids))
        for kind, tokens, reported in outcome:
            counts = [voids[t] if kind == "void" else notes[t] for t in tokens]
            if reported:
                figures["lost"] += counts.count(0)
                assert counts == [1] * len(counts), (kind, tokens, counts)
            else:  # killed: nothing, or everything exactly once
                assert counts in ([0] * len(counts), [1] * len(counts)), (kind, tokens, counts)
                figures["killed after writing"] += counts[0]
        voided = set(voids)
        voidable = [e.id for e in book.entries if e.id not in voided]
        rng.shuffle(voidable)
    assert figures["lost"] == 0
    assert figures["killed record"] and figures["killed import"] and figures["killed void"]
    # Whatever a killed writer left behind does not stop the next run, and is cleared.
    last = minning_process(data_dir, "record", "软件园", "4", "1", "--date", "2023-06-12",
                           "--note", "after", "--by", "压测")  # fmt: skip
    assert last.wait(timeout=60) == 0
    assert not list((data_dir / "progress").glob(".*.tmp"))
    print(f"\nsafety figures: {figures}")


def test_a_writer_killed_while_writing_leaves_the_file_whole(data_dir: Path) -> None:
    """SIGKILL at the moment the temporary file appears, mid-write: the month file is
    either as it was or has the whole entry, and the leftover is cleared by the next run."""
    month = data_dir / "progress" / "2023-06.yaml"
    # Twenty megabytes of comment make writing the temporary file last long enough to hit.
    month.write_text("# 填充\n" + ("# " + "枸" * 1000 + "\n") * 7000, encoding="utf-8")
    caught = 0
    for attempt in range(4):
        old = month.read_bytes()
        process = record_process(data_dir, f"k{attempt}")
        deadline = time.monotonic() + 60
        while process.poll() is None and time.monotonic() < deadline:
            if any(p.name.endswith(".tmp") for p in month.parent.iterdir()):
                process.send_signal(signal.SIGKILL)
                caught += 1
                break
        process.communicate(timeout=60)
        new = month.read_bytes()
        assert new == old or (new.startswith(old) and new.count(b"\n") == old.count(b"\n") + 1)
        notes = [e.note for e in load_book(data_dir).entries]
        assert notes.count(f"k{attempt}") == (0 if new == old else 1)
    assert caught >= 1
    print(f"\ncaught mid-write: {caught} of 4")
    last = record_process(data_dir, "after")
    assert last.wait(timeout=60) == 0
    assert not [p for p in month.parent.iterdir() if p.name.endswith(".tmp")]
