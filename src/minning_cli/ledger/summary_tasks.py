"""``tasks.yaml``'s checked ledger in the cache, as plain data (``cache`` says why)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from decimal import Decimal
from enum import Enum
from typing import Any

from ..text.errors import Problem
from ..text.sourcemap import SourceMap
from .cache import ParseCache
from .model import Ledger
from .plain import as_plain
from .rebuild import rebuild

_NAME = "tasks.json"


def load_tasks(
    cache: ParseCache, key: str, shown: str
) -> tuple[Ledger, SourceMap, list[Problem]] | None:
    """The checked ledger of ``tasks.yaml`` with its source map and warnings, or None."""
    data = cache.load(_NAME, key)
    try:
        ledger = rebuild(Ledger, _untagged(data["ledger"]))
        source = SourceMap(
            shown,
            [str(line) for line in data["lines"]],
            _marks(data["values"]),
            _marks(data["keys"]),
            [int(start) for start in data["starts"]],
        )
        problems = [_problem(p, shown) for p in data["problems"]]
    except (TypeError, KeyError, ValueError, AttributeError):  # a stale or foreign cache
        return None
    return ledger, source, problems


def store_tasks(
    cache: ParseCache, key: str, ledger: Ledger, source: SourceMap, problems: list[Problem]
) -> None:
    """Keep a ledger that has no errors (warnings are kept with it)."""
    try:
        ledger_data = _tagged(as_plain(ledger))
    except TypeError:
        return  # a value the cache cannot hold as data: read the table each time
    cache.store(
        _NAME,
        key,
        {
            "ledger": ledger_data,
            "lines": source.lines,
            "values": [[list(path), list(mark)] for path, mark in source.values.items()],
            "keys": [[list(path), list(mark)] for path, mark in source.keys.items()],
            "starts": source.starts,
            "problems": [{**asdict(p), "own": p.file == source.file} for p in problems],
        },
    )


def _tagged(value: Any) -> Any:
    """Python values as JSON: a date or a Decimal as a one-key object naming its type (the
    table's validators take a date, not its text)."""
    if isinstance(value, dict):
        return {str(k): _tagged(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_tagged(v) for v in value]
    if isinstance(value, dt.datetime):
        raise TypeError("a time stamp in the table")  # none today: not guessed at
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, Enum):
        return value.value
    if value is None or isinstance(value, (str, int, float)):
        return value
    raise TypeError(f"not kept in the cache: {type(value).__name__}")


def _untagged(value: Any) -> Any:
    if isinstance(value, dict):
        if len(value) == 1 and "$date" in value:
            return dt.date.fromisoformat(value["$date"])
        if len(value) == 1 and "$decimal" in value:
            return Decimal(value["$decimal"])
        return {k: _untagged(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_untagged(v) for v in value]
    return value


def _marks(data: Any) -> dict[tuple[str | int, ...], tuple[int, int]]:
    marks = {}
    for path, (line, column) in data:
        if not all(type(part) in (str, int) for part in path):
            raise TypeError(path)
        marks[tuple(path)] = (int(line), int(column))
    return marks


def _problem(data: Any, shown: str) -> Problem:
    # Messages name the file as the current folder sees it, which may have moved.
    own = data.pop("own")
    problem = Problem(**data)
    if own:
        problem = Problem(**{**data, "file": shown})
    if not all(isinstance(v, (str, int, type(None))) for v in data.values()):
        raise TypeError(data)
    return problem
