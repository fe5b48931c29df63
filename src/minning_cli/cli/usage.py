"""How the command line speaks about itself: its help and its usage errors, in Chinese.

Typer has no message catalogue, and since 0.26 it vendors click and exports only a few of
its pieces. Its words are put into Chinese through what typer documents, without patching it:

- on the app: ``options_metavar``, ``subcommand_metavar`` and ``context_settings`` (see
  ``app.py``);
- ``cls=``: the app is a ``MinningGroup`` and every command a ``MinningCommand``, subclasses of
  ``typer.core.TyperGroup`` and ``TyperCommand`` that override click's public methods:
  ``format_usage`` (``用法：``), ``get_help_option`` and ``get_params`` (the text of the help
  and completion options), ``format_help`` (the panel titles and ``[默认：…]``, public settings
  of ``typer.rich_utils``, set only when help is shown, so that a command that succeeds never
  loads that module or rich), ``parse_args`` and ``resolve_command`` (extra arguments and
  unknown commands become errors of ours that carry what was typed);
- ``MinningGroup.main`` runs the command with ``standalone_mode=False`` and says each kind of
  usage error in Chinese: what went wrong, the usage line, where the help is; exit 2. It is the
  group's ``main`` rather than the console script's so that ``CliRunner``, which calls it,
  tests exactly what a user sees.

Typer exports ``TyperException`` (the base of click's errors), ``BadParameter``, ``Abort`` and
``Exit``; click's other error classes (``NoSuchOption``, ``MissingParameter``, …) sit in the
private ``typer._click``, which typer's maintainers ask users not to import. They are therefore
told apart by their click class names, as typer itself does for ``NoArgsIsHelpError``; an
error of a kind not named here still gets a Chinese message, never typer's English.
``tests/test_usage_errors.py`` fails if an upgrade of typer changes any of this.
"""

from __future__ import annotations

import contextlib
import difflib
import enum
import inspect
import shlex
import sys
import typing
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NoReturn

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption
from typer.models import CommandFunctionType

HELP_TEXT = "显示帮助并退出。"
COMPLETION_HELP = {
    "--install-completion": "为当前 shell 安装命令补全。",
    "--show-completion": "显示当前 shell 的补全脚本，可复制或自行安装。",
}
USAGE_PREFIX = "用法："
CANCELLED = "已取消。"
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


def _write_usage(command: TyperCommand | TyperGroup, ctx: Any, formatter: Any) -> None:
    # ``ctx`` and ``formatter`` are typed by typer with its private vendored click classes.
    pieces = " ".join(command.collect_usage_pieces(ctx))
    formatter.write_usage(ctx.command_path, pieces, prefix=USAGE_PREFIX)


def _in_chinese(params: list[Any]) -> list[Any]:
    """The help and completion options with Chinese help, and no ``<bool>`` beside a flag.

    Typer prints an option's metavar, or else its type, in the column after its name; an
    empty metavar leaves that column blank for an on/off flag, as if declared with
    ``typer.Option(metavar="")``.
    """
    for param in params:
        if not isinstance(param, TyperOption):
            continue
        if param.is_flag and param.metavar is None:
            param.metavar = ""
        for name in param.opts:
            if name in COMPLETION_HELP:
                param.help = COMPLETION_HELP[name]
    return params


def _help_option_in_chinese(option: TyperOption | None) -> TyperOption | None:
    if option is not None:
        option.help = HELP_TEXT
    return option


def _rich_help_in_chinese() -> None:
    """The words ``typer.rich_utils`` adds to help, set just before it prints help."""
    from typer import rich_utils

    rich_utils.ARGUMENTS_PANEL_TITLE = "参数"
    rich_utils.OPTIONS_PANEL_TITLE = "选项"
    rich_utils.COMMANDS_PANEL_TITLE = "命令"
    rich_utils.DEFAULT_STRING = "[默认：{}]"
    rich_utils.ENVVAR_STRING = "[环境变量：{}]"
    rich_utils.REQUIRED_LONG_STRING = "[必填]"
    rich_utils.DEPRECATED_STRING = "（已停用）"


@contextlib.contextmanager
def _in_context(ctx: Any) -> Iterator[None]:
    """Give a usage error the context it lacks, for its usage line.

    Click's parser raises ``BadOptionUsage`` (an option without its value) without one.
    """
    try:
        yield
    except typer.TyperException as exc:
        if getattr(exc, "ctx", None) is None and hasattr(exc, "ctx"):
            exc.ctx = ctx
        raise


class MinningCommand(TyperCommand):
    """A command whose help and usage errors are in Chinese."""

    # Leftover arguments come back from parsing, so that ``parse_args`` can name them.
    allow_extra_args = True

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        """``用法：minning status [选项] [单位]``."""
        _write_usage(self, ctx, formatter)

    def get_help_option(self, ctx: Any) -> TyperOption | None:
        """``-h/--help`` with Chinese help."""
        return _help_option_in_chinese(super().get_help_option(ctx))

    def get_params(self, ctx: Any) -> list[Any]:
        """The command's parameters, flags without ``<bool>``."""
        return _in_chinese(super().get_params(ctx))

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """The help page, with typer's headings in Chinese."""
        _rich_help_in_chinese()
        super().format_help(ctx, formatter)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Parse as click does; arguments left over are an ``ExtraArguments`` error."""
        with _in_context(ctx):
            rest = super().parse_args(ctx, args)
        if rest and not ctx.resilient_parsing:
            raise ExtraArguments(rest, ctx)
        return rest


class MinningGroup(TyperGroup):
    """The ``minning`` command: Chinese help, and usage errors said in Chinese (exit 2)."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        """``用法：minning [选项] 命令 [参数]...``."""
        _write_usage(self, ctx, formatter)

    def get_help_option(self, ctx: Any) -> TyperOption | None:
        """``-h/--help`` with Chinese help."""
        return _help_option_in_chinese(super().get_help_option(ctx))

    def get_params(self, ctx: Any) -> list[Any]:
        """The group's options, with Chinese help for the two typer adds for completion."""
        return _in_chinese(super().get_params(ctx))

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """The help page, with typer's headings in Chinese."""
        _rich_help_in_chinese()
        super().format_help(ctx, formatter)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Parse the global options as click does."""
        with _in_context(ctx):
            return super().parse_args(ctx, args)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """The command named first in ``args``; a name not ours is an ``UnknownCommand``."""
        name = args[0]
        unknown = not name.startswith("-") and self.get_command(ctx, name) is None
        if unknown and not ctx.resilient_parsing:
            raise UnknownCommand(name, ctx)
        return super().resolve_command(ctx, args)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the command; in standalone mode, say what went wrong in Chinese and exit."""

        def run() -> Any:
            return super(MinningGroup, self).main(
                args=args,
                prog_name=prog_name,
                complete_var=complete_var,
                standalone_mode=False,
                windows_expand_args=windows_expand_args,
                **extra,
            )

        if not standalone_mode:
            return run()
        typed = list(sys.argv[1:] if args is None else args)
        try:
            result = run()
        except typer.Abort:
            cancelled()
        except typer.TyperException as exc:
            explain(exc, typed)
        # Without standalone mode typer returns the code a command exits with (130 for ^C),
        # or what the command returned (minning's commands return None).
        code = result if isinstance(result, int) else 0
        if code == 130:
            cancelled(code)
        sys.exit(code)


class MinningTyper(typer.Typer):
    """A typer app whose commands are ``MinningCommand`` unless told otherwise."""

    def command(
        self, name: str | None = None, *, cls: type[TyperCommand] | None = None, **settings: Any
    ) -> Callable[[CommandFunctionType], CommandFunctionType]:
        """``Typer.command``, with ``cls`` defaulting to ``MinningCommand``."""
        return super().command(name, cls=cls or MinningCommand, **settings)


# ------------------------------------------------------------------- usage errors


def cancelled(code: int = 1) -> NoReturn:
    """``已取消。`` on stderr, then exit (1, or 130 after Ctrl-C)."""
    _console().print(CANCELLED, style="red")
    sys.exit(code)


def explain(exc: typer.TyperException, typed: Sequence[str]) -> NoReturn:
    """Say a usage error in Chinese, with the usage line and where the help is; exit."""
    if _kind(exc) == "NoArgsIsHelpError":
        # Typer has already printed the help (building this error prints it).
        sys.exit(exc.exit_code)
    ctx: Any = getattr(exc, "ctx", None)
    console = _console()
    console.print("错误：" + message(exc, typed), style="bold red", soft_wrap=True)
    if ctx is not None:
        console.print(ctx.get_usage(), style="dim", soft_wrap=True)
        console.print(f"用 {ctx.command_path} --help 查看用法和示例。", style="dim")
    sys.exit(exc.exit_code)


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


def _kind(exc: BaseException) -> str:
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
    kind = _kind(exc)
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
    if kind == "BadParameter":
        return _bad_value(exc, param, ctx)
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


# What pydantic (typer converts values with it) found wrong, by its error type.
_EXPECTED = {
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "decimal_parsing": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "date_parsing": "应为日期，如 2023-06-30",
    "date_from_datetime_parsing": "应为日期，如 2023-06-30",
}


def _bad_value(exc: BaseException, param: Any, ctx: Any) -> str:
    what = _describe(param) if param is not None else "参数"
    errors = getattr(exc.__cause__, "errors", None)  # a pydantic ValidationError, if any
    first: dict[str, Any] = next(iter(errors()), {}) if callable(errors) else {}
    value = first.get("input")
    shown = f"“{value}”" if isinstance(value, str) else ""
    choices = _choices(ctx, param)
    if choices:
        return f"{what} 只能是 {'、'.join(choices)}" + (f"，而不是{shown}" if shown else "")
    expected = _EXPECTED.get(str(first.get("type")), "")
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


def _console() -> Any:
    from ..views.render import make_console

    return make_console(stderr=True)
