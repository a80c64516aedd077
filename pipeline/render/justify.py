"""Justified Chinese lines in WeasyPrint: the slack spread between characters.

WeasyPrint 70 justifies a line by widening its spaces only
(weasyprint/layout/inline.py: `justify_line` shares the slack among
`count_expandable_spaces(line)`; `add_word_spacing` widens each text box by
its share; weasyprint/text/line_break.py: `Layout.set_text(justify=True)`
turns the share into Pango letter-spacing on the spaces' bytes). Chinese has
no spaces, so its lines stay ragged. Three of those functions (and
`text_align`, for a bracket that opens a line) are replaced here, so that
every gap between two characters of a text box can take a share, weighted
as clreq asks (https://www.w3.org/TR/clreq/): more beside
punctuation and spaces than between Han characters, nothing inside a Latin
word or a number. No character is added: the text a PDF reader extracts is
the text set.

How a gap is drawn. Pango's letter-spacing is symmetric: a character
spaced by s gets s/2 on each side, except at the start and end of the
layout (each WeasyPrint text box is one), so the gap between characters
k and k+1 is (s_k + s_k+1) / 2, and a box widens by the sum of its gaps.
Gaps are what a line needs (0 inside `Alpha`), so the spacings are solved
from them: s_1 = g_1, s_k+1 = 2 g_k - s_k (negative inside a Latin word
next to a widened gap: Pango shifts those glyphs back, and the gaps come
out as asked). The last character of a line gets no gap.

The replacement reaches into WeasyPrint's internals, so it is pinned to the
version it was written for: on any other, `install()` fails with a message
rather than drawing lines whose widths WeasyPrint computed differently.
tests/test_justify.py lays out lines and checks their right edges.
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache

import weasyprint
from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline
from weasyprint.text import line_break
from weasyprint.text.ffi import TO_UNITS, ffi, pango

from ..chars import CJK_PUNCT, HAN_RE, OPENING_MARKS
from ..errors import PipelineError

WRITTEN_FOR = "70.0"

# Weight of a gap, in shares of the line's slack (clreq 3.8: adjust at
# punctuation and at the boundaries of Han and Western text before between
# Han characters; never inside a Western word).
HAN_GAP = 1.0
PUNCTUATION_GAP = 2.0  # either side a Chinese mark
SPACE_GAP = 2.0  # either side a space
# A share wider than this (in em) is not given: a line of few gaps (a long
# address that cannot break) is left ragged rather than spaced out until
# text extraction reads the gaps as spaces.
MAX_SHARE_EM = 0.3

_MARK = re.compile(f"[{CJK_PUNCT}]")


@cache  # a text's characters repeat: a few thousand kinds and pairs serve a book
def _kind(char: str) -> str:
    """`han`, `mark` (Chinese punctuation), `space`, or `latin` (everything else)."""
    if char in " \u00a0\u3000":
        return "space"
    if HAN_RE.match(char):
        return "han"
    if _MARK.match(char):
        return "mark"
    return "latin"


@cache
def gap_weight(before: str, after: str) -> float:
    kinds = {_kind(before), _kind(after)}
    if kinds == {"latin"}:
        return 0.0
    if "space" in kinds:
        return SPACE_GAP
    if "mark" in kinds:
        return PUNCTUATION_GAP
    return HAN_GAP


def gap_weights(text: str) -> list[float] | None:
    """The weight of each gap between two characters of a text box; None
    where Pango would not space every character alike (combining marks,
    joiners and variation selectors are not grapheme starts)."""
    if any(unicodedata.category(c) in ("Mn", "Me", "Cf") for c in text):
        return None
    body = text.rstrip(" ")  # a trailing space is collapsed at the line's end: no gap before it
    return [gap_weight(a, b) for a, b in zip(body, body[1:])] + [0.0] * (len(text) - len(body))


def letter_spacings(gaps: list[float]) -> list[float]:
    """Per-character spacing that draws these gaps between neighbours (see the module's note)."""
    if not gaps:
        return [0.0]
    spacings = [gaps[0]]
    for gap in gaps:
        spacings.append(2 * gap - spacings[-1])
    return spacings


def _count_expandable(box) -> float:
    if isinstance(box, boxes.TextBox):
        return sum(gap_weights(box.text) or ())
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        return sum(_count_expandable(child) for child in box.children)
    return 0


# A line's edges. An opening bracket or quote (chars.OPENING_MARKS) starting
# a line has its blank left half hung into the margin (clreq); the quarter
# em a Western run keeps from Han text (a margin of its span, render/html.py)
# is dropped where the run opens or closes a line. The line starts at the
# first glyph and ends at the last, and what was dropped joins the slack.


def _first_text(box):
    if isinstance(box, boxes.TextBox):
        return box
    for child in getattr(box, "children", ()):
        if isinstance(child, (boxes.TextBox, boxes.InlineBox)) and (text := _first_text(child)) is not None:
            return text
    return None


def _edge_margin(box, side: str) -> float:
    """The margins of the inline boxes that open (`left`) or close (`right`) a line."""
    margin = 0.0
    while (children := [c for c in getattr(box, "children", ()) if c.is_in_normal_flow()]):
        box = children[0] if side == "left" else children[-1]
        if not isinstance(box, boxes.InlineBox):
            break
        margin += getattr(box, f"margin_{side}") or 0
    return margin


def _edges(line) -> tuple[float, float]:
    """What the line's start and end give up: a hung half em, a dropped gap."""
    first = _first_text(line)
    hang = first.style["font_size"] / 2 if first is not None and first.text[:1] in OPENING_MARKS else 0
    return hang + _edge_margin(line, "left"), _edge_margin(line, "right")


def _justify_line(context, line, extra_width):
    start, end = _edges(line)
    units = _count_expandable(line)
    share = (extra_width + start + end) / units if units else 0
    if not 0 < share <= MAX_SHARE_EM * line.style["font_size"]:
        share = 0
    if share or start:
        inline.add_word_spacing(context, line, share, -start)


_original_text_align = inline.text_align


def _text_align(context, line, available_width, last):
    """WeasyPrint's, but a justified paragraph's line that gives up space at
    an edge (a hung bracket, a dropped gap) is set without it: the last line
    by moving left, the others through _justify_line even when they are
    full (WeasyPrint skips those)."""
    if line.style["text_align_all"] != "justify" or line.style["direction"] != "ltr":
        return _original_text_align(context, line, available_width, last)
    start, end = _edges(line)
    if not (start or end):
        return _original_text_align(context, line, available_width, last)
    if last:
        return -start
    _justify_line(context, line, available_width - line.width)
    return 0


_original_set_text = line_break.Layout.set_text


def _set_text(self, text, justify=False):
    _original_set_text(self, text, justify=False)
    if not (justify and self.justification_spacing):
        return
    weights = gap_weights(self.text)
    if not weights:
        return
    share = self.justification_spacing
    letter_spacing = self.style["letter_spacing"]
    base = 0 if letter_spacing == "normal" else letter_spacing
    attributes = pango.pango_layout_get_attributes(self.layout)
    if attributes == ffi.NULL:
        attributes = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
    start = 0
    for char, spacing in zip(self.text, letter_spacings(weights)):
        end = start + len(char.encode())
        attribute = pango.pango_attr_letter_spacing_new(int((base + spacing * share) * TO_UNITS))
        attribute.start_index, attribute.end_index = start, end
        pango.pango_attr_list_change(attributes, attribute)
        start = end
    pango.pango_layout_set_attributes(self.layout, attributes)


def require_version(module: str, checked: str) -> None:
    """A replacement of WeasyPrint's internals (this module's, leaders.py's)
    refuses to start on a WeasyPrint it was not written for."""
    if weasyprint.__version__ != WRITTEN_FOR:
        raise PipelineError(f"pipeline/render/{module} was written for WeasyPrint {WRITTEN_FOR}, "
                            f"not {weasyprint.__version__}: check it against the new version's "
                            f"{checked}, then update WRITTEN_FOR in pipeline/render/justify.py")


def install() -> None:
    """Replace WeasyPrint's space-only justification (once; checked against its version)."""
    require_version("justify.py", "layout/inline.py and text/line_break.py")
    inline.count_expandable_spaces = _count_expandable
    inline.justify_line = _justify_line
    inline.text_align = _text_align
    line_break.Layout.set_text = _set_text
