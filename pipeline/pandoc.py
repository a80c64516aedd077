"""The one way the pipeline talks to pandoc (via pypandoc-binary)."""
from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import tempfile
from functools import cache
from pathlib import Path

import pypandoc

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


def to_markdown(ast: dict) -> str:
    return pypandoc.convert_text(json.dumps(ast, ensure_ascii=False), WRITER_FORMAT, format="json",
                                 extra_args=["--wrap=none", "--standalone"], sandbox=True)


def read_markdown(markdown: str) -> dict:
    return json.loads(pypandoc.convert_text(markdown, "json", format=SOURCE_FORMAT, sandbox=True))


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
