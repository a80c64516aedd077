"""The Makefile's own rules, run in a scratch project beside this one: the
change log and report are outputs of the cleaned source's rule, and
`make clean` removes only what is not tracked."""
import subprocess

import pytest
from conftest import scratch_project

TEXT = ("跨境电商发展报告\n\n第一章 总则\n\n跨境电商平台的发展正处于关键节点，消费者对高性价比商品的需求依然强劲。\n\n"
        "第二章 展望\n\n未来三年，合规与本地化将决定企业能走多远。\n")
OUTPUTS = ["doc.changes.json", "doc.md", "doc.report.html", "doc.report.json"]


@pytest.fixture
def project(tmp_path):
    project = scratch_project(tmp_path)
    (project / "seeds").mkdir()
    (project / "seeds" / "doc.txt").write_text(TEXT, encoding="utf-8")
    return project


def _make(project, *targets):
    result = subprocess.run(["make", "-s", *targets], capture_output=True, text=True, cwd=project, timeout=300,
                            check=False)
    assert result.returncode == 0, result.stderr
    return result


def _built(project):
    return sorted(path.name for path in (project / "build").iterdir())


def test_the_change_log_and_report_are_made_with_the_source_and_remade_when_missing(project):
    _make(project, "source")
    assert _built(project) == OUTPUTS
    (project / "build" / "doc.report.json").unlink()  # as after a git pull: the source is there, the rest is not
    _make(project, "source")
    assert _built(project) == OUTPUTS
    assert "Nothing to be done" in _make(project, "--no-silent", "source").stdout


def test_make_clean_in_a_checkout_removes_only_what_git_does_not_track(project):
    _make(project, "source")
    (project / "build" / "doc.pdf").write_bytes(b"%PDF")
    (project / "build" / "sub").mkdir()
    (project / "build" / "sub" / "x.html").write_text("x")
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run(["git", "add", "build/doc.md"], cwd=project, check=True)
    _make(project, "clean")
    assert _built(project) == ["doc.md"]


def test_make_clean_outside_git_removes_only_the_pipelines_outputs(project):
    _make(project, "source")
    (project / "build" / "doc.pdf").write_bytes(b"%PDF")
    (project / "build" / "doc.zh-Hant.md").write_text("---\n")
    (project / "build" / "notes.txt").write_text("an editor's")
    _make(project, "clean")
    assert _built(project) == ["doc.md", "notes.txt"]
