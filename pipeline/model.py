"""The document model that flows through every stage."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


class Change(NamedTuple):
    """One edit a rule made: start/end are offsets into that rule's input;
    input_start/input_end, where known, into the stage's original input.
    (A NamedTuple: a scrape yields tens of thousands of them.)"""

    stage: str
    rule: str
    start: int
    end: int
    before: str
    after: str
    note: str = ""
    input_start: int | None = None
    input_end: int | None = None


@dataclass
class Paragraph:
    text: str


@dataclass
class EditorialNote:
    """Text the pipeline adds (never the author's): kept apart from the author's paragraphs."""

    text: str


Block = Paragraph | EditorialNote


@dataclass
class Section:
    number: str  # "1.1"
    title: str  # "行业宏观环境与增长驱动力"
    blocks: list[Block] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}"


@dataclass
class Chapter:
    heading: str  # as written in the report: "一、…"
    blocks: list[Block] = field(default_factory=list)  # text before the first section
    sections: list[Section] = field(default_factory=list)


@dataclass
class Metadata:
    title: str
    lang: str = "zh-CN"
    date: str | None = None
    subtitle: str | None = None
    author: str | None = None
    source_file: str | None = None
    source_sha256: str | None = None
    pages_seen: int | None = None
    pages_total: int | None = None


@dataclass
class Document:
    metadata: Metadata
    front: list[Block] = field(default_factory=list)  # before chapter 1
    chapters: list[Chapter] = field(default_factory=list)

    def block_lists(self):
        """Every list of blocks, in reading order: the front matter's, then each
        chapter's own and its sections'."""
        yield self.front
        for chapter in self.chapters:
            yield chapter.blocks
            for section in chapter.sections:
                yield section.blocks

