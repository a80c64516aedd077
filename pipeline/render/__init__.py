"""Render: the cleaned source file -> editions, one builder per format.

Every builder reads the cleaned source as written on disk, so what editors
review is exactly what is rendered.
"""
from __future__ import annotations

import logging
import time
from pathlib import Path

from ..errors import PipelineError
from ..source import read_source
from .docx import render_docx
from .epub import render_epub
from .pdf import render_pdf

BUILDERS = {"pdf": render_pdf, "docx": render_docx, "epub": render_epub}
log = logging.getLogger(__name__)


def parse_formats(value: str) -> list[str]:
    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = [f for f in formats if f not in BUILDERS]
    if unknown or not formats:
        raise PipelineError(f"unknown format(s) {', '.join(unknown) or '(none)'}; choose from {', '.join(BUILDERS)}")
    return formats


def render(source: Path, out_dir: Path, formats: list[str], slug: str | None = None) -> list[Path]:
    try:
        markdown = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PipelineError(f"{source}: cannot read the cleaned source ({exc})") from None
    document = read_source(markdown)
    written = []
    for fmt in formats:
        out = Path(out_dir) / f"{slug or source.stem}.{fmt}"
        started = time.perf_counter()
        BUILDERS[fmt](source, document, out)
        log.info("%s: %s (%.2f s)", fmt, out, time.perf_counter() - started)
        written.append(out)
    return written
