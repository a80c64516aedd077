"""Parts that appear twice: keep the later copy, the revision.

Scrapes double parts at every level: a chapter (a generator's first draft,
then after a stray `</think>` its revision, as in the seed), a section, or
lines and paragraphs where two pages overlap. A heading met again out of
sequence starts a second copy of its part; lines repeated right after
themselves, and a paragraph nearly equal to one of the PARAGRAPH_WINDOW
before it, are copies too. The earlier copy is dropped; the copies' texts
are compared character by character, and the change log records the
similarity and every difference, so an editor can see exactly what the
dropped copy said. A sentence the author repeats far apart is the author's
and stays.
"""
from __future__ import annotations

import bisect
import os

from rapidfuzz.distance import Indel

from .. import limits
from ..chars import squeeze
from ..edits import Taken

# Below this the "copies" share a heading but little text: still the later
# one is kept, but the log says plainly that they differ.
SAME_TEXT = 0.6
SHARED_RUN = 3  # shorter runs the copies share between two differences are shown inside one
CONTEXT = 6  # characters shown either side of each difference
# A paragraph this similar (similarity below) to one just before it is a
# copy of it: a page overlap repeats text exactly or nearly (a word re-read);
# of the seed's 56 paragraphs of 10 characters or more, no two distinct ones
# score above 0.70 (1,540 pairs), of each fixture's none above 0.31.
PARAGRAPH_COPY = 0.9
PARAGRAPH_WINDOW = 2
MIN_COPY_CHARS = 10  # shorter repeats (`注：`, `（续）`) may well be the author's


def _opcodes(earlier: str, later: str) -> tuple[int, list[tuple[str, int, int, int, int]], bool]:
    """Characters the two have in common (their longest common subsequence),
    the differences as opcodes, and whether they were compared character by
    character. The copies are mostly the same text: the shared start and end
    are matched outright and only the middle is aligned (rapidfuzz's Indel,
    bit-parallel: 9 ms for a middle of 5,000 characters, where difflib took
    0.08 s; both grow with the square); a middle longer than
    limits.MAX_COMPARED_CHARS is one replacement, its characters in common
    not counted."""
    head = len(os.path.commonprefix([earlier, later]))
    tail = len(os.path.commonprefix([earlier[head:][::-1], later[head:][::-1]]))
    gone, added = earlier[head:len(earlier) - tail], later[head:len(later) - tail]
    if not (gone and added):  # one copy is the other with text added or taken out
        kind = "delete" if gone else "insert"
        return head + tail, [(kind, head, head + len(gone), head, head + len(added))] if gone or added else [], True
    if max(len(gone), len(added)) > limits.MAX_COMPARED_CHARS:
        return head + tail, [("replace", head, head + len(gone), head, head + len(added))], False
    aligned = Indel.opcodes(gone, added).as_list()
    matched = sum(a1 - a0 for op, a0, a1, _, _ in aligned if op == "equal")
    opcodes = [(op, a0 + head, a1 + head, b0 + head, b1 + head) for op, a0, a1, b0, b1 in _readable(aligned)]
    return head + tail + matched, opcodes, True


def _readable(opcodes: list[tuple[str, int, int, int, int]]) -> list[tuple[str, int, int, int, int]]:
    """The alignment's differences as a reader would mark them: a deletion
    next to an insertion is one replacement, and a run of fewer than
    SHARED_RUN characters the two share between two differences (the 的 two
    rewritten sentences happen to have in common) is part of one."""
    merged: list[list] = []
    for op, a0, a1, b0, b1 in opcodes:
        absorbed = op == "equal" and a1 - a0 < SHARED_RUN
        if merged and merged[-1][0] != "equal" and (op != "equal" or absorbed):
            merged[-1][2], merged[-1][4] = a1, b1
        else:
            merged.append([op, a0, a1, b0, b1])
    readable = []  # the middle starts and ends with a difference: no absorbed run is left trailing
    for op, a0, a1, b0, b1 in merged:
        if op != "equal":
            op = "replace" if a1 > a0 and b1 > b0 else "delete" if a1 > a0 else "insert"
        readable.append((op, a0, a1, b0, b1))
    return readable


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
    matched, opcodes, compared = _opcodes(earlier, later)
    ratio = 2 * matched / (len(earlier) + len(later)) if earlier or later else 1.0
    verdict = "" if ratio >= SAME_TEXT or not (earlier or later) else "; WARNING: the copies differ substantially"
    diffs = differences(earlier, later, opcodes)
    listed = "; ".join(diffs[:20]) + (f"; … {len(diffs) - 20} more" if len(diffs) > 20 else "")
    measured = f"similarity {ratio:.3f}" if compared else \
        f"similarity at least {ratio:.3f}: their middles, past {limits.MAX_COMPARED_CHARS} characters, compared as a whole"
    return (f"earlier copy of {heading} dropped for the later one ({measured}{verdict}); "
            f"{len(diffs)} difference(s){': ' + listed if diffs else ''}")


def similarity(earlier: str, later: str) -> float:
    """The share of their characters the two have in common in order
    (2 * longest common subsequence / total length); 0 where it is below
    PARAGRAPH_COPY, which lets rapidfuzz stop early."""
    return Indel.normalized_similarity(earlier, later, score_cutoff=PARAGRAPH_COPY)


def part_copies(hits, body_end: int) -> list[tuple[int, int, int, int]]:
    """For every heading that is a later copy of one before it: the earlier
    copy's part [start, end) and the later's, as (start, end, later_start,
    later_end). A part runs to the next heading of its level or above."""
    part_end = _part_ends(hits, body_end)
    copies = []
    dropped = Taken()
    for index, hit in enumerate(hits):
        if hit.repeat_of is None:
            continue
        earlier = hits[hit.repeat_of]
        if dropped.covers(earlier.start):
            continue  # inside a copy already dropped with its parent
        end = min(part_end[hit.repeat_of], hit.start)
        copies.append((earlier.start, end, hit.start, part_end[index]))
        dropped.add(earlier.start, end)
    return copies


def _part_ends(hits, body_end: int) -> list[int]:
    """Where each heading's part ends: at the next heading of its level or
    above. One pass, with the headings whose parts are still open on a stack
    (their levels rise towards its top)."""
    ends = [body_end] * len(hits)
    open_parts: list[int] = []
    for index, hit in enumerate(hits):
        while open_parts and hits[open_parts[-1]].level >= hit.level:
            ends[open_parts.pop()] = hit.start
        open_parts.append(index)
    return ends


def repeated_lines(lines, headings: set[int]) -> list[tuple[int, int]]:
    """Runs of up to four lines repeated right after themselves (a page
    overlap): the earlier run's [start, end). `lines` are the text's lines in
    order; those numbered in `headings` are headings, never part of a run."""
    contents = [(number, line) for number, line in enumerate(lines) if not line.blank]
    keys = [squeeze(line.content) for _, line in contents]
    runs = []
    index = 0
    while index < len(contents):
        for size in (4, 3, 2, 1):
            # The first lines compared alone first: most lines repeat nothing.
            if index + 2 * size <= len(keys) and keys[index] == keys[index + size] \
                    and keys[index:index + size] == keys[index + size:index + 2 * size] \
                    and not any(number in headings for number, _ in contents[index:index + 2 * size]) \
                    and sum(map(len, keys[index:index + size])) >= MIN_COPY_CHARS:
                runs.append((contents[index][1].content_start, contents[index + size - 1][1].content_end))
                index += size
                break
        else:
            index += 1
    return runs


def copied_paragraphs(spans) -> dict[int, int]:
    """{index of a copy: index of the later paragraph it copies}: a paragraph
    nearly equal to one of the PARAGRAPH_WINDOW after it, and each paragraph
    of a run of them the text then gives again (a text printed twice, the
    earlier print perhaps cut short: its last paragraph may be the start of
    the later's)."""
    copies: dict[int, int] = {}
    for index, span in enumerate(spans):
        if len(span.text) < MIN_COPY_CHARS:
            continue
        for later in range(index + 1, min(len(spans), index + 1 + PARAGRAPH_WINDOW)):
            if len(spans[later].text) >= MIN_COPY_CHARS and similarity(span.text, spans[later].text) >= PARAGRAPH_COPY:
                copies[index] = later
                break
    by_opening: dict[str, list[int]] = {}
    for index, span in enumerate(spans):
        by_opening.setdefault(span.text[:MIN_COPY_CHARS], []).append(index)
    copied = sorted(copies)
    for index, span in enumerate(spans):
        # A run reaches from here to a later paragraph of the same opening; it
        # may not hold a copy already found, nor run past the text's end: the
        # candidates come in order, so the first that does ends the search.
        first_copy = copied[at] if (at := bisect.bisect_left(copied, index)) < len(copied) else len(spans)
        opening = by_opening[span.text[:MIN_COPY_CHARS]]
        start = bisect.bisect_right(opening, index + 1)
        for later in opening[start:start + limits.MAX_RUN_STARTS]:
            run = later - index
            if later + run > len(spans) or later > first_copy:
                break
            if all(_copy(spans[index + k].text, spans[later + k].text, last=k == run - 1) for k in range(run)):
                copies.update({index + k: later + k for k in range(run)})
                copied = sorted(copies)
                break
    return copies


def _copy(earlier: str, later: str, last: bool) -> bool:
    if len(earlier) < MIN_COPY_CHARS:
        return earlier == later
    return similarity(earlier, later) >= PARAGRAPH_COPY or (last and later.startswith(earlier))
