"""``minning import``: a unit's spreadsheet (CSV or xlsx) of figures, all rows or none.

Every row is checked against the ledger and against the rows before it (so ids stay unique
and a falling cumulative figure is noticed); any bad row is reported by its row number and
nothing is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..ledger.book import Book
from ..ledger.datadir import display_path
from ..ledger.model import Entry
from ..ledger.resolve import parse_date
from ..ledger.summary_extend import Appended
from ..text.amounts import whole_number
from ..text.clock import local_now
from ..text.errors import MinningError, Problem
from .record import Known, Outcome, Request, build_entry, default_by
from .slips import SlipChecker, SlipsFound, located
from .write import append, check_then_write, reloader

# Column header (lower-cased) → request field.
HEADERS = {
    "日期": "date", "date": "date",
    "单位": "unit", "unit": "unit",
    "任务": "task", "task": "task", "序号": "task",
    "金额": "amount", "数额": "amount", "amount": "amount",
    "累计": "total", "total": "total",
    "完成": "done", "done": "done",
    "备注": "note", "note": "note",
    "来源": "source", "source": "source",
    # Row 2's dispatch terms and returns, row 11's fund figures.
    "派出日期": "start", "start": "start",
    "计划月数": "months", "months": "months",
    "返回": "ref", "选派记录": "ref", "ref": "ref",
    "到位": "received", "received": "received",
    "拨付": "disbursed", "disbursed": "disbursed",
    "使用": "used", "used": "used",
}  # fmt: skip
REQUIRED = ("date", "unit", "task")
_YES = {"是", "y", "yes", "true", "1", "累计", "完成", "√", "✓"}
_NO = {"", "否", "n", "no", "false", "0"}


@dataclass(frozen=True)
class ImportResult:
    """The outcomes of every row, in order."""

    outcomes: tuple[Outcome, ...]


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    """The header and the numbered data rows of a CSV or xlsx file."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = list(_csv_rows(path))
    elif suffix in (".xlsx", ".xlsm"):
        rows = list(_xlsx_rows(path))
    else:
        raise MinningError(f"只能导入 .csv 或 .xlsx 文件，而不是“{path.name}”")
    if not rows:
        raise MinningError(f"{path.name} 是空的")
    header = ["" if cell is None else str(cell).strip() for cell in rows[0][1]]
    data = [(n, r) for n, r in rows[1:] if any(c not in (None, "") for c in r)]
    return header, data


def _csv_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on a Chinese Windows saves CSV in GBK.
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            raise MinningError(f"{path.name} 既不是 UTF-8 也不是 GBK 编码，无法读取") from None
    for number, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
        yield number, list(row)


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    # What a file that is not a workbook (or a damaged one) makes openpyxl raise.
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise MinningError(
            f"无法读取 {path.name}：不是有效的 xlsx 文件（{type(exc).__name__}）"
        ) from None
    try:
        sheet = workbook.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(row)
    finally:
        workbook.close()


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float):
        # A spreadsheet number: repr gives the shortest text that reads back the same.
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date | int | Decimal):
        return str(value)
    text = str(value).strip()
    return text or None


def _flag(value: Any, column: str) -> bool:
    text = (_text(value) or "").lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise MinningError(f"“{column}”一栏应填 是 或 留空，而不是“{text}”")


def _months(value: Any) -> int | None:
    """计划月数: a whole number of months, or empty."""
    text = _text(value)
    if text is None:
        return None
    number = whole_number(text)
    if number is None or not 1 <= number <= 120:
        raise MinningError(f"“计划月数”一栏应为 1 到 120 的整数，而不是“{text}”")
    return number


def import_file(
    data_dir: Path,
    path: Path,
    *,
    dry_run: bool = False,
    yes: bool = False,
    by: str | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> ImportResult:
    """Check every row of a spreadsheet and, if all are good, append them all."""
    now = now or local_now()
    today = today or now.date()
    shown = display_path(path)
    if not path.is_file():
        raise MinningError(f"找不到文件 {shown}")
    try:
        header, rows = read_rows(path)
    except OSError as exc:
        raise MinningError(f"无法读取 {shown}：{exc.strerror or exc}") from None
    fields = [HEADERS.get(h.lower()) for h in header]
    missing = [f for f in REQUIRED if f not in fields]
    if missing:
        names = {"date": "日期", "unit": "单位", "task": "任务"}
        raise MinningError(
            Problem(shown, 1, None, f"缺少表头：{'、'.join(names[f] for f in missing)}"
                    f"（表头可用：日期、单位、任务、金额、累计、完成、备注、来源；"
                    f"任务2 另有 派出日期、计划月数、返回，任务11 另有 到位、拨付、使用）")
        )  # fmt: skip
    recorder = by or default_by(data_dir)

    def build_all(book: Book) -> list[Outcome]:
        known = Known.of(book)
        year = book.ledger.ledger.year
        checker = SlipChecker(known)
        outcomes: list[Outcome] = []
        problems: list[Problem] = []
        slips: list[Problem] = []
        for number, row in rows:
            values = {f: row[i] if i < len(row) else None for i, f in enumerate(fields) if f}
            try:
                request = Request(
                    unit=_text(values.get("unit")) or "",
                    task=_text(values.get("task")) or "",
                    amount=_text(values.get("amount")),
                    date=parse_date(_text(values.get("date")), "日期", year=lambda: year)
                    if values.get("date")
                    else None,
                    total=_flag(values.get("total"), "累计"),
                    done=_flag(values.get("done"), "完成"),
                    note=_text(values.get("note")),
                    source=_text(values.get("source")) or f"导入 {path.name}",
                    by=recorder,
                    start=parse_date(_text(values.get("start")), "派出日期")
                    if values.get("start")
                    else None,
                    months=_months(values.get("months")),
                    ref=_text(values.get("ref")),
                    received=_text(values.get("received")),
                    disbursed=_text(values.get("disbursed")),
                    used=_text(values.get("used")),
                )
                if not request.unit or not request.task or request.date is None:
                    raise MinningError("日期、单位、任务都不能为空")
                outcome = build_entry(
                    book, request, today=today, now=now, by=lambda: recorder, known=known
                )
            except MinningError as exc:
                problems += [
                    Problem(shown, number, None, f"第 {number} 行：{p.message}")
                    for p in exc.problems
                ]
                continue
            outcomes.append(outcome)
            assert isinstance(outcome.entry, Entry)
            if not yes:
                slips += located(shown, number, checker.check(outcome.entry))
            checker.add(outcome.entry)
            known.add(outcome.entry)  # later rows see it: ids stay unique, totals compare
        if problems:
            raise MinningError(problems)
        if slips:  # every row's slips, listed before anything is written
            raise SlipsFound(slips)
        if not outcomes:
            raise MinningError(f"{shown} 里没有数据行")
        return outcomes

    checked: list[tuple[Book, list[Outcome]]] = []
    load = reloader(data_dir)

    def prepare() -> list[Outcome]:
        book = load()
        # Under the lock the rows are checked again, against what other writers may have
        # added; the loader hands back the very same book when no byte changed, and then the
        # first check stands (checking thousands of rows twice is most of an import).
        if checked and checked[0][0] is book:
            return checked[0][1]
        outcomes = build_all(book)
        checked[:] = [(book, outcomes)]
        return outcomes

    def commit(outcomes: Iterable[Outcome]) -> Appended:
        return append(data_dir, [o.entry for o in outcomes])

    if dry_run:
        return ImportResult(tuple(prepare()))
    return ImportResult(tuple(check_then_write(data_dir, prepare, commit, load)))
