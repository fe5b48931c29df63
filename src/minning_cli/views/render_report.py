"""How ``minning report`` prints: plain text for a WeChat message, Markdown for a document.

Both print the one ``report_sections.Document``, so they say the same things in the same
order as the Word form (``docx_report``). The text form uses numbered sections and lines only
(WeChat shows no markup). The Markdown form uses headings and numbered lists, never tables:
pasted into Word, a pipe table turns into lines of ``|``. Text from files (notes) is escaped
in Markdown so that a ``*`` or ``|`` in a note cannot turn bold or start a table.
"""

from __future__ import annotations

import re

from ..figures.report import MonthReport
from .report_sections import report_document, title
from .report_words import cn_date

__all__ = ["cn_date", "md", "report_markdown", "report_text", "title"]

_SPACES = re.compile(r"[ \t\r\n]+")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def report_text(report: MonthReport) -> str:
    """The report as plain lines: numbered sections and items, no markup."""
    doc = report_document(report)
    lines = [doc.title, doc.as_of]
    for section in doc.sections:
        lines += ["", section.heading]
        lines += [section.lead] if section.lead else []
        lines += [f"{i}. {item}" for i, item in enumerate(section.items, 1)]
    lines += ["", *doc.sender]
    return "\n".join(lines) + "\n"


def md(text: str) -> str:
    """Text safe in a Markdown paragraph: its special characters escaped."""
    # Line breaks and runs of spaces become one space; an ideographic space (a blank to fill
    # in by hand) is kept.
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _SPACES.sub(" ", text).strip())


def report_markdown(report: MonthReport) -> str:
    """The report as Markdown: a title, headings, numbered lists; no tables."""
    doc = report_document(report)
    lines = [f"# {md(doc.title)}", "", md(doc.as_of), ""]
    for section in doc.sections:
        lines += [f"## {md(section.heading)}", ""]
        lines += [md(section.lead), ""] if section.lead else []
        lines += [f"{i}. {md(item)}" for i, item in enumerate(section.items, 1)]
        lines += [""] if section.items else []
    # Two trailing spaces: a line break inside one paragraph, kept by every Markdown reader.
    lines += ["  \n".join(md(line) for line in doc.sender)]
    return "\n".join(lines) + "\n"
