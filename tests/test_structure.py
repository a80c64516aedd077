import pytest

from pipeline.model import EditorialNote, Heading, Metadata, Paragraph
from pipeline.structure import build_document, duplicates
from pipeline.structure.paragraphs import MAX_CHARS, MIN_CHARS, resplit

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


# ---- nothing lost, nothing invented --------------------------------------------------

def test_the_conservation_check_names_the_place_where_text_was_lost():
    from pipeline.errors import PipelineError
    from pipeline.model import Change, Document
    from pipeline.structure.conservation import check_conservation

    text = "一、甲章\n甲章正文。\n二、乙章\n乙章正文。\n"
    whole = Document(Metadata(title="t"), [], [Heading(1, "一、甲章"), Paragraph("甲章正文。"),
                                               Heading(1, "二、乙章"), Paragraph("乙章正文。")])
    check_conservation(text, [], whole)  # every character is in the document
    lost = Document(Metadata(title="t"), [], whole.body[:3])
    with pytest.raises(PipelineError, match="lose text under 二、乙章"):
        check_conservation(text, [], lost)
    # Logged as removed, with its reason, the same loss is accounted for.
    removal = Change("structure", "duplicates", 16, 21, "乙章正文。", "", "a copy")
    check_conservation(text, [removal], lost)
    invented = Document(Metadata(title="t"), [], whole.body + [Paragraph("多出来的一句。")])
    with pytest.raises(PipelineError, match="invent text"):
        check_conservation(text, [], invented)


@pytest.mark.parametrize("scrape", [
    "报告标题\n一、总论\n二、结论\n一、 总论\n第一章的正文。\n二、 结论\n结论正文。\n",  # contents repeated with a space
    "某某研究\n张三 李四\n（某某大学 经济学院，北京 100000）\n〔摘要〕本文研究某某问题。\n〔关键词〕甲；乙\n引言的第一段。\n一、背景\n正文。\n",
    "当前形式单一、能力较弱。\n统一、规范的标准正在制定。\n",
])
def test_no_text_before_or_between_headings_is_dropped(scrape):
    from pipeline.clean import clean

    cleaned, _ = clean(scrape)
    document, changes = build_document(cleaned.text, Metadata(title=None, source_file="x.txt"))
    kept = "".join(b.text for b in document.blocks()) + "".join(c.before for c in changes if c.stage == "structure")
    meta = document.metadata
    kept += "".join(filter(None, [meta.title, meta.author, meta.affiliation])) + "".join(meta.keywords)
    for piece in ["第一章的正文。", "结论正文。", "引言的第一段。", "本文研究某某问题。", "形式单一、能力较弱", "统一、规范"]:
        if piece in cleaned.text:
            assert piece in "".join(b.text for b in document.blocks()), piece
    assert all(c in kept for c in cleaned.text if not c.isspace())


def test_a_marker_inside_a_sentence_is_never_a_heading():
    document, _ = build_document("乡村文化\n当前形式单一、能力较弱，需要改进。\n要做到规划统一、标准一致。\n",
                                 Metadata(title=None, source_file="x.txt"))
    assert not document.headings()


def test_a_heading_keeps_quotes_and_its_own_line_break():
    text = "报告\n一、健全“三项”机制\n要健全机制。\n二、完善（试行）办法\n办法正文。\n"
    document, _ = build_document(text, Metadata(title=None, source_file="x.txt"))
    assert [h.text for h in document.headings()] == ["一、健全“三项”机制", "二、完善（试行）办法"]


def test_decimal_numbers_of_three_levels():
    text = "报告\n1 总论\n1.1 背景\n正文一。\n1.1.1 要点\n正文二。\n1.2 目的\n正文三。\n2 结论\n正文四。\n"
    document, _ = build_document(text, Metadata(title=None, source_file="x.txt"))
    assert [(h.level, h.text) for h in document.headings()] == [
        (1, "1 总论"), (2, "1.1 背景"), (3, "1.1.1 要点"), (2, "1.2 目的"), (1, "2 结论")]


def _headings_and_paragraphs(text):
    document, changes = build_document(text, Metadata(title=None, source_file="x.txt"))
    return [(type(b).__name__[0], b.text) for b in document.body], changes


def test_contents_entries_are_matched_tolerantly():
    contents = "报告\n目录\n第一章 总论……1\n　　1.1 背景与目的……1\n第二章 数据和方法……3\n"
    body = "第一章总论\n1.1背景与目的\n正文一。\n第二章 数据与方法\n正文二。\n"  # spaces, a changed word
    blocks, changes = _headings_and_paragraphs(contents + body)
    assert blocks == [("H", "第一章 总论"), ("H", "1.1 背景与目的"), ("P", "正文一。"),
                      ("H", "第二章 数据与方法"), ("P", "正文二。")]
    assert not any(c.rule == "absent" for c in changes)


def test_a_section_doubled_where_pages_overlap_keeps_its_later_copy():
    text = "报告\n一、总论\n（一）背景\n背景的旧写法。\n（一）背景\n背景的新写法。\n（二）目的\n目的正文。\n"
    blocks, changes = _headings_and_paragraphs(text)
    assert blocks == [("H", "一、总论"), ("H", "（一）背景"), ("P", "背景的新写法。"), ("H", "（二）目的"), ("P", "目的正文。")]
    assert [c.before.strip() for c in changes if c.rule == "duplicates"] == ["（一）背景\n背景的旧写法。"]


def test_lines_and_paragraphs_repeated_where_pages_overlap_are_kept_once():
    repeated = "这一段在两页的交界处被抓取了两次，内容完全相同。"
    text = f"报告\n一、总论\n第一段。\n{repeated}\n{repeated}\n第三段。\n"
    blocks, changes = _headings_and_paragraphs(text)
    assert blocks == [("H", "一、总论"), ("P", "第一段。"), ("P", repeated), ("P", "第三段。")]
    assert sum(c.rule == "duplicates" for c in changes) == 1


def test_the_title_line_repeated_as_a_page_header_is_dropped_and_a_far_repeat_of_the_author_stays():
    sentence = "我们必须坚持以人民为中心的发展思想，这一点反复强调也不为过。"
    text = f"某某调研报告\n一、总论\n{sentence}\n中间的一段话。\n某某调研报告\n二、结论\n另一段话。\n{sentence}\n"
    blocks, changes = _headings_and_paragraphs(text)
    assert ("P", "某某调研报告") not in blocks
    assert [b for b in blocks if b == ("P", sentence)] == [("P", sentence)] * 2  # the author's own repeat stays
    assert any(c.note.startswith("the title line again") for c in changes)


@pytest.mark.parametrize("text, headings", [
    # a heading before a wide gap on its paragraph's line (a journal template)
    ("论文\n一、制度问题更具根本性  人类进入文明时代的标志之一，是制度的建立。\n二、结论  制度需要不断完善。\n",
     [(1, "一、制度问题更具根本性"), (1, "二、结论")]),
    # a numeral and a space, on a line of its own
    ("论文\n一 问题的提出\n正文一。\n二 实践探索\n正文二。\n", [(1, "一 问题的提出"), (1, "二 实践探索")]),
    # chapters numbered on across parts
    ("方案\n第一部分 总体要求\n第一章 指导思想\n正文一。\n第二部分 主要任务\n第二章 重点工作\n正文二。\n",
     [(1, "第一部分 总体要求"), (2, "第一章 指导思想"), (1, "第二部分 主要任务"), (2, "第二章 重点工作")]),
    # a list run together on one line is not a heading
    ("方案\n1.图书数据2.借款人信息3.借用模式\n正文。\n", []),
    # a contents list whose page numbers are glued to its entries
    ("员工手册\n目录\n第一章总则3\n第二章入职管理4\n第一章总则\n一、本手册适用于全体员工。\n第二章入职管理\n一、新员工须提交体检报告。\n",
     [(1, "第一章 总则"), (1, "第二章 入职管理")]),
])
def test_heading_shapes_of_real_scrapes(text, headings):
    document, changes = build_document(text, Metadata(title=None, source_file="x.txt"))
    assert [(h.level, h.text) for h in document.headings()] == headings
    assert not any(c.rule == "absent" for c in changes)


@pytest.mark.parametrize("ending, cut", [
    ("各单位要在七月二十日前将检查情况书面报送市防汛办公室。\n办公室\n2024年4月28日\n", False),  # a sign-off
    ("各单位要在七月二十日前将检查情况书面报送市防汛办公室，逾期未报送的单位将", True),  # a real cut
    ("第四条 本规定自发布之日起施行。\n第五条 借用仪器设备应当", True),  # short, but no sign-off: a cut
    ("请各单位认真落实。\n（编辑：王丽 审核：陈刚）", False),
    ("附件清单如下。\n1.市域铁路工程\n2.绕城高速东段扩容工程", False),  # a list's last item
    ("请遵照执行。\n区政府办公室 2024年3月13日印发", False),
    ("第四条 本规定自发布之日起施行。\n第五条 逾期未报送的单位将", True),  # its last word ends nothing
])
def test_a_cut_is_marked_and_a_sign_off_is_not_one(ending, cut):
    document, _ = build_document("关于防汛检查的通知\n" + ending, Metadata(title=None, source_file="x.txt"))
    assert any(isinstance(b, EditorialNote) for b in document.body) == cut


def test_glued_headings_with_no_contents_are_flagged_as_guesses():
    prose = "社区养老服务的需求随着人口老龄化持续增长，服务供给的结构性矛盾日益突出。" * 3
    text = f"某某报告一、总论1.1评估背景近年来，{prose}1.2评估方法本次评估采用问卷调查的方式。{prose}二、发现2.1问题总体可控。{prose}"
    document, changes = build_document(text, Metadata(title=None, source_file="x.txt"))
    assert [h.text for h in document.headings()][:3] == ["一、总论", "1.1 评估背景", "1.2 评估方法"]
    guesses = [c.note for c in changes if c.rule == "heading-guess"]
    assert guesses and all("guess" in note for note in guesses)


def test_list_items_glued_into_a_run_are_never_headings():
    prose = "医共体实行行政、人事、财务、业务、药品和信息系统六统一。" * 2
    text = (f"县域医共体建设工作手册第一章 建设背景 {prose}（1）行政管理由牵头医院统一负责；（2）人事管理实行县招乡用。"
            f"①编制由县卫健局统筹。②岗位由医共体设置。{prose}")
    document, _ = build_document(text, Metadata(title=None, source_file="x.txt"))
    assert [h.text for h in document.headings()] == ["第一章 建设背景"]
    assert any("（1）行政管理由牵头医院统一负责；（2）人事管理" in b.text for b in document.body)
