"""A fast reader for the one layout ``write`` produces; anything else goes to the real parser.

A progress file written by minning is a column-0 list of flat flow mappings, one entry per
line, values plain or single-quoted:

    - {id: 2023-06-12-k3f9a2, date: 2023-06-12, unit: 软件园, note: '采购: 20万', ...}

Reading that line by line is several times faster than composing YAML nodes (even with
libyaml), which matters on the first run over a year of entries. The reader is strict: it
returns None for any line it does not fully understand (a block scalar, double quotes, a
flow collection, a repeated key, a tab, a BOM, CRLF, an indented comment, any character
YAML treats specially at the start of a plain scalar, ...) and ``load`` then parses the
file with the real parser, which also locates every problem. What it does accept it turns
into exactly the data ``yamlsource.parse`` gives: plain scalars are resolved by PyYAML's
own resolver and converted by ``yamlsource.scalar_data``; the tests compare the two on
every file the writer can produce and on hand-written plain values, so that what one
refuses the other never accepts.

Memory is linear in the text: lines are scanned with ``str.find``, never with a pattern
that backtracks per character; a 20 MB note peaks under five times its size
(``tests/test_fastparse.py``).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .yamlsource import scalar_data

Item = tuple[dict[str, Any], int]

_RESOLVER = yaml.resolver.Resolver()
_IMPLICIT = (True, False)
_STR = "tag:yaml.org,2002:str"

_NAME = re.compile(r"[a-z_]+")
# Flow indicators: a plain scalar inside a flow mapping cannot hold them.
_FLOW = re.compile(r"[,\[\]{}]")
# Characters that start something other than a plain scalar, or that YAML reads specially.
_SPECIAL_START = frozenset("-?:,[]{}#&*!|>'\"%@`~= ")
# Everything YAML 1.1 accepts as printable on one line, less the Unicode line breaks
# (U+0085, U+2028, U+2029) and the byte-order mark, which the real parser must see.
_UNUSUAL = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
# Values every entry has and that are (nearly) all different: not worth remembering.
_UNIQUE = frozenset(("id", "recorded_at", "note", "reason", "voids"))
# Shapes of the values the writer always produces, and what PyYAML makes of each (its
# resolver tags them str, str and timestamp-as-text; yamlsource keeps them as text): a
# shortcut past the resolver's regular expressions for the commonest lines. Anything else
# takes the general way below.
_AS_TEXT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}-[a-z0-9]{4,12}"  # an id (never an int, float or date)
    r"|[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}(?:[+-][0-9]{2}:[0-9]{2})?"
)


def progress_items(text: str) -> list[Item] | None:
    """The items of a progress file with the line each starts on, or None to parse for real."""
    if _UNUSUAL.search(text):
        return None
    items: list[Item] = []
    # The same "key: value" always reads as the same pair, so each distinct unit, date,
    # amount or source is checked and converted once and shared by every entry that has it
    # (less memory, too). Values all but unique (ids, notes, times) are not remembered.
    known: dict[str, tuple[str, Any]] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if not (line.startswith("- {") and line.endswith("}") and len(line) > 4):
            if not line.strip() or line.startswith("#"):
                continue  # a blank line or a comment
            return None
        current = _mapping(line, 3, len(line) - 1, known)
        if current is None:
            return None
        items.append((current, number))
    return items


def _mapping(
    line: str, position: int, end: int, known: dict[str, tuple[str, Any]]
) -> dict[str, Any] | None:
    """The flow mapping inside ``line[position:end]`` (``key: value, ...``) as data, or None.

    Cut at every ", " (in C: ``str.split``), then a quoted value cut inside its quotes is
    joined again up to its closing quote, each piece scanned once (``_quote_end``). No
    regular expression runs over a value: a pattern with a repeated group keeps a
    backtracking record per character (135 bytes each: 2.8 GB for a 20 MB note).
    """
    parts = line.split(", ")  # not a slice first: a long note is copied once, not twice
    parts[0] = parts[0][position:]
    parts[-1] = parts[-1][: len(parts[-1]) - (len(line) - end)]
    current: dict[str, Any] = {}
    count, index = len(parts), 0
    while index < count:
        piece = parts[index]
        pair = known.get(piece)
        if pair is None:
            read = _pair(parts, index)
            if read is None:
                return None
            (key, value), last = read
            if key not in _UNIQUE and last == index:  # a pair in one piece: remembered
                known[piece] = (key, value)
            index = last
        else:
            key, value = pair
        if key in current:
            return None
        current[key] = value
        index += 1
    return current


def _pair(parts: list[str], index: int) -> tuple[tuple[str, Any], int] | None:
    """The key and value starting at ``parts[index]``, and the index of the piece it ends
    in (a quoted value may span several), or None."""
    key, colon, written = parts[index].partition(": ")
    if not colon or not _NAME.fullmatch(key) or not written:
        return None
    if written[0] == "'":
        last = written
        stop = _quote_end(written, 0, len(written))
        if stop < 0:  # a ", " inside the quotes: join the pieces up to the closing one
            pieces = [written]
            while stop < 0 and index + 1 < len(parts):
                index += 1
                last = parts[index]
                pieces.append(last)
                stop = _quote_end(last, -1, len(last))  # still inside the quotes
            written = ", ".join(pieces)
        if stop != len(last):  # unclosed, or more after the closing quote
            return None
    elif _FLOW.search(written):
        return None
    value = _value(written)
    return None if value is _UNREAD else ((key, value), index)


def _quote_end(line: str, start: int, end: int) -> int:
    """Where a single-quoted scalar opening at ``start`` ends (after its quote), or -1."""
    position = start + 1
    while True:
        found = line.find("'", position, end)
        if found < 0:
            return -1
        if not line.startswith("'", found + 1, end):
            return found + 1
        position = found + 2  # a doubled quote stands for one


_UNREAD = object()


def _value(written: str) -> Any:
    """The data of one scalar as the real parser builds it, or ``_UNREAD``."""
    first = written[0]
    if first == "'":
        return written[1:-1].replace("''", "'")  # ``_quote_end`` checked every quote doubled
    if first in _SPECIAL_START or written[-1] in ": " or ": " in written or " #" in written:
        return _UNREAD
    if ":?" in written:
        return _UNREAD  # libyaml refuses it in a flow mapping; the real parser says where
    # PyYAML looks for implicit types by the first character, all of them ASCII.
    if first > "\x7f" or _AS_TEXT.fullmatch(written):
        return written
    tag: str = _RESOLVER.resolve(yaml.ScalarNode, written, _IMPLICIT)  # type: ignore[no-untyped-call]
    if tag == _STR:
        return written
    known, data = scalar_data(tag, written)
    return data if known else _UNREAD
