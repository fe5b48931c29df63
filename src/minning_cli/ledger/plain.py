"""Models and standings as plain values: ``dataclasses.asdict`` without its deep copies.

The cache keeps the table this way, the writer an entry's fields, and the JSON views the
model and the standings.

``asdict`` copies every value it meets with ``copy.deepcopy``; a standing's values are
immutable (text, numbers, decimals, dates, the status enum), so the copy buys nothing and,
at 100,000 records (row 2's thousands of dispatch terms), costs more than writing the JSON.
``as_plain`` gives what ``asdict`` gives, equal value for value, sharing the immutable ones
(``tests/test_status.py`` compares the two).
"""

from __future__ import annotations

import dataclasses
from typing import Any

# Each type met: a dataclass's field names, in order, or None for any other type (asking
# ``dataclasses`` each time is slow).
_NAMES: dict[type, tuple[str, ...] | None] = {}


def _names(kind: type) -> tuple[str, ...] | None:
    if dataclasses.is_dataclass(kind):
        return tuple(f.name for f in dataclasses.fields(kind))
    return None


def as_plain(value: Any) -> Any:
    """A dataclass as a dict of its fields, recursively (lists, tuples and dicts walked)."""
    kind = type(value)
    try:
        names = _NAMES[kind]
    except KeyError:
        names = _NAMES[kind] = _names(kind)
    if names is not None:
        return {name: as_plain(getattr(value, name)) for name in names}
    if kind is tuple:
        return tuple([as_plain(item) for item in value]) if _deep(value) else value
    if kind is list:
        return [as_plain(item) for item in value]
    if kind is dict:
        return {as_plain(key): as_plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | dict):  # a subclass (a named tuple): asdict's own way
        return dataclasses.asdict(_Box(value)).get("value")
    return value


def _deep(items: tuple[Any, ...]) -> bool:
    """Whether a tuple holds anything but immutable scalars (then it is walked)."""
    return any(not isinstance(item, str | int | float | type(None)) for item in items)


@dataclasses.dataclass
class _Box:
    value: Any
