"""Editors' workflow: tracked cleaned source, diffs, the cleaning report,
corrections that survive rebuilds, and the Traditional-Chinese edition."""
import difflib
import json
import shutil
import subprocess
import sys

import pypdf
import pytest
from conftest import ROOT, SEED, SLUG
from damage import damage, paragraphs_of, seed_outline

from pipeline import check, diff, typography
from pipeline.build import make_source
from pipeline.cli import main
from pipeline.corrections import Correction, Edits, apply_edits
from pipeline.errors import PipelineError
from pipeline.report import report_html
from pipeline.seed import load_seed
from pipeline.source import read_source

# ---- the tracked cleaned source ------------------------------------------------------

def test_the_committed_cleaned_source_is_what_the_pipeline_makes_now(seed_source):
    tracked = subprocess.run(["git", "ls-files", "build"], capture_output=True, text=True, cwd=ROOT).stdout.split()
    assert tracked == [f"build/{SLUG}.md"]  # the source is tracked, the binaries are not
    assert (ROOT / "build" / f"{SLUG}.md").read_text(encoding="utf-8") == seed_source.markdown


# ---- make diff -------------------------------------------------------------------------

OLD = "---\ntitle: 报告\n---\n\n# 一、章\n\n## 1.1 节\n\n第一句话。在竞争中立于不不败之地。第三句话很长，长到足以成为一个段落的一部分，后面还有更多的文字。\n"
NEW = ("---\ntitle: 报告\n---\n\n# 一、章\n\n## 1.1 节\n\n第一句话。在竞争中立于不败之地。\n\n"
       "第三句话很长，长到足以成为一个段落的一部分，后面还有更多的文字。\n")


def test_diff_shows_sentences_with_character_highlights_under_their_heading():
    text = diff.render_text(diff.hunks(OLD, NEW), color=False)
    assert text.splitlines() == ["@@ ## 1.1 节", "~ 在竞争中立于不[-不-]败之地。", "+ {+¶第三句话很长，长到足以成…+}"]


def test_diff_is_coloured_for_a_terminal_and_plain_when_piped(tmp_path):
    assert "\033[1;31m不\033[0m" in diff.render_text(diff.hunks(OLD, NEW), color=True)
    (tmp_path / "old.md").write_text(OLD, encoding="utf-8")
    (tmp_path / "new.md").write_text(NEW, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pipeline", "diff", "old.md", "new.md", "--html", "d.html"],
                            capture_output=True, text=True, cwd=tmp_path, env={"PYTHONPATH": str(ROOT)})
    assert "[-不-]" in result.stdout and "\033" not in result.stdout
    page = (tmp_path / "d.html").read_text(encoding="utf-8")
    assert "<del>不</del>" in page and "1.1 节" in page


def test_diff_html_keeps_the_authors_brackets_literal():
    page = diff.render_html(diff.hunks("正文[-旧-]<b>。\n", "正文[-新-]<b>。\n"), "t")
    assert "<b>" not in page.split("<body>")[1] and "[-" in page


def test_no_change_is_said_plainly(seed_source):
    assert diff.hunks(seed_source.markdown, seed_source.markdown) == []


# ---- the cleaning report -----------------------------------------------------------------

def test_the_seeds_report_accounts_for_every_kind_of_repair(seed_source):
    report = seed_source.report
    assert report["counts"]["clean/pinyin-notes"] == 5033
    assert len(report["mojibake"]) >= 70 and all(r["before"] and r["after"] for r in report["mojibake"])
    repair = next(r for r in report["mojibake"] if r["after"].startswith("地市場"))
    # Context is the scrape as it came: the intact 當 with its site note, then the garbage.
    assert repair["before_context"].endswith("當(dāng)") and repair["before"].startswith("?shù)")
    assert [b["text"].splitlines()[0] for b in report["furniture"]][-1].startswith("溫馨提示")
    assert any("立于不[-不]败之地" in d["note"] for d in report["duplicates"])
    # 4.4, then chapters 5 to 11 with their sections: 7 chapters and 28 sections.
    assert len(report["absent"]) == 35 and report["truncation"]
    # 新藍?!?。 is flagged; 環??沙掷m is 環保可持續 by the byte of ？ that survived, no character missing.
    assert len(report["unresolved"]) == 2 and len(report["missing_characters"]) == 0
    # Named where an editor finds it, not by an offset into the scrape.
    assert {item["place"] for item in report["unresolved"]} == {"1.2 全球市场格局与区域特征, paragraph 2"}


def test_a_place_is_the_heading_and_paragraph_of_the_cleaned_source():
    from pipeline.model import Document, Heading, Metadata, Paragraph
    from pipeline.places import places

    text = "报告\n一、总论\n第一段。\n第二段有?号。\n二、结论\n结论也有?号。\n"
    document = Document(Metadata(title="报告"), body=[
        Heading(1, "一、总论"), Paragraph("第一段。"), Paragraph("第二段有?号。"),
        Heading(1, "二、结论"), Paragraph("结论也有?号。")])
    marks = [(m, m + 1) for m in (i for i, c in enumerate(text) if c == "?")]
    assert places(document, text, marks) == ["一、总论, paragraph 2", "二、结论, paragraph 1"]
    # A stretch the document does not hold (a dropped copy, site furniture) has no place.
    assert places(document, text + "另有?号。", [(len(text) + 2, len(text) + 3)]) == [None]


def test_damage_left_as_it_is_gets_a_note_after_its_paragraph_citing_it():
    from pipeline import notes
    from pipeline.edition import to_traditional
    from pipeline.model import Document, EditorialNote, Heading, Metadata, Paragraph
    from pipeline.places import with_damage_notes

    text = "报告\n一、总论\n第一段。\n第二段有?号和?号。\n缺了□字。\n表格里勾选□是。\n"
    document = Document(Metadata(title="报告"), body=[
        Heading(1, "一、总论"), Paragraph("第一段。"), Paragraph("第二段有?号和?号。"), Paragraph("缺了□字。"),
        Paragraph("表格里勾选□是。")])
    marks = [(m, m + 1) for m in (i for i, c in enumerate(text) if c == "?")]
    # The clean stage made the first □; the second is the author's own, and no note claims it was lost.
    noted, changes = with_damage_notes(document, text, marks, [text.index("□")])
    assert [type(b).__name__ for b in noted.body] == ["Heading", "Paragraph", "Paragraph", "EditorialNote",
                                                        "Paragraph", "EditorialNote", "Paragraph"]
    assert noted.body[3] == EditorialNote(notes.damage_note(["段有?号和?号。"], missing=False))
    assert noted.body[5] == EditorialNote(notes.MISSING_NOTE) and notes.cited_damage(notes.MISSING_NOTE) == ["□"]
    assert [c.rule for c in changes] == ["damage-note", "damage-note"] and len(document.body) == 5
    # What a note cites is read back from it, in either script, though garbage may hold 」.
    assert notes.cited_damage(noted.body[3].text) == ["段有?号和?号。"]
    assert notes.cited_damage(notes.damage_note(["乱」码", "另一处"], missing=True)) == ["乱」码", "另一处", "□"]
    assert notes.cited_damage(to_traditional(notes.damage_note(["乱码"], missing=True))) == ["亂碼", "□"]
    assert notes.cited_damage(to_traditional(noted.body[3].text)) == ["段有?號和?號。"]


def test_only_the_characters_the_clean_stage_shows_as_missing_are_noted_as_lost():
    from pipeline.clean import clean

    # Garbage after 平 that stands for a character lost without trace: shown as □, never guessed.
    cleaned, _ = clean("表格里勾选□是。新的平?píng)?通過審核。\n")
    assert cleaned.text == "表格里勾选□是。新的平□通过审核。\n"
    assert cleaned.missing == [cleaned.text.rindex("□")]


def test_the_pdf_marks_what_a_damage_note_cites(seed_document):
    from pipeline.render.html import render_html

    page = render_html(seed_document)
    # 「新蓝?！?。拉」: the damage with two characters of context on each side.
    assert '“<span class="damaged">新</span><span class="damaged">蓝</span>' in page
    assert '<span class="damaged">拉</span>美' in page


def test_unresolved_damage_comes_first_in_red(seed_source):
    page = report_html(seed_source.report)
    # Then the repairs; the counts per rule come last.
    assert page.index('class="unresolved"') < page.index('id="mojibake"') < page.index('id="counts"')
    assert "#c00" in page


def test_a_generated_scrape_reports_no_unresolved_damage(seed_document, tmp_path):
    text = "\n".join(paragraphs_of(seed_document, 1))
    scrape = tmp_path / "generated.txt"
    scrape.write_text(damage(text, seed=3, span_every=250).text, encoding="utf-8")
    assert main(["-q", "clean", str(scrape), "-o", str(tmp_path / "g.md"), "--report", str(tmp_path / "g.html")]) == 0
    report = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    assert report["unresolved"] == [] and len(report["mojibake"]) >= 5 and report["furniture"]
    assert "没有无法确定的乱码" in (tmp_path / "g.html").read_text(encoding="utf-8")


# ---- editorial corrections -------------------------------------------------------------------

def _seed_with_edits(tmp_path, edits: str):
    shutil.copy(SEED, tmp_path / "doc.txt")
    (tmp_path / "doc.edits.yaml").write_text(edits, encoding="utf-8")
    return make_source(load_seed(tmp_path / "doc.txt"))


def test_corrections_apply_once_and_are_reported(tmp_path):
    result = _seed_with_edits(tmp_path, "metadata:\n  subtitle: 整理版\n  author: 编辑部\ncorrections:\n"
                                        "  - replace: 我观察到全球通胀压力\n    with: 全球通胀压力\n    why: 不用第一人称\n"
                                        "  - break-after: 使得中小型企业能够以更低的门槛接入全球市场。\n"
                                        "  - join-after: 满足了全球消费者日益细分的个性化需求。\n")
    document = read_source(result.markdown)
    assert document.metadata.subtitle == "整理版" and document.metadata.author == "编辑部"
    first = [b.text for b in document.outline().children[0].children[0].blocks]
    assert "我观察到" not in "".join(first)
    assert first[0].endswith("使得中小型企业能够以更低的门槛接入全球市场。")
    assert first[1].startswith("这种技术普惠性") and "个性化需求。此外，各国政府" in first[1]
    assert [c["rule"] for c in result.report["corrections"]] == ["metadata", "metadata", "replace", "break", "join"]
    assert any(c.stage == "edit" and "不用第一人称" in c.note for c in result.changes)


@pytest.mark.parametrize("edits, message", [
    ("corrections:\n  - replace: 我观察到全球通涨压力\n    with: x\n", "nearest: 我观察到全球通胀压力"),
    ("corrections:\n  - replace: 跨境电商\n    with: x\n", "matches"),
    ("corrections:\n  - delete: 跨境电商\n", "must be one of"),
    ("metadata:\n  publisher: x\n", "metadata may set"),
])
def test_a_correction_that_does_not_apply_once_fails_the_build_naming_it(tmp_path, edits, message):
    with pytest.raises(PipelineError, match=message):
        _seed_with_edits(tmp_path, edits)


def test_corrections_on_a_generated_document(seed_document):
    outline = seed_outline(seed_document, slice(2), slice(2))
    from pipeline.clean import clean
    from pipeline.model import Metadata
    from pipeline.structure import build_document
    document, _ = build_document(clean(damage(outline.body(), seed=5, contents=outline.contents()).text)[0].text,
                                 Metadata(title=None))
    sentence = document.outline().children[1].children[0].blocks[0].text.split("。")[0] + "。"
    edited, changes = apply_edits(document, Edits({"title": "新标题"}, (Correction("break-after", sentence),)))
    assert edited.metadata.title == "新标题" and edited.outline().children[1].children[0].blocks[0].text == sentence
    assert [c.rule for c in changes] == ["metadata", "break"]


# ---- the Traditional-Chinese edition ------------------------------------------------------------

def test_the_zh_hant_edition_is_converted_and_set_in_tc_fonts(tmp_path, seed_source):
    source = tmp_path / f"{SLUG}.md"
    source.write_text(seed_source.markdown, encoding="utf-8")
    traditional = tmp_path / f"{SLUG}.zh-Hant.md"
    assert main(["-q", "convert", str(source), "--to", "zh-Hant", "-o", str(traditional)]) == 0
    assert main(["-q", "render", str(traditional)]) == 0
    document = read_source(traditional.read_text(encoding="utf-8"))
    assert document.metadata.lang == "zh-Hant-TW"  # issue 15: the Taiwan standard, tagged so
    assert document.metadata.title == "2026年跨境電商平臺發展行業報告"
    assert "來源：" in document.front[0].text  # the pipeline's own note converts cleanly
    assert check.check(traditional) == []
    reader = pypdf.PdfReader(tmp_path / f"{SLUG}.zh-Hant.pdf")
    assert reader.trailer["/Root"]["/Lang"] == "zh-Hant-TW"
    fonts = {str(f.get_object()["/BaseFont"]) for p in reader.pages[:6]
             for f in (p["/Resources"].get("/Font") or {}).values()}
    assert all("CJK-TC" in f for f in fonts), fonts
    ends = typography.line_ends(tmp_path / f"{SLUG}.zh-Hant.pdf")
    assert ends.flush > 300 and ends.short == [] and ends.runts == []  # justified as the zh-CN edition is
    with __import__("zipfile").ZipFile(tmp_path / f"{SLUG}.zh-Hant.docx") as edition:
        assert 'w:eastAsia="Noto Serif CJK TC"' in edition.read("word/styles.xml").decode()


@pytest.fixture(scope="module")
def generated_document(seed_document):
    """A scrape laid out from the seed's chapter 3, damaged anew, cleaned and structured."""
    from pipeline.clean import clean
    from pipeline.model import Metadata
    from pipeline.structure import build_document
    outline = seed_outline(seed_document, slice(2, 3))
    scrape = damage(outline.body(), seed=11, contents=outline.contents()).text
    return build_document(clean(scrape)[0].text, Metadata(title="生成的报告", date="2026-11-25"))[0]


def test_diff_on_a_generated_document_after_a_correction(generated_document):
    import copy

    from pipeline.source import write_source
    before = write_source(generated_document)
    sentence = generated_document.outline().children[0].children[1].blocks[0].text.split("。")[1] + "。"
    edited, _ = apply_edits(copy.deepcopy(generated_document),
                            Edits({}, (Correction("replace", sentence, "此句由编辑删改。"),)))
    changes = diff.hunks(before, write_source(edited))
    assert len(changes) == 1 and changes[0].heading.startswith("## 3.2")
    assert (changes[0].old, changes[0].new) == (sentence, "此句由编辑删改。")
    assert diff.render_text(changes, color=False).startswith("@@ ## 3.2")


def test_the_zh_hant_edition_of_a_generated_document(generated_document):
    from pipeline.scripts import converter
    from pipeline.edition import convert_document
    traditional = convert_document(generated_document, "zh-Hant")
    simplified_text = "".join(paragraphs_of(generated_document))
    traditional_text = "".join(paragraphs_of(traditional))
    assert traditional.metadata.lang == "zh-Hant-TW" and traditional.metadata.title == "生成的報告"
    assert traditional_text != simplified_text
    back = converter("tw2s").convert(traditional_text)
    # The same text: only its script, Taiwan words (数据 -> 資料) and quotes (“” -> 「」) differ.
    assert difflib.SequenceMatcher(None, back, simplified_text, autojunk=False).ratio() > 0.97
    assert generated_document.metadata.lang == "zh-CN"  # the reviewed source is left as it was
