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

import yaml

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
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise PipelineError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict) or set(data) - {"metadata", "corrections"}:
        raise PipelineError(f"{path}: expected the keys metadata and corrections")
    metadata = data.get("metadata") or {}
    if not isinstance(metadata, dict) or set(metadata) - set(METADATA_KEYS):
        raise PipelineError(f"{path}: metadata may set {', '.join(METADATA_KEYS)}")
    corrections = []
    for index, item in enumerate(data.get("corrections") or []):
        kinds = [k for k in KINDS if isinstance(item, dict) and k in item]
        if len(kinds) != 1 or set(item) - {kinds[0], "with", "why"} or (kinds[0] == "replace") != ("with" in item):
            raise PipelineError(f"{path}: correction {index + 1} must be one of: replace (with `with`), "
                                "break-after, join-after; optionally `why`")
        anchor = str(item[kinds[0]])
        if not anchor:
            raise PipelineError(f"{path}: correction {index + 1} has an empty anchor")
        corrections.append(Correction(kinds[0], anchor, str(item.get("with", "")), str(item.get("why", ""))))
    return Edits({k: str(v) for k, v in metadata.items()}, tuple(corrections))


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
            blocks[index] = Paragraph(text[:offset] + correction.replacement + text[end:])
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
