"""Find the table of contents and locate its headings in the body.

The scrape's contents list is one heading a line at the top; its first line
carries the title glued to the first chapter heading, its last line the
whole body glued to the last heading. The body repeats every heading glued
to the paragraph that follows (`1.1行业…2026年跨境…`): each heading is found
by its exact text, in contents order, so the split is exact.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..clean.wordlist import tokenizer

CHAPTER_NUMBER = r"[一二三四五六七八九十百]{1,4}、"
_CHAPTER = re.compile(f"^(?P<number>{CHAPTER_NUMBER})(?P<title>.+)$")
_SECTION = re.compile(r"^(?P<number>\d{1,2}\.\d{1,2})\s*(?P<title>\S.*)$")
_CHAPTER_ANYWHERE = re.compile(CHAPTER_NUMBER)
# Longer than this a line is a paragraph, not a contents entry.
MAX_HEADING_CHARS = 60


@dataclass(frozen=True)
class OutlineEntry:
    level: int  # 1 chapter, 2 section
    number: str  # "一、" or "1.1"
    title: str

    @property
    def glued(self) -> str:
        """The heading as the body writes it, glued to its paragraph."""
        return f"{self.number}{self.title}"


@dataclass(frozen=True)
class Outline:
    title: str | None
    entries: tuple[OutlineEntry, ...]
    body: str
    body_offset: int  # where the body starts in the cleaned text


def _entry(line: str) -> OutlineEntry | None:
    if len(line) > MAX_HEADING_CHARS:
        return None
    if match := _CHAPTER.match(line):
        return OutlineEntry(1, match["number"], match["title"].strip())
    if match := _SECTION.match(line):
        return OutlineEntry(2, match["number"], match["title"].strip())
    return None


def read_outline(text: str) -> Outline | None:
    """The contents list at the top of the text, or None when there is none."""
    lines = []
    pos = 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            lines.append((pos, line.strip()))
        pos += len(line)
    if not lines:
        return None
    title = None
    entries: list[OutlineEntry] = []
    first_pos, first = lines[0]
    # Title glued to the first chapter heading: `<title>一、<chapter title>`.
    glued = _CHAPTER_ANYWHERE.search(first)
    if glued and glued.start() > 0 and _entry(first[glued.start():]):
        title = first[: glued.start()].strip()
        lines[0] = (first_pos + glued.start(), first[glued.start():])
    elif len(lines) > 1 and _entry(first) is None and len(first) <= MAX_HEADING_CHARS and _entry(lines[1][1]):
        title = first  # a title line of its own above the contents
        lines.pop(0)
    for line_pos, line in lines:
        # The body opens with the first contents entry again, at the start of
        # a line or glued after the last entry.
        if entries:
            repeat = line.find(entries[0].glued)
            if repeat == 0:
                return Outline(title, tuple(entries), text[line_pos:], line_pos)
            if repeat > 0 and (last := _entry(line[:repeat])):
                entries.append(last)
                return Outline(title, tuple(entries), text[line_pos + repeat:], line_pos + repeat)
        entry = _entry(line)
        if entry is None:
            return Outline(title, tuple(entries), text[line_pos:], line_pos) if entries else None
        entries.append(entry)
    return Outline(title, tuple(entries), "", len(text)) if entries else None


@dataclass(frozen=True)
class HeadingHit:
    entry_index: int
    start: int  # in the body
    end: int


def find_headings(outline: Outline) -> list[HeadingHit]:
    """Every place in the body where a contents heading stands, in body order."""
    hits = []
    for index, entry in enumerate(outline.entries):
        for match in re.finditer(re.escape(entry.glued), outline.body):
            hits.append(HeadingHit(index, match.start(), match.end()))
    hits.sort(key=lambda hit: (hit.start, -(hit.end - hit.start)))
    kept: list[HeadingHit] = []
    for hit in hits:
        if not kept or hit.start >= kept[-1].end:
            kept.append(hit)
    return kept


# ---- no contents list: numbered headings in the body ----------------------------

_NUMERALS = "一二三四五六七八九"
_BODY_CHAPTER = re.compile(f"({CHAPTER_NUMBER})")
_BODY_SECTION = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})(?![\d.%])")
MAX_TITLE = 20
_DIGIT_AFTER_TEXT = re.compile(r"(?<=\D)\d")  # `…动力|2026年`, but not inside `2026年…`
_TITLE_STOP = re.compile(r"[，。、；：？！,.;:?!（）()“”\s]")


def chinese_number(numeral: str) -> int:
    """一 … 九十九, as chapter numbers are written."""
    numeral = numeral.rstrip("、")
    if "十" not in numeral:
        return _NUMERALS.index(numeral) + 1
    tens, _, units = numeral.partition("十")
    return (_NUMERALS.index(tens) + 1 if tens else 1) * 10 + (_NUMERALS.index(units) + 1 if units else 0)


# Words a paragraph often opens with: where one follows a glued title, the title ended.
PARAGRAPH_OPENERS = ("在", "随着", "作为", "对于", "从", "当前", "目前", "近年来", "首先", "此外", "与此同时", "为了", "由于")


def _title(text: str, start: int, limit: int) -> str:
    """A glued heading's title. It ends at the next heading or a punctuation
    mark; within those, where the paragraph evidently begins: at a word that
    repeats the title's first word (`数据驱动与算法推荐|数据已成为`) or at a
    common paragraph opener (`…升级|在…`); failing that, before a number that
    follows the title's words, or at the last word boundary within MAX_TITLE."""
    end = min(limit, start + MAX_TITLE)
    if stop := _TITLE_STOP.search(text, start, end):
        end = stop.start()
    words = tokenizer().lcut(text[start:end + 4], HMM=False)
    position = start
    for index, word in enumerate(words):
        if index >= 2 and position - start >= 4 and (
                (len(words[0]) > 1 and text.startswith(words[0], position)) or word in PARAGRAPH_OPENERS):
            return text[start:position]
        position += len(word)
        if position >= end:
            break
    if digit := _DIGIT_AFTER_TEXT.search(text, start + 2, end):
        return text[start:digit.start()]
    if end - start == MAX_TITLE:
        boundary = start
        for word in words:
            if boundary + len(word) > end:
                break
            boundary += len(word)
        end = boundary if boundary > start else end
    return text[start:end]


def outline_from_body(text: str) -> Outline | None:
    """Headings numbered in sequence (一、 then 1.1, 1.2, then 二、 …) found in
    the body itself. Numbers out of sequence are prose (`1.5倍`), not headings."""
    markers = sorted([(m.start(), m.end(), 1, chinese_number(m.group(1))) for m in _BODY_CHAPTER.finditer(text)]
                     + [(m.start(), m.end(), 2, (int(m.group(1)), int(m.group(2)))) for m in _BODY_SECTION.finditer(text)])
    accepted = []
    chapter, section = 0, 0
    for start, end, level, number in markers:
        if level == 1 and number == chapter + 1:
            chapter, section = number, 0
        elif level == 2 and number == (chapter, section + 1):
            section += 1
        else:
            continue
        accepted.append((start, end, level, text[start:end]))
    # Where the document numbers sections, a chapter marker counts only if
    # its first section follows (`五、` in a list in prose has no 5.1).
    firsts = {a[3].split(".")[0] for a in accepted if a[2] == 2 and a[3].endswith(".1")}
    if firsts:
        accepted = [a for a in accepted if a[2] == 2 or str(chinese_number(a[3])) in firsts]
    if not accepted:
        return None
    entries = []
    for (_, end, level, number), following in zip(accepted, accepted[1:] + [(len(text),)]):
        entries.append(OutlineEntry(level, number, _title(text, end, following[0])))
    return Outline(None, tuple(entries), text, 0)
