"""Remove the document-sharing site's furniture, keeping the facts it carries.

Recognised by structure and wording family (after script conversion), not by
this scrape's exact bytes:
  head   page-thumbnail lines `<title>_第N页`, `已阅读N页,还剩M页未读…`,
         `下载本文档`, `版权说明:…`, `文档简介`;
  label  `参考模板` and its kin glued after the title at the top of the contents;
  foot   `温馨提示` with its numbered site notes, the comment box (`评论`,
         `0/150`, `提交评论`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..edits import apply_edits

_THUMBNAIL = re.compile(r"^(?P<title>.{1,200}?)_第(?P<page>\d+)页\s*$")
_READ_MORE = re.compile(r"^已阅读(?P<seen>\d+)页[,，]\s*还剩(?P<left>\d+)页未读.*$")
_HEAD_LABEL = re.compile(r"^(?:下载本文档|文档简介|版权说明[:：].*|本文档由用户提供并上传.*)\s*$")
_FOOT_START = re.compile(r"^\s*温馨提示\s*$")
_FOOT_LINE = re.compile(r"^\s*(?:(?:[•·●]\s*)?\d+[.、．]\s*.*|评论|\d+/\d+|提交评论|发表评论|)\s*$")
_TEMPLATE_LABEL = re.compile(r"(?<=\S)(?:参考模板|参考范本|精品文档|可编辑版)(?=\S)")


@dataclass(frozen=True)
class SiteFacts:
    """What the site's furniture tells about the document."""

    title: str | None = None
    pages_seen: int | None = None
    pages_total: int | None = None


def _lines_with_offsets(text: str):
    pos = 0
    for line in text.splitlines(keepends=True):
        yield pos, line
        pos += len(line)


def read_site_facts(text: str) -> SiteFacts:
    title = None
    pages: list[int] = []
    seen = total = None
    for _, line in _lines_with_offsets(text):
        line = line.rstrip("\n")
        if match := _THUMBNAIL.match(line):
            title = title or match["title"].strip()
            pages.append(int(match["page"]))
        elif match := _READ_MORE.match(line):
            seen, total = int(match["seen"]), int(match["seen"]) + int(match["left"])
    if seen is None and pages:
        seen = max(pages)
    return SiteFacts(title, seen, total)


def remove_boilerplate(text: str):
    edits = []
    in_footer = False
    for start, line in _lines_with_offsets(text):
        content = line.rstrip("\n")
        if _FOOT_START.match(content):
            in_footer = True
        if in_footer and _FOOT_LINE.match(content) or _FOOT_START.match(content):
            edits.append((start, start + len(line), "", "site footer"))
            continue
        in_footer = False
        if _THUMBNAIL.match(content):
            edits.append((start, start + len(line), "", "page thumbnail"))
        elif _READ_MORE.match(content) or _HEAD_LABEL.match(content):
            edits.append((start, start + len(line), "", "site label"))
        elif match := _TEMPLATE_LABEL.search(content):
            edits.append((start + match.start(), start + match.end(), "", "site label after the title"))
    return apply_edits(text, edits, "clean", "boilerplate")
