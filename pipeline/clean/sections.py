"""A long text is cleaned section by section, the sections side by side on
the machine's cores.

The rules up to the script conversion decide each change from a few
characters around it (a reading note from the character before it, a
mojibake span from a window of a few dozen characters, a phrase from 12
characters either side), never across a line break: a text is cut into
sections at line breaks, each section goes through them alone, and the
results are joined as if the text had gone through whole. The rules after
(site furniture, which reads the whole text's head; the note cut off by the
text's end; punctuation) run on the joined text.

The sections are fixed by the text alone, never by the number of cores, so
the cleaned source is the same on any machine; a text of up to
SECTION_CHARS is one section, cleaned as it always was. Cut into
sections of 2,000 characters, the seed, a damaged scrape and the densest
damage of the mojibake gate come out change for change as whole
(tests/test_sections.py). What differs is the mojibake search's budget,
which is a section's (pipeline/limits.py): garbage too dense to search may
be given up on at other places. A text is never cut inside a line: a
scrape glued into one line is one section.
"""
from __future__ import annotations

import functools
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from ..cores import usable_cores
from ..edits import InputOffsets, moved
from ..model import Change

# 1,204 generated scrapes (tests/corpus.py), 20 MB and 7 million characters,
# go through the rules in 36 s as one text, in 25 s in sections of this size
# on 2 cores (of which 15 s side by side; joining 1.3 s; the rules after, on
# the whole, 5 s). Sections of 100,000 or 1,000,000 characters took longer
# (the return of each section's changes; the cores idle at the end). The
# seed ten times over (544,430 characters) is two sections: 2.8 -> 2.0 s.
SECTION_CHARS = 500_000


@dataclass
class Progress:
    """A text part way through the rules: what they made of it so far."""
    text: str
    changes: list[Change]
    offsets: InputOffsets  # offsets of `text` in the stage's input
    flagged: list[tuple[int, int, int]]  # damage left as it is: start and end in `text`, start in the input
    input_lengths: list[int]  # the length of the text each rule was given, in order
    rule_starts: list[int]  # where each rule's changes start in `changes` (and, last, where they end)


def section_bounds(text: str) -> list[tuple[int, int]]:
    """Sections of equal length, at most about SECTION_CHARS, each ending with
    a line break (the last with the text); a text without line breaks is one."""
    size = len(text) // -(-len(text) // SECTION_CHARS) if text else 0
    bounds, start = [], 0
    while len(text) - start > size * 1.5:
        cut = text.find("\n", start + size) + 1
        if cut == 0:
            break
        bounds.append((start, cut))
        start = cut
    bounds.append((start, len(text)))
    return bounds


def in_sections(text: str, run_rules, jobs: int | None, prepare) -> Progress:
    """`run_rules(section_text, input_start)` over every section, joined;
    `prepare()` first where the sections are cleaned side by side."""
    bounds = section_bounds(text)
    if len(bounds) == 1:
        return run_rules(text, 0)
    workers = min(len(bounds), jobs or usable_cores())
    if workers == 1:
        return _joined([run_rules(text[start:end], start) for start, end in bounds])
    # Forked: the word list and code tables the parent loaded are shared, not reloaded.
    prepare()
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return _joined(list(pool.map(functools.partial(_as_tuples, run_rules),
                                     (text[start:end] for start, end in bounds), (start for start, _ in bounds))))


def _as_tuples(run_rules, text: str, input_start: int) -> Progress:
    """run_rules, its changes as plain tuples: a NamedTuple is pickled with a
    call to its class, five times the cost, and the parent remakes them anyway."""
    progress = run_rules(text, input_start)
    progress.changes = list(map(tuple, progress.changes))
    return progress


def _joined(parts: list[Progress]) -> Progress:
    """One Progress for the whole text: each section's changes and ranges moved
    by the length, at their rule, of the sections before it."""
    rules = len(parts[0].input_lengths)
    input_lengths = [0] * rules  # of the sections so far, at each rule
    for part in parts:  # made Changes in place: the tuples go as they are replaced
        for rule in range(rules):
            start, end = part.rule_starts[rule], part.rule_starts[rule + 1]
            part.changes[start:end] = moved(part.changes[start:end], input_lengths[rule])
            input_lengths[rule] += part.input_lengths[rule]
    changes: list[Change] = []
    rule_starts = [0]
    for rule in range(rules):
        for part in parts:
            changes += part.changes[part.rule_starts[rule]:part.rule_starts[rule + 1]]
        rule_starts.append(len(changes))
    flagged, before = [], 0
    for part in parts:
        flagged += [(start + before, end + before, input_start) for start, end, input_start in part.flagged]
        before += len(part.text)
    # A position between two sections starts in the later one and ends in the earlier one.
    starts, ends = parts[0].offsets.starts[:-1], parts[0].offsets.ends[:]
    for part in parts[1:]:
        starts += part.offsets.starts[:-1]
        ends += part.offsets.ends[1:]
    starts += parts[-1].offsets.starts[-1:]
    return Progress("".join(part.text for part in parts), changes, InputOffsets(starts, ends), flagged,
                    input_lengths, rule_starts)
