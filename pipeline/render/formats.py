"""The editions the pipeline renders, declared in one place.

Each format names its file suffix, the templates and styles its renderer
reads (as paths in the checkout: the Makefile's prerequisites), and a
function that imports its renderer when first used: WeasyPrint alone takes
longer to import than pandoc takes to write a DOCX. A renderer is called as
render(source, document, out, options) (render/__init__.py).

Run as a script, `python3 pipeline/render/formats.py` prints every format's
inputs, one a line, importing nothing but the standard library: the
Makefile reads them so.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    name: str  # as --formats names it
    suffix: str  # of the edition's file, after the slug
    inputs: tuple[str, ...]  # the templates and styles its renderer reads
    load: Callable[[], Callable]  # imports the renderer and returns it
    # Mostly the work of a process of its own (pandoc): made beside the
    # editions that are not, in a process of its own (render/__init__.py).
    beside: bool = False

    def file_name(self, stem: str) -> str:
        return f"{stem}{self.suffix}"


def _pdf():
    from .pdf import render_pdf
    return render_pdf


def _docx():
    from .docx import render_docx
    return render_docx


def _epub():
    from .epub import render_epub
    return render_epub


FORMATS: dict[str, Format] = {fmt.name: fmt for fmt in (
    Format("pdf", ".pdf", ("templates/report.html.j2", "styles/print.css"), _pdf),
    Format("docx", ".docx", ("styles/reference.docx", "styles/blocks.lua"), _docx, beside=True),
    Format("epub", ".epub", ("templates/epub.xhtml", "styles/epub.css", "styles/blocks.lua"), _epub, beside=True),
)}


def inputs() -> list[str]:
    """Every format's inputs, each once."""
    return list(dict.fromkeys(path for fmt in FORMATS.values() for path in fmt.inputs))


if __name__ == "__main__":
    print("\n".join(inputs()))
