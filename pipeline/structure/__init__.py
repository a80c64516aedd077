"""Structure: cleaned text -> Document.

  contents.py    the document's own contents list, where it has one
  headings.py    the body's headings, by numbering scheme, sequence and the
                 contents; their levels
  front.py       the title and a paper's front matter
  duplicates.py  parts, lines and paragraphs that appear twice: the later
                 copy (the revision) is kept
  paragraphs.py  paragraphs from the source's own line breaks
  conservation.py  every character accounted for

What the text lacks is shown, never filled in: a contents entry with no
text in the body keeps its heading over an editorial note, and a text that
stops mid-sentence gets a note at the cut. Every character of the cleaned
text ends up in the document or in the change log, and conservation.py
checks it.
"""
from __future__ import annotations

import re
from pathlib import Path

from .. import notes
from ..clean.wordlist import last_word_tag
from ..edits import Taken
from ..model import Abstract, Change, Document, EditorialNote, Heading, Metadata, Paragraph
from . import duplicates
from .conservation import check_conservation
from .contents import Contents, Entry, find_contents
from .front import read_front
from .headings import Hit, assign_levels, find_headings, level_of
from .lines import Lines
from .numbering import ideographs_other_than, normalise
from .paragraphs import ends_mid_sentence, measure_layout, paragraphs

STAGE = "structure"


def _change(rule: str, start: int, end: int, text: str, note: str, after: str = "") -> Change:
    return Change(STAGE, rule, start, end, text[start:end], after, note)


def _missing_label(entry: Entry) -> str:
    return entry.marker.rstrip("、．. ") if entry.scheme else entry.title


def _missing_ranges(runs: list[list[Entry]]) -> list[str]:
    """`4.4 至 11.4` for a run of entries, rather than forty numbers."""
    shown = []
    for run in runs:
        labels = [_missing_label(e) for e in run]
        shown += labels if len(labels) <= 3 else [f"{labels[0]} 至 {labels[-1]}"]
    return shown


class _Builder:
    """Collects the body's blocks and the changes, in reading order."""

    def __init__(self, text: str, lines: Lines, layout, changes: list[Change]):
        self.text, self.lines, self.layout, self.changes = text, lines, layout, changes
        self.body: list = []

    def text_of(self, ranges: list[tuple[int, int]]) -> None:
        spans = paragraphs(self.text, self.lines, ranges, self.layout)
        copies = duplicates.copied_paragraphs(spans)
        for index, span in enumerate(spans):
            if index in copies:
                self.changes.append(_change("duplicates", span.start, span.end, self.text,
                                            duplicates.describe("a paragraph", span.text, spans[copies[index]].text)))
                continue
            self.body.append(Paragraph(span.text))


def build_document(text: str, metadata: Metadata, site_titles: list[tuple[str, str]] = (),
                   pages_missing: bool = False) -> tuple[Document, list[Change]]:
    """The document in `text` (the cleaned text); `site_titles` and
    `pages_missing` are what the site's furniture said of it."""
    changes: list[Change] = []
    lines = Lines(text)
    contents = find_contents(text, lines)
    body_start = contents.end if contents else 0
    hits = find_headings(text, lines, body_start, contents)
    ranks = assign_levels(hits, contents)
    outline_lines = {lines.index_at(hit.start) for hit in hits if hit.standalone}
    if contents:
        outline_lines.update(number for number, _ in lines.between(contents.start, contents.end))
    # Contents lines and headings' own lines say nothing of how the text's lines break.
    layout = measure_layout([line for number, line in enumerate(lines) if number not in outline_lines])

    first_heading = hits[0].start if hits else len(text)
    if contents:
        regions = [(0, contents.title[0] if contents.title else contents.start), (contents.end, first_heading)]
        changes.append(_change("contents", contents.start, contents.end, text,
                               f"the scrape's contents list ({len(contents.entries)} entries): the editions make their own"))
    else:
        regions = [(0, first_heading)]
    front, intro = read_front(text, lines, regions, layout, contents.title if contents else None, list(site_titles),
                              Path(metadata.source_file or "").stem)
    changes += front.taken
    _outline_note(changes, contents, hits)
    if not metadata.title:
        metadata.title = front.title
        if "file name" in front.title_source:
            changes.append(Change(STAGE, "title", 0, 0, "", front.title, f"title from {front.title_source}"))
    for key in ("subtitle", "author", "affiliation"):
        if value := getattr(front, key):
            setattr(metadata, key, getattr(metadata, key) or value)
    metadata.keywords = metadata.keywords or front.keywords
    metadata.catalogue = {**front.catalogue, **metadata.catalogue}

    removals = _Removals(text, changes, [(c.start, c.end) for c in front.taken]
                         + ([(contents.start, contents.end)] if contents else []))
    for hit in hits:
        if hit.colon is not None:
            removals.take(hit.colon, hit.end, "heading", f"the colon after the heading {hit.text}")
    _copies(text, lines, hits, body_start, removals)
    _repeated_title_lines(text, lines, hits, metadata.title, removals)
    removed = removals.taken
    kept = [hit for hit in hits if not removed.covers(hit.start)]
    builder = _Builder(text, lines, layout, changes)
    builder.text_of([piece for start, end in intro for piece in removed.minus(start, end)])
    for hit, following in zip(kept, kept[1:] + [None]):
        builder.body.append(Heading(hit.level, hit.text))
        builder.text_of(removed.minus(hit.end, following.start if following else len(text)))
    body = builder.body
    for hit in kept:
        if hit.guessed:
            # No line break and no contents list says where the title ends: flag it for the editor.
            changes.append(Change(STAGE, "heading-guess", hit.end, hit.end, "", "",
                                  f"{hit.text}: glued to its paragraph ({text[hit.end:hit.end + 12]}…); "
                                  "where the title ends is a guess"))
    _mark_the_cut(body, changes, pages_missing)
    missing = _absent_parts(body, kept, contents, ranks, changes)

    front_blocks = [EditorialNote(notes.front_note(metadata.source_file, metadata.pages_seen, metadata.pages_total,
                                                   missing, title_from_file_name="file name" in front.title_source
                                                   and metadata.title == front.title))]
    front_blocks += [Abstract(span.text, lang) for span, lang in front.abstract]
    document = Document(metadata, front_blocks, body)
    check_conservation(text, changes, document)
    return document, changes


def _outline_note(changes: list[Change], contents: Contents | None, hits: list[Hit]) -> None:
    levels = sorted({hit.level for hit in hits})
    copies = sum(hit.repeat_of is not None for hit in hits)
    found = f"{len(hits) - copies} headings in {len(levels)} level(s)" + (f" (and {copies} in copies)" if copies else "")
    if contents:
        note = f"outline of {len(contents.entries)} entries read from the contents list; {found} found in the body"
    elif hits:
        note = f"no contents list: {found} found in the body by their numbering"
    else:
        note = "no contents list and no numbered headings: the text is kept as paragraphs"
    changes.append(Change(STAGE, "outline", 0, 0, "", "", note))


class _Removals:
    """Text taken out of the body, logged; a piece already taken is not taken twice."""

    def __init__(self, text: str, changes: list[Change], taken: list[tuple[int, int]]):
        self.text, self.changes = text, changes
        self.taken = Taken(taken)

    def covers(self, pos: int) -> bool:
        return self.taken.covers(pos)

    def take(self, start: int, end: int, rule: str, note: str) -> None:
        for piece_start, piece_end in self.taken.minus(start, end):
            if self.text[piece_start:piece_end].strip():
                self.changes.append(_change(rule, piece_start, piece_end, self.text, note))
                self.taken.add(piece_start, piece_end)


def _copies(text: str, lines: Lines, hits: list[Hit], body_start: int, removals: _Removals) -> None:
    """Earlier copies of doubled parts and of repeated lines."""
    hit_at: dict[int, Hit] = {}
    for hit in hits:
        hit_at.setdefault(hit.start, hit)
    for start, end, later_start, later_end in duplicates.part_copies(hits, len(text)):
        heading = hit_at[start]
        removals.take(start, end, "duplicates", duplicates.describe(
            heading.text, text[start:end].strip(), text[later_start:later_end].strip()))
    heading_lines = {lines.index_at(hit.start) for hit in hits}
    for start, end in duplicates.repeated_lines(lines, heading_lines):
        if start < body_start or lines[lines.index_at(start)].run:
            continue
        copy = text[start:end].strip()
        removals.take(start, end, "duplicates",
                      duplicates.describe("repeated lines", copy, text[end:end + len(copy)].strip()))


def _repeated_title_lines(text: str, lines: Lines, hits: list[Hit], title: str, removals: _Removals) -> None:
    """The title line again (a page header the scrape kept, a cover page)."""
    wanted = normalise(title)
    if len(wanted) < 4:
        return
    heading_lines = {lines.index_at(hit.start) for hit in hits}
    not_the_title = ideographs_other_than(wanted)
    for number, line in enumerate(lines):
        if number not in heading_lines and not line.blank and not not_the_title.search(line.content) \
                and not removals.covers(line.content_start) and normalise(line.content) == wanted:
            removals.take(line.content_start, line.content_end, "duplicates", "the title line again (a page header)")


# A short last paragraph without a sentence end may be a document's sign-off,
# not a cut: a date, the issuing office, a name, a telephone number, a credit,
# a list's last item (`2024年4月28日`, `办公室`, `2.绕城高速东段扩容工程`).
# It is a cut where its last word cannot end anything: a verb, an adverb, a
# preposition, a conjunction, a particle (`借用仪器设备应当`, `逾期未报送的单位将`).
MIN_CUT_PARAGRAPH = 30
_ENDS_NOTHING = re.compile(r"^(?:v(?!n)|d|p|c|u)")


def _mark_the_cut(body: list, changes: list[Change], pages_missing: bool) -> None:
    """A text that stops mid-sentence gets a note at the cut: where its last
    paragraph breaks off, or, where the site says pages are missing, wherever
    it ends without a sentence end."""
    last = next((index for index in range(len(body) - 1, -1, -1) if isinstance(body[index], Paragraph)), None)
    if last is None or not ends_mid_sentence(body[last].text):
        return
    text = body[last].text
    if len(text) < MIN_CUT_PARAGRAPH and not pages_missing and text[-1] not in "，、；：,;:" \
            and not _ENDS_NOTHING.match(last_word_tag(text)):
        return
    tail = body[last].text[-20:]
    changes.append(Change(STAGE, "truncation", 0, 0, tail, tail, "the source stops mid-sentence"))
    body.insert(last + 1, EditorialNote(notes.CUT_OFF))


def _absent_parts(body: list, kept: list[Hit], contents: Contents | None, ranks: dict[str, int],
                  changes: list[Change]) -> list[str]:
    """Contents entries with no heading in the body keep their heading, over
    an editorial note, where the contents puts them; their labels."""
    if contents is None:
        return []
    found = {hit.entry for hit in kept if hit.entry is not None}
    runs: list[list[Entry]] = []
    inserts: list[tuple[int, list]] = []  # (body index to insert before, blocks)
    headings = [index for index, block in enumerate(body) if isinstance(block, Heading)]
    heading_entry = list(zip(headings, [hit.entry for hit in kept]))
    # The entries come in order, so the first heading whose entry follows an
    # absent one only ever moves on: one pass over the headings, not one an entry.
    next_heading = 0
    for index, entry in enumerate(contents.entries):
        if index in found:
            continue
        if not runs or runs[-1][-1] is not contents.entries[index - 1]:
            runs.append([])
        runs[-1].append(entry)
        while next_heading < len(heading_entry) and not (
                heading_entry[next_heading][1] is not None and heading_entry[next_heading][1] > index):
            next_heading += 1
        later = heading_entry[next_heading][0] if next_heading < len(heading_entry) else len(body)
        level = level_of(entry.key, ranks)
        blocks = [Heading(level, entry.text)]
        # A part whose first child is absent too is only its heading: the notes go under its children.
        child = contents.entries[index + 1] if index + 1 < len(contents.entries) else None
        if not (child and index + 1 not in found and level_of(child.key, ranks) > level):
            blocks.append(EditorialNote(notes.ABSENT_SECTION))
        inserts.append((later, blocks))
        changes.append(Change(STAGE, "absent", 0, 0, "", entry.text, f"{entry.text}: no text in the source"))
    for position, blocks in reversed(inserts):
        body[position:position] = blocks
    return _missing_ranges(runs)
