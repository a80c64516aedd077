"""DOCX edition: cleaned source -> pandoc (styles/reference.docx) -> python-docx
for what pandoc leaves out, in the PDF's order: the title page with the
document's facts; the front matter (the pipeline's notes, the author's
abstract) on a page of its own; the contents, filled; the body, top-level
parts on new pages where the PDF's are; a running header with the title and
page numbers in the footer; the font table, core and app properties.

The contents are written at build time, not left to the word processor:
pandoc writes an empty contents field for Word to fill in on opening (after
a prompt), and LibreOffice, WPS, Pages and previews showed a blank 目录
page. Each entry is a link to a bookmark on its heading, inside the field,
as Word writes its own, so that Word's "update field" (offered on opening)
adds page numbers; no reader needs to. A LibreOffice pass that updates the
index was measured instead: 2.1 s to open and save the seed's DOCX alone
(the whole DOCX build takes 0.4 s), LibreOffice's own DOCX written in place
of this one, and different bytes on every run; the entries here cost
milliseconds and are the same bytes every time. Page numbers are left out:
only a word processor's layout knows them.
"""
from __future__ import annotations

import re
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_UNDERLINE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from .. import limits, pandoc
from ..chars import CJK_PUNCT, HAN, HAN_RE
from ..edition import PUBLISHER, creator, title_page_facts
from ..errors import PipelineError
from ..model import Document
from ..output import atomic_path
from ..paths import STYLES
from .docx_styles import apply_chinese_typography, font_table_entries
from .options import RenderOptions
from .package import TOC_DEPTH, build_time, pandoc_edition_arguments, rewrite_zip
from .parts import new_page_before

HEADING = re.compile(r"Heading (\d)")


def _paragraph_after(element, parent, style: str | None = None, text: str = "") -> Paragraph:
    new = OxmlElement("w:p")
    element.addnext(new)
    paragraph = Paragraph(new, parent)
    if style:
        paragraph.style = style
    if text:
        paragraph.add_run(text)
    return paragraph


def _title_page(edition: docx.document.Document, document: Document) -> None:
    """The PDF's title page: title, subtitle, author, then the facts with
    their labels (pandoc's bare date among them)."""
    body = edition.element.body
    title_block = [p for p in edition.paragraphs[:4] if p.style.name in ("Title", "Subtitle", "Author", "Date")]
    for paragraph in title_block:
        if paragraph.style.name == "Date":  # pandoc's bare date: the facts below give it with its label
            title_block.remove(paragraph)
            body.remove(paragraph._p)
            break
    last = title_block[-1]._p if title_block else body[0]
    for number, (label, value) in enumerate(title_page_facts(document.metadata)):
        fact = _paragraph_after(last, edition._body, "Date", f"{label}：{value}")
        if number == 0:
            fact.paragraph_format.space_before = Pt(40)  # print.css: .edition { margin-top: 4em }
        last = fact._p


def _contents(edition: docx.document.Document):
    contents = edition.element.body.find(qn("w:sdt"))  # pandoc's table-of-contents field
    if contents is None:
        raise PipelineError("pandoc wrote the DOCX without its contents field (a new pandoc?): nothing was written")
    return contents


def _front_matter_first(edition: docx.document.Document) -> None:
    """The paragraphs before the first heading (the pipeline's notes, the
    author's abstract) on a page of their own before the contents, as the
    PDF sets them; the contents on a page of its own; the body after it."""
    contents = _contents(edition)
    front = []
    for element in contents.itersiblings():
        if element.tag != qn("w:p") or HEADING.fullmatch(Paragraph(element, edition._body).style.name or ""):
            break
        front.append(element)
    for element in front:
        contents.addprevious(element)
    if front:
        Paragraph(front[0], edition._body).paragraph_format.page_break_before = True
    # The contents' title (TOC Heading, based on Heading 1) opens a page; so does the body.
    body_start = next((element for element in contents.itersiblings() if element.tag == qn("w:p")), None)
    if body_start is not None:
        Paragraph(body_start, edition._body).paragraph_format.page_break_before = True


def _top_level_page_breaks(edition: docx.document.Document, document: Document) -> None:
    """Heading 1 opens a new page in styles/reference.docx; the parts that
    follow on (render/parts.py) are told not to, as in the PDF."""
    headings = [p for p in edition.paragraphs if p.style.name == "Heading 1"]
    for paragraph, new_page in zip(headings, new_page_before(document)):
        if not new_page:
            paragraph.paragraph_format.page_break_before = False


def _element(tag: str, **attributes: str):
    element = OxmlElement(tag)
    for key, value in attributes.items():
        element.set(qn(key), value)
    return element


def _run(*children, text: str | None = None):
    run = _element("w:r")
    for child in children:
        run.append(child)
    if text is not None:
        t = _element("w:t")
        t.text = text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        run.append(t)
    return run


def _field_runs(instruction: str, *, end: bool = False) -> list:
    """A complex field's opening (its instruction, then its result to follow), or its end."""
    if end:
        return [_run(_element("w:fldChar", **{"w:fldCharType": "end"}))]
    code = _element("w:instrText")
    code.text = f" {instruction} "
    code.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return [_run(_element("w:fldChar", **{"w:fldCharType": "begin", "w:dirty": "true"})), _run(code),
            _run(_element("w:fldChar", **{"w:fldCharType": "separate"}))]


def _contents_depth(levels: list[int]) -> int:
    """Levels the contents list: TOC_DEPTH, fewer past limits.MAX_CONTENTS_ENTRIES,
    as the PDF's printed contents (none where the top level alone passes it)."""
    for depth in range(TOC_DEPTH, 0, -1):
        if sum(level <= depth for level in levels) <= limits.MAX_CONTENTS_ENTRIES:
            return depth
    return 0


def _filled_contents(edition: docx.document.Document) -> int:
    """The contents field's result written in: an entry (toc 1-3) for every
    heading to the contents' depth, each a link to a bookmark on its
    heading. Returns the number of entries."""
    headings = [(int(match.group(1)), paragraph) for paragraph in edition.paragraphs
                if (match := HEADING.fullmatch(paragraph.style.name or ""))]
    depth = _contents_depth([level for level, _ in headings])
    listed = [(level, paragraph) for level, paragraph in headings if level <= depth]
    content = _contents(edition).find(qn("w:sdtContent"))
    field = [p for p in content.findall(qn("w:p")) if p.find(f".//{qn('w:instrText')}") is not None]
    if len(field) != 1:
        raise PipelineError("the DOCX's contents field is not where pandoc writes it (a new pandoc?)")
    if not listed:
        return 0
    instruction = field[0].find(f".//{qn('w:instrText')}").text.strip().replace('"1-3"', f'"1-{depth}"')
    content.remove(field[0])
    ids = [int(b.get(qn("w:id"))) for b in edition.element.body.iter(qn("w:bookmarkStart"))]
    first_id = max(ids, default=0) + 1
    for number, (level, heading) in enumerate(listed):
        name = f"_Toc{number + 1:05d}"  # hidden bookmarks, as Word names its contents' own
        heading._p.get_or_add_pPr().addnext(_element("w:bookmarkStart", **{"w:id": str(first_id + number),
                                                                          "w:name": name}))
        heading._p.append(_element("w:bookmarkEnd", **{"w:id": str(first_id + number)}))
        entry = _element("w:p")
        properties = _element("w:pPr")
        properties.append(_element("w:pStyle", **{"w:val": f"TOC{level}"}))
        entry.append(properties)
        if number == 0:
            entry.extend(_field_runs(instruction))
        link = _element("w:hyperlink", **{"w:anchor": name, "w:history": "1"})
        link.append(_run(text=heading.text))
        entry.append(link)
        if number == len(listed) - 1:
            entry.extend(_field_runs("", end=True))
        content.append(entry)
    return len(listed)


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
    """Word offers to update the contents (adding page numbers) on opening."""
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


_WESTERN_WORD = re.compile(rf"[^\s{HAN}{CJK_PUNCT}]+")


def statistics(text: str, paragraphs: int) -> dict[str, int]:
    """What Word counts of a Chinese text (docProps/app.xml): each Han
    character a word, and each run of other characters between spaces, Han
    characters and Chinese marks; characters without and with spaces."""
    return {"Words": len(HAN_RE.findall(text)) + len(_WESTERN_WORD.findall(text)),
            "Characters": sum(not c.isspace() for c in text), "CharactersWithSpaces": len(text),
            "Paragraphs": paragraphs}


def _app_properties(counts: dict[str, int]) -> bytes:
    """docProps/app.xml with this edition's counts (pandoc's reference holds
    its own template's: 83 words, Microsoft Word 12); no page or line count,
    which only a word processor's layout knows."""
    fields = "".join(f"<{name}>{value}</{name}>" for name, value in counts.items())
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            f"<Template>Normal.dotm</Template><TotalTime>0</TotalTime>{fields}"
            f"<Application>{escape(PUBLISHER)}</Application><DocSecurity>0</DocSecurity>"
            "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
            "<HyperlinksChanged>false</HyperlinksChanged></Properties>").encode()


def _with_fonts(font_table: bytes, language: str) -> bytes:
    """The edition's Noto CJK fonts in word/fontTable.xml (pandoc's lists its template's)."""
    table = font_table.decode()
    if "</w:fonts>" not in table:
        raise PipelineError("the DOCX's fontTable.xml has no </w:fonts> (a new pandoc?)")
    return table.replace("</w:fonts>", font_table_entries(language) + "</w:fonts>").encode()


def render_docx(source: Path, document: Document, out: Path, options: RenderOptions) -> None:
    meta = document.metadata
    with atomic_path(out) as tmp:
        pandoc_options, metadata = pandoc_edition_arguments(document)
        pandoc.convert_source(source, "docx", tmp, [*pandoc_options, f"--reference-doc={STYLES / 'reference.docx'}"],
                              metadata)
        edition = docx.Document(str(tmp))
        # The reference's styles are simplified Chinese; pandoc adds more (Source Code…).
        apply_chinese_typography(edition, meta.lang)
        _title_page(edition, document)
        _top_level_page_breaks(edition, document)
        _front_matter_first(edition)
        _filled_contents(edition)
        _header_and_footer(edition, meta.title)
        _update_fields_on_open(edition)
        _compress_punctuation(edition)
        _damage_style(edition)
        properties = edition.core_properties
        # python-docx holds a core property to 255 characters; the title page
        # carries the whole title, the property its beginning.
        properties.title = properties.subject = _at_most(meta.title, CORE_PROPERTY_LENGTH)
        properties.author = _at_most(creator(meta), CORE_PROPERTY_LENGTH)
        properties.keywords = _at_most("；".join(meta.keywords), CORE_PROPERTY_LENGTH)
        properties.language = meta.lang
        properties.created = properties.modified = build_time(document)
        body = [paragraph.text for paragraph in edition.paragraphs]
        text = "".join(t.text or "" for t in edition.element.body.iter(qn("w:t")))
        counts = statistics(text, sum(bool(p.strip()) for p in body))
        edition.save(str(tmp))
        # python-docx stamps entries with the current time; pandoc's font table and app properties are its template's.
        rewrite_zip(tmp, {"docProps/app.xml": lambda _: _app_properties(counts),
                          "word/fontTable.xml": lambda table: _with_fonts(table, meta.lang)})
