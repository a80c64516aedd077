"""Render: the cleaned source file -> editions, one renderer per format
(declared in render/formats.py).

Every renderer reads the cleaned source as written on disk, so what editors
review is exactly what is rendered.
"""
from __future__ import annotations

import contextlib
import logging
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

from ..errors import PipelineError
from ..limits import check_pdf_size
from ..output import atomic_path, outside_the_command
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
    beside = [fmt for fmt in formats if FORMATS[fmt].beside]
    here = [fmt for fmt in formats if fmt not in beside]
    if not (here and beside):  # nothing to overlap
        for fmt in here:
            _build(fmt, source, document, outputs[fmt], options)
        if beside:
            _build_side_by_side(beside, source, document, outputs, options)
        return list(outputs.values())
    # The DOCX and EPUB (pandoc's work, and python-docx's) are made in a forked
    # process while WeasyPrint lays out the PDF in this one: in threads here,
    # their Python would take turns with WeasyPrint's. The child writes to
    # temporary files this process commits with the rest.
    with contextlib.ExitStack() as stack:
        temporary = {fmt: stack.enter_context(atomic_path(outputs[fmt])) for fmt in beside}
        with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
            made = pool.submit(_build_beside, beside, source, document, temporary, options, outputs)
            for fmt in here:
                _build(fmt, source, document, outputs[fmt], options)
            made.result()
    return list(outputs.values())


def _build(fmt: str, source: Path, document, out: Path, options: RenderOptions, shown: Path | None = None) -> None:
    started = time.perf_counter()
    FORMATS[fmt].load()(source, document, out, options)
    log.info("%s: %s (%.2f s)", fmt, shown or out, time.perf_counter() - started)


def _build_side_by_side(formats: list[str], source: Path, document, outputs: dict, options: RenderOptions,
                        shown: dict | None = None) -> None:
    """Editions that are mostly a pandoc process's work, in threads."""
    with ThreadPoolExecutor(max_workers=max(1, len(formats))) as pool:
        made = [pool.submit(_build, fmt, source, document, outputs[fmt], options, (shown or {}).get(fmt))
                for fmt in formats]
        for future in made:
            future.result()


def _build_beside(formats: list[str], source: Path, document, temporary: dict, options: RenderOptions,
                  outputs: dict) -> None:
    """In the forked process: the editions written to the parent's temporary
    files at once (the parent commits them)."""
    with outside_the_command():
        _build_side_by_side(formats, source, document, temporary, options, outputs)
