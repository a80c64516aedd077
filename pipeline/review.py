"""Reviewing the committed cleaned sources (`make check-source`, `make diff`).

check_source: each build/<name>.md must be what the pipeline makes of
seeds/<name>.txt now (CI runs it); where it is not, the diff shows why.
diff_revisions: what changed in the cleaned sources, the committed version
(a revision, HEAD by default) against a fresh build, or between two
revisions (`A..B`); also written as build/<name>.diff.html.

Both take each scrape of the seeds folder (batch.scrapes) and name its
cleaned source by the scrape's file name, as make does.
"""
from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from . import diff
from .batch import scrapes
from .build import make_source
from .errors import PipelineError, describe
from .output import output_in, write_text
from .seed import load_seed


def check_source(seeds: Path, build: Path, write: Callable[[str], None], color: bool) -> bool:
    """Whether every committed cleaned source is current; `write` is told
    of each, with the diff of one that is not."""
    current = True
    for scrape in scrapes(seeds):
        committed = output_in(build, f"{scrape.stem}.md")
        try:
            fresh = make_source(load_seed(scrape)).markdown
        except PipelineError as exc:
            write(f"error: {describe(exc)}\n")
            current = False
            continue
        if committed.is_file() and committed.read_bytes() == fresh.encode("utf-8"):
            write(f"ok   {committed} is current\n")
            continue
        current = False
        if not committed.is_file():
            write(f"{committed} is missing: it is what the pipeline makes of {scrape}\n")
            continue
        write(f"{committed} is not what the pipeline makes of {scrape} now:\n")
        write(diff.render_text(diff.hunks(committed.read_text(encoding="utf-8"), fresh), color) or "no changes\n")
    return current


def diff_revisions(revisions: str, seeds: Path, build: Path, write: Callable[[str], None], color: bool) -> None:
    """`revisions` is REV (its committed sources against a fresh build) or
    A..B (A's against B's)."""
    given = revisions.split("..")
    if len(given) > 2 or not all(given):
        raise PipelineError(f"{revisions!r}: give a revision (HEAD, a commit, a tag) or two as A..B")
    old_revision, new_revision = given[0], given[1] if len(given) == 2 else None
    for scrape in scrapes(seeds):
        committed = output_in(build, f"{scrape.stem}.md")
        old = _committed(old_revision, committed)
        new = _committed(new_revision, committed) if new_revision else make_source(load_seed(scrape)).markdown
        write(f"== {scrape.stem} ({revisions})\n")
        if old is None or new is None:
            write(f"{committed} is not in {old_revision if old is None else new_revision}\n")
            continue
        changes = diff.hunks(old, new)
        write(diff.render_text(changes, color) or "no changes\n")
        title = f"{committed.name}: {old_revision} → {new_revision or 'a fresh build'}"
        write_text(output_in(build, f"{scrape.stem}.diff.html"), diff.render_html(changes, title))


def _committed(revision: str, path: Path) -> str | None:
    """The file at `path` as `revision` has it (None if it has none)."""
    if not path.parent.is_dir():
        return None
    try:
        shown = subprocess.run(["git", "show", f"{revision}:./{path.name}"], cwd=path.parent,
                               capture_output=True, check=False)
    except FileNotFoundError:
        raise PipelineError("git is not installed: cannot read a revision") from None
    if shown.returncode != 0:
        message = shown.stderr.decode(errors="replace").strip()
        if "exists on disk, but not in" in message or "does not exist in" in message:
            return None
        raise PipelineError(f"git show {revision}:{path}: {message.splitlines()[0] if message else 'failed'}")
    return shown.stdout.decode("utf-8")
