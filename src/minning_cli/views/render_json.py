"""Output for scripts: JSON with Chinese kept as is, decimals as numbers, dates as ISO text.

Apart from ``render`` so that ``--format json`` never imports rich.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TextIO

from ..text.errors import Problem

if TYPE_CHECKING:
    from ..ledger.model import Ledger


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        # float() of a decimal with few digits prints back the same digits (25.5 → 25.5).
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | set | frozenset):
        return list(value)
    raise TypeError(f"not JSON serialisable: {value!r}")


# DEL, the C1 controls (\x9b starts a terminal command too) and the bidirectional overrides;
# json escapes the C0 controls itself.
_CONTROL = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def dumps(data: Any) -> str:
    """JSON for scripts: Chinese kept as is, decimals as numbers, dates as ISO strings.

    Characters that could steer a terminal are escaped, so JSON is safe to print.
    """
    text = json.dumps(data, ensure_ascii=False, indent=2, default=_json_default)
    # Such characters can only stand inside JSON strings, where \uXXXX means the same.
    return _CONTROL.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def print_json(data: Any, stream: TextIO | None = None) -> None:
    """Write JSON to stdout with a final newline."""
    (stream or sys.stdout).write(dumps(data) + "\n")


def problems_json(problems: Sequence[Problem]) -> dict[str, list[dict[str, object]]]:
    """The ``{"errors": [...], "warnings": [...]}`` form of ``check --format json``."""
    return {
        "errors": [p.as_dict() for p in problems if p.is_error],
        "warnings": [p.as_dict() for p in problems if not p.is_error],
    }


def ledger_json(ledger: Ledger) -> dict[str, Any]:
    """The ledger as JSON for scripts (``minning tasks --format json``)."""
    return ledger.model_dump(mode="python")
