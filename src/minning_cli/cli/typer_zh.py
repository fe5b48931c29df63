"""Typer's own words in Chinese: help headings, the help option, usage errors.

Typer (0.29) vendors its click and has no translation catalogue, so the few English
strings a user sees from it are replaced here, in one place. ``tests/test_cli_help.py``
fails if an upgrade brings English back.
"""

from __future__ import annotations

import difflib
import importlib.abc
import importlib.machinery
import importlib.util
import re
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any

import typer
import typer.completion
import typer.core
from typer._click import core as click_core
from typer._click import exceptions as click_exceptions
from typer._click import formatting

RICH_UTILS = "typer.rich_utils"


def _translate_rich_utils(rich_utils: Any) -> None:
    """Typer's help and error panels in Chinese."""
    rich_utils.ARGUMENTS_PANEL_TITLE = "参数"
    rich_utils.OPTIONS_PANEL_TITLE = "选项"
    rich_utils.COMMANDS_PANEL_TITLE = "命令"
    rich_utils.ERRORS_PANEL_TITLE = "错误"
    rich_utils.DEFAULT_STRING = "[默认：{}]"
    rich_utils.ENVVAR_STRING = "[环境变量：{}]"
    rich_utils.REQUIRED_LONG_STRING = "[必填]"
    rich_utils.ABORTED_TEXT = "已取消。"
    rich_utils.rich_format_error = _format_error


class _TranslateOnImport(importlib.abc.MetaPathFinder):
    """Translates ``typer.rich_utils`` right after typer first imports it.

    That module pulls in most of rich (markdown, panels, themes: a tenth of a second), and
    typer imports it only to print help or an error; a command that succeeds, such as
    ``status --format json``, should not pay for it.
    """

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != RICH_UTILS:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None:
            return spec
        execute = spec.loader.exec_module

        def exec_module(module: ModuleType) -> None:
            execute(module)
            _translate_rich_utils(module)

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


_COMPLETION_HELP = {
    "--install-completion": "为当前 shell 安装命令补全。",
    "--show-completion": "显示当前 shell 的补全脚本，可复制或自行安装。",
}
for _placeholder in (
    typer.completion._install_completion_placeholder_function,
    typer.completion._install_completion_no_auto_placeholder_function,
):
    for _info in _placeholder.__defaults__ or ():
        _name = next((d for d in getattr(_info, "param_decls", ()) if d.startswith("--")), None)
        if _name in _COMPLETION_HELP:
            _info.help = _COMPLETION_HELP[_name]
        elif "Install" in (_info.help or ""):
            _info.help = "为指定的 shell 安装命令补全。"
        else:
            _info.help = "显示指定 shell 的补全脚本。"

_original_get_help_option = click_core.Command.get_help_option


def _get_help_option(self: Any, ctx: Any) -> Any:
    option = _original_get_help_option(self, ctx)
    if option is not None:
        option.help = "显示本帮助并退出。"
    return option


click_core.Command.get_help_option = _get_help_option  # type: ignore[method-assign]

_original_write_usage = formatting.HelpFormatter.write_usage


def _write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
    args = args.replace("[OPTIONS]", "[选项]").replace("COMMAND [ARGS]...", "命令 [参数]...")
    _original_write_usage(self, prog, args, "用法：" if prefix is None else prefix)


formatting.HelpFormatter.write_usage = _write_usage  # type: ignore[method-assign]

_original_display_type = typer.core.TyperOption.display_type_rich


def _display_type_rich(self: Any, ctx: Any) -> str | None:
    # Typer 0.29 labels on/off flags "<bool>", which reads as if they took a value.
    if getattr(self, "is_flag", False):
        return None
    return _original_display_type(self, ctx)


typer.core.TyperOption.display_type_rich = _display_type_rich  # type: ignore[method-assign]

UsageError = click_exceptions.UsageError
TyperException = typer.exceptions.TyperException


def usage_message(exc: Any) -> str:
    """A usage error from typer, in Chinese."""
    if isinstance(exc, click_exceptions.MissingParameter):
        hint = _param_hint(exc)
        return f"缺少参数 {hint}" if hint else "缺少参数"
    if isinstance(exc, click_exceptions.NoSuchOption):
        possible = sorted(exc.possibilities or ())
        extra = f"（是否指 {'、'.join(possible)}？）" if possible else ""
        return f"没有选项 {exc.option_name}{extra}"
    if isinstance(exc, click_exceptions.BadOptionUsage):
        if "requires an argument" in exc.message:
            return f"选项 {exc.option_name} 后面需要一个值"
        return f"选项 {exc.option_name} 用法不对（{exc.message}）"
    if isinstance(exc, click_exceptions.BadParameter):
        hint = _param_hint(exc)
        return f"参数 {hint} 的值无效（{exc.message}）"
    message = str(getattr(exc, "message", exc))
    if match := re.match(r"Got unexpected extra arguments? \((.*)\)", message):
        return f"多余的参数：{match.group(1)}"
    if match := re.match(r"No such command '(.*)'", message):
        typed = match.group(1)
        commands = sorted(getattr(getattr(exc.ctx, "command", None), "commands", {}) or {})
        close = difflib.get_close_matches(typed, commands, n=2)
        hint = f"（是否指 {'、'.join(close)}？）" if close else ""
        return f"没有命令“{typed}”{hint}；可用的命令：{'、'.join(commands)}"
    if message.startswith("Missing command"):
        return "请给出一个命令"
    return f"命令行用法有误（{message}）"


def usage_line(exc: Any) -> str | None:
    """The usage line of the command that failed, with the help hint, or None."""
    ctx = getattr(exc, "ctx", None)
    if ctx is None:
        return None
    return f"{ctx.get_usage()}\n运行 `{ctx.command_path} --help` 查看帮助和示例。"


def _param_hint(exc: Any) -> str:
    if exc.param_hint is not None:
        hint = exc.param_hint
        return " / ".join(hint) if isinstance(hint, list | tuple) else str(hint)
    if exc.param is not None:
        # Typer 0.29's parameters take no context here, unlike click's.
        return str(exc.param.get_error_hint())
    return ""


def _format_error(exc: Any) -> None:
    """Replaces typer's English error panel: the usage line, then the error in Chinese."""
    if type(exc).__name__ == "NoArgsIsHelpError":
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(stderr=True, highlight=False, markup=False, emoji=False)
    line = usage_line(exc)
    # Left to the terminal to wrap: a hard break inside a message splits names in two.
    if line:
        console.print(Text(line), style="dim", soft_wrap=True)
    # Left to the terminal to wrap, as handles_errors does: a hard wrap at 80 columns split
    # the message (and the list of commands grows with every command added).
    console.print(Text("错误：" + usage_message(exc)), style="bold red", soft_wrap=True)


if RICH_UTILS in sys.modules:
    _translate_rich_utils(sys.modules[RICH_UTILS])
else:
    sys.meta_path.insert(0, _TranslateOnImport())
