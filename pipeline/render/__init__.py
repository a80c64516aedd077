"""Render: the cleaned source file -> editions, one renderer per format
(declared in render/formats.py).

Every renderer reads the cleaned source as written on disk, so what editors
review is exactly what is rendered.
"""
from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..errors import PipelineError
from ..limits import check_pdf_size
from ..source import read_source_file
from .formats import FORMATS
from .options import RenderOptions

log = logging.getLogger(__name__)


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
    outputs = {fmt: Path(out_dir) / FORMATS[fmt].file_name(slug or source.stem) for fmt in formats}

    def build(fmt: str) -> None:
        started = time.perf_counter()
        FORMATS[fmt].load()(source, document, outputs[fmt], options)
        log.info("%s: %s (%.2f s)", fmt, outputs[fmt], time.perf_counter() - started)

    # The DOCX and EPUB are mostly pandoc's work, in a process of its own: they
    # are made in threads while WeasyPrint lays out the PDF in this one.
    threaded = [fmt for fmt in formats if FORMATS[fmt].threaded]
    with ThreadPoolExecutor(max_workers=max(1, len(threaded))) as pool:
        made = [pool.submit(build, fmt) for fmt in threaded]
        for fmt in formats:
            if fmt not in threaded:
                build(fmt)
        for future in made:
            future.result()
    return list(outputs.values())
