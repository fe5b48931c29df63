"""Amounts typed by a coordinator: exact, in the indicator's measure, or refused clearly."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minning_cli.text.amounts import MAX_DECIMALS, MAX_DIGITS, fmt, parse_amount, percent
from minning_cli.text.errors import MinningError


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
        ("0.01元", "万元", "0.000001"),  # one fen, the smallest amount
        ("000000000000001", "万元", "1"),  # leading zeros are not digits of the amount
        ("1.000000000000000000000000000000人", "人", "1"),
        # What people say and type (issue 14): w for 万, 元整, Chinese numerals.
        ("1.2w", "万元", "1.2"),
        ("12w", "万元", "12"),
        ("12W", "万元", "12"),
        ("12万元整", "万元", "12"),
        ("120000元整", "万元", "12"),
        ("十二万", "万元", "12"),
        ("十二万元", "万元", "12"),
        ("十二万五千", "万元", "12.5"),  # a spoken number with its own 万 is yuan
        ("二十五点五", "万元", "25.5"),
        ("三点零五万", "万元", "3.05"),
        ("一千二百元", "万元", "0.12"),
        ("两亿", "万元", "20000"),
        ("十二", "万元", "12"),
        ("四人", "人", "4"),
        ("两名", "人", "2"),
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
        ("二十万人", "万元", "“二十万人”是人数或个数"),
        ("点五", "万元", "无法识别的数额“点五”"),
        ("w", "万元", "无法识别的金额“w”"),
        ("1.2ww", "万元", "无法识别的金额“1.2ww”"),
        ("1,2", "万元", "无法识别的金额“1,2”"),
        ("1.2.3", "万元", "无法识别的金额“1.2.3”"),
        ("", "万元", "金额不能为空"),
        ("0x10", "万元", "无法识别的金额“0x10”"),
        ("9999999999999", "万元", "金额“9999999999999”过大：整数部分最多 12 位"),
        ("999999999999亿", "万元", "金额“999999999999亿”过大：整数部分最多 12 位"),
        ("0.001元", "万元", "金额“0.001元”的小数位数过多：最小单位是分（0.000001万元）"),
        # 31 digits: Decimal arithmetic would have rounded it to 28 and accepted it.
        (
            "0.1234567890123456789012345678901",
            "万元",
            "金额“0.1234567890123456789012345678901”的小数位数过多",
        ),
        ("1.00000000000000000000000000001人", "人", "“1.00000000000000000000000000001人”不是整数"),
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
    assert isinstance(value, Decimal) and value.is_finite() and 0 <= value < 10**MAX_DIGITS
    assert value == value.quantize(Decimal(1).scaleb(-MAX_DECIMALS))  # at most a fen
    if measure == "人":
        assert value == value.to_integral_value()


@given(st.text("零〇一二两三四五六七八九十百千万亿点壹贰拾佰.0123456789元整w", max_size=12))
def test_chinese_numerals_are_parsed_exactly_or_refused_cleanly(typed: str) -> None:
    try:
        value = parse_amount(typed, "万元")
    except MinningError as exc:
        assert str(exc)
        return
    assert isinstance(value, Decimal) and value.is_finite() and value >= 0


FACTORS = {"": 1, "万": 1, "万元": 1, "元": Fraction(1, 10000), "亿": 10000, "千万": 1000}


@given(
    whole=st.text("0123456789", min_size=1, max_size=16),
    fraction=st.text("0123456789", max_size=16),
    suffix=st.sampled_from(sorted(FACTORS)),
)
def test_digits_are_parsed_exactly_or_refused_beyond_the_limits(
    whole: str, fraction: str, suffix: str
) -> None:
    typed = whole + (f".{fraction}" if fraction else "") + suffix
    exact = Fraction(f"{whole}.{fraction or 0}") * FACTORS[suffix]
    within = exact < 10**MAX_DIGITS and (exact * 10**MAX_DECIMALS).denominator == 1
    try:
        value = parse_amount(typed, "万元")
    except MinningError:
        assert not within, typed
        return
    assert within and Fraction(value) == exact, typed


@given(whole=st.text("0123456789", min_size=1, max_size=16), fraction=st.text("0", max_size=40))
def test_counts_are_whole_numbers_exactly(whole: str, fraction: str) -> None:
    typed = whole + (f".{fraction}" if fraction else "") + "人"
    try:
        value = parse_amount(typed, "人")
    except MinningError:
        assert int(whole) >= 10**MAX_DIGITS
        return
    assert value == int(whole)


@given(st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False, allow_infinity=False))
def test_plain_decimals_round_trip(value: Decimal) -> None:
    assert parse_amount(fmt(value), "万元") == value
    assert parse_amount(fmt(value) + "万", "万元") == value


def test_percent_rounds_half_up_and_is_not_capped() -> None:
    assert percent(Decimal(20), Decimal(320)) == Decimal("6.3")
    assert percent(Decimal(250), Decimal(200)) == Decimal("125.0")
    assert percent(Decimal(5), None) is None
