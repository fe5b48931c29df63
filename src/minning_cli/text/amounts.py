"""Exact amounts: parsing what a coordinator types (25.5万, 1,200元, 4人) and formatting.

Every figure is a ``Decimal`` from the text it was written as; nothing passes through a
binary float. Money is kept in 万元 (the table's unit); persons and counts are whole numbers.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from .errors import MinningError

MONEY = "万元"
MAX_DIGITS = 12  # 10^12 万元 is far beyond any target; more digits is a typing slip
MAX_DECIMALS = 6  # 0.000001 万元 is one fen, the smallest amount of money

# Suffix → factor into 万元. 千万 before 万 so the longest suffix wins.
_MONEY_SUFFIXES = (
    ("千万元", Decimal(1000)),
    ("千万", Decimal(1000)),
    ("亿元", Decimal(10000)),
    ("亿", Decimal(10000)),
    ("万元", Decimal(1)),
    ("万", Decimal(1)),
    ("元", Decimal("0.0001")),
)
_COUNT_SUFFIXES = ("人", "名", "个", "篇", "次", "家")
_NUMBER = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")


def parse_amount(text: str, measure: str) -> Decimal:
    """Parse a typed amount in the indicator's measure, or raise ``MinningError``.

    >>> parse_amount("25.5万", "万元"), parse_amount("255000元", "万元"), parse_amount("4名", "人")
    (Decimal('25.5'), Decimal('25.5'), Decimal('4'))
    """
    raw = text
    text = _spoken(unicodedata.normalize("NFKC", text).strip().replace(" ", ""))
    if not text:
        raise MinningError("金额不能为空")
    if text.startswith(("-", "−")):
        raise MinningError(f"金额“{raw}”是负数：更正已记的数请用 minning void 作废原记录后重记")
    suffix = ""
    factor = Decimal(1)
    if measure == MONEY:
        for candidate, candidate_factor in _MONEY_SUFFIXES:
            if text.endswith(candidate):
                suffix, factor = candidate, candidate_factor
                break
    else:
        for candidate in _COUNT_SUFFIXES:
            if text.endswith(candidate):
                suffix = candidate
                break
    number = text[: len(text) - len(suffix)] if suffix else text
    if measure != MONEY and any(number.endswith(s) for s, _ in _MONEY_SUFFIXES):
        raise MinningError(f"“{raw}”是金额，但这项指标按“{measure}”计")
    if number and not _NUMBER.fullmatch(number) and _CN_NUMERAL.fullmatch(number):
        number, in_yuan = _from_chinese(number, raw)
        if in_yuan and measure == MONEY and not suffix:  # 十二万五千 is yuan, as said aloud
            factor = Decimal("0.0001")
    if not _NUMBER.fullmatch(number):
        if measure == MONEY and any(number.endswith(s) for s in _COUNT_SUFFIXES):
            raise MinningError(f"“{raw}”是人数或个数，但这项指标按“万元”计")
        raise MinningError(
            f"无法识别的金额“{raw}”：请写数字，可带单位，如 25.5、25.5万、1.2w、十二万、255000元、0.1亿、4人"
        )
    whole, _, fraction = number.replace(",", "").partition(".")
    whole, fraction = whole.lstrip("0") or "0", fraction.rstrip("0")
    # Checked on the digits, before any arithmetic: Decimal rounds past 28 digits.
    too_big = MinningError(f"金额“{raw}”过大：整数部分最多 {MAX_DIGITS} 位")
    if len(whole) > MAX_DIGITS + 4:  # even in 元, this is past the limit
        raise too_big
    if measure != MONEY and fraction:
        raise MinningError(f"“{raw}”不是整数：这项指标按“{measure}”计")
    too_fine = MinningError(f"金额“{raw}”的小数位数过多：最小单位是分（0.000001万元）")
    if len(fraction) > MAX_DECIMALS + 4:  # even in 亿, more than ten decimals is below a fen
        raise too_fine
    value = Decimal(f"{whole}.{fraction or 0}") * factor  # exact: at most 26 digits
    if value >= Decimal(10) ** MAX_DIGITS:
        raise too_big
    if value != value.quantize(Decimal(1).scaleb(-MAX_DECIMALS), rounding=ROUND_DOWN):
        raise too_fine
    return Decimal(fmt(value))


_CN_DIGITS = dict(zip("零〇一二两三四五六七八九", "00122345678 9".replace(" ", ""), strict=True))
_CN_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬点.0-9]+")


def _spoken(text: str) -> str:
    """What people add to a figure, taken off: 1.2w → 1.2万, 12万元整 → 12万元."""
    if text.endswith("整"):
        text = text[:-1]
    if text[-1:] in ("w", "W") and _NUMBER.fullmatch(text[:-1]):
        text = text[:-1] + "万"
    return text


def _from_chinese(number: str, raw: str) -> tuple[str, bool]:
    """A Chinese numeral as digits (十二 → 12, 二十五点五 → 25.5), and whether it holds 万/亿.

    cn2an reads the whole part; the fraction after 点 is read digit by digit here, so that no
    binary float comes between the words and the ``Decimal``.
    """
    import cn2an

    whole, _, fraction = number.replace(".", "点").partition("点")
    try:
        if not whole:
            raise ValueError(number)
        whole_digits = str(int(cn2an.cn2an(whole, "smart")))
    except (ValueError, KeyError, IndexError):
        raise MinningError(
            f"无法识别的数额“{raw}”：中文数字请写成 十二、十二万、二十五点五"
        ) from None
    digits = "".join(_CN_DIGITS.get(c, c) for c in fraction)
    return whole_digits + (f".{digits}" if fraction else ""), any(c in whole for c in "万萬亿")


def fmt(value: Decimal | int | None, unknown: str = "未知") -> str:
    """A figure without exponent or trailing zeros: 25.50 → 25.5, 1E+3 → 1000."""
    if value is None:
        return unknown
    number = Decimal(value)
    if number == number.to_integral_value():
        return f"{number.to_integral_value():f}"
    return f"{number.normalize():f}"


def fmt_measure(value: Decimal | int | None, measure: str, unknown: str = "未知") -> str:
    """A figure with its measure: 25.5万元, 4人."""
    if value is None:
        return unknown
    return f"{fmt(value)}{measure}"


def percent(actual: Decimal, target: Decimal | None) -> Decimal | None:
    """actual / target × 100, to one decimal place (half up), not capped; None without a target."""
    if target is None or target == 0:
        return None
    return (actual * 100 / target).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def whole_number(text: str) -> int | None:
    """A typed whole number (a row's 序号, a choice, months): decimal digits only, ASCII or
    full-width (１２); None for anything else, ① and ² included, which ``isdigit`` lets
    through and ``int`` refuses.

    >>> whole_number("12"), whole_number("１２"), whole_number("①"), whole_number("²")
    (12, 12, None, None)
    """
    text = text.strip()
    return int(text) if text.isdecimal() else None
