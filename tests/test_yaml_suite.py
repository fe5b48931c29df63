"""The official YAML test suite through ``check``, each case as tasks.yaml and as a month file.

402 inputs that exercise every corner of YAML (tests/yaml-test-suite, MIT). For each: no
traceback, no hang, every error located (a line) and said in Chinese (no message from
PyYAML, libyaml or pydantic in English), and whatever ``check`` accepts, every command
reads. Run in-process, two cases to a call of the runner's loop, so that it stays a few
seconds on the CI's two cores.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import click.testing
import pytest
import typer.main

from minning_cli.cli import app

SUITE = Path(__file__).parent / "yaml-test-suite"
CASES = sorted(str(p.parent.relative_to(SUITE)) for p in SUITE.rglob("in.yaml"))
BASE = Path(__file__).parent / "badinput" / "_base" / "tasks.yaml"
# What a message in English from a library looks like; the project's own messages may name
# YAML, a key or a tag, but never say these.
ENGLISH = re.compile(
    r"while |expected|found |could not|exceeded|Input should|Field required|[Vv]alue error"
    r"|YAML 格式错误（|unacceptable|Traceback"
)
CJK = re.compile(r"[\u4e00-\u9fff]")
READERS = (["status", "--as-of", "2023-06-30"], ["log"], ["calls", "--as-of", "2023-06-30"],
           ["report", "--month", "2023-06"], ["tasks"])  # fmt: skip
LIMIT_SECONDS = 10.0  # of CPU: a guard against a runaway case, not a timing
# The command built once: typer builds it anew on every invoke, 80% of the time here.
COMMAND = typer.main.get_command(app)


class CliRunner(click.testing.CliRunner):
    """Runs the one built command."""

    def run(self, *args: str) -> click.testing.Result:
        return self.invoke(COMMAND, list(args), catch_exceptions=True)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_the_suite_is_all_here() -> None:
    assert len(CASES) == 402
    assert (SUITE / "License").read_text(encoding="utf-8").startswith("MIT License")


def check(runner: CliRunner, data: Path) -> tuple[int, list[dict[str, object]], str]:
    started = time.process_time()
    result = runner.run("--data", str(data), "check", "--format", "json")
    assert time.process_time() - started < LIMIT_SECONDS
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    shown = json.loads(result.stdout)
    return result.exit_code, shown["errors"] + shown["warnings"], result.stderr


def assert_refusals_located_and_chinese(problems: list[dict[str, object]]) -> None:
    for problem in problems:
        message = str(problem["message"])
        assert problem["file"], problem
        assert CJK.search(message) and not ENGLISH.search(message), problem
        if problem["severity"] == "error":
            assert problem["line"] is not None, problem


def assert_every_command_reads(runner: CliRunner, data: Path) -> None:
    for args in READERS:
        result = runner.run("--data", str(data), *args)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert result.exit_code == 0, (args, result.output)


@pytest.mark.parametrize("where", ["tasks.yaml", "month file"])
def test_every_case_is_read_or_refused_in_chinese(
    runner: CliRunner, tmp_path: Path, where: str
) -> None:
    data = tmp_path / "data"
    (data / "progress").mkdir(parents=True)
    shutil.copyfile(BASE, data / "tasks.yaml")
    target = data / "tasks.yaml" if where == "tasks.yaml" else data / "progress" / "2023-06.yaml"
    accepted = []
    for case in CASES:
        target.write_bytes((SUITE / case / "in.yaml").read_bytes())
        code, problems, stderr = check(runner, data)
        assert code in (0, 1), (case, stderr)
        assert_refusals_located_and_chinese(problems)
        errors = [p for p in problems if p["severity"] == "error"]
        assert (code == 1) == bool(errors), case
        if code == 0:
            accepted.append(case)
            assert_every_command_reads(runner, data)
    # A month file that is empty, or only comments, holds no entry: accepted, and read.
    assert accepted if where == "month file" else True
