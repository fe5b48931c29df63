"""Output for scripts: JSON with Chinese kept as is, decimals as numbers, dates as ISO text.

Apart from ``render`` so that ``--format json`` never imports rich.

The text is exactly ``json.dumps(data, ensure_ascii=False, indent=2, default=...)``'s, made
without the standard library's pure-Python encoder, which it takes whenever ``indent`` is
given (a status at 100,000 records is 1.7 MB of JSON, and that encoder was most of writing
it). Consecutive plain values of a container (text, numbers, booleans, null, decimals,
dates, empty lists and objects) are written by the C encoder in one call, separated by the comma, line break and
indent of their depth — what the indented output puts between items; only containers are
walked here, as the standard encoder walks them. Anything else (a key that is not text, no C
encoder) is left to ``json.dumps`` itself. ``tests/test_render_json.py`` compares the two.
"""

from __future__ import annotations

import datetime as dt
import json
import json.encoder
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TextIO

from ..ledger.plain import as_plain
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
_INDENT = 2
# Values the C encoder writes as one token: ``_json_default`` makes decimals and dates so.
_PLAIN = (str, int, float, Decimal, dt.date)
_EMPTIES = (list, tuple, dict)  # empty, each is written "[]" or "{}" at any depth
_COMMON = frozenset({str, int, float, bool, type(None), Decimal, dt.date, dt.datetime})


def dumps(data: Any) -> str:
    """JSON for scripts: Chinese kept as is, decimals as numbers, dates as ISO strings.

    Characters that could steer a terminal are escaped, so JSON is safe to print.
    """
    try:
        text = _Writer().value(data, 0)
    except _Standard:
        text = json.dumps(data, ensure_ascii=False, indent=_INDENT, default=_json_default)
    # Such characters can only stand inside JSON strings, where \uXXXX means the same.
    return _CONTROL.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def _flat(value: Any) -> bool:
    """Whether a value is written the same at any depth: a plain value or an empty container."""
    kind = type(value)
    if kind in _COMMON:
        return True
    return isinstance(value, _PLAIN) or (kind in _EMPTIES and not value)


def _all_flat(values: Iterable[Any]) -> bool:
    """Whether every value is flat (``_flat``), the common types tried first."""
    return all(type(value) in _COMMON or _flat(value) for value in values)


class _Standard(Exception):
    """Raised where only ``json.dumps`` itself is sure to give its own text."""


_make_encoder: Any = getattr(json.encoder, "c_make_encoder", None)
_quote: Callable[[str], str] = json.encoder.encode_basestring


class _Writer:
    """Writes one document: a C encoder per depth, for the plain values at that depth."""

    def __init__(self) -> None:
        if _make_encoder is None:
            raise _Standard
        self._encoders: list[Callable[[Any, int], Sequence[str]]] = []

    def _plain(self, items: Any, depth: int) -> str:
        """A list or dict of plain values at ``depth``, their brackets stripped."""
        encoders = self._encoders
        while len(encoders) <= depth:
            between = ",\n" + " " * (_INDENT * (len(encoders) + 1))
            encoders.append(
                _make_encoder({}, _json_default, _quote, None, ": ", between, False, False, True)
            )
        return "".join(encoders[depth](items, 0))[1:-1]

    def value(self, value: Any, depth: int) -> str:
        """A value standing at ``depth`` (its own items one deeper)."""
        if _flat(value):
            return self._plain([value], depth)  # "[x]" stripped: x
        if isinstance(value, list | tuple):
            return self._list(value, depth)
        if isinstance(value, dict):
            return self._dict(value, depth)
        return self.value(_json_default(value), depth)

    def _list(self, items: Sequence[Any], depth: int) -> str:
        if not items:
            return "[]"
        if _all_flat(items):
            return self._wrap("[", [self._plain(items, depth)], "]", depth)
        chunks: list[str] = []
        run: list[Any] = []
        self._plain((), depth + 1)  # the next depth's encoder made
        deeper = self._encoders[depth + 1]
        opening, closing = (
            "{\n" + " " * (_INDENT * (depth + 2)),
            "\n" + " " * (_INDENT * (depth + 1)) + "}",
        )
        for item in items:
            if _flat(item):
                run.append(item)
                continue
            if run:
                chunks.append(self._plain(run, depth))
                run = []
            if type(item) is dict and item and _all_flat(item.values()):  # a list of records
                chunks.append(opening + "".join(deeper(item, 0))[1:-1] + closing)
            else:
                chunks.append(self.value(item, depth + 1))
        if run:
            chunks.append(self._plain(run, depth))
        return self._wrap("[", chunks, "]", depth)

    def _dict(self, items: dict[Any, Any], depth: int) -> str:
        if not items:
            return "{}"
        if _all_flat(items.values()):
            return self._wrap("{", [self._plain(items, depth)], "}", depth)
        chunks: list[str] = []
        run: dict[str, Any] = {}
        for key, item in items.items():
            if type(key) is not str:
                raise _Standard  # keys made text the standard way, by the standard encoder
            if _flat(item):
                run[key] = item
                continue
            if run:
                chunks.append(self._plain(run, depth))
                run = {}
            chunks.append(f"{_quote(key)}: {self.value(item, depth + 1)}")
        if run:
            chunks.append(self._plain(run, depth))
        return self._wrap("{", chunks, "}", depth)

    @staticmethod
    def _wrap(opening: str, chunks: list[str], closing: str, depth: int) -> str:
        inner = "\n" + " " * (_INDENT * (depth + 1))
        return f"{opening}{inner}{(',' + inner).join(chunks)}\n{' ' * (_INDENT * depth)}{closing}"


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
    return as_plain(ledger)  # type: ignore[no-any-return]
