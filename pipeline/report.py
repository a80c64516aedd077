"""The cleaning report: everything the pipeline did to one document, for one read.

build/<slug>.report.json and .report.html: counts per rule; damage left
unresolved (first, in red); characters shown as missing; every mojibake
repair in context; every block of site furniture removed; the title and
front matter read from the text; headings whose ends are guesses; duplicate
copies dropped with their differences; parts the scrape lacks; the editor's
corrections.
"""
from __future__ import annotations

import collections
import json
import operator
from functools import cache

import jinja2

from .chars import MISSING
from .model import Change, Document
from .paths import TEMPLATES

CONTEXT = 12  # characters of input shown either side of a repair


def _context(text: str, change: Change) -> dict:
    start, end = change.input_start, change.input_end
    return {"offset": start, "before_context": text[max(0, start - CONTEXT):start],
            "before": change.before, "after": change.after, "after_context": text[end:end + CONTEXT],
            "note": change.note}


def _furniture_blocks(text: str, changes: list[Change]) -> list[dict]:
    """Removed site furniture, adjacent removals joined into one block."""
    blocks: list[dict] = []
    for change in sorted((c for c in changes if c.rule == "furniture"), key=lambda c: c.input_start):
        if blocks and not text[blocks[-1]["end"]:change.input_start].strip():
            blocks[-1]["end"] = change.input_end
        else:
            blocks.append({"offset": change.input_start, "end": change.input_end})
    for block in blocks:
        block["text"] = text[block["offset"]:block["end"]].strip()
    return [b for b in blocks if b["text"]]


def build_report(source_name: str, sha256: str, text: str, changes: list[Change], document: Document,
                 unresolved_places: dict[int, str]) -> dict:
    by_rule = collections.defaultdict(list)
    for change in changes:
        by_rule[change.rule].append(change)
    # Counted by (stage, rule) in C, then named: a 20 MB scrape has millions of changes.
    counts = collections.Counter(map(operator.itemgetter(0, 1), changes))
    unresolved = {rule for rule in by_rule if rule.endswith("-unresolved")}
    return {
        "source": source_name, "sha256": sha256, "title": document.metadata.title,
        "counts": dict(sorted((f"{stage}/{rule}", count) for (stage, rule), count in counts.items())),
        "unresolved": [_context(text, c) | {"place": unresolved_places.get(c.input_start)}
                       for c in changes if c.rule in unresolved],
        "missing_characters": [_context(text, c) for c in by_rule["mojibake"] + by_rule["undecodable"]
                               if MISSING in c.after],
        "mojibake": [_context(text, c) for c in by_rule["mojibake"]],
        "furniture": _furniture_blocks(text, changes),
        "artefacts": [_context(text, c) for c in by_rule["artefacts"]],
        "duplicates": [{"text": c.before, "note": c.note} for c in by_rule["duplicates"]],
        "outline": [c.note for c in by_rule["outline"]],
        "heading_guesses": [c.note for c in by_rule["heading-guess"]],
        "front_matter": [{"text": c.before, "note": c.note} for c in changes
                         if c.stage == "structure" and c.rule in ("title", "subtitle", "front-matter", "abstract") and c.before],
        "absent": [c.note.split(":")[0] for c in by_rule["absent"]],
        "truncation": [c.note for c in by_rule["truncation"]],
        "corrections": [{"rule": c.rule, "before": c.before, "after": c.after, "note": c.note}
                        for c in changes if c.stage == "edit"],
    }


def report_json(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False, indent=1) + "\n"


@cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                                     undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return environment.get_template("cleaning-report.html.j2")


def report_html(report: dict) -> str:
    return _template().render(report=report)
