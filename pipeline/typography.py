"""The PDF's body lines as a reader sees them: which end flush with the text
block's right edge, and which end a paragraph on a line of one or two
characters (a runt). Read back with pdfplumber from the characters' boxes.

A body line is a row of characters in the body size. It ends its paragraph
when the next body line is indented (a new paragraph), lies more than a
line's pitch below (a heading or a note between), or there is none; the
last line of a page continues on the next when the next page's first body
line is not indented. Contents lines (dot leaders) are not body text.
"""
from __future__ import annotations

import collections
import statistics
from dataclasses import dataclass
from pathlib import Path

from .chars import CLOSING_MARKS
from .render.page import BODY_FONT_PT

FLUSH_EM = 0.05  # a line ends flush within this much of the right edge
RUNT_CHARACTERS = 2  # a paragraph's last line with this few characters before its closing marks is a runt
LINE_PITCH_EM = 2.2  # rows further apart than this (line-height 1.8) have something between


@dataclass(frozen=True)
class Line:
    page: int
    top: float
    left: float
    right: float
    text: str


@dataclass
class LineEnds:
    flush: int
    short: list[tuple[int, float, str]]  # page, ems short of the edge, the line's end
    runts: list[tuple[int, str]]  # page, the paragraph's last line


def body_lines(path: Path, size: float = BODY_FONT_PT) -> list[Line]:
    import pdfplumber

    lines = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            rows = collections.defaultdict(list)
            for char in page.chars:
                if abs(char["size"] - size) < 0.05 and char["text"].strip():
                    rows[round(char["top"])].append(char)
            for top in sorted(rows):
                chars = sorted(rows[top], key=lambda c: c["x0"])
                text = "".join(c["text"] for c in chars)
                if "...." not in text:
                    lines.append(Line(number, top, chars[0]["x0"], chars[-1]["x1"], text))
    return lines


def line_ends(path: Path, size: float = BODY_FONT_PT) -> LineEnds:
    lines = body_lines(path, size)
    ends = LineEnds(0, [], [])
    if not lines:
        return ends
    left = min(line.left for line in lines)
    right = statistics.mode(round(line.right, 1) for line in lines)
    for line, following in zip(lines, lines[1:] + [None]):
        continues = (following is not None and following.left < left + size
                     and (following.page != line.page or following.top - line.top <= LINE_PITCH_EM * size))
        if not continues:
            if len(line.text.rstrip(CLOSING_MARKS)) <= RUNT_CHARACTERS and line.left < left + size:
                ends.runts.append((line.page, line.text))
        elif right - line.right <= FLUSH_EM * size:
            ends.flush += 1
        else:
            ends.short.append((line.page, round((right - line.right) / size, 2), line.text[-12:]))
    return ends
