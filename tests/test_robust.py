"""Bad input, hostile text, interrupted builds, byte-identical outputs."""
import codecs
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile

import docx
import pypdf
import pytest
from conftest import ROOT, SEED, SLUG, scratch_project
from damage import paragraphs_of, seed_outline

from pipeline.clean import clean
from pipeline.render.pdf import ProjectFilesOnly

ENV = {"PYTHONPATH": str(ROOT), "PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root")}


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=ENV, timeout=300)


def _no_traceback_one_line(result):
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr


def _editions_complete(out, stem):
    for suffix in ("md", "pdf", "docx", "epub"):
        path = out / f"{stem}.{suffix}"
        assert path.exists() and path.stat().st_size > 0, path
    assert not [p for p in out.iterdir() if p.name.endswith(".part")]


# ---- bad input ---------------------------------------------------------------------------

@pytest.mark.parametrize("name, content, message", [
    ("empty", b"", "empty"),
    ("blank", b" \n\t \r\n ", "empty"),
    ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "binary"),
    ("nul", "正文\x00正文".encode(), "binary"),
])
def test_bad_input_gives_one_line_and_no_files(tmp_path, name, content, message):
    source = tmp_path / f"{name}.txt"
    source.write_bytes(content)
    out = tmp_path / "out"
    result = run("build", str(source), "--out", str(out))
    _no_traceback_one_line(result)
    assert message in result.stderr
    assert not out.exists() or not list(out.iterdir())


def _seed_text():
    return SEED.read_bytes().decode("utf-8")


@pytest.mark.parametrize("name, make", [
    ("utf16", lambda: codecs.BOM_UTF16_LE + _seed_text().encode("utf-16-le")),
    ("gb18030", lambda: _seed_text().encode("gb18030")),
])
def test_other_encodings_give_the_same_cleaned_text(tmp_path, seed_source, name, make):
    source = tmp_path / f"{SLUG}.txt"
    source.write_bytes(make())
    result = run("-q", "clean", str(source))
    assert result.returncode == 0, result.stderr
    body = lambda markdown: markdown.split("\n---\n", 1)[1]
    assert body(result.stdout) == body(seed_source.markdown)


@pytest.fixture(scope="module")
def paragraphs(seed_document):
    return paragraphs_of(seed_document)


def test_a_body_without_contents_and_contents_without_body(tmp_path, seed_document, paragraphs):
    outline = seed_outline(seed_document)
    cases = {"toc-only": "报告" + "\n".join(outline.contents()) + "\n",
             "body-only": "".join(f"{number}{title}{text}" for _, sections in outline.chapters[:2]
                                  for number, title, text in sections)}
    for name, text in cases.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
        result = run("-q", "build", str(tmp_path / f"{name}.txt"), "--out", str(tmp_path / "out"))
        assert result.returncode == 0, result.stderr
        _editions_complete(tmp_path / "out", name)
    toc_only = (tmp_path / "out" / "toc-only.md").read_text(encoding="utf-8")
    assert toc_only.count("\n# ") == 11 and toc_only.count("此部分正文不在抓取的来源中") == 44


def test_clean_chinese_text_passes_through_unchanged(paragraphs):
    text = "\n".join(paragraphs[:12])
    result, changes = clean(text)
    # Damage the first cleaning flagged is flagged again, and still left as it is.
    assert result.text == text and all(c.rule == "mojibake-unresolved" and c.before == c.after for c in changes)


def test_the_seed_twenty_times_over_and_one_long_line(tmp_path, paragraphs):
    big = tmp_path / "twenty.txt"
    big.write_bytes(SEED.read_bytes() * 20)
    assert big.stat().st_size > 2_000_000
    line = tmp_path / "line.txt"
    line.write_text(("".join(paragraphs) * 20)[:200_000], encoding="utf-8")
    for source in (big, line):
        result = run("-q", "build", str(source), "--out", str(tmp_path / "out"))
        assert result.returncode == 0, result.stderr[-500:]
        _editions_complete(tmp_path / "out", source.stem)
    twenty = (tmp_path / "out" / "twenty.md").read_text(encoding="utf-8")
    assert twenty.count("\n## ") == 44  # one copy of each section, however often the scrape repeats


@pytest.mark.parametrize("content, message", [
    (b"", "the file is empty"),
    (b" \n\t ", "the file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "this is a binary file, not text"),
    ("正文\x00正文".encode(), "this is a binary file, not text"),
])
def test_bad_input_through_make_leaves_nothing_behind(tmp_path, content, message):
    project = scratch_project(tmp_path / "project")
    (project / "seeds").mkdir()
    (project / "seeds" / "broken.txt").write_bytes(content)
    result = subprocess.run(["make", "-s"], capture_output=True, text=True, cwd=project, timeout=120)
    assert result.returncode != 0
    assert f"error: broken.txt: {message}" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "build").exists() or not list((project / "build").iterdir())


# ---- hostile text --------------------------------------------------------------------------

HOSTILE = ['<script>alert(1)</script>', '<img src="file:///etc/passwd">', '<link href="http://example.com/x.css">',
           "$x$", "\\newpage", "[a](javascript:alert(1))", "*强调*", "# 标题", "---", "|a|b|"]


@pytest.fixture(scope="module")
def hostile_editions(tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile")
    text = "一、第一章\n1.1第一节\n一、第一章1.1第一节" + "".join(f"正文里有{h}这样的字样。" for h in HOSTILE) + "\n"
    (out / "hostile.txt").write_text(text, encoding="utf-8")
    result = run("-q", "build", str(out / "hostile.txt"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def test_hostile_text_appears_literally_in_every_edition(hostile_editions):
    pdf = re.sub(r"\s+", "", "".join(p.extract_text() for p in pypdf.PdfReader(hostile_editions / "hostile.pdf").pages))
    docx_text = "".join(p.text for p in docx.Document(str(hostile_editions / "hostile.docx")).paragraphs)
    with zipfile.ZipFile(hostile_editions / "hostile.epub") as epub:
        xhtml = "".join(epub.read(n).decode() for n in epub.namelist() if n.startswith("EPUB/text/"))
    for hostile in HOSTILE:
        squeezed = re.sub(r"\s+", "", hostile)
        assert squeezed in pdf, hostile
        assert hostile in docx_text, hostile
    assert "<script" not in xhtml and "&lt;script&gt;alert(1)&lt;/script&gt;" in xhtml
    assert "<img" not in xhtml and "<link href=\"http" not in xhtml and "javascript:" not in re.sub(r">[^<]*<", "><", xhtml)


def test_nothing_named_in_the_text_is_fetched(hostile_editions):
    pdf = (hostile_editions / "hostile.pdf").read_bytes()
    assert b"root:x:0:0" not in pdf and b"/JavaScript" not in pdf and b"/URI" not in pdf
    fetcher = ProjectFilesOnly()
    for url in ("file:///etc/passwd", "http://example.com/x.css", "https://example.com/", "data:text/css,p{}",
                f"file://{ROOT}/pyproject.toml"):
        with pytest.raises(ValueError, match="refused"):
            fetcher.fetch(url)
    assert fetcher.fetch((ROOT / "styles" / "print.css").as_uri()) is not None


# ---- interrupted builds ----------------------------------------------------------------------

def test_a_killed_render_leaves_the_previous_edition_intact(tmp_path, editions):
    source = tmp_path / f"{SLUG}.md"
    shutil.copy(editions / f"{SLUG}.md", source)
    shutil.copy(editions / f"{SLUG}.pdf", tmp_path / f"{SLUG}.pdf")
    before = (tmp_path / f"{SLUG}.pdf").read_bytes()
    for delay in (0.6, 1.2, 1.8):
        process = subprocess.Popen([sys.executable, "-m", "pipeline", "-q", "render", str(source), "--formats", "pdf",
                                    "--page-size", "A5"], cwd=ROOT, env=ENV, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert (tmp_path / f"{SLUG}.pdf").read_bytes() == before  # never truncated, never half-new
    assert run("-q", "render", str(source), "--formats", "pdf").returncode == 0
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]  # leftovers of killed runs cleared


# ---- reproducible editions -------------------------------------------------------------------

def test_two_builds_in_different_directories_are_byte_identical(tmp_path, editions):
    second = tmp_path / "second"
    assert run("-q", "build", str(SEED), "--out", str(second)).returncode == 0
    digest = lambda path: hashlib.sha256(path.read_bytes()).hexdigest()
    for suffix in ("md", "changes.json", "report.json", "pdf", "docx", "epub"):
        assert digest(editions / f"{SLUG}.{suffix}") == digest(second / f"{SLUG}.{suffix}"), suffix


def test_source_date_epoch_sets_the_editions_time(tmp_path, editions):
    source = tmp_path / f"{SLUG}.md"
    shutil.copy(editions / f"{SLUG}.md", source)
    env = dict(ENV, SOURCE_DATE_EPOCH="1767225600")  # 2026-01-01
    assert subprocess.run([sys.executable, "-m", "pipeline", "-q", "render", str(source)], env=env, cwd=ROOT).returncode == 0
    assert pypdf.PdfReader(tmp_path / f"{SLUG}.pdf").metadata["/ModDate"].startswith("D:20260101")
    assert '"dcterms:modified">2026-01-01T00:00:00Z' in zipfile.ZipFile(tmp_path / f"{SLUG}.epub").read("EPUB/content.opf").decode()
    assert "2026-01-01T00:00:00Z" in zipfile.ZipFile(tmp_path / f"{SLUG}.docx").read("docProps/core.xml").decode()
