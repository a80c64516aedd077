"""EPUB edition: cleaned source -> pandoc EPUB 3, with the project's
stylesheet, then finished in the package (render/package.py's rewrite_zip):

- a cover made at build time (render/cover.py), with its page, manifest
  item, spine entry and landmark: pandoc's sandbox reads no cover file;
- each chapter's <title> its heading (pandoc names them ch002.xhtml);
- the landmarks in the edition's language (pandoc's are English);
- the modification time and date (pandoc's sandbox has no clock).

The title page gives the PDF's facts and, on a page of its own, the front
matter (templates/epub.xhtml; styles/blocks.lua moves it there), so the
navigation starts with the document's first heading.
"""
from __future__ import annotations

import html
import re
import uuid
from pathlib import Path

from .. import pandoc
from ..edition import PUBLISHER, creator, labels, stylesheet, title_page_facts
from ..errors import PipelineError
from ..model import Document
from ..output import atomic_path
from ..paths import TEMPLATES
from ..settings import w3c_date
from .cover import HEIGHT, WIDTH, cover_png
from .options import RenderOptions
from .package import NAVIGATION_DEPTH, build_timestamp, pandoc_edition_arguments, rewrite_zip, zip_members

# Identifiers derive from the source's hash: the same text gives the same book id.
_ID_NAMESPACE = uuid.UUID("5d7b1c1e-6f0a-4c55-9a59-3c2f1f0f7a10")
# pandoc's sandbox refuses to read a --css file, so its default stylesheet
# is replaced by ours inside the package.
_STYLESHEET_MEMBER = "EPUB/styles/stylesheet1.css"
# ... and its sandbox has no clock: the modification time is set here.
_PACKAGE_MEMBER = "EPUB/content.opf"
_NAV_MEMBER = "EPUB/nav.xhtml"
_COVER_IMAGE, _COVER_PAGE = "EPUB/media/cover.png", "EPUB/text/cover.xhtml"
_MODIFIED = re.compile(r'(<meta property="dcterms:modified">)[^<]*(</meta>)')
_DATE = re.compile(r'(<dc:date id="epub-date">)[^<]*(</dc:date>)')
_CHAPTER = re.compile(r"EPUB/text/ch\d+\.xhtml")
_FIRST_HEADING = re.compile(r"<h[1-6][^>]*>(.*?)</h[1-6]>", re.DOTALL)
_LANDMARKS = re.compile(r'<nav epub:type="landmarks".*?</nav>', re.DOTALL)


def book_identifier(document: Document) -> str:
    key = document.metadata.source_sha256 or document.metadata.title
    return f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, key)}"


def render_epub(source: Path, document: Document, out: Path, options: RenderOptions) -> None:
    meta = document.metadata
    with atomic_path(out) as tmp:
        pandoc_options, metadata = pandoc_edition_arguments(document, NAVIGATION_DEPTH)
        metadata |= {"identifier": book_identifier(document), "publisher": PUBLISHER,
                     "title-page-fact": [f"{label}：{value}" for label, value in title_page_facts(meta)]}
        if not meta.author:  # pandoc makes dc:creator of the author the source names
            metadata["creator"] = [{"role": "aut", "text": creator(meta)}]
        pandoc.convert_source(source, "epub3", tmp,
                              [*pandoc_options, "--split-level=1", f"--template={TEMPLATES / 'epub.xhtml'}"], metadata)
        css = stylesheet("epub.css", meta.lang)
        edits = {_STYLESHEET_MEMBER: lambda _: css.encode(),
                 _PACKAGE_MEMBER: lambda opf: _with_cover(_dated(opf.decode(), document), meta.lang).encode(),
                 _NAV_MEMBER: lambda nav: _landmarks(nav.decode(), document).encode()}
        chapters = [name for name in zip_members(tmp) if _CHAPTER.fullmatch(name)]
        edits |= {name: lambda page: _chapter_titled(page.decode(), meta.title).encode() for name in chapters}
        rewrite_zip(tmp, edits, add={_COVER_IMAGE: cover_png(meta), _COVER_PAGE: _cover_page(document).encode()})


def _dated(opf: str, document: Document) -> str:
    """The package's modification time, and its dc:date as the edition gives
    it (pandoc leaves dc:date empty for a moment with an offset)."""
    opf = _MODIFIED.sub(rf"\g<1>{build_timestamp(document)}\g<2>", opf)
    if document.metadata.date:
        opf = _DATE.sub(rf"\g<1>{w3c_date(document.metadata.date)}\g<2>", opf)
    return opf


def _insert(text: str, anchor: str, addition: str, member: str, before: bool = False) -> str:
    """`addition` after (or before) the first `anchor` in the member pandoc wrote."""
    at = text.find(anchor)
    if at < 0:
        raise PipelineError(f"the EPUB's {member} has no {anchor!r} (a new pandoc?): nothing was written")
    at = at if before else at + len(anchor)
    return text[:at] + addition + text[at:]


def _with_cover(opf: str, lang: str) -> str:
    """The cover in the package: its picture and page in the manifest, the
    page first in the spine, and named for EPUB 2 readers (meta cover, guide)."""
    opf = _insert(opf, "</metadata>", '  <meta name="cover" content="cover_png" />\n  ', _PACKAGE_MEMBER,
                  before=True)
    opf = _insert(opf, "<manifest>", '\n    <item id="cover_png" href="media/cover.png" media-type="image/png" '
                  'properties="cover-image" />\n    <item id="cover_xhtml" href="text/cover.xhtml" '
                  'media-type="application/xhtml+xml" properties="svg" />', _PACKAGE_MEMBER)
    opf = _insert(opf, '<spine toc="ncx">', '\n    <itemref idref="cover_xhtml" />', _PACKAGE_MEMBER)
    cover = html.escape(labels(lang).cover)
    return _insert(opf, "<guide>", f'\n    <reference type="cover" title="{cover}" href="text/cover.xhtml" />',
                   _PACKAGE_MEMBER)


def _cover_page(document: Document) -> str:
    """The cover's page: the picture scaled to the screen whole, in an SVG
    as pandoc writes its own (a reading system sizes it reliably)."""
    meta = document.metadata
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="{meta.lang}" xml:lang="{meta.lang}">
<head>
  <meta charset="utf-8" />
  <title>{html.escape(labels(meta.lang).cover)}</title>
  <link rel="stylesheet" type="text/css" href="../styles/stylesheet1.css" />
</head>
<body epub:type="cover" class="cover">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" width="100%" height="100%" viewBox="0 0 {WIDTH} {HEIGHT}" preserveAspectRatio="xMidYMid" role="img" aria-label="{html.escape(meta.title)}">
<title>{html.escape(meta.title)}</title>
<image width="{WIDTH}" height="{HEIGHT}" xlink:href="../media/cover.png" />
</svg>
</body>
</html>
"""


def _landmarks(nav: str, document: Document) -> str:
    """The landmarks named in the edition's language: cover, title page,
    contents, and the first chapter (the body's start)."""
    words = labels(document.metadata.lang)
    first_chapter = re.search(r'<a href="(text/ch\d+\.xhtml)', nav)
    entries = [("text/cover.xhtml", "cover", words.cover), ("text/title_page.xhtml", "titlepage", words.title_page),
               ("#toc", "toc", words.table_of_contents)]
    if first_chapter:
        entries.append((first_chapter.group(1), "bodymatter", words.body))
    items = "".join(f'\n    <li>\n      <a href="{href}" epub:type="{kind}">{html.escape(label)}</a>\n    </li>'
                    for href, kind, label in entries)
    landmarks = f'<nav epub:type="landmarks" id="landmarks" hidden="hidden">\n  <ol>{items}\n  </ol>\n</nav>'
    if not _LANDMARKS.search(nav):
        raise PipelineError(f"the EPUB's {_NAV_MEMBER} has no landmarks (a new pandoc?): nothing was written")
    return _LANDMARKS.sub(lambda _: landmarks, nav, count=1)


def _chapter_titled(page: str, book_title: str) -> str:
    """A chapter's <title> is its first heading's text (the book's title for
    a chapter without one), not pandoc's file name."""
    heading = _FIRST_HEADING.search(page)
    title = re.sub(r"<[^>]+>", "", heading.group(1)).strip() if heading else html.escape(book_title)
    return re.sub(r"<title>[^<]*</title>", lambda _: f"<title>{title}</title>", page, count=1)
