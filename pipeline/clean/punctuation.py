"""Half-width punctuation in Chinese text becomes full-width (GB/T 15834).

A mark is Chinese when a neighbour is Han or CJK punctuation; inside Latin
and numeric runs (`1,000`, `24/7`, `Know-how`) ASCII stays. A mark at a
line's end or start has its neighbour across the line break (a PDF's
wrapped line may end or start with it).
"""
import re

from ..chars import LOST_GLYPH_RE, is_cjk
from ..edits import apply_edits

_FULL_WIDTH = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
_MARKS = re.compile(r"[,:;!?]+")  # a run of marks is Chinese or not as a whole
# A pair may straddle one line break (a PDF's wrapped line).
_PAREN_PAIR = re.compile(r"\(([^()\n]{0,200}(?:\n[^()\n]{0,200})?)\)")


def _before(text: str, pos: int) -> str:
    """The character before pos, across one line break."""
    pos -= 1
    if pos >= 0 and text[pos] == "\n":
        pos -= 1
    return text[pos] if pos >= 0 else ""


def _after(text: str, pos: int) -> str:
    """The character at pos, across one line break and its indent."""
    if pos < len(text) and text[pos] == "\n":
        pos += 1
        while pos < len(text) and text[pos] in " \t":
            pos += 1
    return text[pos] if pos < len(text) else ""


# An address keeps its ASCII marks (`http://服务器地址:8000/路径?参数`).
_URL = re.compile(r"(?:https?|ftp)://[^\s，。、；“”（）]+|www\.[^\s，。、；“”（）]+")


def _edits(text: str):
    edits = []
    damaged = {m.start() for m in LOST_GLYPH_RE.finditer(text)}
    damaged |= {i for m in _URL.finditer(text) for i in range(m.start(), m.end())}
    for match in _MARKS.finditer(text):
        start, end = match.span()
        before, after = _before(text, start), _after(text, end)
        # `:` between digits is a time or ratio, `?` after ASCII may be a URL.
        if is_cjk(before) or (is_cjk(after) and not before.isdigit()):
            edits += [(i, i + 1, _FULL_WIDTH[text[i]], "half-width mark in Chinese text")
                      for i in range(start, end) if i not in damaged]  # damage is left for the report
    for match in _PAREN_PAIR.finditer(text):
        start, end = match.start(), match.end()
        if start in damaged:
            continue
        outside = _before(text, start) + _after(text, end)
        if any(is_cjk(c) for c in outside + match.group(1)):
            note = "half-width parentheses in Chinese text"
            edits += [(start, start + 1, "（", note), (end - 1, end, "）", note)]
    return edits


def full_width_punctuation(text: str):
    return apply_edits(text, _edits(text), "clean", "punctuation")
