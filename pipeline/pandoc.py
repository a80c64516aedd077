"""The one way the pipeline talks to pandoc (via pypandoc-binary)."""
from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import tempfile
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import pypandoc

from .cores import usable_cores

# How the cleaned source is read, everywhere: a line break inside Chinese is
# not a space; `[@x]` is text, not a citation; quotes stay as typed; raw HTML
# and TeX stay literal text, never markup.
SOURCE_FORMAT = "markdown+east_asian_line_breaks-citations-smart-raw_html-raw_tex-raw_attribute"
# Without `smart` the writer keeps “ ” ‘ ’ as typed (with it, it writes ASCII
# quotes and relies on a smart reader to guess them back).
WRITER_FORMAT = "markdown-smart"


class _KnownHarmlessWarnings(logging.Filter):
    """pandoc ships term translations for zh-Hans and zh-Hant but looks up
    zh-CN, then zh, and warns; the editions' own Chinese labels come from
    pipeline/notes.py, so these warnings say nothing about the output."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return "Could not load translations" not in message and "has no translation defined" not in message


_pypandoc_log = logging.getLogger("pypandoc")
_pypandoc_log.addFilter(_KnownHarmlessWarnings())
# With a handler present pypandoc adds none of its own, and its messages
# reach the application's logging once, not twice.
_pypandoc_log.addHandler(logging.NullHandler())


@cache
def api_version() -> list[int]:
    return json.loads(pypandoc.convert_text("", "json", format="markdown"))["pandoc-api-version"]


def version() -> str:
    return pypandoc.get_pandoc_version()


# pandoc works on one core. A long document is written, and its writing
# read back (source.py), in pieces of about this many characters side by
# side, one pandoc process a core: the cleaned source holds paragraphs,
# headings and divs only, which pandoc writes and reads alike whatever
# surrounds them (tests/test_source.py checks the pieces against one run).
# Below it, one process: each costs 60 ms to start.
PIECE_CHARACTERS = 200_000


# A paragraph of words that hold no ASCII punctuation and only printable
# characters (no space: the cleaned source's paragraphs are split at
# whitespace; no format character: pandoc's writer drops the space after a
# zero-width joiner or a bidi mark) is inert: Markdown has no syntax without
# those, so pandoc writes it as its words joined by spaces, on one line, and
# reads that line back as the same paragraph (tests/test_source.py holds both
# against pandoc for every character let through). Such paragraphs skip
# pandoc, which takes 0.6 s a million characters to write and 2 s to read:
# they are 80% of the characters of a 20 MB scrape's cleaned source.
_SPACE_OR_ASCII_PUNCTUATION = re.compile(r"[ -/:-@\[-`{-~]")


def inert_words(words: list[str]) -> bool:
    return all(word.isprintable() and not _SPACE_OR_ASCII_PUNCTUATION.search(word) for word in words)


def inert_line(line: str) -> bool:
    """A line pandoc reads as the paragraph of its words (see inert_words)."""
    words = line.split(" ")
    return all(words) and inert_words(words)


def _inert_text(block: dict) -> str | None:
    """The text of a paragraph of Str and Space inlines whose words are inert."""
    if block["t"] != "Para" or any(inline["t"] not in ("Str", "Space") for inline in block["c"]):
        return None
    words = [inline["c"] for inline in block["c"] if inline["t"] == "Str"]
    return " ".join(words) if len(words) * 2 - 1 == len(block["c"]) and inert_words(words) else None


def to_markdown(ast: dict) -> str:
    """The document as Markdown, its metadata as a YAML block at the top.
    Inert paragraphs are written here, the other blocks by pandoc (the first
    always, with the metadata)."""
    blocks = ast["blocks"]
    inert = [None] + [_inert_text(block) for block in blocks[1:]]
    head = json.dumps({key: value for key, value in ast.items() if key != "blocks"}, ensure_ascii=False)[:-1]
    no_meta = json.dumps({key: {} if key == "meta" else value for key, value in ast.items() if key != "blocks"},
                         ensure_ascii=False)[:-1]

    def write(index: int, piece: list[str]) -> str:
        document = f'{head if index == 0 else no_meta},"blocks":[{",".join(piece)}]}}'
        return pypandoc.convert_text(document, WRITER_FORMAT, format="json", sandbox=True,
                                     extra_args=["--wrap=none"] + ["--standalone"] * (index == 0))

    def write_all(some_blocks: list[dict]) -> str:  # each piece written ends with a line break
        encoded = [json.dumps(block, ensure_ascii=False) for block in some_blocks]
        return "\n".join(_side_by_side(write, _pieces(encoded, len) or [[]]))

    if all(text is None for text in inert):
        return write_all(blocks)
    by_pandoc = top_level_blocks(write_all([block for block, text in zip(blocks, inert) if text is None]))
    if len(by_pandoc) != inert.count(None):  # pandoc wrote something its reader joins to what follows
        return write_all(blocks)
    by_pandoc.reverse()
    return "\n".join(f"{text}\n" if text is not None else by_pandoc.pop() for text in inert)


_FENCE_OPENS = re.compile(r":{3,}\s*\S")
_FENCE_CLOSES = re.compile(r":{3,}\s*$")


def top_level_blocks(markdown: str) -> list[str]:
    """Markdown written with --wrap=none cut between its top-level blocks (at
    blank lines outside a div), each with its line break, the metadata with
    the first block."""
    blocks, start, depth = [], 0, 0
    lines = markdown.split("\n")
    body = lines.index("---", 1) + 1 if lines and lines[0] == "---" else 0
    for number, line in enumerate(lines[body:], body):
        if _FENCE_CLOSES.match(line):
            depth = max(0, depth - 1)
        elif _FENCE_OPENS.match(line):
            depth += 1
        elif not line and depth == 0 and number > body:
            blocks.append("\n".join(lines[start:number]) + "\n")
            start = number + 1
    if start < len(lines):
        blocks.append("\n".join(lines[start:]))
    return blocks


def read_markdown(markdown: str) -> dict:
    return json.loads(pypandoc.convert_text(markdown, "json", format=SOURCE_FORMAT, sandbox=True))


def read_markdown_blocks(pieces: list[str]) -> list[dict]:
    """The blocks of Markdown given in pieces, each whole blocks, read side by side."""
    groups = _pieces(pieces, len)
    if not groups:
        return []
    read = lambda _, group: read_markdown("\n".join(group))["blocks"]
    return [block for blocks in _side_by_side(read, groups) for block in blocks]


def _pieces(items: list[str], size) -> list[list[str]]:
    """Consecutive items grouped into pieces of about PIECE_CHARACTERS."""
    pieces, current, length = [], [], 0
    for item in items:
        current.append(item)
        length += size(item)
        if length >= PIECE_CHARACTERS:
            pieces.append(current)
            current, length = [], 0
    if current:
        pieces.append(current)
    return pieces


def _side_by_side(work, pieces: list) -> list:
    """work(index, piece) for every piece, in threads (each runs a pandoc process)."""
    if len(pieces) == 1:
        return [work(0, pieces[0])]
    with ThreadPoolExecutor(max_workers=min(len(pieces), usable_cores())) as pool:
        return list(pool.map(work, range(len(pieces)), pieces))


def convert_source(source: Path, to: str, output: Path, options: list[str], metadata: dict | None = None) -> None:
    """Render the cleaned source file with pandoc, sandboxed: pandoc may read
    nothing beyond the files on its command line and fetch nothing.

    No text rides on the command line, where pandoc would decode it by the
    locale (under LC_ALL=C, 目录 became ������): `metadata` goes in an ASCII
    JSON file, each value escaped to stay literal (pandoc reads metadata
    files as Markdown), and pandoc runs in a UTF-8 locale for the paths."""
    with tempfile.TemporaryDirectory(prefix="pipeline-pandoc-") as folder, _utf8_locale():
        arguments = list(options)
        if metadata:
            metadata_file = Path(folder) / "metadata.json"
            metadata_file.write_text(json.dumps({key: _literal(value) for key, value in metadata.items()}))
            arguments.append(f"--metadata-file={metadata_file}")
        pypandoc.convert_file(str(source), to, format=SOURCE_FORMAT, outputfile=str(output), extra_args=arguments,
                              sandbox=True)


_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def _literal(value):
    """The value (text, or lists and maps of text) as Markdown that reads
    back as exactly its text: every ASCII mark backslash-escaped (pandoc's
    all_symbols_escapable)."""
    if isinstance(value, list):
        return [_literal(item) for item in value]
    if isinstance(value, dict):
        return {key: _literal(item) for key, item in value.items()}
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", value)


@contextlib.contextmanager
def _utf8_locale():
    """pandoc decodes its arguments (file paths) by the locale: a UTF-8 one, whatever the caller's."""
    saved = {key: os.environ.get(key) for key in ("LC_ALL", "LANG")}
    os.environ["LC_ALL"] = os.environ["LANG"] = "C.UTF-8"
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def stringify(inlines: list) -> str:
    """Plain text of pandoc inlines (the cleaned source uses Str, Space and breaks only)."""
    out = []
    for inline in inlines:
        kind, content = inline["t"], inline.get("c")
        if kind == "Str":
            out.append(content)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            # east_asian_line_breaks already drops breaks between CJK characters.
            out.append(" ")
        elif kind in ("Emph", "Strong", "Strikeout", "Underline", "SmallCaps", "Superscript", "Subscript"):
            out.append(stringify(content))
        elif kind == "Quoted":
            out.append(stringify(content[1]))
        elif kind in ("Code", "Math", "RawInline"):
            out.append(content[1])
        elif kind in ("Link", "Image", "Span"):
            out.append(stringify(content[1]))
    return "".join(out)
