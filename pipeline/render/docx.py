"""DOCX edition: cleaned source -> pandoc (styles/reference.docx) -> python-docx
for what pandoc leaves out: the title page's source line, page breaks around
the contents, a running header with the title and page numbers in the footer.
"""
from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_UNDERLINE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from .. import pandoc
from ..edition import title_page_facts
from ..errors import PipelineError
from ..model import Document
from ..output import atomic_path
from ..paths import STYLES
from .docx_styles import apply_chinese_typography
from .options import RenderOptions
from .package import build_time, pandoc_edition_arguments, rewrite_zip
from .parts import new_page_before


def _paragraph_after(element, parent, style: str | None = None, text: str = "") -> Paragraph:
    new = OxmlElement("w:p")
    element.addnext(new)
    paragraph = Paragraph(new, parent)
    if style:
        paragraph.style = style
    if text:
        paragraph.add_run(text)
    return paragraph


def _page_break_after(element, parent) -> Paragraph:
    paragraph = _paragraph_after(element, parent)
    paragraph.add_run().add_break(WD_BREAK.PAGE)
    return paragraph


def _title_page(edition: docx.document.Document, document: Document) -> None:
    meta = document.metadata
    body = edition.element.body
    title_block = [p for p in edition.paragraphs[:4] if p.style.name in ("Title", "Subtitle", "Author", "Date")]
    for paragraph in title_block:
        if paragraph.style.name == "Date":  # pandoc's bare date: the facts below give it with its label
            title_block.remove(paragraph)
            body.remove(paragraph._p)
            break
    last = title_block[-1]._p if title_block else body[0]
    parent = edition._body
    for label, value in title_page_facts(meta):
        last = _paragraph_after(last, parent, "Date", f"{label}：{value}")._p
    _page_break_after(last, parent)
    contents = body.find(qn("w:sdt"))  # pandoc's table-of-contents field
    if contents is not None:
        _page_break_after(contents, parent)


def _top_level_page_breaks(edition: docx.document.Document, document: Document) -> None:
    """Heading 1 opens a new page in styles/reference.docx; the parts that
    follow on (render/parts.py) are told not to, as in the PDF."""
    headings = [p for p in edition.paragraphs if p.style.name == "Heading 1"]
    for paragraph, new_page in zip(headings, new_page_before(document)):
        if not new_page:
            paragraph.paragraph_format.page_break_before = False


def _field(paragraph: Paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _update_fields_on_open(edition: docx.document.Document) -> None:
    """pandoc writes the contents as a field for the word processor to fill in."""
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    edition.settings.element.append(update)


def _compress_punctuation(edition: docx.document.Document) -> None:
    """Marks side by side set close (`”、“`), as the PDF and EPUB set them:
    Word and LibreOffice do it themselves when told (pandoc's reference says
    doNotCompress)."""
    control = edition.settings.element.find(qn("w:characterSpacingControl"))
    if control is None:
        raise PipelineError("the DOCX settings have no characterSpacingControl to set (styles/reference.docx changed?)")
    control.set(qn("w:val"), "compressPunctuation")


DAMAGE_STYLE = "Damaged Text"  # styles/blocks.lua puts what a damage note cites in it


def _damage_style(edition: docx.document.Document) -> None:
    """What a damage note cites underlined with a red wave, as in the PDF
    (pandoc made the character style, with no formatting, if the edition has any)."""
    if DAMAGE_STYLE not in [style.name for style in edition.styles]:
        return
    style = edition.styles[DAMAGE_STYLE]
    style.font.underline = WD_UNDERLINE.WAVY  # python-docx puts w:u where the schema orders it
    style.element.rPr.find(qn("w:u")).set(qn("w:color"), "BB0000")


def _header_and_footer(edition: docx.document.Document, title: str) -> None:
    for section in edition.sections:
        section.different_first_page_header_footer = True  # a bare title page
        header = section.header.paragraphs[0]
        header.text = title
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _field(footer, "PAGE")


CORE_PROPERTY_LENGTH = 255


def _at_most(text: str, length: int) -> str:
    return text if len(text) <= length else text[:length - 1] + "…"


def render_docx(source: Path, document: Document, out: Path, options: RenderOptions) -> None:
    meta = document.metadata
    with atomic_path(out) as tmp:
        options, metadata = pandoc_edition_arguments(document)
        pandoc.convert_source(source, "docx", tmp, [*options, f"--reference-doc={STYLES / 'reference.docx'}"], metadata)
        edition = docx.Document(str(tmp))
        # The reference's styles are simplified Chinese; pandoc adds more (Source Code…).
        apply_chinese_typography(edition, meta.lang)
        _title_page(edition, document)
        _top_level_page_breaks(edition, document)
        _header_and_footer(edition, meta.title)
        _update_fields_on_open(edition)
        _compress_punctuation(edition)
        _damage_style(edition)
        properties = edition.core_properties
        # python-docx holds a core property to 255 characters; the title page
        # carries the whole title, the property its beginning.
        properties.title = properties.subject = _at_most(meta.title, CORE_PROPERTY_LENGTH)
        properties.language = meta.lang
        properties.created = properties.modified = build_time(document)
        edition.save(str(tmp))
        rewrite_zip(tmp)  # python-docx stamps entries with the current time
