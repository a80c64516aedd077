"""Chapters and sections that appear twice: keep the later copy, the revision.

The scrape holds some chapters twice (a generator's first draft, then after a
stray `</think>` its revision). A heading met again starts a second copy;
the copies' texts are compared character by character, and the change log
records the similarity and every difference, so an editor can see exactly
what the dropped copy said.
"""
from __future__ import annotations

import difflib
import os

# Below this the "copies" share a heading but little text: still the later
# one is kept, but the log says plainly that they differ.
SAME_TEXT = 0.6
CONTEXT = 6  # characters shown either side of each difference


def _opcodes(earlier: str, later: str) -> tuple[int, list[tuple[str, int, int, int, int]]]:
    """Characters the two have in common, and difflib's opcodes. The copies
    are mostly the same text: the shared start and end are matched outright
    and only the middle goes to SequenceMatcher, whose cost grows with the
    square of what it is given."""
    head = len(os.path.commonprefix([earlier, later]))
    tail = len(os.path.commonprefix([earlier[head:][::-1], later[head:][::-1]]))
    gone, added = earlier[head:len(earlier) - tail], later[head:len(later) - tail]
    if not (gone and added):  # one copy is the other with text added or taken out
        kind = "delete" if gone else "insert"
        return head + tail, [(kind, head, head + len(gone), head, head + len(added))] if gone or added else []
    middle = difflib.SequenceMatcher(None, gone, added, autojunk=False)
    opcodes = [(op, a0 + head, a1 + head, b0 + head, b1 + head) for op, a0, a1, b0, b1 in middle.get_opcodes()]
    return head + tail + sum(block.size for block in middle.get_matching_blocks()), opcodes


def differences(earlier: str, later: str, opcodes) -> list[str]:
    """Each difference in context: `立于不[-不]败之地`, `[-旧+新]`."""
    shown = []
    for op, a0, a1, b0, b1 in opcodes:
        if op == "equal":
            continue
        change = (f"-{earlier[a0:a1]}" if a1 > a0 else "") + (f"+{later[b0:b1]}" if b1 > b0 else "")
        shown.append(f"{earlier[max(0, a0 - CONTEXT):a0]}[{change}]{earlier[a1:a1 + CONTEXT]}")
    return shown


def describe(heading: str, earlier: str, later: str) -> str:
    matched, opcodes = _opcodes(earlier, later)
    ratio = 2 * matched / (len(earlier) + len(later)) if earlier or later else 1.0  # difflib's ratio()
    verdict = "" if ratio >= SAME_TEXT or not (earlier or later) else "; WARNING: the copies differ substantially"
    diffs = differences(earlier, later, opcodes)
    listed = "; ".join(diffs[:20]) + (f"; … {len(diffs) - 20} more" if len(diffs) > 20 else "")
    return (f"earlier copy of {heading} dropped for the later one (similarity {ratio:.3f}{verdict}); "
            f"{len(diffs)} difference(s){': ' + listed if diffs else ''}")
