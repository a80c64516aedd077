"""Structure: cleaned text -> Document.

The outline comes from the contents list; each heading is split from the
paragraph it is glued to; a chapter or section found twice keeps its later
copy (the revision); parts the scrape lacks keep their headings with an
editorial note; running text is re-split into paragraphs.
"""
from __future__ import annotations

from .. import notes
from ..model import (
    Change,
    Chapter,
    Document,
    EditorialNote,
    Metadata,
    Paragraph,
    Section,
)
from . import duplicates
from .outline import HeadingHit, Outline, find_headings, outline_from_body, read_outline
from .paragraphs import ends_mid_sentence, split_paragraphs

STAGE = "structure"


def _segments(outline: Outline, changes: list[Change]) -> dict[int, str]:
    """Body text under each contents entry; of repeated headings the last copy wins."""
    hits = find_headings(outline)
    body = outline.body
    text_of: dict[int, tuple[HeadingHit, str]] = {}
    if hits and body[: hits[0].start].strip():
        changes.append(Change(STAGE, "unplaced-text", outline.body_offset, outline.body_offset + hits[0].start,
                              body[: hits[0].start], body[: hits[0].start], "text before the first heading kept before chapter 1"))
    for hit, following in zip(hits, hits[1:] + [None]):
        text = body[hit.end: following.start if following else len(body)].strip()
        if hit.entry_index in text_of:
            earlier_hit, earlier = text_of[hit.entry_index]
            changes.append(Change(
                STAGE, "duplicates", outline.body_offset + earlier_hit.start, outline.body_offset + earlier_hit.end + len(earlier),
                earlier, "", duplicates.describe(outline.entries[hit.entry_index].glued, earlier, text)))
        text_of[hit.entry_index] = (hit, text)
    return {index: text for index, (_, text) in text_of.items()}


def _blocks(text: str, label: str, changes: list[Change]) -> list:
    if not text:
        changes.append(Change(STAGE, "absent", 0, 0, "", notes.ABSENT_SECTION, f"{label}: no text in the source"))
        return [EditorialNote(notes.ABSENT_SECTION)]
    blocks: list = [Paragraph(p) for p in split_paragraphs(text)]
    if ends_mid_sentence(text):
        changes.append(Change(STAGE, "truncation", 0, 0, text[-20:], text[-20:], f"{label}: the source stops mid-sentence"))
        blocks.append(EditorialNote(notes.CUT_OFF))
    return blocks


def build_document(text: str, metadata: Metadata) -> tuple[Document, list[Change]]:
    changes: list[Change] = []
    outline = read_outline(text)
    if outline is not None:
        changes.append(Change(STAGE, "outline", 0, outline.body_offset, "", "",
                              f"outline of {len(outline.entries)} headings read from the table of contents"))
    elif (outline := outline_from_body(text)) is not None:
        changes.append(Change(STAGE, "outline", 0, 0, "", "",
                              f"outline of {len(outline.entries)} headings read from numbered headings in the body "
                              "(no table of contents); where a heading is glued to its paragraph, its end is a guess"))
    else:
        changes.append(Change(STAGE, "outline", 0, 0, "", "", notes.NO_OUTLINE))
        front = [EditorialNote(notes.NO_OUTLINE)] + [Paragraph(p) for p in split_paragraphs(text)]
        return Document(metadata, front, []), changes
    if outline.title and not metadata.title:
        metadata.title = outline.title
    segments = _segments(outline, changes)
    chapters: list[Chapter] = []
    missing: list[str] = []
    for index, entry in enumerate(outline.entries):
        body = segments.get(index)
        if entry.level == 1:
            chapters.append(Chapter(entry.glued))
            # A chapter heading directly followed by its first section has no text of its own.
            if body:
                chapters[-1].blocks = _blocks(body, entry.glued, changes)
            continue
        if not chapters:  # a section before any chapter: give it an untitled home
            chapters.append(Chapter(metadata.title or ""))
        if body is None:
            missing.append(entry.number)
        chapters[-1].sections.append(Section(entry.number, entry.title, _blocks(body or "", entry.glued, changes)))
    for chapter in chapters:
        if not chapter.blocks and not chapter.sections:
            chapter.blocks = _blocks("", chapter.heading, changes)
    front = [EditorialNote(notes.front_note(metadata.source_file, metadata.pages_seen, metadata.pages_total,
                                            _missing_ranges(missing)))]
    return Document(metadata, front, chapters), changes


def _missing_ranges(numbers: list[str]) -> list[str]:
    """`4.4 … 11.4` rather than forty numbers."""
    if not numbers:
        return []
    if len(numbers) <= 3:
        return numbers
    return [f"{numbers[0]} 至 {numbers[-1]}"]
