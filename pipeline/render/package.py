"""What the pandoc-made packages (DOCX, EPUB) share: the arguments that give
them the edition's contents and labels, and reproducibility (one build
time, fixed zip entry times).

Two builds from the same inputs give the same bytes. The build time is
SOURCE_DATE_EPOCH when set, else the edition date from the cleaned source's
metadata. python-docx stamps every zip entry with the current time, and
pandoc's sandbox has no clock (it writes 1970) and cannot read our EPUB
stylesheet: re-writing the archive with fixed entry times and edited members
settles all three in one place.
"""
from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from ..edition import labels
from ..errors import PipelineError
from ..model import Document
from ..paths import STYLES

TOC_DEPTH = 3  # heading levels a printed contents lists (PDF, DOCX)
NAVIGATION_DEPTH = 6  # an EPUB's navigation is its only way in: every level


def pandoc_edition_arguments(lang: str, toc_depth: int = TOC_DEPTH) -> list[str]:
    """Contents to `toc_depth` under the edition's title for it, and the
    pipeline's blocks (editorial notes, abstracts) styled and labelled."""
    words = labels(lang)
    return ["--toc", f"--toc-depth={toc_depth}", f"--metadata=toc-title:{words.table_of_contents}",
            f"--metadata=abstract-label:{words.abstract}", f"--metadata=abstract-en-label:{words.abstract_en}",
            f"--lua-filter={STYLES / 'blocks.lua'}"]


# The earliest time a zip entry can hold; no build time leaks into the file.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def build_time(document: Document) -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        if not epoch.isdigit():
            raise PipelineError(f"SOURCE_DATE_EPOCH must be seconds since 1970, not {epoch!r}")
        return datetime.fromtimestamp(int(epoch), UTC)
    try:
        return datetime.fromisoformat(document.metadata.date or "1970-01-01").replace(tzinfo=UTC)
    except ValueError:
        raise PipelineError(f"the edition date {document.metadata.date!r} is not a date (YYYY-MM-DD)") from None


def build_timestamp(document: Document) -> str:
    """The build time as editions write it: 2026-11-25T00:00:00Z."""
    return build_time(document).strftime("%Y-%m-%dT%H:%M:%SZ")


def rewrite_zip(path: Path, edit: dict[str, Callable[[bytes], bytes]] | None = None) -> None:
    """Re-write the package with fixed entry times, `edit`ing the named members."""
    edit = dict(edit or {})
    with zipfile.ZipFile(path) as original:
        entries = [(info, original.read(info)) for info in original.infolist()]
    missing = set(edit) - {info.filename for info, _ in entries}
    if missing:
        raise ValueError(f"{path.name}: no member {', '.join(sorted(missing))} to edit")
    with zipfile.ZipFile(path, "w") as rewritten:
        for info, data in entries:
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            # EPUB requires `mimetype` first and stored; everything else is deflated.
            fixed.compress_type = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            rewritten.writestr(fixed, edit[info.filename](data) if info.filename in edit else data)
