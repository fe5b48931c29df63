"""Amounts typed by a coordinator: exact, in the indicator's measure, or refused clearly."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minning_cli.amounts import fmt, parse_amount, percent
from minning_cli.errors import MinningError


@pytest.mark.parametrize(
    ("typed", "measure", "expected"),
    [
        ("25.5", "万元", "25.5"),
        ("25.5万", "万元", "25.5"),
        ("25.5万元", "万元", "25.5"),
        ("255000元", "万元", "25.5"),
        ("1,200元", "万元", "0.12"),
        ("12,345.5万", "万元", "12345.5"),
        ("0.1亿", "万元", "1000"),
        ("1亿元", "万元", "10000"),
        ("0.3千万", "万元", "300"),
        ("４万", "万元", "4"),  # full-width digits from a Chinese input method
        (" 20 ", "万元", "20"),
        ("4人", "人", "4"),
        ("4名", "人", "4"),
        ("4", "人", "4"),
        ("0", "万元", "0"),
    ],
)
def test_accepted_forms(typed: str, measure: str, expected: str) -> None:
    assert parse_amount(typed, measure) == Decimal(expected)
    assert fmt(parse_amount(typed, measure)) == expected


@pytest.mark.parametrize(
    ("typed", "measure", "message"),
    [
        ("4万", "人", "“4万”是金额，但这项指标按“人”计"),
        ("3人", "万元", "“3人”是人数或个数，但这项指标按“万元”计"),
        ("2.5人", "人", "“2.5人”不是整数：这项指标按“人”计"),
        ("-5", "万元", "金额“-5”是负数：更正已记的数请用 minning void 作废原记录后重记"),
        ("nan", "万元", "无法识别的金额“nan”"),
        ("inf", "万元", "无法识别的金额“inf”"),
        ("Infinity", "万元", "无法识别的金额“Infinity”"),
        ("1e3", "万元", "无法识别的金额“1e3”"),
        ("1E+3", "万元", "无法识别的金额“1E+3”"),
        ("二十万", "万元", "无法识别的金额“二十万”"),
        ("1,2", "万元", "无法识别的金额“1,2”"),
        ("1.2.3", "万元", "无法识别的金额“1.2.3”"),
        ("", "万元", "金额不能为空"),
        ("0x10", "万元", "无法识别的金额“0x10”"),
    ],
)
def test_refused_forms(typed: str, measure: str, message: str) -> None:
    with pytest.raises(MinningError) as caught:
        parse_amount(typed, measure)
    assert str(caught.value).startswith(message)


@given(st.text(max_size=30), st.sampled_from(["万元", "人"]))
def test_any_text_is_parsed_exactly_or_refused_cleanly(typed: str, measure: str) -> None:
    try:
        value = parse_amount(typed, measure)
    except MinningError as exc:
        assert str(exc)
        return
    assert isinstance(value, Decimal) and value.is_finite() and value >= 0


@given(st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False, allow_infinity=False))
def test_plain_decimals_round_trip(value: Decimal) -> None:
    assert parse_amount(fmt(value), "万元") == value
    assert parse_amount(fmt(value) + "万", "万元") == value


def test_percent_rounds_half_up_and_is_not_capped() -> None:
    assert percent(Decimal(20), Decimal(320)) == Decimal("6.3")
    assert percent(Decimal(250), Decimal(200)) == Decimal("125.0")
    assert percent(Decimal(5), None) is None
