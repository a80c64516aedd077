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

import gc
from contextlib import contextmanager
from dataclasses import dataclass

from ..edits import InputOffsets
from ..model import Change
from .artefacts import remove_artefacts
from .controls import remove_control_characters
from .furniture import SiteFacts, read_site_facts, remove_furniture
from .mojibake import repair_mojibake
from .pinyin import strip_cut_reading_note, strip_reading_notes, strip_stray_reading_notes
from .punctuation import full_width_punctuation
from .script import to_simplified
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


@dataclass(frozen=True)
class CleanText:
    text: str
    facts: SiteFacts


def clean(text: str) -> tuple[CleanText, list[Change]]:
    """Apply every rule in turn. Each change also carries its offsets in the
    original input, mapped back through the rules before it."""
    changes: list[Change] = []
    offsets = InputOffsets.identity(len(text))
    facts = None
    with _cycle_collector_paused():
        for rule in RULES:
            if rule is remove_furniture:
                facts = read_site_facts(text)
            text, rule_changes = rule(text)
            changes += map(offsets.locate, rule_changes)
            offsets = offsets.through(rule_changes)
    return CleanText(text, facts), changes


@contextmanager
def _cycle_collector_paused():
    """The rules make hundreds of thousands of short-lived tuples and no
    reference cycles: left running, the cycle collector spends a fifth of the
    stage's time (a third on a 1 MB text, which holds more live objects)
    finding nothing. Reference counting still frees everything."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
