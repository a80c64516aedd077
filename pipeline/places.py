"""Where a stretch of the cleaned text lies in the document an editor opens:
under which heading, in which paragraph (`2.2 区域市场, paragraph 3`), not
an offset into the raw scrape."""
from __future__ import annotations

import dataclasses

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
