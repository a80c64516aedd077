"""The cleaned source: Document <-> Pandoc Markdown with a YAML metadata block.

Written through pandoc's AST so pandoc does all escaping; one paragraph a
line (--wrap=none) so diffs show whole paragraphs. Chapters are `#`,
sections `## <number> <title>`, editorial notes `::: editorial` divs.
"""
from __future__ import annotations

import re

from . import pandoc
from .errors import PipelineError
from .model import Chapter, Document, EditorialNote, Metadata, Paragraph, Section

EDITORIAL_CLASS = "editorial"
_SECTION_HEADING = re.compile(r"^(\d+(?:\.\d+)+)\s+(.+)$")


# ---- writing -----------------------------------------------------------------

def _inlines(text: str) -> list[dict]:
    inlines: list[dict] = []
    for index, word in enumerate(text.split()):
        if index:
            inlines.append({"t": "Space"})
        inlines.append({"t": "Str", "c": word})
    return inlines


def _meta_text(text: str) -> dict:
    return {"t": "MetaString", "c": text}


def _meta_inlines(text: str) -> dict:
    return {"t": "MetaInlines", "c": _inlines(text)}


def _meta(metadata: Metadata) -> dict:
    meta = {"title": _meta_inlines(metadata.title or ""), "lang": _meta_text(metadata.lang)}
    if metadata.date:
        meta["date"] = _meta_text(metadata.date)
    if metadata.subtitle:
        meta["subtitle"] = _meta_inlines(metadata.subtitle)
    if metadata.author:
        meta["author"] = _meta_inlines(metadata.author)
    # `source` as pandoc means it (the EPUB's dc:source): the scraped file.
    if metadata.source_file:
        meta["source"] = _meta_text(metadata.source_file)
    if metadata.source_sha256:
        meta["sha256"] = _meta_text(metadata.source_sha256)
    if metadata.pages_seen is not None and metadata.pages_total is not None:
        meta["pages"] = {"t": "MetaMap", "c": {"seen": _meta_text(str(metadata.pages_seen)),
                                                "total": _meta_text(str(metadata.pages_total))}}
    return meta


def _block(block) -> dict:
    para = {"t": "Para", "c": _inlines(block.text)}
    if isinstance(block, EditorialNote):
        return {"t": "Div", "c": [["", [EDITORIAL_CLASS], []], [para]]}
    return para


def _header(level: int, text: str) -> dict:
    return {"t": "Header", "c": [level, ["", [], []], _inlines(text)]}


def to_ast(document: Document) -> dict:
    blocks = [_block(b) for b in document.front]
    for chapter in document.chapters:
        blocks.append(_header(1, chapter.heading))
        blocks += [_block(b) for b in chapter.blocks]
        for section in chapter.sections:
            blocks.append(_header(2, section.heading))
            blocks += [_block(b) for b in section.blocks]
    return {"pandoc-api-version": pandoc.api_version(), "meta": _meta(document.metadata), "blocks": blocks}


def write_source(document: Document) -> str:
    ast = to_ast(document)
    markdown = pandoc.to_markdown(ast)
    return _escape_what_pandoc_missed(ast, markdown)


# pandoc's writer leaves a few texts unescaped that its reader then takes as
# markup: a paragraph that is only `---`, one that opens with `:::`, an
# entity such as `&amp;`. Backslash-escaping any ASCII punctuation is valid
# Markdown, so a paragraph that did not survive the round trip gets its
# unescaped punctuation escaped, and the result is checked again.
_UNESCAPED_PUNCTUATION = re.compile(r"(?<!\\)([-:&~=+_|])")


def _escape_what_pandoc_missed(ast: dict, markdown: str) -> str:
    for _ in range(2):
        damaged = _blocks_changed_by_round_trip(ast, markdown)
        if not damaged:
            return markdown
        lines = markdown.split("\n")
        first_lines = _first_lines(ast["blocks"], lines.index("---", 1) + 2)
        for index in damaged:
            line = first_lines[index]
            if ast["blocks"][index]["t"] != "Para" or line >= len(lines):
                break
            lines[line] = _UNESCAPED_PUNCTUATION.sub(r"\\\1", lines[line])
        markdown = "\n".join(lines)
    raise PipelineError("the cleaned source cannot keep this text literal: "
                        f"{_block_text(ast['blocks'][damaged[0]])[:40]}")


def _first_lines(blocks: list[dict], line: int) -> list[int]:
    """Where each block starts in the written Markdown: with --wrap=none a
    paragraph or heading is one line, a div its fences around its
    paragraphs, and a blank line separates blocks."""
    starts = []
    for block in blocks:
        starts.append(line)
        height = 2 * len(block["c"][1]) + 1 if block["t"] == "Div" else 1
        line += height + 1
    return starts


def _block_text(block: dict) -> str:
    if block["t"] == "Div":
        return "\n".join(_block_text(b) for b in block["c"][1])
    if block["t"] == "Header":
        return pandoc.stringify(block["c"][2])
    return pandoc.stringify(block["c"]) if block["t"] == "Para" else block["t"]


def _blocks_changed_by_round_trip(ast: dict, markdown: str) -> list[int]:
    """Indexes of the blocks whose text did not survive writing and reading."""
    back = pandoc.read_markdown(markdown)["blocks"]
    if [b["t"] for b in back] == [b["t"] for b in ast["blocks"]]:
        return [i for i, (b, r) in enumerate(zip(ast["blocks"], back)) if _block_text(b) != _block_text(r)]
    # Block structure changed: every paragraph that is no longer one.
    survived = {_block_text(r) for r in back if r["t"] == "Para"}
    return [i for i, b in enumerate(ast["blocks"]) if b["t"] == "Para" and _block_text(b) not in survived]


# ---- reading -----------------------------------------------------------------

def _meta_value(value: dict):
    kind, content = value["t"], value.get("c")
    if kind == "MetaMap":
        return {key: _meta_value(v) for key, v in content.items()}
    if kind == "MetaList":
        return [_meta_value(v) for v in content]
    if kind == "MetaInlines":
        return pandoc.stringify(content)
    if kind == "MetaBlocks":
        return "\n".join(pandoc.stringify(block.get("c", [])) for block in content)
    return content  # MetaString, MetaBool


def _int(value) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() else None


def metadata_from_ast(meta: dict) -> Metadata:
    values = {key: _meta_value(v) for key, v in meta.items()}
    pages = values.get("pages") or {}
    return Metadata(title=values.get("title") or "", lang=values.get("lang") or "zh-CN", date=values.get("date"),
                    subtitle=values.get("subtitle"), author=values.get("author"),
                    source_file=values.get("source"), source_sha256=values.get("sha256"),
                    pages_seen=_int(pages.get("seen")), pages_total=_int(pages.get("total")))


def from_ast(ast: dict) -> Document:
    document = Document(metadata_from_ast(ast["meta"]))
    for block in ast["blocks"]:
        kind, content = block["t"], block.get("c")
        if kind == "Header":
            level, text = content[0], pandoc.stringify(content[2])
            if level == 1:
                document.chapters.append(Chapter(text))
                continue
            match = _SECTION_HEADING.match(text)
            number, title = match.groups() if match else ("", text)
            if not document.chapters:
                raise PipelineError(f"section heading before any chapter: {text}")
            document.chapters[-1].sections.append(Section(number, title))
            continue
        if kind == "Div" and EDITORIAL_CLASS in content[0][1]:
            item = EditorialNote("\n".join(pandoc.stringify(p.get("c", [])) for p in content[1]))
        elif kind in ("Para", "Plain"):
            item = Paragraph(pandoc.stringify(content))
        else:
            raise PipelineError(f"the cleaned source holds a {kind} block, which editions cannot show")
        _current_blocks(document).append(item)
    return document


def _current_blocks(document: Document) -> list:
    if not document.chapters:
        return document.front
    chapter = document.chapters[-1]
    return chapter.sections[-1].blocks if chapter.sections else chapter.blocks


def read_source(markdown: str) -> Document:
    return from_ast(pandoc.read_markdown(markdown))
