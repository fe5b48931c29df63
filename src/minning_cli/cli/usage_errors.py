"""Usage errors in Chinese: the errors minning raises itself, and what to say for each kind.

See ``usage`` for how typer's words are put into Chinese and where these are raised and said.
"""

from __future__ import annotations

import difflib
import enum
import inspect
import shlex
import typing
from collections.abc import Sequence
from typing import Any

import typer
from typer.core import TyperArgument

USAGE_EXIT = 2


class CommandLineError(typer.TyperException):
    """A usage error found here rather than by click, said with the usage line (exit 2)."""

    exit_code = USAGE_EXIT

    def __init__(self, message: str, ctx: typer.Context | None = None) -> None:
        super().__init__(message)
        self.ctx = ctx


class ExtraArguments(CommandLineError):
    """More arguments than the command takes."""

    def __init__(self, extra: Sequence[str], ctx: typer.Context) -> None:
        super().__init__("多余的参数：" + " ".join(extra), ctx)
        self.extra = list(extra)


class UnknownCommand(CommandLineError):
    """A command name that is not one of ours."""

    def __init__(self, name: str, ctx: typer.Context) -> None:
        super().__init__(f"没有命令“{name}”", ctx)
        self.name = name


class MissingCommand(CommandLineError):
    """Global options but no command."""

    def __init__(self, ctx: typer.Context) -> None:
        super().__init__("请在 minning 后面给出一个命令", ctx)


# ------------------------------------------------------------------- the help in Chinese


# Click's usage errors that typer does not export, by their click names (see the docstring).
_CLICK_KINDS = (
    "NoArgsIsHelpError",
    "NoSuchOption",
    "BadOptionUsage",
    "BadArgumentUsage",
    "MissingParameter",
    "BadParameter",
    "FileError",
)


def click_kind(exc: BaseException) -> str:
    """The most specific click name among the classes of ``exc``, or its own class name."""
    for cls in type(exc).__mro__:
        if cls.__name__ in _CLICK_KINDS:
            return cls.__name__
    return type(exc).__name__


def message(exc: typer.TyperException, typed: Sequence[str] = ()) -> str:
    """What went wrong, in Chinese, from the kind of the error and what it carries."""
    if isinstance(exc, CommandLineError):
        extra = _command_hint(exc) if isinstance(exc, UnknownCommand) else ""
        return exc.message + extra
    ctx: Any = getattr(exc, "ctx", None)
    kind = click_kind(exc)
    if kind == "NoSuchOption":
        return _no_such_option(exc, ctx, typed)
    if kind == "BadOptionUsage":
        name = str(getattr(exc, "option_name", ""))
        param = _find_param(ctx, name)
        if param is not None and getattr(param, "is_flag", False):
            return f"选项 {name} 不带值"
        shown = "、".join(_choices(ctx, param)) or getattr(param, "metavar", None)
        return f"选项 {name} 后面需要一个值" + (f"（{shown}）" if shown else "")
    param = getattr(exc, "param", None)
    if kind == "MissingParameter":
        return f"缺少{_describe(param)}" if param is not None else "缺少参数"
    if kind == "BadParameter":  # one raised outside parsing (by a callback)
        return _bad_value(param, None, ctx) if param is not None else "参数的值无效"
    if kind == "BadArgumentUsage":
        return "参数的个数不对"
    if kind == "FileError":
        return f"无法打开文件 {getattr(exc, 'filename', '')}".rstrip()
    return "命令行用法有误"


def _describe(param: Any) -> str:
    """``选项 --limit`` or ``参数 单位``."""
    if isinstance(param, TyperArgument):
        return f"参数 {param.metavar or param.name}"
    names = [*param.opts, *param.secondary_opts]
    return f"选项 {max(names, key=len)}" if names else f"选项 {param.name}"


class BadValue(CommandLineError):
    """A value click refused for its parameter's type (its ``BadParameter``), with the value
    as typed: click's error carries only the parameter and an English sentence, so
    ``usage.MinningCommand.parse_args`` reads the value again and raises this instead."""

    def __init__(self, param: Any, value: object, ctx: typer.Context) -> None:
        super().__init__(_bad_value(param, value, ctx), ctx)
        self.param = param
        self.value = value


# What a value should have been, by the name of the click type typer gave its parameter.
# Typer below 0.29 (the pin, pyproject.toml) converts with click's types: int, float, bool,
# datetime, Path and choices (enums); it has none for ``date`` or ``Decimal`` (a parameter of
# either would need typer's ``parser=``). minning takes dates and amounts as text and reads
# them itself (``resolve.parse_date``, ``text.amounts``), with messages of their own.
_EXPECTED = {
    "int": "应为整数",
    "float": "应为数字",
    "boolean": "应为 true 或 false",
    "datetime": "应为日期，如 2023-06-30",
}


def _bad_value(param: Any, value: object, ctx: Any) -> str:
    what = _describe(param)
    shown = f"“{value}”" if isinstance(value, str) else ""
    choices = _choices(ctx, param)
    if choices:
        return f"{what} 只能是 {'、'.join(choices)}" + (f"，而不是{shown}" if shown else "")
    expected = _EXPECTED.get(str(getattr(getattr(param, "type", None), "name", "")), "")
    return f"{what} 的值{shown}无效" + (f"：{expected}" if expected else "")


def _choices(ctx: Any, param: Any) -> list[str]:
    """The values of an enum-typed parameter, read from the command function's annotation."""
    callback = getattr(getattr(ctx, "command", None), "callback", None)
    if callback is None or param is None:
        return []
    try:
        hint = typing.get_type_hints(inspect.unwrap(callback)).get(param.name)
    except NameError:  # an annotation that names something imported only for mypy
        return []
    for kind in (hint, *typing.get_args(hint)):  # ``Format`` or ``Format | None``
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            return [str(member.value) for member in kind]
    return []


def _no_such_option(exc: BaseException, ctx: Any, typed: Sequence[str]) -> str:
    name = str(getattr(exc, "option_name", ""))
    parent: Any = getattr(ctx, "parent", None)
    global_option = _find_param(parent, name, with_help=False) if parent is not None else None
    if global_option is not None:
        command = ctx.info_name
        early = typed[: typed.index(command)] if command in typed else []
        if any(t.split("=", 1)[0] == name.split("=", 1)[0] for t in early):
            return f"{name} 写了两次：命令名前后各一次，请只保留一个"
        fixed = _moved(typed, name, global_option, ctx.info_name, after=False)
        example = f"：{parent.command_path} {shlex.join(fixed)}" if fixed else ""
        return f"{name} 是全局选项，要写在命令名之前{example}"
    commands = getattr(getattr(ctx, "command", None), "commands", None)
    if commands:
        owners = {
            cmd_name: param
            for cmd_name, cmd in commands.items()
            for param in cmd.params
            if name in (*param.opts, *param.secondary_opts)
        }
        typed_owner = next((token for token in typed if token in owners), None)
        if typed_owner is not None:
            fixed = _moved(typed, name, owners[typed_owner], typed_owner, after=True)
            example = f"：{ctx.command_path} {shlex.join(fixed)}" if fixed else ""
            return f"{name} 是命令 {typed_owner} 的选项，要写在命令名之后{example}"
        if owners:
            return f"{name} 是命令 {'、'.join(owners)} 的选项，要写在命令名之后"
    possible = sorted(getattr(exc, "possibilities", None) or ())
    return f"没有选项 {name}" + (f"（是否指 {'、'.join(possible)}？）" if possible else "")


def _find_param(ctx: Any, name: str, with_help: bool = True) -> Any:
    """The parameter of ``ctx``'s command spelt ``name`` (``--data`` or ``--data=…``)."""
    if ctx is None:
        return None
    params = ctx.command.get_params(ctx) if with_help else ctx.command.params
    for param in params:
        if name.split("=", 1)[0] in (*param.opts, *param.secondary_opts):
            return param
    return None


def _moved(
    typed: Sequence[str], option: str, param: Any, command: str | None, after: bool
) -> list[str] | None:
    """``typed`` with ``option`` (and its value) moved before or after ``command``, or None."""
    if command is None:
        return None
    takes_value = param is not None and not getattr(param, "is_flag", False)
    for i, token in enumerate(typed):
        if token == option or token.startswith(option + "="):
            size = 2 if takes_value and token == option and i + 1 < len(typed) else 1
            moved, rest = list(typed[i : i + size]), [*typed[:i], *typed[i + size :]]
            if command not in rest:
                return None
            at = rest.index(command) + after
            return [*rest[:at], *moved, *rest[at:]]
    return None


def _command_hint(exc: UnknownCommand) -> str:
    commands = list(getattr(getattr(exc.ctx, "command", None), "commands", {}))
    close = difflib.get_close_matches(exc.name, commands, n=2)
    hint = f"（是否指 {'、'.join(close)}？）" if close else ""
    return f"{hint}；可用的命令：{'、'.join(sorted(commands))}"
