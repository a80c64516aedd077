"""Read each edition back the way a reader's software would: its title, its
headings in order, and its text, for comparison with the cleaned source.

Page furniture is set aside by rule, not by guesswork about the text:
  PDF   the title page; the contents pages (they open with the contents
        title, and every entry ends in a page number); on every other page a
        first line that is a top-level heading set on an earlier page (the
        running header; none on the page that opens a chapter) and a last
        line that is a number, arabic or roman (the folio); the editorial
        and abstract labels;
  DOCX  the title block (Title and Date styles); header and footer are not
        body text; the editorial and abstract labels;
  EPUB  the cover, the title page's own part (its front matter, on a page
        of its own after it, is read), the navigation document, each file's
        <head>, and the heading pandoc gives a body with no heading of its
        own (the book's title, class unnumbered); the editorial and
        abstract labels.
Text is compared with all whitespace removed: line breaks are the renderer's.
"""
from __future__ import annotations

import html
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from .chars import squeeze
from .edition import Labels
from .model import Document


@dataclass
class Edition:
    title: str
    headings: list[str]
    text: str  # squeezed


def expected(document: Document) -> Edition:
    """What every edition must carry: the cleaned source's own title, headings and text."""
    headings = [heading.text for heading in document.headings()]
    return Edition(document.metadata.title, headings, squeeze("".join(b.text for b in document.blocks())))


def without_labels(text: str, labels: Labels) -> str:
    """Squeezed text without the labels an edition prints before the
    editorial notes and, once each, before the abstracts."""
    text = text.replace(f"{labels.editorial}：", "")
    for label in (labels.abstract, labels.abstract_en):
        text = text.replace(f"{label}：", "", 1)
    return text


# ---- PDF -----------------------------------------------------------------------

_FOLIO = re.compile(r"\d+|[ivxlcdm]+")  # the body's folios, and the front matter's

def outline_titles(items) -> list[str]:
    """Bookmark titles of a PDF outline (pypdf nests a parent's children in a list after it)."""
    titles = []
    for item in items:
        if isinstance(item, list):
            titles += outline_titles(item)
        else:
            titles.append(item.title)
    return titles


def pdf(path: Path, top_headings: list[str], labels: Labels = Labels()) -> Edition:
    import pdfplumber
    import pypdf

    reader = pypdf.PdfReader(path)
    with pdfplumber.open(path) as document:
        pages = [(page.extract_text() or "").splitlines() for page in document.pages]
    body: list[str] = []
    in_contents = False
    set_already: set[str] = set()  # top-level headings set so far: the running header names one
    for lines in pages[1:]:  # page 1 is the title page
        lines = [line.strip() for line in lines if line.strip()]
        if lines and _FOLIO.fullmatch(lines[-1]):
            lines = lines[:-1]  # folio
        if lines and lines[0] == labels.table_of_contents:
            in_contents = True
            continue
        if in_contents and lines and all(re.search(r"\d$", line) for line in lines):
            continue  # a contents page continued
        in_contents = False
        if lines and lines[0] in set_already:
            lines = lines[1:]  # running header: a chapter set on an earlier page
        set_already.update(line for line in lines if line in top_headings)
        body += lines
    return Edition(reader.metadata.title or "", outline_titles(reader.outline), without_labels(squeeze("".join(body)), labels))


# ---- DOCX ----------------------------------------------------------------------

def docx(path: Path, labels: Labels = Labels()) -> Edition:
    import docx as python_docx

    document = python_docx.Document(str(path))
    headings, body = [], []
    for paragraph in document.paragraphs:
        style = paragraph.style.name
        if style in ("Title", "Subtitle", "Author", "Date"):
            continue
        if style.startswith("Heading "):
            headings.append(paragraph.text)
        body.append(paragraph.text)
    return Edition(document.core_properties.title or "", headings, without_labels(squeeze("".join(body)), labels))


# ---- EPUB ----------------------------------------------------------------------

_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")


class _Text(HTMLParser):
    def __init__(self, book_title: str):
        super().__init__()
        self.book_title = book_title
        self.parts: list[str] = []
        self.headings: list[str] = []
        self._heading: list[str] | None = None
        self._pandocs = False  # the heading is pandoc's, not the document's
        self._in_head = False

    def handle_starttag(self, tag, attrs):
        if tag == "head":
            self._in_head = True
        if tag in _HEADING_TAGS:
            self._heading = []
            self._pandocs = "unnumbered" in (dict(attrs).get("class") or "").split()

    def handle_endtag(self, tag):
        if tag == "head":
            self._in_head = False
        if tag in _HEADING_TAGS and self._heading is not None:
            heading = "".join(self._heading).strip()
            self._heading = None
            if self._pandocs and heading == self.book_title and not self.headings:
                return  # pandoc's heading over a body with no heading of its own
            self.headings.append(heading)
            self.parts.append(heading)

    def handle_data(self, data):
        if self._in_head:
            return
        if self._heading is not None:
            self._heading.append(data)
        else:
            self.parts.append(data)


def epub(path: Path, labels: Labels = Labels()) -> Edition:
    with zipfile.ZipFile(path) as book:
        opf = book.read("EPUB/content.opf").decode()
        spine = re.findall(r'<itemref idref="([^"]+)"', opf)
        hrefs = dict(re.findall(r'<item id="([^"]+)" href="([^"]+)"', opf))
        title = re.search(r"<dc:title[^>]*>(.*?)</dc:title>", opf, re.DOTALL)
        parser = _Text(html.unescape(title.group(1)) if title else "")
        for item in spine:
            page = book.read(f"EPUB/{hrefs[item]}").decode()
            if item.startswith("title_page"):
                page = page[page.index(_FRONT):] if _FRONT in page else ""  # the front matter after the title page
            elif item.startswith(("cover", "nav")):
                continue
            parser.feed(page)
    return Edition(parser.book_title, parser.headings, without_labels(squeeze("".join(parser.parts)), labels))


_FRONT = '<section class="front">'


def first_difference(got: str, want: str, context: int = 15) -> str:
    index = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
    return f"at character {index}: edition has …{got[index:index + context]}…, source has …{want[index:index + context]}…"
