"""Editorial corrections: what an editor changes on top of the automatic cleaning.

seeds/<slug>.edits.yaml:

    metadata:                 # any of title, subtitle, date, author
      subtitle: 基于公开资料的整理版
    corrections:
      - replace: 立于不败之地   # the exact text it replaces, found in the author's paragraphs
        with: 立于不败之地。
        why: …                  # optional, kept in the change log
      - break-after: 降低了退货率。     # start a new paragraph after this text
      - join-after: 提升了复购率。      # no paragraph break after this text

Every correction must match exactly once. One that no longer matches (the
cleaning changed, or the text was edited) fails the build with a message
naming it and the nearest text there is, so no correction is silently lost.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from . import settings as check
from .errors import PipelineError
from .model import Change, Document, Paragraph

STAGE = "edit"
METADATA_KEYS = ("title", "subtitle", "date", "author")
KINDS = ("replace", "break-after", "join-after")


@dataclass(frozen=True)
class Correction:
    kind: str
    anchor: str
    replacement: str = ""
    why: str = ""

    def name(self, index: int) -> str:
        return f"correction {index + 1} ({self.kind}: {self.anchor[:20]}{'…' if len(self.anchor) > 20 else ''})"


@dataclass(frozen=True)
class Edits:
    metadata: dict
    corrections: tuple[Correction, ...]


def edits_path(seed: Path) -> Path:
    """seeds/<slug>.edits.yaml beside seeds/<slug>.txt."""
    return seed.with_name(f"{seed.stem}.edits.yaml")


def load_edits(path: Path) -> Edits:
    if not path.exists():
        return Edits({}, ())
    data = check.read_yaml_mapping(path)
    if set(data) - {"metadata", "corrections"}:
        raise PipelineError(f"{path}: expected the keys metadata and corrections")
    metadata = data.get("metadata") or {}
    if not isinstance(metadata, dict) or set(metadata) - set(METADATA_KEYS):
        raise PipelineError(f"{path}: metadata may set {', '.join(METADATA_KEYS)}")
    items = data.get("corrections") or []
    if not isinstance(items, list):
        raise PipelineError(f"{path}: corrections must be a list (each item starting with `- `)")
    return Edits({key: _metadata_value(value, path, key) for key, value in metadata.items()},
                 tuple(_correction(item, path, index) for index, item in enumerate(items)))


def _metadata_value(value: object, path: Path, key: str) -> str:
    if key == "date":
        return check.date(value, path, f"metadata: {key}")
    return check.text(value, path, f"metadata: {key}", check.MAX_TITLE_LENGTH if key == "title" else None)


def _correction(item: object, path: Path, index: int) -> Correction:
    kinds = [k for k in KINDS if isinstance(item, dict) and k in item]
    if len(kinds) != 1 or set(item) - {kinds[0], "with", "why"} or (kinds[0] == "replace") != ("with" in item):
        raise PipelineError(f"{path}: correction {index + 1} must be one of: replace (with `with`), "
                            "break-after, join-after; optionally `why`")
    where = f"correction {index + 1}"
    anchor = check.text(item[kinds[0]], path, f"{where}: {kinds[0]}")
    replacement = item.get("with", "")
    if replacement != "":  # `with: ""` deletes the anchor's text
        replacement = check.text(replacement, path, f"{where}: with")
    why = check.text(item["why"], path, f"{where}: why") if "why" in item else ""
    return Correction(kinds[0], anchor, replacement, why)


def _nearest(document: Document, anchor: str) -> str:
    """The text closest to an anchor that did not match: what the editor meant, most likely."""
    best, best_ratio = "", 0.0
    for blocks in document.block_lists():
        for block in blocks:
            if not isinstance(block, Paragraph):
                continue
            text = block.text
            matcher = difflib.SequenceMatcher(None, text, anchor, autojunk=False)
            match = matcher.find_longest_match(0, len(text), 0, len(anchor))
            start = max(0, match.a - match.b)
            candidate = text[start:start + len(anchor)]
            ratio = difflib.SequenceMatcher(None, candidate, anchor, autojunk=False).ratio()
            if ratio > best_ratio:
                best, best_ratio = candidate, ratio
    return best


def _find_once(document: Document, correction: Correction, label: str):
    """(blocks, index, offset) of the one paragraph holding the anchor."""
    found = [(blocks, index, block.text.find(correction.anchor))
             for blocks in document.block_lists() for index, block in enumerate(blocks)
             if isinstance(block, Paragraph) and correction.anchor in block.text]
    occurrences = sum(blocks[index].text.count(correction.anchor) for blocks, index, _ in found)
    if occurrences == 0:
        nearest = _nearest(document, correction.anchor)
        raise PipelineError(f"{label} no longer matches the cleaned text"
                            + (f"; nearest: {nearest}" if nearest else ""))
    if occurrences > 1:
        raise PipelineError(f"{label} matches {occurrences} places; lengthen its anchor so it matches one")
    return found[0]


def apply_edits(document: Document, edits: Edits) -> tuple[Document, list[Change]]:
    changes = []
    for key, value in edits.metadata.items():
        before = getattr(document.metadata, key) or ""
        setattr(document.metadata, key, value)
        changes.append(Change(STAGE, "metadata", 0, 0, before, value, f"editor set {key}"))
    for position, correction in enumerate(edits.corrections):
        label = correction.name(position)
        blocks, index, offset = _find_once(document, correction, label)
        text = blocks[index].text
        end = offset + len(correction.anchor)
        why = f"{label}{': ' + correction.why if correction.why else ''}"
        if correction.kind == "replace":
            remaining = text[:offset] + correction.replacement + text[end:]
            blocks[index:index + 1] = [Paragraph(remaining)] if remaining.strip() else []
            changes.append(Change(STAGE, "replace", offset, end, correction.anchor, correction.replacement, why))
        elif correction.kind == "break-after":
            if end == len(text):
                raise PipelineError(f"{label}: a paragraph already ends there")
            blocks[index:index + 1] = [Paragraph(text[:end]), Paragraph(text[end:])]
            changes.append(Change(STAGE, "break", end, end, "", "\n\n", why))
        else:
            if end != len(text) or index + 1 >= len(blocks) or not isinstance(blocks[index + 1], Paragraph):
                raise PipelineError(f"{label}: no paragraph break follows that text")
            blocks[index:index + 2] = [Paragraph(text + blocks[index + 1].text)]
            changes.append(Change(STAGE, "join", end, end, "\n\n", "", why))
    return document, changes
