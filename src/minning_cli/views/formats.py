"""What each command can print, and how: per command, an enum of its formats and one table
from format to renderer.

A format is a member of its command's enum and an entry in the table beside it; a command
looks its renderer up (``STATUS_RENDERERS[format](view)``) instead of branching on the
format, and ``cli/formats.py`` makes each enum the choice of that command's ``--format``.
The enums live here, not in ``cli``, because the tables are keyed by them and views may not
import the command line.

A renderer writes its output to stdout. Each imports its view inside its body, so this
module imports nothing heavy and ``--format json`` never loads rich (``tests/test_startup.py``).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

from ..ledger.plain import as_plain
from ..text.errors import UsageError
from .csv_out import CsvEncoding
from .render_json import dumps, ledger_json, print_json, problems_json

if TYPE_CHECKING:
    from ..figures.calls import Call
    from ..figures.report import MonthReport
    from ..figures.review import ReviewReport
    from ..figures.status import StatusReport
    from ..ledger.book import Book
    from ..ledger.load import CheckReport
    from ..ledger.model import Ledger, Task

F = TypeVar("F", bound=StrEnum)
T = TypeVar("T")
Renderers: TypeAlias = Mapping[F, Callable[[T], None]]


# ---------------------------------------------------------------- check


class CheckFormat(StrEnum):
    """``minning check --format``."""

    TABLE = "table"
    JSON = "json"


def _check_table(report: CheckReport) -> None:
    from .render import print_check

    print_check(report)


def _check_json(report: CheckReport) -> None:
    print_json(problems_json(report.problems))


CHECK_RENDERERS: Renderers[CheckFormat, CheckReport] = {
    CheckFormat.TABLE: _check_table,
    CheckFormat.JSON: _check_json,
}


# ---------------------------------------------------------------- tasks


class TasksFormat(StrEnum):
    """``minning tasks --format``."""

    TABLE = "table"
    JSON = "json"


@dataclass(frozen=True)
class TaskListing:
    """What ``minning tasks`` shows: the whole table, or one row of it in full."""

    ledger: Ledger
    task: Task | None = None


def _tasks_table(listing: TaskListing) -> None:
    from .render import make_console, task_detail, tasks_table

    if listing.task is None:
        make_console().print(tasks_table(listing.ledger))
    else:
        make_console().print(task_detail(listing.task, listing.ledger))


def _tasks_json(listing: TaskListing) -> None:
    if listing.task is None:
        print_json(ledger_json(listing.ledger)["tasks"])
    else:
        print_json(as_plain(listing.task))


TASKS_RENDERERS: Renderers[TasksFormat, TaskListing] = {
    TasksFormat.TABLE: _tasks_table,
    TasksFormat.JSON: _tasks_json,
}


# ---------------------------------------------------------------- log


class LogFormat(StrEnum):
    """``minning log --format``."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"


LogRows: TypeAlias = list[dict[str, Any]]


@dataclass(frozen=True)
class LogView:
    """What ``log`` prints: the entries' rows, and the encoding a CSV is written in."""

    rows: LogRows
    encoding: CsvEncoding = CsvEncoding.UTF8


def _log_table(view: LogView) -> None:
    from .render import make_console
    from .render_log import log_table

    make_console().print(log_table(view.rows))


def _log_json(view: LogView) -> None:
    print_json(view.rows)


def _log_csv(view: LogView) -> None:
    from .csv_out import write_csv
    from .render import log_csv

    write_csv(log_csv(view.rows), view.encoding)


LOG_RENDERERS: Renderers[LogFormat, LogView] = {
    LogFormat.TABLE: _log_table,
    LogFormat.JSON: _log_json,
    LogFormat.CSV: _log_csv,
}


# ---------------------------------------------------------------- status


class StatusFormat(StrEnum):
    """``minning status --format``."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"


@dataclass(frozen=True)
class StatusView:
    """What ``minning status`` shows: the overview, or one unit, or one row."""

    report: StatusReport
    book: Book
    unit: str | None = None
    task: int | None = None


def _status_table(view: StatusView) -> None:
    from .render import make_console
    from .render_status import overview, task_view, unit_view

    console = make_console()
    if view.unit is not None:
        console.print(unit_view(view.report, view.book, view.unit))
    elif view.task is not None:
        console.print(task_view(view.report, view.book, view.task))
    else:
        console.print(overview(view.report, view.book, width=console.width))


def _status_json(view: StatusView) -> None:
    from ..figures.status import filter_report

    print_json(filter_report(view.report, view.unit, view.task))


def _overview_only(view: StatusView) -> None:
    if view.unit or view.task:
        raise UsageError("csv 和 markdown 只用于全区总表；单位或任务的详情请用 table 或 json")


def _status_csv(view: StatusView) -> None:
    from .render_status_text import overview_csv

    _overview_only(view)
    sys.stdout.write(overview_csv(view.report, view.book.ledger))


def _status_markdown(view: StatusView) -> None:
    from .render_status_text import overview_markdown

    _overview_only(view)
    sys.stdout.write(overview_markdown(view.report, view.book.ledger))


STATUS_RENDERERS: Renderers[StatusFormat, StatusView] = {
    StatusFormat.TABLE: _status_table,
    StatusFormat.JSON: _status_json,
    StatusFormat.CSV: _status_csv,
    StatusFormat.MARKDOWN: _status_markdown,
}


# ---------------------------------------------------------------- calls


class CallsFormat(StrEnum):
    """``minning calls --format``."""

    TABLE = "table"
    JSON = "json"


@dataclass(frozen=True)
class CallList:
    """What ``minning calls`` shows: the calls kept, out of how many, and how they were found."""

    calls: Sequence[Call]
    total: int
    as_of: dt.date
    silent_days: int
    ledger: Ledger


def _calls_table(found: CallList) -> None:
    from .render import make_console
    from .render_calls import calls_view

    view = calls_view(found.calls, found.total, found.as_of, found.silent_days, found.ledger)
    make_console().print(view)


def _calls_json(found: CallList) -> None:
    print_json([call.as_json() for call in found.calls])


CALLS_RENDERERS: Renderers[CallsFormat, CallList] = {
    CallsFormat.TABLE: _calls_table,
    CallsFormat.JSON: _calls_json,
}


# ---------------------------------------------------------------- report


class ReportFormat(StrEnum):
    """``minning report --format``."""

    TEXT = "text"
    MARKDOWN = "markdown"
    DOCX = "docx"
    JSON = "json"


def _report_text(report: MonthReport) -> bytes:
    from .render_report import report_text

    return report_text(report).encode("utf-8")


def _report_markdown(report: MonthReport) -> bytes:
    from .render_report import report_markdown

    return report_markdown(report).encode("utf-8")


def _report_docx(report: MonthReport) -> bytes:
    from .docx_report import report_docx

    return report_docx(report)


def _report_json(report: MonthReport) -> bytes:
    return (dumps(report.as_json()) + "\n").encode("utf-8")


# A report is bytes: printed, or written to the file of ``-o`` (docx only there).
REPORT_RENDERERS: dict[ReportFormat, Callable[[MonthReport], bytes]] = {
    ReportFormat.TEXT: _report_text,
    ReportFormat.MARKDOWN: _report_markdown,
    ReportFormat.DOCX: _report_docx,
    ReportFormat.JSON: _report_json,
}
BINARY_REPORTS = frozenset({ReportFormat.DOCX})


# ---------------------------------------------------------------- review


class ReviewFormat(StrEnum):
    """``minning review --format``."""

    TEXT = "text"
    JSON = "json"


def _review_text(report: ReviewReport) -> None:
    from .render import make_console
    from .render_review import print_review

    print_review(report, make_console())


def _review_json(report: ReviewReport) -> None:
    from .render_review import review_json

    print_json(review_json(report))


REVIEW_RENDERERS: Renderers[ReviewFormat, ReviewReport] = {
    ReviewFormat.TEXT: _review_text,
    ReviewFormat.JSON: _review_json,
}
