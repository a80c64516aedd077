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
