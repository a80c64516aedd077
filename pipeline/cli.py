"""Command line: `scrape-publisher clean|render|build|batch …`, or `python -m pipeline …`."""
from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from .edition import TRADITIONAL
from .errors import PipelineError, describe
from .output import check_outputs, committed_together, output_in, read_text, write_text
from .render import FORMATS, parse_formats, render
from .render.options import RenderOptions
from .render.page import PAGE_SIZES, PageGeometry
from .source import read_source_file, write_source

# What only some commands need is imported by them: the cleaning rules,
# the structure stage and the diff take a fifth of a second to import,
# which `render` (three editions, one process) would pay for nothing.


def _parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Turn a scraped Chinese document into a cleaned source (Pandoc Markdown) and PDF, DOCX and EPUB editions.")
    parser.add_argument("-q", "--quiet", action="store_true", help="print errors only, no progress")
    parser.add_argument("--debug", action="store_true", help="on an unexpected failure, print the traceback")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    clean = commands.add_parser("clean", help="write the cleaned source of a scraped text",
                                description="Clean INPUT (a seeds/*.txt scrape; its seeds/*.yaml sidecar is read if present) "
                                            "and write the cleaned source, Pandoc Markdown with YAML metadata.")
    clean.add_argument("input", type=Path, metavar="INPUT")
    clean.add_argument("-o", "--output", type=Path, metavar="OUT.md", help="write here instead of stdout")
    clean.add_argument("--changes", type=Path, metavar="CHANGES.json", help="also write the change log here")
    clean.add_argument("--report", type=Path, metavar="REPORT.html",
                       help="also write the cleaning report here (and as JSON beside it)")

    render_cmd = commands.add_parser("render", help="render editions from a cleaned source",
                                     description="Render editions from a cleaned source file (build/<slug>.md).")
    render_cmd.add_argument("source", type=Path, metavar="SOURCE.md")
    render_cmd.add_argument("--out", type=Path, default=None, metavar="DIR", help="output directory (default: beside SOURCE)")
    _render_options(render_cmd)

    check_cmd = commands.add_parser("check", help="validate the editions beside a cleaned source",
                                    description="Validate the editions beside SOURCE.md: epubcheck, PDF fonts, and "
                                                "the text of every edition against the cleaned source. Exits 1 on any problem.")
    check_cmd.add_argument("source", type=Path, metavar="SOURCE.md")

    convert = commands.add_parser("convert", help="derive another edition's cleaned source (zh-Hant)",
                                  description="Write the cleaned source of the Traditional-Chinese edition (Taiwan "
                                              "standard: OpenCC s2tw and pipeline/hant.py's reviewed Taiwan words), derived from a simplified cleaned source.")
    convert.add_argument("source", type=Path, metavar="SOURCE.md")
    convert.add_argument("--to", choices=[TRADITIONAL], default=TRADITIONAL, help="the edition's language")
    convert.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.md")

    diff_cmd = commands.add_parser("diff", help="show what changed between two cleaned sources",
                                   description="Show what changed between two cleaned sources, sentence by sentence "
                                               "with character-level highlights, under their headings.")
    diff_cmd.add_argument("old", type=Path, metavar="OLD.md")
    diff_cmd.add_argument("new", type=Path, metavar="NEW.md")
    diff_cmd.add_argument("--html", type=Path, metavar="OUT.html", help="also write the diff as HTML")
    _color_option(diff_cmd)

    check_source = commands.add_parser("check-source", help="check the committed cleaned sources are current",
                                       description="Clean every SEEDS/<name>.txt afresh and compare it with the "
                                                   "committed BUILD/<name>.md, showing the diff where they differ. "
                                                   "Exits 1 if any differs (make check-source; CI runs it).")
    check_source.add_argument("seeds", type=Path, nargs="?", default=Path("seeds"), metavar="SEEDS",
                              help="the scrapes (default: seeds)")
    check_source.add_argument("build", type=Path, nargs="?", default=Path("build"), metavar="BUILD",
                              help="the committed cleaned sources (default: build)")
    _color_option(check_source)

    diff_rev = commands.add_parser("diff-rev", help="show what changed in the committed cleaned sources",
                                   description="Show what changed in each committed cleaned source BUILD/<name>.md "
                                               "of a SEEDS/<name>.txt: REV's against a fresh build, or A's against "
                                               "B's for REV=A..B; also written as BUILD/<name>.diff.html (make diff).")
    diff_rev.add_argument("revisions", nargs="?", default="HEAD", metavar="REV",
                          help="a git revision, or two as A..B (default: HEAD)")
    diff_rev.add_argument("--seeds", type=Path, default=Path("seeds"), metavar="DIR", help="the scrapes (default: seeds)")
    diff_rev.add_argument("--build", type=Path, default=Path("build"), metavar="DIR",
                          help="the committed cleaned sources (default: build)")
    _color_option(diff_rev)

    build = commands.add_parser("build", help="clean a scraped text and render its editions",
                                description="Clean INPUT, write DIR/<slug>.md, its change log and cleaning report, then render the editions from it.")
    build.add_argument("input", type=Path, metavar="INPUT")
    build.add_argument("--out", type=Path, default=Path("build"), metavar="DIR", help="output directory (default: build)")
    _render_options(build)

    batch_cmd = commands.add_parser("batch", help="clean and render every scrape in a folder",
                                    description="Build every DIR/*.txt scrape (with its optional .yaml sidecar and "
                                                ".edits.yaml corrections) into OUT as `build` does, documents side by "
                                                "side. A document that fails does not stop the others. A summary per "
                                                "document is printed and written as OUT/summary.json and "
                                                "OUT/summary.csv; the exit status is 1 if any document failed.")
    batch_cmd.add_argument("folder", type=Path, metavar="DIR")
    batch_cmd.add_argument("--out", type=Path, required=True, metavar="OUT", help="output directory")
    batch_cmd.add_argument("--jobs", type=_positive, default=None, metavar="N",
                           help="documents built side by side (default: one a core)")
    _render_options(batch_cmd)
    return parser


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"not a whole number of 1 or more: {value!r}")
    return int(value)


def _color_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                         help="colour the terminal output (auto: when it is a terminal)")


def _color(args) -> bool:
    # Under `make --output-sync` stdout is a file, but make says whether its own is a terminal.
    terminal = sys.stdout.isatty() or bool(os.environ.get("MAKE_TERMOUT"))
    return args.color == "always" or (args.color == "auto" and terminal)


def _render_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--formats", default=",".join(FORMATS), help=f"comma-separated, from {','.join(FORMATS)} (default: all)")
    defaults = PageGeometry()
    command.add_argument("--page-size", default=defaults.size, metavar="SIZE",
                         help=f"PDF page size: {', '.join(PAGE_SIZES)} (optionally 'landscape') or two lengths "
                              f"such as '170mm 240mm' (default: {defaults.size})")
    command.add_argument("--margin", default=defaults.margin, metavar="LENGTHS",
                         help=f"PDF margins, 1 to 4 lengths as in CSS (default: '{defaults.margin}')")


def _options(args) -> RenderOptions:
    page = PageGeometry(args.page_size, args.margin)
    page.css()  # check it before any work is done
    return RenderOptions(page)


def _clean(args) -> None:
    from .build import make_source, report_json_path, seed_inputs
    from .seed import load_seed

    outputs = [args.output, args.changes, args.report, args.report and report_json_path(args.report)]
    check_outputs(filter(None, outputs), seed_inputs(args.input))
    seed = load_seed(args.input)
    result = make_source(seed, args.changes, args.report)
    if args.output:
        write_text(args.output, result.markdown)
    else:
        _write_standard_output(result.markdown)


def _render(args) -> None:
    formats, options = parse_formats(args.formats), _options(args)
    out = args.out or args.source.parent
    check_outputs([output_in(out, FORMATS[fmt].file_name(args.source.stem)) for fmt in formats], [args.source])
    render(args.source, out, formats, options=options)


def _check(args) -> None:
    from .check import check

    problems = check(args.source)
    if problems:
        raise PipelineError(f"{len(problems)} problem(s) in the editions of {args.source.name}")


def _convert(args) -> None:
    check_outputs([args.output], [args.source])
    from .edition import convert_document

    document = read_source_file(args.source)
    write_text(args.output, write_source(convert_document(document, args.to)))


def _diff(args) -> None:
    from . import diff

    check_outputs(filter(None, [args.html]), [args.old, args.new])
    changes = diff.hunks(read_text(args.old), read_text(args.new))
    _write_standard_output(diff.render_text(changes, _color(args)) or "no changes\n")
    if args.html:
        write_text(args.html, diff.render_html(changes, f"{args.old.name} → {args.new.name}"))


def _check_source(args) -> int:
    from . import review

    return 0 if review.check_source(args.seeds, args.build, _write_standard_output, _color(args)) else 1


def _diff_rev(args) -> None:
    from . import review

    review.diff_revisions(args.revisions, args.seeds, args.build, _write_standard_output, _color(args))


def _build(args) -> None:
    from .build import build_editions

    build_editions(args.input, args.out, parse_formats(args.formats), _options(args))


def _batch(args) -> int:
    from .batch import batch

    outcomes = batch(args.folder, args.out, parse_formats(args.formats), _options(args), args.jobs,
                     quiet=args.quiet, debug=args.debug)
    return 1 if any(outcome.error for outcome in outcomes) else 0


def main(argv: list[str] | None = None, prog: str = "scrape-publisher") -> int:
    args = _parser(prog).parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(message)s", stream=sys.stderr)
    # WeasyPrint reports every layout step at INFO; keep its warnings only.
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    try:
        with committed_together():
            # A command returns its exit status when it has one other than 0
            # and its outputs are still to be kept (batch: some documents failed).
            status = {"clean": _clean, "render": _render, "check": _check, "convert": _convert, "diff": _diff,
                      "build": _build, "batch": _batch, "check-source": _check_source,
                      "diff-rev": _diff_rev}[args.command](args) or 0
            _write_standard_output()  # whatever a command printed
    except (PipelineError, OSError) as exc:
        return _fail(describe(exc))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: one line for the user, the traceback on request
        if args.debug:
            raise
        return _fail(describe(exc))
    return status


def _write_standard_output(text: str = "") -> None:
    """Written and flushed inside the command, so a full disk or a closed pipe
    on stdout fails it (a closed pipe quietly: the reader, `| head`, has gone)."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError as exc:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to flush at exit
        if not isinstance(exc, BrokenPipeError):
            raise PipelineError(f"standard output: {exc.strerror}") from None


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1
