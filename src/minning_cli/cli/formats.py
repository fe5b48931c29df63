"""``--format`` of each command: a choice of the formats its view can render.

Typer checks the choice while parsing, before the command body runs (a bad one is a usage
error, exit 2), and lists the choices in ``--help``; case does not matter (``JSON`` is
``json``). The formats are the enums of ``views/formats.py``, whose tables of renderers
they key; the help says in Chinese what each format is for.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from ..views.formats import (
    CallsFormat,
    CheckFormat,
    LogFormat,
    ReportFormat,
    ReviewFormat,
    StatusFormat,
    TasksFormat,
)

TABLE_OR_JSON = "输出格式：table 为表格，json 供程序读取。"


def format_option(help: str) -> Any:
    """``--format``/``-f``: no metavar, so that typer shows the choices, as ``<table|json>``."""
    return typer.Option("--format", "-f", help=help, case_sensitive=False)


CheckFormatOption = Annotated[CheckFormat, format_option(TABLE_OR_JSON)]
TasksFormatOption = Annotated[TasksFormat, format_option(TABLE_OR_JSON)]
CallsFormatOption = Annotated[CallsFormat, format_option(TABLE_OR_JSON)]
LogFormatOption = Annotated[
    LogFormat, format_option("输出格式：table 为表格，json 供程序读取，csv 可用 Excel 打开。")
]
StatusFormatOption = Annotated[
    StatusFormat,
    format_option("输出格式：table 为表格，json 供程序读取；csv 和 markdown 只用于全区总表。"),
]
ReportFormatOption = Annotated[
    ReportFormat,
    format_option(
        "输出格式：text 纯文本（微信）；markdown 无表格；docx 须用 -o；json 供程序读取。"
    ),
]
ReviewFormatOption = Annotated[
    ReviewFormat, format_option("输出格式：text 为文字，json 供程序读取。")
]
