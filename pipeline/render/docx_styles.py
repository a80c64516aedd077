"""Chinese typography for Word styles, shared by styles/make_reference_docx.py
(which makes styles/reference.docx) and the DOCX builder (pandoc adds styles
the reference lacks, such as Source Code, with no East Asian font).

Every style gets a CJK font for East Asian text (w:eastAsia) and for Latin
text too, so that Chinese quotation marks take full-width glyphs, and the
edition's language (zh-CN, or zh-Hant with the TC fonts): python-docx's own
defaults set neither. Text styles use Noto Serif CJK, headings Noto Sans CJK,
as in the PDF.
"""
from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from ..edition import SIMPLIFIED, fonts

HEADING_STYLES = ("Title", "Subtitle", "TOC Heading", "Editorial Note") + tuple(f"Heading {n}" for n in range(1, 10))


def set_fonts(rpr, font: str, language: str) -> None:
    fonts = rpr.get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), font)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)  # a theme font would override the named one
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)


def apply_chinese_typography(document, language: str = SIMPLIFIED) -> None:
    """Fonts and language on the document defaults and every style that takes them."""
    serif, sans = fonts(language).serif, fonts(language).sans
    defaults = document.styles.element.find(qn("w:docDefaults"))
    set_fonts(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")), serif, language)
    for style in document.styles:
        if style.type == WD_STYLE_TYPE.LIST:  # numbering styles carry no run properties
            continue
        set_fonts(style.element.get_or_add_rPr(), sans if style.name in HEADING_STYLES else serif, language)


def set_a4(document, top: float = 25, side: float = 22, bottom: float = 22) -> None:
    """A4 with the PDF edition's default margins (millimetres)."""
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
        section.left_margin = section.right_margin = Mm(side)
