"""Clean: text -> text. Each fix is a small named rule; every change is reported.

Order matters: reading notes that fit their character go first, so what is
left around a mojibake span is its own evidence; the repair works on GBK
bytes, so it comes before script conversion (which the notes would also
break); boilerplate is recognised after conversion, in simplified wording;
punctuation comes last, when the text is Chinese again.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..edits import PositionMap
from ..model import Change
from .artefacts import remove_artefacts
from .boilerplate import SiteFacts, read_site_facts, remove_boilerplate
from .mojibake import repair_mojibake
from .pinyin import strip_reading_notes
from .punctuation import full_width_punctuation
from .script import to_simplified
from .undecodable import mark_undecodable

RULES = (
    remove_artefacts,
    strip_reading_notes,
    repair_mojibake,
    mark_undecodable,
    to_simplified,
    remove_boilerplate,
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
    earlier: list[PositionMap] = []  # one per rule applied, in order
    facts = None
    for rule in RULES:
        if rule is remove_boilerplate:
            facts = read_site_facts(text)
        text, rule_changes = rule(text)
        starts, ends = [c.start for c in rule_changes], [c.end for c in rule_changes]
        for position_map in reversed(earlier):
            starts, ends = position_map.to_input(starts), position_map.to_input(ends, end=True)
        changes += [c._replace(input_start=s, input_end=e) for c, s, e in zip(rule_changes, starts, ends)]
        earlier.append(PositionMap(rule_changes))
    return CleanText(text, facts), changes
