"""DOCX edition: cleaned source -> pandoc -> python-docx for what pandoc leaves unset."""
from __future__ import annotations

from pathlib import Path

import docx

from .. import pandoc
from ..model import Document
from ..output import atomic_path
from .package import rewrite_zip


def render_docx(source: Path, document: Document, out: Path) -> None:
    meta = document.metadata
    with atomic_path(out) as tmp:
        pandoc.convert_source(source, "docx", tmp, ["--toc", "--toc-depth=2"])
        edition = docx.Document(str(tmp))
        properties = edition.core_properties
        properties.title = meta.title
        properties.language = meta.lang
        properties.subject = meta.title
        edition.save(str(tmp))
        rewrite_zip(tmp)
