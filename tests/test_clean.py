import re

import opencc
import pytest

from pipeline.chars import HAN, LOST_GLYPH_RE
from pipeline.clean import clean
from pipeline.clean.artefacts import remove_artefacts
from pipeline.clean.furniture import read_site_facts, remove_furniture
from pipeline.clean.pinyin import strip_reading_notes
from pipeline.clean.punctuation import full_width_punctuation
from pipeline.clean.script import to_simplified
from pipeline.clean.undecodable import mark_undecodable

READING_NOTE = re.compile(f"[{HAN}]\\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\\)")


# ---- reading notes -----------------------------------------------------------

def test_reading_notes_are_removed():
    text, changes = strip_reading_notes("電商平臺(tái)發(fā)展行業(yè)報(bào)告")
    assert text == "電商平臺發展行業報告"
    assert [c.before for c in changes] == ["(tái)", "(fā)", "(yè)", "(bào)"]
    assert all(c.rule == "pinyin-notes" and c.after == "" for c in changes)


def test_real_parentheticals_stay():
    for text in ["人工智能(AI)技術", "商品SKU(庫存量單位)多樣性", "物聯網(IoT)", "品牌DTC(Direct-to-Consumer)浪潮",
                 "近岸外包(Near-shoring)", "逆向物流(退換貨)體驗"]:
        assert strip_reading_notes(text) == (text, [])


def test_a_note_that_is_not_the_characters_reading_stays():
    # 好 is never read "shù": the note is not a reading note.
    assert strip_reading_notes("好(shù)")[0] == "好(shù)"


def test_no_reading_note_is_left_in_the_seed(cleaned):
    assert not READING_NOTE.search(cleaned[0].text)


# ---- site furniture and artefacts ---------------------------------------------------

def test_site_furniture_is_gone_from_the_seed(cleaned):
    text = cleaned[0].text
    for site_text in ["_第1页", "已阅读", "下载本文档", "版权说明", "文档简介", "温馨提示", "本站", "评论", "0/150",
                      "参考模板"]:
        assert site_text not in text, site_text


def test_site_facts_are_kept(cleaned):
    facts = cleaned[0].facts
    assert (facts.titles, facts.pages_seen, facts.pages_total) == ((("thumbnail", "2026年跨境电商平台发展行业报告"),), 5, 62)


def test_furniture_is_recognised_by_its_shape_not_its_bytes():
    scrape = ("某某报告_第1页\n某某报告_第2页\n已阅读2页,还剩10页未读, 继续免费阅读\n下载本文档\n"
              "某某报告参考模板一、总论\n正文。\n温馨提示\n  • 1. 本站资源说明。\n  • 2. 下载前请确认文档完整。\n评论\n0/150\n提交评论\n")
    facts = read_site_facts(scrape)
    assert (facts.titles, facts.pages_seen, facts.pages_total) == ((("thumbnail", "某某报告"),), 2, 12)
    assert remove_furniture(scrape)[0] == "某某报告一、总论\n正文。\n"


def test_generation_artefacts_are_removed():
    assert remove_artefacts("上一章。</think>二、下一章")[0] == "上一章。二、下一章"
    assert clean("正文。</think>正文。")[0].text == "正文。正文。"


# ---- script -------------------------------------------------------------------

def test_traditional_becomes_simplified_with_the_particle_zhe():
    text = to_simplified("隨著平臺發展,意味著顯著的變化")[0]
    assert text == "随着平台发展,意味着显著的变化"


def test_no_character_t2s_would_change_is_left_in_the_seed(cleaned):
    text = cleaned[0].text
    t2s = opencc.OpenCC("t2s").convert(text)
    left = {a for a, b in zip(text, t2s) if a != b}
    assert not left, left


# ---- punctuation --------------------------------------------------------------

def test_half_width_marks_in_chinese_text_become_full_width():
    text = full_width_punctuation("首先,平台(包括DTC)需要:稳定;对吗?是!")[0]
    assert text == "首先，平台（包括DTC）需要：稳定；对吗？是！"


def test_ascii_stays_in_latin_and_numeric_runs():
    for text in ["24/7客服", "占比90%", "1,000件", "Know-how", "Direct-to-Consumer", "12:30", "(IoT)"]:
        assert full_width_punctuation(text)[0] == text


def test_no_half_width_comma_between_han_in_the_seed(cleaned):
    assert not re.search(f"[{HAN}],[{HAN}]", cleaned[0].text)


def test_lost_glyph_tokens_are_left_for_the_mojibake_repair():
    assert full_width_punctuation("当?shù)地")[0] == "当?shù)地"
    assert LOST_GLYPH_RE.search("当?shù)地")


# ---- the audit ------------------------------------------------------------------

def test_every_change_names_its_rule_and_replays(seed_text):
    from pipeline.clean import RULES
    text = seed_text
    for rule in RULES:
        output, changes = rule(text)
        replayed, pos = [], 0
        for change in changes:
            assert text[change.start:change.end] == change.before
            replayed += [text[pos:change.start], change.after]
            pos = change.end
        assert "".join(replayed) + text[pos:] == output, rule.__name__
        text = output


def test_undecodable_byte_pairs_are_shown_missing_with_their_bytes_logged():
    text, changes = mark_undecodable("轉向對\ue6e8優質")
    assert text == "轉向對□優質"
    undecodable = [c for c in changes if c.rule == "undecodable"]
    assert undecodable[0].note == "undecodable bytes " + "\ue6e8".encode("gb18030").hex(" ")


def test_no_private_use_character_is_left_in_the_seed(cleaned):
    assert not re.search("[\ue000-\uf8ff]", cleaned[0].text)


def test_every_input_character_is_kept_in_order_or_inside_a_change(seed_text, cleaned):
    covered = [False] * len(seed_text)
    for change in cleaned[1]:
        covered[change.input_start:change.input_end] = [True] * (change.input_end - change.input_start)
    segments, start = [], None
    for index, is_covered in enumerate(covered + [True]):
        if not is_covered and start is None:
            start = index
        elif is_covered and start is not None:
            segments.append(seed_text[start:index])
            start = None
    # Every stretch no change touched is in the output, in order: nothing was lost silently.
    output, position = cleaned[0].text, 0
    for segment in segments:
        position = output.index(segment, position) + len(segment)
    kept = sum(map(len, segments))
    assert kept + sum(covered) == len(seed_text) and kept > len(seed_text) // 4


# ---- reading notes wherever the site put them ---------------------------------------

@pytest.mark.parametrize("scrape, expected", [
    ("F(xiàn)intech的發(fā)展", "Fintech的发展"),  # after a Latin letter
    ("工具_(dá)箱", "工具_箱"),  # after an underscore
    ("第3(sān)季度", "第3季度"),  # after a digit
    ("說明(shuō)書", "说明书"),  # one character late
    ("發展的優勢(s", "发展的优势"),  # cut by the scrape's end
])
def test_reading_notes_go_wherever_the_site_put_them(scrape, expected):
    assert clean(scrape)[0].text == expected


@pytest.mark.parametrize("text", ["文章编号:2096-0298(2024)06(a)--05", "人工智能(AI)技术", "品牌DTC(Direct-to-Consumer)浪潮",
                                  "研究(J.Piaget)的理论", "（1）第一项", "张三(1983)认为"])
def test_real_parentheses_stay(text):
    result = clean(text)[0].text
    assert re.sub("[（）()：:]", "", result) == re.sub("[（）()：:]", "", text)


# ---- furniture of other sites, as data ----------------------------------------------

BDOCX_HEAD = ("社区养老方案.docx\n- 文档编号:8812306\n- 上传时间:2024-03-18\n- 格式:DOCX\n- 页数:12\n- 大小:38.52KB\n"
              "《社区养老方案.docx》由会员分享,可在线阅读,更多相关《社区养老方案(12页珍藏版).docx》请在冰豆网上搜索。\n")


def test_a_key_value_block_and_the_shared_by_line_go_and_their_facts_stay():
    text, changes = remove_furniture(BDOCX_HEAD + "社区养老方案\n正文第一段。\n")
    assert text == "社区养老方案\n正文第一段。\n"
    assert all("冰豆网" in c.note or "generic" in c.note for c in changes)
    facts = read_site_facts(BDOCX_HEAD)
    assert facts.titles == (("file name", "社区养老方案"), ("quoted", "社区养老方案"))
    assert (facts.pages_total, facts.source_format) == (12, "DOCX")


@pytest.mark.parametrize("line", ["3 评论 2876 浏览 41 收藏 9 分钟", "登录 | 注册 | 收藏 | 举报", "分享到： 微信 微博 QQ空间",
                                  "当前位置：首页 > 论文 > 经济", "<kbd id=\"x\"><form id=\"x\"></form></kbd>", "合集下载"])
def test_interface_lines_of_any_site_go(line):
    assert remove_furniture(f"正文第一段。\n{line}\n正文第二段。\n")[0] == "正文第一段。\n正文第二段。\n"


@pytest.mark.parametrize("sentence", ["用户可以在平台上注册、登录并下载资料。", "评论区的浏览量和收藏量说明了用户的关注。",
                                      "格式：A4纸张，页数不限。", "下载", "温馨提示"])
def test_no_body_sentence_is_removed_as_furniture(sentence):
    text = "标题\n" + "正文。\n" * 60 + sentence + "\n结尾。\n"
    assert sentence in remove_furniture(text)[0]


def test_chunk_numbers_a_site_cut_the_text_with_go_and_the_cut_word_is_mended():
    chunk = "为推进作业改革，学校对各年级的作业进行了统一梳理，" * 9
    text = f"1、{chunk}删\n\n2、减重复性抄写，{chunk}\n\n3、增加实践作业。\n"
    cleaned, changes = remove_furniture(text)
    assert cleaned == f"{chunk}删减重复性抄写，{chunk}增加实践作业。\n"
    assert {c.note for c in changes} == {"site furniture (generic: chunk number)"}


def test_a_numbered_list_of_the_document_is_not_taken_for_chunks():
    text = "1、完善标准体系。\n2、加强人才培养。\n3、提升服务能力。\n"
    assert remove_furniture(text)[0] == text


def test_the_furniture_shortcut_matches_wherever_a_rule_does():
    # furniture._any_of: one pattern turns away lines no rule could match; a
    # rule that refers back to a group by name leaves no shortcut, not an error.
    from pipeline.clean.furniture import _any_of, _whole, profiles

    rules = [rule.pattern for rule in profiles().lines]
    combined = _any_of(rules)
    for line in ["已阅读5页,还剩57页未读", "下载本文档", "平台通过数据分析优化了选品。", "第1页"]:
        assert bool(combined.fullmatch(line)) == any(rule.fullmatch(line) for rule in rules)
    backreference = [_whole("(?P<x>a)b(?P=x)"), _whole("(?P<x>c)")]
    assert _any_of(backreference).fullmatch("anything at all")
