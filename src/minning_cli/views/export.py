"""The Excel workbook for superiors: the 分工表 with its figures, the overview, charts, the log.

``build_workbook`` turns a ``StatusReport`` (and the book, for the table's text and the
entries) into an openpyxl workbook; every figure in it is a figure of that report, so the
workbook says exactly what ``minning status --as-of D --format json`` says. Cells hold
numbers, not text: amounts keep up to two decimals through the number format (``25.5万元``),
percentages are Excel percentages (36.4% is 0.364). ``save_workbook`` writes it to a
temporary file beside the target and renames it over, so a reader never finds half a
workbook, and refuses to write over the ledger or into ``progress/``.

The sheets are built in ``xlsx``, one module each; its docstring gives the layout choices.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from openpyxl import Workbook

from ..figures.status import StatusReport
from ..ledger.book import Book
from ..ledger.load import PROGRESS_DIR, TASKS_FILE
from ..text.errors import MinningError, UsageError
from .xlsx.charts import chart_sheet
from .xlsx.log import log_sheet
from .xlsx.overview import overview_sheet
from .xlsx.sheet import as_of_text
from .xlsx.tasks import task_sheet

SHEETS = ("分工表", "单位完成情况", "完成情况图", "进展记录")
CREATOR = "minning"


# ---------------------------------------------------------------- the workbook


def build_workbook(book: Book, report: StatusReport) -> Workbook:
    """The four sheets, every figure taken from ``report``."""
    workbook = Workbook()
    workbook.properties.creator = CREATOR
    workbook.properties.title = f"{book.ledger.ledger.title} 完成情况{as_of_text(report.as_of)}"
    first = workbook.active
    assert first is not None  # a new workbook has one sheet
    first.title = SHEETS[0]
    task_sheet(first, book, report)
    overview_sheet(workbook.create_sheet(SHEETS[1]), book, report)
    chart_sheet(workbook.create_sheet(SHEETS[2]), report)
    log_sheet(workbook.create_sheet(SHEETS[3]), book, report.as_of)
    return workbook


def is_minning_export(path: Path) -> bool:
    """True if the file is a workbook this module wrote (its creator says minning)."""
    try:
        with zipfile.ZipFile(path) as archive:
            core = archive.read("docProps/core.xml")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    try:
        creator = ElementTree.fromstring(core).find("{http://purl.org/dc/elements/1.1/}creator")
    except ElementTree.ParseError:
        return False
    return creator is not None and creator.text == CREATOR


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def check_target(path: Path, data_dir: Path, *, force: bool) -> None:
    """Refuse a target that is not .xlsx, is the ledger's own, or someone else's workbook."""
    if path.suffix.lower() != ".xlsx":
        raise UsageError(f"导出文件名应以 .xlsx 结尾，而不是“{path.name}”")
    data = data_dir.resolve()
    progress = data / PROGRESS_DIR
    where = {path.resolve(), path.parent.resolve() / path.name}
    if data / TASKS_FILE in where or any(_inside(p, progress) for p in where):
        raise MinningError(f"不能写到台账自己的文件或 {PROGRESS_DIR}/ 目录里：{path}")
    if not path.parent.resolve().is_dir():
        raise MinningError(f"目录 {path.parent} 不存在")
    if path.is_dir():
        raise MinningError(f"{path} 是一个目录，请给出文件名，如 {path / '完成情况.xlsx'}")
    if path.exists() and not force and not is_minning_export(path):
        raise MinningError(
            f"{path} 已存在，且不是 minning 导出的文件；确认要覆盖请加 --force，或换一个文件名"
        )


def save_workbook(workbook: Workbook, path: Path, data_dir: Path, *, force: bool = False) -> bool:
    """Write the workbook whole or not at all; True if it replaced an existing file."""
    check_target(path, data_dir, force=force)
    existed = path.exists()
    temporary = path.parent / f".{path.name}.{os.getpid()}.tmp"
    try:
        workbook.save(temporary)
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        raise MinningError(
            f"无法写入 {path}：{exc.strerror or exc}（文件是否正在 Excel 里打开？）"
        ) from None
    finally:
        temporary.unlink(missing_ok=True)
    return existed
