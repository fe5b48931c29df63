"""Loading never fails with an exception: any text yields a ledger or located errors.

The texts are the shipped tasks.yaml and a real progress file, mutated the ways hands and
tools break files (lines deleted, duplicated, moved or cut; characters inserted, deleted or
replaced, YAML's own indicators and control characters among them), and free text and
bytes. For every one: either the ledger loads (and then status and the tables render), or
every problem names a line of the file, a column on it, and a message in Chinese.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from minning_cli.figures.status import compute_status
from minning_cli.ledger.datadir import display_path
from minning_cli.ledger.load import book_from_bytes, check_all, load_book
from minning_cli.ledger.model import Entry
from minning_cli.ledger.progress import progress_from_bytes, read_progress
from minning_cli.ledger.tasks_file import read_tasks
from minning_cli.text.errors import MinningError, Problem, errors_only
from minning_cli.text.yamlsource import split_lines
from minning_cli.views.render import tasks_table
from minning_cli.views.render_status import overview, task_view, unit_view
from minning_cli.writing.write import entry_block, file_header

from .conftest import FIXTURES, SHIPPED

TASKS_TEXT = (SHIPPED / "tasks.yaml").read_text(encoding="utf-8")
PROGRESS_TEXT = (FIXTURES / "golden" / "2023-06.yaml").read_text(encoding="utf-8")
# What breaks YAML: its indicators, quotes, whitespace, line breaks, control characters,
# a byte-order mark, a digit, and Chinese.
TROUBLE = [
    *":-[]{}#&*!|>'\"%@`,?~ \t\n\r",
    "\x00", "\x1b", "\x85", "\u2028", "\ufeff", "0", "9", "枸", "：", "---", "...", "<<<<<<< ",
]  # fmt: skip
NOW = dt.datetime(2023, 6, 12, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
ENGLISH = re.compile(r"[A-Za-z]{4,} [A-Za-z]{3,} [A-Za-z]{3,}")  # an untranslated sentence

settings.register_profile("minning", suppress_health_check=[HealthCheck.too_slow])
# A failing example is the whole file; its size is no reason for a warning.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")


@st.composite
def mutated(draw: st.DrawFn, original: str) -> str:
    """The text after a few edits of the kinds that break real files."""
    lines = original.splitlines(keepends=True)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        if not lines:
            lines = [""]
        at = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        other = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        line = lines[at]
        spot = draw(st.integers(min_value=0, max_value=len(line)))
        edit = draw(st.sampled_from(["delete line", "duplicate line", "move line", "cut here",
                                     "delete chars", "insert", "replace", "indent", "dedent"]))  # fmt: skip
        if edit == "delete line":
            del lines[at]
        elif edit == "duplicate line":
            lines.insert(other, line)
        elif edit == "move line":
            lines.insert(other, lines.pop(at))
        elif edit == "cut here":  # a file truncated mid-line
            lines = [*lines[:at], line[:spot]]
        elif edit == "delete chars":
            lines[at] = line[:spot] + line[spot + draw(st.integers(1, 5)) :]
        elif edit == "insert":
            lines[at] = line[:spot] + draw(st.sampled_from(TROUBLE)) + line[spot:]
        elif edit == "replace":
            lines[at] = line[:spot] + draw(st.sampled_from(TROUBLE)) + line[spot + 1 :]
        elif edit == "indent":
            lines[at] = " " * draw(st.integers(1, 3)) + line
        else:
            lines[at] = line.lstrip(" ")
    return "".join(lines)


def assert_located(problems: list[Problem], raw: bytes) -> None:
    """Every problem names a line of the file (and a column on it), in Chinese."""
    text = raw.decode("utf-8", errors="replace")
    lines = split_lines(text.removeprefix("\ufeff"))
    for problem in problems:
        assert problem.line is not None, problem
        assert 1 <= problem.line <= len(lines), (problem, len(lines))
        assert problem.column is not None and problem.column >= 1, problem
        assert problem.column <= len(lines[problem.line - 1]) + 1, problem
        assert not ENGLISH.search(problem.message), problem.message
        assert "YAML 格式错误" not in problem.message, problem.message


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("load") / "data"
    (data / "progress").mkdir(parents=True)
    (data / "tasks.yaml").write_text(TASKS_TEXT, encoding="utf-8")
    return data


def tasks_yaml_yields_ledger_or_located_errors(folder: Path, raw: bytes) -> None:
    (folder / "tasks.yaml").write_bytes(raw)
    ledger, _source, problems = read_tasks(folder)
    if ledger is None:
        assert errors_only(problems)
    else:
        assert not errors_only(problems)
        # A ledger that loads is one the reports can show, whatever the edit left in it.
        book = load_book(folder)
        report = compute_status(book, dt.date(2023, 6, 30))
        console = Console(file=io.StringIO(), width=100)
        console.print(tasks_table(ledger), overview(report, book))
        for task in ledger.tasks[:3]:
            console.print(task_view(report, book, task.no))
        for unit in ledger.units[:3]:
            console.print(unit_view(report, book, unit.name))
    assert_located([p for p in problems if p.file.endswith("tasks.yaml")], raw)


@settings(settings.get_profile("minning"), max_examples=400, deadline=None)
@given(text=mutated(TASKS_TEXT))
def test_mutated_tasks_yaml(folder: Path, text: str) -> None:
    tasks_yaml_yields_ledger_or_located_errors(folder, text.encode("utf-8"))


@settings(settings.get_profile("minning"), max_examples=200, deadline=None)
@given(text=st.text(st.characters(exclude_categories=["Cs"]), max_size=300))
def test_any_text_as_tasks_yaml(folder: Path, text: str) -> None:
    tasks_yaml_yields_ledger_or_located_errors(folder, text.encode("utf-8"))


@settings(settings.get_profile("minning"), max_examples=200, deadline=None)
@given(raw=st.binary(max_size=300) | mutated(TASKS_TEXT).map(lambda t: t.encode("gbk", "replace")))
def test_any_bytes_as_tasks_yaml(folder: Path, raw: bytes) -> None:
    tasks_yaml_yields_ledger_or_located_errors(folder, raw)


def progress_file_yields_entries_or_located_errors(folder: Path, raw: bytes) -> None:
    (folder / "tasks.yaml").write_text(TASKS_TEXT, encoding="utf-8")
    month = folder / "progress" / "2023-06.yaml"
    month.write_bytes(raw)
    ledger, _source, _problems = read_tasks(folder)
    assert ledger is not None
    _entries, _voids, _places, problems = read_progress(folder, ledger)
    assert_located([p for p in problems if p.is_error], raw)
    report = check_all(folder)
    assert [p for p in report.problems if p.file.endswith("2023-06.yaml")] == problems
    # The same bytes read as another version (from git) give the same problems.
    assert progress_from_bytes([(display_path(month), raw)], ledger).problems == problems


@settings(settings.get_profile("minning"), max_examples=300, deadline=None)
@given(text=mutated(PROGRESS_TEXT))
def test_mutated_progress_file(folder: Path, text: str) -> None:
    progress_file_yields_entries_or_located_errors(folder, text.encode("utf-8"))


@settings(settings.get_profile("minning"), max_examples=200, deadline=None)
@given(
    raw=st.text(st.characters(exclude_categories=["Cs"]), max_size=300).map(str.encode)
    | st.binary(max_size=300)
)
def test_any_text_or_bytes_as_a_progress_file(folder: Path, raw: bytes) -> None:
    progress_file_yields_entries_or_located_errors(folder, raw)


def test_a_document_that_is_only_null(folder: Path) -> None:
    (folder / "tasks.yaml").write_text("~\n", encoding="utf-8")
    _ledger, _source, problems = read_tasks(folder)
    assert [(p.line, p.column, p.message) for p in problems] == [
        (1, 1, "tasks.yaml 的顶层应为映射（ledger:、units:、tasks: 等）")
    ]
    (folder / "tasks.yaml").write_text(TASKS_TEXT, encoding="utf-8")
    (folder / "progress" / "2023-06.yaml").write_text("# 空\nnull\n", encoding="utf-8")
    report = check_all(folder)
    assert [(p.line, p.column, p.message) for p in report.problems if p.is_error] == [
        (2, 1, "进展文件的顶层应为列表（每条记录以“- ”开头）")
    ]


def test_bytes_that_are_not_utf8_after_a_carriage_return(folder: Path) -> None:
    (folder / "tasks.yaml").write_bytes(b"a: 1\rb: \xc8\xfd\r\nc: 2\n")
    _ledger, _source, problems = read_tasks(folder)
    assert [(p.line, p.column, p.source_line) for p in problems] == [(2, 4, "b: \ufffd\ufffd")]


def test_a_version_from_git_is_read_like_the_files_on_disk(folder: Path) -> None:
    """A file in the writer's layout (read without parsing YAML) still gets located problems."""
    (folder / "tasks.yaml").write_text(TASKS_TEXT, encoding="utf-8")
    entry = Entry(id="2023-06-12-abcd12", date=dt.date(2023, 6, 12), unit="无此单位", task=4,
                  kind="increment", amount=Decimal("20"), recorded_at=NOW)  # fmt: skip
    raw = (file_header("2023-06") + "\n" + entry_block(entry)).encode("utf-8")
    month = folder / "progress" / "2023-06.yaml"
    month.write_bytes(raw)
    on_disk = [p for p in check_all(folder).problems if p.is_error]
    assert [(p.line, p.column) for p in on_disk] == [(4, 51)]  # where 无此单位 stands
    tasks = ("HEAD:data/tasks.yaml", TASKS_TEXT.encode("utf-8"))
    with pytest.raises(MinningError) as raised:
        book_from_bytes(folder, tasks, [(display_path(month), raw)])
    assert list(raised.value.problems) == on_disk
