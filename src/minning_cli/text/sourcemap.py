"""Where each node of a file stood: the marks that turn a problem into ``file:line:col``.

Kept apart from ``yamlsource`` so that code which only reports locations (and a cached
ledger, which carries its source map) does not need the YAML parser.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from .errors import Problem

Path = tuple[str | int, ...]
Mark = tuple[int, int]


@dataclass
class SourceMap:
    """Where each node of one file stood: values by path, keys by the path they name."""

    file: str
    lines: list[str]
    values: dict[Path, Mark] = field(default_factory=dict)
    keys: dict[Path, Mark] = field(default_factory=dict)
    starts: list[int] = field(default_factory=list)  # the index each line starts at

    def mark(self, index: int) -> Mark:
        """The (line, column) of a character index, counting lines as editors do.

        YAML's own marks also count NEL and the Unicode line and paragraph separators as
        line ends, which editors do not; the character index they carry is exact.
        """
        line = max(bisect.bisect_right(self.starts, index), 1)
        return line, index - self.starts[line - 1] + 1

    def line_text(self, line: int | None) -> str | None:
        """The text of a 1-based line, without its line end."""
        if line is None or not 1 <= line <= len(self.lines):
            return None
        return self.lines[line - 1]

    def problem(self, mark: Mark | None, message: str, severity: str = "error") -> Problem:
        """A problem at a mark of this file, carrying the offending line."""
        line, column = mark if mark is not None else (None, None)
        return Problem(
            file=self.file,
            line=line,
            column=column,
            message=message,
            severity="warning" if severity == "warning" else "error",
            source_line=self.line_text(line),
        )

    def at(self, path: Path, *, key: bool = False) -> Mark | None:
        """The mark of ``path``, or of its nearest ancestor that has one."""
        if key and path in self.keys:
            return self.keys[path]
        while True:
            if path in self.values:
                return self.values[path]
            if not path:
                return None
            path = path[:-1]
