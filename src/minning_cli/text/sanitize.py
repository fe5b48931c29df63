"""Text in and text out: what people type made readable for good, and cells made inert.

Two directions, one list of troublesome characters:

- ``clean_input`` is what ``record`` and ``import`` apply to every text they store. A
  command line from a GBK terminal reaches Python as lone surrogates (``surrogateescape``);
  written as they are, they make every later command fail on an append-only file. Control
  characters other than tab and line breaks break the workbook (openpyxl refuses them) and
  the terminal; bidi overrides make a note read differently from what it holds. Each is
  either repaired (GBK bytes decoded, CR LF made LF) or removed, and the caller is told.
- ``output_text`` and ``inert_cell`` are for what goes out to CSV and spreadsheets: the same
  characters removed, and a text that Excel or LibreOffice would take for a formula
  (OWASP's list: a leading ``=``, ``+``, ``-``, ``@``, tab or carriage return) kept as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import MinningError

# C0 controls but tab and line feed, DEL, and the C1 controls (NEL, U+0085, is a line break).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\x80-\x84\x86-\x9f]")
# Bidi embeddings, overrides and isolates: they reorder what is shown, not what is stored.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# What YAML and editors count as a line end besides LF: all become LF.
_BREAK = re.compile("\r\n|[\r\x85\u2028\u2029]")
# OWASP CSV injection: cells starting with these are read as formulas by spreadsheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Cleaned:
    """What ``clean_input`` changed, to tell the user (Chinese sentences)."""

    notices: list[str] = field(default_factory=list)


def clean_input(value: str, what: str, cleaned: Cleaned | None = None) -> str:
    """A typed or imported text made storable: repaired or stripped, every change noted.

    ``what`` names the field in messages (备注, 来源…). Raises ``MinningError`` for bytes that
    are neither UTF-8 nor GBK: what they meant cannot be known.
    """
    cleaned = cleaned if cleaned is not None else Cleaned()
    text = value
    if _SURROGATE.search(text):
        text = _from_terminal_bytes(text, what)
        cleaned.notices.append(f"{what}含有非 UTF-8 的字节，已按 GBK 编码读作“{text}”")
    text = _BREAK.sub("\n", text)
    removed = len(_CONTROL.findall(text)) + len(_BIDI.findall(text))
    if removed:
        text = _BIDI.sub("", _CONTROL.sub("", text))
        cleaned.notices.append(
            f"{what}里有 {removed} 个看不见的控制字符（或改变文字方向的字符），已删去"
        )
    return text


def _from_terminal_bytes(text: str, what: str) -> str:
    """Lone surrogates (the bytes a non-UTF-8 terminal sent) decoded as GBK, or refused."""
    try:
        raw = text.encode("utf-8", "surrogateescape")
        return raw.decode("gb18030")
    except UnicodeError:
        raise MinningError(
            f"{what}里有无法识别的字节（终端的编码不是 UTF-8，也不是 GBK）：请把终端设为 UTF-8 后重输"
        ) from None


def output_text(value: str) -> str:
    """A text safe to write out: control and bidi characters removed (tab and LF kept)."""
    text = _SURROGATE.sub("\ufffd", value)
    return _BIDI.sub("", _CONTROL.sub("", text))


def looks_like_formula(value: str) -> bool:
    """True if a spreadsheet would read this text as a formula (OWASP's leading characters)."""
    return value.startswith(FORMULA_START)


def inert_cell(value: str) -> str:
    """A CSV field no spreadsheet runs: cleaned, and a formula-like start quoted with ``'``."""
    text = output_text(value)
    return "'" + text if looks_like_formula(text) else text


_ANY_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x85\u2028\u2029]")


def one_line(text: str) -> str:
    """File text kept on its line: each line break shown as ⏎, so that a note holding a
    break and a line shaped like a record cannot pass for a record of its own."""
    return _ANY_BREAK.sub("⏎", text)
