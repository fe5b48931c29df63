"""Every command has Chinese help with a real example, and no English from typer leaks out.

Typer's words are put into Chinese by ``minning_cli.cli.usage``; usage errors are tested in
``test_usage_errors.py``.
"""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from minning_cli import __version__
from minning_cli.cli import app

COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands if c.callback)
ENGLISH = (
    "Usage",
    "Options",
    "Arguments",
    "Commands",
    "Show this message",
    "completion for",
    "[default",
    "[required",
    "[env var",
    "<bool>",
    "[OPTIONS]",
    "COMMAND",
)


def test_commands_are_registered() -> None:
    assert {"check", "tasks"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_help_is_chinese_with_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "用法：minning " + command + " [选项]" in result.stdout
    assert "─ 选项 ─" in result.stdout
    assert re.search(r"--help +-h +显示帮助并退出。", result.stdout)
    assert re.search(r"示例：.*minning " + command, result.stdout)
    for word in ENGLISH:
        assert word not in result.stdout, word


def test_top_level_help(runner: CliRunner) -> None:
    result = runner.invoke(app, ["-h"])
    assert result.exit_code == 0
    assert "用法：minning [选项] 命令 [参数]..." in result.stdout
    assert "闽宁协作任务台账" in result.stdout
    assert "─ 选项 ─" in result.stdout and "─ 命令 ─" in result.stdout
    assert "为当前 shell 安装命令补全。" in result.stdout
    for word in ENGLISH:
        assert word not in result.stdout, word


def test_arguments_have_their_panel(runner: CliRunner) -> None:
    result = runner.invoke(app, ["import", "--help"])
    assert "─ 参数 ─" in result.stdout
    assert "[必填]" in result.stdout


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.stdout == f"minning {__version__}\n"
