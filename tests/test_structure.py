import pytest

from pipeline.model import EditorialNote, Metadata, Paragraph
from pipeline.structure import build_document, duplicates
from pipeline.structure.paragraphs import MAX_CHARS, MIN_CHARS, split_paragraphs

TOC_CHAPTERS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一"]


def test_the_seed_has_the_outline_of_its_table_of_contents(seed_document):
    chapters = seed_document.chapters
    assert [c.heading.split("、")[0] for c in chapters] == TOC_CHAPTERS
    sections = [s for c in chapters for s in c.sections]
    assert len(sections) == 44
    assert sections[0].heading == "1.1 行业宏观环境与增长驱动力"
    assert sections[-1].heading == "11.4 结语"
    # In contents order: chapter n holds sections n.1, n.2, …
    for number, chapter in enumerate(chapters, 1):
        assert [s.number for s in chapter.sections] == [f"{number}.{i}" for i in range(1, len(chapter.sections) + 1)]


def test_title_is_metadata_not_a_heading(seed_document):
    assert seed_document.metadata.title == "2026年跨境电商平台发展行业报告"
    assert seed_document.chapters[0].heading == "一、2026年跨境电商平台发展行业报告"


def test_headings_are_split_exactly_from_their_paragraphs(seed_document):
    first = seed_document.chapters[0].sections[0].blocks[0].text
    assert first.startswith("2026年跨境电商平台的发展正处于全球经济格局重塑")


def _sections(document):
    return {s.number: s for c in document.chapters for s in c.sections}


def test_sections_with_text_and_sections_the_scrape_lacks(seed_document):
    sections = _sections(seed_document)
    with_text = [n for n, s in sections.items() if any(isinstance(b, Paragraph) for b in s.blocks)]
    assert with_text == ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "2.5",
                         "3.1", "3.2", "3.3", "3.4", "4.1", "4.2", "4.3"]
    for number, section in sections.items():
        if number not in with_text:
            assert [type(b) for b in section.blocks] == [EditorialNote], number


def test_the_later_copy_of_a_doubled_chapter_is_kept(seed_document, seed_source):
    text = "".join(b.text for c in seed_document.chapters for s in c.sections for b in s.blocks)
    assert "立于不败之地" in text and "不不败" not in text
    dropped = [c for c in seed_source.changes if c.rule == "duplicates"]
    assert {c.note.split("copy of ")[1].split(" ")[0] for c in dropped} >= {"2.1供应链整合与履约能力", "3.4技术驱动与运营效率"}


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
    for chapter in seed_document.chapters:
        for section in chapter.sections:
            paragraphs = [b.text for b in section.blocks if isinstance(b, Paragraph)]
            for text in paragraphs:
                assert len(text) <= MAX_CHARS
                assert len(text) >= MIN_CHARS or len(paragraphs) == 1, (section.number, text)


def test_paragraphs_split_only_at_sentence_ends():
    text = "甲。" * 400
    paragraphs = split_paragraphs(text)
    assert "".join(paragraphs) == text
    assert all(p.endswith("。") for p in paragraphs)


def test_a_text_without_contents_is_kept_as_paragraphs():
    document, changes = build_document("第一句。第二句。", Metadata(title="无目录"))
    assert not document.chapters
    assert [b.text for b in document.front if isinstance(b, Paragraph)] == ["第一句。第二句。"]
    assert any(c.rule == "outline" for c in changes)


def test_a_different_chapter_doubled_keeps_its_later_copy():
    toc = "报告一、甲章\n1.1 甲节\n二、乙章\n2.1 乙节\n"
    body = "一、甲章1.1甲节旧的甲节正文。二、乙章2.1乙节乙节正文。一、甲章1.1甲节新的甲节正文。"
    document, changes = build_document(toc + body + "\n", Metadata(title=None))
    assert [s.blocks[0].text for c in document.chapters for s in c.sections] == ["新的甲节正文。", "乙节正文。"]
    assert document.metadata.title == "报告"
    assert sum(c.rule == "duplicates" for c in changes) == 2
