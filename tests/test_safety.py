"""Concurrent and killed writers: no entry lost, none duplicated, every file still loads."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from minning_cli.load import load_book

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
