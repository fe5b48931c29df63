"""The JSON writer gives ``json.dumps(indent=2)``'s text exactly, and standings' plain values
are ``asdict``'s."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from minning_cli.figures.status import compute_status
from minning_cli.ledger.load import load_book
from minning_cli.ledger.plain import as_plain
from minning_cli.ledger.status import Status
from minning_cli.views import render_json

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo"


def standard(data: Any) -> str:
    """What ``dumps`` gave before: the standard library's indented text."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=render_json._json_default)
    return render_json._CONTROL.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(),  # control characters, quotes, backslashes, Chinese, surrogates
    st.decimals(allow_nan=False, allow_infinity=False, places=4),
    st.dates(),
    st.datetimes(timezones=st.just(dt.UTC) | st.none()),
    st.sampled_from(list(Status)),
)
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.lists(inner, max_size=5).map(tuple),
        st.frozensets(st.integers(), max_size=3),
        st.dictionaries(st.text(max_size=5), inner, max_size=5),
    ),
    max_leaves=40,
)


@settings(max_examples=200, deadline=None)
@given(documents)
def test_dumps_is_the_standard_text(data: Any) -> None:
    assert render_json.dumps(data) == standard(data)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.one_of(st.integers(), st.booleans(), st.none(), st.floats()), scalars))
def test_keys_other_than_text_are_written_the_standard_way(data: dict[Any, Any]) -> None:
    assert render_json.dumps({"a": [data, {"b": data}]}) == standard({"a": [data, {"b": data}]})


def test_unwritable_values_fail_as_before() -> None:
    for bad in (object(), {"a": [1, object()]}, [{"a": {"b": b"bytes"}}]):
        try:
            standard(bad)
        except TypeError as expected:
            try:
                render_json.dumps(bad)
            except TypeError as got:
                assert str(got) == str(expected)
            else:
                raise AssertionError("no TypeError")


def test_the_demo_status_is_the_standard_text_and_asdict(monkeypatch: Any, tmp_path: Path) -> None:
    monkeypatch.setenv("MINNING_CACHE", str(tmp_path))
    book = load_book(DEMO)
    for day in (dt.date(2023, 3, 31), dt.date(2023, 9, 30), dt.date(2023, 12, 31)):
        report = compute_status(book, day)
        for field in dataclasses.fields(report):
            items = getattr(report, field.name)
            for item in items if isinstance(items, tuple) else ():
                assert as_plain(item) == dataclasses.asdict(item)
        data = report.as_json()
        assert render_json.dumps(data) == standard(data)


@dataclasses.dataclass(frozen=True)
class _Inner:
    when: dt.date
    amount: Decimal | None
    tags: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class _Outer:
    name: str
    inner: _Inner | None
    items: tuple[_Inner, ...]
    mapping: dict[str, list[_Inner]]
    status: Status


inners = st.builds(
    _Inner,
    when=st.dates(),
    amount=st.none() | st.decimals(allow_nan=False, allow_infinity=False, places=2),
    tags=st.lists(st.text(max_size=4), max_size=3).map(tuple),
)


@settings(max_examples=50, deadline=None)
@given(
    st.builds(
        _Outer,
        name=st.text(),
        inner=st.none() | inners,
        items=st.lists(inners, max_size=3).map(tuple),
        mapping=st.dictionaries(st.text(max_size=3), st.lists(inners, max_size=2)),
        status=st.sampled_from(list(Status)),
    )
)
def test_as_plain_is_asdict(value: _Outer) -> None:
    plain = as_plain(value)
    assert plain == dataclasses.asdict(value)
    assert render_json.dumps(plain) == standard(dataclasses.asdict(value))


def test_the_status_json_takes_neither_deep_copies_nor_the_pure_python_encoder(
    monkeypatch: Any, tmp_path: Path
) -> None:
    """What made a large status slow: ``asdict``'s deep copies, the indented encoder's loop."""
    import copy
    import json.encoder

    monkeypatch.setenv("MINNING_CACHE", str(tmp_path))
    report = compute_status(load_book(DEMO), dt.date(2023, 12, 31))
    expected = standard(dataclasses.asdict(report)["allocations"])

    def refused(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the slow path was taken")

    monkeypatch.setattr(copy, "deepcopy", refused)
    monkeypatch.setattr(json.encoder, "_make_iterencode", refused)
    assert render_json.dumps(report.as_json()["allocations"]) == expected
