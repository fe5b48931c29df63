"""The ``minning`` command: thin typer commands over the library modules.

Each command parses its options, calls one library function, renders the result and picks
the exit status: 0 fine, 1 a problem with the data or the request, 2 a command-line mistake.

Commands import their renderers and workers inside their bodies: every run loads this module,
and a run should pay only for what its command uses (no rich for ``--format json``, no YAML
writer or spreadsheet reader for ``status``). ``python -X importtime -m minning_cli ...``
shows what a command loads.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from .. import __version__
from ..text.errors import MinningError, UsageError
from .usage import MinningGroup, MinningTyper
from .usage_errors import MissingCommand

if TYPE_CHECKING:  # imported where used: ``--help`` and ``--version`` need no ledger models
    from ..ledger import period
    from ..ledger.book import Book, LoadedLedger
    from ..ledger.model import Meta

# Chinese through typer's own settings and classes (see usage.py): ``[选项]`` and ``命令
# [参数]...`` in usage lines, ``-h``, and the group and command classes.
app = MinningTyper(
    name="minning",
    help=(
        "闽宁协作任务台账：鼓楼区 2023 年闽宁协作任务分工表的目标、进展与核对。\n\n"
        "台账是 data/tasks.yaml（分工表，人手工维护）和 data/progress/（minning 追加的进展记录）。\n\n"
        "示例：minning check　　minning tasks 4　　minning --data 某目录 check"
    ),
    no_args_is_help=True,
    add_completion=True,
    suggest_commands=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    options_metavar="[选项]",
    subcommand_metavar="命令 [参数]...",
    cls=MinningGroup,
    # The callback runs without a command too, to say in Chinese that one is missing.
    invoke_without_command=True,
    pretty_exceptions_enable=False,
)


@dataclass
class State:
    """What the global options say, passed to every command."""

    data: str | None = None

    def data_dir(self) -> Path:
        """The data folder the options and environment point to."""
        from ..ledger.datadir import find_data_dir

        return find_data_dir(self.data)

    def ledger(self) -> LoadedLedger:
        """The valid ledger, or a ``MinningError``."""
        from ..ledger.load import load_ledger

        return load_ledger(self.data_dir())

    def book(self) -> Book:
        """The valid ledger with its progress entries, or a ``MinningError``."""
        from ..ledger.load import load_book

        return load_book(self.data_dir())


F = TypeVar("F", bound=Callable[..., Any])


def handles_errors(command: F) -> F:
    """Turn a ``MinningError`` into its messages on stderr and exit 1 (2 for usage)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except MinningError as exc:
            from ..views.render import make_console, print_problems

            ctx = kwargs.get("ctx")
            if isinstance(exc, UsageError) and ctx is not None:
                # A command-line mistake found by the command: said like click's, with usage.
                from .usage_errors import CommandLineError

                raise CommandLineError(str(exc), ctx) from None
            console = make_console(stderr=True)
            located = [p for p in exc.problems if p.file]
            if located:
                print_problems(exc.problems, console)
            else:
                for problem in exc.problems:
                    console.print(f"错误：{problem.message}", style="bold red", soft_wrap=True)
            raise typer.Exit(2 if isinstance(exc, UsageError) else 1) from None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"minning {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    data: Annotated[
        str | None,
        typer.Option(
            "--data",
            metavar="目录",
            help="台账目录（含 tasks.yaml）。缺省时用环境变量 MINNING_DATA，"
            "再缺省时从当前目录向上找最近的 data/tasks.yaml。",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="显示版本号并退出。"),
    ] = False,
) -> None:
    """闽宁协作任务台账。"""
    if ctx.invoked_subcommand is None:
        raise MissingCommand(ctx)
    ctx.obj = State(data=data)


def parse_date(
    value: str | None, option: str, year: Callable[[], int] | None = None
) -> dt.date | None:
    """A date typed on the command line; a bad one is a usage error (exit 2).

    A date without a year (9月5日) is in ``year()``, the ledger's year, when given.
    """
    from ..ledger import resolve

    return resolve.parse_date(value, option, error=UsageError, year=year)


def as_of_choice(meta: Meta, value: str | None) -> period.AsOf:
    """The ``--as-of`` day by the ledger's period rule (``ledger.period``), with its notice."""
    from ..ledger import period

    return period.as_of(meta, parse_date(value, "--as-of"), dt.date.today())


def say_notice(chosen: period.AsOf) -> None:
    """The period's notice, one line on stderr, when the day used is not the day asked."""
    if chosen.notice is not None:
        typer.echo(f"注意：{chosen.notice}", err=True)


def as_of_day(meta: Meta, value: str | None) -> dt.date:
    """The ``--as-of`` day by the ledger's period rule; says so when it is not the day asked
    (a run after the ledger's year)."""
    chosen = as_of_choice(meta, value)
    say_notice(chosen)
    return chosen.day
