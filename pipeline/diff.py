"""What changed between two cleaned sources, readable for Chinese.

Chinese has no spaces, so a line diff shows whole paragraphs and a word diff
has no words. Instead each source is cut into units (metadata lines,
headings, paragraph starts ¶, and sentences, split at 。！？), the units are aligned, and a
changed sentence shows its character-level differences. Each change is
shown under the heading it falls in. In a terminal deletions are red and
insertions green; piped, they read [-deleted-]{+inserted+}. The same diff
is also written as HTML.
"""
from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass

from .structure.lines import sentences

PARAGRAPH = "¶"
CONTEXT = 12  # characters shown after a paragraph break that moved
_PARAGRAPH_LINE = re.compile(r"^(?![\w-]+:( |$))")  # not a YAML `key: value` line


@dataclass(frozen=True)
class Unit:
    text: str
    heading: str  # the heading the unit falls under ("" before the first)


def units(markdown: str) -> list[Unit]:
    result, heading = [], ""
    for line in markdown.splitlines():
        line = line.strip()
        if not line or line.startswith(":::"):
            continue
        if line.startswith("#"):
            heading = line
            result.append(Unit(line, heading))
        elif _PARAGRAPH_LINE.match(line):  # a paragraph: mark its start, so a moved break shows
            result += [Unit(PARAGRAPH, heading)] + [Unit(s, heading) for s in sentences(line)]
        else:
            result.append(Unit(line, heading))  # metadata
    return result


@dataclass(frozen=True)
class Hunk:
    heading: str
    old: str  # "" for an insertion
    new: str  # "" for a deletion


def hunks(old_markdown: str, new_markdown: str) -> list[Hunk]:
    old, new = units(old_markdown), units(new_markdown)
    matcher = difflib.SequenceMatcher(None, [u.text for u in old], [u.text for u in new], autojunk=False)
    result = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            continue
        pairs = max(a1 - a0, b1 - b0)
        for i in range(pairs):
            before = old[a0 + i] if a0 + i < a1 else None
            after = new[b0 + i] if b0 + i < b1 else None
            heading = (after or before).heading
            result.append(Hunk(heading, _shown(before, old, a0 + i), _shown(after, new, b0 + i)))
    return result


def _shown(unit: Unit | None, sequence: list[Unit], index: int) -> str:
    """A unit's text; a paragraph start also shows the words it comes before."""
    if unit is None:
        return ""
    if unit.text == PARAGRAPH and index + 1 < len(sequence):
        return f"{PARAGRAPH}{sequence[index + 1].text[:CONTEXT]}…"
    return unit.text


_STYLES = {  # deletion open/close, insertion open/close, heading open/close
    "plain": ("[-", "-]", "{+", "+}", "", ""),
    "color": ("\033[1;31m", "\033[0m", "\033[1;32m", "\033[0m", "\033[36m", "\033[0m"),
    "html": ("<del>", "</del>", "<ins>", "</ins>", "", ""),
}


def _inline(old: str, new: str, style: str) -> str:
    """One line with character-level deletions and insertions marked."""
    del_open, del_close, ins_open, ins_close, _, _ = _STYLES[style]
    text = html.escape if style == "html" else str
    out = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            out.append(text(old[a0:a1]))
            continue
        if a1 > a0:
            out.append(f"{del_open}{text(old[a0:a1])}{del_close}")
        if b1 > b0:
            out.append(f"{ins_open}{text(new[b0:b1])}{ins_close}")
    return "".join(out)


def render_text(changes: list[Hunk], color: bool) -> str:
    style = "color" if color else "plain"
    head_open, head_close = _STYLES[style][4:]
    lines, heading = [], None
    for hunk in changes:
        if hunk.heading != heading:
            heading = hunk.heading
            lines.append(f"{head_open}@@ {heading or '(before the first heading)'}{head_close}")
        lines.append(("~ " if hunk.old and hunk.new else "- " if hunk.old else "+ ") + _inline(hunk.old, hunk.new, style))
    return "\n".join(lines) + ("\n" if lines else "")


def render_html(changes: list[Hunk], title: str) -> str:
    rows, heading = [], None
    for hunk in changes:
        if hunk.heading != heading:
            heading = hunk.heading
            rows.append(f"<h2>{html.escape(heading or '(before the first heading)')}</h2>")
        rows.append(f"<p>{_inline(hunk.old, hunk.new, 'html')}</p>")
    body = "\n".join(rows) or "<p>No changes.</p>"
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title><style>body{{font-family:\"Noto Sans CJK SC\",sans-serif;"
            "max-width:60em;margin:2em auto;line-height:1.7}del{background:#fdd}ins{background:#dfd;"
            "text-decoration:none}h2{font-size:1em;color:#066}</style></head>\n"
            f"<body><h1>{html.escape(title)}</h1>\n{body}\n</body></html>\n")
