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
import re
import zipfile
from xml.etree import ElementTree
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from .. import notes
from ..edition import labels
from ..errors import PipelineError
from ..model import Block, Document, EditorialNote
from ..chars import HALF_BLANK_MARKS, HAN_RANGES, WESTERN_RANGES
from ..paths import STYLES
from ..settings import parse_date

TOC_DEPTH = 3  # heading levels a printed contents lists (PDF, DOCX)
NAVIGATION_DEPTH = 6  # an EPUB's navigation is its only way in: every level


def damage_citations(document: Document) -> list[tuple[Block, EditorialNote, list[str]]]:
    """Each block a damage note follows, the note, and what it cites there
    (notes.cited_damage): every edition marks the cited text in the block."""
    return [(block, following, cited)
            for blocks in document.block_lists() for block, following in zip(blocks, blocks[1:])
            if isinstance(following, EditorialNote) and (cited := notes.cited_damage(following.text))]


def pandoc_edition_arguments(document: Document, toc_depth: int = TOC_DEPTH) -> tuple[list[str], dict]:
    """Contents to `toc_depth` under the edition's title for it, and the
    pipeline's blocks (editorial notes, abstracts) styled and labelled, the
    damage its notes cite marked: the options, and the metadata that goes
    with them (pandoc.convert_source; styles/blocks.lua reads it)."""
    words = labels(document.metadata.lang)
    damage = [{"note": note.text, "cited": cited} for _, note, cited in damage_citations(document)]
    return (["--toc", f"--toc-depth={toc_depth}", f"--lua-filter={STYLES / 'blocks.lua'}"],
            {"toc-title": words.table_of_contents, "abstract-label": words.abstract,
             "abstract-en-label": words.abstract_en, "editorial-label": words.editorial,
             "half-blank-marks": HALF_BLANK_MARKS,
             "damage-notes": damage, "han-ranges": _hex_ranges(HAN_RANGES),
             "western-ranges": _hex_ranges(WESTERN_RANGES)})


def _hex_ranges(ranges: tuple[tuple[int, int], ...]) -> list[str]:
    return [f"{low:x}-{high:x}" for low, high in ranges]


# The earliest time a zip entry can hold; no build time leaks into the file.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


# The last second a four-digit year holds: ISO 8601 dates, zip and EPUB readers go no further.
LATEST_BUILD_TIME = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)


def build_time(document: Document) -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        if not epoch.isdigit() or int(epoch) > LATEST_BUILD_TIME.timestamp():
            raise PipelineError(f"SOURCE_DATE_EPOCH must be seconds since 1970 up to the year 9999, not {epoch!r}")
        return datetime.fromtimestamp(int(epoch), UTC)
    moment = parse_date(document.metadata.date or "1970-01-01")
    if moment is None:
        raise PipelineError(f"the edition date {document.metadata.date!r} is not a date (YYYY-MM-DD)")
    return moment


def build_timestamp(document: Document) -> str:
    """The build time as editions write it: 2026-11-25T00:00:00Z."""
    return build_time(document).strftime("%Y-%m-%dT%H:%M:%SZ")


def zip_members(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as package:
        return package.namelist()


def rewrite_zip(path: Path, edit: dict[str, Callable[[bytes], bytes]] | None = None,
                add: dict[str, bytes] | None = None) -> None:
    """Re-write the package with fixed entry times, `edit`ing the named
    members and `add`ing new ones at the end; every XML member must be
    well-formed (a reader refuses the whole package otherwise), or the
    edition fails here rather than in a reader."""
    edit = dict(edit or {})
    with zipfile.ZipFile(path) as original:
        entries = [(info.filename, original.read(info)) for info in original.infolist()]
    names = {name for name, _ in entries}
    missing = set(edit) - names
    if missing:
        raise ValueError(f"{path.name}: no member {', '.join(sorted(missing))} to edit")
    if names & set(add or {}):
        raise ValueError(f"{path.name}: already has {', '.join(sorted(names & set(add or {})))}")
    entries = [(name, edit[name](data) if name in edit else data) for name, data in entries]
    entries += list((add or {}).items())
    for name, data in entries:
        _require_well_formed(name, data)
    with zipfile.ZipFile(path, "w") as rewritten:
        for name, data in entries:
            fixed = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            # EPUB requires `mimetype` first and stored; everything else is deflated.
            fixed.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            rewritten.writestr(fixed, data)


_XML_MEMBER = re.compile(r"\.(xml|xhtml|opf|ncx|rels)$")


def _require_well_formed(name: str, data: bytes) -> None:
    if not _XML_MEMBER.search(name):
        return
    try:
        ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise PipelineError(f"the edition's {name} is not well-formed XML ({exc}); nothing was written") from None
