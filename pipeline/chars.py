"""Character classes shared by the rules."""
import re


def _character_class(ranges: tuple[tuple[int, int], ...]) -> str:
    return "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high in ranges)


HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
HAN = _character_class(HAN_RANGES)
# CJK punctuation and full-width forms: a neighbour of these is Chinese text too.
CJK_PUNCT = r"\u3000-\u303f\uff00-\uffef\u2014\u2026\u201c\u201d\u2018\u2019"
HAN_RE = re.compile(f"[{HAN}]")
CJK_RE = re.compile(f"[{HAN}{CJK_PUNCT}]")

# Marks that close a sentence or a quotation: a line may not start with one,
# and they do not count towards a paragraph's last line.
CLOSING_MARKS = "。，、；：！？”’）》」』…—.,;:!?)"
# Marks that open a quotation or a bracket: one starting a line hangs its blank half.
OPENING_MARKS = "（“‘《〈「『【〔"

# Full-width marks whose glyph fills half its square, the other half blank:
# side by side, all but the last are set at half width (render/html.py).
HALF_BLANK_MARKS = "，。、；：！？“”‘’（）《》〈〉「」『』【】〔〕"


# Letters and digits of Western scripts (Latin, Greek, Cyrillic; ×, ÷ left
# out). Between one and a Han character Chinese typesetting sets a quarter
# em (clreq 3.4.1), as spacing, not a character: render/html.py for the PDF,
# styles/blocks.lua (given these ranges) for the EPUB; Word and LibreOffice
# do it themselves in the DOCX (autoSpaceDE/autoSpaceDN, on by default).
WESTERN_RANGES = ((0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A), (0xC0, 0xD6), (0xD8, 0xF6), (0xF8, 0x24F),
                  (0x370, 0x3FF), (0x400, 0x4FF))
_WESTERN_RUN = re.compile(f"[{_character_class(WESTERN_RANGES)}]+")


def western_runs_beside_han(text: str) -> list[tuple[int, int, bool, bool]]:
    """Each run of Western letters and digits with a Han character before or
    after it: start, end, and whether a Han character is before, after."""
    runs = []
    for run in _WESTERN_RUN.finditer(text):
        before = run.start() > 0 and bool(HAN_RE.match(text[run.start() - 1]))
        after = bool(HAN_RE.match(text[run.end():run.end() + 1]))
        if before or after:
            runs.append((run.start(), run.end(), before, after))
    return runs


def is_cjk(char: str) -> bool:
    return bool(char) and bool(CJK_RE.match(char))


_WHITESPACE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """The text with all whitespace removed: line breaks and indents are layout."""
    return _WHITESPACE.sub("", text)


# Pinyin's vowels (and ń ň ǹ ḿ) with a tone mark.
TONE_MARKED = "\u0101\u00e1\u01ce\u00e0\u0113\u00e9\u011b\u00e8\u012b\u00ed\u01d0\u00ec\u014d\u00f3\u01d2\u00f2\u016b\u00fa\u01d4\u00f9\u01d6\u01d8\u01da\u01dc\u0144\u0148\u01f9\u1e3f"
TONE_LETTERS = "a-zü" + TONE_MARKED
# A pinyin reading as the site writes it, with tone marks.
READING = f"[{TONE_LETTERS}]{{1,7}}"
# `?shù)`: a character whose glyph was lost in a mojibake span; only its reading survived.
LOST_GLYPH_RE = re.compile(f"\\?{READING}\\)")

# 虚缺号 (GB/T 15834): the mark Chinese publishing uses for a character that is
# missing or illegible in the source. The pipeline prints it where a character
# is lost without trace, rather than guess.
MISSING = "\u25a1"


def two_byte_plane():
    """(lead, trail, character) for every pair GB18030 decodes as one character
    of its two-byte plane: GBK plus the few pairs GBK leaves undefined."""
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            try:
                char = bytes((lead, trail)).decode("gb18030")
            except UnicodeDecodeError:
                continue
            if len(char) == 1:
                yield lead, trail, char

# Characters XML 1.0 (and so DOCX and EPUB) cannot carry: C0 controls other
# than tab and newline, lone surrogates, U+FFFE and U+FFFF.
UNCARRIABLE = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")
