"""Pydantic's validation errors as located problems in Chinese, one per place."""

from __future__ import annotations

import dataclasses
import difflib
import types
import typing
from typing import Any

from pydantic import ValidationError

from ..text.errors import Problem
from ..text.sourcemap import SourceMap
from . import model
from .names import did_you_mean

_TYPE_MESSAGES = {
    "string_type": "应为文本",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "int_parsing_size": "应为位数合理的整数",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "list_type": "应为列表（每项以“- ”开头，或写成 [甲, 乙]）",
    "tuple_type": "应为列表（每项以“- ”开头，或写成 [甲, 乙]）",
    "dict_type": "应为映射（键: 值）",
    "model_type": "应为映射（键: 值）",
    "model_attributes_type": "应为映射（键: 值）",
    "dataclass_type": "应为映射（键: 值）",
    "dataclass_args_type": "应为映射（键: 值）",
    "string_too_short": "不能为空",
    "too_short": "不能为空",
    "string_pattern_mismatch": "编号格式不对（应如 2023-06-12-k3f9a2）",
}


def schema_problems(
    exc: ValidationError,
    source: SourceMap,
    prefix: tuple[Any, ...] = (),
    fields: list[str] | None = None,
    model: type | None = None,
) -> list[Problem]:
    """Pydantic's errors as located problems in Chinese, one per place.

    An unknown key is compared with the keys of the model it stands in, found by walking
    ``model`` (what was validated) along the error's place; else with ``fields``, else
    with every key of ``tasks.yaml``'s models.
    """
    problems: dict[tuple[Any, ...], Problem] = {}
    for error in exc.errors(include_url=False):
        loc = (*prefix, *error["loc"])
        kind = error["type"]
        # A key no model knows: pydantic names it so for a dataclass, ``extra_forbidden``
        # for a model (``city_model``).
        if kind in ("unexpected_keyword_argument", "extra_forbidden"):
            key = str(loc[-1])
            known = _fields_at(model, error["loc"][:-1]) if model is not None else None
            known = known if known is not None else fields or _field_names()
            hint = did_you_mean(difflib.get_close_matches(key, known, n=1, cutoff=0.6))
            message = f"未知的键“{key}”{hint}"
            mark = source.at(loc, key=True)
        elif kind == "missing":
            message = f"缺少“{loc[-1]}”"
            mark = source.at(loc[:-1])
        else:
            message = _value_message(error)
            if loc and isinstance(loc[-1], str):
                message = f"{loc[-1]}：{message}"
            mark = source.at(loc)
        problems.setdefault((mark, message), source.problem(mark, message))
    return list(problems.values())


def _fields_at(model: Any, path: tuple[Any, ...]) -> list[str] | None:
    """The keys of the model standing at ``path`` inside ``model``, or None if not one."""
    current = _bare(model)
    for step in path:
        if isinstance(step, int) and typing.get_origin(current) in (tuple, list):
            current = _bare(typing.get_args(current)[0])
        elif isinstance(step, str) and dataclasses.is_dataclass(current):
            kinds = {f.name: f.type for f in dataclasses.fields(current)}
            if step not in kinds:
                return None
            current = _bare(kinds[step])
        else:
            return None
    if isinstance(current, type) and dataclasses.is_dataclass(current):
        return [f.name for f in dataclasses.fields(current)]
    return None


def _bare(kind: Any) -> Any:
    """A type with ``Annotated`` and ``| None`` seen through (the model in a union)."""
    while True:
        origin, args = typing.get_origin(kind), typing.get_args(kind)
        if origin is typing.Annotated:
            kind = args[0]
        elif origin in (typing.Union, types.UnionType):
            models = [a for a in args if dataclasses.is_dataclass(a)]
            kind = models[0] if models else next(a for a in args if a is not type(None))
        else:
            return kind


def _field_names() -> list[str]:
    """Every key any model accepts: what an unknown key is compared with."""
    names: set[str] = set()
    for item in vars(model).values():
        if isinstance(item, type) and dataclasses.is_dataclass(item):
            names.update(f.name for f in dataclasses.fields(item))
    return sorted(names)


def _value_message(error: Any) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    shown = f"“{value}”" if isinstance(value, str | int) and not isinstance(value, bool) else ""
    if shown == "“”":
        shown = ""
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind.startswith("datetime"):
        when = "应为日期和时间（如 2023-06-12 10:00:00+08:00）"
        return when + (f"，而不是{shown}" if shown else "")
    if kind.startswith("date"):
        return f"应为日期（YYYY-MM-DD，如 2023-12-31）{('，而不是' + shown) if shown else ''}"
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "")
        expected = expected.replace(" or ", "、").replace(", ", "、")
        return f"应为 {expected} 之一{('，而不是' + shown) if shown else ''}"
    if kind == "greater_than_equal":
        return f"不能小于 {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"不能大于 {ctx.get('le')}"
    if kind in _TYPE_MESSAGES:
        return _TYPE_MESSAGES[kind] + (f"，而不是{shown}" if shown else "")
    return f"取值无效（{error['msg']}）"
