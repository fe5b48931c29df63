"""CSV that Excel opens and never runs: the one writer of every CSV minning prints.

Every field goes through ``text.sanitize.inert_cell`` (control and bidi characters
removed; a text a spreadsheet would take for a formula, by OWASP's list of leading
characters, quoted with ``'``). The bytes are UTF-8 with a byte-order mark by default,
which is how Excel on Windows knows the file is UTF-8 (without it, Chinese is garbled), or
GBK for older tools.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import BinaryIO

from ..text.sanitize import inert_cell


class CsvEncoding(StrEnum):
    """``--encoding`` of a CSV: UTF-8 with a byte-order mark, or GBK."""

    UTF8 = "utf-8"
    GBK = "gbk"


def csv_text(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A header and rows as CSV text, every field made inert."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([inert_cell(field) for field in header])
    writer.writerows([inert_cell(field) for field in row] for row in rows)
    return buffer.getvalue()


def csv_bytes(text: str, encoding: CsvEncoding) -> tuple[bytes, int]:
    """The CSV's bytes, and how many characters GBK could not hold (written as ``?``)."""
    if encoding is CsvEncoding.UTF8:
        return b"\xef\xbb\xbf" + text.encode("utf-8"), 0
    missing = sum(1 for character in text if not _in_gbk(character))
    return text.encode("gbk", errors="replace"), missing


def _in_gbk(character: str) -> bool:
    try:
        character.encode("gbk")
    except UnicodeEncodeError:
        return False
    return True


def write_csv(text: str, encoding: CsvEncoding, out: BinaryIO | None = None) -> None:
    """Write a CSV to stdout in an encoding, saying on stderr what GBK could not hold."""
    data, missing = csv_bytes(text, encoding)
    target = out if out is not None else sys.stdout.buffer
    target.write(data)
    target.flush()
    if missing:
        sys.stderr.write(
            f"注意：有 {missing} 个字符 GBK 编码里没有，已写成“?”；要保留原字符请用 --encoding utf-8\n"
        )
