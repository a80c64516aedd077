"""Document -> HTML for the PDF edition (Jinja2 template in templates/).

The body's flat list of headings and blocks becomes nested sections, one per
heading, so the stylesheet can open each top-level part on a new page and
give every level its own bookmark level.
"""
from __future__ import annotations

from functools import cache

import jinja2

from ..edition import labels, title_page_facts
from ..model import Abstract, Document, EditorialNote
from ..paths import TEMPLATES
from .package import TOC_DEPTH, build_timestamp

# Top-level parts start on a new page when those with text hold at least
# this many characters on average (the seed's chapters: 6,500); shorter
# parts, as a journal article's 一、二、三、, follow on from each other.
NEW_PAGE_PART_CHARS = 2000


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render_html(document: Document) -> str:
    root = document.outline()
    # Anchors are numbered by position: headings are Chinese and may repeat.
    anchors = {id(part): f"h-{number}" for number, part in enumerate(root.walk(), 1)}
    lengths = [length for part in root.children if (length := part.text_length())]
    new_pages = bool(lengths) and sum(lengths) / len(lengths) >= NEW_PAGE_PART_CHARS
    return _environment().get_template("report.html.j2").render(
        meta=document.metadata, notes=[b for b in document.front if isinstance(b, EditorialNote)],
        abstracts=[(lang, [b for b in document.front if isinstance(b, Abstract) and b.lang == lang])
                   for lang in ("zh", "en") if any(isinstance(b, Abstract) and b.lang == lang for b in document.front)],
        root=root, anchor=lambda part: anchors[id(part)], toc=[p for p in root.walk() if p.level <= TOC_DEPTH],
        new_pages=new_pages, labels=labels(document.metadata.lang), facts=title_page_facts(document.metadata),
        modified=build_timestamp(document), is_editorial=lambda block: isinstance(block, EditorialNote))
