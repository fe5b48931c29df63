"""Reading ``tasks.yaml``: bytes → the checked ledger with its source map, or every problem."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..text.decode import decode_text, read_bytes
from ..text.errors import Problem, errors_only
from ..text.sourcemap import SourceMap
from .cache import ParseCache, digest
from .datadir import TASKS_FILE, display_path
from .marks import review_marks
from .model import Ledger
from .summary_tasks import load_tasks, store_tasks
from .validate import validate_ledger


@dataclass
class TasksFile:
    """``tasks.yaml`` as read: the ledger (None if it has errors), its marks, every problem.

    ``digest`` is the hash of its bytes, empty when they could not be read.
    """

    ledger: Ledger | None
    source: SourceMap
    problems: list[Problem]
    digest: str = ""


def read_tasks(data_dir: Path) -> tuple[Ledger | None, SourceMap, list[Problem]]:
    """Read and check ``tasks.yaml``: the ledger (None if it has errors) and every problem."""
    tasks = read_tasks_file(data_dir)
    return tasks.ledger, tasks.source, tasks.problems


def read_tasks_file(data_dir: Path) -> TasksFile:
    """Read and check ``tasks.yaml``, through the parse cache."""
    path = data_dir / TASKS_FILE
    shown = display_path(path)
    raw, problems = read_bytes(path, shown)
    if raw is None:
        return TasksFile(None, SourceMap(shown, []), problems)
    key = digest(raw)
    cache = ParseCache(data_dir)
    cached = load_tasks(cache, key, shown)
    if cached is not None:
        return TasksFile(*cached, digest=key)
    text, problems = decode_text(raw, shown)
    if text is None:
        return TasksFile(None, SourceMap(shown, []), problems, key)
    ledger, source, more = tasks_from_text(text, shown)
    problems += more
    if ledger is None:
        return TasksFile(None, source, problems, key)
    store_tasks(cache, key, ledger, source, problems)
    return TasksFile(ledger, source, problems, key)


def tasks_from_text(text: str, shown: str) -> tuple[Ledger | None, SourceMap, list[Problem]]:
    """Parse and check the text of a ``tasks.yaml``: the ledger (None if it has errors)."""
    # Only a changed table is parsed and validated: a warm run imports neither.
    from ..text.yamlsource import parse
    from .schema_errors import schema_problems
    from .validation import ValidationError, validated

    parsed = parse(text, shown)
    problems = list(parsed.problems)
    if parsed.problems:  # (data None without problems is a document that says only null)
        return None, parsed.source, problems
    if not isinstance(parsed.data, dict):
        problems.append(
            parsed.source.problem(
                parsed.source.at(()), "tasks.yaml 的顶层应为映射（ledger:、units:、tasks: 等）"
            )
        )
        return None, parsed.source, problems
    try:
        ledger = validated(Ledger, parsed.data)
    except ValidationError as exc:
        problems += schema_problems(exc, parsed.source, model=Ledger)
        return None, parsed.source, problems
    problems += validate_ledger(ledger, parsed.source)
    problems += review_marks(text, shown)
    return (None if errors_only(problems) else ledger), parsed.source, problems
