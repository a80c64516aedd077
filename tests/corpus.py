"""Generated corpora for the structure stage's evaluation gate.

Each document is drawn at random (from a seed) with a known truth: a title,
an outline in one of the numbering schemes Chinese documents use, the
seed's cleaned paragraphs as its text. A layout then prints it as one
family of sites does: glued into one line after a contents list (the
seed), one paragraph a line with headings on their own lines, or wrapped
at a fixed width with or without indents; with or without a contents list
(with leaders and page numbers), a paper's front matter, site furniture,
doubled parts and paragraphs, a cut mid-sentence, and in traditional
characters with reading notes and spans read one byte late.

`evaluate(documents)` runs each through clean and structure and measures
what an editor would: the title, the headings (text and level), the
characters of the text kept, paragraph starts where the source had them,
site furniture left.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

import opencc

from pipeline.clean import clean
from pipeline.model import Heading, Metadata, Paragraph
from pipeline.structure import build_document

_S2T = opencc.OpenCC("s2t")
_CN = "一二三四五六七八九十"

# Headings of our own, for outlines of any depth.
TITLES = ["发展现状", "主要问题", "原因分析", "国际经验", "总体思路", "基本原则", "重点任务", "保障措施", "市场规模",
          "竞争格局", "技术路线", "政策环境", "风险评估", "实施步骤", "组织管理", "资金安排", "效果评价", "典型案例",
          "用户需求", "服务模式", "数据治理", "人才培养", "品牌建设", "渠道拓展", "成本控制", "质量管理", "合规要求",
          "未来展望", "研究方法", "样本选择", "变量说明", "实证结果", "稳健性检验", "政策建议"]
DOC_TITLES = ["关于推进县域商业体系建设的调研报告", "跨境电商企业海外仓运营研究", "智慧物流园区建设可行性分析",
              "中小企业数字化转型路径研究", "农产品电商供应链优化方案", "城市社区养老服务发展报告"]


def _cn(n: int) -> str:
    return _CN[n - 1] if n <= 10 else ("十" + _CN[n - 11] if n < 20 else _CN[n // 10 - 1] + "十" + (_CN[n % 10 - 1] if n % 10 else ""))


# Numbering schemes, outermost first: how each level writes its number.
SCHEMES = {
    "一、/（一）/1.": [lambda p: f"{_cn(p[-1])}、", lambda p: f"（{_cn(p[-1])}）", lambda p: f"{p[-1]}."],
    "第X章/第X节": [lambda p: f"第{_cn(p[-1])}章 ", lambda p: f"第{_cn(p[-1])}节 "],
    "1/1.1/1.1.1": [lambda p: f"{p[0]} ", lambda p: ".".join(map(str, p[:2])) + " ", lambda p: ".".join(map(str, p[:3])) + " "],
    "一、/1.1": [lambda p: f"{_cn(p[-1])}、", lambda p: f"{p[0]}.{p[-1]} "],
    "第X部分/一、/（一）": [lambda p: f"第{_cn(p[-1])}部分 ", lambda p: f"{_cn(p[-1])}、", lambda p: f"（{_cn(p[-1])}）"],
}


@dataclass
class Node:
    level: int
    heading: str  # as the cleaned source writes it
    glued: str  # as a scrape glues it to its text: no space after the number
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class Generated:
    name: str
    scrape: str
    title: str
    nodes: list[Node]
    intro: list[str]
    layout: str  # glued, lines, wrapped
    site_text: tuple[str, ...]

    def headings(self) -> list[tuple[int, str]]:
        return [(node.level, node.heading) for node in self.nodes]

    def paragraphs(self) -> list[str]:
        return self.intro + [p for node in self.nodes for p in node.paragraphs]


def _outline(rng: random.Random, scheme: str, paragraphs: list[str]) -> list[Node]:
    marks = SCHEMES[scheme]
    titles = rng.sample(TITLES, len(TITLES))
    nodes: list[Node] = []

    def grow(path: tuple[int, ...]):
        depth = len(path)
        mark = marks[depth - 1](path)
        title = titles.pop()
        heading = mark.rstrip() + (" " if mark.endswith(" ") else "") + title
        nodes.append(Node(depth, heading, mark.rstrip() + title))
        children = rng.randint(2, 3) if depth < len(marks) and rng.random() < 0.7 else 0
        if not children or rng.random() < 0.3:
            nodes[-1].paragraphs = [paragraphs.pop() for _ in range(rng.randint(1, 2)) if paragraphs]
        for child in range(1, children + 1):
            if titles and paragraphs:
                grow(path + (child,))

    for top in range(1, rng.randint(2, 4) + 1):
        if titles and paragraphs:
            grow((top,))
    return nodes


_TOKEN = re.compile(r"[A-Za-z0-9.%]+|.")


def _wrap(paragraph: str, width: int, indent: bool, rng: random.Random) -> list[str]:
    """Lines as a PDF sets them: each as wide as `width` Chinese characters (a
    Latin letter or digit takes half of one), a Latin word or a number never
    broken, and now and then a character short (punctuation set narrow, a
    mark that may not open a line pulled back)."""
    from pipeline.structure.lines import display_width

    lines, line = [], "\u3000\u3000" if indent else ""
    limit = width - rng.choice((0, 0, 0, 1))
    for token in _TOKEN.findall(paragraph):
        if line and display_width(line + token) > limit:
            lines.append(line)
            line = ""
            limit = width - rng.choice((0, 0, 0, 1))
        line += token
    return lines + [line]


_HEADS = {
    "renrendoc": lambda t: [f"{t}_第{k}页" for k in range(1, 4)] + ["已阅读3页,还剩20页未读, 继续免费阅读", "下载本文档",
                                                                   "版权说明:本文档由用户提供并上传,收益归属内容提供方,若内容存在侵权,请进行举报或认领", "文档简介"],
    "bdocx": lambda t: [f"{t}.docx", "- 文档编号:5521093", "- 上传时间:2023-05-12", "- 格式:DOCX", "- 页数:23",
                        "- 大小:66.98KB", f"《{t}.docx》由会员分享,可在线阅读,更多相关《{t}.docx(23页珍藏版)》请在冰豆网上搜索。"],
    "blog": lambda t: [t, "2 评论 3384 浏览 15 收藏"],
    "none": lambda t: [],
}
_FOOTS = {
    "renrendoc": ["温馨提示", "  • 1. 本站所有资源如无特殊说明,都需要本地电脑安装OFFICE2007和PDF阅读器。", "评论", "0/150", "提交评论"],
    "bdocx": [],
    "blog": ["登录 | 注册 | 收藏 | 举报"],
    "none": [],
}
# What the site furniture above says, where no body sentence of the seed says it.
SITE_TEXT = ("_第1页", "已阅读", "下载本文档", "版权说明", "文档编号", "由会员分享", "冰豆网", "温馨提示", "3384 浏览",
             "0/150", "提交评论", "登录 | 注册", "文档简介", "页数:", "上传时间")


# Paragraphs that look like headings to a careless reader, and are not:
# list items, captions, numbers opening a sentence, 一、 inside a sentence.
DISTRACTORS = ["（1）完善标准体系，统一数据接口；", "（2）加强人才培养，提升服务能力。", "1. 明确责任分工，细化工作任务；",
               "图1 近五年市场规模变化", "表2 主要平台服务能力对比", "2.5倍的增速意味着市场仍处于扩张期，竞争远未结束。",
               "当前部分企业存在形式单一、能力较弱、服务分散的问题，亟待整合。", "一是规模持续扩大，二是结构不断优化，三是效益稳步提升。",
               "数据来源：行业协会年度统计公报"]
FRONT = ("张明远，刘晓芳", "（华东理工大学 商学院，上海 200237）", "摘要：本文围绕企业转型中的关键问题展开分析，提出了可操作的改进路径。",
         "关键词：数字化转型；供应链；平台经济")


def generate(seed: int, paragraphs: list[str]) -> Generated:
    rng = random.Random(seed)
    pool = rng.sample(paragraphs, len(paragraphs))
    scheme = rng.choice(list(SCHEMES))
    nodes = _outline(rng, scheme, pool)
    layout = rng.choice(["glued", "lines", "lines", "wrapped", "wrapped"])
    site = rng.choice(list(_HEADS))
    title = rng.choice(DOC_TITLES)
    contents = layout == "glued" or rng.random() < 0.3
    front = layout != "glued" and site in ("none", "bdocx") and rng.random() < 0.3
    intro = [pool.pop()] if layout != "glued" and rng.random() < 0.3 and pool else []
    width, indent, blank = rng.randint(30, 48), rng.random() < 0.6, rng.random() < 0.5
    if layout != "glued":
        for node in rng.sample(nodes, min(3, len(nodes))):
            if node.paragraphs:
                node.paragraphs.insert(rng.randrange(len(node.paragraphs) + 1), rng.choice(DISTRACTORS))
    with_text = [n for n in nodes if n.paragraphs]
    cut = rng.random() < 0.3 and with_text
    if cut:  # the scrape stops mid-sentence in the last paragraph
        last = with_text[-1].paragraphs
        last[-1] = last[-1][:max(8, len(last[-1]) * 2 // 3)].rstrip("。！？；，、")

    # What the scrape doubles, the truth holds once: a part's earlier draft,
    # a paragraph repeated where two pages overlap, the title line again.
    doubled = rng.choice(nodes) if rng.random() < 0.2 else None
    overlap = rng.choice(with_text).paragraphs[0] if with_text and layout != "glued" and rng.random() < 0.2 else None
    title_again = layout != "glued" and rng.random() < 0.15

    def part_of(node: Node) -> list[Node]:
        index = nodes.index(node)
        following = next((i for i in range(index + 1, len(nodes)) if nodes[i].level <= node.level), len(nodes))
        return nodes[index:following]

    def draft(part: list[Node]) -> list[Node]:
        return [Node(n.level, n.heading, n.glued, [p.replace("，", "、", 1) for p in n.paragraphs]) for n in part]

    printed = list(nodes)
    if doubled:
        at = printed.index(doubled)
        printed[at:at] = draft(part_of(doubled))

    head = _HEADS[site](title)
    if site != "renrendoc" and site != "blog":
        head.append(title)  # the document's own title line
    if front:
        head += list(FRONT)
    lines: list[str] = []
    if layout == "glued":
        entries = [n.glued for n in nodes]
        entries[0] = (title if site != "renrendoc" else title + "参考模板") + entries[0]
        body = "".join(n.glued + "".join(n.paragraphs) for n in printed)
        lines = ["\n\n".join(entries) + body]
        head = [h for h in head if h != title]
    else:
        if contents:
            lines.append("目录")
            page = 1
            for node in nodes:
                lines.append(("\u3000\u3000" * (node.level - 1)) + node.heading + rng.choice(["……", " ", "......"]) + str(page))
                page += rng.randint(0, 2)

        def paragraph_lines(paragraph: str) -> list[str]:
            out = _wrap(paragraph, width, indent, rng) if layout == "wrapped" else [paragraph]
            return out + ([""] if blank else [])

        for paragraph in intro:
            lines += paragraph_lines(paragraph)
        for node in printed:
            lines += [node.heading] + ([""] if blank else [])
            for paragraph in node.paragraphs:
                lines += paragraph_lines(paragraph)
                if paragraph == overlap:
                    lines += paragraph_lines(paragraph)
            if title_again and node is printed[len(printed) // 2]:
                lines += [title] + ([""] if blank else [])
    text = "\n".join(head + lines + ([] if cut else _FOOTS[site])) + "\n"
    if rng.random() < 0.4:
        from damage import damage_text

        text = damage_text(text, rng, span_every=400)
    features = [scheme, layout, site] + [name for name, on in (("contents", contents), ("front", front), ("cut", cut),
                                                               ("doubled", doubled), ("overlap", overlap),
                                                               ("title-again", title_again)) if on]
    return Generated("-".join([str(seed)] + features), text, title, nodes, intro, layout,
                     SITE_TEXT if site != "none" else ())


def write_scrapes(folder, paragraphs: list[str], count: int, joined: int = 1, first: int = 0) -> list:
    """`count` generated scrapes written as folder/generated-<n>.txt (UTF-8),
    for runs over a folder (scrape-publisher batch). With `joined` > 1 each
    paragraph the generator draws is `joined` of `paragraphs` run together,
    so that a scrape is as long as a real one: with the seed's paragraphs,
    4 gives 29,000 characters on average (2,000 to 87,000)."""
    from pathlib import Path

    written = []
    for n in range(first, first + count):
        rng = random.Random(n)
        pool = paragraphs if joined == 1 else ["".join(rng.sample(paragraphs, joined)) for _ in paragraphs]
        path = Path(folder) / f"generated-{n}.txt"
        path.write_text(generate(n, pool).scrape, encoding="utf-8")
        written.append(path)
    return written


@dataclass
class Scores:
    documents: int = 0
    titles_right: int = 0
    headings_expected: int = 0
    headings_found: int = 0  # in the output
    headings_right: int = 0  # text and level
    characters: int = 0
    characters_lost: int = 0
    paragraph_starts: int = 0  # in the source (layouts that give them)
    paragraph_starts_kept: int = 0
    paragraph_starts_made: int = 0  # in the output, for those layouts
    furniture_left: int = 0
    failures: list[str] = field(default_factory=list)

    def ratios(self) -> dict[str, float]:
        return {
            "title accuracy": self.titles_right / self.documents,
            "heading recall": self.headings_right / max(1, self.headings_expected),
            "heading precision": self.headings_right / max(1, self.headings_found),
            "characters kept": 1 - self.characters_lost / max(1, self.characters),
            "paragraph start recall": self.paragraph_starts_kept / max(1, self.paragraph_starts),
            "paragraph start precision": self.paragraph_starts_kept / max(1, self.paragraph_starts_made),
            "furniture left per document": self.furniture_left / self.documents,
        }


_SPACE = re.compile(r"\s+")


def _starts(paragraphs: list[str]) -> set[int]:
    """Offsets in the squeezed text where each paragraph starts."""
    starts, pos = set(), 0
    for paragraph in paragraphs:
        starts.add(pos)
        pos += len(_SPACE.sub("", paragraph))
    return starts


def evaluate(documents: list[Generated]) -> Scores:
    scores = Scores()
    for doc in documents:
        scores.documents += 1
        cleaned, _ = clean(doc.scrape)
        document, _ = build_document(cleaned.text, Metadata(title=None, source_file=f"{doc.name}.txt"),
                                     cleaned.facts.titles, cleaned.facts.pages_missing)
        found = [(b.level, b.text) for b in document.body if isinstance(b, Heading)]
        expected = doc.headings()
        right = sum(1 for pair in set(found) if pair in set(expected))
        scores.headings_expected += len(expected)
        scores.headings_found += len(found)
        scores.headings_right += right
        scores.titles_right += document.metadata.title == doc.title
        got = [b.text for b in document.body if isinstance(b, Paragraph)]
        want = doc.paragraphs()
        want_text, got_text = _SPACE.sub("", "".join(want)), _SPACE.sub("", "".join(got))
        lost = len(want_text) - _common(want_text, got_text)
        scores.characters += len(want_text)
        scores.characters_lost += lost
        if doc.layout != "glued" and want_text == got_text:
            kept = _starts(want) & _starts(got)
            scores.paragraph_starts += len(want)
            scores.paragraph_starts_made += len(got)
            scores.paragraph_starts_kept += len(kept)
        markdown = "\n".join(b.text for b in document.blocks()) + document.metadata.title
        scores.furniture_left += sum(site in markdown for site in doc.site_text)
        if found != expected or lost or document.metadata.title != doc.title:
            scores.failures.append(doc.name)
    return scores


def _common(a: str, b: str) -> int:
    """Characters of `a` found in `b` in order (difflib's matching blocks)."""
    import difflib

    return sum(block.size for block in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())


if __name__ == "__main__":  # scrapes for a batch run: python tests/corpus.py DIR [COUNT [JOINED]]
    import sys
    from pathlib import Path

    sys.path[:0] = [str(Path(__file__).resolve().parent.parent)]
    from damage import intact_paragraphs

    from pipeline.source import read_source

    root = Path(__file__).resolve().parent.parent
    seed_source = read_source((root / "build" / "cross-border-ecommerce-2026.md").read_text(encoding="utf-8"))
    folder, count, joined = Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 50, \
        int(sys.argv[3]) if len(sys.argv) > 3 else 4
    folder.mkdir(parents=True, exist_ok=True)
    sizes = [len(path.read_text(encoding="utf-8"))
             for path in write_scrapes(folder, intact_paragraphs(seed_source), count, joined)]
    print(f"{count} scrapes in {folder}, {sum(sizes) // count:,} characters on average ({min(sizes):,} to {max(sizes):,})")
