"""Exact amounts: formatting ``Decimal`` figures the way a coordinator writes them."""

from __future__ import annotations

from decimal import Decimal


def fmt(value: Decimal | int | None, unknown: str = "未知") -> str:
    """A figure without exponent or trailing zeros: 25.50 → 25.5, 1E+3 → 1000."""
    if value is None:
        return unknown
    number = Decimal(value)
    if number == number.to_integral_value():
        return f"{number.quantize(Decimal(1)):f}"
    return f"{number.normalize():f}"


def fmt_measure(value: Decimal | int | None, measure: str, unknown: str = "未知") -> str:
    """A figure with its measure: 25.5万元, 4人."""
    if value is None:
        return unknown
    return f"{fmt(value)}{measure}"
