"""Paragraphs from the source's own line breaks, where it gives them.

How a scrape breaks its lines is measured once per document (Layout):
  one paragraph a line    each line is a paragraph;
  a PDF's fixed width     most lines fill the same width: a full line joins
                          the next, unless the next opens with an indent (where
                          the document indents its paragraphs), or a blank line
                          comes between (where blank lines part paragraphs);
  no breaks at all        a line longer than RUN_CHARS (the seed's body) is
                          re-split at sentence ends into paragraphs of about
                          TARGET_CHARS.
Blank lines part paragraphs, unless the scrape put one after every line.
Joined lines meet without a space, except between two Latin words or numbers.
"""
from __future__ import annotations

import collections
import itertools
import re
from dataclasses import dataclass

from .lines import SENTENCE_END, Line, Lines, display_width, ends_sentence

TARGET_CHARS = 300
MAX_CHARS = 1200
MIN_CHARS = 80
# A document wraps at a fixed width when at least MIN_WRAP_LINES of its lines
# (of 10 ems or more) are within WRAP_SLACK ems of one width, of at most
# MAX_WRAP_WIDTH (a page's line: 30 to 48 ems in the scrapes seen; a
# paragraph on a line of its own is far longer), half of them at least
# ending mid-sentence, and they are WRAP_SHARE of the lines or no line is
# wider (a short excerpt: three full lines among headings and paragraph
# ends); a line that wide is full.
# The full lines of real PDF scrapes vary by two ems (46 to 48, 39 to 41:
# punctuation set narrow, a word that did not fit). Measured on 200
# generated documents (tests/corpus.py): wrapped ones score 0.72 to 0.94,
# one-paragraph-a-line ones 0.08 to 0.45; two real wrapped pages 0.60, 0.63.
WRAP_SHARE = 0.55
WRAP_SLACK = 2.0
MAX_WRAP_WIDTH = 80
MIN_WRAP_WIDTH = 20  # narrower, the lines are short paragraphs and headings (`注册与登录`), not a page's
MIN_WRAP_LINES = 3
# A document indents its paragraphs when at least this share of its lines do.
INDENT_SHARE = 0.10
# Blank lines part paragraphs where at least BLANKS_PART of the lines have one
# after them; where at least BLANKS_EVERYWHERE do, the scrape spaced every
# line and they say nothing.
BLANKS_PART = 0.10
BLANKS_EVERYWHERE = 0.90
_FIRST_WORD = re.compile(r"[A-Za-z0-9.%]+|.")


@dataclass(frozen=True)
class Span:
    """A piece of the text: [start, end) and what it says."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Layout:
    wrap_width: float | None  # the width a PDF wrapped its lines at, if it did
    indents: bool = False  # paragraphs open with an indent
    blanks: str = "none"  # "part" (blank lines part paragraphs), "everywhere" (after every line), "none"

    def full(self, line: str, following: str = "") -> bool:
        """The line, its indent included, fills the width the document wraps
        at: nearly, or so far that the next line's first word would not fit."""
        if self.wrap_width is None:
            return False
        width = display_width(line.rstrip())
        first_word = _FIRST_WORD.match(following.strip())
        return width >= self.wrap_width - WRAP_SLACK or \
            (first_word is not None and width + display_width(first_word.group()) > self.wrap_width)

    def joins(self, line: str, following: Line, blank_between: bool) -> bool:
        """Whether the paragraph goes on from `line` to the line after it."""
        if blank_between and self.blanks != "everywhere":
            return False
        if not self.full(line, following.text):
            return False
        # A full line that ends a sentence may end its paragraph too; but a
        # sentence ends at a line's end more often inside a paragraph than at
        # its close: on the generated corpora, joining them keeps 99.7% of the
        # paragraph starts and makes none up, against 99.96% kept and 2%
        # made up when they end the paragraph.
        return not following.indented if self.indents else True


def measure_layout(lines: list[Line]) -> Layout:
    """How the document breaks its lines, from its ordinary lines (not runs, not blank)."""
    ordinary = [line for line in lines if not line.blank and not line.run]
    measured = [(round(display_width(line.text.rstrip())), line) for line in ordinary]
    long_enough = [(w, line) for w, line in measured if w >= 10]
    wrap = None
    if long_enough:
        counts = collections.Counter(w for w, _ in long_enough)
        # The width most lines reach, counting those up to WRAP_SLACK short of it.
        best = max(counts, key=lambda w: (sum(n for v, n in counts.items() if w - WRAP_SLACK <= v <= w), w))
        full = [line for w, line in long_enough if best - WRAP_SLACK <= w <= best]
        wider = sum(w > best + WRAP_SLACK for w, _ in long_enough)
        # A wrapped line ends where the width ran out, mid-sentence as often as not.
        mid_sentence = sum(not ends_sentence(line.text) for line in full) * 2 >= len(full)
        if MIN_WRAP_WIDTH <= best <= MAX_WRAP_WIDTH and len(full) >= MIN_WRAP_LINES and mid_sentence and (
                len(full) >= WRAP_SHARE * len(long_enough) or not wider):
            wrap = float(best)
    indented = sum(line.indented for line in ordinary)
    indents = len(ordinary) > 0 and indented >= 2 and indented / len(ordinary) >= INDENT_SHARE
    followed = [lines[i + 1].blank for i, line in enumerate(lines[:-1]) if not line.blank and not line.run]
    share = sum(followed) / len(followed) if followed else 0
    blanks = "everywhere" if share >= BLANKS_EVERYWHERE else "part" if share >= BLANKS_PART else "none"
    return Layout(wrap, indents, blanks)


def _joined(parts: list[str]) -> str:
    """Lines joined: a space only where a Latin word meets a word or number
    (`Internet of|Things`, `Windows|10`); a number the line cut in two
    (`约1|2.6万`) and Chinese meet without one."""
    text = parts[0]
    for part in parts[1:]:
        ends, starts = text[-1:], part[:1]
        words = ends.isascii() and starts.isascii() and ends.isalnum() and starts.isalnum() \
            and not (ends.isdigit() and starts.isdigit())
        text += (" " if words else "") + part
    return text


def resplit(text: str, start: int, end: int) -> list[Span]:
    """A run without paragraph breaks, re-split: sentences are gathered until a
    paragraph reaches TARGET_CHARS; a sentence never straddles two
    paragraphs, and a paragraph closes early rather than grow past
    MAX_CHARS. A short tail joins the paragraph before it."""
    bounds = [start] + [e for e in (m.end() for m in SENTENCE_END.finditer(text, start, end)) if e < end] + [end]
    paragraphs: list[list[int]] = []
    current: list[int] | None = None
    for sentence_start, sentence_end in itertools.pairwise(bounds):
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
        # Lines taken out between two pieces (a repeat) do not part them.
        following = pieces[index + 1] if index + 1 < len(pieces) else None
        if following is None or following[1].run or following[0] == number or not layout.joins(
                text[line.start:piece_end], following[1], any(lines[k].blank for k in range(number + 1, following[0]))):
            close()
    close()
    return out


def ends_mid_sentence(text: str) -> bool:
    """Whether the text breaks off: it does not end at 。！？… or a full stop
    (a reference list's last entry: `…, 2020.`)."""
    return bool(text.strip()) and not re.search(r"[。！？!?….][”’」』）)]*\s*$", text)
