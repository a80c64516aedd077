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


def to_markdown(ast: dict) -> str:
    """The document as Markdown, its metadata as a YAML block at the top."""
    encoded = [json.dumps(block, ensure_ascii=False) for block in ast["blocks"]]
    pieces = _pieces(encoded, len)
    head = json.dumps({key: value for key, value in ast.items() if key != "blocks"}, ensure_ascii=False)[:-1]
    no_meta = json.dumps({key: {} if key == "meta" else value for key, value in ast.items() if key != "blocks"},
                         ensure_ascii=False)[:-1]

    def write(index: int, piece: list[str]) -> str:
        document = f'{head if index == 0 else no_meta},"blocks":[{",".join(piece)}]}}'
        return pypandoc.convert_text(document, WRITER_FORMAT, format="json", sandbox=True,
                                     extra_args=["--wrap=none"] + ["--standalone"] * (index == 0))

    return "\n".join(_side_by_side(write, pieces or [[]]))  # each piece ends with a line break


def read_markdown(markdown: str) -> dict:
    return json.loads(pypandoc.convert_text(markdown, "json", format=SOURCE_FORMAT, sandbox=True))


def read_markdown_blocks(pieces: list[str]) -> list[dict]:
    """The blocks of Markdown given in pieces, each whole blocks, read side by side."""
    groups = _pieces(pieces, len)
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
