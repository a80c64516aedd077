"""Half-width punctuation in Chinese text becomes full-width (GB/T 15834).

A mark is Chinese when a neighbour is Han or CJK punctuation; inside Latin
and numeric runs (`1,000`, `24/7`, `Know-how`) ASCII stays.
"""
import re

from ..chars import LOST_GLYPH_RE, is_cjk
from ..edits import apply_edits

_FULL_WIDTH = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
_MARKS = re.compile(r"[,:;!?]+")  # a run of marks is Chinese or not as a whole
_PAREN_PAIR = re.compile(r"\(([^()\n]{0,200})\)")


def _edits(text: str):
    edits = []
    damaged = {m.start() for m in LOST_GLYPH_RE.finditer(text)}
    for match in _MARKS.finditer(text):
        start, end = match.span()
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        # `:` between digits is a time or ratio, `?` after ASCII may be a URL.
        if is_cjk(before) or (is_cjk(after) and not before.isdigit()):
            edits += [(i, i + 1, _FULL_WIDTH[text[i]], "half-width mark in Chinese text")
                      for i in range(start, end) if i not in damaged]  # damage is left for the report
    for match in _PAREN_PAIR.finditer(text):
        start, end = match.start(), match.end()
        outside = (text[start - 1] if start else "") + (text[end] if end < len(text) else "")
        if any(is_cjk(c) for c in outside + match.group(1)):
            note = "half-width parentheses in Chinese text"
            edits += [(start, start + 1, "（", note), (end - 1, end, "）", note)]
    return edits


def full_width_punctuation(text: str):
    return apply_edits(text, _edits(text), "clean", "punctuation")
