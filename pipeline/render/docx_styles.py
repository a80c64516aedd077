"""Chinese typography for Word styles, shared by styles/make_reference_docx.py
(which makes styles/reference.docx) and the DOCX builder (pandoc adds styles
the reference lacks, such as Source Code, with no East Asian font).

Every style gets a CJK font for East Asian text (w:eastAsia) and for Latin
text too, so that Chinese quotation marks take full-width glyphs, and two
languages: the edition's for East Asian text (w:lang w:eastAsia zh-CN, or
zh-TW with the TC fonts) and English for Latin text (w:lang w:val en-US), so
that a word processor breaks English words as English, never inside them
(LibreOffice broke `A|lpha` and `Embe|ddedFinance` while Latin text was
tagged zh-CN): python-docx's own defaults set neither. Text styles use Noto
Serif CJK, headings Noto Sans CJK, as in the PDF. The font table names both
with what Word and LibreOffice may use in their place where they are not
installed (w:altName, the Windows font of the same kind; panose, charset,
Unicode and code page ranges, read from fonts-noto-cjk's files).
"""
from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from ..edition import SIMPLIFIED, fonts, word_language

# Set in Noto Sans CJK, as print.css sets them: headings, the title page's
# title and facts (pandoc's Date style), notes, the contents.
SANS_STYLES = ("Title", "Subtitle", "Date", "TOC Heading", "Editorial Note", "toc 1", "toc 2", "toc 3") \
    + tuple(f"Heading {n}" for n in range(1, 10))
LATIN_LANGUAGE = "en-US"  # the language of Latin runs in a Chinese document: English names, terms and quotes


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
    lang.set(qn("w:val"), LATIN_LANGUAGE)
    lang.set(qn("w:eastAsia"), word_language(language))


def apply_chinese_typography(document, language: str = SIMPLIFIED) -> None:
    """Fonts and languages on the document defaults and every style that takes them."""
    serif, sans = fonts(language).serif, fonts(language).sans
    defaults = document.styles.element.find(qn("w:docDefaults"))
    set_fonts(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")), serif, language)
    for style in document.styles:
        if style.type == WD_STYLE_TYPE.LIST:  # numbering styles carry no run properties
            continue
        set_fonts(style.element.get_or_add_rPr(), sans if style.name in SANS_STYLES else serif, language)


# fonts-noto-cjk's OS/2 tables (fontTools): panose, then ulUnicodeRange1-4 and
# ulCodePageRange1-2; the SC and TC faces differ in their code pages only.
_PANOSE = {"Serif": "02020400000000000000", "Sans": "020B0500000000000000"}
_UNICODE_RANGES = ("30000083", "2BDF3C10", "00000016", "00000000")
_CODE_PAGES = {"SC": ("602E0107", "00000000"), "TC": ("603A0107", "00000000")}
# What stands in for each where Noto CJK is missing: Windows' own fonts of the kind.
_ALTERNATES = {("Serif", "SC"): "SimSun", ("Sans", "SC"): "Microsoft YaHei",
               ("Serif", "TC"): "PMingLiU", ("Sans", "TC"): "Microsoft JhengHei"}
_CHARSET = {"SC": "86", "TC": "88"}  # GB2312, Big5


def font_table_entries(language: str) -> str:
    """w:font entries for the edition's two Noto CJK fonts (word/fontTable.xml)."""
    edition_fonts = fonts(language)
    region, (usb, csb) = edition_fonts.region, (_UNICODE_RANGES, _CODE_PAGES[edition_fonts.region])
    return "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{_ALTERNATES[kind, region]}"/>'
        f'<w:panose1 w:val="{_PANOSE[kind]}"/><w:charset w:val="{_CHARSET[region]}"/>'
        f'<w:family w:val="{family}"/><w:pitch w:val="variable"/>'
        f'<w:sig w:usb0="{usb[0]}" w:usb1="{usb[1]}" w:usb2="{usb[2]}" w:usb3="{usb[3]}" '
        f'w:csb0="{csb[0]}" w:csb1="{csb[1]}"/></w:font>'
        for kind, family, name in (("Serif", "roman", edition_fonts.serif), ("Sans", "swiss", edition_fonts.sans)))


def set_a4(document, top: float = 25, side: float = 22, bottom: float = 22) -> None:
    """A4 with the PDF edition's default margins (millimetres)."""
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
        section.left_margin = section.right_margin = Mm(side)
