"""The model from plain data and back, without checking: what the cache keeps and gives.

A cached ledger or entry was validated when its file was read (``validation``); the cache
keeps it as plain data (``plain.as_plain``) and a warm run builds the dataclasses again (``rebuild``),
nested ones by their field types, without pydantic. Values that JSON cannot hold are given as
they are: ``rebuild`` expects dates and Decimals already decoded (``summary_tasks`` tags them).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import types
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from .model import Entry, Void

T = TypeVar("T")
_Convert = Callable[[Any], Any]


def rebuild(model: type[T], data: dict[str, Any]) -> T:
    """``data`` (as ``plain.as_plain`` gives it) as ``model``, nested models built by field type.

    A key the model does not have raises ``KeyError``, a missing one ``TypeError`` (a stale
    cache: the callers take either as a miss).
    """
    converters = _converters(model)  # type: ignore[arg-type]  # a class is hashable
    return model(**{key: converters[key](value) for key, value in data.items()})


@functools.cache
def _converters(model: type[Any]) -> dict[str, _Convert]:
    # ``model``'s annotations are objects, not text (see ``model``): nothing to evaluate.
    return {f.name: _converter(f.type) for f in dataclasses.fields(model)}


def _same(value: Any) -> Any:
    return value


def _converter(hint: Any) -> _Convert:
    """How a field's plain value becomes its value: a nested model built, else as it is."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return functools.partial(rebuild, hint)
    if origin is tuple:
        inner = _converter(args[0])
        return _same_or(inner, lambda value: tuple(inner(item) for item in value), tuple)
    if origin is dict:
        inner = _converter(args[1])
        return _same_or(inner, lambda value: {k: inner(v) for k, v in value.items()}, dict)
    if origin in (typing.Union, types.UnionType):
        models = [arg for arg in args if dataclasses.is_dataclass(arg)]
        if models:  # ``Model | None``: one model or nothing
            (one,) = models
            build = _converter(one)
            return lambda value: None if value is None else build(value)
    if origin is typing.Annotated:
        return _converter(args[0])
    return _same


def _same_or(inner: _Convert, convert: _Convert, container: type) -> _Convert:
    """``convert``, or just the container, when its items are taken as they are."""
    return container if inner is _same else convert


# An entry or a void in the cache: JSON's own values, the rest as text, None left out.
_DATES = frozenset({"date", "start"})
_DECIMALS = frozenset({"amount", "received", "disbursed", "used"})


def record_json(record: Entry | Void) -> dict[str, Any]:
    """An entry or a void as JSON values: dates, times and numbers as text, None left out."""
    result: dict[str, Any] = {}
    for name in _FIELDS[type(record)]:
        value = getattr(record, name)
        if value is None:
            continue
        if name in _DECIMALS:
            value = str(value)
        elif name in _DATES or name == "recorded_at":
            value = value.isoformat()
        result[name] = value
    return result


def entry_from_json(data: dict[str, Any]) -> Entry:
    """An entry as ``record_json`` gave it (a ``TypeError`` or ``ValueError`` if not)."""
    values = dict(data)
    for name, value in data.items():
        if name in _DATES:
            values[name] = dt.date.fromisoformat(value)
        elif name in _DECIMALS:
            values[name] = Decimal(value)
    values["recorded_at"] = dt.datetime.fromisoformat(data["recorded_at"])
    return Entry(**values)


_FIELDS = {kind: tuple(f.name for f in dataclasses.fields(kind)) for kind in (Entry, Void)}
