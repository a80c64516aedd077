"""Where the PDF and DOCX editions start a new page: the same top-level parts in both.

A long report opens each chapter on a new page; a paper's short sections
(一、引言 with two paragraphs) follow on from each other, and so do parts
the scrape lacks, which are only a heading over a note.
"""
from __future__ import annotations

from ..model import Document

# Top-level parts start on a new page when those with text hold at least
# this many characters on average (the seed's chapters: 6,500; the test
# fixtures' papers and blog posts: 200 to 700).
NEW_PAGE_PART_CHARS = 2000


def new_page_before(document: Document) -> list[bool]:
    """For each top-level part, in order: whether it starts on a new page."""
    lengths = [part.text_length() for part in document.outline().children]
    with_text = [length for length in lengths if length]
    long_parts = bool(with_text) and sum(with_text) / len(with_text) >= NEW_PAGE_PART_CHARS
    return [long_parts and length > 0 for length in lengths]
