"""Where a stretch of the cleaned text lies in the document an editor opens:
under which heading, in which paragraph (`2.2 区域市场, paragraph 3`), not
an offset into the raw scrape."""
from __future__ import annotations

import bisect
import dataclasses
import itertools
import operator
import re
from dataclasses import dataclass

from . import notes
from .edits import Taken
from .model import Abstract, Change, Document, EditorialNote, Heading, Paragraph

CONTEXT = 8  # characters before the stretch, on its line, that pin which occurrence it is
CITED_CONTEXT = 2  # characters either side of a stretch that a damage note cites with it


def places(document: Document, text: str, ranges: list[tuple[int, int]]) -> list[str | None]:
    """The place of each range of `text` (the clean stage's output, in
    order) in `document`, or None where the document does not hold it (a
    dropped copy, removed furniture)."""
    labelled = list(_labelled_blocks(document))
    return [labelled[found[0]][0] if found else None for found in _found(labelled, text, ranges)]


def with_damage_notes(document: Document, text: str, ranges: list[tuple[int, int]],
                      missing: list[int]) -> tuple[Document, list[Change]]:
    """The document with a note after every paragraph that holds damage left
    as it is (ranges of `text`, the clean stage's output, in order), citing it
    in its context, or a character the clean stage showed as missing (at
    `missing`, in order): an author's own □ is not one."""
    labelled = list(_labelled_blocks(document))
    cited: dict[int, list[tuple[int, int]]] = {}  # labelled index -> stretches of its text
    for found in _found(labelled, text, ranges):
        if found:
            index, start, end = found
            cited.setdefault(index, []).append((max(0, start - CITED_CONTEXT), end + CITED_CONTEXT))
    with_missing = {found[0] for found in _found(labelled, text, [(at, at + 1) for at in missing]) if found}
    lists = {"front": list(document.front), "body": list(document.body)}
    changes = []
    for index, (place, block_text, where, position) in reversed(list(enumerate(labelled))):
        block = lists[where][position]
        if not isinstance(block, (Paragraph, Abstract)) or not (index in cited or index in with_missing):
            continue
        quoted = [block_text[start:end] for start, end in Taken(cited.get(index, []))]
        note = EditorialNote(notes.damage_note(quoted, index in with_missing))
        lists[where].insert(position + 1, note)
        changes.append(Change("structure", "damage-note", 0, 0, "", note.text, f"{place}: damage left as it is"))
    return dataclasses.replace(document, front=lists["front"], body=lists["body"]), changes[::-1]


def _found(labelled: list[tuple], text: str, ranges: list[tuple[int, int]]):
    """For each range: (its block's index in `labelled`, start, end in the
    block's text), or None where no block holds it."""
    at = 0  # ranges come in reading order: each is sought from the last one's block on
    for start, end in ranges:
        line_start = text.rfind("\n", 0, start) + 1
        needle = text[max(line_start, start - CONTEXT):end]
        found = next((i for i in range(at, len(labelled)) if needle in labelled[i][1]), None)
        if found is None:
            yield None
            continue
        at = found
        needle_end = labelled[found][1].index(needle) + len(needle)
        yield found, needle_end - (end - start), needle_end


def _labelled_blocks(document: Document):
    """(place, text, which list, position in it) of every block, in reading order."""
    for count, block in enumerate(document.front, 1):
        yield (f"{'abstract' if isinstance(block, Abstract) else 'front matter'}, paragraph {count}", block.text,
               "front", count - 1)
    heading, count = "before the first heading", 0
    for position, block in enumerate(document.body):
        if isinstance(block, Heading):
            heading, count = block.text, 0
            yield f"heading {block.text}", block.text, "body", position
        else:
            count += 1
            yield f"{heading}, paragraph {count}", block.text, "body", position


# ---- the place of anything the cleaning report names -------------------------------------

class CleanedOffsets:
    """Where an offset into the clean stage's input lies in its output (the
    cleaned text), from the change log alone: shifted by every change that
    altered the length of the text and ends at or before it. Exact for an
    offset no change straddles, such as a change's own start and end (each
    change's length difference is against its own rule's input, so changes
    made inside another's span add up). A change of the same length (script,
    punctuation: millions in a big scrape) moves nothing and is never looked
    at one by one: the changes are filtered, and the shifts summed, in C."""

    def __init__(self, changes: list[Change]):
        get = operator.itemgetter
        deltas = list(map(operator.sub, map(len, map(get(5), changes)), map(len, map(get(4), changes))))
        moving = list(itertools.compress(range(len(changes)), deltas))
        ends = list(map(get(8), map(changes.__getitem__, moving)))
        order = sorted(range(len(moving)), key=ends.__getitem__)
        self._ends = list(map(ends.__getitem__, order))
        self._shift = list(itertools.accumulate(map(deltas.__getitem__, map(moving.__getitem__, order)), initial=0))
        self._starts: list[int] | None = None  # where each stretch between two ends starts in the cleaned text

    def __call__(self, offset: int) -> int:
        return offset + self._shift[bisect.bisect_right(self._ends, offset)]

    def inverse(self, offset: int) -> int:
        """The input offset of an offset of the cleaned text that no change
        wrote: where the stretch of input between two changes' ends that
        holds it starts, once shifted, decides. (Near changes made inside
        others the answer may be off: check it.)"""
        if self._starts is None:
            self._starts = list(map(operator.add, [0] + self._ends, self._shift))
        return offset - self._shift[max(0, bisect.bisect_right(self._starts, offset) - 1)]

    def span(self, change: Change) -> tuple[int, int]:
        """Where the text a clean change wrote lies in the cleaned text (empty where it removed text)."""
        return self(change.input_start), self(change.input_end)


@dataclass(frozen=True)
class BlockPlace:
    """An author's block of the document, as an editor finds it."""

    index: int  # in reading order (Document.blocks())
    kind: str  # "paragraph", "heading" or "abstract"
    section: str | None  # the heading it is under (a heading's own text); None before the first heading
    number: int | None  # a paragraph's number under its heading, an abstract paragraph's in the abstract
    line: int | None  # its line in the cleaned source (build/<slug>.md), where found
    lang: str = "zh"  # an abstract's language


# Where a stretch lies: in an author's block; removed between two blocks
# (after `block`, or before it where nothing comes before); in an earlier
# copy the structure stage dropped; in the scrape's contents list (the
# editions make their own); in the title and front matter read into the
# metadata; nowhere found.
IN, AFTER, BEFORE, DROPPED, CONTENTS, FRONT, UNKNOWN = "in", "after", "before", "dropped", "contents", "front", "unknown"


@dataclass(frozen=True)
class Place:
    relation: str
    block: BlockPlace | None = None
    removal: Change | None = None  # the structure change that took the stretch out (DROPPED, CONTENTS, FRONT)


class Locator:
    """The place of any stretch of the cleaned text in the document made of
    it: each author's block is found once in the cleaned text, in reading
    order, past the parts the structure stage took out (the contents list, the
    title, dropped copies: a dropped copy holds the same text as the kept
    one); a stretch is then placed by a binary search."""

    NEEDLES = (16, 8, 4)  # characters of a block's start (and end) sought in the cleaned text, longest first
    WINDOW = 20_000  # how far past the last block found the next is sought

    def __init__(self, document: Document, text: str, structure_changes: list[Change], markdown: str = ""):
        self.document, self.text = document, text
        self.blocks = list(document.blocks())
        taken = sorted((c for c in structure_changes if c.stage == "structure" and c.end > c.start),
                       key=operator.attrgetter("start"))
        self._removals = [c for c in taken if c.rule != "abstract"]  # an abstract's text is its blocks'
        self._removal_starts = [c.start for c in self._removals]
        absent = {c.after for c in structure_changes if c.rule == "absent"}
        lines = _source_lines(self.blocks, markdown) if markdown else {}
        self.places: list[BlockPlace | None] = []
        section, number, abstract_number = None, 0, 0
        for index, block in enumerate(self.blocks):
            if isinstance(block, Heading):
                section, number = block.text, 0
                place = BlockPlace(index, "heading", block.text, None, lines.get(index))
                self.places.append(None if block.text in absent else place)
            elif isinstance(block, Abstract):
                abstract_number += 1
                self.places.append(BlockPlace(index, "abstract", None, abstract_number, lines.get(index), block.lang))
            elif isinstance(block, Paragraph):
                number += 1
                self.places.append(BlockPlace(index, "paragraph", section, number, lines.get(index)))
            else:
                self.places.append(None)  # the pipeline's notes are no stretch of the cleaned text
        self._spans = self._find_blocks()
        found = [index for index, span in enumerate(self._spans) if span]
        self._found, self._starts = found, [self._spans[index][0] for index in found]

    def _find_blocks(self) -> list[tuple[int, int] | None]:
        """[start, end) of each author's block in the cleaned text, or None."""
        pieces = Taken((c.start, c.end) for c in self._removals).minus(0, len(self.text))
        kept = "".join(self.text[start:end] for start, end in pieces)
        kept_starts = list(itertools.accumulate((end - start for start, end in pieces), initial=0))

        def in_text(at: int) -> int:
            piece = max(0, bisect.bisect_right(kept_starts, at) - 1)
            if piece >= len(pieces):
                return len(self.text)
            return pieces[piece][0] + at - kept_starts[piece]

        spans: list[tuple[int, int] | None] = []
        cursor = 0
        for block, place in zip(self.blocks, self.places):
            if place is None:
                spans.append(None)
                continue
            # `1.1 背景` may stand as `1.1背景`: its title is sought.
            wanted = block.text.split(" ", 1)[1] if place.kind == "heading" and " " in block.text else block.text
            start = _find(kept, wanted, cursor, cursor + self.WINDOW, self.NEEDLES, head=True)
            if start is None:
                spans.append(None)
                continue
            if wanted is not block.text:  # a heading's number, before its title, with or without a space
                number = block.text.split(" ", 1)[0]
                before = kept.rfind(number, max(cursor, start - len(number) - 2), start)
                start = before if before >= 0 else start
            end = _find(kept, wanted, start, start + 2 * len(block.text) + self.WINDOW // 10, self.NEEDLES, head=False)
            end = start + len(wanted) if end is None else end
            spans.append((in_text(start), in_text(end - 1) + 1))
            cursor = end
        return spans

    def removal_at(self, offset: int, point: bool = False) -> Change | None:
        """The structure change that took out the text at `offset` (or, a
        `point`, around it), if one did."""
        at = bisect.bisect_right(self._removal_starts, offset - point)
        # The ranges may overlap (a removal made inside another's): the two that start last before it.
        for change in self._removals[max(0, at - 2):at]:
            if offset < change.end:
                return change
        return None

    def place(self, start: int, end: int | None = None, before: bool = False) -> Place:
        """The place of [start, end) of the cleaned text; of the point `start`
        (where the clean stage removed something) where `end` is None. A
        point between two blocks is after the first, or (`before`) before
        the second where only white space parts it from it."""
        removal = self.removal_at(start, point=end is None)
        if removal is not None and removal.rule in ("duplicates", "contents"):
            return Place(DROPPED if removal.rule == "duplicates" else CONTENTS, removal=removal)
        # The last block that starts before it (a point at a block's start is before that block).
        at = (bisect.bisect_right if end is not None else bisect.bisect_left)(self._starts, start) - 1
        if at >= 0:
            block_start, block_end = self._spans[self._found[at]]
            if start < block_end if end is not None else block_start < start < block_end:
                return Place(IN, self.places[self._found[at]])
        if removal is not None:
            return Place(FRONT, removal=removal)
        following = at + 1
        if (before or at < 0) and following < len(self._found) and \
                _BLANK.match(self.text, start, self._starts[following]).end() == self._starts[following]:
            return Place(BEFORE, self.places[self._found[following]])
        if at >= 0:
            return Place(AFTER, self.places[self._found[at]])
        if self._found:
            return Place(BEFORE, self.places[self._found[0]])
        return Place(UNKNOWN)

    def in_block(self, place: Place, start: int, end: int) -> tuple[int, int] | None:
        """Where [start, end) of the cleaned text lies in the text of the block it is in."""
        if place.relation != IN:
            return None
        block_text = self.blocks[place.block.index].text
        line_start = self.text.rfind("\n", 0, start) + 1
        line_end = self.text.find("\n", end)
        line_end = len(self.text) if line_end < 0 else line_end
        for before, after in ((CONTEXT, CONTEXT), (CONTEXT, 0), (0, CONTEXT), (0, 0)):
            left, right = max(line_start, start - before), min(line_end, end + after)
            needle = self.text[left:right]
            found = block_text.find(needle)
            if found >= 0 and (before or after or block_text.count(needle) == 1):
                return found + start - left, found + end - left
        return None


_BLANK = re.compile(r"\s*")


def _find(haystack: str, text: str, start: int, stop: int, sizes: tuple[int, ...], head: bool) -> int | None:
    """Where `text` starts (head) or ends (not head) in haystack[start:stop],
    sought by its first or last few characters, the longest that are found."""
    for size in sizes:
        needle = text[:size] if head else text[-size:]
        if not needle.strip():
            continue
        found = haystack.find(needle, start, stop)
        if found >= 0:
            return found if head else found + len(needle)
    return None


def _source_lines(blocks: list, markdown: str) -> dict[int, int]:
    """The line of the cleaned source (Pandoc Markdown, a block a line) each
    block is on, by its opening words, sought in order."""
    lines = markdown.split("\n")
    found, cursor = {}, 0
    if lines and lines[0] == "---":  # past the metadata block
        cursor = lines.index("---", 1) + 1 if "---" in lines[1:] else 0
    for index, block in enumerate(blocks):
        needle = block.text.split(" ", 1)[0][:10] if isinstance(block, Heading) else block.text[:10]
        for number in range(cursor, min(len(lines), cursor + 50)):
            if needle in lines[number].replace("\\", ""):
                found[index], cursor = number + 1, number + 1
                break
    return found
