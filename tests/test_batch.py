"""scrape-publisher batch: every scrape in a folder built side by side, a
failure alone, and a summary whose figures are each cleaning report's."""
import contextlib
import csv
import io
import json
import os

import pytest
from corpus import write_scrapes
from damage import intact_paragraphs

from pipeline import batch as batch_module
from pipeline.cli import main


@pytest.fixture(scope="module")
def paragraphs(seed_document):
    return intact_paragraphs(seed_document)


def _batch(*args) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        status = main(["batch", *map(str, args)])
    return status, stdout.getvalue(), stderr.getvalue()


@pytest.fixture(scope="module")
def run(tmp_path_factory, paragraphs):
    """Three generated scrapes (one with a sidecar, one with corrections)
    and an empty file, in two jobs."""
    folder, out = tmp_path_factory.mktemp("scrapes"), tmp_path_factory.mktemp("out")
    write_scrapes(folder, paragraphs, 3)
    (folder / "generated-1.yaml").write_text("title: 编辑定的标题\n", encoding="utf-8")
    (folder / "generated-2.edits.yaml").write_text("metadata:\n  subtitle: 批量整理版\n", encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"")
    status, stdout, stderr = _batch(folder, "--out", out, "--jobs", 2, "--formats", "docx,epub")
    return out, status, stdout, stderr


def test_every_document_is_built_but_the_broken_one(run):
    out, status, _, _ = run
    assert status == 1
    for slug in ("generated-0", "generated-1", "generated-2"):
        for ending in (".md", ".changes.json", ".report.html", ".report.json", ".docx", ".epub"):
            assert (out / f"{slug}{ending}").is_file(), f"{slug}{ending}"
    assert not list(out.glob("broken*")) and not list(out.glob("*.pdf"))


def test_the_summary_gives_each_documents_figures_from_its_report(run):
    out, _, stdout, _ = run
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert (summary["documents"], summary["built"], summary["failed"], summary["jobs"]) == (4, 3, 1, 2)
    results = summary["results"]
    assert [r["input"] for r in results] == ["broken.txt", "generated-0.txt", "generated-1.txt", "generated-2.txt"]
    assert "empty" in results[0]["error"] and results[0]["editions"] == []
    for result in results[1:]:
        report = json.loads((out / f"{result['slug']}.report.json").read_text(encoding="utf-8"))
        assert result["error"] is None and result["editions"] == ["docx", "epub"] and result["seconds"] > 0
        assert result["title"] == report["title"]
        figures = report["figures"]
        assert (result["repairs"], result["unresolved"], result["absent"]) == \
            (figures["repairs"], figures["unresolved"], figures["absent"])
        assert result["characters"] == len((out / f"{result['slug']}.md").read_text(encoding="utf-8"))
    assert results[2]["title"] == "编辑定的标题"  # the sidecar is read, and the corrections
    assert "subtitle: 批量整理版" in (out / "generated-2.md").read_text(encoding="utf-8")
    with open(out / "summary.csv", encoding="utf-8", newline="") as table:
        rows = list(csv.DictReader(table))
    assert list(rows[0]) == list(batch_module.FIELDS)
    assert [(row["input"], row["editions"], row["error"]) for row in rows] == \
        [(r["input"], " ".join(r["editions"]), r["error"] or "") for r in results]
    # Printed too: a line a document and the totals.
    assert "编辑定的标题" in stdout and "FAILED: broken.txt: the file is empty" in stdout
    assert "4 documents: 3 built, 1 failed" in stdout


def test_progress_is_a_plain_line_a_document_when_not_on_a_terminal(run):
    _, _, _, stderr = run
    lines = [line for line in stderr.splitlines() if line.startswith("[")]
    assert len(lines) == 4 and "\r" not in stderr
    assert "[4/4]" in lines[-1] and any("FAILED broken.txt: the file is empty" in line for line in lines)


def test_all_built_is_exit_status_0(tmp_path, paragraphs):
    (tmp_path / "in").mkdir()
    write_scrapes(tmp_path / "in", paragraphs, 1)
    status, _, _ = _batch(tmp_path / "in", "--out", tmp_path / "out", "--jobs", 1, "--formats", "epub")
    assert status == 0 and (tmp_path / "out" / "generated-0.epub").is_file()


def test_a_document_whose_process_dies_fails_alone(tmp_path, paragraphs, monkeypatch):
    (tmp_path / "in").mkdir()
    write_scrapes(tmp_path / "in", paragraphs, 2)
    (tmp_path / "in" / "dies.txt").write_text((tmp_path / "in" / "generated-0.txt").read_text(encoding="utf-8"),
                                              encoding="utf-8")
    build_editions = batch_module.build_editions

    def killed_on_dies(path, *args):  # the workers are forked: they run this
        if path.name == "dies.txt":
            os._exit(9)
        return build_editions(path, *args)

    monkeypatch.setattr(batch_module, "build_editions", killed_on_dies)
    status, _, _ = _batch(tmp_path / "in", "--out", tmp_path / "out", "--jobs", 2, "--formats", "epub")
    results = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))["results"]
    assert status == 1
    assert [(r["input"], r["editions"]) for r in results] == \
        [("dies.txt", []), ("generated-0.txt", ["epub"]), ("generated-1.txt", ["epub"])]
    assert "process building it died" in results[0]["error"]


@pytest.mark.parametrize("make, words", [
    (lambda folder: None, "not a folder"),
    (lambda folder: folder.mkdir(), "holds no scrape"),
], ids=["missing", "empty"])
def test_a_folder_without_scrapes_is_a_one_line_error(tmp_path, capsys, make, words):
    make(tmp_path / "in")
    assert main(["batch", str(tmp_path / "in"), "--out", str(tmp_path / "out")]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and words in error and not (tmp_path / "out").exists()
