"""``--format``: a choice typer checks and lists, and one renderer per format in each view table."""

from __future__ import annotations

import json
import subprocess
import sys
import typing
from collections.abc import Callable, Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from minning_cli.cli import app
from minning_cli.views import formats

# Each command with --format, the enum of its formats, its table of renderers, and the
# arguments that would make it run on a real data folder.
COMMANDS: dict[str, tuple[type[StrEnum], Mapping[Any, Callable[[Any], None]], list[str]]] = {
    "check": (formats.CheckFormat, formats.CHECK_RENDERERS, []),
    "tasks": (formats.TasksFormat, formats.TASKS_RENDERERS, []),
    "log": (formats.LogFormat, formats.LOG_RENDERERS, []),
    "status": (formats.StatusFormat, formats.STATUS_RENDERERS, ["--as-of", "2023-06-30"]),
    "calls": (formats.CallsFormat, formats.CALLS_RENDERERS, ["--as-of", "2023-06-30"]),
    "report": (formats.ReportFormat, formats.REPORT_RENDERERS, ["--month", "2023-06"]),
    "review": (formats.ReviewFormat, formats.REVIEW_RENDERERS, []),
}


def callback(name: str) -> Callable[..., Any]:
    found = [
        c.callback
        for c in app.registered_commands
        if c.callback is not None and (c.name or c.callback.__name__) == name
    ]
    assert len(found) == 1 and found[0] is not None, name
    return found[0]


def test_every_command_with_format_is_listed() -> None:
    with_format = {
        c.name or c.callback.__name__
        for c in app.registered_commands
        if c.callback is not None and "format" in typing.get_type_hints(c.callback)
    }
    assert with_format == set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_the_option_is_the_enum_of_the_table(name: str) -> None:
    enum, _, _ = COMMANDS[name]
    hint = typing.get_type_hints(callback(name), include_extras=True)["format"]
    assert typing.get_args(hint)[0] is enum


@pytest.mark.parametrize("name", COMMANDS)
def test_every_format_has_a_renderer(name: str) -> None:
    enum, renderers, _ = COMMANDS[name]
    assert set(renderers) == set(enum)
    assert all(callable(render) for render in renderers.values())


@pytest.mark.parametrize("name", COMMANDS)
def test_help_lists_the_choices(runner: CliRunner, name: str) -> None:
    enum, _, _ = COMMANDS[name]
    result = runner.invoke(app, [name, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "<" + "|".join(enum) + ">" in result.stdout
    assert "输出格式：" in result.stdout


@pytest.mark.parametrize("name", COMMANDS)
def test_a_bad_format_is_refused_before_any_data_is_read(
    runner: CliRunner, tmp_path: Path, name: str
) -> None:
    enum, _, args = COMMANDS[name]
    missing = tmp_path / "no-such-folder"
    bad = runner.invoke(app, ["--data", str(missing), name, *args, "--format", "xml"])
    assert bad.exit_code == 2
    assert "--format" in bad.stderr and "xml" in bad.stderr
    assert str(missing) not in bad.stderr
    # The same command with a good format does read, and fails on the missing folder.
    good = runner.invoke(app, ["--data", str(missing), name, *args, "--format", next(iter(enum))])
    assert good.exit_code == 1
    assert str(missing) in good.stderr


def test_case_does_not_matter(runner: CliRunner, data_dir: Path) -> None:
    result = runner.invoke(app, ["--data", str(data_dir), "check", "--format", "JSON"])
    assert result.exit_code == 0
    assert set(json.loads(result.stdout)) == {"errors", "warnings"}


def test_csv_and_markdown_are_for_the_overview_only(runner: CliRunner, data_dir: Path) -> None:
    for format in ("csv", "markdown"):
        result = runner.invoke(
            app, ["--data", str(data_dir), "status", "--task", "4", "-f", format]
        )
        assert result.exit_code == 2
        assert "csv 和 markdown 只用于全区总表" in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["status", "--as-of", "2023-06-30", "--format", "csv"],
        ["status", "--as-of", "2023-06-30", "--format", "markdown"],
        ["report", "--month", "2023-06"],
        ["report", "--month", "2023-06", "--format", "json"],
        ["calls", "--as-of", "2023-06-30", "--format", "json"],
    ],
)
def test_plain_formats_need_no_rich(data_dir: Path, command: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "minning_cli", "--data", str(data_dir),
         *command],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    modules = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert not {name.split(".")[0] for name in modules} & {"rich", "openpyxl"}
