"""Render: the cleaned source file -> editions, one builder per format.

Every builder reads the cleaned source as written on disk, so what editors
review is exactly what is rendered.
"""
from __future__ import annotations

import importlib
import logging
import time
from pathlib import Path

from ..errors import PipelineError
from ..limits import check_pdf_size
from ..source import read_source_file
from .options import RenderOptions

# Each format's builder is render_<format> in the module of that name,
# imported only when used: WeasyPrint alone takes longer to import than
# pandoc takes to write a DOCX.
FORMATS = ("pdf", "docx", "epub")
log = logging.getLogger(__name__)


def builder(fmt: str):
    return getattr(importlib.import_module(f".{fmt}", __package__), f"render_{fmt}")


def parse_formats(value: str) -> list[str]:
    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise PipelineError(f"unknown format(s) {', '.join(unknown) or '(none)'}; choose from {', '.join(FORMATS)}")
    return formats


def render(source: Path, out_dir: Path, formats: list[str], slug: str | None = None,
           options: RenderOptions = RenderOptions()) -> list[Path]:
    document = read_source_file(source)
    if "pdf" in formats:  # before any edition is made: the PDF is the one with limits
        check_pdf_size(len(document.headings()), sum(len(block.text) for block in document.blocks()))
    written = []
    for fmt in formats:
        out = Path(out_dir) / f"{slug or source.stem}.{fmt}"
        started = time.perf_counter()
        builder(fmt)(source, document, out, options)
        log.info("%s: %s (%.2f s)", fmt, out, time.perf_counter() - started)
        written.append(out)
    return written
