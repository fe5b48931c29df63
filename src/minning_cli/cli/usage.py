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
  unknown commands become errors of ours that carry what was typed, and so does a value
  click refuses for its parameter's type, ``BadValue``);
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
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup, TyperOption
from typer.models import CommandFunctionType

from .usage_errors import BadValue, ExtraArguments, UnknownCommand, click_kind, message

HELP_TEXT = "显示帮助并退出。"
COMPLETION_HELP = {
    "--install-completion": "为当前 shell 安装命令补全。",
    "--show-completion": "显示当前 shell 的补全脚本，可复制或自行安装。",
}
USAGE_PREFIX = "用法："
CANCELLED = "已取消。"


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


@contextlib.contextmanager
def _with_typed_value(
    command: TyperCommand | TyperGroup, ctx: Any, args: list[str]
) -> Iterator[None]:
    """Turn a value click refused (``BadParameter``) into a ``BadValue`` carrying what was typed.

    Click's error names the parameter but keeps the value only in an English sentence. It is
    raised after the option parser has split ``args`` (while each value is converted), so
    the same parser, run again on a copy of ``args``, finds the value again: a second parse,
    on this error only.
    """
    typed = list(args)  # click's parser consumes the list it is given
    try:
        yield
    except typer.BadParameter as exc:
        param = exc.param
        if click_kind(exc) != "BadParameter" or param is None or ctx.resilient_parsing:
            raise
        opts, _args, _order = command.make_parser(ctx).parse_args(args=typed)
        value, _source = param.consume_value(ctx, opts)
        raise BadValue(param, value, ctx) from exc


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
        with _in_context(ctx), _with_typed_value(self, ctx, args):
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
        with _in_context(ctx), _with_typed_value(self, ctx, args):
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

        typed = list(sys.argv[1:] if args is None else args)
        args = global_options_first(self, typed)
        if not standalone_mode:
            return run()
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


# Global options that may also be written after the command: ``minning status --data X``.
MOVABLE = ("--data",)


def global_options_first(group: TyperGroup, typed: list[str]) -> list[str]:
    """``typed`` with a global option written after the command moved before it.

    Only when the option is not also written before the command (that stays an error that
    says where it goes), and never past ``--`` or out of another option's value.
    """
    at = _command_at(group, typed)
    if at is None:
        return typed
    before, name, after = typed[:at], typed[at], typed[at + 1 :]
    if any(t.split("=", 1)[0] in MOVABLE for t in before):
        return typed
    command = group.commands.get(name)
    takes_value = {
        opt
        for param in (command.params if command is not None else ())
        if isinstance(param, TyperOption) and not param.is_flag
        for opt in (*param.opts, *param.secondary_opts)
    }
    moved: list[str] = []
    kept: list[str] = []
    i = 0
    while i < len(after):
        token = after[i]
        if token == "--":
            kept += after[i:]
            break
        if token in MOVABLE and i + 1 < len(after):
            moved += after[i : i + 2]
            i += 2
            continue
        if token.split("=", 1)[0] in MOVABLE and "=" in token:
            moved.append(token)
        else:
            kept.append(token)
            if token in takes_value and i + 1 < len(after):
                kept.append(after[i + 1])
                i += 1
        i += 1
    return [*before, *moved, name, *kept] if moved else typed


def _command_at(group: TyperGroup, typed: list[str]) -> int | None:
    """Where the command name is in ``typed`` (after the global options and their values)."""
    i = 0
    while i < len(typed):
        token = typed[i]
        if token in group.commands:
            return i
        if token in MOVABLE:
            i += 1  # the option's value
        elif not token.startswith("-"):
            return None
        i += 1
    return None


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
    if click_kind(exc) == "NoArgsIsHelpError":
        # Typer has already printed the help (building this error prints it).
        sys.exit(exc.exit_code)
    ctx: Any = getattr(exc, "ctx", None)
    console = _console()
    console.print("错误：" + message(exc, typed), style="bold red", soft_wrap=True)
    if ctx is not None:
        console.print(ctx.get_usage(), style="dim", soft_wrap=True)
        console.print(f"用 {ctx.command_path} --help 查看用法和示例。", style="dim")
    sys.exit(exc.exit_code)


def _console() -> Any:
    from ..views.render import make_console

    return make_console(stderr=True)
