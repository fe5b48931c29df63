"""The command line: the typer app (``app``) and one module per group of commands.

Importing this package registers every command on ``app``; ``main`` runs it.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

from . import (  # noqa: F401  (each registers its commands on ``app``)
    calls_cmd,
    city_cmd,
    entries,
    init_cmd,
    ledger_cmds,
    report_cmd,
    review_cmd,
    status_cmd,
)
from .app import app


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
