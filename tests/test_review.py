"""make check-source and make diff, as the CLI commands they call:
check-source (the committed cleaned sources are what the pipeline makes of
the seeds now) and diff-rev (what changed in them, against a revision)."""
import subprocess

import pytest

from pipeline.cli import main

TEXT = ("跨境电商发展报告\n\n第一章 总则\n\n跨境电商平台的发展正处于关键节点，消费者对高性价比商品的需求依然强劲。"
        "平台之间的竞争从流量转向供应链与服务。\n\n第二章 展望\n\n未来三年，合规与本地化将决定企业能走多远。\n")


@pytest.fixture
def project(tmp_path):
    """seeds/doc.txt and its cleaned source committed as build/doc.md."""
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "doc.txt").write_text(TEXT, encoding="utf-8")
    _clean(tmp_path)
    return tmp_path


def _clean(project):
    assert main(["-q", "clean", str(project / "seeds" / "doc.txt"), "-o", str(project / "build" / "doc.md")]) == 0


def _run(capsys, *args) -> tuple[int, str]:
    status = main(["-q", *map(str, args), "--color", "never"])
    return status, capsys.readouterr().out


def test_check_source_passes_when_the_committed_source_is_current(project, capsys):
    status, out = _run(capsys, "check-source", project / "seeds", project / "build")
    assert status == 0 and out == f"ok   {project / 'build' / 'doc.md'} is current\n"


def test_check_source_fails_showing_what_differs(project, capsys):
    committed = project / "build" / "doc.md"
    committed.write_text(committed.read_text(encoding="utf-8").replace("关键节点", "关键时刻"), encoding="utf-8")
    (project / "seeds" / "new.txt").write_text(TEXT, encoding="utf-8")
    (project / "seeds" / "empty.txt").write_bytes(b"")
    status, out = _run(capsys, "check-source", project / "seeds", project / "build")
    assert status == 1
    assert f"{committed} is not what the pipeline makes of {project / 'seeds' / 'doc.txt'} now" in out
    assert "[-时刻-]{+节点+}" in out
    assert f"{project / 'build' / 'new.md'} is missing" in out
    assert "error: empty.txt: the file is empty" in out


def _git(project, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=project, check=True,
                   capture_output=True)


def test_diff_rev_shows_a_fresh_build_against_a_revision_and_two_revisions(project, capsys):
    _git(project, "init", "-q")
    _git(project, "add", "seeds", "build")
    _git(project, "commit", "-q", "-m", "first")
    (project / "seeds" / "doc.txt").write_text(TEXT.replace("关键节点", "关键时刻"), encoding="utf-8")
    arguments = ["--seeds", project / "seeds", "--build", project / "build"]

    status, out = _run(capsys, "diff-rev", "HEAD", *arguments)
    assert status == 0 and out.startswith("== doc (HEAD)\n") and "[-节点-]{+时刻+}" in out
    assert "时刻" in (project / "build" / "doc.diff.html").read_text(encoding="utf-8")

    _clean(project)
    _git(project, "commit", "-q", "-am", "second")
    assert _run(capsys, "diff-rev", "HEAD~1..HEAD", *arguments)[1] == \
        out.replace("(HEAD)", "(HEAD~1..HEAD)")
    assert _run(capsys, "diff-rev", "HEAD", *arguments)[1] == "== doc (HEAD)\nno changes\n"

    (project / "seeds" / "new.txt").write_text(TEXT, encoding="utf-8")
    assert f"{project / 'build' / 'new.md'} is not in HEAD" in _run(capsys, "diff-rev", "HEAD", *arguments)[1]


@pytest.mark.parametrize("revisions", ["A..B..C", "..HEAD", "HEAD..", "no-such-revision"])
def test_diff_rev_refuses_what_is_not_a_revision_in_one_line(project, capsys, revisions):
    _git(project, "init", "-q")
    status = main(["-q", "diff-rev", revisions, "--seeds", str(project / "seeds"), "--build", str(project / "build")])
    error = capsys.readouterr().err
    assert status == 1 and error.startswith("error: ") and error.count("\n") == 1
