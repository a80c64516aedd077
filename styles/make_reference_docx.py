"""Make styles/reference.docx, the styles of the DOCX edition, from pandoc's default.

    .venv/bin/python styles/make_reference_docx.py

Every style gets CJK fonts and the languages zh-CN for East Asian text and
en-US for Latin (pipeline/render/docx_styles.py), the page is A4 with the
PDF's margins, chapters start on a new page, and the styles follow
styles/print.css: body text 10.5pt with a line of 1.8 and indented two
characters; headings black and bold in Noto Sans CJK at the PDF's sizes;
the title page's title, subtitle, author and facts (pandoc's Date style);
editorial notes boxed and shaded with their label bold; contents entries
(toc 1-3, the styles Word's contents field uses) indented by level. The
output is written with fixed zip entry times, so running this twice gives
the same bytes.
"""
from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import docx
import pypandoc
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from pipeline.render.docx_styles import apply_chinese_typography, set_a4
from pipeline.render.package import rewrite_zip

BODY_SIZE = Pt(10.5)  # 五号, the usual size for Chinese body text, as in the PDF
LINE = Pt(10.5 * 1.8)  # print.css: line-height 1.8
EDITORIAL_STYLE = "Editorial Note"  # styles/blocks.lua maps `::: editorial` divs to it
INK, GREY, NOTE_INK = RGBColor(0x11, 0x11, 0x11), RGBColor(0x44, 0x44, 0x44), RGBColor(0x33, 0x33, 0x33)
# print.css's sizes (pt), and whether the level is bold: main h1 ... h6.
HEADINGS = {1: (18, True), 2: (13, True), 3: (11.5, True), 4: (10.5, True), 5: (10.5, False), 6: (10.5, False)}
# The contents: toc 1-3 (Word's own style names, which its contents field uses), indented 2em a level.
CONTENTS_LEVELS = 3


def _styled(document, name: str, base: str = "Normal"):
    if name not in [s.name for s in document.styles]:
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles[base]
    return document.styles[name]


def _plain_ink(style, color: RGBColor = INK, bold: bool | None = None) -> None:
    """Black (or `color`) rather than the theme's blue, upright, and bold as asked."""
    rpr = style.element.get_or_add_rPr()
    for tag in ("w:i", "w:iCs", "w:color"):
        for element in rpr.findall(qn(tag)):
            rpr.remove(element)
    style.font.color.rgb = color
    style.font.bold = bold


def _borders(style, fill: str, left: str) -> None:
    """A box shaded `fill`, with a rule `left` on its left (print.css's .editorial)."""
    ppr = style.element.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for side, color, size, space in (("top", fill, 4, 5), ("left", left, 18, 10), ("bottom", fill, 4, 5),
                                     ("right", fill, 4, 10)):
        edge = OxmlElement(f"w:{side}")
        for key, value in (("w:val", "single"), ("w:sz", str(size)), ("w:space", str(space)), ("w:color", color)):
            edge.set(qn(key), value)
        borders.append(edge)
    shading = OxmlElement("w:shd")
    for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", fill)):
        shading.set(qn(key), value)
    # CT_PPr's order: pBdr and shd come after the paragraph's keep/break/numbering settings, before spacing.
    ppr.insert_element_before(borders, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                              "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
                              "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                              "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
                              "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
                              "w:pPrChange")
    borders.addnext(shading)


def _contents_styles(document) -> None:
    """toc 1-3: Word's built-in names (so its contents field lays entries out
    with them), sans like the PDF's contents, the top level bold."""
    styles = document.styles.element
    for level in range(1, CONTENTS_LEVELS + 1):
        if styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='TOC{level}']") is not None:
            continue
        style = OxmlElement("w:style")
        style.set(qn("w:type"), "paragraph")
        style.set(qn("w:styleId"), f"TOC{level}")
        for tag, value in (("w:name", f"toc {level}"), ("w:basedOn", "Normal"), ("w:next", "Normal"),
                           ("w:uiPriority", "39"), ("w:unhideWhenUsed", None)):
            child = OxmlElement(tag)
            if value is not None:
                child.set(qn("w:val"), value)
            style.append(child)
        styles.append(style)
    for level in range(1, CONTENTS_LEVELS + 1):
        style = document.styles[f"toc {level}"]
        style.font.size = BODY_SIZE
        style.font.bold = level == 1
        style.paragraph_format.left_indent = BODY_SIZE * 2 * (level - 1)
        style.paragraph_format.space_before = Pt(6) if level == 1 else Pt(0)
        style.paragraph_format.space_after = Pt(2)


def make() -> bytes:
    default = subprocess.run([pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"],
                             capture_output=True, check=True).stdout
    document = docx.Document(io.BytesIO(default))
    note = _styled(document, EDITORIAL_STYLE)
    note.font.size = Pt(9.5)
    note.font.color.rgb = NOTE_INK
    note.paragraph_format.left_indent = note.paragraph_format.right_indent = Pt(10)
    note.paragraph_format.space_before = note.paragraph_format.space_after = Pt(10)
    _borders(note, fill="F3F3F3", left="999999")
    _contents_styles(document)
    apply_chinese_typography(document)
    set_a4(document)

    for level, (size, bold) in HEADINGS.items():
        for name in (f"Heading {level}", f"Heading {level} Char"):
            style = document.styles[name]
            _plain_ink(style, bold=bold)
            style.font.size = Pt(size)
        paragraph = document.styles[f"Heading {level}"].paragraph_format
        paragraph.space_before, paragraph.space_after = \
            (Pt(0), Pt(size)) if level == 1 else (Pt(size * 1.2), Pt(size * 0.6))
    document.styles["Heading 1"].paragraph_format.page_break_before = True  # chapters start on a new page
    contents_title = document.styles["TOC Heading"]
    _plain_ink(contents_title, bold=True)
    contents_title.font.size = Pt(16)

    # The title page (print.css's .title-page): the title a third of the way down.
    for name, size, color in (("Title", 24, INK), ("Subtitle", 14, INK), ("Author", 12, INK), ("Date", 10, GREY)):
        style = document.styles[name]
        _plain_ink(style, color, bold=name == "Title")
        style.font.size = Pt(size)
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        style.paragraph_format.space_after = Pt(size * 0.4)
    document.styles["Title"].paragraph_format.space_before = Mm(50)
    document.styles["Author"].paragraph_format.space_before = Pt(24)
    document.styles["Date"].paragraph_format.space_before = Pt(0)

    for name in ("Body Text", "First Paragraph", "Compact"):
        if name in [s.name for s in document.styles]:
            style = document.styles[name]
            style.font.size = BODY_SIZE
            style.paragraph_format.first_line_indent = BODY_SIZE * 2  # two characters, as Chinese prose is set
            style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
            style.paragraph_format.line_spacing = LINE
            style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(0), Pt(10.5 / 2)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def main() -> None:
    target = PROJECT / "styles" / "reference.docx"
    target.write_bytes(make())
    rewrite_zip(target)  # fixed entry times: the same script gives the same bytes
    print(f"wrote {target.relative_to(PROJECT)}")


if __name__ == "__main__":
    main()
