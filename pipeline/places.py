"""Where a stretch of the cleaned text lies in the document an editor opens:
under which heading, in which paragraph (`2.2 区域市场, paragraph 3`), not
an offset into the raw scrape."""
from __future__ import annotations

from .model import Abstract, Document, Heading

CONTEXT = 8  # characters before the stretch, on its line, that pin which occurrence it is


def places(document: Document, text: str, ranges: list[tuple[int, int]]) -> list[str | None]:
    """The place of each range of `text` (the clean stage's output, in
    order) in `document`, or None where the document does not hold it (a
    dropped copy, removed furniture)."""
    labelled = list(_labelled_blocks(document))
    found_places: list[str | None] = []
    at = 0  # ranges come in reading order: each is sought from the last one's block on
    for start, end in ranges:
        line_start = text.rfind("\n", 0, start) + 1
        needle = text[max(line_start, start - CONTEXT):end]
        found = next((i for i in range(at, len(labelled)) if needle in labelled[i][1]), None)
        if found is not None:
            at = found
        found_places.append(labelled[found][0] if found is not None else None)
    return found_places


def _labelled_blocks(document: Document):
    """(place, text) of every block, in reading order."""
    for count, block in enumerate(document.front, 1):
        yield f"{'abstract' if isinstance(block, Abstract) else 'front matter'}, paragraph {count}", block.text
    heading, count = "before the first heading", 0
    for block in document.body:
        if isinstance(block, Heading):
            heading, count = block.text, 0
            yield f"heading {block.text}", block.text
        else:
            count += 1
            yield f"{heading}, paragraph {count}", block.text
