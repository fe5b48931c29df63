"""Checking data as written against the model, through pydantic: only when a file changed.

``validated(Ledger, data)`` gives the model of ``data`` or raises pydantic's
``ValidationError``, which the readers turn into located problems (``schema_errors``). One
``TypeAdapter`` per model, built when first asked for: a warm run, which rebuilds the model
from the cache (``rebuild``), never builds one, and never imports pydantic for it.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

__all__ = ["ValidationError", "validated"]

T = TypeVar("T")


_ADAPTERS: dict[type, TypeAdapter[Any]] = {}


def validated(model: type[T], data: Any) -> T:
    """``data`` (a mapping as read from YAML) checked and built as ``model``."""
    adapter = _ADAPTERS.get(model)
    if adapter is None:
        adapter = _ADAPTERS[model] = TypeAdapter(model)
    built: T = adapter.validate_python(data)
    return built
