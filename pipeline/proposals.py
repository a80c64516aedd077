"""Ready-to-paste corrections for what the cleaning report flags: damage left
as it is, characters shown as missing. Each is an item of
seeds/<slug>.edits.yaml (pipeline/corrections.py) whose `replace` is text of
one paragraph of the cleaned source, with just enough context around the
flagged stretch to match exactly once, and whose `with` is that text with the
stretch given its most plausible reading, or a placeholder where there is
none: the editor checks it against the original and pastes it.
"""
from __future__ import annotations

from dataclasses import dataclass

import yaml

from .model import Document, Paragraph
from .places import IN, Locator, Place

PLACEHOLDER = "〔待定〕"
# libyaml's, where PyYAML has it: the pure-Python loader takes 60 ms to start.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
CONTEXT = 6  # characters of context either side a proposal starts with; it grows by as much until it is unique


@dataclass(frozen=True)
class Flag:
    """A stretch of the cleaned text an editor must settle, with what the report proposes for it."""

    start: int  # in the cleaned text
    end: int
    place: Place
    replacement: str  # the most plausible reading, or PLACEHOLDER
    why: str


class Proposals:
    """Corrections for flags, the flags of one paragraph near each other in one."""

    def __init__(self, document: Document, locator: Locator):
        self.locator = locator
        # Every paragraph an anchor may match in, as corrections.py seeks it.
        self._paragraphs = "\n".join(block.text for blocks in document.block_lists() for block in blocks
                                     if isinstance(block, Paragraph))

    def matches(self, anchor: str) -> int:
        return self._paragraphs.count(anchor)

    def propose(self, flags: list[Flag]) -> tuple[list[dict], list[int | None]]:
        """The proposals, and for each flag the index of its proposal (None:
        none can be made, as for a flag outside the author's paragraphs)."""
        located: dict[int, list[tuple[int, int, int]]] = {}  # block -> (start, end in its text, flag)
        for number, flag in enumerate(flags):
            if flag.place.relation != IN or flag.place.block.kind != "paragraph":
                continue
            if (found := self.locator.in_block(flag.place, flag.start, flag.end)) is not None:
                located.setdefault(flag.place.block.index, []).append((*found, number))
        proposals: list[dict] = []
        chosen: list[int | None] = [None] * len(flags)
        for block, stretches in located.items():
            text = self.locator.blocks[block].text
            for group in _near_each_other(sorted(stretches)):
                proposal = self._proposal(text, group, [flags[number] for _, _, number in group])
                if proposal is None:
                    continue
                for _, _, number in group:
                    chosen[number] = len(proposals)
                proposals.append(proposal)
        return proposals, chosen

    def _proposal(self, text: str, group: list[tuple[int, int, int]], flags: list[Flag]) -> dict | None:
        first, last = group[0][0], group[-1][1]
        context = CONTEXT
        while True:
            left, right = max(0, first - context), min(len(text), last + context)
            anchor = text[left:right]
            if self.matches(anchor) == 1:
                break
            if left == 0 and right == len(text):
                return None  # the paragraph is there twice: no text of it matches once
            context += CONTEXT
        pieces, pos = [], left
        for (start, end, _), flag in zip(group, flags):
            pieces += [text[pos:start], flag.replacement]
            pos = end
        pieces.append(text[pos:right])
        replacement = "".join(pieces)
        why = "；".join(dict.fromkeys(flag.why for flag in flags))
        return {"replace": anchor, "with": replacement, "why": why, "yaml": item_yaml(anchor, replacement, why),
                "placeholder": PLACEHOLDER in replacement}


def _near_each_other(stretches: list[tuple[int, int, int]]) -> list[list[tuple[int, int, int]]]:
    """Stretches of one paragraph whose contexts would overlap, together: one
    correction settles them, since a second one's text would hold the first's."""
    groups: list[list[tuple[int, int, int]]] = []
    for stretch in stretches:
        if groups and stretch[0] - groups[-1][-1][1] < 2 * CONTEXT:
            groups[-1].append(stretch)
        else:
            groups.append([stretch])
    return groups


def item_yaml(anchor: str, replacement: str, why: str) -> str:
    """The correction as an item of the `corrections:` list, indented as it stands there."""
    item = {"replace": anchor, "with": replacement, "why": why}
    dumped = yaml.dump([item], Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1_000_000)
    if yaml.load(dumped, Loader=_LOADER) != [item]:  # never seen; a double-quoted scalar always reads back
        dumped = "".join(f"{'- ' if index == 0 else '  '}{key}: \"{_quoted(value)}\"\n"
                         for index, (key, value) in enumerate(item.items()))
    return "".join(f"  {line}\n" for line in dumped.splitlines())


def _quoted(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def edits_file(proposals: list[dict]) -> str:
    """All the proposals as a `corrections:` list, to paste into the edits file."""
    return "corrections:\n" + "".join(proposal["yaml"] for proposal in proposals) if proposals else ""
