"""The document model that flows through every stage.

As in pandoc's AST, a document is metadata and a flat list of blocks, and a
heading is a block with a level: an outline of any depth, as the document
numbers it. The front matter (the pipeline's editorial note, the author's
abstract) comes before the contents; the body after it.
"""
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
class Heading:
    level: int  # 1 is the document's top level, as in pandoc's Header
    text: str  # as the document numbers it: "一、总论", "1.1 背景", "参考文献"


@dataclass
class Abstract:
    """A paragraph of the author's abstract (摘要, or Abstract in English)."""

    text: str
    lang: str = "zh"  # "zh" under 摘要, "en" under Abstract


@dataclass
class EditorialNote:
    """Text the pipeline adds (never the author's): kept apart from the author's paragraphs."""

    text: str


Block = Paragraph | Heading | Abstract | EditorialNote
# Blocks whose text is the author's, as opposed to the pipeline's notes.
AUTHOR_BLOCKS = (Paragraph, Heading, Abstract)


@dataclass
class Metadata:
    title: str
    lang: str = "zh-CN"
    date: str | None = None
    subtitle: str | None = None
    author: str | None = None
    affiliation: str | None = None
    keywords: list[str] = field(default_factory=list)
    # Catalogue data a paper carries (中图分类号, 文献标识码, 文章编号, DOI …),
    # by the keys of pipeline/structure/front.py's table, in the source's order.
    catalogue: dict[str, str] = field(default_factory=dict)
    source_file: str | None = None
    source_sha256: str | None = None
    source_format: str | None = None  # the file format the site names (DOCX, PDF …)
    pages_seen: int | None = None
    pages_total: int | None = None


@dataclass
class Document:
    metadata: Metadata
    front: list[Block] = field(default_factory=list)  # editorial note and abstract, before the contents
    body: list[Block] = field(default_factory=list)  # paragraphs and headings of any level

    def block_lists(self):
        """Every list of blocks, in reading order."""
        yield self.front
        yield self.body

    def blocks(self):
        """Every block, in reading order."""
        yield from self.front
        yield from self.body

    def headings(self) -> list[Heading]:
        return [block for block in self.body if isinstance(block, Heading)]

    def outline(self) -> Part:
        """The body as nested parts: each heading with the blocks under it and
        the parts of the levels below it."""
        root = Part(None)
        stack = [root]
        for block in self.body:
            if isinstance(block, Heading):
                while stack[-1].level >= block.level:
                    stack.pop()
                part = Part(block)
                stack[-1].children.append(part)
                stack.append(part)
            else:
                stack[-1].blocks.append(block)
        return root


@dataclass
class Part:
    """A heading with the blocks under it and the parts below it (the root has no heading)."""

    heading: Heading | None
    blocks: list[Block] = field(default_factory=list)
    children: list[Part] = field(default_factory=list)

    @property
    def level(self) -> int:
        return self.heading.level if self.heading else 0

    def walk(self):
        """Every part below this one, in reading order."""
        for child in self.children:
            yield child
            yield from child.walk()

    def text_length(self) -> int:
        """Characters of the author's paragraphs in this part and those below it."""
        return sum(len(b.text) for b in self.blocks if isinstance(b, Paragraph)) \
            + sum(c.text_length() for c in self.children)
