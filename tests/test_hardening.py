"""What a careless user or an attacker can do, as a table: each case ends in
one line on stderr naming the file and the problem, exit status 1 (2 for
usage), no traceback, and no file left behind or replaced."""
import os
import re
import subprocess
import sys
import time
import zipfile

import pytest
from conftest import ROOT, scratch_project

from pipeline.cli import main

TEXT = ("跨境电商发展报告\n\n第一章 总则\n\n跨境电商平台的发展正处于关键节点，消费者对高性价比商品的需求依然强劲。"
        "平台之间的竞争从流量转向供应链与服务。\n\n第二章 展望\n\n未来三年，合规与本地化将决定企业能走多远。\n")
SOURCE = "---\ntitle: 报告\nlang: zh-CN\n---\n\n# 第一章\n\n正文一段。\n"


def _seed(folder, sidecar=None, edits=None, text=TEXT, name="doc.txt"):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    if sidecar is not None:
        path.with_suffix(".yaml").write_bytes(sidecar if isinstance(sidecar, bytes) else sidecar.encode())
    if edits is not None:
        path.with_name(f"{path.stem}.edits.yaml").write_bytes(edits if isinstance(edits, bytes) else edits.encode())
    return path


def _source(folder, text=SOURCE, name="doc.md"):
    path = folder / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def _sidecar(setting):
    return lambda f: ["build", str(_seed(f, setting)), "--out", str(f / "out")]


def _edits(content):
    return lambda f: ["build", str(_seed(f, edits=content)), "--out", str(f / "out")]


def _render(text):
    return lambda f: ["render", str(_source(f, text)), "--out", str(f / "out")]


def _option(*option):
    return lambda f: ["render", str(_source(f)), "--out", str(f / "out"), *option]


def _folder_beside(name):
    def command(folder):
        (folder / name).mkdir()
        return ["build", str(_seed(folder)), "--out", str(folder / "out")]
    return command


def _sparse_input(folder):
    path = _seed(folder)
    os.truncate(path, 25 * 1024 * 1024)  # sparse: refused by its size, never read
    return ["clean", str(path)]


def _fifo(folder):
    os.mkfifo(folder / "pipe.txt")
    return ["clean", str(folder / "pipe.txt")]


def _in_a_file(folder):
    (folder / "plain").write_text("x")
    return ["clean", str(_seed(folder)), "-o", str(folder / "plain" / "doc.md")]


def _folder_at_output(folder):
    (folder / "out" / "doc.pdf").mkdir(parents=True)
    return ["render", str(_source(folder)), "--out", str(folder / "out"), "--formats", "pdf"]


# (id, the command given the case's folder, status, words the one line holds)
CASES = [
    # paths: nothing is written outside the output folder, nothing but regular files replaced
    ("slug-parent", _sidecar("slug: ../README\n"), 1, "slug '../README' must be lower-case"),
    ("slug-absolute", _sidecar("slug: /tmp/x\n"), 1, "never a path"),
    ("slug-folder", _sidecar("slug: a/b\n"), 1, "never a path"),
    ("slug-newline", _sidecar('slug: "a\\nb"\n'), 1, "never a path"),
    ("slug-upper", _sidecar("slug: ABC\n"), 1, "lower-case letters"),
    ("slug-empty", _sidecar('slug: ""\n'), 1, "slug is empty"),
    ("slug-number", _sidecar("slug: 123\n"), 1, "slug must be text, not the number 123"),
    ("output-is-input", lambda f: ["clean", str(_seed(f)), "-o", str(f / "doc.txt")], 1, "is the input"),
    ("convert-onto-itself", lambda f: ["convert", str(_source(f)), "-o", str(f / "doc.md")], 1, "is the input"),
    ("report-is-sidecar", lambda f: ["clean", str(_seed(f, "title: 报告\n")), "--report", str(f / "doc.yaml")], 1,
     "is the input"),
    ("changes-is-edits", lambda f: ["clean", str(_seed(f, edits="corrections: []\n")), "--changes",
                                    str(f / "doc.edits.yaml")], 1, "is the input"),
    ("output-device", lambda f: ["clean", str(_seed(f)), "-o", "/dev/null"], 1, "is a device or pipe"),
    ("output-folder", lambda f: ["clean", str(_seed(f)), "-o", str(f)], 1, "is a folder"),
    ("output-under-a-file", _in_a_file, 1, "is a file, not a folder"),
    ("out-is-a-file", lambda f: ["build", str(_seed(f)), "--out", str(_seed(f, name="x.txt"))], 1,
     "is a file, not a folder"),
    ("edition-path-is-a-folder", _folder_at_output, 1, "is a folder"),
    ("diff-html-is-input", lambda f: ["diff", str(_source(f)), str(_source(f, name="b.md")), "--html",
                                      str(f / "b.md")], 1, "is the input"),
    # inputs
    ("input-missing", lambda f: ["clean", str(f / "none.txt")], 1, "none.txt: no such file"),
    ("input-folder", lambda f: ["clean", str(f)], 1, "is a folder, not a file"),
    ("input-device", lambda f: ["clean", "/dev/zero"], 1, "/dev/zero: is a device or pipe"),
    ("input-fifo", _fifo, 1, "is a device or pipe"),
    ("input-too-large", _sparse_input, 1, "25.0 MB is more than the 20 MB the pipeline takes"),
    ("input-empty", lambda f: ["clean", str(_seed(f, text=""))], 1, "the file is empty"),
    ("input-binary", lambda f: ["clean", str(_seed(f, text="正文\x00" * 10))], 1, "binary file"),
    ("input-latin-1", lambda f: ["clean", str(_write(f / "w.txt", ("Café naïve résumé. " * 30).encode("latin-1")))], 1,
     "an encoding without Chinese characters"),
    ("source-missing", lambda f: ["render", str(f / "none.md")], 1, "none.md: no such file"),
    ("source-not-utf8", lambda f: ["render", str(_source(f, SOURCE.encode("gb18030")))], 1, "not UTF-8 text"),
    ("source-folder", lambda f: ["convert", str(f), "-o", str(f / "x.md")], 1, "is a folder, not a file"),
    ("diff-old-missing", lambda f: ["diff", str(f / "a.md"), str(_source(f))], 1, "a.md: no such file"),
    # the sidecar
    ("sidecar-not-yaml", _sidecar("title: [unclosed\n"), 1, "not valid YAML"),
    ("sidecar-a-list", _sidecar("- title\n"), 1, "expected a mapping"),
    ("sidecar-not-utf8", _sidecar("title: 报告\n".encode("gb18030")), 1, "doc.yaml: not UTF-8 text"),
    ("sidecar-folder", _folder_beside("doc.yaml"), 1, "doc.yaml: is a folder, not a file"),
    ("edits-folder", _folder_beside("doc.edits.yaml"), 1, "doc.edits.yaml: is a folder, not a file"),
    ("sidecar-unknown-key", _sidecar("titel: 报告\n"), 1, "unknown setting(s) titel"),
    ("title-number", _sidecar("title: 123\n"), 1, "title must be text, not the number 123"),
    ("title-list", _sidecar("title: [a, b]\n"), 1, "title must be text, not a list"),
    ("title-empty", _sidecar('title: ""\n'), 1, "title is empty"),
    ("title-too-long", _sidecar(f"title: {'长' * 300}\n"), 1, "title has 300 characters; at most 255"),
    ("title-control", _sidecar('title: "报\\x07告"\n'), 1, "U+0007"),
    ("sha256-number", _sidecar("sha256: 12345\n"), 1, "sha256 must be the 64 lower-case hex digits"),
    ("sha256-mismatch", _sidecar(f"sha256: {'a' * 64}\n"), 1, "does not match doc.txt"),
    ("lang-english", _sidecar("lang: en\n"), 1, "lang 'en' is not a BCP 47 tag for Chinese"),
    ("lang-underscore", _sidecar("lang: zh_CN\n"), 1, "not a BCP 47 tag"),
    ("lang-nonsense", _sidecar("lang: klingon-xx\n"), 1, "not a BCP 47 tag"),
    ("date-impossible", _sidecar("date: 2026-02-30\n"), 1, "'2026-02-30' is not a date"),
    ("date-words", _sidecar("date: yesterday\n"), 1, "is not a date"),
    ("date-no-offset", _sidecar('date: "2026-03-01 10:00"\n'), 1, "a moment with its offset"),
    ("date-list", _sidecar("date: [2026]\n"), 1, "date must be text, not a list"),
    # the corrections file
    ("edits-not-yaml", _edits("corrections: [\n"), 1, "not valid YAML"),
    ("edits-a-list", _edits("- replace: x\n"), 1, "expected a mapping"),
    ("edits-unknown-key", _edits("fixes: []\n"), 1, "expected the keys metadata and corrections"),
    ("edits-not-utf8", _edits("corrections: []\n# 报告\n".encode("gb18030")), 1, "doc.edits.yaml: not UTF-8 text"),
    ("metadata-unknown", _edits("metadata:\n  css: x.css\n"), 1, "metadata may set title"),
    ("metadata-title-list", _edits("metadata:\n  title: [a, b]\n"), 1, "metadata: title must be text, not a list"),
    ("metadata-date", _edits("metadata:\n  date: 2026-13-01\n"), 1, "is not a date"),
    ("corrections-mapping", _edits("corrections:\n  replace: x\n"), 1, "corrections must be a list"),
    ("correction-text", _edits("corrections:\n  - 改这里\n"), 1, "correction 1 must be one of"),
    ("correction-two-kinds", _edits("corrections:\n  - {replace: a, break-after: b, with: c}\n"), 1,
     "correction 1 must be one of"),
    ("replace-without-with", _edits("corrections:\n  - replace: 平台\n"), 1, "correction 1 must be one of"),
    ("with-nothing", _edits("corrections:\n  - {replace: 平台, with: }\n"), 1,
     "correction 1: with must be text, not nothing"),
    ("with-nul", _edits('corrections:\n  - {replace: 平台, with: "平\\0台"}\n'), 1, "U+0000"),
    ("anchor-number", _edits("corrections:\n  - {replace: 2026, with: x}\n"), 1, "put it in quotes"),
    ("anchor-missing", _edits("corrections:\n  - {replace: 没有这句话, with: x}\n"), 1, "no longer matches"),
    ("anchor-twice", _edits("corrections:\n  - {replace: 平台, with: x}\n"), 1, "matches 2 places"),
    # a hand-edited cleaned source
    ("source-link", _render(SOURCE + "\n[点此](javascript:alert(1))\n"), 1, "holds a link in its text"),
    ("source-autolink", _render(SOURCE + "\n<http://example.com>\n"), 1, "holds a link"),
    ("source-image", _render(SOURCE + "\n![图](http://example.com/a.png)\n"), 1, "holds an image"),
    ("source-span", _render(SOURCE + "\n[字]{style=\"color:red\"}\n"), 1, "holds a span"),
    ("source-footnote", _render(SOURCE + "\n正文^[注释]\n"), 1, "holds a footnote"),
    ("source-maths", _render(SOURCE + "\n$x^2$\n"), 1, "holds maths"),
    ("source-title-link", _render(SOURCE.replace("title: 报告", "title: '[报告](http://x.y)'")), 1,
     "holds a link in its metadata"),
    ("source-css", _render(SOURCE.replace("lang:", "css: x.css\nlang:")), 1, "metadata holds css"),
    ("source-cover", _render(SOURCE.replace("lang:", "cover-image: /etc/passwd\nlang:")), 1, "holds cover-image"),
    ("source-lang", _render(SOURCE.replace("zh-CN", "en")), 1, "lang 'en' is not a BCP 47 tag for Chinese"),
    ("source-date", _render(SOURCE.replace("lang:", "date: soon\nlang:")), 1, "'soon' is not a date"),
    ("source-list", _render(SOURCE + "\n- 一\n- 二\n"), 1, "holds a BulletList block"),
    # options and environment
    ("formats", _option("--formats", "pdf,odt"), 1, "unknown format(s) odt"),
    ("page-huge", _option("--page-size", "100000mm 100000mm"), 1, "each side must lie between 50 and 1200 mm"),
    ("page-words", _option("--page-size", "big"), 1, "unknown page size 'big'"),
    ("margin-huge", _option("--margin", "200mm"), 1, "leaves too little room for text"),
    ("margin-words", _option("--margin", "wide"), 1, "not a length: 'wide'"),
    ("usage-no-input", lambda f: ["clean"], 2, "the following arguments are required"),
    ("usage-command", lambda f: ["publish"], 2, "invalid choice"),
]


def _write(path, data):
    path.write_bytes(data)
    return path


def _files(folder):
    return sorted((str(p.relative_to(folder)), p.stat().st_mtime_ns if p.is_file() else 0)
                  for p in folder.rglob("*") if not p.is_fifo())


@pytest.mark.parametrize("command, status, words", [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_a_bad_case_is_one_line_and_leaves_nothing(tmp_path, capsys, command, status, words):
    argv = command(tmp_path)
    before = _files(tmp_path)
    try:
        code = main(["-q", *argv])
    except SystemExit as exit_:  # argparse, for usage errors
        code = exit_.code
    err = capsys.readouterr().err
    assert code == status, err
    lines = err.splitlines()
    assert len(lines) == 1 if status == 1 else lines[-1].startswith("scrape-publisher"), err
    assert "Traceback" not in err and words in err, err
    assert _files(tmp_path) == before


def test_with_nothing_deletes_the_text_and_an_emptied_paragraph(tmp_path, capsys):
    edits = ("corrections:\n  - {replace: 平台之间的竞争从流量转向供应链与服务。, with: \"\"}\n"
             "  - {replace: 未来三年，合规与本地化将决定企业能走多远。, with: \"\", why: 删去展望}\n")
    assert main(["-q", "clean", str(_seed(tmp_path, edits=edits)), "-o", str(tmp_path / "doc.md")]) == 0
    cleaned = (tmp_path / "doc.md").read_text(encoding="utf-8")
    assert "平台之间" not in cleaned and "未来三年" not in cleaned and "需求依然强劲。\n" in cleaned
    assert "# 第二章 展望\n" in cleaned and not cleaned.endswith("展望\n\n\n")


def test_the_table_covers_sixty_cases():
    assert len(CASES) >= 60


@pytest.mark.parametrize("epoch", ["253402300800", "soon", "-1"])
def test_source_date_epoch_out_of_range(tmp_path, capsys, monkeypatch, epoch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert main(["-q", "render", str(_source(tmp_path)), "--formats", "epub", "--out", str(tmp_path / "out")]) == 1
    assert "SOURCE_DATE_EPOCH must be seconds since 1970 up to the year 9999" in capsys.readouterr().err
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_a_full_standard_output_is_one_line(tmp_path):
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "pipeline", "-q", "clean", str(_seed(tmp_path))], stdout=full,
                                stderr=subprocess.PIPE, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 1 and result.stderr == "error: standard output: No space left on device\n"


def test_a_failed_edition_leaves_none_of_the_set(tmp_path, capsys):
    # The cleaned source, change log and report wait for the editions: a build
    # whose last edition fails writes nothing.
    seed = _seed(tmp_path)
    assert main(["-q", "build", str(seed), "--out", str(tmp_path / "out"), "--page-size", "1mm 1mm"]) == 1
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_a_long_title_from_the_text_still_makes_every_edition(tmp_path, capsys):
    long_title = "关于" + "跨境电商平台供应链与服务体系" * 20 + "的研究"
    source = _source(tmp_path, SOURCE.replace("title: 报告", f"title: {long_title}"))
    assert main(["-q", "render", str(source), "--formats", "docx,epub", "--out", str(tmp_path / "out")]) == 0
    with zipfile.ZipFile(tmp_path / "out" / "doc.docx") as package:
        assert long_title[:100] in package.read("docProps/core.xml").decode()


def test_control_characters_are_logged_and_never_reach_an_edition(tmp_path):
    text = TEXT.replace("竞争", "竞\x01争").replace("未来", "\x0c未来").replace("合规", "合\ufffe规")
    seed = _seed(tmp_path, text=text)
    assert main(["-q", "build", str(seed), "--out", str(tmp_path / "out"), "--formats", "epub,docx"]) == 0
    log = (tmp_path / "out" / "doc.changes.json").read_text(encoding="utf-8")
    assert log.count("a control character no edition can carry") == 3
    for edition in ("doc.epub", "doc.docx"):
        with zipfile.ZipFile(tmp_path / "out" / edition) as package:
            text = "".join(package.read(n).decode() for n in package.namelist() if n.endswith((".xhtml", ".xml")))
        assert "竞争" in text and "合规" in text and "\x01" not in text and "\ufffe" not in text


def test_under_the_c_locale_editions_are_byte_identical(tmp_path):
    source = _source(tmp_path, SOURCE.replace("# 第一章", "# 第一章 目录与摘要"))
    outputs = {}
    for locale in ("C", "C.UTF-8"):
        env = {**os.environ, "LC_ALL": locale, "LANG": locale, "PYTHONPATH": str(ROOT)}
        out = tmp_path / locale
        subprocess.run([sys.executable, "-m", "pipeline", "-q", "render", str(source), "--formats", "epub,docx",
                        "--out", str(out)], check=True, cwd=ROOT, env=env, timeout=300)
        outputs[locale] = [(out / f"doc.{fmt}").read_bytes() for fmt in ("epub", "docx")]
    assert outputs["C"] == outputs["C.UTF-8"]
    with zipfile.ZipFile(tmp_path / "C" / "doc.epub") as package:
        assert "目录" in package.read("EPUB/nav.xhtml").decode()


def test_a_temporary_file_is_removed_only_once_its_run_is_gone(tmp_path):
    from pipeline.output import STALE_AFTER_SECONDS, atomic_path

    target = tmp_path / "doc.pdf"
    with subprocess.Popen(["sleep", "30"]) as alive:
        live = tmp_path / f".doc.pdf.{alive.pid}.abc123.part"
        dead = tmp_path / ".doc.pdf.999999999.abc123.part"  # beyond any pid
        old = tmp_path / f".doc.pdf.{alive.pid}.old123.part"
        for path in (live, dead, old):
            path.write_text("partial")
        os.utime(old, (0, 0))
        assert STALE_AFTER_SECONDS < 1e9
        with atomic_path(target) as tmp:
            tmp.write_text("whole")
        alive.kill()
    assert live.exists() and not dead.exists() and not old.exists()
    assert target.read_text() == "whole"


def test_twenty_overlapping_runs_on_the_same_outputs_all_succeed(tmp_path):
    source = _source(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs = []
    for _ in range(20):
        runs.append(subprocess.Popen([sys.executable, "-m", "pipeline", "-q", "render", str(source), "--formats",
                                      "docx,epub", "--out", str(tmp_path / "out")], cwd=ROOT, env=env,
                                     stderr=subprocess.PIPE, text=True))
        time.sleep(0.05)
    for run in runs:
        assert run.wait(timeout=600) == 0, run.stderr.read()
        run.stderr.close()
    for edition in ("doc.docx", "doc.epub"):
        with zipfile.ZipFile(tmp_path / "out" / edition) as package:
            assert package.testzip() is None
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["doc.docx", "doc.epub"]


@pytest.mark.parametrize("files, words", [
    ({"doc.txt": TEXT, "doc.yaml": "title: 123\n"}, "doc.yaml: title must be text, not the number 123"),
    ({"doc.txt": TEXT, "doc.edits.yaml": "corrections:\n  - {replace: 没有这句话, with: x}\n"}, "no longer matches"),
    ({"doc.txt": TEXT, "doc.yaml": "slug: ../README\n"}, "doc.yaml: slug '../README'"),
    ({"my doc.txt": TEXT}, "seeds/my doc.txt: make cannot build a seed whose file name holds a space"),
], ids=["sidecar", "corrections", "slug", "space"])
def test_through_make_a_bad_seed_is_one_line_and_leaves_nothing(tmp_path, files, words):
    project = scratch_project(tmp_path / "project")
    (project / "seeds").mkdir()
    for name, content in files.items():
        (project / "seeds" / name).write_text(content, encoding="utf-8")
    result = subprocess.run(["make", "-s"], capture_output=True, text=True, cwd=project, timeout=300)
    assert result.returncode != 0
    assert words in result.stderr and "Traceback" not in result.stderr, result.stderr
    # The pipeline's one line, or make's own (Makefile:N: *** …); make's "Error 1" echo aside.
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ") or " *** " in line
              and not re.match(r"make(\[\d+\])?:", line)]  # make's "Error 1" echo, nested under CI's make
    assert len(errors) == 1 and words in errors[0], result.stderr
    assert not (project / "build").exists() or not list((project / "build").iterdir())
