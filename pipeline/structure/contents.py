"""The document's own table of contents, where it has one, and its entries
found again in the body.

A contents list is a run of entry lines near the top: after a 目录 label, or
(unlabelled) at least MIN_UNLABELLED entries whose first comes back as the
body's first heading, before any prose (or with nothing after them: the
body is missing). An entry may carry leaders and a page number
(`第一章 总论……3`), be indented, or have the document's title glued before
it (`<title>一、<chapter>`, the seed). The body starts where the first entry
comes back: on a line of its own, or glued after the last entry.

Entries are matched to the body tolerantly: spaces, full- and half-width
forms and punctuation do not count, and a title may differ by a changed word
(TITLE_SIMILARITY).
"""
from __future__ import annotations

import difflib
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from .. import limits
from .lines import Line, Lines, ends_sentence
from .numbering import Marker, heading_text, marker_at, normalise, unnumbered

LABEL = re.compile(r"^\s*(?:目\s*录|目\s*次|contents)\s*[:：]?\s*$", re.IGNORECASE)
# Leaders and a page number at the end of an entry: `……3`, ` .... 12`, ` 5`,
# or a page number glued to a Chinese title (`第一章总则3`, as 冰豆网 prints it).
PAGE_NUMBER = re.compile(r"(?:\s*[.．·…—_\-]{2,}\s*|[ \u3000\t]+)(?:第\s*)?[\dIVXivx]{1,4}(?:\s*页)?\s*$"
                         r"|(?<=[\u3400-\u9fff])\d{1,3}\s*$")
MAX_ENTRY_CHARS = 60
MIN_UNLABELLED = 2
# The contents begins within this share of the text's non-blank lines.
TOP_SHARE = 0.5
# Two titles are the same heading when their normalised forms are at least
# this similar (difflib's ratio): `数据驱动与算法推荐` against `数据驱动和算法推荐`
# is 0.89; unrelated titles of the seed's contents score below 0.5.
TITLE_SIMILARITY = 0.8


@dataclass(frozen=True)
class Entry:
    scheme: str  # "" for an unnumbered entry
    number: tuple[int, ...]
    marker: str  # as written: "一、", "1.1"
    title: str
    key: str  # the scheme, with a decimal number's depth (numbering.Marker.key)
    spaced: bool = False  # a space between the marker and the title

    @property
    def text(self) -> str:
        return heading_text(self.marker, self.scheme, self.title, self.spaced)


@dataclass(frozen=True)
class Contents:
    entries: tuple[Entry, ...]
    start: int  # the label or the first entry (after a glued title)
    end: int  # where the body starts
    title: tuple[int, int] | None  # [start, end) of a title glued before the first entry

    @property
    def keys(self) -> set[str]:
        return {entry.key for entry in self.entries if entry.scheme}

    def entries_for(self, marker: Marker | None, text: str, start: int, limit: int) -> list[int]:
        """Indexes of the entries the heading at text[start:limit] (its marker
        `marker`) may be, in order: those numbered as it is, and the
        unnumbered ones whose titles share enough characters with the text
        there to open it (title_end), which are few: trying every one at
        every sentence end took a minute for a contents of 100 titles."""
        numbered = self._by_number.get((marker.key, marker.number), []) if marker else []
        return sorted(numbered + self._unnumbered_opening(text, start, limit))

    @cached_property
    def _by_number(self) -> dict[tuple[str, tuple[int, ...]], list[int]]:
        by_number: dict[tuple[str, tuple[int, ...]], list[int]] = {}
        for index, entry in enumerate(self.entries):
            if entry.scheme:
                by_number.setdefault((entry.key, entry.number), []).append(index)
        return by_number

    @cached_property
    def _unnumbered_titles(self) -> tuple[dict[int, Counter], dict[str, list[int]]]:
        """The unnumbered entries' titles as title_end compares them, as
        counts of their characters; and, for a character, the entries that
        cannot open where it is absent. A title that opens a place shares at
        least _shared_needed of its characters with it, so of any of its
        characters but one fewer than that, one at least is there: each title
        is listed under that many of its rarest (a similarity join's prefix
        filter), and a place looks up only the few titles its characters list."""
        titles = {index: Counter(normalise(entry.title)) for index, entry in enumerate(self.entries) if not entry.scheme}
        titles = {index: counts for index, counts in titles.items() if counts}  # an empty title opens nothing
        frequency = Counter()
        for counts in titles.values():
            frequency.update(counts)
        opened_by: dict[str, list[int]] = {}
        for index, counts in titles.items():
            length = counts.total()
            rarest = sorted(counts.elements(), key=lambda char: (frequency[char], char))
            for char in dict.fromkeys(rarest[:length - _shared_needed(length) + 1]):
                opened_by.setdefault(char, []).append(index)
        return titles, opened_by

    def _unnumbered_opening(self, text: str, start: int, limit: int) -> list[int]:
        """The unnumbered entries title_end could find at text[start:limit]:
        those sharing _shared_needed of their characters with the text's
        first characters (as many as the longest title has, and two more)."""
        titles, opened_by = self._unnumbered_titles
        if not titles:
            return []
        opening = _normalised_opening(text, start, limit, self._longest_unnumbered + 2)
        present = Counter(opening)
        if sum(len(opened_by.get(char, ())) for char in present) > limits.MAX_TITLE_POSTINGS:
            # Titles too alike for their characters to tell apart: only one the text opens with exactly.
            return sorted(index for length, titles_of in self._unnumbered_by_text.items()
                          for index in titles_of.get(opening[:length], ()))
        candidates = {index for char in present for index in opened_by.get(char, ())}
        return [index for index in candidates
                if sum(min(count, present[char]) for char, count in titles[index].items())
                >= _shared_needed(titles[index].total())]

    @cached_property
    def _unnumbered_by_text(self) -> dict[int, dict[str, list[int]]]:
        """The unnumbered entries by their normalised titles' length, then text."""
        by_text: dict[int, dict[str, list[int]]] = {}
        for index in self._unnumbered_titles[0]:
            title = normalise(self.entries[index].title)
            by_text.setdefault(len(title), {}).setdefault(title, []).append(index)
        return by_text

    @cached_property
    def _longest_unnumbered(self) -> int:
        return max((counts.total() for counts in self._unnumbered_titles[0].values()), default=0)


def _shared_needed(length: int) -> int:
    """Characters a title of this length shares with the text it opens, at
    the least: title_end compares it with the text's first length - 2 to
    length + 2 characters, and wants them equal or TITLE_SIMILARITY alike by
    difflib's ratio, which is at most 2 * (characters in common) / (both lengths)."""
    return math.ceil((TITLE_SIMILARITY * (max(length - 2, 1) + length) - 1e-9) / 2)


def _normalised_opening(text: str, start: int, limit: int, length: int) -> str:
    """text[start:limit] normalised character by character, as title_end
    reads it, until `length` characters are read."""
    seen = ""
    pos = start
    while pos < limit and len(seen) < length:
        seen += normalise(text[pos])
        pos += 1
    return seen


def plausible_title(title: str) -> bool:
    """A heading's title, not a sentence: short, no full stop inside, not
    ending in a clause mark, some Chinese or Latin in it, not a row of numbers."""
    title = title.strip()
    if not title or len(title) > MAX_ENTRY_CHARS or re.search("[。；;]", title) or re.search("[？！?!]", title[:-1]):
        return False
    if title[-1] in "，、：,:（(“":
        return False
    if not re.search(r"[\u3400-\u9fff]", title) and len(re.findall("[A-Za-z]", title)) < 4:
        return False  # no Chinese, and too little Latin for a word (`2 of in of…`)
    return len(re.findall(r"(?:^|\s)[\d.,%]+(?=\s|$)", title)) < 2


def parse_entry(text: str, labelled: bool = False) -> Entry | None:
    """A contents line as an entry; in a labelled contents, any short line
    with a page number is one (`摘要……1`)."""
    line = text.strip()
    without_page = PAGE_NUMBER.sub("", line).strip()
    had_page = without_page != line and bool(without_page)
    line = without_page or line
    if len(line) > MAX_ENTRY_CHARS:
        return None
    marker = marker_at(line, 0, loose=True)
    if marker and marker.end < len(line) and plausible_title(line[marker.end:]):
        return Entry(marker.scheme, marker.number, marker.text, line[marker.end:].strip(), marker.key, marker.spaced)
    if unnumbered(line) or (labelled and had_page and plausible_title(line)):
        return Entry("", (), "", line.rstrip(":："), "")
    return None


def titles_match(a: str, b: str, similarity: float = TITLE_SIMILARITY) -> bool:
    a, b = normalise(a), normalise(b)
    return a == b or (min(len(a), len(b)) >= 4 and difflib.SequenceMatcher(None, a, b).ratio() >= similarity)


def title_end(text: str, start: int, limit: int, title: str) -> int | None:
    """Where `title` ends if text[start:limit] opens with it, compared
    tolerantly; None if it does not."""
    wanted = normalise(title)
    if not wanted:
        return None
    seen = ""
    ends: list[tuple[int, int]] = []  # (length of the normalised prefix, offset after it)
    pos = start
    while pos < limit and len(seen) < len(wanted) + 2:
        seen += normalise(text[pos])
        pos += 1
        if not ends or ends[-1][0] != len(seen):
            ends.append((len(seen), pos))
    for length, end in ends:
        if length == len(wanted) and seen[:length] == wanted:
            return end
    if len(wanted) < 4:
        return None
    best, best_end = TITLE_SIMILARITY, None
    for length, end in ends:
        if abs(length - len(wanted)) <= 2:
            ratio = difflib.SequenceMatcher(None, seen[:length], wanted).ratio()
            if ratio > best or (ratio == best and best_end is None):
                best, best_end = ratio, end
    return best_end


def glued_title(line: str) -> int | None:
    """Where a document's first heading starts in a line that glues the
    title before it (`某某报告一、总论`): the title is line[:returned]."""
    for pos in range(2, min(len(line), MAX_ENTRY_CHARS)):
        marker = marker_at(line, pos, loose=True)
        # A bare number glued to the title needs a title of some length before it (not `第5届`).
        if marker and not line[pos - 1].isdigit() and (marker.scheme != "1" or pos >= 4) \
                and plausible_title(line[:pos]) and marker.end < len(line):
            return pos
    return None


def _repeats_first(entry: Entry, text: str, pos: int, limit: int) -> int | None:
    """End of the first entry's title if it comes back at text[pos:limit]."""
    marker = marker_at(text, pos, limit, loose=True)
    if entry.scheme:
        if not marker or marker.key != entry.key or marker.number != entry.number:
            return None
        return title_end(text, marker.end, limit, entry.title)
    return title_end(text, pos, limit, entry.title)


def find_contents(text: str, lines: Lines) -> Contents | None:
    nonblank = [line for line in lines if not line.blank]
    top = nonblank[:max(8, int(len(nonblank) * TOP_SHARE))]
    for index, line in enumerate(top):
        labelled = bool(LABEL.match(line.text))
        if not labelled and any(len(other.content) > MAX_ENTRY_CHARS or ends_sentence(other.content)
                                for other in nonblank[:index]):
            continue  # an unlabelled contents list opens the text: after prose, numbered lines are the body's
        glued = None
        if labelled:
            entry_lines = nonblank[index + 1:]
            start = line.content_start
        else:
            if parse_entry(line.text) is None:
                glued = glued_title(line.content)
                if glued is None or parse_entry(line.content[glued:]) is None:
                    continue
            entry_lines = nonblank[index:]
            start = line.content_start + (glued or 0)
        contents = _read_entries(text, entry_lines, start, labelled, glued)
        if contents and (labelled or len(contents.entries) >= MIN_UNLABELLED and _comes_back(contents, text, lines)):
            return contents
    return None


def _comes_back(contents: Contents, text: str, lines: Lines) -> bool:
    """The first entry comes back as the body's first heading (where the
    contents ends, or on a line of its own before any prose), or the entries
    run to the end: a contents list whose body the scrape lacks."""
    first = contents.entries[0]
    if not text[contents.end:].strip():
        return True
    line = lines[lines.index_at(contents.end)]
    if _repeats_first(first, text, contents.end, line.content_end) is not None:
        return True
    for _, line in lines.between(contents.end, len(text)):
        if line.blank or line.content_start < contents.end:
            continue
        if _repeats_first(first, text, line.content_start, line.content_end) is not None:
            return True
        if len(line.content) > MAX_ENTRY_CHARS or ends_sentence(line.content):
            return False  # prose before the first heading came back: a body, not a contents list
    return False


def _read_entries(text: str, entry_lines: list[Line], start: int, labelled: bool, glued: int | None) -> Contents | None:
    entries: list[Entry] = []
    title = (entry_lines[0].content_start, start) if glued else None
    end = None
    for line in entry_lines:
        line_start = start if not entries and glued else line.content_start
        if entries and _repeats_first(entries[0], text, line_start, line.content_end) is not None:
            end = line_start  # the body opens with the first heading again
            break
        entry = parse_entry(text[line_start:line.content_end], labelled)
        if entry is not None:
            entries.append(entry)
            continue
        if entries:
            # The body glued after the last entry: `11.4结语一、…`.
            for pos in range(line_start + 1, min(line.content_end, line_start + MAX_ENTRY_CHARS)):
                if _repeats_first(entries[0], text, pos, line.content_end) is not None and \
                        (last := parse_entry(text[line_start:pos], labelled)) is not None:
                    entries.append(last)
                    end = pos
                    break
        if end is None:
            end = line_start
        break
    if not entries:
        return None
    if end is None:
        end = entry_lines[-1].end
    return Contents(tuple(entries), start, end, title)
