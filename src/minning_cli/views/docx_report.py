"""The 月报 as a Word document (python-docx): the official form, and the same bytes every time.

It prints the one ``report_sections.Document`` that the text and Markdown forms print. The
look is the usual one for a 公文-style report (GB/T 9704 in spirit): A4, margins 3.7 / 3.5 /
2.8 / 2.6 cm, the title in 方正小标宋简体 二号 centred, the data date in 楷体, section
headings in 黑体 三号, body text in 仿宋_GB2312 三号 with a two-character first-line indent
and 28-point lines, page numbers "— 1 —" at the foot. Word, WPS and LibreOffice use the
fonts where installed and a like one where not; the East-Asian font is named in
``w:eastAsia``, the slot those programs read for Chinese text.

Items are numbered in their text ("1．"), not with Word's list numbering, which WPS and
LibreOffice renumber differently. The bytes are a function of the report alone: the core
properties are fixed (author minning, dated the report's day) and every zip entry carries
the same timestamp, so the same ledger, month and as-of give the same file.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx import Document as new_document
from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import ParagraphStyle

from ..figures.report import MonthReport
from .report_sections import report_document

CREATOR = "minning"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"
KAI_FONT = "楷体_GB2312"
LATIN_FONT = "Times New Roman"
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
LINE = Pt(28)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip entry can carry: the same every time


def _fonts(style: ParagraphStyle, east_asian: str, size: Pt, *, bold: bool = False) -> None:
    """A style's fonts: Latin and East-Asian named separately, black, not italic."""
    font = style.font
    font.name = LATIN_FONT
    font.size = size
    font.bold = bold
    font.italic = False
    font.color.rgb = RGBColor(0, 0, 0)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asian)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)  # a theme font would override the names


def _spacing(style: ParagraphStyle, *, indent: bool, before: int = 0, after: int = 0) -> None:
    fmt = style.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.first_line_indent = BODY_SIZE * 2 if indent else None
    fmt.keep_with_next = None


def _styles(doc: WordDocument) -> None:
    """Body, title, subtitle, heading and sender styles, each with its font."""
    styles = doc.styles
    normal = styles["Normal"]
    assert isinstance(normal, ParagraphStyle)
    _fonts(normal, BODY_FONT, BODY_SIZE)
    _spacing(normal, indent=True)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    title = styles["Title"]
    assert isinstance(title, ParagraphStyle)
    _fonts(title, TITLE_FONT, TITLE_SIZE)
    ppr = title.element.pPr
    for border in ppr.findall(qn("w:pBdr")) if ppr is not None else ():
        ppr.remove(border)  # the template's rule under the title
    _spacing(title, indent=False, after=6)
    title.paragraph_format.line_spacing = Pt(36)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading = styles["Heading 1"]
    assert isinstance(heading, ParagraphStyle)
    _fonts(heading, HEADING_FONT, BODY_SIZE)
    _spacing(heading, indent=True, before=6)
    heading.paragraph_format.keep_with_next = True
    subtitle = styles["Subtitle"]
    assert isinstance(subtitle, ParagraphStyle)
    _fonts(subtitle, KAI_FONT, BODY_SIZE)
    _spacing(subtitle, indent=False, after=12)
    subtitle.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sender = styles.add_style("Sender", WD_STYLE_TYPE.PARAGRAPH)
    sender.base_style = normal
    sender.paragraph_format.first_line_indent = None
    sender.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _page(doc: WordDocument) -> None:
    """A4 with the usual margins, and "— n —" page numbers centred at the foot."""
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.footer_distance = Cm(2.0)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.paragraph_format.first_line_indent = None
    footer.add_run("— ")
    run = footer.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        run._r.append(element)
    footer.add_run(" —")
    for r in footer.runs:
        r.font.size = Pt(14)


def _properties(doc: WordDocument, report: MonthReport, title: str) -> None:
    made = dt.datetime.combine(report.made_on, dt.time(0, 0))
    core = doc.core_properties
    core.author = core.last_modified_by = CREATOR
    core.title = title
    core.created = core.modified = made
    core.last_printed = made
    core.revision = 1
    core.comments = core.keywords = core.subject = core.category = ""


def report_docx(report: MonthReport) -> bytes:
    """The report as the bytes of a .docx file."""
    words = report_document(report)
    doc = new_document()
    _styles(doc)
    _page(doc)
    doc.add_paragraph(words.title, style="Title")
    last = doc.add_paragraph(words.as_of, style="Subtitle")
    for section in words.sections:
        doc.add_paragraph(section.heading, style="Heading 1")
        if section.lead:
            last = doc.add_paragraph(section.lead)
        for number, item in enumerate(section.items, 1):
            last = doc.add_paragraph(f"{number}．{item}")
    # The sender never stands alone on a page ("此页无正文"): the last paragraph of the text
    # goes with it.
    last.paragraph_format.keep_with_next = True
    doc.add_paragraph("").paragraph_format.keep_with_next = True
    for index, line in enumerate(words.sender, 1):
        doc.add_paragraph(line, style="Sender").paragraph_format.keep_with_next = index < len(
            words.sender
        )
    _properties(doc, report, words.title)
    raw = io.BytesIO()
    doc.save(raw)
    return fixed_zip(raw.getvalue())


def fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry's timestamp fixed, so equal content gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
