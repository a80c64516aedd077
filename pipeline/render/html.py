"""Document -> HTML for the PDF edition (Jinja2 template in templates/).

The body's flat list of headings and blocks becomes nested sections, one per
heading, so the stylesheet can open a top-level part on a new page
(render/parts.py says which) and give every level its own bookmark level.
"""
from __future__ import annotations

import logging
import re
from functools import cache

import jinja2
import markupsafe

from .. import limits
from ..chars import CLOSING_MARKS, HALF_BLANK_MARKS, western_runs_beside_han
from ..edition import labels, title_page_facts
from ..model import Abstract, Document, EditorialNote, Part
from ..paths import TEMPLATES
from .package import TOC_DEPTH, build_timestamp, damage_citations
from .parts import new_page_before

log = logging.getLogger(__name__)


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                                     undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    environment.filters["typeset"] = typeset
    return environment


# A paragraph's last line holds at least this many characters besides its
# closing marks: the last ones are kept together (a span that does not
# wrap), so the line before gives them up and is justified the wider. The
# seed had four paragraphs ending in `地。`, `件。`, `费。`, `转化。`.
LAST_LINE_CHARACTERS = 3

# Marks side by side (`”、“`, `。”`, `）、`, `，“`): each but the last is set at
# half width, its blank half taken out by the font's `halt` feature (clreq,
# 标点挤压): `”、“` takes two ems, not three.
_MARK_RUN = re.compile(f"[{HALF_BLANK_MARKS}]{{2,}}")


def typeset(text: str, damaged: tuple[str, ...] = ()) -> markupsafe.Markup:
    """A paragraph's text as the PDF sets it: adjacent marks compressed, a
    quarter em between Han and Western letters or digits (a margin of the
    Western run's span, which render/justify.py drops at a line's edges),
    the last characters kept on one line, the damage its note cites
    (`damaged`, □ among it where the note names characters shown as missing)
    marked. Markup only: not a character added."""
    halved = {i for run in _MARK_RUN.finditer(text) for i in range(run.start(), run.end() - 1)}
    marked = {i for cited in damaged for found in re.finditer(re.escape(cited), text)
              for i in range(found.start(), found.end())}
    runs = western_runs_beside_han(text)
    cut = len(text.rstrip(CLOSING_MARKS)) - LAST_LINE_CHARACTERS
    cut = next((start for start, end, _, _ in runs if start < cut < end), cut)  # spans nest: not inside a run
    if cut < 2 * LAST_LINE_CHARACTERS:
        cut = None
    opens = {start: _GAP_SPAN.format(" ".join(side for side, gap in (("gap-before", before), ("gap-after", after))
                                              if gap))
             for start, _, before, after in runs}
    closes = {end for _, end, _, _ in runs}
    # Plain stretches are escaped whole; only where markup opens, closes or
    # wraps a character is the text taken a character at a time.
    stops = sorted(halved | marked | opens.keys() | closes | {cut} - {None} | {len(text)})
    pieces, pos = [], 0
    for stop in stops:
        if stop > pos:
            pieces.append(markupsafe.escape(text[pos:stop]))
        if stop == len(text):
            break
        if stop in closes:
            pieces.append(markupsafe.Markup("</span>"))
        if stop == cut:
            pieces.append(markupsafe.Markup('<span class="last-line">'))
        if stop in opens:
            pieces.append(opens[stop])
        classes = " ".join(name for name, members in (("halt", halved), ("damaged", marked)) if stop in members)
        char = markupsafe.escape(text[stop])
        pieces.append(markupsafe.Markup('<span class="{}">{}</span>').format(classes, char) if classes else char)
        pos = stop + 1
    if len(text) in closes:
        pieces.append(markupsafe.Markup("</span>"))
    if cut is not None:
        pieces.append(markupsafe.Markup("</span>"))
    return markupsafe.Markup("").join(pieces)


_GAP_SPAN = markupsafe.Markup('<span class="{}">')


def render_html(document: Document) -> str:
    root = document.outline()
    # Anchors are numbered by position: headings are Chinese and may repeat.
    anchors = {id(part): f"h-{number}" for number, part in enumerate(root.walk(), 1)}
    new_page = {id(part) for part, new in zip(root.children, new_page_before(document)) if new}
    return _environment().get_template("report.html.j2").render(
        meta=document.metadata, notes=[b for b in document.front if isinstance(b, EditorialNote)],
        abstracts=[(lang, [b for b in document.front if isinstance(b, Abstract) and b.lang == lang])
                   for lang in ("zh", "en") if any(isinstance(b, Abstract) and b.lang == lang for b in document.front)],
        root=root, anchor=lambda part: anchors[id(part)], toc=_printed_contents(root),
        new_page=lambda part: id(part) in new_page, damaged=_cited_damage(document),
        labels=labels(document.metadata.lang), facts=title_page_facts(document.metadata),
        modified=build_timestamp(document), is_editorial=lambda block: isinstance(block, EditorialNote))


def _cited_damage(document: Document):
    """What the damage note after a block cites, by the block: the PDF marks it."""
    cited = {id(block): tuple(damage) for block, _, damage in damage_citations(document)}
    return lambda block: cited.get(id(block), ())


def _printed_contents(root: Part) -> list[Part]:
    """The parts the printed contents lists: every level to TOC_DEPTH; fewer
    where that would pass limits.MAX_CONTENTS_ENTRIES, none where the top
    level alone would. The PDF's bookmarks list every heading all the same."""
    parts = list(root.walk())
    for depth in range(TOC_DEPTH, 0, -1):
        listed = [part for part in parts if part.level <= depth]
        if len(listed) <= limits.MAX_CONTENTS_ENTRIES:
            if depth < TOC_DEPTH:
                log.warning("the PDF's contents lists %d level(s) of headings, %d entries: all %d levels would "
                            "pass %d entries (pipeline/limits.py)", depth, len(listed), TOC_DEPTH,
                            limits.MAX_CONTENTS_ENTRIES)
            return listed
    log.warning("the PDF has no printed contents: its top-level headings alone pass %d entries (pipeline/limits.py); "
                "its bookmarks list them", limits.MAX_CONTENTS_ENTRIES)
    return []
