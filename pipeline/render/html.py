"""Document -> HTML for the PDF edition (Jinja2 template in templates/).

The body's flat list of headings and blocks becomes nested sections, one per
heading, so the stylesheet can open a top-level part on a new page
(render/parts.py says which) and give every level its own bookmark level.
"""
from __future__ import annotations

from functools import cache

import jinja2

from ..edition import labels, title_page_facts
from ..model import Abstract, Document, EditorialNote
from ..paths import TEMPLATES
from .package import TOC_DEPTH, build_timestamp
from .parts import new_page_before


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render_html(document: Document) -> str:
    root = document.outline()
    # Anchors are numbered by position: headings are Chinese and may repeat.
    anchors = {id(part): f"h-{number}" for number, part in enumerate(root.walk(), 1)}
    new_page = {id(part) for part, new in zip(root.children, new_page_before(document)) if new}
    return _environment().get_template("report.html.j2").render(
        meta=document.metadata, notes=[b for b in document.front if isinstance(b, EditorialNote)],
        abstracts=[(lang, [b for b in document.front if isinstance(b, Abstract) and b.lang == lang])
                   for lang in ("zh", "en") if any(isinstance(b, Abstract) and b.lang == lang for b in document.front)],
        root=root, anchor=lambda part: anchors[id(part)], toc=[p for p in root.walk() if p.level <= TOC_DEPTH],
        new_page=lambda part: id(part) in new_page, labels=labels(document.metadata.lang), facts=title_page_facts(document.metadata),
        modified=build_timestamp(document), is_editorial=lambda block: isinstance(block, EditorialNote))
