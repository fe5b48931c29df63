"""The command line: the typer app (``app``) and one module per group of commands.

Importing this package registers every command on ``app``; ``main`` runs it.
"""

from __future__ import annotations

from . import (  # noqa: F401  (each registers its commands on ``app``)
    calls_cmd,
    entries,
    init_cmd,
    ledger_cmds,
    report_cmd,
    review_cmd,
    status_cmd,
)
from .app import app


def main() -> None:
    """Console-script entry point.

    The app's group (``usage.MinningGroup.main``) runs it with ``standalone_mode=False`` and
    says usage errors in Chinese, so that ``CliRunner`` sees what a user sees.
    """
    app(prog_name="minning")
