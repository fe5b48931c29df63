"""Every command has Chinese help with a real example, and no English from typer leaks out."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from minning_cli import __version__
from minning_cli.cli import app

COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands if c.callback)
ENGLISH = ("Usage:", "Options", "Arguments", "Commands", "Show this message", "[default", "<bool>")


def test_commands_are_registered() -> None:
    assert {"check", "tasks"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_help_is_chinese_with_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "用法：minning " + command in result.stdout
    assert re.search(r"示例：.*minning " + command, result.stdout)
    for word in ENGLISH:
        assert word not in result.stdout, word


def test_top_level_help(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "闽宁协作任务台账" in result.stdout
    for word in ENGLISH:
        assert word not in result.stdout, word


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.stdout == f"minning {__version__}\n"


def test_usage_errors_are_chinese_and_exit_2(runner: CliRunner) -> None:
    result = runner.invoke(app, ["chek"])
    assert result.exit_code == 2
    assert "错误：没有命令“chek”（是否指 check？）" in result.stderr
    result = runner.invoke(app, ["check", "--fromat", "json"])
    assert result.exit_code == 2
    assert "错误：没有选项 --fromat（是否指 --format？）" in result.stderr
    result = runner.invoke(app, ["check", "--format"])
    assert result.exit_code == 2
    assert "错误：选项 --format 后面需要一个值" in result.stderr
    assert "Error" not in result.stderr and "Usage" not in result.stderr
