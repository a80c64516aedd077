"""The cleaned text as lines with their offsets, and the sentence ends in them.

The structure stage works on offsets into the cleaned text, so that every
heading, paragraph and removal can say exactly which characters it took.
"""
from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# A sentence ends at 。！？ (or their ASCII forms, or an ellipsis), with any
# closing quotes and brackets after it.
SENTENCE_END = re.compile(r"(?:[。！？!?]+|…{1,2}|\.{6})[”’」』）)》]*")
_ENDS_SENTENCE = re.compile(f"(?:{SENTENCE_END.pattern}|[：:；;])\\s*$")
INDENT = re.compile(r"^(?:\u3000+|[ \t\u00a0]{2,})")
# Longer than this, a line is a run of text whose paragraph breaks the scrape
# lost (the seed's body is one line of 26,000 characters; glued pages of the
# sites seen, 540 to 1,055 characters in 800-character excerpts): it is
# re-split at sentence ends, into paragraphs of at most this length
# (paragraphs.MAX_CHARS), and a heading glued inside it may be found.
RUN_CHARS = 1200


@dataclass(frozen=True)
class Line:
    start: int  # offset of the line's first character in the text
    end: int  # offset just past its last character, newline excluded
    text: str
    content_start: int  # past its leading spaces
    content_end: int  # before its trailing spaces

    @classmethod
    def at(cls, start: int, text: str) -> Line:
        lead = len(text) - len(text.lstrip())
        return cls(start, start + len(text), text, start + lead, start + lead + len(text.strip()))

    @property
    def content(self) -> str:
        return self.text.strip()

    @property
    def blank(self) -> bool:
        return self.content_start == self.content_end

    @property
    def indented(self) -> bool:
        return bool(INDENT.match(self.text))

    @property
    def run(self) -> bool:
        return len(self.text) > RUN_CHARS


class Lines(list):
    """The text's lines, in order, with a lookup by offset."""

    def __init__(self, text: str):
        lines = []
        pos = 0
        for raw in text.split("\n"):
            lines.append(Line.at(pos, raw))
            pos += len(raw) + 1
        super().__init__(lines)
        self._ends = [line.end for line in lines]

    def index_at(self, offset: int) -> int:
        """The number of the line that holds `offset` (or ends just before it)."""
        return min(bisect.bisect_left(self._ends, offset), len(self) - 1)

    def between(self, start: int, end: int):
        """(number, line) of every line that overlaps text[start:end]."""
        for number in range(self.index_at(start), len(self)):
            line = self[number]
            if line.start >= end:
                return
            if line.end >= start:
                yield number, line


def ends_sentence(text: str) -> bool:
    """Whether the text ends at the end of a sentence (or of a clause that
    introduces what follows: `：`)."""
    return bool(_ENDS_SENTENCE.search(text))


def sentences(text: str) -> list[str]:
    """The text cut after each sentence end."""
    cuts = [0] + [match.end() for match in SENTENCE_END.finditer(text)] + [len(text)]
    return [text[a:b] for a, b in itertools.pairwise(cuts) if text[a:b].strip()]


def display_width(text: str) -> float:
    """Width in ems: a Chinese character is one, a Latin letter or digit half."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


class Taken:
    """Ranges [start, end) taken out of the text, kept sorted and merged, so
    that asking whether an offset is taken, or what of a range is left, costs
    a binary search rather than a pass over every range taken so far (a
    20 MB scrape takes thousands)."""

    def __init__(self, ranges: Iterable[tuple[int, int]] = ()):
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in ranges:
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        if start >= end:
            return  # an empty range takes nothing
        first = bisect.bisect_left(self._ends, start)  # the first range that reaches `start`
        after = bisect.bisect_right(self._starts, end)  # past the last one that starts by `end`
        if first < after:  # overlapping or touching: merged into one
            start, end = min(start, self._starts[first]), max(end, self._ends[after - 1])
        self._starts[first:after] = [start]
        self._ends[first:after] = [end]

    def covers(self, pos: int) -> bool:
        index = bisect.bisect_right(self._starts, pos) - 1
        return index >= 0 and pos < self._ends[index]

    def minus(self, start: int, end: int) -> list[tuple[int, int]]:
        """[start, end) without the ranges taken, as pieces in order."""
        pieces, pos = [], start
        index = bisect.bisect_right(self._ends, start)  # the first range that ends past `start`
        while index < len(self._starts) and self._starts[index] < end:
            if self._starts[index] > pos:
                pieces.append((pos, self._starts[index]))
            pos = max(pos, self._ends[index])
            index += 1
        if pos < end:
            pieces.append((pos, end))
        return pieces
