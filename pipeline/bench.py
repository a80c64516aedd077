"""`make bench`: how long each stage takes, on the seed and on the seed ten times over.

Prints the median of several runs per stage (decode, clean, structure, source,
pdf, docx, epub), the throughput of clean+structure, and which library
WeasyPrint subsets fonts with. Loading the word list and code tables is paid
once per process and shown apart. Then the three editions as `render` makes
them and by the bare route (pandoc -> HTML -> WeasyPrint, pandoc's DOCX and
EPUB), each a whole process, imports included, and the ratio of the two.
"""
from __future__ import annotations

import functools
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .clean import clean
from .clean.mojibake import tables
from .clean.wordlist import tokenizer
from .ingest import decode
from .model import Metadata
from .render.formats import FORMATS
from .render.options import RenderOptions
from .render.pdf import font_subsetter
from .source import read_source, write_source
from .structure import build_document

TEXT_RUNS_FACTOR = 3


def _median(runs: int, work) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def measure_text_stages(name: str, data: bytes, runs: int) -> tuple[dict, str]:
    row: dict = {"document": name, "bytes": len(data)}
    row["decode"], (text, _) = _median(runs, lambda: decode(data))
    row["clean"], (cleaned, _) = _median(runs, lambda: clean(text))
    metadata = lambda: Metadata(title=None, pages_seen=cleaned.facts.pages_seen,
                                pages_total=cleaned.facts.pages_total, source_file=name)
    row["structure"], (document, _) = _median(runs, lambda: build_document(cleaned.text, metadata()))
    row["source"], markdown = _median(runs, lambda: write_source(document))
    row["clean+structure MB/s"] = len(data) / 1e6 / (row["clean"] + row["structure"])
    return row, markdown


def measure_editions(row: dict, markdown: str, runs: int, out: Path) -> None:
    source = out / f"{row['document']}.md"
    source.write_text(markdown, encoding="utf-8")
    parsed = read_source(markdown)
    for fmt in FORMATS.values():
        row[fmt.name], _ = _median(runs, functools.partial(fmt.load(), source, parsed, out / fmt.file_name(row["document"]),
                                                           RenderOptions()))


# The bare route to the same three editions, as a whole process: pandoc's
# HTML set by WeasyPrint, pandoc's DOCX and EPUB, nothing of the pipeline's.
_BARE_ROUTE = """
import sys, pypandoc, weasyprint
source, out = sys.argv[1], sys.argv[2]
html = pypandoc.convert_file(source, "html5", extra_args=["--standalone", "--metadata=pagetitle:bench"])
css = weasyprint.CSS(string='html { font-family: "Noto Serif CJK SC"; font-size: 10.5pt; line-height: 1.8; }')
weasyprint.HTML(string=html).write_pdf(out + ".pdf", stylesheets=[css])
for fmt in ("docx", "epub"):
    pypandoc.convert_file(source, fmt, outputfile=out + "." + fmt)
"""


def _process_seconds(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def compare_with_bare_route(source: Path, out: Path, runs: int) -> None:
    """Three editions by `render`, against the bare route, each a whole
    process, run in turns (this machine's speed drifts between runs by a
    fifth or more: each pair meets the same drift): the median of each, and
    the median of the pairs' ratios."""
    ours_command = [sys.executable, "-m", "pipeline", "-q", "render", str(source), "--out", str(out)]
    bare_command = [sys.executable, "-c", _BARE_ROUTE, str(source), str(out / "bare")]
    pairs = [(_process_seconds(ours_command), _process_seconds(bare_command)) for _ in range(runs)]
    ours, bare = (statistics.median(times) for times in zip(*pairs))
    ratio = statistics.median(mine / theirs for mine, theirs in pairs)
    print(f"three editions, whole processes ({runs} pairs, in turns): render {ours:.2f}s, bare route {bare:.2f}s, "
          f"ratio {ratio:.2f}x")


def main(seed_path: str, runs: int = 5) -> int:
    data = Path(seed_path).read_bytes()
    started = time.perf_counter()
    tokenizer(), tables()
    print(f"word list and code tables loaded once: {time.perf_counter() - started:.2f} s")
    print(f"font subsetting: {font_subsetter()}")
    columns = ["decode", "clean", "structure", "source", "pdf", "docx", "epub"]
    print(f"{'document':<12}{'bytes':>10}" + "".join(f"{c:>10}" for c in columns) + f"{'editions':>10}{'MB/s':>8}")
    documents = (("seed", data, runs), ("seed x10", data * 10, max(3, runs // 2)))
    # Every text stage first, as `make` runs them: in a process that has not
    # loaded the renderers, whose objects the cycle collector would also walk.
    # They take a tenth of the time the renderers do: three times the runs
    # cost little and steady their medians on a busy machine.
    measured = [measure_text_stages(name.replace(" ", ""), payload, TEXT_RUNS_FACTOR * count)
                for name, payload, count in documents]
    rows = []
    with tempfile.TemporaryDirectory() as out:
        for (name, _, count), (row, markdown) in zip(documents, measured):
            measure_editions(row, markdown, count, Path(out))
            rows.append(row)
            editions = row["pdf"] + row["docx"] + row["epub"]
            print(f"{name:<12}{row['bytes']:>10}" + "".join(f"{row[c]:>9.3f}s" for c in columns)
                  + f"{editions:>9.2f}s{row['clean+structure MB/s']:>8.2f}")
        compare_with_bare_route(Path(out) / "seed.md", Path(out), max(5, runs))
    total = lambda row: sum(row[c] for c in columns)
    print(f"seed x10 / seed, all stages: {total(rows[1]) / total(rows[0]):.1f}x "
          f"(clean+structure {(rows[1]['clean'] + rows[1]['structure']) / (rows[0]['clean'] + rows[0]['structure']):.1f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2], *(int(a) for a in sys.argv[2:3])))
