"""The whole pipeline for one seed: ingest -> clean -> structure -> cleaned
source (make_source), and with its change log, cleaning report and editions
written (build_editions: the `build` command, and each document of `batch`)."""
from __future__ import annotations

import collections
import functools
import json
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .clean import CleanText, clean
from .collector import cycle_collector_paused
from .corrections import apply_edits, edits_path
from .ingest import decode
from .model import Change, Document, Metadata
from .output import atomic_path, check_outputs, output_in, write_pieces, write_text
from .places import places, with_damage_notes
from .render import FORMATS, render
from .render.options import RenderOptions
from .report import build_report, report_html, report_json
from .seed import Seed, load_seed
from .source import write_source
from .structure import build_document

log = logging.getLogger(__name__)


@dataclass
class SourceBuild:
    markdown: str
    changes: list[Change]
    _report_inputs: tuple

    @functools.cached_property
    def report(self) -> dict:
        """The cleaning report, made when asked for (3 s for a 20 MB scrape)."""
        return build_report(*self._report_inputs)


def _timed(label: str, func, *args):
    started = time.perf_counter()
    result, changes = func(*args)
    log.info("%s: %d changes (%.2f s)", label, len(changes), time.perf_counter() - started)
    return result, changes


# Unresolved damage is warned of place by place up to this many; garbage
# throughout a text would otherwise print a line for every few characters.
SHOWN_UNRESOLVED = 20


def make_source(seed: Seed, changes: Path | None = None, report: Path | None = None) -> SourceBuild:
    """The cleaned source of `seed`; with `changes` and `report`, its change log
    and cleaning report written there. The cycle collector is paused throughout:
    a long scrape's changes are millions of live objects, with no cycles."""
    with cycle_collector_paused():
        result = _make_source(seed)
        if changes:
            write_pieces(changes, changes_json(seed, result.changes))
        if report:
            write_report(report, result.report)
    return result


def _make_source(seed: Seed) -> SourceBuild:
    text, changes = _timed("ingest", decode, seed.data, seed.path.name)
    cleaned, clean_changes = _timed("clean", clean, text)
    facts = cleaned.facts
    metadata = Metadata(title=seed.title, lang=seed.lang, date=seed.date, source_file=seed.path.name,
                        source_sha256=seed.sha256, source_format=facts.source_format,
                        pages_seen=facts.pages_seen, pages_total=facts.pages_total)
    # Title: the editor's, else what the text and the site's furniture say (structure/front.py).
    document, structure_changes = _timed("structure", build_document, cleaned.text, metadata, facts.titles,
                                         facts.pages_missing)
    for change in structure_changes:
        if change.rule == "title" and not change.before:
            log.warning("%s: %s", seed.path.name, change.note)
    if guesses := sum(change.rule == "heading-guess" for change in structure_changes):
        log.warning("%s: %d heading(s) glued to their paragraphs with no contents list: where their titles end "
                    "is a guess (listed in the cleaning report)", seed.path.name, guesses)
    document, edit_changes = _timed("edit", apply_edits, document, seed.edits)
    # After the editor's corrections: damage a correction settled needs no note.
    document, note_changes = with_damage_notes(document, cleaned.text, sorted(cleaned.flagged.values()),
                                               cleaned.missing)
    unresolved_places = _unresolved_places(seed, cleaned, clean_changes, document)
    started = time.perf_counter()
    markdown = write_source(document)
    log.info("source: %d characters (%.2f s)", len(markdown), time.perf_counter() - started)
    changes = changes + clean_changes + structure_changes + edit_changes + note_changes
    return SourceBuild(markdown, changes, (seed.path.name, seed.sha256, text, changes, document, unresolved_places,
                                           cleaned.text, markdown))


def _unresolved_places(seed: Seed, cleaned: CleanText, changes: list[Change], document: Document) -> dict[int, str]:
    """Where each piece of damage left unresolved is in the cleaned source
    (by its input offset), warned of place by place."""
    flagged = sorted(cleaned.flagged.items(), key=lambda item: item[1])
    found = dict(zip((input_start for input_start, _ in flagged),
                     places(document, cleaned.text, [at for _, at in flagged])))
    unresolved = [change for change in changes if change.rule.endswith("-unresolved")]
    named = {}
    for change in unresolved:
        place = found.get(change.input_start)
        named[change.input_start] = place or "not in the cleaned source (removed with site furniture or a dropped copy)"
    for change in unresolved[:SHOWN_UNRESOLVED]:
        log.warning("%s: UNRESOLVED damage kept as it is, %s: %s (%s)",
                    seed.path.name, named[change.input_start], change.before, change.note)
    if len(unresolved) > SHOWN_UNRESOLVED:
        log.warning("%s: UNRESOLVED damage at %d more places (listed in the cleaning report)",
                    seed.path.name, len(unresolved) - SHOWN_UNRESOLVED)
    return named


def changes_json(seed: Seed, changes: list[Change]):
    """The change log, piece by piece: its head (input, counts, the fields of
    a change), then one change a line as a list of those fields. A list, not
    an object a change: a 20 MB scrape has over a million changes, which took
    55 s and 6.5 GB written as indented objects, 5 s and no memory so; made
    by _change_lines, 2 to 4 s."""
    counts = collections.Counter(f"{c.stage}/{c.rule}" for c in changes)
    head = {"input": seed.path.name, "sha256": seed.sha256, "counts": dict(sorted(counts.items())),
            "fields": list(Change._fields)}
    yield json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "changes": ['
    separator = "\n  "
    for line in _change_lines(changes):
        yield separator + line
        separator = ",\n  "
    yield "\n ]\n}\n"


def _change_lines(changes: list[Change]):
    """Each change as json.dumps(change, ensure_ascii=False) writes it (a test
    holds it), at half its cost: json's own string escaper (in C), no
    encoder set up a change, and the stage, rule and note, which thousands
    of changes share, quoted once."""
    quoted = json.encoder.encode_basestring
    shared: dict[tuple[str, str, str], tuple[str, str]] = {}
    for stage, rule, start, end, before, after, note, input_start, input_end in changes:
        if (around := shared.get((stage, rule, note))) is None:
            around = shared[stage, rule, note] = (f"[{quoted(stage)}, {quoted(rule)}, ", f", {quoted(note)}, ")
        yield (f"{around[0]}{start:d}, {end:d}, {quoted(before)}, {quoted(after)}{around[1]}"
               f"{'null' if input_start is None else f'{input_start:d}'}, "
               f"{'null' if input_end is None else f'{input_end:d}'}]")


def seed_inputs(path: Path) -> list[Path]:
    """A scrape and the files read with it: its sidecar and its corrections."""
    return [path, path.with_suffix(".yaml"), edits_path(path)]


def report_json_path(report_html_path: Path) -> Path:
    return report_html_path.with_suffix(".json")


def write_report(path: Path, report: dict) -> None:
    """The cleaning report as HTML at `path`, and as JSON beside it."""
    write_text(path, report_html(report))
    write_text(report_json_path(path), report_json(report))


def build_editions(path: Path, out: Path, formats: Sequence[str] = tuple(FORMATS),
                   options: RenderOptions = RenderOptions()) -> tuple[Seed, SourceBuild]:
    """Clean the scrape at `path` and write OUT/<slug>.md, its change log,
    its cleaning report and the editions rendered from it."""
    seed = load_seed(path)
    source, changes, report = (output_in(out, f"{seed.slug}{ending}") for ending in (".md", ".changes.json", ".report.html"))
    editions = [output_in(out, FORMATS[fmt].file_name(seed.slug)) for fmt in formats]
    check_outputs([source, changes, report, report_json_path(report), *editions], seed_inputs(path))
    result = make_source(seed, changes, report)
    # The editions are rendered from the cleaned source as written (its
    # temporary file: the whole set appears only if every edition succeeds).
    with atomic_path(source) as written:
        written.write_text(result.markdown, encoding="utf-8")
        render(written, out, formats, seed.slug, options)
    return seed, result
