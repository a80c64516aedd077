"""Document -> HTML for the PDF edition (Jinja2 template in templates/)."""
from __future__ import annotations

from functools import cache

import jinja2

from ..edition import labels, title_page_facts
from ..model import Document, EditorialNote
from ..paths import TEMPLATES
from .package import build_timestamp


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render_html(document: Document) -> str:
    # Anchors are numbered by position: headings are Chinese and may repeat.
    chapters = []
    for c_index, chapter in enumerate(document.chapters, 1):
        sections = [{"id": f"sec-{c_index}-{s_index}", "heading": section.heading, "blocks": section.blocks}
                    for s_index, section in enumerate(chapter.sections, 1)]
        chapters.append({"id": f"ch-{c_index}", "heading": chapter.heading, "blocks": chapter.blocks,
                         "sections": sections})
    return _environment().get_template("report.html.j2").render(
        meta=document.metadata, front=document.front, chapters=chapters, labels=labels(document.metadata.lang),
        facts=title_page_facts(document.metadata),
        modified=build_timestamp(document),
        is_editorial=lambda block: isinstance(block, EditorialNote))
