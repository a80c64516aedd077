"""The cleaned text as lines with their offsets, and the sentence ends in them.

The structure stage works on offsets into the cleaned text, so that every
heading, paragraph and removal can say exactly which characters it took.
"""
from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
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


class _CharacterWidths(dict):
    """Each character's width in ems, looked up once: a text of 20 MB has
    five million characters in its lines and a few thousand distinct ones."""

    def __missing__(self, character: str) -> float:
        width = self[character] = 1.0 if unicodedata.east_asian_width(character) in "WF" else 0.5
        return width


_WIDTHS = _CharacterWidths()


def display_width(text: str) -> float:
    """Width in ems: a Chinese character is one, a Latin letter or digit half."""
    return sum(map(_WIDTHS.__getitem__, text))


