import json
"""The command line as a user meets it: help, outputs, and one-line errors."""
import subprocess
import sys

import pytest
from conftest import ROOT, SEED


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def test_help_explains_the_commands():
    result = run("--help")
    assert result.returncode == 0
    for command in ("clean", "render", "build"):
        assert command in result.stdout
    assert "-o OUT.md" in run("clean", "--help").stdout
    assert "--formats" in run("build", "--help").stdout


def test_clean_writes_the_source_to_stdout():
    result = run("-q", "clean", str(SEED))
    assert result.returncode == 0
    assert result.stdout.startswith("---\n")
    assert "## 1.1 行业宏观环境与增长驱动力" in result.stdout


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
])
def test_bad_input_gives_one_line_and_no_output(tmp_path, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    out = tmp_path / "out"
    result = run("build", str(bad), "--out", str(out))
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_missing_input_and_unknown_format_are_one_line_errors(tmp_path):
    for args in (["clean", str(tmp_path / "nope.txt")], ["build", str(SEED), "--formats", "pdf,odt"]):
        result = run(*args)
        assert result.returncode != 0
        assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr


def test_a_seed_whose_hash_does_not_match_its_yaml_is_refused(tmp_path):
    (tmp_path / "doc.txt").write_text("一、章\n1.1 节\n一、章1.1节正文。\n", encoding="utf-8")
    (tmp_path / "doc.yaml").write_text("slug: doc\nsha256: 00ff\nlang: zh-CN\n", encoding="utf-8")
    result = run("clean", str(tmp_path / "doc.txt"))
    assert result.returncode != 0 and "sha256" in result.stderr and "Traceback" not in result.stderr


def test_each_change_log_line_is_what_json_writes():
    # build._change_lines writes each change as json.dumps would, without its cost.
    from pipeline.build import _change_lines
    from pipeline.model import Change

    changes = [Change("clean", "mojibake", 0, 3, '當?shù)"\\', "当地\n\t", "a “note” \u2028 \x00 \ud800 𠀀", 5, 9),
               Change("structure", "title", 0, 0, "", "标题", "", None, None),
               Change("clean", "script", 12, 13, "國", "国"),
               Change("clean", "script", 20, 22, "國家", "国家", "", 30, 32)]
    lines = list(_change_lines(changes))
    assert lines == [json.dumps(change, ensure_ascii=False) for change in changes]
    assert [json.loads(line) for line in lines] == [list(change) for change in changes]
