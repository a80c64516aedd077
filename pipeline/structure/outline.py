"""Find the table of contents and locate its headings in the body.

The scrape's contents list is one heading a line at the top; its first line
carries the title glued to the first chapter heading, its last line the
whole body glued to the last heading. The body repeats every heading glued
to the paragraph that follows (`1.1行业…2026年跨境…`): each heading is found
by its exact text, in contents order, so the split is exact.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

CHAPTER_NUMBER = r"[一二三四五六七八九十百]{1,4}、"
_CHAPTER = re.compile(f"^(?P<number>{CHAPTER_NUMBER})(?P<title>.+)$")
_SECTION = re.compile(r"^(?P<number>\d{1,2}\.\d{1,2})\s*(?P<title>\S.*)$")
_CHAPTER_ANYWHERE = re.compile(CHAPTER_NUMBER)
# Longer than this a line is a paragraph, not a contents entry.
MAX_HEADING_CHARS = 60


@dataclass(frozen=True)
class OutlineEntry:
    level: int  # 1 chapter, 2 section
    number: str  # "一、" or "1.1"
    title: str

    @property
    def glued(self) -> str:
        """The heading as the body writes it, glued to its paragraph."""
        return f"{self.number}{self.title}"


@dataclass(frozen=True)
class Outline:
    title: str | None
    entries: tuple[OutlineEntry, ...]
    body: str
    body_offset: int  # where the body starts in the cleaned text


def _entry(line: str) -> OutlineEntry | None:
    if len(line) > MAX_HEADING_CHARS:
        return None
    if match := _CHAPTER.match(line):
        return OutlineEntry(1, match["number"], match["title"].strip())
    if match := _SECTION.match(line):
        return OutlineEntry(2, match["number"], match["title"].strip())
    return None


def read_outline(text: str) -> Outline | None:
    """The contents list at the top of the text, or None when there is none."""
    lines = []
    pos = 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            lines.append((pos, line.strip()))
        pos += len(line)
    if not lines:
        return None
    title = None
    entries: list[OutlineEntry] = []
    first_pos, first = lines[0]
    # Title glued to the first chapter heading: `<title>一、<chapter title>`.
    glued = _CHAPTER_ANYWHERE.search(first)
    if glued and glued.start() > 0 and _entry(first[glued.start():]):
        title = first[: glued.start()].strip()
        lines[0] = (first_pos + glued.start(), first[glued.start():])
    elif len(lines) > 1 and _entry(first) is None and len(first) <= MAX_HEADING_CHARS and _entry(lines[1][1]):
        title = first  # a title line of its own above the contents
        lines.pop(0)
    for line_pos, line in lines:
        # The body opens with the first contents entry again, at the start of
        # a line or glued after the last entry.
        if entries:
            repeat = line.find(entries[0].glued)
            if repeat == 0:
                return Outline(title, tuple(entries), text[line_pos:], line_pos)
            if repeat > 0 and (last := _entry(line[:repeat])):
                entries.append(last)
                return Outline(title, tuple(entries), text[line_pos + repeat:], line_pos + repeat)
        entry = _entry(line)
        if entry is None:
            return Outline(title, tuple(entries), text[line_pos:], line_pos) if entries else None
        entries.append(entry)
    return Outline(title, tuple(entries), "", len(text)) if entries else None


@dataclass(frozen=True)
class HeadingHit:
    entry_index: int
    start: int  # in the body
    end: int


def find_headings(outline: Outline) -> list[HeadingHit]:
    """Every place in the body where a contents heading stands, in body order."""
    hits = []
    for index, entry in enumerate(outline.entries):
        for match in re.finditer(re.escape(entry.glued), outline.body):
            hits.append(HeadingHit(index, match.start(), match.end()))
    hits.sort(key=lambda hit: (hit.start, -(hit.end - hit.start)))
    kept: list[HeadingHit] = []
    for hit in hits:
        if not kept or hit.start >= kept[-1].end:
            kept.append(hit)
    return kept
