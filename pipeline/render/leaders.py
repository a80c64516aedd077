"""A contents line's leader drawn as one text box, not one a character.

WeasyPrint 70 fills a leader (weasyprint/layout/leader.py: `handle_leader`)
with a copy of its text box for every repetition, right-aligned to the
line's end, and draws each copy through a Pango layout of its own: the
seed's contents, 55 entries, made 1,300 of the PDF's 2,611 text boxes. Here
the copies of a line are merged, after WeasyPrint has placed them, into one
box that starts where the leftmost did and holds their text: the same
glyphs at the same places, laid out once. Pinned to WeasyPrint's version
as justify.py is (tests/test_justify.py checks the contents lines).
"""
from __future__ import annotations

from weasyprint.layout import inline, leader
from weasyprint.text.line_break import create_layout

from . import justify

_original_handle_leader = inline.handle_leader


def _handle_leader(context, line, containing_block):
    _original_handle_leader(context, line, containing_block)
    _, box = leader.leader_index(line)
    if box is None or len(box.children) < 2:
        return
    copies = sorted(box.children, key=lambda copy: copy.position_x)
    merged = copies[0].copy_with_text(copies[0].text * len(copies))
    merged.width = copies[-1].position_x + copies[-1].width - copies[0].position_x
    merged.pango_layout = create_layout(merged.text, merged.style, context, max_width=None, justification_spacing=0)
    merged.pango_layout.deactivate()
    box.children = (merged,)


def install() -> None:
    """Merge each leader's copies (once; checked against WeasyPrint's version)."""
    justify.require_version("leaders.py", "layout/leader.py and layout/inline.py")
    inline.handle_leader = _handle_leader
