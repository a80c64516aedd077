"""The body's headings: where each stands, its title, its level.

A marker counts only at a line's start or just after a sentence end (or
just after the title of a heading before it), never inside a sentence. It
becomes a heading where the evidence says so:
  the contents list names it           at any such place, its title as the
                                       contents gives it (compared tolerantly);
  it stands on a line of its own       with a title-like rest of the line and
                                       a number that follows in sequence;
  it is glued to its paragraph         only inside a run without line breaks
                                       (where nothing else can mark it), in
                                       sequence, where the text marks its title's
                                       end (_glued_title: a space, an article, a
                                       paragraph opener, a year, the next
                                       heading); not a list's (1) or ①; a scheme
                                       the contents lists needs the contents'
                                       word for it. Its end is still a reading
                                       of the text: the report flags it.
A heading met again out of sequence, with the same number and title as one
before, starts a second copy of that part (pipeline/structure/duplicates.py).
Levels rank the schemes by their first appearance, the contents' first.
"""
from __future__ import annotations

import bisect
import heapq
import re
from dataclasses import dataclass, field

from ..clean.wordlist import tokenizer
from .contents import MAX_ENTRY_CHARS, Contents, glued_title, plausible_title, title_end, titles_match
from .lines import RUN_CHARS, SENTENCE_END, Line, Lines, ends_sentence
from .numbering import Marker, Sequence, heading_text, marker_at, next_number, normalise, unnumbered

MAX_LEVEL = 6  # Markdown's deepest heading; deeper schemes share it


@dataclass
class Hit:
    start: int  # the marker's first character
    end: int  # just past the title
    marker: Marker
    title: str
    standalone: bool  # the heading has its line to itself
    entry: int | None = None  # the contents entry it is
    repeat_of: int | None = None  # the hit this one is a later copy of
    level: int = 0
    guessed: bool = False  # glued to its text, no line break or contents entry to say where its title ends
    colon: int | None = None  # where a colon after the title starts (`参考文献：`), left out of the heading

    @property
    def text(self) -> str:
        return heading_text(self.marker.text, self.marker.scheme, self.title, self.marker.spaced)

    @property
    def identity(self) -> tuple:
        return self.marker.key, self.marker.number, normalise(self.title)


# ---- a glued heading's title, without a contents list to say where it ends ----

MAX_GLUED_TITLE = 20
_DIGIT_AFTER_TEXT = re.compile(r"(?<=\D)\d")  # `…动力|2026年`, but not inside `2026年…`
_YEAR = re.compile(r"(?:19|20)\d\d年")
_TITLE_STOP = re.compile(r"[，。、；：？！,.;:?!\s]|第[一二三四五六七八九十百零\d]+条")
# Words a paragraph often opens with: where one follows a glued title, the title ended.
PARAGRAPH_OPENERS = ("在", "随着", "作为", "对于", "从", "当前", "目前", "近年来", "首先", "此外", "与此同时", "为了", "由于",
                     "过去", "今年", "去年", "一年来", "今年以来", "多年来", "长期以来", "近期")
_LONG_OPENERS = tuple(opener for opener in PARAGRAPH_OPENERS if len(opener) > 1)
# Words that open a paragraph's first noun: where the title's first word
# comes back after one of them (`评估方法|本次评估采用`), the paragraph began with it.
DETERMINERS = ("本次", "本", "该", "这", "此", "其", "各", "我们", "我国", "我市", "我省", "本文", "这种", "这一", "本项目")
_GAP = re.compile(r"[ \t]{2,}|\u3000+")
# A number followed by one of these is a quantity in a sentence (`2.3亿`), not a heading.
_QUANTITY = re.compile(r"[亿万千百倍个年月日元次人家种项%％‰岁米吨]")


_OPENS_NO_SENTENCE = "，。、；：,.;:）)”"
# Schemes that number a list inside a paragraph far more often than a heading:
# glued to the text, they are never taken for one (`；（2）人事管理…`, `①编制由县…`).
LIST_SCHEMES = ("（1）", "①", "1、")
MIN_GLUED_TITLE = 4


def _first_words(title: str, rest: int = MIN_GLUED_TITLE) -> str:
    """The shortest run of whole words at least MIN_GLUED_TITLE long that leaves
    the sentence `rest` characters of its own; empty if there is none."""
    position = 0
    for word in tokenizer().lcut(title, HMM=False):
        position += len(word)
        if position >= MIN_GLUED_TITLE:
            return title[:position] if len(title) - position >= rest else ""
    return ""


def _glued_title(text: str, start: int, limit: int) -> tuple[str, bool]:
    """A glued heading's title, and whether something in the text marks its
    end. It ends at a punctuation mark, an article (第一条) or the line's end;
    within those (a space there marks the end too), where the paragraph
    evidently begins: at a word that repeats the title's first word
    (`数据驱动与算法推荐|数据已成为`), at a common paragraph opener (`…升级|在…`),
    before a year or the next heading's number. Failing those (unmarked), at
    the punctuation mark, or the last word boundary within MAX_GLUED_TITLE."""
    end = min(limit, start + MAX_GLUED_TITLE)
    stop = _TITLE_STOP.search(text, start, end)
    while stop and stop.group().isspace() and stop.start() - start < 2:  # letter-spaced: `总 则`
        stop = _TITLE_STOP.search(text, stop.end(), end)
    if stop:
        end = stop.start()
    # An article (第一条), a space the source left, the line's end: marked ends.
    if stop and (stop.group().startswith("第") or stop.group().isspace()) or end == limit:
        return text[start:end], True
    # A paragraph opener of two or more characters may hide inside a word
    # the cut makes across the join (`回顾|过去` cut as `回顾过去`).
    for pos in range(start + MIN_GLUED_TITLE, end):
        if any(text.startswith(opener, pos) for opener in _LONG_OPENERS):
            return text[start:pos], True
    words = tokenizer().lcut(text[start:end + 4], HMM=False)
    position = start
    for index, word in enumerate(words):
        if index >= 2 and position - start >= 4 and (
                (len(words[0]) > 1 and text.startswith(words[0], position)) or word in PARAGRAPH_OPENERS):
            if words[index - 1] in DETERMINERS and position - len(words[index - 1]) - start >= 4:
                position -= len(words[index - 1])
            return text[start:position], True
        position += len(word)
        if position >= end:
            break
    if digit := _DIGIT_AFTER_TEXT.search(text, start + 2, end):
        # A paragraph that opens with a year (`…驱动力|2026年，`), or the next
        # heading's number (`总论|1.1评估背景`), marks the end; a number inside a sentence does not.
        return text[start:digit.start()], bool(_YEAR.match(text, digit.start()) or marker_at(text, digit.start(), limit))
    if end - start == MAX_GLUED_TITLE:
        boundary = start
        for word in words:
            if boundary + len(word) > end:
                break
            boundary += len(word)
        end = boundary if boundary > start else end
    return text[start:end], False


# ---- finding the headings ----------------------------------------------------

@dataclass
class _Search:
    text: str
    lines: Lines
    contents: Contents | None
    sequence: Sequence
    hits: list[Hit]
    stacks: list[list]  # the numbering after each hit
    latest: dict[tuple, int]  # identity (or contents entry) -> the latest hit with it
    next_entry: int = 0
    glued_from: int = RUN_CHARS  # lines longer than this may hold headings glued to their text
    glued_lines: set[int] = field(default_factory=set)  # and these: a title glued before their first heading

    def glued(self, line: Line) -> bool:
        return len(line.text) > self.glued_from or line.start in self.glued_lines

    def accept(self, hit: Hit, stack: list, repeat_of: int | None) -> None:
        hit.repeat_of = repeat_of
        self.sequence.adopt(stack)
        self.latest[hit.identity] = len(self.hits)
        if hit.entry is not None:
            self.latest[("entry", hit.entry)] = len(self.hits)
        self.hits.append(hit)
        self.stacks.append(stack)

    def forced(self, marker: Marker) -> list:
        """The numbering after a heading the contents vouches for, even out of sequence."""
        stack = self.sequence.stack
        for depth, (key, _) in enumerate(stack):
            if key == marker.key:
                return stack[:depth] + [(marker.key, marker.number)]
        return stack + [(marker.key, marker.number)] if marker.scheme else []

    def place(self, hit: Hit) -> tuple[list, int | None] | None:
        """(numbering after the hit, the copy before it if it is a later
        copy of a heading), or None if the evidence does not make it a heading."""
        stack = self.sequence.follows(hit.marker)
        if hit.entry is not None:
            earlier = self.latest.get(("entry", hit.entry))
            if earlier is not None:
                return self.stacks[earlier], earlier
            self.next_entry = hit.entry + 1
            return (stack if stack is not None else self.forced(hit.marker)), None
        if stack is not None:
            return stack, None
        if hit.identity in self.latest:
            earlier = self.latest[hit.identity]
            return self.stacks[earlier], earlier
        return None


def _title_below(search: _Search, marker: Marker, line: Line) -> Hit | None:
    """A marker alone on its line, the title on the next (`一、` / `基层卫生人才队伍的现状`),
    as a PDF's text layer may give it."""
    number = search.lines.index_at(line.start)
    below = next((other for other in search.lines[number + 1:number + 3] if not other.blank), None)
    if below is None or marker_at(search.text, below.content_start, below.content_end) or not plausible_title(below.content):
        return None
    return Hit(marker.start, below.content_end, marker, below.content, True)


def _lists_on(text: str, marker: Marker, end: int) -> bool:
    """The line goes on to the next number of the marker's scheme (`1.图书数据2.借款人信息`):
    a list run together, not a heading."""
    following = next_number(marker.number)
    return any(m.key == marker.key and m.number == following
               for m in (marker_at(text, pos, end) for pos in range(marker.end, end)) if m)


def _contents_hit(search: _Search, marker: Marker | None, pos: int, line: Line) -> Hit | None:
    """The heading at pos if the contents list names it (the next entries
    first, then any, for a later copy)."""
    contents = search.contents
    candidates = contents.entries_for(marker, search.text, pos, line.content_end)
    first = bisect.bisect_left(candidates, search.next_entry)
    for index in candidates[first:] + candidates[:first]:
        entry = contents.entries[index]
        title_start = marker.end if entry.scheme else pos
        end = title_end(search.text, title_start, line.content_end, entry.title)
        if end is None and entry.scheme and pos == line.content_start:
            # A line of its own: its title may say it in other words.
            rest = search.text[title_start:line.content_end]
            if plausible_title(rest) and titles_match(rest, entry.title):
                end = line.content_end
        if end is None:
            continue
        hit_marker = marker if entry.scheme else Marker("", (), pos, pos, "")
        return Hit(pos, end, hit_marker, search.text[title_start:end].strip(), end == line.content_end, entry=index)
    return None


def _candidate(search: _Search, pos: int, line: Line, at_line_start: bool) -> Hit | None:
    text = search.text
    marker = marker_at(text, pos, line.content_end)
    if search.contents and (hit := _contents_hit(search, marker_at(text, pos, line.content_end, loose=True), pos, line)):
        return hit
    if marker is None:
        if at_line_start and pos == line.content_start and unnumbered(line.content):
            title = line.content.rstrip(":：").strip()
            return Hit(pos, line.content_end, Marker("", (), pos, pos, ""), title, True,
                       colon=pos + len(title) if len(title) < len(line.content) else None)
        return None
    if at_line_start and marker.end >= line.content_end:
        return _title_below(search, marker, line)
    if at_line_start and line.content_end - marker.end <= MAX_ENTRY_CHARS and _lists_on(text, marker, line.content_end):
        return None
    # `一、总论  人类摆脱…`: a wide gap ends the title as a line break would.
    gap = _GAP.search(text, marker.end, line.content_end)
    if at_line_start and gap and plausible_title(text[marker.end:gap.start()]):
        return Hit(pos, gap.start(), marker, text[marker.end:gap.start()].strip(), False)
    rest = text[marker.end:line.content_end]
    if at_line_start and marker.end < line.content_end and plausible_title(rest):
        return Hit(pos, line.content_end, marker, rest.strip(), True)
    vouched = search.contents is not None and marker.key in search.contents.keys
    if not search.glued(line) or vouched or marker.end >= line.content_end:
        return None
    if _QUANTITY.match(text, marker.end) or text[marker.end] in "，。、；：,.;:" or marker.scheme in LIST_SCHEMES:
        return None
    title, marked = _glued_title(text, marker.end, line.content_end)
    end = marker.end + len(title)
    if end < line.content_end and text[end] in _OPENS_NO_SENTENCE:
        # The guess took a sentence's first words (`一、工作回顾过去一年，…`):
        # the title is its first words, the rest the sentence's (still a guess).
        # Before a colon the paragraph opens with a label (`教学重难点|重点：…`):
        # a label of two to four characters marks where the title ended.
        label = text[end] in "：:"
        shorter = _first_words(title, 2 if label else MIN_GLUED_TITLE)
        title, marked = shorter, label and 2 <= len(title) - len(shorter) <= 4
    # Where nothing in the text marks the title's end, the heading stays text:
    # a wrong end would put a sentence's first words in the outline.
    if not title or not plausible_title(title) or len(title) < 2 or not marked:
        return None
    return Hit(pos, marker.end + len(title), marker, title, False, guessed=True)


# A text with no heading of its own line may be a short one the scrape glued
# together (`某某通知一、总则1.1目的为规范…`): then lines from this long may
# hold glued headings too (each still in sequence, its title ending where a
# sentence can begin).
GLUED_SHORT = 300


def find_headings(text: str, lines: Lines, body_start: int, contents: Contents | None) -> list[Hit]:
    """Every heading of the body (text[body_start:]), in order; copies marked."""
    hits = _find(text, lines, body_start, contents, RUN_CHARS)
    if not hits and contents is None:
        hits = _find(text, lines, body_start, None, GLUED_SHORT) or _plain_headings(text, lines, body_start)
    return hits


def _find(text: str, lines: Lines, body_start: int, contents: Contents | None, glued_from: int) -> list[Hit]:
    search = _Search(text, lines, contents, Sequence(), [], [], {}, glued_from=glued_from)
    first_line = contents is None
    for _, line in lines.between(body_start, len(text)):
        if line.blank or line.content_end <= body_start:
            continue
        start = max(line.content_start, body_start)
        line_starts = {start}
        positions = [start]
        if first_line and (glued := glued_title(line.content)):
            positions.append(line.content_start + glued)  # a title glued before the first heading
            line_starts.add(line.content_start + glued)
            search.glued_lines.add(line.start)
        first_line = False
        if search.glued(line) or contents:
            positions += [end for end in (m.end() for m in SENTENCE_END.finditer(text, start, line.content_end))
                          if end < line.content_end]
        heapq.heapify(positions)
        done = -1
        while positions:
            pos = heapq.heappop(positions)
            while pos < line.content_end and text[pos] in " \u3000\t":
                pos += 1
            if pos < done or pos >= line.content_end:
                continue
            hit = _candidate(search, pos, line, pos in line_starts)
            placed = search.place(hit) if hit else None
            if placed is None:
                continue
            search.accept(hit, *placed)
            done = hit.end
            if hit.end < line.content_end:
                heapq.heappush(positions, hit.end)  # a heading glued to the next: `一、总论1.1背景`
    _bind_unmatched_entries(search)
    return _without_lists(text, search.hits)


def _without_lists(text: str, hits: list[Hit]) -> list[Hit]:
    """Numbered lines one after another with no text between them
    (`1、完善培训制度` / `2、加强师资建设` / `3、创新培训方式`) are a list, not
    headings, unless the contents list names them."""
    listed: set[int] = set()
    index = 0
    while index < len(hits):
        end = index
        while end + 1 < len(hits) and _next_item(hits[end], hits[end + 1]) and not text[hits[end].end:hits[end + 1].start].strip():
            end += 1
        if end > index and all(hits[k].entry is None for k in range(index, end + 1)):
            listed.update(range(index, end + 1))
        index = end + 1
    kept = [hit for k, hit in enumerate(hits) if k not in listed]
    renumbered = {k: new for new, k in enumerate(k for k in range(len(hits)) if k not in listed)}
    for hit in kept:
        hit.repeat_of = renumbered.get(hit.repeat_of) if hit.repeat_of is not None else None
    return kept


def _next_item(hit: Hit, following: Hit) -> bool:
    return bool(hit.marker.scheme) and following.marker.key == hit.marker.key and \
        following.marker.number == next_number(hit.marker.number)


# ---- unnumbered headings, where a document numbers none -------------------------

# A line of its own this short, with no punctuation but a closing ？ or ！,
# between the end of one paragraph and the start of the next, is a heading
# (`写在前面`, `问题出在哪里`), where the document has at least MIN_PLAIN_HEADINGS
# of them and numbers no heading: a blog's or a news page's sections.
MAX_PLAIN_HEADING = 20
_CIRCLED_MARKS = "①②③④⑤⑥⑦⑧⑨⑩"
MIN_PLAIN_HEADINGS = 2
_PLAIN_HEADING = re.compile(f"^(?!.*[，,]$)[^\\s。、；：.;:“”\"（）()《》]{{2,{MAX_PLAIN_HEADING}}}[？！?!]?$")
_LIST_LINE = re.compile(f"^(?:[{_CIRCLED_MARKS}]|\\d{{1,2}}[.、．]|[（(]\\d{{1,2}}[）)]|[•·●]|[^，。：:]{{1,12}}[：:]\\S)")
_NOT_A_HEADING = re.compile(r"^(?:[图表]\s*\d|注\s*[:：\d]|附[图表]|资料来源|数据来源|来源[:：]|figure|table)", re.IGNORECASE)


def _plain_headings(text: str, lines: Lines, body_start: int) -> list[Hit]:
    content = [line for _, line in lines.between(body_start, len(text)) if not line.blank]
    hits = []
    for index, line in enumerate(content):
        if not _PLAIN_HEADING.match(line.content) or _NOT_A_HEADING.match(line.content) \
                or not re.search(r"[\u3400-\u9fff]", line.content) or index + 1 >= len(content):
            continue
        before = content[index - 1].content if index else ""
        after = content[index + 1].content
        # What follows is prose, or a list (`型号：SH-1702`, `① 请勿…`).
        text_after = (len(after) >= 2 * len(line.content) and ends_sentence(after)) or bool(_LIST_LINE.match(after))
        # After a paragraph's end or a short line (a list's), not inside a
        # wrapped paragraph; not the text's first line (the title's).
        after_text = ends_sentence(before) or len(before) <= MAX_PLAIN_HEADING
        if index and (index == 1 or after_text) and text_after:
            hits.append(Hit(line.content_start, line.content_end, Marker("", (), line.content_start, line.content_start, ""),
                            line.content, True))
    return hits if len(hits) >= MIN_PLAIN_HEADINGS else []


def _bind_unmatched_entries(search: _Search) -> None:
    """A heading on a line of its own whose number is the next contents
    entry's, but whose title says it in other words, is that entry."""
    if not search.contents:
        return
    found = {hit.entry for hit in search.hits if hit.entry is not None}
    entries = search.contents.entries
    following = 0
    for hit in search.hits:
        if hit.entry is not None:
            following = hit.entry + 1
            continue
        if hit.repeat_of is None and hit.standalone and following < len(entries) and following not in found:
            entry = entries[following]
            if entry.scheme and (entry.key, entry.number) == (hit.marker.key, hit.marker.number):
                hit.entry = following
                found.add(following)
                following += 1


def assign_levels(hits: list[Hit], contents: Contents | None) -> dict[str, int]:
    """Levels by each scheme's first appearance (the contents first); an
    unnumbered heading stands at the top."""
    ranks: dict[str, int] = {}
    for key in [e.key for e in contents.entries] if contents else []:
        if key:
            ranks.setdefault(key, len(ranks) + 1)
    for hit in hits:
        if hit.marker.scheme:
            ranks.setdefault(hit.marker.key, len(ranks) + 1)
    ranks = {key: min(MAX_LEVEL, rank) for key, rank in ranks.items()}
    for hit in hits:
        hit.level = level_of(hit.marker.key, ranks)
    return ranks


def level_of(key: str, ranks: dict[str, int]) -> int:
    """The level of a heading or contents entry of scheme `key` ("" unnumbered: the top)."""
    return ranks.get(key, 1) if key else 1
