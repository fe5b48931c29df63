"""YAML text to plain data, remembering where every node stood.

PyYAML's constructors lose positions, keep the last of two duplicated keys, follow aliases
without limit and (outside the safe loader) build Python objects from tags. This module
composes the node graph with the safe loader (libyaml's C parser when present) and builds
the data itself, so that:

- every value and every mapping key has a 1-based (line, column);
- a duplicated key, an alias, a tab in indentation or an unknown tag is a located error;
- scalars follow the YAML 1.2 core schema where YAML 1.1 surprises people: only
  ``true``/``false`` are booleans (``no``, ``yes``, ``on`` stay text), integers with a
  leading zero, hex, octal or ``1:20`` stay text (a phone number is never turned into 377),
  and decimal numbers become ``Decimal`` from their exact text, never a binary float.

Nothing here opens a file; ``load`` passes the text in.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import yaml

from .errors import Problem
from .sourcemap import Mark as Mark  # re-exported: the location types began here
from .sourcemap import Path as Path
from .sourcemap import SourceMap as SourceMap
from .yaml_messages import YAML_MESSAGES

try:  # libyaml's parser is several times faster; fall back cleanly without it.
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"

_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_PLAIN_DECIMAL = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass
class Parsed:
    """What ``parse`` returns: the data (None when unusable), its source map, the problems."""

    data: Any
    source: SourceMap
    problems: list[Problem]


MAX_DEPTH = 100  # levels of nesting the builder follows
_LINE_END = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """Lines as editors count them (\\r\\n, \\n or \\r end a line)."""
    return _LINE_END.split(text)


def _line_starts(text: str) -> list[int]:
    return [0, *(found.end() for found in _LINE_END.finditer(text))]


def parse(text: str, file: str) -> Parsed:
    """Parse one YAML document into plain data with marks; never raises on bad input."""
    source = SourceMap(file=file, lines=split_lines(text), starts=_line_starts(text))
    tabs = list(_tab_indentation(source))
    problems = [*_conflict_markers(source), *_hidden_breaks(source)]
    if problems:
        return Parsed(None, source, [*tabs, *problems])
    if not text.strip():
        return Parsed(None, source, [source.problem((1, 1), "文件为空")])
    # A line of nothing but spaces and tabs is blank to YAML 1.2 and to a reader; libyaml
    # stumbles on its tab ("while scanning a plain scalar"). Spaces for tabs there keep every
    # position where it was.
    loader = _Loader(_BLANK_WITH_TAB.sub(_spaces, text) if "\t" in text else text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        # Tabs where indentation goes: libyaml would stop at the first with a vaguer
        # message; report every one. (Tabs that libyaml reads as content are no problem.)
        return Parsed(None, source, tabs or [_yaml_problem(source, exc)])
    except yaml.reader.ReaderError as exc:
        return Parsed(None, source, [_reader_problem(source, text, exc)])
    except yaml.YAMLError as exc:  # pragma: no cover - every other YAMLError carries a mark
        return Parsed(None, source, [source.problem(None, f"YAML 格式错误：{exc}")])
    finally:
        loader.dispose()
    if node is None:
        return Parsed(None, source, [source.problem((1, 1), "文件里只有注释，没有内容")])
    builder = _Builder(source)
    data = builder.build(node, ())
    if builder.saw_alias:
        builder.problems.extend(_alias_problems(text, source))
    elif "&" in text:  # an anchor no alias uses: refused too, as the README says
        builder.problems.extend(_anchor_problems(text, source))
    if builder.problems:
        return Parsed(None, source, builder.problems)
    return Parsed(data, source, [])


_BLANK_WITH_TAB = re.compile(r"^[ \t]*\t[ \t]*(?=\r\n|\r|\n|\Z)", re.MULTILINE)


def _spaces(found: re.Match[str]) -> str:
    return " " * len(found.group())


def _tab_indentation(source: SourceMap) -> Iterator[Problem]:
    for number, line in enumerate(source.lines, start=1):
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" in line[:indent] and line.strip():
            column = line.index("\t") + 1
            yield source.problem(
                (number, column), "缩进里有制表符（Tab），YAML 只能用空格缩进；请把 Tab 换成空格"
            )


_HIDDEN_BREAK = re.compile("[\x85\u2028\u2029]")


def _hidden_breaks(source: SourceMap) -> Iterator[Problem]:
    """NEL and the Unicode line and paragraph separators: YAML ends a line there, editors
    do not, so what the file means is not what it shows (a comment goes on as data)."""
    for number, line in enumerate(source.lines, start=1):
        for found in _HIDDEN_BREAK.finditer(line):
            code = f"U+{ord(found.group()):04X}"
            yield source.problem(
                (number, found.start() + 1),
                f"这里有编辑器里看不见的换行符（{code}），YAML 会在这里换行；请删去它"
                "（文本里需要换行时用双引号和 \\n）",
            )


_CONFLICT_MARKER = re.compile(r"(<{7}|>{7})(?: |$)|={7}$")


def _conflict_markers(source: SourceMap) -> Iterator[Problem]:
    """The lines a git merge conflict left (``<<<<<<<``, ``=======``, ``>>>>>>>``)."""
    if not any(line.startswith("<<<<<<<") for line in source.lines):
        return
    for number, line in enumerate(source.lines, start=1):
        found = _CONFLICT_MARKER.match(line)
        if found:
            marker = line[:7]
            yield source.problem(
                (number, 1),
                f"这里有 git 合并冲突留下的标记“{marker}”：请保留正确的内容，"
                "删去 <<<<<<<、=======、>>>>>>> 这几行",
            )


def _yaml_problem(source: SourceMap, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    unclosed = any(
        found in (exc.problem or "")
        for found in ("end of stream", "document indicator", "expected ','", "expected ':'")
    )
    if exc.context_mark is not None and unclosed:
        # An unclosed bracket or quote, or a key without its colon, is found lines later;
        # point at where it began.
        mark = exc.context_mark
    english = f"{exc.context or ''} {exc.problem or ''}".strip()
    message = next((zh for en, zh in YAML_MESSAGES if en in english), None)
    if message is None:
        message = f"YAML 格式错误（{english}）"
    if mark is None:
        return source.problem(None, message)
    line, column = source.mark(mark.index)
    if line == len(source.lines) > 1 and not source.lines[-1]:
        # A mark past the last line end (the end of the stream) is shown on the last line.
        line -= 1
        column = len(source.lines[line - 1]) + 1
    return source.problem((line, column), message)


def _reader_problem(source: SourceMap, text: str, exc: yaml.reader.ReaderError) -> Problem:
    """A character YAML does not allow (a control character, such as ESC), at its first place.

    The reader's ``position`` counts bytes in libyaml and characters in PyYAML, so the
    character itself is looked up instead.
    """
    character = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
    index = text.find(character)
    code = f"U+{ord(character):04X}" if len(character) == 1 else repr(character)
    message = (
        f"文件里有 YAML 不允许的控制字符（{code}）；请删去它，或在双引号文本里写成转义（如 \\x1b）"
    )
    if index < 0:  # pragma: no cover - the reader reports a character of the text
        return source.problem(None, message)
    before = split_lines(text[:index])
    return source.problem((len(before), len(before[-1]) + 1), message)


def _alias_problems(text: str, source: SourceMap) -> list[Problem]:
    """Locate each alias (``*name``): libyaml's node graph only shows that one was used."""
    problems = []
    loader = _Loader(text)
    try:
        while loader.check_event():
            event = loader.get_event()  # type: ignore[no-untyped-call]
            if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
                mark = source.mark(event.start_mark.index)
                problems.append(
                    source.problem(mark, f"不支持 YAML 别名（*{event.anchor}）：请把内容直接写出")
                )
    finally:
        loader.dispose()
    return problems or [source.problem(None, "不支持 YAML 锚点与别名（& 与 *）")]


def _anchor_problems(text: str, source: SourceMap) -> list[Problem]:
    """Locate each anchor (``&name``); none when the ``&`` only stood in a text."""
    problems = []
    loader = _Loader(text)
    try:
        while loader.check_event():
            event = loader.get_event()  # type: ignore[no-untyped-call]
            anchor = getattr(event, "anchor", None)
            if anchor is not None and event.start_mark is not None:
                problems.append(
                    source.problem(
                        source.mark(event.start_mark.index),
                        f"不支持 YAML 锚点（&{anchor}）：请删去它；文本以 & 开头时请用引号括起",
                    )
                )
    finally:
        loader.dispose()
    return problems


def scalar_data(tag: str, value: str) -> tuple[bool, Any]:
    """A resolved scalar as data: ``(True, data)``, or ``(False, None)`` for a tag not read."""
    if tag == _STR:
        return True, value
    if tag == _NULL:
        return True, None
    if tag == _BOOL:
        return True, {"true": True, "false": False}.get(value.lower(), value)
    if tag == _INT:
        if not _PLAIN_INT.fullmatch(value):
            return True, value
        try:
            return True, int(value)
        except ValueError:
            # More digits than Python turns into an integer (4300); the schema refuses the
            # text as it stands instead of the loader crashing.
            return True, value
    if tag == _FLOAT:
        return True, Decimal(value) if _PLAIN_DECIMAL.fullmatch(value) else value
    if tag == _TIMESTAMP:
        if _DATE.fullmatch(value):
            try:
                return True, dt.date.fromisoformat(value)
            except ValueError:
                return True, value
        return True, value
    return False, None


class _Builder:
    """Builds plain data from a node graph, recording marks and collecting problems."""

    def __init__(self, source: SourceMap) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self.seen: set[int] = set()
        self.saw_alias = False
        self.too_deep = False

    def mark(self, node: yaml.Node) -> Mark:
        return self.source.mark(node.start_mark.index)

    def build(self, node: yaml.Node, path: Path) -> Any:
        self.source.values[path] = self.mark(node)
        if len(path) > MAX_DEPTH:
            # Deeper than any ledger goes, and than Python's recursion may go.
            if not self.too_deep:
                self.too_deep = True
                self.problems.append(
                    self.source.problem(
                        self.mark(node),
                        f"括号或缩进嵌套太深（超过 {MAX_DEPTH} 层）：台账只需要几层",
                    )
                )
            return None
        # An alias yields the very node it refers to; refusing a second visit stops an
        # alias bomb before it grows, and keeps the data a tree. A scalar alias too.
        if id(node) in self.seen:
            self.saw_alias = True
            return None
        self.seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                self.bad_tag(node)
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                self.bad_tag(node)
            return self.mapping(node, path)
        raise TypeError(f"unexpected YAML node {node!r}")  # a bug, not bad input

    def mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(
                    self.source.problem(self.mark(key_node), "键必须是简单文本，不能是列表或映射")
                )
                continue
            if key_node.tag not in (_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP):
                self.bad_tag(key_node)
                continue
            # Keys are always text: a key ``no`` must not turn into False.
            key = key_node.value
            child = (*path, key)
            if key in result:
                first = self.source.keys[child]
                self.problems.append(
                    self.source.problem(
                        self.mark(key_node),
                        f"键“{key}”重复（第 {first[0]} 行已有）；YAML 只会保留后一个，请删去其一",
                    )
                )
                continue
            self.source.keys[child] = self.mark(key_node)
            result[key] = self.build(value_node, child)
        return result

    def scalar(self, node: yaml.ScalarNode) -> Any:
        known, data = scalar_data(node.tag, node.value)
        if not known:
            self.bad_tag(node)
        return data

    def bad_tag(self, node: yaml.Node) -> None:
        self.problems.append(
            self.source.problem(
                self.mark(node),
                f"不支持的 YAML 标签 {node.tag.replace('tag:yaml.org,2002:', '!!')}：为安全起见，文件内容只作为数据读取，从不执行",
            )
        )
