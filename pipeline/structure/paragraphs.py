"""Paragraphs from the source's own line breaks, where it gives them.

How a scrape breaks its lines is measured once per document (Layout):
  one paragraph a line    each line is a paragraph;
  a PDF's fixed width     most lines fill the same width: a full line joins
                          the next, unless the next opens with an indent (where
                          the document indents its paragraphs) or, where it
                          does not, the full line ends a sentence;
  no breaks at all        a line longer than RUN_CHARS (the seed's body) is
                          re-split at sentence ends into paragraphs of about
                          TARGET_CHARS.
Joined lines meet without a space, except between two Latin words or numbers.
"""
from __future__ import annotations

import collections
import re
from dataclasses import dataclass

from .lines import SENTENCE_END, Line, Lines, display_width, ends_sentence

TARGET_CHARS = 300
MAX_CHARS = 1200
MIN_CHARS = 80
# A document wraps at a fixed width when at least this share of its lines
# (of 10 ems or more) are within WRAP_SLACK ems of one width; a line that
# wide is full. Measured on the generated corpora (tests/corpus.py): wrapped
# documents score 0.55-0.95, one-paragraph-a-line documents 0.05-0.20.
WRAP_SHARE = 0.35
WRAP_SLACK = 2.0
MIN_WRAP_LINES = 4
# A document indents its paragraphs when at least this share of its lines do.
INDENT_SHARE = 0.10


@dataclass(frozen=True)
class Span:
    """A piece of the text: [start, end) and what it says."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Layout:
    wrap_width: float | None  # the width a PDF wrapped its lines at, if it did
    indents: bool  # paragraphs open with an indent

    def full(self, line: str) -> bool:
        return self.wrap_width is not None and display_width(line.strip()) >= self.wrap_width - WRAP_SLACK

    def joins(self, line: str, following: Line) -> bool:
        """Whether the paragraph goes on from `line` to the line after it."""
        if not self.full(line):
            return False
        if self.indents:
            return not following.indented
        return not ends_sentence(line)


def measure_layout(lines: list[Line]) -> Layout:
    """How the document breaks its lines, from its ordinary lines (not runs, not blank)."""
    ordinary = [line for line in lines if not line.blank and not line.run]
    widths = [round(display_width(line.content)) for line in ordinary]
    long_enough = [w for w in widths if w >= 10]
    wrap = None
    if len(long_enough) >= MIN_WRAP_LINES:
        counts = collections.Counter(long_enough)
        # The width most lines reach, counting those up to WRAP_SLACK short of it.
        best = max(counts, key=lambda w: (sum(n for v, n in counts.items() if w - WRAP_SLACK <= v <= w), w))
        share = sum(n for v, n in counts.items() if best - WRAP_SLACK <= v <= best) / len(long_enough)
        if share >= WRAP_SHARE:
            wrap = float(best)
    indented = sum(line.indented for line in ordinary)
    return Layout(wrap, len(ordinary) > 0 and indented >= 2 and indented / len(ordinary) >= INDENT_SHARE)


def _joined(parts: list[str]) -> str:
    text = parts[0]
    for part in parts[1:]:
        latin_meets_latin = text[-1:].isascii() and text[-1:].isalnum() and part[:1].isascii() and part[:1].isalnum()
        text += (" " if latin_meets_latin else "") + part
    return text


def resplit(text: str, start: int, end: int) -> list[Span]:
    """A run without paragraph breaks, re-split: sentences are gathered until a
    paragraph reaches TARGET_CHARS; a sentence never straddles two
    paragraphs, and a paragraph closes early rather than grow past
    MAX_CHARS. A short tail joins the paragraph before it."""
    bounds = [start] + [e for e in (m.end() for m in SENTENCE_END.finditer(text, start, end)) if e < end] + [end]
    paragraphs: list[list[int]] = []
    current: list[int] | None = None
    for sentence_start, sentence_end in zip(bounds, bounds[1:]):
        if current and sentence_end - current[0] > MAX_CHARS:
            paragraphs.append(current)
            current = None
        current = [current[0] if current else sentence_start, sentence_end]
        if current[1] - current[0] >= TARGET_CHARS:
            paragraphs.append(current)
            current = None
    if current:
        if paragraphs and current[1] - current[0] < MIN_CHARS:
            paragraphs[-1][1] = current[1]
        else:
            paragraphs.append(current)
    spans = []
    for paragraph_start, paragraph_end in paragraphs:
        piece = text[paragraph_start:paragraph_end]
        stripped = piece.strip()
        if stripped:
            offset = paragraph_start + len(piece) - len(piece.lstrip())
            spans.append(Span(offset, offset + len(stripped), stripped))
    return spans


def paragraphs(text: str, lines: Lines, ranges: list[tuple[int, int]], layout: Layout) -> list[Span]:
    """The paragraphs of the text in `ranges` (in order; what lies between
    them was taken out): runs re-split, other lines joined where the layout
    says a paragraph goes on."""
    pieces = []
    for start, end in ranges:
        for number, line in lines.between(start, end):
            piece_start, piece_end = max(line.start, start), min(line.end, end)
            if piece_end > piece_start and text[piece_start:piece_end].strip():
                pieces.append((number, line, piece_start, piece_end))
    out: list[Span] = []
    current: list[tuple[int, int]] = []

    def close():
        if current:
            parts = [text[s:e].strip() for s, e in current]
            (first_start, first_end), (last_start, last_end) = current[0], current[-1]
            offset = first_start + len(text[first_start:first_end]) - len(text[first_start:first_end].lstrip())
            out.append(Span(offset, last_start + len(text[last_start:last_end].rstrip()), _joined(parts)))
            current.clear()

    for index, (number, line, piece_start, piece_end) in enumerate(pieces):
        if line.run:
            close()
            out += resplit(text, piece_start, piece_end)
            continue
        if current and line.indented and piece_start == line.start:
            close()
        current.append((piece_start, piece_end))
        following = pieces[index + 1] if index + 1 < len(pieces) else None
        # A blank line between two pieces always ends the paragraph; lines
        # taken out between them (a repeat) do not.
        if following is None or following[1].run or any(lines[k].blank for k in range(number + 1, following[0])) \
                or following[0] == number or not layout.joins(text[line.start:piece_end], following[1]):
            close()
    close()
    return out


def ends_mid_sentence(text: str) -> bool:
    return bool(text.strip()) and not re.search(r"[。！？!?…][”’」』）)]*\s*$", text)
