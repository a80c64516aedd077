"""The numbering schemes Chinese documents give their headings, and the
sequence a document's headings must follow.

A scheme is recognised by its marker (`第三章`, `二、`, `（一）`, `1.2`, `（3）`,
`④` …). No scheme is fixed to a level: a document's schemes are ranked by
their first appearance (pipeline/structure/headings.py). A marker counts as
a heading's only where its number follows in sequence: the next number of
its scheme under the same parent, or the first number of a scheme one level
down (or a decimal number whose prefix is its parent's number: `1.1` under
`一、` or `第1章`).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_CN_DIGITS = "一二三四五六七八九十百零〇两"
_CN = f"[{_CN_DIGITS}]{{1,4}}"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_DOT = "[.．]"


@dataclass(frozen=True)
class Scheme:
    name: str
    pattern: re.Pattern[str]  # at the marker's start; group "n" is the number
    space_after: bool  # the heading is written `number title` (`第一章 总论`, `1.1 背景`), else glued (`一、总论`)
    standalone_only: bool = False  # a marker too common in prose to count unless its heading stands on its own line


def _scheme(name: str, pattern: str, space_after: bool, standalone_only: bool = False) -> Scheme:
    return Scheme(name, re.compile(pattern), space_after, standalone_only)


# Most specific first: `1.1` before `1.`, `第一章` before `一、`.
SCHEMES = (
    _scheme("第X部分", f"第(?P<n>{_CN}|\\d{{1,2}})(?:部分|篇|编)", True),
    _scheme("第X讲", f"第(?P<n>{_CN}|\\d{{1,2}})(?:讲|课|单元)", True),
    _scheme("第X章", f"第(?P<n>{_CN}|\\d{{1,2}})章", True),
    _scheme("第X节", f"第(?P<n>{_CN}|\\d{{1,2}})节", True),
    _scheme("X、", f"(?P<n>{_CN})[、．]", False),
    _scheme("（X）", f"[（(](?P<n>{_CN})[）)]", False),
    # `一 问题的提出`: a numeral and a space, on a line of its own.
    _scheme("X ", f"(?P<n>{_CN})(?=[ \u3000]+[^\\s])", True, standalone_only=True),
    _scheme("1.1", f"(?P<n>\\d{{1,2}}(?:{_DOT}\\d{{1,2}}){{1,3}})(?![.．]?\\d)(?![%％])", True),
    _scheme("1.", f"(?P<n>\\d{{1,2}}){_DOT}(?![\\d.．])", False),
    _scheme("1、", "(?P<n>\\d{1,2})、", False),
    _scheme("（1）", "[（(](?P<n>\\d{1,2})[）)]", False),
    _scheme("①", f"(?P<n>[{_CIRCLED}])", False),
    # `1 总论`: a bare number is a heading's only on a line of its own.
    _scheme("1", "(?P<n>\\d{1,2})(?=[ \u3000]+[^\\s\\d])", True, standalone_only=True),
)
SCHEME_BY_NAME = {scheme.name: scheme for scheme in SCHEMES}
# Where a contents list vouches for it, a bare number may be glued to its
# title (`1行业概况`, as a contents line and in a body without line breaks).
_LOOSE_BARE = re.compile("(?P<n>\\d{1,2})(?![\\d.．%％])(?=[ \u3000]*[^\\s\\d])")

# Headings a document leaves unnumbered; `附录` may carry its own label (`附录A`, `附录一 问卷`).
UNNUMBERED = ("前言", "引言", "绪论", "导论", "序言", "结语", "结论", "结束语", "参考文献", "致谢", "后记")
_UNNUMBERED = re.compile("^(?:" + "|".join("\\s*".join(word) for word in UNNUMBERED)
                         + f"|附\\s*录(?:\\s*[A-Z{_CN_DIGITS}\\d]{{0,3}}(?:[\\s:：、.．]+\\S.{{0,30}})?)?)\\s*[:：]?\\s*$")


@dataclass(frozen=True)
class Marker:
    scheme: str  # the scheme's name, or "" for an unnumbered heading
    number: tuple[int, ...]  # (3,) for 三、; (1, 2) for 1.2; () unnumbered
    start: int
    end: int  # where the title starts (spaces after the marker skipped)
    text: str  # the marker as written: "三、", "1.2"
    spaced: bool = False  # the source put a space between the marker and the title

    @property
    def key(self) -> str:
        """Decimal numbers of different depths are different schemes: 1.1 and 1.1.1."""
        return f"{self.scheme}/{len(self.number)}" if self.scheme == "1.1" else self.scheme


_UNITS = "一二三四五六七八九"
_TENS = re.compile(f"^([{_UNITS}]?)十([{_UNITS}]?)$")


def _number(text: str) -> int | None:
    if text in _CIRCLED:
        return _CIRCLED.index(text) + 1
    if text.isascii() and text.isdigit():
        return int(text)
    # 一 to 九十九, as nearly every heading writes its number, without cn2an,
    # whose import costs 0.3 s, more than the whole structure stage.
    if len(text) == 1 and text in _UNITS:
        return _UNITS.index(text) + 1
    if tens := _TENS.match(text):
        return (_UNITS.index(tens[1]) + 1 if tens[1] else 1) * 10 + (_UNITS.index(tens[2]) + 1 if tens[2] else 0)
    import cn2an

    try:
        return int(cn2an.cn2an(text.replace("〇", "零").replace("两", "二"), "smart"))
    except (ValueError, KeyError):
        return None


def marker_at(text: str, pos: int, end: int | None = None, loose: bool = False) -> Marker | None:
    """The numbering marker that starts at `pos`, if any; `loose`, a bare
    number glued to its title counts too."""
    end = len(text) if end is None else end
    if not _may_open_marker(text[pos:pos + 1]):
        return None
    for scheme in SCHEMES:
        match = scheme.pattern.match(text, pos, end)
        if not match and loose and scheme.name == "1":
            match = _LOOSE_BARE.match(text, pos, end)
        if not match:
            continue
        parts = re.split(_DOT, match["n"])
        numbers = tuple(_number(part) for part in parts)
        if None in numbers or 0 in numbers:
            continue
        title_start = match.end()
        while title_start < end and text[title_start] in " \u3000\t":
            title_start += 1
        return Marker(scheme.name, numbers, pos, title_start, match.group(), title_start > match.end())
    return None


def _may_open_marker(char: str) -> bool:
    """Whether a marker of any scheme may start with the character: most
    places asked about (every sentence end of a long text) start with none."""
    return char in _MARKER_OPENERS or char.isdecimal()  # what `\d` matches


_MARKER_OPENERS = frozenset("第（(" + _CN_DIGITS + _CIRCLED)


def unnumbered(line: str) -> bool:
    """A line that is one of the headings documents leave unnumbered."""
    return bool(_UNNUMBERED.match(line.strip()))


def heading_text(marker_text: str, scheme: str, title: str, spaced: bool = False) -> str:
    """The heading as the cleaned source writes it: `第一章 总论`, `1.1 背景`,
    `一、总论`, `（一）背景`; after `1.` as the source has it (`1. 背景`, `1.背景`)."""
    if not scheme:
        return title
    space = SCHEME_BY_NAME[scheme].space_after or (spaced and scheme == "1.")
    return f"{marker_text}{' ' if space else ''}{title}"


def normalise(text: str) -> str:
    """Text as compared between a contents entry and the body: full-width
    forms half-width, no spaces or punctuation, Latin in lower case."""
    return unicodedata.normalize("NFKC", text).lower().translate(_SPACE_AND_PUNCTUATION)


def ideographs_other_than(text: str) -> re.Pattern[str]:
    """A pattern found in any text that holds a CJK unified ideograph `text`
    does not: normalise keeps each such ideograph as it is, so a text it is
    found in cannot normalise to normalise(text). One search turns away a
    line that normalise would take a pass of Unicode normalisation over
    (1.9 s for the 120,000 lines of a 20 MB scrape)."""
    kept = sorted({ord(c) for c in text if "\u4e00" <= c <= "\u9fff"})
    ranges, low = [], 0x4E00
    for code in kept + [0xA000]:
        if low < code:
            ranges.append(f"{chr(low)}-{chr(code - 1)}")
        low = code + 1
    return re.compile(f"[{''.join(ranges)}]")


class _DroppedCharacters(dict):
    """str.translate's table for normalise: each character is looked up once
    and remembered, spaces and punctuation as dropped (None), the rest as
    themselves. (A text of 20 MB asks for a normalised title 200,000 times.)"""

    def __missing__(self, code: int) -> int | None:
        char = chr(code)
        kept = self[code] = None if char.isspace() or unicodedata.category(char).startswith("P") else code
        return kept


_SPACE_AND_PUNCTUATION = _DroppedCharacters()


def next_number(number: tuple[int, ...]) -> tuple[int, ...]:
    """The number after `number` at its depth: (3,) after (2,), (1, 3) after (1, 2)."""
    return number[:-1] + (number[-1] + 1,)


@dataclass
class Sequence:
    """The numbering a document has followed so far: a stack of (scheme key,
    number), outermost first, and the last number each scheme reached.
    (headings.py keeps the stack after every heading it accepts, so that a
    later copy of a heading can take up the numbering from there.)"""

    stack: list[tuple[str, tuple[int, ...]]] = field(default_factory=list)
    reached: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def adopt(self, stack: list[tuple[str, tuple[int, ...]]]) -> None:
        self.stack = stack
        self.reached.update(stack)

    def follows(self, marker: Marker) -> list[tuple[str, tuple[int, ...]]] | None:
        """The stack after `marker` if its number follows in sequence, else None."""
        key, number = marker.key, marker.number
        if not marker.scheme:
            return []  # an unnumbered heading stands at the top
        for depth, (held, last) in enumerate(self.stack):
            if held != key:
                continue
            if number == next_number(last):
                return self.stack[:depth] + [(key, number)]
            # 1.3 -> 2.1 with no `二、` between: the parent's number went on.
            if len(number) > 1 and number[-1] == 1 and number[:-2] == last[:-2] and number[-2] == last[-2] + 1:
                return self.stack[:depth] + [(key, number)]
            return None
        if len(number) == 1 and self.reached.get(key) == (number[0] - 1,):
            return self.stack + [(key, number)]  # numbered on across parents: 第一部分 第一章 第二部分 第二章
        if number[-1] != 1:
            return None
        if len(number) == 1:
            return self.stack + [(key, number)]
        # A decimal number opens under the heading whose number is its prefix.
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][1] == number[:-1]:
                return self.stack[:depth + 1] + [(key, number)]
        return self.stack + [(key, number)] if number[:-1] == (1,) * (len(number) - 1) and not self.stack else None
