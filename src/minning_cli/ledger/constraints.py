"""What the model's fields must hold, written as ``Annotated`` metadata pydantic reads.

The model (``model``) is stdlib dataclasses, so that a warm run, which rebuilds it from the
cache (``rebuild``), never imports pydantic or builds a schema. When a file has changed,
``validation`` checks what it holds through pydantic's ``TypeAdapter``: pydantic asks each
piece of metadata below for its part of the schema (the ``__get_pydantic_core_schema__``
protocol, documented in pydantic's "custom types"), importing ``pydantic_core`` only then.
The constraints are pydantic's own (``min_length``, ``ge``, ``pattern``), so its errors, and
``schema_errors``' Chinese for them, are the same as with ``Field(...)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Limits:
    """Constraints on a text or a whole number: ``Limits(min_length=1)``, ``Limits(ge=1, le=120)``.

    A whole number also refuses true and false, which pydantic would read as 1 and 0 (a row
    ``task: true`` is a slip, not row 1). Write ``Limits`` first in ``Annotated``, next to the
    type: it constrains the schema of the type itself.
    """

    __slots__ = ("constraints",)

    def __init__(self, **constraints: Any) -> None:
        self.constraints = constraints

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        schema = handler(source)
        if schema.get("type") not in ("str", "int"):
            raise TypeError(f"Limits constrain a str or an int, not {schema.get('type')}")
        # A copy, as pydantic's own constraints do: the schema handed over may be shared.
        schema = {**schema, **self.constraints}
        if schema["type"] == "str":
            return schema
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(_not_a_truth_value, schema)


def _not_a_truth_value(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("应为整数，不能是 true/false")
    return value


class Before:
    """A function that reads the value as written before its type is checked.

    It raises ``ValueError`` with a message in Chinese, which ``schema_errors`` shows as is.
    """

    __slots__ = ("function",)

    def __init__(self, function: Callable[[Any], Any]) -> None:
        self.function = function

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(self.function, handler(source))


# A key no model knows is an error, not ignored (pydantic reads this from a dataclass).
FORBID_EXTRA: dict[str, Any] = {"extra": "forbid"}
