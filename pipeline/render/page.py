"""Page geometry for the PDF edition: size, margins, and the character grid.

The text block (版心) is a whole number of characters wide, as Chinese
typesetting sets it: a line of Han characters and full-width punctuation
fills it exactly, with no spacing added; a line holding Latin letters or
digits is justified by spreading what it lacks between its characters
(render/justify.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import PipelineError

# Sizes CSS names, in millimetres (width, height).
PAGE_SIZES = {"a3": (297, 420), "a4": (210, 297), "a5": (148, 210), "b4": (250, 353), "b5": (176, 250),
              "letter": (215.9, 279.4), "legal": (215.9, 355.6)}
_TO_MM = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}
_LENGTH = re.compile(r"^(\d+(?:\.\d+)?)(mm|cm|in|pt)$")
# CSS margin shorthand: which value is top, right, bottom, left for 1-4 values.
_SHORTHAND = {1: (0, 0, 0, 0), 2: (0, 1, 0, 1), 3: (0, 1, 2, 1), 4: (0, 1, 2, 3)}
# A0's long side is 1189 mm, a business card's short side 50; WeasyPrint
# takes minutes to lay out a page metres wide (100000mm hung it).
MIN_PAGE_SIDE_MM, MAX_PAGE_SIDE_MM = 50, 1200
BODY_FONT_PT = 10.5  # 五号: styles/print.css sets the same size
MM_PER_PT = 25.4 / 72


def _length(text: str) -> float:
    match = _LENGTH.match(text)
    if not match:
        raise PipelineError(f"not a length: {text!r} (use a number with mm, cm, in or pt, e.g. 25mm)")
    return float(match[1]) * _TO_MM[match[2]]


@dataclass(frozen=True)
class PageGeometry:
    size: str = "A4"
    margin: str = "25mm 22mm 22mm"  # CSS order: top, right/left, bottom (1 to 4 values)

    def dimensions(self) -> tuple[float, float]:
        words = self.size.lower().split()
        landscape = words[-1:] == ["landscape"]
        words = [w for w in words if w not in ("portrait", "landscape")]
        if len(words) == 1 and words[0] in PAGE_SIZES:
            width, height = PAGE_SIZES[words[0]]
        elif len(words) == 2:
            width, height = _length(words[0]), _length(words[1])
        else:
            raise PipelineError(f"unknown page size {self.size!r}: use {', '.join(PAGE_SIZES)} (optionally "
                                "'landscape') or two lengths such as '170mm 240mm'")
        if not all(MIN_PAGE_SIDE_MM <= side <= MAX_PAGE_SIDE_MM for side in (width, height)):
            raise PipelineError(f"page size {self.size!r}: each side must lie between {MIN_PAGE_SIDE_MM} and "
                                f"{MAX_PAGE_SIDE_MM} mm")
        return (height, width) if landscape else (width, height)

    def margins(self) -> tuple[float, float, float, float]:
        values = [_length(v) for v in self.margin.split()]
        if not 1 <= len(values) <= 4:
            raise PipelineError(f"margin takes 1 to 4 lengths, got {self.margin!r}")
        top, right, bottom, left = (values[i] for i in _SHORTHAND[len(values)])
        return top, right, bottom, left

    def css(self) -> str:
        width, height = self.dimensions()
        top, right, bottom, left = self.margins()
        text_width = width - left - right
        characters = int(text_width / (BODY_FONT_PT * MM_PER_PT))
        if characters < 10 or height - top - bottom < 50:
            raise PipelineError(f"page {self.size} with margins {self.margin} leaves too little room for text")
        return (f"@page {{ size: {width:g}mm {height:g}mm; margin: {top:g}mm {right:g}mm {bottom:g}mm {left:g}mm; }}\n"
                f":root {{ --grid-characters: {characters}; }}\n"
                f"main, .front {{ width: {characters * BODY_FONT_PT:g}pt; }}\n")
