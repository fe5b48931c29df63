"""The bad-input corpus: every command that loads the ledger, run on every broken file.

Each folder of ``tests/badinput/`` is a data folder (with ``_base/tasks.yaml`` when it has
no tasks.yaml of its own) and a ``case.yaml``: what it is, and the exact errors and
warnings of ``minning check --format json`` (file relative to the data folder, line,
column, message).

A case with errors makes every command exit 1 with exactly those located errors, in under
two seconds, without a traceback and without changing anything (no file, no folder, no
lock). ``tasks`` reads only tasks.yaml, so it still works when only progress files are
broken. A case without errors is benign and says ``why``: every command works, the
writers only append, and check still passes afterwards.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner, Result

from minning_cli.cli import app
from minning_cli.views.render import MESSAGE_LIMIT, shorten_middle, terminal_safe

from .conftest import tree

CORPUS = Path(__file__).parent / "badinput"
BASE = CORPUS / "_base" / "tasks.yaml"
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "case.yaml").is_file())
# A guard against input that makes a command run away (an alias bomb, deep nesting), not a
# speed test: CPU time, not wall time (a shared machine stretches the latter), and generous.
LIMIT_SECONDS = 10.0
READERS = ("check", "status", "log", "tasks")


@dataclass(frozen=True)
class Case:
    """A case of the corpus as its case.yaml describes it."""

    name: str
    what: str
    errors: list[dict[str, Any]]
    warnings: list[dict[str, Any]]
    why: str | None = None
    void: str | None = None

    @staticmethod
    def read(name: str) -> Case:
        data = yaml.safe_load((CORPUS / name / "case.yaml").read_text(encoding="utf-8"))
        return Case(name=name, **data)


def materialise(name: str, tmp_path: Path) -> Path:
    """The case as a data folder of its own, beside an import sheet."""
    data = tmp_path / "data"
    shutil.copytree(CORPUS / name, data, ignore=shutil.ignore_patterns("case.yaml"))
    if not (data / "tasks.yaml").exists():
        shutil.copyfile(BASE, data / "tasks.yaml")
    (data / "progress").mkdir(exist_ok=True)
    (tmp_path / "import.csv").write_text(
        "日期,单位,任务,金额,备注\n2023-06-20,软件园,4,2,导入\n", encoding="utf-8"
    )
    return data


def commands(tmp_path: Path, case: Case) -> dict[str, list[str]]:
    """Every command that loads the ledger, with arguments that are good on the base ledger."""
    return {
        "check": ["check"],
        "check json": ["check", "--format", "json"],
        "status": ["status", "--as-of", "2023-06-30"],
        "log": ["log"],
        "tasks": ["tasks"],
        "record": ["record", "软件园", "4", "1", "--date", "2023-06-12", "--by", "测试"],
        "void": ["void", case.void or "2023-06-12-zzzzzz", "--reason", "测试", "--by", "测试"],
        "import": ["import", str(tmp_path / "import.csv"), "--by", "测试"],
    }


def invoke(runner: CliRunner, data: Path, args: list[str]) -> Result:
    started = time.process_time()
    result = runner.invoke(app, ["--data", str(data), *args])
    took = time.process_time() - started
    assert took < LIMIT_SECONDS, f"{args[0]} took {took:.2f} s of CPU"
    # CliRunner keeps any exception; SystemExit is the only one a clean exit raises.
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args,
        result.exception,
    )
    assert "Traceback" not in result.output
    return result


def reported(result: Result) -> dict[str, list[dict[str, Any]]]:
    """``check --format json`` as case.yaml writes it (the list says the severity)."""
    report = json.loads(result.stdout)
    return {
        kind: [{k: v for k, v in p.items() if k != "severity"} for p in report[kind]]
        for kind in ("errors", "warnings")
    }


def shown(error: dict[str, Any]) -> str:
    """The first line a command prints for an error (a long message is cut in the middle)."""
    message = terminal_safe(shorten_middle(error["message"], MESSAGE_LIMIT))
    return f"{error['file']}:{error['line']}:{error['column']}: 错误：{message}"


def test_the_corpus_is_large_and_its_base_is_clean(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert len(CASES) >= 40
    assert len([c for c in CASES if Case.read(c).errors]) >= 40
    data = tmp_path / "data"
    (data / "progress").mkdir(parents=True)
    shutil.copyfile(BASE, data / "tasks.yaml")
    monkeypatch.chdir(data)
    result = invoke(runner, data, ["check", "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.stdout) == {"errors": [], "warnings": []}


@pytest.mark.parametrize("name", CASES)
def test_every_command_on_every_case(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    case = Case.read(name)
    data = materialise(name, tmp_path)
    monkeypatch.chdir(data)  # messages then name files as case.yaml does: progress/2023-06.yaml
    result = invoke(runner, data, ["check", "--format", "json"])
    assert reported(result) == {"errors": case.errors, "warnings": case.warnings}
    assert result.exit_code == (1 if case.errors else 0)
    if case.errors:
        assert case.why is None, "a case with errors needs no excuse"
        broken(runner, tmp_path, data, case)
    else:
        assert case.why, "a case without errors must say why it is accepted"
        benign(runner, tmp_path, data, case)


def broken(runner: CliRunner, tmp_path: Path, data: Path, case: Case) -> None:
    """Exit 1 with the errors, nothing written; ``tasks`` works if tasks.yaml is fine."""
    in_tasks = any(e["file"] == "tasks.yaml" for e in case.errors)
    for command, args in commands(tmp_path, case).items():
        before = tree(tmp_path)
        result = invoke(runner, data, args)
        assert tree(tmp_path) == before, f"{command} changed a file"
        if command == "tasks" and not in_tasks:
            assert result.exit_code == 0 and "精简台账" in result.stdout
            continue
        assert result.exit_code == 1, (command, result.output)
        if command == "check json":
            continue
        printed = result.stderr.splitlines()
        for error in case.errors:
            assert shown(error) in printed, (command, shown(error))


def benign(runner: CliRunner, tmp_path: Path, data: Path, case: Case) -> None:
    """Every command works; record, void and import only append; check passes after them."""
    assert case.void, "a benign case names an entry to void"
    for command, args in commands(tmp_path, case).items():
        before = {k: (data / k).read_bytes() for k, v in tree(data).items() if v != "folder"}
        result = invoke(runner, data, args)
        assert result.exit_code == 0, (command, result.output)
        after = {k: v for k, v in tree(data).items() if v != "folder"}
        if command.split()[0] in READERS:
            assert set(after) == set(before), command
        for name, old in before.items():
            if Path(name).name.endswith(".tmp"):
                continue  # a killed writer's leftover, cleared by the next write
            new = (data / name).read_bytes()
            assert new.startswith(old), f"{command} rewrote {name}"
            if b"\r\n" in old:  # a CRLF file gets CRLF lines
                added = new[len(old) :]
                assert added.count(b"\n") == added.count(b"\r\n"), name
        created = set(after) - set(before)
        assert created <= {"progress/.lock", "progress/2023-06.yaml"}, (command, created)
    result = invoke(runner, data, ["check", "--format", "json"])
    assert reported(result) == {"errors": [], "warnings": case.warnings}
    rows = json.loads(invoke(runner, data, ["log", "--format", "json"]).stdout)
    assert [r["voided"] for r in rows if r["id"] == case.void] == [True]
    assert [r["note"] for r in rows if r["source"] == "导入 import.csv"] == ["导入"]


# ---------------------------------------------------------------- a few through a real process

SUBPROCESS_CASES = [
    "t01-unclosed-bracket",
    "t21-python-tag",
    "t30-not-utf8",
    "p03-conflict-markers",
    "p09-control-character",
    "t31-byte-order-mark",
]


@pytest.mark.parametrize("name", SUBPROCESS_CASES)
def test_through_a_real_process(tmp_path: Path, name: str) -> None:
    case = Case.read(name)
    data = materialise(name, tmp_path)
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    for args in (["check"], ["record", "软件园", "4", "1", "--date", "2023-06-12", "--by", "测试"]):
        before = tree(tmp_path)
        done = subprocess.run(
            [sys.executable, "-m", "minning_cli", "--data", str(data), *args],
            cwd=data, env=env, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert "Traceback" not in done.stderr
        if case.errors:
            assert done.returncode == 1
            assert tree(tmp_path) == before
            assert shown(case.errors[0]) in done.stderr.splitlines()
        else:
            assert done.returncode == 0, done.stderr
    assert not (data / "PWNED").exists() and not (tmp_path / "PWNED").exists()
