"""Usage errors are said in Chinese: what went wrong, the usage line, where the help is; exit 2.

Each mistake is made through ``CliRunner`` and through a real ``python -m minning_cli``
process, and no English word of typer's or click's may reach the user.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple

import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from minning_cli.cli import app
from minning_cli.cli.usage import MinningGroup, MinningTyper
from minning_cli.cli.usage_errors import UnknownCommand
from minning_cli.views import formats

COMMANDS = {c.name or c.callback.__name__ for c in app.registered_commands if c.callback} | {
    group.name for group in app.registered_groups if group.name
}
FORMATS = {
    str(member)
    for value in vars(formats).values()
    if isinstance(value, type) and issubclass(value, StrEnum) and value is not StrEnum
    for member in value
}


class Said(NamedTuple):
    """What minning prints on stderr and the exit status."""

    stdout: str
    stderr: str
    code: int


def run(how: str, args: list[str], data_dir: Path) -> Said:
    """``minning ARGS`` with ``MINNING_DATA`` set, through ``CliRunner`` or a real process."""
    env = {"MINNING_DATA": str(data_dir)}
    if how == "runner":
        result = CliRunner().invoke(app, args, env=env)
        return Said(result.stdout, result.stderr, result.exit_code)
    done = subprocess.run(
        [sys.executable, "-m", "minning_cli", *args],
        capture_output=True, text=True, encoding="utf-8", check=False,
        env={**os.environ, **env},
    )  # fmt: skip
    return Said(done.stdout, done.stderr, done.returncode)


def english(text: str, args: list[str]) -> list[str]:
    """Words of four or more Latin letters other than minning's own names (commands, formats)
    and what the user typed."""
    text = re.sub(r"(?<![\w-])--?[A-Za-z][\w-]*", " ", text)  # option names
    typed = (word for arg in args for word in re.findall(r"[A-Za-z]+", arg))
    ours = {"minning", *COMMANDS, *FORMATS, *typed}
    return [word for word in re.findall(r"[A-Za-z]{4,}", text) if word not in ours]


# (what the user typed, the error line, the usage line of the command)
MISTAKES: dict[str, tuple[list[str], str, str | None]] = {
    "missing argument": (
        ["void"],
        "错误：缺少参数 编号",
        "用法：minning void [选项] {编号}",
    ),
    "not a number": (
        ["calls", "--limit", "abc"],
        "错误：选项 --limit 的值“abc”无效：应为整数",
        "用法：minning calls [选项]",
    ),
    "not one of the choices": (
        ["check", "-f", "XML"],
        "错误：选项 --format 只能是 table、json，而不是“XML”",
        "用法：minning check [选项]",
    ),
    # The value is named as typed however the option is written (``usage_errors.BadValue``).
    "not a number, after =": (
        ["calls", "--limit=abc"],
        "错误：选项 --limit 的值“abc”无效：应为整数",
        "用法：minning calls [选项]",
    ),
    "not a number, joined to a short option": (
        ["calls", "-nabc"],
        "错误：选项 --limit 的值“abc”无效：应为整数",
        "用法：minning calls [选项]",
    ),
    "not a number, after an argument": (
        ["record", "软件园", "--months", "x"],
        "错误：选项 --months 的值“x”无效：应为整数",
        "用法：minning record [选项] [单位] [任务] [数额]",
    ),
    "not one of the choices, in a command of a group": (
        ["city", "status", "-fXML"],
        "错误：选项 --format 只能是 table、json、csv，而不是“XML”",
        "用法：minning city status [选项]",
    ),
    # minning's own usage errors (``text.errors.UsageError``) come with the usage line too.
    "not a date": (
        ["status", "--as-of", "2023-13-45"],
        "错误：--as-of 的日期“2023-13-45”无效：没有 13 月",
        "用法：minning status [选项] [单位]",
    ),
    "extra argument": (
        ["status", "鼓东街道", "extra"],
        "错误：多余的参数：extra",
        "用法：minning status [选项] [单位]",
    ),
    "unknown option": (
        ["status", "--formt", "json"],
        "错误：没有选项 --formt（是否指 --format？）",
        "用法：minning status [选项] [单位]",
    ),
    "global option both before and after the command": (
        ["--data", "X", "status", "--data", "Y"],
        "错误：--data 写了两次：命令名前后各一次，请只保留一个",
        "用法：minning status [选项] [单位]",
    ),
    "command option before the command": (
        ["--limit", "3", "calls"],
        "错误：--limit 是命令 calls 的选项，要写在命令名之后：minning calls --limit 3",
        "用法：minning [选项] 命令 [参数]...",
    ),
    "option of another command": (
        ["-f", "json"],
        "错误：-f 是命令 calls、log、check、tasks、report、review、status 的选项，要写在命令名之后",
        "用法：minning [选项] 命令 [参数]...",
    ),
    "unknown command": (
        ["statu"],
        "错误：没有命令“statu”（是否指 status？）；可用的命令："
        "calls、check、city、export、import、init、log、record、report、review、status、tasks、void",
        "用法：minning [选项] 命令 [参数]...",
    ),
    "option without its value": (
        ["status", "--format"],
        "错误：选项 --format 后面需要一个值（table、json、csv、markdown）",
        "用法：minning status [选项] [单位]",
    ),
    "no command": (
        ["--data", "."],
        "错误：请在 minning 后面给出一个命令",
        "用法：minning [选项] 命令 [参数]...",
    ),
}


@pytest.mark.parametrize("how", ["runner", "process"])
@pytest.mark.parametrize("mistake", MISTAKES)
def test_a_usage_error_is_said_in_chinese(mistake: str, how: str, data_dir: Path) -> None:
    args, error, usage = MISTAKES[mistake]
    said = run(how, args, data_dir)
    assert said.code == 2
    assert said.stdout == ""
    if usage is None:
        assert said.stderr.splitlines() == [error]
    else:
        command = usage.removeprefix("用法：").split(" [")[0]
        help_hint = f"用 {command} --help 查看用法和示例。"
        assert said.stderr.splitlines() == [error, usage, help_hint]
    assert english(said.stderr, args) == []


def test_the_english_detector_catches_click_s_words() -> None:
    assert english("Error: Got unexpected extra argument (x)", ["x"]) == [
        "Error", "unexpected", "extra", "argument"]  # fmt: skip
    assert english("没有选项 --formt（是否指 --format？）minning status json", ["json"]) == []


@pytest.mark.parametrize("how", ["runner", "process"])
def test_no_arguments_prints_the_help(how: str, data_dir: Path) -> None:
    said = run(how, [], data_dir)
    assert said.code == 2
    assert said.stdout.lstrip().startswith("用法：minning [选项] 命令 [参数]...")
    assert said.stderr == ""


def test_cancelling_says_so(runner: CliRunner) -> None:
    demo = MinningTyper(cls=MinningGroup)

    @demo.command()
    def ask() -> None:
        raise typer.Abort()

    @demo.command()
    def interrupted() -> None:
        raise KeyboardInterrupt

    result = runner.invoke(demo, ["ask"])
    assert (result.exit_code, result.stderr) == (1, "已取消。\n")
    result = runner.invoke(demo, ["interrupted"])
    assert (result.exit_code, result.stderr) == (130, "已取消。\n")


def test_without_standalone_mode_errors_are_raised(runner: CliRunner) -> None:
    result = runner.invoke(app, ["statu"], standalone_mode=False)
    assert isinstance(result.exception, UnknownCommand)
    assert result.stderr == ""


def not_an_integer(text: str) -> bool:
    try:
        int(text)
    except ValueError:
        return True
    return False


# What a user may type as a value: printable text (a control character or a line break is
# shown by the terminal, not by minning), not starting with "-" (that is an option's name).
VALUES = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=12
).filter(lambda text: not text.startswith("-"))


@settings(max_examples=60, deadline=None)
@given(value=VALUES.filter(not_an_integer))
def test_any_bad_number_is_named_as_typed(value: str) -> None:
    said = CliRunner().invoke(app, ["--data", "unused", "calls", "--limit", value])
    assert said.exit_code == 2
    assert said.stderr.splitlines()[0] == f"错误：选项 --limit 的值“{value}”无效：应为整数"


@settings(max_examples=60, deadline=None)
@given(value=VALUES.filter(lambda text: text.lower() not in {"table", "json"}))
def test_any_bad_choice_is_named_as_typed(value: str) -> None:
    said = CliRunner().invoke(app, ["--data", "unused", "check", "--format", value])
    assert said.exit_code == 2
    assert said.stderr.splitlines()[0] == f"错误：选项 --format 只能是 table、json，而不是“{value}”"


def test_values_are_converted_without_pydantic() -> None:
    # typer 0.29 converts every value through a pydantic TypeAdapter (~100 ms a run, even for
    # a command that loads no pydantic); minning's pin keeps typer below it (pyproject.toml).
    code = (
        "import sys, typer.main\n"
        "from minning_cli.cli import app\n"
        "calls = typer.main.get_command(app).commands['calls']\n"
        "ctx = calls.make_context('calls', ['--limit', '3', '-f', 'JSON', '--as-of', 'x'])\n"
        "assert ctx.params['limit'] == 3 and ctx.params['format'] == 'json', ctx.params\n"
        "assert 'pydantic' not in sys.modules, 'pydantic loaded to parse a command line'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
