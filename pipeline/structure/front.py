"""Front matter: the title, and what a paper prints before its text.

The title comes from, in order of trust: a title glued before the contents
list (the seed), the site's page-thumbnail lines, a 《…》 title in the site's
furniture, the document's title line, a file-name line of the site's
(`….docx`), and last the input's file name, which the build reports.

The top of the text (before its first paragraph of prose) is read line by
line: the title line (short, no sentence end; it may be glued before the
first heading), a subtitle (`——以…为例`), author lines (names) and
affiliation lines (`（1. 某某大学…）`), a journal's column (`【语言学研究】`)
and issue (`中国商论 2024年11期`). Journal mirrors often print the author
block twice, around the title: the second copy is logged as a copy.

Labelled lines anywhere before the first heading are read as a paper's
front matter: 〔摘要〕/摘要：/Abstract (the abstract, kept in the front),
〔关键词〕/关键词：, 中图分类号, 文献标识码, 文章编号, DOI … (metadata, by
pipeline/notes.py's CATALOGUE). Where the author block is there but the
labels are not (as journal mirrors print it), the paragraph after it is the
abstract if a line of keywords (`城市群；规模分布；空间一致性`) follows it.

Every line taken is logged with what it became; the abstract is logged as
moved to the front. What is not recognised stays in the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..chars import squeeze
from ..clean.wordlist import frequency
from ..edits import Taken
from ..model import Change
from .contents import LABEL, plausible_title, titles_match
from .lines import Lines, ends_sentence
from .numbering import marker_at, normalise
from .paragraphs import Layout, Span, paragraphs

STAGE = "structure"
MAX_TITLE_CHARS = 60
MAX_PEOPLE_LINE = 120
# The title line is the title the site names when this similar (difflib's
# ratio of the normalised forms): `第3章文书的处理` against the thumbnails'
# `第三章-文书的处理` is 0.88; a title line with a heading glued to it
# (`设定员工职能管理计划一、概述` against `设定员工职能管理计划`) is 0.83 and is not.
TITLE_LINE_SIMILARITY = 0.85

# label words -> (field, kind): kind is "abstract", "keywords" or "catalogue"
_FIELDS = (
    (r"摘\s*要|内容摘要|内容提要|提\s*要", "abstract", "abstract"),
    (r"abstract", "abstract-en", "abstract"),
    (r"关\s*键\s*词|关键字|主题词", "keywords", "keywords"),
    (r"key\s*words?", "keywords-en", "catalogue"),
    (r"中图分类号|中图法分类号|分类号", "clc", "catalogue"),
    (r"文献标识码|文献标志码|文献编码", "document-code", "catalogue"),
    (r"文章编号", "article-id", "catalogue"),
    (r"doi", "doi", "catalogue"),
    (r"基金项目", "funding", "catalogue"),
    (r"收稿日期", "received", "catalogue"),
    (r"作者简介", "author-note", "catalogue"),
)


def _words(prefix: str) -> str:
    return "|".join(f"(?P<{prefix}{index}>{words})" for index, (words, _, _) in enumerate(_FIELDS))


# `〔摘要〕`, `[关键词]`, `【摘要】`, or the words with a colon (`摘要：`, `DOI:`).
_LABEL = re.compile(f"(?:[〔\\[【（(]\\s*(?:{_words('b')})\\s*[〕\\]】）)]\\s*[:：.]?|(?:{_words('f')})\\s*[:：.])\\s*",
                    re.IGNORECASE)
_INSTITUTION = re.compile(r"大学|学院|研究院|研究所|研究中心|中心|公司|集团|银行|委员会|学校|医院|编辑部")
_AFFILIATION = re.compile(r"^[（(].*(?:大学|学院|研究院|研究所|中心|公司|集团|银行|委员会|学校|医院|编辑部|局|厅|部|院|所|\d{6}).*[）)]$")
_ADDRESS = re.compile(r"\d{6}|[,，]\s*\S{2,6}[省市]")  # a postcode, or `，江苏 南京`
# The commonest Chinese surnames (about nine people in ten carry one): a
# name starts with one, which tells `熊仲儒` from a short title such as `报告`.
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭"
            "陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐"
            "易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管"
            "柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米杭")
_COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容", "尉迟", "宇文", "长孙", "公孙", "夏侯", "端木")
_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,5}$")
# jieba's word list counts 方案 7,097 times, 总论 48, a person's name 0.
WORD_FREQUENCY = 10
_SURNAME = re.compile(f"^(?:[{SURNAMES}]|{'|'.join(_COMPOUND_SURNAMES)})")
_PEOPLE_MARKS = re.compile(r"[\d*∗■●▲†‡]+")
_SUBTITLE = re.compile(r"^(?:——|—|--|－－)\s*\S")
_QUALIFIER = re.compile(r"^[（(](?![^）)]*\d{4}\s*年)[^（()）]{2,20}[）)]$")  # not a date: `（2025年2月18日）`
_COLUMN = re.compile(r"^(?:【[^】]{2,12}】|〔[^〕]{2,12}〕|[·•?？][^·•?？]{2,12}[·•?？])$")
_ISSUE = re.compile(r"^《?(?P<journal>[^》\s\d]{2,20})》?\s*(?P<year>\d{4})\s*年\s*(?:第\s*)?(?P<issue>\d{1,2})\s*期$")
_KEYWORD_LINE = re.compile(r"^[^。！？!?：:]{2,15}(?:[；;][^。！？!?：:；;]{2,15}){2,9}[；;]?$")


@dataclass
class Front:
    title: str | None = None
    title_source: str = ""
    subtitle: str | None = None
    author: str | None = None
    affiliation: str | None = None
    keywords: list[str] = field(default_factory=list)
    catalogue: dict[str, str] = field(default_factory=dict)
    abstract: list[tuple[Span, str]] = field(default_factory=list)  # (paragraph, "zh" or "en")
    taken: list[Change] = field(default_factory=list)  # every piece of text moved out of the body


def _field(match: re.Match) -> tuple[str, str]:
    for index, (_, name, kind) in enumerate(_FIELDS):
        if match.group(f"f{index}") or match.group(f"b{index}"):
            return name, kind
    raise AssertionError(match.group())


def _labels(line: str) -> list[re.Match]:
    """The labels in a line that opens with one; one line may hold several
    (`中图分类号：F812 文献标识码：A`)."""
    first = _LABEL.match(line)
    if not first:
        return []
    found = [first]
    for match in _LABEL.finditer(line, first.end()):
        if line[match.start() - 1].isspace() or line[match.start()] in "〔[【":
            found.append(match)
    return found


def _keywords(value: str) -> list[str]:
    """`甲；乙；丙`, or where no mark parts them, `种植结构 农户行为 Logit模型`."""
    parts = re.split(r"\s*[；;，,、]\s*", value) if re.search("[；;，,、]", value) else value.split()
    return [part.strip() for part in parts if part.strip()]


def is_names(line: str) -> bool:
    """A line of authors' names: `张三，李四`, `赵 峰`, `陈岩1,付存军2`,
    `金云峰 万亿 周向频`: short Chinese names, most of them (a lone one
    always) with a common surname."""
    names = []
    for part in (p for p in re.split(r"[,，、;；]", _PEOPLE_MARKS.sub("", line)) if p.strip()):
        joined = squeeze(part)
        if _NAME.match(joined):
            names.append(joined)
        elif all(_NAME.match(name) for name in part.split()):
            names += part.split()
        else:
            return False
    # A name is not a word of the dictionary (`方案`, `高速` start with surnames too).
    with_surname = sum(bool(_SURNAME.match(name)) and frequency(name) < WORD_FREQUENCY for name in names)
    return bool(names) and with_surname * 2 > len(names) if len(names) > 1 else with_surname == 1


def is_affiliation(line: str) -> bool:
    """`（1. 某某大学经济学院，江苏 南京 210000）`, or an institution with its address."""
    return bool(_AFFILIATION.match(line)) or (bool(_INSTITUTION.search(line)) and bool(_ADDRESS.search(line))
                                               and not ends_sentence(line))


def choose_title(glued_before_contents: str | None, site_titles: list[tuple[str, str]], title_line: str | None,
                 file_name: str) -> tuple[str, str]:
    """(title, where it came from), in order of trust."""
    by_source = dict(reversed(site_titles))  # the first the site shows of each kind
    for source, title in (("a title glued before the contents", glued_before_contents),
                          ("the site's page thumbnails", by_source.get("thumbnail") or by_source.get("page title")),
                          ("a 《…》 title in the site's furniture", by_source.get("quoted")),
                          ("the document's title line", title_line),
                          ("the site's file-name line", by_source.get("file name"))):
        if title:
            return title, source
    return file_name, "the input's file name (no title found in the text)"


_TITLE_DASH = re.compile(r"\s*(?:——|--|－－)\s*")
_FOOTNOTE_MARK = re.compile(r"[*∗①]+$")


def _split_title(title: str) -> tuple[str, str | None]:
    """`主标题——副标题` as title and subtitle; a footnote mark after the title
    (`…研究*`, pointing to a funding note) is not part of it."""
    title = _FOOTNOTE_MARK.sub("", title).strip()
    parts = _TITLE_DASH.split(title, maxsplit=1)
    if len(parts) == 2 and min(len(p) for p in parts) >= 4:
        return parts[0], parts[1]
    return title, None


class _Reader:
    def __init__(self, text: str, lines: Lines, regions: list[tuple[int, int]], layout: Layout):
        self.text, self.lines, self.regions, self.layout = text, lines, regions, layout
        self.front = Front()
        self.taken = Taken()
        self.items = [Span(start, end, text[start:end])
                      for region_start, region_end in regions for _, line in lines.between(region_start, region_end)
                      if (start := max(line.content_start, region_start)) < (end := min(line.content_end, region_end))
                      and text[start:end].strip()]

    def take(self, item: Span | tuple[int, int], rule: str, note: str) -> None:
        start, end = (item.start, item.end) if isinstance(item, Span) else item
        self.front.taken.append(Change(STAGE, rule, start, end, self.text[start:end], "", note))
        self.taken.add(start, end)

    def is_taken(self, item: Span) -> bool:
        return self.taken.covers(item.start)

    def region_end(self, pos: int) -> int:
        return next(end for start, end in self.regions if start <= pos < end)

    def abstract(self, start: int, lang: str, note: str) -> Span | None:
        """The paragraph that starts at `start`, moved to the front as the abstract."""
        first = paragraphs(self.text, self.lines, [(start, self.region_end(start))], self.layout)[:1]
        if not first:
            return None
        self.front.abstract.append((first[0], lang))
        self.take((first[0].start, first[0].end), "abstract", note)
        return first[0]


def read_front(text: str, lines: Lines, regions: list[tuple[int, int]], layout: Layout,
               glued_before_contents: tuple[int, int] | None, site_titles: list[tuple[str, str]],
               file_name: str) -> tuple[Front, list[tuple[int, int]]]:
    """The front matter read from `regions` (the text before the contents
    list, or before the first heading, and between the contents and the
    first heading); returns it and the ranges of those regions left as the
    body's own text."""
    reader = _Reader(text, lines, regions, layout)
    front = reader.front
    top = _top(reader.items)
    title_item = next((item for item in top if _title_like(item.text)), None)
    glued = text[glued_before_contents[0]:glued_before_contents[1]].strip() if glued_before_contents else None
    front.title, front.title_source = choose_title(glued, site_titles, title_item.text if title_item else None,
                                                   file_name)
    if glued_before_contents:
        reader.take(glued_before_contents, "title", f"the title, glued before the contents list: {front.title}")
    if title_item and titles_match(title_item.text, front.title, TITLE_LINE_SIMILARITY):
        reader.take(title_item, "title", f"the title line (title from {front.title_source})")
    else:
        title_item = None
    front.title, front.subtitle = _split_title(front.title)
    _read_top(reader, top, title_item)
    _read_labels(reader)
    return front, [piece for start, end in regions for piece in reader.taken.minus(start, end)]


_NO_WORDS = re.compile(r"^[^\w]*$")


def _top(items: list[Span]) -> list[Span]:
    """The lines before the first paragraph of prose or labelled line (a line
    of marks alone, such as a lost symbol's `?`, is neither; a column name
    such as `?医学信息?` is a top line)."""
    top = []
    for item in items:
        if _NO_WORDS.match(item.text):
            continue
        if _COLUMN.match(item.text):
            top.append(item)
            continue
        prose = len(item.text) > MAX_PEOPLE_LINE or re.search(r"[。；;]\s*$", item.text) \
            or (ends_sentence(item.text) and len(item.text) > MAX_TITLE_CHARS)
        if _labels(item.text) or (prose and not is_affiliation(item.text)):
            break
        top.append(item)
    return top


def _title_like(line: str) -> bool:
    """A short line with no sentence end (a title may ask a question: `…的困局？`)."""
    return len(line) <= MAX_TITLE_CHARS and plausible_title(line) and not re.search(r"[。；;：:]\s*$", line) \
        and not marker_at(line, 0) and not is_names(line) and not is_affiliation(line) \
        and not _COLUMN.match(line) and not _ISSUE.match(line) and not _SUBTITLE.match(line) and not LABEL.match(line)


def _read_top(reader: _Reader, top: list[Span], title_item: Span | None) -> None:
    """Subtitle, authors, affiliations, column and issue lines around the title."""
    front = reader.front
    names = [item for item in top if is_names(item.text)]
    affiliations = [item for item in top if _AFFILIATION.match(item.text)]
    # Names count as the authors only beside the evidence of a paper: an
    # affiliation line, or the labelled front matter.
    people = bool(affiliations) or any(_labels(item.text) for item in reader.items)
    seen: set[str] = set()
    for index, item in enumerate(top):
        if reader.is_taken(item):
            continue
        content = item.text
        if title_item and top[index - 1:index] == [title_item] and not front.subtitle and (
                _SUBTITLE.match(content) or (_QUALIFIER.match(content) and not is_affiliation(content))):
            # `——以…为例`, or what the title is: `（征求意见稿）`, `（2024年修订）`.
            front.subtitle = content.lstrip("—-－ ").strip()
            reader.take(item, "subtitle", "the subtitle")
        elif _ISSUE.match(content):
            front.catalogue["journal"] = content
            reader.take(item, "front-matter", "moved to the metadata: journal")
        elif _COLUMN.match(content) and len(content) > 3 and "column" not in front.catalogue:
            front.catalogue["column"] = content.strip("【】〔〕·•?？ ")
            reader.take(item, "front-matter", "moved to the metadata: column")
        elif people and (is_names(content) or is_affiliation(content)):
            kind = "author" if is_names(content) else "affiliation"
            key = normalise(_PEOPLE_MARKS.sub("", content))
            if key in seen:
                reader.take(item, "duplicates", f"the {kind} line again (journal mirrors print the author block twice)")
                continue
            seen.add(key)
            # The parentheses a journal sets an affiliation in are its typography, not the name.
            value = content[1:-1].strip() if _AFFILIATION.match(content) else content
            current = getattr(front, kind)
            setattr(front, kind, f"{current}；{value}" if current else value)
            reader.take(item, "front-matter", f"moved to the metadata: {kind}")
    if names and affiliations and not any(_labels(item.text) for item in reader.items):
        _unlabelled_abstract(reader, top)


def _unlabelled_abstract(reader: _Reader, top: list[Span]) -> None:
    """Journal mirrors print the abstract and keywords without their labels:
    a paragraph after the author block, then a line of keywords."""
    following = [item for item in reader.items if item.start >= top[-1].end] if top else []
    if len(following) >= 2 and _KEYWORD_LINE.match(following[1].text) and not reader.is_taken(following[0]):
        span = reader.abstract(following[0].start, "zh", "the abstract (unlabelled, before a line of keywords)")
        if span and span.end <= following[1].start:
            reader.front.keywords = _keywords(following[1].text)
            reader.take(following[1], "front-matter", "moved to the metadata: keywords (unlabelled)")


def _read_labels(reader: _Reader) -> None:
    front = reader.front
    for item in reader.items:
        if reader.is_taken(item):
            continue
        labels = _labels(item.text)
        for index, label in enumerate(labels):
            value_end = labels[index + 1].start() if index + 1 < len(labels) else len(item.text)
            name, kind = _field(label)
            value_start = item.start + label.end()
            if kind == "abstract":
                if index + 1 < len(labels):
                    break  # an abstract runs to its paragraph's end, not to another label on its line
                reader.take((item.start + label.start(), value_start), "front-matter", f"the {name} label")
                reader.abstract(value_start, "en" if name == "abstract-en" else "zh", "the abstract")
                break
            value = reader.text[value_start:item.start + value_end].strip()
            if not value:
                continue  # a label alone (`关 键 词：` over a site's list) says nothing to keep
            if kind == "keywords":
                front.keywords = _keywords(value)
            else:
                front.catalogue[name] = value
            reader.take((item.start + label.start(), item.start + value_end), "front-matter",
                        f"moved to the metadata: {name}")


