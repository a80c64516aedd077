"""Nothing lost, nothing invented: every character of the cleaned text is in
the document or in the change log.

The structure stage logs every piece of text it takes out of the flow (the
contents list, the title and front-matter lines that became metadata,
earlier copies of doubled parts, the abstract it moves to the front) with
its offsets. Replaying those removals on the cleaned text must leave exactly
the author's text of the body (its headings and paragraphs, in order), and
the front's abstract must be exactly the text moved there; whitespace
aside: line breaks and indents are layout. Any difference is a bug that
would lose or invent text, so the build stops and names the place.
"""
from __future__ import annotations

from ..chars import squeeze
from ..edits import apply_edits
from ..errors import PipelineError
from ..model import AUTHOR_BLOCKS, Abstract, Change, Document, Heading

def _from_the_body(document: Document, changes: list[Change]):
    """The author's blocks that come from the body. An absent part's heading
    comes from the contents list (itself logged as removed): the change log
    names each one it added."""
    added = [c.after for c in changes if c.stage == "structure" and c.rule == "absent"]
    for block in document.body:
        if isinstance(block, Heading) and added and block.text == added[0]:
            added.pop(0)
        elif isinstance(block, AUTHOR_BLOCKS):
            yield block


def author_text(document: Document, changes: list[Change]) -> str:
    return "".join(block.text for block in _from_the_body(document, changes))


def check_conservation(text: str, changes: list[Change], document: Document) -> None:
    removals = [(c.start, c.end, c.after, c.note) for c in changes if c.stage == "structure" and c.end > c.start]
    replayed, _ = apply_edits(text, removals, "structure", "replay")
    moved = [squeeze(c.before) for c in changes if c.stage == "structure" and c.rule == "abstract"]
    abstract = [squeeze(b.text) for b in document.front if isinstance(b, Abstract)]
    if moved != abstract:
        raise PipelineError(f"structure would change the abstract: moved {moved!r:.80}, the front has {abstract!r:.80}")
    want, got = squeeze(replayed), squeeze(author_text(document, changes))
    if want == got:
        return
    index = next((i for i, (a, b) in enumerate(zip(want, got)) if a != b), min(len(want), len(got)))
    place = _place(document, changes, got[:index])
    raise PipelineError(
        f"structure would {'lose' if len(want) >= len(got) else 'invent'} text {place}: "
        f"the cleaned text has …{want[max(0, index - 10):index + 20]}…, "
        f"the document …{got[max(0, index - 10):index + 20]}…")


def _place(document: Document, changes: list[Change], before: str) -> str:
    """The heading under which the squeezed author text reaches len(before)."""
    seen, heading = 0, None
    for block in _from_the_body(document, changes):
        seen += len(squeeze(block.text))
        if seen > len(before):
            break
        if isinstance(block, Heading):
            heading = block.text
    return f"under {heading}" if heading else "before the first heading"
