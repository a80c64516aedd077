"""Apply non-overlapping edits to a text and report each one as a Change.

Every rule builds its edits as (start, end, replacement, note) against its own
input and hands them here, so recording and applying cannot drift apart.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from .model import Change

Edit = tuple[int, int, str, str]  # start, end, replacement, note


def apply_edits(text: str, edits: Iterable[Edit], stage: str, rule: str) -> tuple[str, list[Change]]:
    out: list[str] = []
    changes: list[Change] = []
    pos = 0
    for start, end, replacement, note in sorted(edits):
        if start < pos:
            raise ValueError(f"{rule}: overlapping edits at {start}")
        before = text[start:end]
        if before == replacement:
            continue
        out.append(text[pos:start])
        out.append(replacement)
        changes.append(Change(stage, rule, start, end, before, replacement, note))
        pos = end
    out.append(text[pos:])
    return "".join(out), changes


def regex_edits(pattern: re.Pattern[str], text: str, replace: Callable[[re.Match[str]], str | None], note: str) -> list[Edit]:
    """Edits for every match where `replace` returns a string (None leaves the match alone)."""
    edits = []
    for match in pattern.finditer(text):
        replacement = replace(match)
        if replacement is not None:
            edits.append((match.start(), match.end(), replacement, note))
    return edits


class PositionMap:
    """Maps offsets in a rule's output back to its input, from its changes."""

    def __init__(self, changes: list[Change]):
        self._changes = sorted((c for c in changes if c.before != c.after), key=lambda c: c.start)
        self._output_starts = []
        shift = 0
        for change in self._changes:
            self._output_starts.append(change.start + shift)
            shift += len(change.after) - len(change.before)

    def to_input(self, positions: list[int], end: bool = False) -> list[int]:
        """Input offsets for output offsets, in one walk over the changes. A
        start offset inside a replacement maps to the replacement's start; an
        end offset inside (or at the end of) one maps to its end, one at its
        very start to its start."""
        mapped = [0] * len(positions)
        index = 0  # changes before this one start before the current position
        for slot in sorted(range(len(positions)), key=positions.__getitem__):
            position = positions[slot]
            while index < len(self._changes) and (self._output_starts[index] < position if end
                                                  else self._output_starts[index] <= position):
                index += 1
            mapped[slot] = self._map(position, index - 1, end)
        return mapped

    def _map(self, position: int, index: int, end: bool) -> int:
        if index < 0:
            return position
        change, output_start = self._changes[index], self._output_starts[index]
        output_end = output_start + len(change.after)
        if position < output_end or (end and position == output_end):
            return change.end if end else change.start
        return position - output_end + change.end
