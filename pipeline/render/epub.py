"""EPUB edition: cleaned source -> pandoc EPUB 3, with the project's stylesheet."""
from __future__ import annotations

import re
import uuid
from pathlib import Path

from .. import pandoc
from ..edition import stylesheet, title_page_facts
from ..model import Document
from ..output import atomic_path
from ..paths import TEMPLATES
from ..settings import w3c_date
from .options import RenderOptions
from .package import NAVIGATION_DEPTH, build_timestamp, pandoc_edition_arguments, rewrite_zip

# Identifiers derive from the source's hash: the same text gives the same book id.
_ID_NAMESPACE = uuid.UUID("5d7b1c1e-6f0a-4c55-9a59-3c2f1f0f7a10")
# pandoc's sandbox refuses to read a --css file, so its default stylesheet
# is replaced by ours inside the package.
_STYLESHEET_MEMBER = "EPUB/styles/stylesheet1.css"
# ... and its sandbox has no clock: the modification time is set here.
_PACKAGE_MEMBER = "EPUB/content.opf"
_MODIFIED = re.compile(r'(<meta property="dcterms:modified">)[^<]*(</meta>)')
_DATE = re.compile(r'(<dc:date id="epub-date">)[^<]*(</dc:date>)')


def book_identifier(document: Document) -> str:
    key = document.metadata.source_sha256 or document.metadata.title
    return f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, key)}"


def render_epub(source: Path, document: Document, out: Path, options: RenderOptions) -> None:
    with atomic_path(out) as tmp:
        pandoc_options, metadata = pandoc_edition_arguments(document, NAVIGATION_DEPTH)
        metadata |= {"identifier": book_identifier(document),
                     "title-page-fact": [f"{label}：{value}" for label, value in title_page_facts(document.metadata)]}
        pandoc.convert_source(source, "epub3", tmp,
                              [*pandoc_options, "--split-level=1", f"--template={TEMPLATES / 'epub.xhtml'}"], metadata)
        css = stylesheet("epub.css", document.metadata.lang)
        rewrite_zip(tmp, {_STYLESHEET_MEMBER: lambda _: css.encode(),
                          _PACKAGE_MEMBER: lambda opf: _dated(opf.decode(), document).encode()})


def _dated(opf: str, document: Document) -> str:
    """The package's modification time, and its dc:date as the edition gives
    it (pandoc leaves dc:date empty for a moment with an offset)."""
    opf = _MODIFIED.sub(rf"\g<1>{build_timestamp(document)}\g<2>", opf)
    if document.metadata.date:
        opf = _DATE.sub(rf"\g<1>{w3c_date(document.metadata.date)}\g<2>", opf)
    return opf
