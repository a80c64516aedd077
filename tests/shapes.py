"""Documents in the shapes real scrapes come in, written for the tests.

Each shape is a document whose true structure is known (title, front
matter, headings with their levels, paragraphs) and a layout that prints it
the way one family of sites does: its furniture, its line breaks, its
numbering, its damage. The text is our own (and, for the long reports, the
seed's cleaned paragraphs); the shapes are those of real pages (site
families as the survey of real scrapes found them), never their text.

    python tests/shapes.py   rewrites tests/fixtures/<shape>.txt from the layouts

The tests read each scrape through the pipeline and compare what comes out
with the truth, and with tests/fixtures/<shape>.md, the expected cleaned
source (a human read it).
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

import opencc

FIXTURES = Path(__file__).resolve().parent / "fixtures"
_S2T = opencc.OpenCC("s2t")


@dataclass
class Part:
    heading: str  # as the cleaned source writes it: "一、引言", "（一）背景", "1.1 发展历程"
    paragraphs: list[str] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)

    def walk(self, level: int = 1):
        yield level, self
        for part in self.parts:
            yield from part.walk(level + 1)


@dataclass
class Truth:
    title: str
    parts: list[Part]
    intro: list[str] = field(default_factory=list)  # paragraphs before the first heading
    subtitle: str | None = None
    author: str | None = None
    affiliation: str | None = None
    abstract: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    catalogue: dict[str, str] = field(default_factory=dict)
    cut: bool = False  # the scrape stops mid-sentence at the end of the last paragraph
    site_text: tuple[str, ...] = ()  # furniture that must not survive

    def headings(self) -> list[tuple[int, str]]:
        return [(level, part.heading) for top in self.parts for level, part in top.walk()]

    def paragraphs(self) -> list[str]:
        return self.intro + [p for top in self.parts for _, part in top.walk() for p in part.paragraphs]


# ---- 1. a journal-article mirror ------------------------------------------------------

JOURNAL = Truth(
    title="数字普惠金融对县域小微企业融资约束的影响研究",
    author="王晓明，李静怡",
    affiliation="浙江财经大学 金融学院，浙江 杭州 310018",
    abstract=[("县域小微企业长期面临融资难、融资贵的问题。本文利用某省县域企业的调查数据，考察数字普惠金融的覆盖广度、"
              "使用深度与数字化程度对企业融资约束的影响。研究发现，数字普惠金融显著缓解了小微企业的融资约束，"
              "且这种作用在金融网点稀少的县域更为明显。")],
    keywords=["数字普惠金融", "小微企业", "融资约束", "县域经济"],
    catalogue={"clc": "F832.4", "document-code": "A", "article-id": "1003-5230(2025)03-0045-09"},
    parts=[
        Part("一、引言", [
            ("小微企业是县域经济的重要组成部分，吸纳了大量农村转移劳动力。然而，由于缺少抵押物、财务信息不透明，"
            "这些企业很难从传统银行获得贷款。近年来，移动支付和网络借贷在县域迅速普及，为破解这一难题提供了新的思路。"),
            "本文关注的问题是：数字普惠金融能否真正改善县域小微企业的融资环境？如果能，它又通过哪些渠道发挥作用？"]),
        Part("二、文献综述", [], [
            Part("（一）数字金融与融资约束", [
                ("已有研究大多认为，数字技术降低了银行获取企业信息的成本。借助交易流水和纳税记录，金融机构可以在不见面的情况下"
                "评估企业的经营状况，从而扩大信贷投放的范围。")]),
            Part("（二）县域金融生态", [
                ("县域金融生态包括信用环境、司法环境和金融基础设施等方面。金融网点越稀少的地区，企业对数字渠道的依赖程度越高，"
                "这为本文的异质性分析提供了依据。")])]),
        Part("三、研究设计", [], [
            Part("（一）样本与数据", [
                ("本文的样本来自二〇二三年某省开展的县域企业抽样调查，共涉及四十二个县的一千八百余家小微企业。"
                "剔除关键变量缺失的样本后，最终保留一千五百六十个有效观测值。")]),
            Part("（二）变量定义", [
                ("被解释变量为融资约束，用企业是否获得足额贷款来衡量。核心解释变量为县域数字普惠金融指数，"
                "并细分为覆盖广度、使用深度和数字化程度三个维度。")])]),
        Part("四、结论与建议", [
            ("本文的结论表明，发展数字普惠金融是缓解县域小微企业融资约束的有效途径。为此，地方政府应当加快完善信用信息共享平台，"
            "推动税务、社保和水电数据向金融机构有序开放，同时加强对网络借贷的监管，防止")])],
    cut=True,
)


SPAN_EVERY = 45  # characters between spans read one byte late: six spans, every one of which the repair decodes (its accuracy on damage it has not seen is tests/test_mojibake.py's to measure)


def journal_mirror(truth: Truth, rng: random.Random) -> str:
    """A journal-article mirror: traditional characters with reading notes and
    a few spans read one byte late, the author block twice around the title,
    labelled front matter, headings on lines of their own, one paragraph a
    line, cut mid-sentence, no site furniture."""
    from damage import damage_text

    lines = [truth.author, f"（{truth.affiliation}）", truth.title, truth.author, f"（{truth.affiliation}）",
             f"〔摘要〕{truth.abstract[0]}", f"〔关键词〕{'；'.join(truth.keywords)}",
             (f"〔中图分类号〕{truth.catalogue['clc']}〔文献标识码〕{truth.catalogue['document-code']}"
             f"〔文章编号〕{truth.catalogue['article-id']}")]
    for _, part in (item for top in truth.parts for item in top.walk()):
        lines.append(part.heading)
        lines += part.paragraphs
    return damage_text("\n".join(lines), rng, span_every=SPAN_EVERY) + "\n"


# ---- 2. a 冰豆网 report -----------------------------------------------------------------

REPORT = Truth(
    title="社区居家养老服务中心运营管理方案",
    parts=[
        Part("第一章 总则", [], [
            Part("第一节 编制目的", [
                ("为规范社区居家养老服务中心的日常运营，提升服务质量和管理水平，让辖区老年人在家门口享受到安全、便捷、"
                "温馨的养老服务，结合本社区实际，制定本方案。"),
                "本方案适用于中心的全体工作人员、签约服务机构以及在中心开展活动的志愿者。"]),
            Part("第二节 基本原则", [
                "坚持政府引导、社会参与、市场运作的原则，充分调动社区、家庭和社会组织的积极性，形成多方合力。",
                "坚持需求导向，以失能、半失能和高龄独居老人为重点服务对象，优先保障基本养老服务。"])]),
        Part("第二章 服务内容", [], [
            Part("第一节 日间照料", [
                ("中心每日八时至十七时开放，为老年人提供助餐、助浴、休息和康复训练等服务。用餐实行预约制，"
                "工作人员应当提前一天统计用餐人数，并根据老年人的身体状况准备软食或低盐饮食。")]),
            Part("第二节 上门服务", [
                ("对行动不便的老年人，中心安排服务人员定期上门，提供清洁、陪护、代购和健康监测等服务。"
                "每次上门服务结束后，服务人员应当在系统中如实登记服务时长和内容，并由老年人或其家属签字确认。")])]),
        Part("第三章 保障措施", [
            ("中心实行主任负责制，配备专职管理人员和持证护理人员。运营经费由政府购买服务资金、服务收费和社会捐赠组成，"
            "专款专用，每季度向社区居民委员会公开一次收支情况。"),
            "中心应当建立安全巡查制度，定期检查消防设施、防滑设施和紧急呼叫设备，确保老年人在中心期间的人身安全。"]),
    ],
    site_text=("文档编号", "上传时间", "由会员分享", "冰豆网", "页数", ".docx"),
)

# (page in the contents, heading) for the report's contents list
_REPORT_PAGES = {"第一章 总则": 1, "第一节 编制目的": 1, "第二节 基本原则": 1, "第二章 服务内容": 2,
                 "第一节 日间照料": 2, "第二节 上门服务": 2, "第三章 保障措施": 3}
WRAP = 38  # characters a line of the report's PDF holds


def _wrapped(paragraph: str, width: int) -> list[str]:
    """A paragraph as a PDF lays it out: an indent of two full-width spaces, then lines of `width`."""
    text = "\u3000\u3000" + paragraph
    return [text[i:i + width] for i in range(0, len(text), width)]


def bdocx_report(truth: Truth, rng: random.Random) -> str:
    """A 冰豆网 page: the file-name line, the key-value block, the
    《…》由会员分享 line, the title, a contents list with 第X章/第X节 and page
    numbers, then the body wrapped at WRAP characters with full-width indents."""
    name = f"{truth.title}.docx"
    lines = [name, "- 文档编号:8812306", "- 上传时间:2024-03-18", "- 格式:DOCX", "- 页数:3", "- 大小:38.52KB", name,
             f"《{name}》由会员分享,可在线阅读,更多相关《{truth.title}(3页珍藏版).docx》请在冰豆网上搜索。", truth.title, "目录"]
    for level, heading in truth.headings():
        lines.append(("\u3000\u3000" if level > 1 else "") + f"{heading}{'…' * 12}{_REPORT_PAGES[heading]}")
    for _, part in (item for top in truth.parts for item in top.walk()):
        lines.append(part.heading)
        for paragraph in part.paragraphs:
            lines += _wrapped(paragraph, WRAP)
    return "\n".join(lines) + "\n"


# ---- 3. a 人人文库 report glued like the seed, numbered 1 / 1.1 / 1.1.1 -----------------------

def glued_report_truth(seed_paragraphs: list[str]) -> Truth:
    """A report on the seed's subject, its text the seed's own paragraphs."""
    p = iter(seed_paragraphs)
    return Truth(
        title="跨境电商平台运营与物流协同研究报告",
        parts=[
            Part("1 行业概况", [], [
                Part("1.1 发展历程", [], [
                    Part("1.1.1 起步阶段", [next(p)]),
                    Part("1.1.2 快速增长阶段", [next(p)])]),
                Part("1.2 市场格局", [next(p), next(p)])]),
            Part("2 运营模式", [], [
                Part("2.1 平台化运营", [next(p)]),
                Part("2.2 物流协同", [], [
                    Part("2.2.1 海外仓布局", [next(p)]),
                    Part("2.2.2 末端配送", [next(p)])])]),
            Part("3 发展建议", [next(p)]),
        ],
        site_text=("_第1页", "已阅读", "下载本文档", "版权说明", "文档简介", "温馨提示", "本站", "评论", "0/150"),
    )


def renrendoc_glued(truth: Truth, rng: random.Random) -> str:
    """A 人人文库 page in simplified characters, glued like the seed:
    thumbnails and labels at the head, the title glued before a contents
    list of one heading a line, the body one line with every heading glued
    to its text, the site's notes and comment box at the foot."""
    head = [f"{truth.title}_第{page}页" for page in range(1, 4)]
    head += ["已阅读3页,还剩15页未读, 继续免费阅读", "", "下载本文档", "",
             "版权说明:本文档由用户提供并上传,收益归属内容提供方,若内容存在侵权,请进行举报或认领", "", "文档简介", ""]
    contents = [heading.replace(" ", "") for _, heading in truth.headings()]
    contents[0] = truth.title + "参考模板" + contents[0]
    body = "".join(part.heading.replace(" ", "") + "".join(part.paragraphs)
                   for top in truth.parts for _, part in top.walk())
    foot = ["", "温馨提示", "", "  • 1. 本站所有资源如无特殊说明,都需要本地电脑安装OFFICE2007和PDF阅读器。",
            "  • 2. 本站的文档不包含任何第三方提供的附件图纸等。", "", "评论", "", "0/150", "", "提交评论"]
    return "\n".join(head) + "\n" + "\n\n".join(contents) + body + "\n" + "\n".join(foot) + "\n"


# ---- 4. a blog copy ---------------------------------------------------------------------------

BLOG = Truth(
    title="我们是怎样把页面加载时间缩短一半的",
    parts=[
        Part("写在前面", [
            "去年年底，用户反馈最多的问题是首页打开太慢。在网络较差的地区，白屏时间甚至超过八秒，很多人还没看到内容就离开了。",
            "这篇文章记录了我们团队用三个月时间优化加载速度的过程，希望对遇到同样问题的朋友有所帮助。"]),
        Part("问题出在哪里", [
            "我们先用性能分析工具录制了首页的加载过程，发现问题主要集中在三个地方：脚本体积过大、图片没有压缩、接口请求串行执行。",
            "其中脚本体积的问题最严重。首页引入了整个图表库，而真正用到的只有其中一种折线图。"]),
        Part("我们的做法", [
            "针对脚本体积，我们把图表库改为按需引入，并把不在首屏出现的模块改成延迟加载。仅这一项就让脚本体积减少了百分之六十。",
            "图片方面，我们统一转换成更高效的格式，并根据屏幕宽度提供不同尺寸的版本。",
            "接口方面，我们梳理了首页依赖的七个请求，把互不依赖的请求改为并行发送，又把两个经常同时调用的接口合并成一个。"]),
        Part("写在最后", [
            ("优化完成后，首页的平均加载时间从四点六秒降到了二点一秒，用户的跳出率也明显下降。性能优化没有一劳永逸的办法，"
            "我们已经把加载时间纳入了日常监控，一旦变慢就会及时报警。")]),
    ],
    site_text=("评论", "浏览", "收藏", "登录", "注册", "分享到"),
)


def blog_copy(truth: Truth, rng: random.Random) -> str:
    """A blog copy: the title, a counter line and a share bar, unnumbered
    headings on lines of their own, one paragraph a line with blank lines
    between, the site's login bar at the foot."""
    lines = [truth.title, "", "3 评论 2876 浏览 41 收藏 9 分钟", "", "分享到： 微信 微博 QQ空间", ""]
    for part in truth.parts:
        lines += [part.heading, ""]
        for paragraph in part.paragraphs:
            lines += [paragraph, ""]
    lines += ["登录 | 注册 | 收藏 | 举报", ""]
    return "\n".join(lines)


# ---- 5. a text with no headings at all ---------------------------------------------------------

PLAIN = Truth(
    title="关于开展夏季防汛安全检查的通知",
    parts=[],
    intro=["各部门、各单位：",
           ("入汛以来，我市降雨量较往年同期明显偏多，部分地区出现了内涝和山体滑坡。为切实做好今年的防汛工作，"
           "确保人民群众生命财产安全，经研究，决定在全市范围内开展一次夏季防汛安全检查。"),
           ("这次检查的重点是城区低洼地带、地下车库、在建工地和山区村庄。各单位要对照检查清单逐项排查，"
           "发现隐患的要立即整改，一时难以整改的要设置警示标志，并落实专人看守。"),
           "检查工作自本通知下发之日起开始，七月十五日前结束。各单位要在七月二十日前将检查情况书面报送市防汛办公室。",
           "特此通知。"],
)


def plain_text(truth: Truth, rng: random.Random) -> str:
    """A text with no headings: the title, then one paragraph a line."""
    return "\n".join([truth.title] + truth.intro) + "\n"


# ---- 6. a text whose only 一、 are inside sentences ------------------------------------------

ONLY_IN_SENTENCES = Truth(
    title="乡村文化站的现状与出路",
    parts=[],
    intro=[("走访了十几个乡村文化站之后，我们发现它们普遍存在形式单一、能力较弱的问题。多数文化站只有一间阅览室和几张棋牌桌，"
           "活动以看书、下棋为主，很难吸引年轻人。"),
           ("要改变这种局面，首先要做到规划统一、标准一致，让每个文化站都有稳定的经费和专职人员。"
           "其次，活动内容应当贴近村民生活，把农技培训、电商直播和传统节庆结合起来。"),
           "只有这样，文化站才能从“有没有”走向“好不好”，真正成为村民愿意来、留得住的精神家园。"],
)


def only_in_sentences(truth: Truth, rng: random.Random) -> str:
    return "\n".join([truth.title, ""] + [p + "\n" for p in truth.intro])


# ---- the fixtures ------------------------------------------------------------------------------

LAYOUTS = {
    "journal-mirror": (lambda seed_paragraphs: JOURNAL, journal_mirror),
    "bdocx-report": (lambda seed_paragraphs: REPORT, bdocx_report),
    "renrendoc-glued": (glued_report_truth, renrendoc_glued),
    "blog-copy": (lambda seed_paragraphs: BLOG, blog_copy),
    "no-headings": (lambda seed_paragraphs: PLAIN, plain_text),
    "only-in-sentences": (lambda seed_paragraphs: ONLY_IN_SENTENCES, only_in_sentences),
}


def write_fixtures(seed_paragraphs: list[str]) -> None:
    FIXTURES.mkdir(exist_ok=True)
    for index, (name, (truth_of, layout)) in enumerate(LAYOUTS.items()):
        scrape = layout(truth_of(seed_paragraphs), random.Random(index))
        (FIXTURES / f"{name}.txt").write_text(scrape, encoding="utf-8")


if __name__ == "__main__":
    import sys

    sys.path[:0] = [str(FIXTURES.parent), str(FIXTURES.parent.parent)]
    from damage import intact_paragraphs

    from pipeline.source import read_source

    seed = read_source((FIXTURES.parent.parent / "build" / "cross-border-ecommerce-2026.md").read_text(encoding="utf-8"))
    write_fixtures(intact_paragraphs(seed))
