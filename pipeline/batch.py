"""Batch: every scrape in a folder, cleaned and rendered, documents side by side.

`scrape-publisher batch DIR --out OUT` builds each DIR/<name>.txt, with its
optional <name>.yaml sidecar and <name>.edits.yaml corrections as seeds/
holds them, exactly as `build` does (build.build_editions), each document
in a process of a pool of --jobs (default: one a core). A document that
fails is reported and the others go on; its outputs are not written (each
document's appear together, as a command's do). At the end, a summary per
document — title, characters, repairs, unresolved damage, absent parts,
editions written, seconds, error — is printed and written as
OUT/summary.json and OUT/summary.csv; the figures are the cleaning
report's. The exit status is 1 if any document failed.
"""
from __future__ import annotations

import csv
import functools
import io
import json
import logging
import multiprocessing
import os
import signal
import sys
import time
import traceback
import unicodedata
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tqdm import tqdm

from .build import build_editions
from .cores import usable_cores
from .errors import PipelineError, describe
from .output import check_outputs, committed_together, output_in, write_text
from .render.options import RenderOptions
from .seed import load_seed

# The summary's columns, in order (summary.csv; summary.json adds each
# document's warnings).
FIELDS = ("input", "slug", "title", "characters", "repairs", "unresolved", "absent", "editions", "seconds", "error")


@dataclass
class Outcome:
    """How one document came out. The figures are its cleaning report's."""
    input: str  # the scrape's file name in DIR
    slug: str | None = None  # names its outputs in OUT
    title: str | None = None
    characters: int | None = None  # of the cleaned source
    repairs: int | None = None  # mojibake repaired
    unresolved: int | None = None  # damage left as it is
    absent: int | None = None  # parts the scrape lacks (named by its contents list)
    editions: list[str] = field(default_factory=list)  # the formats written
    seconds: float = 0.0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)  # what `build` warns of, UNRESOLVED damage among it


def scrapes(folder: Path) -> list[Path]:
    """The scrapes in a folder: every *.txt but hidden (temporary) files."""
    if not folder.is_dir():
        raise PipelineError(f"{folder}: not a folder")
    found = sorted(path for path in folder.glob("*.txt") if path.is_file() and not path.name.startswith("."))
    if not found:
        raise PipelineError(f"{folder}: holds no scrape (*.txt)")
    return found


def batch(folder: Path, out: Path, formats: list[str], options: RenderOptions = RenderOptions(),
          jobs: int | None = None, quiet: bool = False, debug: bool = False) -> list[Outcome]:
    """Build every scrape in `folder` into `out`; print and write the summary.
    Returns each document's outcome, in the order of their file names."""
    summary_json, summary_csv = output_in(out, "summary.json"), output_in(out, "summary.csv")
    if out.exists() and not out.is_dir():
        raise PipelineError(f"{out}: is a file, not a folder")
    check_outputs([summary_json, summary_csv], [])
    paths = scrapes(folder)
    jobs = jobs or usable_cores()  # one job a core this process may run on
    started = time.perf_counter()
    progress = _Progress(len(paths), quiet)
    outcomes = []

    def done(outcome: Outcome) -> None:
        outcomes.append(outcome)
        progress.show(outcome)

    try:
        todo = _claim_slugs(paths, done)
        # Largest first: a long document started last would keep one core busy alone at the end.
        todo.sort(key=lambda path: path.stat().st_size, reverse=True)
        work = functools.partial(build_one, out=out, formats=formats, options=options, debug=debug)
        _run(todo, min(jobs, len(todo)), work, done)
    finally:
        progress.close()
    order = {path.name: index for index, path in enumerate(paths)}
    outcomes.sort(key=lambda outcome: order[outcome.input])
    seconds = time.perf_counter() - started
    failed = sum(outcome.error is not None for outcome in outcomes)
    totals = {"folder": str(folder), "out": str(out), "formats": formats, "jobs": jobs,
              "documents": len(outcomes), "built": len(outcomes) - failed, "failed": failed,
              "seconds": round(seconds, 2), "documents_per_minute": round(len(outcomes) / seconds * 60, 2)}
    write_text(summary_json, json.dumps(totals | {"results": [asdict(outcome) for outcome in outcomes]},
                                        ensure_ascii=False, indent=1) + "\n")
    write_text(summary_csv, _csv(outcomes))
    sys.stdout.write(_table(outcomes) + f"\n{len(outcomes)} documents: {totals['built']} built, {failed} failed, "
                     f"in {seconds:.1f} s with {jobs} job(s): {totals['documents_per_minute']} documents a minute; "
                     f"summary in {summary_json} and {summary_csv.name}\n")
    return outcomes


def build_one(path: Path, out: Path, formats: list[str], options: RenderOptions, debug: bool = False) -> Outcome:
    """One document, as `build` makes it: its outputs appear together, or
    none does; what it warns of is kept with its outcome."""
    global _building
    outcome = Outcome(path.name)
    collected = _Collected()
    logging.getLogger().addHandler(collected)
    started = time.perf_counter()
    _building = True
    try:
        with committed_together():
            seed, result = build_editions(path, out, formats, options)
        report = result.report
        outcome.slug, outcome.title, outcome.characters = seed.slug, report["title"], len(result.markdown)
        # As the report's summary counts them: repairs in the text, not those in a dropped copy.
        outcome.repairs, outcome.unresolved, outcome.absent = (report["figures"][key]
                                                               for key in ("repairs", "unresolved", "absent"))
        outcome.editions = list(formats)
    except KeyboardInterrupt:  # its temporary files are removed by now
        os._exit(130)
    except Exception as exc:
        outcome.error = describe(exc)
        if debug:
            collected.lines.append(traceback.format_exc())
    finally:
        _building = False
        logging.getLogger().removeHandler(collected)
        outcome.seconds = round(time.perf_counter() - started, 2)
        outcome.warnings = collected.lines
    return outcome


def _claim_slugs(paths: list[Path], done) -> list[Path]:
    """The scrapes to build: each whose sidecar can be read and whose slug,
    which names its outputs, no scrape before it (by name) has taken. The
    others have failed."""
    taken: dict[str, str] = {}
    todo = []
    for path in paths:
        try:
            slug = load_seed(path).slug
        except Exception as exc:
            done(Outcome(path.name, error=describe(exc)))
            continue
        if slug in taken:
            done(Outcome(path.name, slug=slug, error=f"{path.name}: its outputs would be named {slug}, as those of "
                                                     f"{taken[slug]} are; give it another slug in {path.stem}.yaml"))
        else:
            taken[slug] = path.name
            todo.append(path)
    return todo


def _run(paths: list[Path], jobs: int, work, done) -> None:
    """`work` on each path in a pool of `jobs` processes, `done` told of each
    outcome as it comes. A process that dies (killed, out of memory) breaks
    the pool: the documents not finished are run again in a pool of one,
    where they run in order, so the first the pool breaks on again is the
    one whose process died: it has failed, and the rest run again."""
    context = multiprocessing.get_context("fork")  # the pipeline's modules and tables, loaded once, are shared
    while paths:
        broken = []
        with ProcessPoolExecutor(max(1, jobs), mp_context=context, initializer=_start_worker) as pool:
            futures = {pool.submit(work, path): path for path in paths}
            try:
                for future in as_completed(futures):
                    try:
                        done(future.result())
                    except BrokenProcessPool:
                        broken.append(futures[future])
            except BaseException:
                pool.shutdown(wait=False, cancel_futures=True)
                raise
        broken.sort(key=paths.index)
        if broken and jobs == 1:
            died = broken.pop(0)
            done(Outcome(died.name, error=f"{died.name}: the process building it died (out of memory, or killed)"))
        paths, jobs = broken, 1


def _start_worker() -> None:
    """In a worker: nothing printed; what the pipeline warns of is collected
    with each document's outcome (_Collected), its progress dropped. Ctrl-C,
    which reaches every process of the terminal's, ends it at once, a
    document it was building unwound first (its temporary files removed)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.setLevel(logging.WARNING)
    signal.signal(signal.SIGINT, _interrupted)


_building = False  # in a worker: whether a document is being built


def _interrupted(signum, frame) -> None:
    if _building:
        raise KeyboardInterrupt  # unwound through the outputs' clean-up, then build_one ends the process
    os._exit(130)


class _Collected(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


class _Bar(tqdm):
    monitor_interval = 0  # no monitor thread: a pool forks from this process


class _Progress:
    """A progress bar on a terminal, one plain line a document otherwise;
    with `quiet`, only the documents that failed."""

    def __init__(self, total: int, quiet: bool):
        self.total, self.count, self.failed, self.quiet = total, 0, 0, quiet
        self.bar = _Bar(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True) \
            if not quiet and sys.stderr.isatty() else None

    def show(self, outcome: Outcome) -> None:
        self.count += 1
        error = outcome.error
        if error is not None:
            self.failed += 1
            error = error if outcome.input in error else f"{outcome.input}: {error}"
        if self.bar is not None:
            for line in ([f"FAILED {error}"] if error else []) + outcome.warnings:
                self.bar.write(line, file=sys.stderr)
            if self.failed:
                self.bar.set_postfix_str(f"{self.failed} failed", refresh=False)
            self.bar.update()
        elif not self.quiet:
            head = f"[{self.count}/{self.total}]"
            print(f"{head} FAILED {error}" if error else
                  f"{head} ok {outcome.input} -> {outcome.slug} ({' '.join(outcome.editions)}, {outcome.seconds:.1f} s)",
                  file=sys.stderr, flush=True)
            for line in outcome.warnings:
                print(f"    {line}", file=sys.stderr, flush=True)
        elif error:
            print(f"FAILED {error}", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _csv(outcomes: list[Outcome]) -> str:
    table = io.StringIO()
    writer = csv.writer(table, lineterminator="\n")
    writer.writerow(FIELDS)
    for outcome in outcomes:
        row = asdict(outcome) | {"editions": " ".join(outcome.editions)}
        writer.writerow(["" if row[name] is None else row[name] for name in FIELDS])
    return table.getvalue()


# The printed summary: a column per figure (terminal columns wide), the title cut to fit.
_COLUMNS = {"input": 28, "title": 24, "characters": 10, "repairs": 7, "unresolved": 10, "absent": 6,
            "editions": 13, "seconds": 7}
_NUMBERS = {"characters", "repairs", "unresolved", "absent", "seconds"}


def _table(outcomes: list[Outcome]) -> str:
    lines = [_row({name: name for name in _COLUMNS})]
    for outcome in outcomes:
        if outcome.error is not None:
            lines.append(f"{_cell('input', outcome.input)}  FAILED: {outcome.error}")
        else:
            lines.append(_row(asdict(outcome) | {"editions": " ".join(outcome.editions),
                                                 "seconds": f"{outcome.seconds:.1f}"}))
    return "\n".join(lines)


def _row(values: dict) -> str:
    return "  ".join(_cell(name, values[name]) for name in _COLUMNS).rstrip()


def _cell(name: str, value) -> str:
    """`value` in its column: numbers to the right, text to the left, cut
    with … when too long (a Chinese character takes two columns)."""
    width, text = _COLUMNS[name], "" if value is None else str(value)
    while _columns(text) > width:
        text = text[:-2] + "…"
    padding = " " * (width - _columns(text))
    return padding + text if name in _NUMBERS else text + padding


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
