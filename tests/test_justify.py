"""Justified Chinese lines (pipeline/render/justify.py): laid out by WeasyPrint
with the extension installed, every line but a paragraph's last ends flush
with the right edge, whatever the line holds, and the text read back is the
text set, not a character more."""
import random
import re
import statistics

import pytest
import weasyprint

from pipeline.chars import squeeze
from pipeline.errors import PipelineError
from pipeline.render import justify
from pipeline.paths import STYLES
from pipeline.render.html import typeset
from pipeline.typography import body_lines, han_western_gaps, line_ends

# Our own sentences, each with something a space-only justification leaves
# ragged: Latin words and numbers, brackets and quotes, marks side by side.
SENTENCES = [
    "县域商业体系建设需要统筹规划，",
    "平台通过API接口与ERP系统对接，",
    "在2027年第三季度的调研中，",
    "“先试点、后推广”的做法取得了成效。",
    "物流成本（包括仓储与配送）下降了12.5%，",
    "SaaS服务商为中小企业提供了低成本的数字化工具；",
    "其中《农村电子商务发展指南》提出的要求尤为重要。",
    "消费者对“次日达”的期待越来越高，",
    "https://example.org/report 一类的地址不能断开，",
    "数据治理与人才培养是两项长期任务。",
]


def _paragraphs(count: int, rng: random.Random) -> list[str]:
    return ["".join(rng.choice(SENTENCES) for _ in range(rng.randint(4, 9))) for _ in range(count)]


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory):
    justify.install()
    paragraphs = _paragraphs(12, random.Random(5))
    html = "".join(f"<p>{typeset(p)}</p>" for p in paragraphs)  # spans as the PDF sets them: gaps, marks
    css = weasyprint.CSS(string="""
        @page { size: 150mm 220mm; margin: 15mm; @top-center { content: none; } @bottom-center { content: none; } }
        p { font: 10.5pt/1.8 "Noto Serif CJK SC"; text-align: justify; text-indent: 2em; margin: 0 0 0.5em;
            width: 27.3em; }""")
    path = tmp_path_factory.mktemp("justify") / "justified.pdf"
    weasyprint.HTML(string=f'<html lang="zh-CN"><body>{html}</body></html>').write_pdf(
        path, stylesheets=[weasyprint.CSS(filename=STYLES / "print.css"), css])
    return path, paragraphs


def test_every_line_but_a_paragraphs_last_ends_flush(laid_out):
    path, paragraphs = laid_out
    ends = line_ends(path)
    assert ends.flush > 40
    # A line holding the unbreakable address may be left short (MAX_SHARE_EM): none other.
    assert [short for short in ends.short if "example" not in short[2]] == []


def test_a_quarter_em_between_han_and_western_text_but_not_at_a_line_edge(laid_out):
    path, _ = laid_out
    gaps = han_western_gaps(path)
    assert len(gaps) > 30 and all(0.24 <= gap <= 0.3 for gap in gaps)
    # A line opening with `API`, `2027`, `SaaS` or `ERP` starts where the others do:
    # the run's quarter em is dropped at the edge, not set as an indent.
    lines = body_lines(path)
    edge = statistics.mode(round(line.left, 1) for line in lines)
    openers = [line for line in lines if re.match(r"[A-Za-z0-9]", line.text) and line.left < edge + 10.5]
    assert len(openers) >= 5 and all(abs(line.left - edge) < 0.05 * 10.5 for line in openers)


def test_the_text_read_back_is_the_text_set(laid_out):
    import pypdf

    path, paragraphs = laid_out
    text = "".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    assert squeeze(text) == squeeze("".join(paragraphs))


def test_gaps_come_out_as_weighted():
    text = "中文Alpha文字，“引号”"
    gaps = justify.gap_weights(text)
    assert gaps[:2] == [justify.HAN_GAP, justify.HAN_GAP]  # 中文, 文A
    assert gaps[2:6] == [0.0] * 4  # never inside a Latin word
    assert gaps[text.index("，") - 1] == justify.PUNCTUATION_GAP
    spacings = justify.letter_spacings(gaps)
    assert [(a + b) / 2 for a, b in zip(spacings, spacings[1:])] == pytest.approx(gaps)
    assert justify.gap_weights("e\u0301t\u00e9") is None  # a combining accent: not spaced


def test_on_another_weasyprint_the_extension_refuses_to_start(monkeypatch):
    monkeypatch.setattr(weasyprint, "__version__", "99.0")
    with pytest.raises(PipelineError, match=re.escape(justify.WRITTEN_FOR)):
        justify.install()


def test_a_merged_leader_sets_the_same_glyphs_at_the_same_places(tmp_path, monkeypatch):
    # pipeline/render/leaders.py: one text box a contents line instead of one a leader character.
    import pdfplumber
    from weasyprint.layout import inline

    from pipeline.render import leaders

    html = "".join(f'<p><a href="#h{n}">{title}</a></p><h2 id="h{n}">{title}</h2>'
                   for n, title in enumerate(["第一章 总论", "1.1 研究背景与意义", "附录A 数据来源"]))
    css = weasyprint.CSS(string='a::after { content: leader("…") target-counter(attr(href), page); } '
                                'p { font: 10.5pt "Noto Sans CJK SC"; } h2 { break-before: page; }')

    def glyphs(name: str) -> list:
        path = tmp_path / name
        weasyprint.HTML(string=f'<html lang="zh-CN"><body>{html}</body></html>').write_pdf(path, stylesheets=[css])
        with pdfplumber.open(path) as pdf:
            return sorted((c["text"], round(c["top"], 2), round(c["x0"], 2)) for c in pdf.pages[0].chars)

    monkeypatch.setattr(inline, "handle_leader", leaders._original_handle_leader)
    copied = glyphs("copies.pdf")
    leaders.install()
    merged = glyphs("merged.pdf")
    assert merged == copied and sum(text == "…" for text, _, _ in merged) > 30
