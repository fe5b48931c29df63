"""Problems as values, and the one exception a user can cause."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One located problem: ``file:line:column: message`` with the offending line."""

    file: str
    line: int | None
    column: int | None
    message: str
    severity: Severity = "error"
    source_line: str | None = None

    @property
    def is_error(self) -> bool:
        """True for an error, False for a warning."""
        return self.severity == "error"

    def location(self) -> str:
        """The ``file:line:col`` prefix editors can jump to."""
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def as_dict(self) -> dict[str, object]:
        """The JSON form used by ``--format json``."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "message": self.message,
        }


class MinningError(Exception):
    """Anything the user caused: a bad file, an unknown unit, a bad amount.

    It carries one or more problems; the CLI prints them and exits 1.
    """

    def __init__(self, problems: str | Problem | Iterable[Problem]) -> None:
        if isinstance(problems, str):
            problems = [Problem(file="", line=None, column=None, message=problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: Sequence[Problem] = tuple(problems)
        super().__init__("\n".join(p.message for p in self.problems))


class UsageError(MinningError):
    """A command-line mistake (missing argument, bad option value): exit status 2."""


def errors_only(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that are errors, in order."""
    return [p for p in problems if p.is_error]
