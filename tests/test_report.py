"""The cleaning report for Chinese editors: its summary line, places in the
cleaned source, repairs in dropped copies told apart, samples and oddities
of the changes made by the thousand, and corrections ready to paste."""
import json
import re
import time

import pytest
from conftest import ROOT, SEED

from pipeline import report_labels as labels
from pipeline.build import make_source
from pipeline.clean import clean
from pipeline.clean.script import converter
from pipeline.cli import main
from pipeline.corrections import apply_edits, load_edits
from pipeline.model import Abstract, Change, Document, EditorialNote, Heading, Metadata, Paragraph
from pipeline.places import AFTER, BEFORE, CONTENTS, DROPPED, IN, CleanedOffsets, Locator
from pipeline.report import report_html
from pipeline.seed import load_seed
from pipeline.source import read_source

FIXTURES = sorted((ROOT / "tests" / "fixtures").glob("*.txt"))

# Damage the clean stage leaves for an editor (tests/test_mojibake.py's), a
# character lost without trace, and a conversion whose result the word list
# all but never sees (鋱 -> 铽, 5 in jieba's counts), under two headings.
FLAGGED = """气象站工作报告
一、总论
第一段没有问题，这里记录了站里一年的工作。記錄氣溫、氣壓、溼度?qún)惋?速,夜裏兩點還要再記一次。
新的平?píng)?通過審核以後,站里的數據會自動上傳。
本段提到鋱元素在儀器裏的用途,以及儀器的維護。
二、结论
孩子們常常跑上樓頂,看打球痉翻土,數黃瓜花開了幾朵。
八十公里以外,大笱┓饴?的時候,補給車要走三天。
"""


@pytest.fixture(scope="module")
def flagged(tmp_path_factory):
    path = tmp_path_factory.mktemp("flagged") / "doc.txt"
    path.write_text(FLAGGED, encoding="utf-8")
    return path, make_source(load_seed(path))


def _paragraph_at(document: Document, where: dict) -> str:
    """The text of the paragraph a place names, looked up in the document."""
    section, number = None, 0
    for block in document.body:
        if isinstance(block, Heading):
            section, number = block.text, 0
        elif isinstance(block, Paragraph):
            number += 1
            if (section, number) == (where["section"], where["paragraph"]):
                return block.text
    raise AssertionError(f"no paragraph {where}")


# ---- the seed's report ----------------------------------------------------------------------

def test_the_summary_line_says_what_was_done_and_what_is_left(seed_source):
    report = seed_source.report
    figures = report["figures"]
    assert report["summary"].startswith(f"修复乱码 {figures['repairs']} 处（另有 {figures['repairs_in_dropped_copies']} 处"
                                        "在已删除的重复稿中），2 处无法确定（已标注")
    assert f"繁体转简体 {figures['script']:,} 字" in report["summary"] and report["summary"].endswith("。")
    # The figures are the change log's.
    assert figures["script"] == sum(len(c.before) for c in seed_source.changes if c.rule == "script")
    assert figures["punctuation"] == report["counts"]["clean/punctuation"]
    assert figures["reading_notes"] == report["counts"]["clean/pinyin-notes"]
    assert figures["furniture"] == len(report["furniture"]) and figures["dropped_copies"] == 2


def test_the_keys_the_batch_summary_reads_are_kept(seed_source):
    report = seed_source.report
    assert {"title", "mojibake", "unresolved", "absent", "counts", "furniture", "duplicates"} <= set(report)
    # Every repair is still listed once, those in dropped copies marked as such.
    assert len(report["mojibake"]) == report["counts"]["clean/mojibake"]


def test_places_are_the_section_and_paragraph_of_the_cleaned_source(seed_source):
    report, markdown = seed_source.report, seed_source.markdown
    document = read_source(markdown)
    lines = markdown.split("\n")
    assert {u["where"]["label"] for u in report["unresolved"]} == {"1.2 全球市场格局与区域特征 · 第2段"}
    repairs = [r for r in report["mojibake"] if r["dropped_copy"] is None]
    assert repairs and all(r["where"]["relation"] == IN for r in repairs)
    for item in repairs + report["unresolved"]:
        where = item["where"]
        paragraph = _paragraph_at(document, where)
        # The repaired text, with some of its context (the rest may be the next paragraph's), is in that
        # paragraph, on that line of the source.
        before, after = item["cleaned_before"][-3:], item["cleaned_after"][:3]
        assert before + item["cleaned"] in paragraph or item["cleaned"] + after in paragraph
        assert paragraph in lines[where["line"] - 1].replace("\\", "")
        assert where["offset"] == item["offset"]  # the input offset, kept beside it


def test_repairs_in_dropped_copies_are_listed_once_under_their_copy(seed_source):
    report = seed_source.report
    repairs = report["mojibake"]
    in_copies = [r for r in repairs if r["dropped_copy"] is not None]
    assert in_copies and report["figures"]["repairs"] + len(in_copies) == len(repairs)
    assert all(r["where"]["relation"] == DROPPED for r in in_copies)
    assert sum(d["repairs"] for d in report["duplicates"]) == len(in_copies)
    # Folded into the kept copy's repair: the same repair, after the copy, counted on it once.
    for item in in_copies:
        if item["twin"] is not None:
            twin = repairs[item["twin"]]
            assert twin["dropped_copy"] is None and (twin["before"], twin["after"]) == (item["before"], item["after"])
    assert sum(r["twins_in_dropped_copies"] for r in repairs) == sum(r["twin"] is not None for r in in_copies) > 0
    page = report_html(report)
    main_table = page.split('id="mojibake"')[1].split("<details>")[0]
    assert main_table.count("<tr>") == report["figures"]["repairs"] + 1  # and the head


def test_removed_things_are_placed_before_or_after_what_they_were_removed_from(seed_source):
    furniture = seed_source.report["furniture"]
    assert furniture[0]["where"]["relation"] == BEFORE and furniture[0]["where"]["label"].startswith("标题「一、")
    assert furniture[-1]["where"]["relation"] == AFTER and furniture[-1]["where"]["label"].endswith("第1段之后")
    assert furniture[1]["text"] == "參考模板" and furniture[1]["where"]["relation"] == BEFORE  # glued to the contents list
    for copy in seed_source.report["duplicates"]:  # a dropped copy: before the copy kept
        assert copy["where"]["relation"] == BEFORE and copy["where"]["label"].startswith("标题「")


def test_script_punctuation_and_reading_notes_have_samples_and_oddities(seed_source):
    samples = seed_source.report["samples"]
    script = samples["script"]
    assert script["top"][0] == {"before": "臺", "after": "台", "count": 462} and len(script["top"]) == 10
    assert {"before": "著", "after": "着", "count": 8} in script["phrases"]
    for sample in script["in_context"] + [o["sample"] for o in script["once"]]:
        assert sample["where"]["relation"] == IN and converter("t2s").convert(sample["before"]) == sample["after"]
    assert script["once_count"] >= len(script["once"]) > 0
    punctuation = samples["punctuation"]
    assert punctuation["top"][0]["before"] == "," and punctuation["in_context"]
    assert punctuation["between_western"] == 0 and punctuation["beside_western"] > 0  # `AI）技术`: shown, not odd
    notes = samples["reading_notes"]
    assert notes["top"][0]["note"] == "(tái)" and notes["top"][0]["sample"]["before_context"].endswith("台")
    # The text checks: the quote the damage swallowed, and a half-width bracket left beside Han.
    assert [(c["kind"], c["where"]["label"]) for c in seed_source.report["checks"]] == [
        ("unpaired", "1.2 全球市场格局与区域特征 · 第2段"), ("half-width-bracket", "1.4 技术应用与基础设施升级 · 第2段")]


def test_a_ready_to_paste_correction_for_the_seeds_damage(seed_source, tmp_path):
    report = seed_source.report
    [proposal] = report["proposals"]  # the two flags of one stretch: one correction
    assert {u["proposal"] for u in report["unresolved"]} == {0}
    assert "新蓝?！?。" in proposal["replace"] and "〔待定〕" in proposal["with"]
    _pasted(seed_source, report["edits_yaml"], tmp_path)


def _pasted(source, edits_yaml: str, tmp_path) -> Document:
    """The document once the proposals are pasted into an edits file: each must match exactly once."""
    path = tmp_path / "doc.edits.yaml"
    path.write_text(edits_yaml, encoding="utf-8")
    edits = load_edits(path)
    assert edits.corrections
    document = read_source(source.markdown)
    document.front = [b for b in document.front if not isinstance(b, EditorialNote)]
    corrected, changes = apply_edits(document, edits)  # raises if one matches no place, or several
    assert len(changes) == len(edits.corrections)
    return corrected


# ---- flags of every kind ---------------------------------------------------------------------

def test_each_flag_gets_a_correction_that_matches_once(flagged, tmp_path):
    _, source = flagged
    report = source.report
    assert [u["where"]["label"] for u in report["unresolved"]] == ["一、总论 · 第1段", "二、结论 · 第1段", "二、结论 · 第2段"]
    assert report["unresolved"][0]["readings"][:2] == ["和飞", "和风"]  # simplified, as the text around them
    [missing] = report["missing_characters"]
    assert missing["where"]["label"] == "一、总论 · 第2段" and missing["cleaned"] == "□"
    assert all(item["proposal"] is not None for item in report["unresolved"] + report["missing_characters"])
    corrected = _pasted(source, report["edits_yaml"], tmp_path)
    text = "".join(b.text for b in corrected.body if isinstance(b, Paragraph))
    assert "湿度和飞速" in text and "看蚯蚓翻土" in text and "大雪封路" in text and "□" not in text
    for proposal in report["proposals"]:
        assert proposal["yaml"].startswith("  - replace: ") and proposal["why"].startswith("清理报告：")


def test_damage_a_pasted_correction_settled_is_no_longer_flagged(flagged):
    path, source = flagged
    first = source.report["proposals"][0]
    path.with_name("doc.edits.yaml").write_text("corrections:\n" + first["yaml"], encoding="utf-8")
    try:
        report = make_source(load_seed(path)).report
    finally:
        path.with_name("doc.edits.yaml").unlink()
    settled = [u for u in report["unresolved"] if u["settled"]]
    assert [u["where"]["label"] for u in settled] == ["一、总论 · 第1段"] and settled[0]["proposal"] is None
    assert report["figures"]["unresolved"] == source.report["figures"]["unresolved"] - 1
    assert "1 处已由编辑更正" in report["summary"] and len(report["proposals"]) == len(source.report["proposals"]) - 1


def test_a_conversion_the_word_list_all_but_never_sees_is_picked_out(flagged):
    report = flagged[1].report
    [odd] = report["samples"]["script"]["oddities"]
    assert (odd["before"], odd["after"], odd["sample"]["where"]["label"]) == ("鋱", "铽", "一、总论 · 第3段")
    assert "可疑之处" in report["summary"] and report["figures"]["oddities"] == 1


def test_a_flag_outside_the_authors_paragraphs_gets_no_correction():
    from pipeline.proposals import Flag, Proposals

    text = "一、总论\n正文有?号。\n"
    document = Document(Metadata(title="t"), body=[Heading(1, "一、总论"), Paragraph("正文有?号。")])
    locator = Locator(document, text, [])
    heading = locator.place(1, 2)
    assert heading.relation == IN and heading.block.kind == "heading"
    proposals, chosen = Proposals(document, locator).propose(
        [Flag(1, 2, heading, "〔待定〕", "t"), Flag(8, 9, locator.place(8, 9), "〔待定〕", "t")])
    assert chosen == [None, 0] and proposals[0]["replace"] == "正文有?号。"


# ---- places ----------------------------------------------------------------------------------

def test_a_place_is_a_block_or_where_something_was_removed_between_blocks():
    text = "目录\n一、总论 1\n报告\n一、总论\n旧的第一段。\n一、总论\n第一段。\n第二段。\n"
    contents = Change("structure", "contents", 0, 12, text[0:12], "", "contents")
    copy_start = text.index("一、总论\n旧")
    copy = Change("structure", "duplicates", copy_start, text.index("一、总论\n第一段"), "", "",
                  "earlier copy of 一、总论 dropped for the later one (similarity 0.9); 1 difference(s): [-旧的-]")
    document = Document(Metadata(title="报告"), front=[EditorialNote("编者注"), Abstract("摘要一段。")],
                        body=[Heading(1, "一、总论"), Paragraph("第一段。"), Paragraph("第二段。")])
    locator = Locator(document, text, [contents, copy])
    first, second = text.rindex("第一段"), text.index("第二段")
    assert labels.place_label(locator.place(first + 1, first + 2)) == "一、总论 · 第1段"
    assert labels.place_label(locator.place(second)) == "一、总论 · 第1段之后"  # a point between two paragraphs
    assert labels.place_label(locator.place(second + 1)) == "一、总论 · 第2段"
    assert locator.place(5, 6).relation == CONTENTS
    dropped = locator.place(text.index("旧"), text.index("旧") + 1)
    assert dropped.relation == DROPPED and labels.place_label(dropped) == "已删除的重复稿中（「一、总论」的前一稿）"
    assert labels.place_label(locator.place(copy.end, before=True)) == "标题「一、总论」之前"
    assert labels.place_label(locator.place(len(text))) == "一、总论 · 第2段之后"


def test_cleaned_offsets_follow_every_change_of_length(seed_text):
    cleaned, changes = clean(seed_text)
    offsets = CleanedOffsets(changes)
    for change in changes:
        if change.rule == "mojibake":
            start, end = offsets.span(change)
            assert cleaned.text[start:end] == converter("t2s").convert(change.after)
        elif change.rule == "mojibake-unresolved":
            assert cleaned.flagged[change.input_start] == offsets.span(change)
        elif change.rule == "punctuation":
            at = offsets(change.input_start)
            assert cleaned.text[at] == change.after and offsets.inverse(at) == change.input_start


# ---- in Chinese --------------------------------------------------------------------------------

ENGLISH_INTERFACE = re.compile(r"\b(?:Cleaning|report|Unresolved|paragraph|repaired|removed|Changes per rule|"
                               r"Duplicate|Outline|Source|none)\b")


def test_the_page_is_in_chinese(seed_source, flagged):
    for report in (seed_source.report, flagged[1].report):
        page = report_html(report)
        body = page.split("<body>")[1]
        # What is left in English is data: the change log's rule keys, the YAML keys.
        shown = re.sub(r"<code>.*?</code>|<pre[^>]*>.*?</pre>|<[^>]+>", " ", body, flags=re.S)
        assert not ENGLISH_INTERFACE.search(shown), ENGLISH_INTERFACE.search(shown)
        assert "清理报告：" in page and report["summary"] in page
        assert page.index('class="unresolved"') < page.index('id="mojibake"') < page.index('id="counts"')


def test_every_rule_and_reason_has_its_chinese(seed_source, flagged, tmp_path):
    sources = [seed_source, flagged[1]]
    for fixture in FIXTURES:
        sources.append(make_source(load_seed(fixture)))
    for source in sources:
        for key in source.report["counts"]:
            assert key in labels.RULES, key
        for note in {c.note for c in source.changes if c.stage != "edit"}:
            assert labels.known(note), note


def test_every_reason_the_repair_flags_damage_for_has_its_chinese():
    from pipeline.clean import mojibake

    reasons = [value for name, value in vars(mojibake).items()
               if name.isupper() and isinstance(value, str) and value.endswith("left as it is")]
    assert len(reasons) >= 6
    for flagged in reasons:
        for note in (flagged, f"{flagged}: 襰", f"{flagged}; the readings, most plausible first: 和飛、和風"):
            assert labels.known(note), note
    assert labels.known(f"{mojibake.SUSPECTED} 15; the readings, most plausible first: 蚯蚓")


def test_every_kind_of_site_furniture_has_its_chinese():
    from pipeline.clean.furniture import profiles

    found = profiles()
    for rule in found.lines + found.inline + found.blocks:
        assert rule.what in labels.FURNITURE_KINDS, rule.what
    source = (ROOT / "pipeline" / "clean" / "furniture.py").read_text(encoding="utf-8")
    for what in re.findall(r'"generic: ([a-z -]+)"', source):
        assert what in labels.FURNITURE_KINDS, what


def test_the_fixtures_reports_place_everything(tmp_path):
    for fixture in FIXTURES:
        html = tmp_path / f"{fixture.stem}.html"
        assert main(["-q", "clean", str(fixture), "-o", str(tmp_path / f"{fixture.stem}.md"), "--report", str(html)]) == 0
        report = json.loads(html.with_suffix(".json").read_text(encoding="utf-8"))
        places = [r["where"] for r in report["mojibake"] + report["furniture"] + report["artefacts"]]
        assert all(where["relation"] != "unknown" for where in places), fixture.name
        assert report["summary"] in html.read_text(encoding="utf-8")


# ---- cost --------------------------------------------------------------------------------------

def test_the_report_grows_with_the_scrape_not_faster(tmp_path):
    """The seed twice and eight times over (copies the structure stage drops,
    with their repairs): a report a quadratic step would make sixteen times
    as costly takes about four times as long."""
    from pipeline.report import build_report

    text = SEED.read_text(encoding="utf-8")
    inputs = []
    for times in (2, 8):
        path = tmp_path / f"x{times}.txt"
        path.write_text(text * times, encoding="utf-8")
        inputs.append(make_source(load_seed(path))._report_inputs)
    best = []
    for report_inputs in inputs:
        runs = []
        for _ in range(3):
            started = time.process_time()
            report_html(build_report(*report_inputs))
            runs.append(time.process_time() - started)
        best.append(min(runs))
    assert best[1] < 6.0 * best[0], best
