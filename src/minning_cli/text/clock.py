"""The local time an entry is stamped with, or a Chinese message when the system has none."""

from __future__ import annotations

import datetime as dt
import os

from .errors import MinningError


def local_now() -> dt.datetime:
    """Now, with the local UTC offset; a ``MinningError`` for a time zone Python cannot hold.

    A ``TZ`` such as ``UTC+25`` is accepted by the C library but gives an offset of a day or
    more, which ``datetime`` refuses (a ``ValueError`` deep in the standard library). An
    offset with seconds (``TZ=LMT-0:44:30``) is rounded to the minute: a time stamp in a
    progress file carries hours and minutes only, which is what its reader takes.
    """
    try:
        now = dt.datetime.now().astimezone()
    except (ValueError, OverflowError):
        setting = os.environ.get("TZ")
        shown = f"（TZ={setting}）" if setting is not None else ""
        raise MinningError(
            f"系统时区设置无效{shown}：与 UTC 相差一天或以上。"
            "请把时区设为有效值，如 TZ=Asia/Shanghai，再重试"
        ) from None
    offset = now.utcoffset() or dt.timedelta()
    if offset % dt.timedelta(minutes=1):
        minutes = round(offset / dt.timedelta(minutes=1))
        now = now.astimezone(dt.timezone(dt.timedelta(minutes=minutes)))
    return now
