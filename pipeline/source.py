"""The cleaned source: Document <-> Pandoc Markdown with a YAML metadata block.

Written through pandoc's AST so pandoc does all escaping; one paragraph a
line (--wrap=none) so diffs show whole paragraphs. Headings are `#` to
`######` by level, the author's abstract an `::: abstract` div, editorial
notes `::: editorial` divs.
"""
from __future__ import annotations

import re
from pathlib import Path

from . import pandoc, settings
from .errors import PipelineError
from .output import read_text
from .model import Abstract, Document, EditorialNote, Heading, Metadata, Paragraph
from .notes import CATALOGUE

EDITORIAL_CLASS = "editorial"
ABSTRACT_CLASS = "abstract"


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
    for key in ("subtitle", "author", "affiliation"):
        if value := getattr(metadata, key):
            meta[key] = _meta_inlines(value)
    if metadata.keywords:
        meta["keywords"] = {"t": "MetaList", "c": [_meta_inlines(k) for k in metadata.keywords]}
    for key, value in metadata.catalogue.items():
        meta[key] = _meta_inlines(value)
    # `source` as pandoc means it (the EPUB's dc:source): the scraped file.
    if metadata.source_file:
        meta["source"] = _meta_text(metadata.source_file)
    if metadata.source_sha256:
        meta["sha256"] = _meta_text(metadata.source_sha256)
    if metadata.source_format:
        meta["source-format"] = _meta_text(metadata.source_format)
    if metadata.pages_seen is not None and metadata.pages_total is not None:
        meta["pages"] = {"t": "MetaMap", "c": {"seen": _meta_text(str(metadata.pages_seen)),
                                                "total": _meta_text(str(metadata.pages_total))}}
    return meta


def _para(block) -> dict:
    return {"t": "Para", "c": _inlines(block.text)}


def _div(classes: list[str], attributes: list, blocks: list) -> dict:
    return {"t": "Div", "c": [["", classes, attributes], [_para(b) for b in blocks]]}


def _blocks(blocks: list) -> list[dict]:
    """Pandoc blocks; a run of abstract paragraphs in one language is one div."""
    out: list[dict] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if isinstance(block, Abstract):
            run = [block]
            while index + len(run) < len(blocks) and isinstance(following := blocks[index + len(run)], Abstract) \
                    and following.lang == block.lang:
                run.append(following)
            out.append(_div([ABSTRACT_CLASS], [["lang", block.lang]] if block.lang != "zh" else [], run))
            index += len(run)
            continue
        if isinstance(block, Heading):
            out.append({"t": "Header", "c": [block.level, ["", [], []], _inlines(block.text)]})
        elif isinstance(block, EditorialNote):
            out.append(_div([EDITORIAL_CLASS], [], [block]))
        else:
            out.append(_para(block))
        index += 1
    return out


def to_ast(document: Document) -> dict:
    blocks = _blocks(document.front) + _blocks(document.body)
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
    back = _read_back(ast["blocks"], pandoc.top_level_blocks(markdown))
    if [kind for kind, _ in back] == [b["t"] for b in ast["blocks"]]:
        return [i for i, (b, (_, text)) in enumerate(zip(ast["blocks"], back)) if _block_text(b) != text]
    # Block structure changed: every paragraph that is no longer one.
    survived = {text for kind, text in back if kind == "Para"}
    return [i for i, b in enumerate(ast["blocks"]) if b["t"] == "Para" and _block_text(b) not in survived]


def _read_back(blocks: list[dict], written: list[str]) -> list[tuple[str, str]]:
    """(kind, text) of each block as pandoc reads the written Markdown back.
    Where the written blocks line up with the AST's, an inert line is the
    paragraph of its text without asking pandoc (pandoc.inert_line), as long
    as pandoc reads each of the others as one block."""
    inert = [len(written) == len(blocks) and index > 0 and blocks[index]["t"] == "Para"
             and block.count("\n") == 1 and pandoc.inert_line(block[:-1]) for index, block in enumerate(written)]
    read = pandoc.read_markdown_blocks([block for block, skip in zip(written, inert) if not skip])
    if not any(inert) or len(read) != inert.count(False):
        return [_kind_and_text(b) for b in (pandoc.read_markdown_blocks(written) if any(inert) else read)]
    by_pandoc = iter(read)
    return [("Para", block[:-1]) if skip else _kind_and_text(next(by_pandoc)) for block, skip in zip(written, inert)]


def _kind_and_text(block: dict) -> tuple[str, str]:
    return block["t"], _block_text(block)


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


def _text(value) -> str | None:
    """A metadata value an editor may have written as a string, a number or a list."""
    if value is None:
        return None
    if isinstance(value, list):
        return "、".join(map(str, value))
    return str(value)


# What a cleaned source's metadata may hold: what write_source writes. Other
# keys pandoc would act on (css, cover-image, header-includes …) are refused.
METADATA_KEYS = frozenset({"title", "lang", "date", "subtitle", "author", "affiliation", "keywords", "source",
                           "sha256", "source-format", "pages", *CATALOGUE})
# Inline markup a cleaned source may not hold: links, images, spans,
# footnotes, citations, maths and raw markup would be live in one edition and
# plain text in another, or fetch something. (Emphasis and the like are the
# same in every edition: an editor may type them.)
REFUSED_INLINES = {"Link": "a link", "Image": "an image", "Span": "a span", "Note": "a footnote",
                   "Cite": "a citation", "Math": "maths", "RawInline": "raw markup"}


def _refuse_markup(node: object, name: str, where: str) -> None:
    """No inline in `node` (any part of pandoc's AST) is one of REFUSED_INLINES."""
    if isinstance(node, list):
        for item in node:
            _refuse_markup(item, name, where)
    elif isinstance(node, dict):
        if node.get("t") in REFUSED_INLINES:
            raise PipelineError(f"{name}: holds {REFUSED_INLINES[node['t']]} in its {where}; editions "
                                "show text only (a backslash before the mark keeps it as text)")
        for value in node.values():
            _refuse_markup(value, name, where)


def metadata_from_ast(meta: dict, name: str = "the cleaned source") -> Metadata:
    unknown = set(meta) - METADATA_KEYS
    if unknown:
        raise PipelineError(f"{name}: its metadata holds {', '.join(sorted(unknown))}, which the pipeline "
                            f"does not write; known: {', '.join(sorted(METADATA_KEYS))}")
    _refuse_markup(meta, name, "metadata")
    values = {key: _meta_value(v) for key, v in meta.items()}
    for key, rule in (("lang", settings.lang), ("date", settings.date)):
        if key in values:
            rule(values[key], f"{name}: metadata", key)
    pages = values.get("pages") or {}
    keywords = values.get("keywords") or []
    return Metadata(title=_text(values.get("title")) or "", lang=_text(values.get("lang")) or "zh-CN",
                    date=_text(values.get("date")), subtitle=_text(values.get("subtitle")),
                    author=_text(values.get("author")), affiliation=_text(values.get("affiliation")),
                    keywords=[str(k) for k in keywords] if isinstance(keywords, list) else [str(keywords)],
                    catalogue={key: _text(values[key]) for key in CATALOGUE if key in values},
                    source_file=_text(values.get("source")), source_sha256=_text(values.get("sha256")),
                    source_format=_text(values.get("source-format")),
                    pages_seen=_int(pages.get("seen")), pages_total=_int(pages.get("total")))


def _div_paragraphs(content) -> list[str]:
    return [pandoc.stringify(p.get("c", [])) for p in content[1]]


def from_ast(ast: dict, name: str = "the cleaned source") -> Document:
    """Leading editorial notes and abstracts are the front matter; the body
    starts at the first paragraph or heading."""
    document = Document(metadata_from_ast(ast["meta"], name))
    _refuse_markup(ast["blocks"], name, "text")
    for block in ast["blocks"]:
        kind, content = block["t"], block.get("c")
        classes = content[0][1] if kind == "Div" else []
        if kind == "Header":
            items = [Heading(content[0], pandoc.stringify(content[2]))]
        elif kind == "Div" and EDITORIAL_CLASS in classes:
            items = [EditorialNote("\n".join(_div_paragraphs(content)))]
        elif kind == "Div" and ABSTRACT_CLASS in classes:
            lang = dict(content[0][2]).get("lang", "zh")
            items = [Abstract(text, lang) for text in _div_paragraphs(content)]
        elif kind in ("Para", "Plain"):
            items = [Paragraph(pandoc.stringify(content))]
        else:
            raise PipelineError(f"{name}: holds a {kind} block, which editions cannot show")
        in_front = not document.body and all(isinstance(item, (EditorialNote, Abstract)) for item in items)
        (document.front if in_front else document.body).extend(items)
    return document


def read_source(markdown: str, name: str = "the cleaned source") -> Document:
    return from_ast(pandoc.read_markdown(markdown), name)


def read_source_file(path: Path) -> Document:
    return read_source(read_text(path), str(path))
