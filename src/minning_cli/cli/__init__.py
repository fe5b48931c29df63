"""The command line: the typer app (``app``) and one module per group of commands.

Importing this package registers every command on ``app``; ``main`` runs it.
"""

from __future__ import annotations

import contextlib
import gc
import sys
import types
from collections.abc import Iterator
from typing import Any


def _defer(module: str, name: str) -> None:
    """Answer ``from <module> import <name>`` with a stand-in that loads the real module only
    when the name is used (called, or an attribute of it read). Only that form of import is
    answered: nothing in minning imports these modules any other way."""
    if module in sys.modules:
        return
    import importlib

    stand_in = types.ModuleType(module)
    parent, _dot, child = module.rpartition(".")

    def loaded() -> types.ModuleType:
        if sys.modules.get(module) is stand_in:
            del sys.modules[module]
        found = importlib.import_module(module)
        setattr(importlib.import_module(parent), child, found)
        return found

    def real() -> Any:
        found = getattr(loaded(), name)
        setattr(stand_in, name, found)
        return found

    class Deferred(type):
        def __getattr__(cls, attribute: str) -> Any:
            return getattr(real(), attribute)

        def __call__(cls, *args: Any, **kwargs: Any) -> Any:
            return real()(*args, **kwargs)

    setattr(stand_in, name, Deferred(name, (), {}))
    sys.modules[module] = stand_in


def _defer_help_extras() -> None:
    """Keep typer's help from loading a Markdown parser and a syntax highlighter.

    ``typer.rich_utils`` (every ``--help``) imports ``rich.markdown`` (markdown_it) for the
    "markdown" markup mode and ``rich.traceback`` (pygments) for pretty tracebacks: about a
    third of ``--help``'s time. minning's help uses rich markup and its errors are its own
    Chinese messages, so neither is used; should one be, it is loaded then.
    """
    _defer("rich.markdown", "Markdown")
    _defer("rich.traceback", "Traceback")


_defer_help_extras()

from . import (  # noqa: E402, F401  (each registers its commands on ``app``)
    calls_cmd,
    city_cmd,
    entries,
    init_cmd,
    ledger_cmds,
    report_cmd,
    review_cmd,
    status_cmd,
)
from .app import app  # noqa: E402


@contextlib.contextmanager
def one_command_collector() -> Iterator[None]:
    """The cyclic garbage collector tuned for one command's run (see the comment inside)."""
    # A command reads a ledger into memory (a year of entries is millions of objects, none
    # of them garbage), uses it and exits. Tuned for that, here and not in the library: the
    # collector skips what the imports made (freeze), runs a young collection every million
    # allocations instead of every 700, and the collection at exit skips what the command
    # made (freeze again). Measured in the commit that added this; the benchmark's stage
    # profile runs under it too.
    gc.freeze()
    gc.set_threshold(1_000_000, 10, 10)
    try:
        yield
    finally:
        gc.freeze()


def main() -> None:
    """Console-script entry point.

    The app's group (``usage.MinningGroup.main``) runs it with ``standalone_mode=False`` and
    says usage errors in Chinese, so that ``CliRunner`` sees what a user sees.
    """
    with one_command_collector():
        app(prog_name="minning")
