"""Apply non-overlapping edits to a text and report each one as a Change.

Every rule builds its edits as (start, end, replacement, note) against its own
input and hands them here, so recording and applying cannot drift apart.
"""
from __future__ import annotations

import bisect
import functools
import re
from array import array
from collections.abc import Callable, Iterable

from .model import Change

Edit = tuple[int, int, str, str]  # start, end, replacement, note

# A Change from all its fields at once: tuple.__new__ without the NamedTuple's
# Python-level constructor, which costs as much again (a text has ~15k changes).
_change = functools.partial(tuple.__new__, Change)


def apply_edits(text: str, edits: Iterable[Edit], stage: str, rule: str) -> tuple[str, list[Change]]:
    return apply_ordered_edits(text, sorted(edits), stage, rule)


def apply_ordered_edits(text: str, edits: Iterable[Edit], stage: str, rule: str) -> tuple[str, list[Change]]:
    """apply_edits for edits given in order: a generator of them is used up
    as it goes, never held whole (a 20 MB scrape has 1.5 million script edits)."""
    out: list[str] = []
    changes: list[Change] = []
    # Most changes replace a character or remove a reading note, and the same
    # few thousand strings come back in every one: each is kept once, not once
    # a change (150 bytes a change, 400 MB for a 20 MB scrape).
    shared = {}.setdefault
    pos = 0
    for start, end, replacement, note in edits:
        if start < pos:
            raise ValueError(f"{rule}: overlapping or unordered edits at {start}")
        before = text[start:end]
        if before == replacement:
            continue
        out.append(text[pos:start])
        out.append(replacement)
        changes.append(_change((stage, rule, start, end, shared(before, before), shared(replacement, replacement),
                                note, None, None)))
        pos = end
    out.append(text[pos:])
    return "".join(out), changes


def moved(changes: list[tuple], by: int) -> list[Change]:
    """Changes (or their fields, as tuples) made to a part of a text, as made
    to a text `by` characters longer before it."""
    if not by:
        return list(map(_change, changes))
    return [_change((stage, rule, start + by, end + by, before, after, note, input_start, input_end))
            for stage, rule, start, end, before, after, note, input_start, input_end in changes]


def regex_edits(pattern: re.Pattern[str], text: str, replace: Callable[[re.Match[str]], str | None], note: str) -> list[Edit]:
    """Edits for every match where `replace` returns a string (None leaves the match alone)."""
    edits = []
    for match in pattern.finditer(text):
        replacement = replace(match)
        if replacement is not None:
            edits.append((match.start(), match.end(), replacement, note))
    return edits


def overlaps(ranges: list[tuple[int, ...]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of `ranges`, sorted and disjoint
    (start, end, ...) tuples. Only the last range starting before `end` can."""
    at = bisect.bisect_left(ranges, (end,))
    return at > 0 and ranges[at - 1][1] > start


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

    def __iter__(self):
        """The ranges taken, merged, in order."""
        return zip(self._starts, self._ends)

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


class InputOffsets:
    """Where each offset of a text lies in the original input, carried through
    a chain of rules. An offset inside a replacement of another length lies,
    as a start, at the replacement's start; as an end, at its end (one at its
    very start, at its start); one inside a replacement of the same length
    (a script or punctuation change) stays where it was. Two arrays of
    len(text) + 1, rebuilt by slicing after each rule: a lookup per change
    instead of a walk through every rule before it.
    Arrays of machine integers, not lists: a list holds a pointer and an int
    object, 40 bytes a character, 800 MB for a 20 MB scrape's two (and as
    much again while `through` builds the next); an array holds 8."""

    def __init__(self, starts: array, ends: array):
        self.starts, self.ends = starts, ends

    @classmethod
    def identity(cls, length: int, start: int = 0) -> InputOffsets:
        """A text that is the input (from `start` on, for a part of it)."""
        offsets = array("q", range(start, start + length + 1))
        return cls(offsets, offsets)  # never mutated: `through` builds new arrays

    def locate(self, change: Change) -> Change:
        """The change (made to this text) with its offsets in the original input."""
        return _change(change[:7] + (self.starts[change.start], self.ends[change.end]))

    def through(self, changes: list[Change]) -> InputOffsets:
        """The offsets of the text these changes (made to this text) produce."""
        # A replacement of the same length (script and punctuation changes)
        # moves no offset: only the others are walked.
        moving = [c for c in changes if len(c.before) != len(c.after)]
        if not moving:
            return self
        starts, ends = array("q"), self.ends[:1]
        pos = 0  # in this text: everything before it is accounted for
        for change in sorted(moving, key=lambda c: c.start):
            starts += self.starts[pos:change.start]
            ends += self.ends[pos + 1:change.start + 1]
            if change.after:
                starts += array("q", (self.starts[change.start],)) * len(change.after)
                ends += array("q", (self.ends[change.end],)) * len(change.after)
            pos = change.end
        starts += self.starts[pos:]
        ends += self.ends[pos + 1:]
        return InputOffsets(starts, ends)
