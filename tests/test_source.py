import json
from concurrent.futures import ThreadPoolExecutor

import pypandoc

from pipeline import pandoc
from pipeline.model import Abstract, Document, EditorialNote, Heading, Metadata, Paragraph
from pipeline.source import read_source, write_source

HOSTILE = ["<script>alert(1)</script>", '<img src="file:///etc/passwd">', '<link href="http://example.com/x.css">',
           "$x$", "\\newpage", "[a](javascript:alert(1))", "*强调*", "# 不是标题", "---", "|a|b|", "::: editorial",
           ":::", "&amp;", "[@cite]", "“引号”与‘单引号’", '"ascii" quotes', "a...b--c", "1. 不是列表", "> 不是引用"]


def test_seed_source_follows_the_conventions(seed_source):
    markdown = seed_source.markdown
    assert markdown.startswith("---\n")
    meta = markdown.split("\n---\n")[0]
    for line in ["lang: zh-CN", "title: 2026年跨境电商平台发展行业报告", "source: cross-border-ecommerce-2026.txt",
                 "sha256: 9fd7317a20fefa12ae84433424f59932a2e74efe6c3128177587cd87e8d240ad", "seen: 5", "total: 62"]:
        assert line in meta
    headings = [line for line in markdown.splitlines() if line.startswith("#")]
    assert sum(h.startswith("# ") for h in headings) == 11
    assert sum(h.startswith("## ") for h in headings) == 44
    assert "## 1.1 行业宏观环境与增长驱动力" in headings
    assert "</think>" not in markdown


def test_editorial_notes_are_fenced_divs(seed_source):
    markdown = seed_source.markdown
    note = markdown.index("此部分正文不在抓取的来源中")
    assert markdown.rfind("::: editorial", 0, note) > markdown.rfind("\n## ", 0, note)


def test_hostile_text_stays_literal_through_the_source():
    document = Document(Metadata(title="标题 *x* $y$"), [EditorialNote("注"), Abstract("摘要 *x*")],
                        [Heading(1, "一、章 <b>"), *[Paragraph(t) for t in HOSTILE], Heading(2, "1.1 节 [a](b)")])
    back = read_source(write_source(document))
    assert back.metadata.title == "标题 *x* $y$"
    assert back == document


def test_a_long_source_is_written_and_read_back_in_pieces_as_in_one_run(seed_source, monkeypatch):
    # pandoc.PIECE_CHARACTERS: pieces side by side, one pandoc process a core. Cut
    # every few blocks here, with the hostile paragraphs that need escaping among them.
    from pipeline import source

    document = read_source(seed_source.markdown)
    document.body.extend(Paragraph(text) for text in HOSTILE)
    ast = source.to_ast(document)
    one_run = pypandoc.convert_text(json.dumps(ast, ensure_ascii=False), pandoc.WRITER_FORMAT, format="json",
                                    extra_args=["--wrap=none", "--standalone"])
    whole = [source._block_text(block) for block in pandoc.read_markdown(one_run)["blocks"]]
    monkeypatch.setattr(pandoc, "PIECE_CHARACTERS", 2_000)
    assert pandoc.to_markdown(ast) == one_run
    pieces = pandoc.top_level_blocks(one_run)
    assert len(pandoc._pieces(pieces, len)) > 5  # (`::: editorial` unescaped joins the blocks after it, as pandoc reads it)
    assert [source._block_text(block) for block in pandoc.read_markdown_blocks(pieces)] == whole
    assert read_source(write_source(document)) == document


def test_seed_source_round_trips_through_pandoc(seed_source):
    markdown = seed_source.markdown
    ast = pandoc.read_markdown(markdown)
    again = pypandoc.convert_text(json.dumps(ast), pandoc.WRITER_FORMAT, format="json",
                                  extra_args=["--wrap=none", "--standalone"])
    assert pandoc.read_markdown(again) == ast
    assert read_source(markdown) == read_source(again)


def test_every_heading_appears_once_and_sections_with_text_are_1_1_to_4_3(seed_source):
    lines = seed_source.markdown.splitlines()
    headings = [line for line in lines if line.startswith("#")]
    assert len(headings) == len(set(headings)) == 55
    with_text = []
    for index, line in enumerate(lines):
        if line.startswith("## "):
            following = next(l for l in lines[index + 1:] if l.strip())
            if not following.startswith(":::"):
                with_text.append(line.split()[1])
    assert with_text == ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "2.5",
                         "3.1", "3.2", "3.3", "3.4", "4.1", "4.2", "4.3"]


def test_metadata_abstract_and_headings_of_any_depth_round_trip():
    metadata = Metadata(title="论文", author="张三 李四", affiliation="某某大学经济学院", keywords=["数字经济", "税收"],
                        catalogue={"clc": "F812", "document-code": "A"}, source_file="x.txt", source_format="DOCX",
                        pages_seen=3, pages_total=9)
    document = Document(metadata, [EditorialNote("注"), Abstract("中文摘要。"), Abstract("第二段。"),
                                   Abstract("An abstract.", "en")],
                        [Paragraph("引言。"), Heading(1, "一、总论"), Heading(2, "（一）背景"), Heading(3, "1. 要点"),
                         Paragraph("正文。"), Heading(4, "（1）细节"), Heading(1, "参考文献")])
    markdown = write_source(document)
    assert "::: abstract\n中文摘要。\n\n第二段。\n:::" in markdown
    assert "### 1. 要点" in markdown and "#### （1）细节" in markdown
    assert read_source(markdown) == document


def _inert_characters() -> list[str]:
    """Every assigned character of the Basic Multilingual Plane and of the
    emoji and CJK extension blocks that pandoc.inert_words lets through
    (what ingest keeps: no controls, surrogates or noncharacters)."""
    import unicodedata

    planes = [range(0x20, 0x10000), range(0x1F000, 0x1FB00), range(0x20000, 0x2A6E0, 7)]
    characters = [chr(code) for plane in planes for code in plane
                  if unicodedata.category(chr(code)) not in ("Cc", "Cs", "Cn") and not 0xFDD0 <= code <= 0xFDEF
                  and code & 0xFFFE != 0xFFFE]
    return [c for c in characters if pandoc.inert_words([c])]


def test_pandoc_writes_and_reads_every_inert_paragraph_as_its_words():
    # pipeline.pandoc skips pandoc for inert paragraphs: this holds the claim
    # against pandoc for every character it lets through, at a line's start,
    # middle and end, and on either side of a space.
    characters = _inert_characters()
    assert len(characters) > 55_000 and "，" in characters and "字" in characters and "1" in characters
    texts = [f"{a}{b} {c}{a}" for a, b, c in zip(characters, characters[1:] + characters[:1],
                                                  characters[2:] + characters[:2])]
    blocks = [{"t": "Para", "c": [{"t": "Str", "c": text.split(" ")[0]}, {"t": "Space"},
                                  {"t": "Str", "c": text.split(" ")[1]}]} for text in texts]
    ast = {"pandoc-api-version": pandoc.api_version(), "meta": {}, "blocks": blocks}
    assert all(pandoc.inert_line(text) for text in texts)
    with ThreadPoolExecutor() as pool:  # pandoc takes 2.4 s to write them and 7 s to read them back
        written = pool.submit(pypandoc.convert_text, json.dumps(ast, ensure_ascii=False), pandoc.WRITER_FORMAT,
                              format="json", extra_args=["--wrap=none"])
        assert pandoc.read_markdown_blocks([text + "\n" for text in texts]) == blocks
        assert written.result().split("\n\n") == texts[:-1] + [texts[-1] + "\n"]
