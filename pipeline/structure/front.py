"""Front matter: the title, and what a paper prints before its text.

The title comes from, in order of trust: a title glued before the contents
list (the seed), the site's page-thumbnail lines, a 《…》 title in the site's
furniture, the document's first line (short, no sentence end; it may be
glued before the first heading), a file-name line of the site's (`….docx`),
and last the input's file name, which the build reports. The first line is
the title line, and moves into the metadata, where it names the title.

A paper's front matter is read from labelled lines before the body's first
heading: 〔摘要〕/摘要：/Abstract (kept as the front's abstract), 〔关键词〕/关键词：,
中图分类号, 文献标识码, 文章编号, DOI … (metadata, by pipeline/notes.py's
CATALOGUE), with the author and affiliation lines between the title and
them. Every line this takes is logged with what it became; what it does not
recognise stays in the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Change
from .contents import plausible_title, titles_match
from .lines import Lines, ends_sentence
from .numbering import marker_at, normalise
from .paragraphs import Layout, Span, paragraphs

STAGE = "structure"
MAX_TITLE_CHARS = 60
MAX_AUTHOR_LINE = 60

# label words -> (field, kind): kind is "abstract", "keywords" or "catalogue"
_FIELDS = (
    (r"摘\s*要|内容摘要|内容提要|提\s*要", "abstract", "abstract"),
    (r"abstract", "abstract-en", "abstract"),
    (r"关\s*键\s*词|关键字|主题词", "keywords", "keywords"),
    (r"key\s*words?", "keywords-en", "catalogue"),
    (r"中图分类号|中图法分类号|分类号", "clc", "catalogue"),
    (r"文献标识码|文献标志码", "document-code", "catalogue"),
    (r"文章编号", "article-id", "catalogue"),
    (r"doi", "doi", "catalogue"),
    (r"基金项目", "funding", "catalogue"),
    (r"收稿日期", "received", "catalogue"),
    (r"作者简介", "author-note", "catalogue"),
)
_WORDS = "|".join(f"(?P<f{index}>{words})" for index, (words, _, _) in enumerate(_FIELDS))
# `〔摘要〕`, `[关键词]`, `【摘要】`, or the words with a colon (`摘要：`, `DOI:`).
_LABEL = re.compile(f"(?:[〔\\[【（(]\\s*(?:{_WORDS.replace('(?P<f', '(?P<b')})\\s*[〕\\]】）)]\\s*[:：]?|(?:{_WORDS})\\s*[:：])\\s*",
                    re.IGNORECASE)
_INSTITUTION = re.compile(r"大学|学院|研究院|研究所|研究中心|中心|公司|集团|银行|委员会|学校|医院|[部局厅处]$|[（(].+[）)]")
_NAMES = re.compile(r"^[\u4e00-\u9fff·]{2,4}[\d,，*∗]*(?:[\s、，,;；]+[\u4e00-\u9fff·]{2,4}[\d,，*∗]*)*$")
_SUBTITLE = re.compile(r"^(?:——|—|--|－－)\s*\S")
_KEYWORD_SEPARATORS = re.compile(r"\s*[；;，,、]\s*|\s{2,}|\u3000+|(?<=[\u4e00-\u9fff])\s(?=[\u4e00-\u9fff])")


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


def choose_title(glued_before_contents: str | None, site_titles: list[tuple[str, str]], title_line: str | None,
                 file_name: str) -> tuple[str, str]:
    """(title, where it came from), in order of trust."""
    by_source = dict(site_titles)
    for source, title in (("a title glued before the contents", glued_before_contents),
                          ("the site's page thumbnails", by_source.get("thumbnail")),
                          ("a 《…》 title in the site's furniture", by_source.get("quoted")),
                          ("the document's first line", title_line),
                          ("the site's file-name line", by_source.get("file name"))):
        if title:
            return title, source
    return file_name, "the input's file name (no title found in the text)"


def read_front(text: str, lines: Lines, regions: list[tuple[int, int]], layout: Layout,
               glued_before_contents: tuple[int, int] | None, site_titles: list[tuple[str, str]],
               file_name: str) -> tuple[Front, list[tuple[int, int]]]:
    """The front matter read from `regions` (the text before the contents
    list, or before the first heading, and between the contents and the
    first heading); returns it and the ranges of those regions left as the
    body's own text."""
    front = Front()
    taken: list[tuple[int, int]] = []

    def take(start: int, end: int, rule: str, note: str) -> None:
        front.taken.append(Change(STAGE, rule, start, end, text[start:end], "", note))
        taken.append((start, end))

    # The title: the first line of the text, or the part of it before the
    # contents or the first heading it is glued to.
    glued = text[glued_before_contents[0]:glued_before_contents[1]].strip() if glued_before_contents else None
    first_start, first_end = _first_line(text, lines, regions)
    title_line = text[first_start:first_end].strip() if first_start is not None else None
    if title_line and (len(title_line) > MAX_TITLE_CHARS or ends_sentence(title_line) or marker_at(title_line, 0)
                       or _labels(title_line) or not plausible_title(title_line)):
        title_line = None
    front.title, front.title_source = choose_title(glued, site_titles, title_line, file_name)
    if glued_before_contents:
        take(*glued_before_contents, "title", f"the title, glued before the contents list: {front.title}")
    title_taken = bool(glued_before_contents)
    if title_line and titles_match(title_line, front.title):
        take(first_start, first_end, "title", f"the title line (title from {front.title_source})")
        title_taken = True

    front_open = title_taken  # until a line stays in the text, the front matter goes on
    pending_people: list[tuple[int, int, str]] = []
    has_labels = any(_labels(line.content) for start, end in regions for _, line in lines.between(start, end)
                     if not line.blank and line.content_start >= start)
    for region_start, region_end in regions:
        for _, line in lines.between(region_start, region_end):
            start, end = max(line.content_start, region_start), min(line.content_end, region_end)
            if end <= start or (start, end) in taken or any(s <= start < e for s, e in taken):
                continue
            content = text[start:end]
            labels = _labels(content)
            if not labels:
                if front_open and title_taken and has_labels and len(content) <= MAX_AUTHOR_LINE \
                        and not ends_sentence(content) and (_NAMES.match(content) or _INSTITUTION.search(content)):
                    pending_people.append((start, end, content))
                    continue
                if front_open and title_taken and _SUBTITLE.match(content) and front.subtitle is None \
                        and not pending_people:
                    front.subtitle = content.lstrip("—-－ ").strip()
                    take(start, end, "subtitle", "the subtitle")
                    continue
                front_open = False
                continue
            _take_people(front, pending_people, take)
            pending_people = []
            for index, label in enumerate(labels):
                value_end = labels[index + 1].start() if index + 1 < len(labels) else len(content)
                name, kind = _field(label)
                value_start = start + label.end()
                if kind == "abstract":
                    if not front_open or index + 1 < len(labels):
                        front_open = False
                        break
                    take(start + label.start(), value_start, "front-matter", f"the {name} label")
                    first = paragraphs(text, lines, value_start, region_end, layout)[:1]
                    if first:
                        front.abstract.append((first[0], "en" if name == "abstract-en" else "zh"))
                        taken.append((first[0].start, first[0].end))
                    break
                value = text[value_start:start + value_end].strip()
                if kind == "keywords":
                    front.keywords = [k for k in _KEYWORD_SEPARATORS.split(value) if k]
                else:
                    front.catalogue[name] = value
                take(start + label.start(), start + value_end, "front-matter", f"moved to the metadata: {name}")
    if front_open:
        _take_people(front, pending_people, take)
    return front, _left(regions, taken)


def _take_people(front: Front, lines: list[tuple[int, int, str]], take) -> None:
    """Author and affiliation lines, between the title and the labelled front matter."""
    for start, end, content in lines:
        kind = "affiliation" if _INSTITUTION.search(content) else "author"
        current = getattr(front, kind)
        setattr(front, kind, f"{current}；{content}" if current else content)
        take(start, end, "front-matter", f"moved to the metadata: {kind}")


def _first_line(text: str, lines: Lines, regions: list[tuple[int, int]]) -> tuple[int | None, int | None]:
    """The first line of the first region (only it can open with the title)."""
    if not regions:
        return None, None
    region_start, region_end = regions[0]
    for _, line in lines.between(region_start, region_end):
        start, end = max(line.content_start, region_start), min(line.content_end, region_end)
        if text[start:end].strip():
            return start, start + len(text[start:end].rstrip())
    return None, None


def _left(regions: list[tuple[int, int]], taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The regions minus what was taken."""
    left = []
    for start, end in regions:
        pos = start
        for taken_start, taken_end in sorted(taken):
            if taken_end <= pos or taken_start >= end:
                continue
            if taken_start > pos:
                left.append((pos, taken_start))
            pos = max(pos, taken_end)
        if pos < end:
            left.append((pos, end))
    return left
