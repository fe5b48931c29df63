"""The Excel workbook for superiors: the 分工表 with its figures, the overview, charts, the log.

``build_workbook`` turns a ``StatusReport`` (and the book, for the table's text and the
entries) into an openpyxl workbook; every figure in it is a figure of that report, so the
workbook says exactly what ``minning status --as-of D --format json`` says. Cells hold
numbers, not text: amounts keep up to two decimals through the number format (``25.5万元``),
percentages are Excel percentages (36.4% is 0.364). Saving it is the writing
layer's (``writing.export_file``): views never write.

The sheets are built in ``xlsx``, one module each; its docstring gives the layout choices.
"""

from __future__ import annotations

from openpyxl import Workbook

from ..figures.status import StatusReport
from ..ledger.book import Book
from .xlsx.charts import chart_sheet
from .xlsx.log import log_sheet
from .xlsx.overview import overview_sheet
from .xlsx.sheet import as_of_text
from .xlsx.summary import summary_sheet
from .xlsx.tasks import task_sheet

SHEETS = ("总览", "分工表", "单位完成情况", "完成情况图", "进展记录")
CREATOR = "minning"


# ---------------------------------------------------------------- the workbook


def build_workbook(book: Book, report: StatusReport) -> Workbook:
    """The five sheets, every figure taken from ``report`` (the trend: from month ends)."""
    workbook = Workbook()
    workbook.properties.creator = CREATOR
    workbook.properties.title = f"{book.ledger.ledger.title} 完成情况{as_of_text(report.as_of)}"
    first = workbook.active
    assert first is not None  # a new workbook has one sheet
    first.title = SHEETS[0]
    summary_sheet(first, report)
    task_sheet(workbook.create_sheet(SHEETS[1]), book, report)
    overview_sheet(workbook.create_sheet(SHEETS[2]), book, report)
    chart_sheet(workbook.create_sheet(SHEETS[3]), book, report)
    log_sheet(workbook.create_sheet(SHEETS[4]), book, report.as_of)
    return workbook
