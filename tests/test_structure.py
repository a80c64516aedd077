import pytest

from pipeline.model import EditorialNote, Heading, Metadata, Paragraph
from pipeline.structure import build_document, duplicates
from pipeline.structure.paragraphs import MAX_CHARS, MIN_CHARS, Layout, paragraphs, resplit
from pipeline.structure.lines import Lines

TOC_CHAPTERS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一"]


def test_the_seed_has_the_outline_of_its_table_of_contents(seed_document):
    chapters = seed_document.outline().children
    assert [c.heading.text.split("、")[0] for c in chapters] == TOC_CHAPTERS
    sections = [s for c in chapters for s in c.children]
    assert len(sections) == 44 and all(s.level == 2 and not s.children for s in sections)
    assert sections[0].heading.text == "1.1 行业宏观环境与增长驱动力"
    assert sections[-1].heading.text == "11.4 结语"
    # In contents order: chapter n holds sections n.1, n.2, …
    for number, chapter in enumerate(chapters, 1):
        assert [s.heading.text.split()[0] for s in chapter.children] == [f"{number}.{i}" for i in range(1, len(chapter.children) + 1)]


def test_title_is_metadata_not_a_heading(seed_document):
    assert seed_document.metadata.title == "2026年跨境电商平台发展行业报告"
    assert seed_document.headings()[0].text == "一、2026年跨境电商平台发展行业报告"


def test_headings_are_split_exactly_from_their_paragraphs(seed_document):
    first = seed_document.outline().children[0].children[0].blocks[0].text
    assert first.startswith("2026年跨境电商平台的发展正处于全球经济格局重塑")


def _sections(document):
    return {s.heading.text.split()[0]: s for c in document.outline().children for s in c.children}


def test_sections_with_text_and_sections_the_scrape_lacks(seed_document):
    sections = _sections(seed_document)
    with_text = [n for n, s in sections.items() if any(isinstance(b, Paragraph) for b in s.blocks)]
    assert with_text == ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "2.5",
                         "3.1", "3.2", "3.3", "3.4", "4.1", "4.2", "4.3"]
    for number, section in sections.items():
        if number not in with_text:
            assert [type(b) for b in section.blocks] == [EditorialNote], number


def test_the_later_copy_of_a_doubled_chapter_is_kept(seed_document, seed_source):
    text = "".join(b.text for b in seed_document.body)
    assert "立于不败之地" in text and "不不败" not in text
    dropped = [c for c in seed_source.changes if c.rule == "duplicates"]
    # One change per dropped copy: the whole of chapters 2 and 3, each with its sections.
    assert [c.note.split("copy of ")[1].split(" dropped")[0] for c in dropped] == [
        "二、跨境电商平台核心竞争力分析", "三、跨境电商平台运营模式深度解析"]
    assert all(c.before.count("2.") >= 5 or c.before.count("3.") >= 4 for c in dropped)
    assert "立于不[-不]败之地" in dropped[0].note


@pytest.mark.parametrize("earlier, later, similarity, shown", [
    ("平台立于不不败之地。", "平台立于不败之地。", "0.947", "立于不[-不]败之地。"),  # one character dropped
    ("平台立于不败。", "平台立于不败之地。", "0.875", "平台立于不败[+之地]"),  # the later copy goes on
    ("甲乙丙。", "甲乙丙。", "1.000", None),
    ("规模扩大。", "流量倾斜。", "0.200", "[-规模扩大+流量倾斜]"),  # differ throughout: WARNING
])
def test_a_dropped_copy_is_logged_with_difflibs_similarity_and_each_difference(earlier, later, similarity, shown):
    note = duplicates.describe("1.1", earlier, later)
    assert f"similarity {similarity}" in note
    assert ("WARNING" in note) == (float(similarity) < duplicates.SAME_TEXT)
    assert (shown in note) if shown else "0 difference(s)" in note


def test_the_cut_sentence_is_kept_and_marked(seed_document):
    blocks = _sections(seed_document)["4.3"].blocks
    assert blocks[-2].text.endswith("的成本远低于单")
    assert isinstance(blocks[-1], EditorialNote)


def test_front_note_states_source_pages_and_what_is_missing(seed_document):
    note = seed_document.front[0].text
    assert "62 页中的前 5 页" in note and "4.4 至 11.4" in note


def test_paragraphs_have_natural_length(seed_document):
    for section in seed_document.outline().walk():
        texts = [b.text for b in section.blocks if isinstance(b, Paragraph)]
        for text in texts:
            assert len(text) <= MAX_CHARS
            assert len(text) >= MIN_CHARS or len(texts) == 1, (section.heading.text, text)


def test_a_run_is_split_only_at_sentence_ends():
    text = "甲。" * 400
    spans = resplit(text, 0, len(text))
    assert "".join(s.text for s in spans) == text
    assert all(s.text.endswith("。") and text[s.start:s.end] == s.text for s in spans)


def test_a_text_without_contents_or_headings_is_kept_as_paragraphs():
    document, changes = build_document("第一句。第二句。", Metadata(title="无目录"))
    assert not document.headings()
    assert [b.text for b in document.body] == ["第一句。第二句。"]
    assert any(c.rule == "outline" for c in changes)


def test_a_different_chapter_doubled_keeps_its_later_copy():
    toc = "报告一、甲章\n1.1 甲节\n二、乙章\n2.1 乙节\n"
    body = "一、甲章1.1甲节旧的甲节正文。二、乙章2.1乙节乙节正文。一、甲章1.1甲节新的甲节正文。"
    document, changes = build_document(toc + body + "\n", Metadata(title=None))
    assert [(type(b).__name__, b.text) for b in document.body] == [
        ("Heading", "二、乙章"), ("Heading", "2.1 乙节"), ("Paragraph", "乙节正文。"),
        ("Heading", "一、甲章"), ("Heading", "1.1 甲节"), ("Paragraph", "新的甲节正文。")]
    assert document.metadata.title == "报告"
    assert sum(c.rule == "duplicates" for c in changes) == 1
