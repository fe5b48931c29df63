"""Dates as people type them: 2023-06-30, 2023/6/30, 20230630, 2023年9月5日, 9月5日, 9.5.

A date without its year (9月5日, 9.5, 9-5) is in the ledger's year, which the caller passes
(as a function, so that the ledger is read only when a typed date needs it). An impossible
date is told precisely: 2023-09-31 is refused because September has 30 days, not because of
how it is written.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Callable

from .errors import MinningError

_WITH_YEAR = (
    re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})[日号]?"),
)
_WITHOUT_YEAR = (
    re.compile(r"(\d{1,2})[-/.](\d{1,2})"),
    re.compile(r"(\d{1,2})月(\d{1,2})[日号]?"),
)
EXAMPLES = "2023-06-30、2023年6月30日、6月30日 或 6.30"


def parse_day(
    value: str | None,
    label: str,
    *,
    year: Callable[[], int] | None = None,
    error: type[MinningError] = MinningError,
) -> dt.date | None:
    """A typed date, or None for None; a bad one raises ``error`` saying what is wrong.

    >>> parse_day("2023年9月5日", "--date"), parse_day("9.5", "--date", year=lambda: 2023)
    (datetime.date(2023, 9, 5), datetime.date(2023, 9, 5))
    """
    if value is None:
        return None
    label = f"{label} 的日期" if label else "日期"
    text = unicodedata.normalize("NFKC", value).strip().replace(" ", "")
    for pattern in _WITH_YEAR:
        found = pattern.fullmatch(text)
        if found:
            y, m, d = (int(part) for part in found.groups())
            return _day(y, m, d, value, label, error)
    for pattern in _WITHOUT_YEAR:
        found = pattern.fullmatch(text)
        if found:
            if year is None:
                raise error(f"{label}“{value}”没有年份：请写成 {EXAMPLES[:10]}")
            m, d = (int(part) for part in found.groups())
            return _day(year(), m, d, value, label, error)
    raise error(f"{label}“{value}”无法识别：请写成 {EXAMPLES}")


def _day(y: int, m: int, d: int, typed: str, label: str, error: type[MinningError]) -> dt.date:
    if not 1 <= m <= 12:
        raise error(f"{label}“{typed}”无效：没有 {m} 月")
    last = calendar.monthrange(y, m)[1] if dt.MINYEAR <= y <= dt.MAXYEAR else 31
    if not 1 <= d <= last:
        raise error(f"{label}“{typed}”无效：{y} 年 {m} 月只有 {last} 天")
    try:
        return dt.date(y, m, d)
    except ValueError:
        raise error(f"{label}“{typed}”无效：年份 {y} 超出范围") from None
