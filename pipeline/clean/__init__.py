"""Clean: text -> text. Each fix is a small named rule; every change is reported.

Order matters: reading notes that fit their character go first, so what is
left around a mojibake span is its own evidence; the repair works on GBK
bytes, so it comes before script conversion (which the notes would also
break), and notes after Latin letters are removed only after it, which may
use them as evidence; site furniture is recognised after conversion, in simplified
wording (pipeline/sites/profiles.yaml); a reading note the scrape's end cut
off is only seen once the furniture after it is gone; punctuation comes
last, when the text is Chinese again.
"""
from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass

from ..chars import MISSING
from ..collector import cycle_collector_paused
from ..edits import InputOffsets, Taken, overlaps
from ..model import Change
from .artefacts import remove_artefacts
from .controls import remove_control_characters
from .furniture import SiteFacts, read_site_facts, remove_furniture
from .mojibake import repair_mojibake
from .pinyin import strip_cut_reading_note, strip_reading_notes, strip_stray_reading_notes
from .punctuation import full_width_punctuation
from .script import to_simplified
from .sections import Progress, in_sections
from .undecodable import mark_undecodable

RULES = (
    remove_control_characters,
    remove_artefacts,
    strip_reading_notes,
    repair_mojibake,
    mark_undecodable,
    strip_stray_reading_notes,
    to_simplified,
    remove_furniture,
    strip_cut_reading_note,
    full_width_punctuation,
)


# Rules that decide from a few characters around each change: a long text
# goes through them section by section, on every core (sections.py).
LOCAL_RULES = RULES[:RULES.index(remove_furniture)]


@dataclass(frozen=True)
class CleanText:
    text: str
    facts: SiteFacts
    # Damage flagged and left as it is: its input offset -> where it lies in `text`.
    flagged: dict[int, tuple[int, int]]
    # Where the rules put □ for a character lost without trace (never an author's own □).
    missing: list[int]


# Damage the repair flagged is left as it is by the rules after it: its
# bytes are the evidence an editor settles it by (`?` is not made `？`, nor
# 擲 made 掷). Site furniture is still removed whole, the damage logged with it.
SPARING_FLAGGED = (mark_undecodable, strip_stray_reading_notes, to_simplified, strip_cut_reading_note,
                   full_width_punctuation)


def clean(text: str, jobs: int | None = None) -> tuple[CleanText, list[Change]]:
    """Apply every rule in turn. Each change also carries its offsets in the
    original input, mapped back through the rules before it. `jobs`: the
    processes a long text's sections are cleaned in (None: one a core); the
    result is the same whatever it is."""
    with cycle_collector_paused():
        progress = in_sections(text, _through_local_rules, jobs, prepare=_load_tables)
        facts = read_site_facts(progress.text)  # what the site's furniture says, before it goes
        progress = _through(RULES[len(LOCAL_RULES):], progress)
    flagged = {input_start: (start, end) for start, end, input_start in progress.flagged}
    return CleanText(progress.text, facts, flagged, _missing(progress)), progress.changes


def _missing(progress: Progress) -> list[int]:
    """Each □ of the text that a change put there: its input offset lies in
    the input a change replaced with a text holding □."""
    made = Taken((c.input_start, c.input_end) for c in progress.changes if MISSING in c.after)
    found = []
    at = progress.text.find(MISSING)
    while at >= 0:
        if made.covers(progress.offsets.starts[at]):
            found.append(at)
        at = progress.text.find(MISSING, at + 1)
    return found


def _through_local_rules(text: str, input_start: int) -> Progress:
    """A section of the input, from `input_start` on, through the local rules."""
    return _through(LOCAL_RULES, Progress(text, [], InputOffsets.identity(len(text), input_start), [], [], [0]))


def _through(rules, progress: Progress) -> Progress:
    text, changes, offsets, flagged = progress.text, progress.changes, progress.offsets, progress.flagged
    input_lengths, rule_starts = list(progress.input_lengths), list(progress.rule_starts)
    for rule in rules:
        before = text
        input_lengths.append(len(text))
        text, rule_changes = rule(text)
        if flagged and rule in SPARING_FLAGGED:
            text, rule_changes = _sparing(before, text, rule_changes, flagged)
        changes += map(offsets.locate, rule_changes)
        rule_starts.append(len(changes))
        flagged = _shifted(flagged + [(c.start, c.end, offsets.starts[c.start]) for c in rule_changes
                                      if c.rule.endswith("-unresolved")], rule_changes)
        offsets = offsets.through(rule_changes)
    return Progress(text, changes, offsets, flagged, input_lengths, rule_starts)


def _load_tables() -> None:
    """What the local rules load on first use, loaded before the sections'
    processes fork from this one, which then share it."""
    for text in ("臺(tái)", "當?shù)厥袌?chǎng)"):
        for rule in LOCAL_RULES:
            text = rule(text)[0]


def _sparing(before: str, after: str, changes: list[Change], flagged: list[tuple[int, int, int]]):
    """The rule's output and changes without those that touch flagged damage."""
    kept = [change for change in changes if not overlaps(flagged, change.start, change.end)]
    if len(kept) == len(changes):
        return after, changes
    pieces, pos = [], 0
    for change in kept:
        pieces += [before[pos:change.start], change.after]
        pos = change.end
    pieces.append(before[pos:])
    return "".join(pieces), kept


def _shifted(ranges: list[tuple[int, int, int]], changes: list[Change]) -> list[tuple[int, int, int]]:
    """Ranges of a rule's input (start, end, and what they carry), where they
    lie in its output; one a change removed or rewrote (site furniture,
    logged whole) is gone."""
    if not ranges:
        return []
    moving = sorted((c for c in changes if len(c.before) != len(c.after)), key=lambda c: c.start)
    ends = [c.end for c in moving]
    shift = list(itertools.accumulate((len(c.after) - len(c.before) for c in moving), initial=0))
    shifted = []
    for start, end, carried in sorted(ranges):
        first_after = bisect.bisect_right(ends, start)  # the only change that may overlap the range
        if first_after < len(moving) and moving[first_after].start < end:
            continue
        shifted.append((start + shift[first_after], end + shift[first_after], carried))
    return shifted
