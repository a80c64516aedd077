"""The PDF's body lines as a reader sees them: which end flush with the text
block's right edge, which end a paragraph on a line of one or two
characters (a runt), and whether marks side by side are set close. Read
back with pdfplumber from the characters' boxes.

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

from .chars import CLOSING_MARKS, HALF_BLANK_MARKS, OPENING_MARKS, western_runs_beside_han
from .render.page import BODY_FONT_PT

FLUSH_EM = 0.05  # a line ends flush within this much of the right edge
RUNT_CHARACTERS = 2  # a paragraph's last line with this few characters before its closing marks is a runt
LINE_PITCH_EM = 2.2  # rows further apart than this (line-height 1.8) have something between
CONTENTS_LEADER = "…" * 4  # a contents line's leader (styles/print.css); prose's ellipsis is two


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


def _rows(path: Path, size: float | None, spaces: bool = False):
    """(page number, top, characters left to right) for every row of characters of
    this size (any size: None), contents lines (dot leaders) left out; spaces
    only when asked for."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            rows = collections.defaultdict(list)
            for char in page.chars:
                if (size is None or abs(char["size"] - size) < 0.05) and (char["text"].strip() or spaces and char["text"] == " "):
                    rows[round(char["top"])].append(char)
            for top in sorted(rows):
                chars = sorted(rows[top], key=lambda c: c["x0"])
                if CONTENTS_LEADER not in "".join(c["text"] for c in chars):
                    yield number, top, chars


def body_lines(path: Path, size: float = BODY_FONT_PT) -> list[Line]:
    return [Line(number, top, chars[0]["x0"], chars[-1]["x1"], "".join(c["text"] for c in chars))
            for number, top, chars in _rows(path, size)]


def line_start_brackets(path: Path, size: float = BODY_FONT_PT) -> list[float]:
    """For each body line that opens with a bracket or quote (a paragraph's
    first line aside), where the mark's box starts, in ems from the left
    edge the other lines start at: -0.5 where its blank half hangs."""
    lines = body_lines(path, size)
    if not lines:
        return []
    edge = statistics.mode(round(line.left, 1) for line in lines)
    return [round((line.left - edge) / size, 2) for line in lines
            if line.text[0] in OPENING_MARKS and line.left < edge + size / 4]


def adjacent_marks(path: Path) -> tuple[int, list[str]]:
    """Pairs of marks side by side: how many are set close (the first at most
    three quarters of an em before the second), and the others."""
    close, wide = 0, []
    for _, _, chars in _rows(path, None):
        for first, second in zip(chars, chars[1:]):
            if first["text"] in HALF_BLANK_MARKS and second["text"] in HALF_BLANK_MARKS:
                if second["x0"] - first["x0"] <= 0.75 * first["size"]:
                    close += 1
                else:
                    wide.append(first["text"] + second["text"])
    return close, wide


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


def han_western_gaps(path: Path, size: float = BODY_FONT_PT) -> list[float]:
    """The blank between a Han character and a Western letter or digit beside
    it on a body line, in ems, for every such pair (clreq: a quarter em)."""
    gaps = []
    for _, _, chars in _rows(path, size, spaces=True):  # `report 一类` is no pair
        text = "".join(c["text"] for c in chars)
        if len(text) != len(chars):
            continue  # a ligature or a character of several code points: positions do not map
        for start, end, before, after in western_runs_beside_han(text):
            pairs = [(start - 1, start)] * before + [(end - 1, end)] * after
            gaps += [round((chars[b]["x0"] - chars[a]["x1"]) / size, 3) for a, b in pairs]
    return gaps
