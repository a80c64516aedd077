"""Remove the document-sharing sites' furniture, keeping the facts it states.

What each site prints around a document is data (pipeline/sites/profiles.yaml):
page thumbnails, read-more and download lines, copyright notices,
《…》由会员分享 lines, key-value blocks, login forms, numbered site notices,
comment boxes. Generic detectors catch sites no profile knows: a key-value
block or a file-name line at the head, and short lines made of interface
words (登录, 下载, 评论, 浏览 …) or counts of them. Recognition runs after
script conversion, in simplified wording, on whole lines: a line that is
a sentence of the body is never touched. Every removal is logged with the
profile or detector that made it; the facts (title, pages seen and in all,
file format) become the document's metadata.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

import yaml

from ..edits import apply_edits
from ..paths import PROJECT

PROFILES = PROJECT / "pipeline" / "sites" / "profiles.yaml"
# The head, where a site's header sits: patterns that could be a body line
# elsewhere (a key-value pair, a file name, a label) count only here. The
# largest header seen (三一办公's login and download panel) has 38 lines.
HEAD_LINES = 45
# An interface line: at most this long, no sentence end, and at least
# INTERFACE_WORDS of the interface words covering INTERFACE_SHARE of it, or
# at least two counts (`3384 浏览`).
INTERFACE_LINE = 60
INTERFACE_WORDS = 3
INTERFACE_SHARE = 0.6
KEY_VALUE_SLACK = 15  # characters of a line of three or more pairs that need not be pairs (`大?。?90.55KB`)
_SENTENCE_MARK = re.compile("[。！？!?]")
_BULLET = re.compile(r"^(?:[•·●▪■◆]\s*)+")
_THIS_SITE = re.compile("本站|本网站")


@dataclass(frozen=True)
class LineRule:
    site: str
    what: str
    pattern: re.Pattern[str]
    head_only: bool


@dataclass(frozen=True)
class BlockRule:
    site: str
    what: str
    start: re.Pattern[str]
    lines: re.Pattern[str]


@dataclass(frozen=True)
class Profiles:
    detect: dict[str, tuple[re.Pattern[str], ...]]  # site -> lines that show the text is that site's
    lines: tuple[LineRule, ...]
    inline: tuple[LineRule, ...]
    blocks: tuple[BlockRule, ...]
    key_value: re.Pattern[str]
    key_facts: dict[str, str]
    interface: re.Pattern[str]
    counter: re.Pattern[str]
    file_name: re.Pattern[str]

    # Nearly every line is no furniture: one pattern that any detect or line
    # rule matching would match turns it away in one try instead of one a
    # rule (3.9 million tries for a 20 MB scrape took 1.1 s).
    @cached_property
    def any_detect(self) -> re.Pattern[str]:
        return _any_of(pattern for patterns in self.detect.values() for pattern in patterns)

    @cached_property
    def any_line(self) -> re.Pattern[str]:
        return _any_of(rule.pattern for rule in self.lines)


def _any_of(patterns) -> re.Pattern[str]:
    """One pattern that matches where any of `patterns` (all compiled as by
    _whole) does, their group names dropped so that they may repeat."""
    try:
        return _whole("|".join(re.sub(r"\(\?P<\w+>", "(?:", pattern.pattern) for pattern in patterns))
    except re.error:  # a profile refers back to a group by its name: no shortcut, every rule is tried
        return re.compile(".*", re.DOTALL)


def _whole(pattern: str) -> re.Pattern[str]:
    return re.compile(f"(?:{pattern})", re.IGNORECASE)


@cache
def profiles() -> Profiles:
    # libyaml's loader when PyYAML has it: 3 ms against 22 ms for the profiles.
    data = yaml.load(PROFILES.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    lines, inline, blocks, detect = [], [], [], {}
    for site in data["sites"]:
        name = site["name"]
        if site.get("detect"):
            detect[name] = tuple(_whole(p) for p in site["detect"])
        lines += [LineRule(name, what, _whole(p), False) for what, p in (site.get("lines") or {}).items()]
        lines += [LineRule(name, what, _whole(p), True) for what, p in (site.get("head") or {}).items()]
        inline += [LineRule(name, what, re.compile(p), True) for what, p in (site.get("inline") or {}).items()]
        blocks += [BlockRule(name, what, _whole(b["start"]), _whole(b["lines"]))
                   for what, b in (site.get("blocks") or {}).items()]
    generic = data["generic"]
    lines += [LineRule("generic", what, _whole(p), False) for what, p in generic["lines"].items()]
    keys = generic["keys"]
    words = generic["interface words"]
    return Profiles(
        detect, tuple(lines), tuple(inline), tuple(blocks),
        key_value=re.compile(f"(?:^|(?<=[\\s,，|;；]))[-•·*]?\\s*(?P<key>{keys})\\s*[:：]\\s*"
                             "(?P<value>[^\\s,，|;；]+(?:\\s\\d{1,2}:\\d{2}(?::\\d{2})?)?)"),
        key_facts=dict(generic["key facts"]),
        interface=re.compile(words, re.IGNORECASE),
        counter=re.compile(f"\\d+\\s*(?:次|人)?(?:{words})|(?:{words})\\s*[(（]?\\d+"),
        file_name=_whole(generic["file name"]))


@dataclass(frozen=True)
class Removal:
    start: int  # offsets of the removed piece in the text: a whole line with its newline, or a piece of one
    end: int
    source: str  # the profile or detector: "人人文库: page thumbnail", "generic: key-value block"
    facts: dict[str, str]
    text: str = ""  # the line it matched


def _lines(text: str):
    """(start, end, content, content's start) of every line: content stripped, end before the newline."""
    pos = 0
    for raw in text.split("\n"):
        content = raw.strip()
        yield pos, pos + len(raw), content, pos + len(raw) - len(raw.lstrip())
        pos += len(raw) + 1


def _interface_line(line: str, found: Profiles) -> bool:
    if not line or len(line) > INTERFACE_LINE or _SENTENCE_MARK.search(line):
        return False
    if len(found.counter.findall(line)) >= 2:
        return True
    words = found.interface.findall(line)
    covered = sum(len(w) for w in words)
    meaningful = len(re.sub(r"[\s|/·•>\-]", "", line))
    return len(words) >= INTERFACE_WORDS and covered >= INTERFACE_SHARE * meaningful


def _key_values(line: str, found: Profiles) -> list[re.Match]:
    """The key-value pairs a line is made of (nearly all of it: a value the
    scrape damaged may leave a few characters over)."""
    pairs = list(found.key_value.finditer(line))
    rest = re.sub(r"[\s\-•·*,，|]", "", found.key_value.sub("", line))
    return pairs if pairs and (not rest or (len(pairs) >= 3 and len(rest) <= KEY_VALUE_SLACK)) else []


# read_site_facts and then remove_furniture ask for the furniture of the same
# text (clean() runs them one after the other): 3.3 s each for a 20 MB scrape.
@lru_cache(maxsize=1)
def find_furniture(text: str) -> tuple[Removal, ...]:
    """Every piece of site furniture in the text, in order."""
    found = profiles()
    removals: list[Removal] = []
    head_seen = 0
    block: BlockRule | None = None
    kv_run: list[tuple[int, int, list[re.Match]]] = []

    def close_kv_run():
        # One line of several pairs, or a run of lines of one pair each.
        if kv_run and (len(kv_run) >= 2 or len(kv_run[0][2]) >= 2):
            for start, end, pairs in kv_run:
                facts = {found.key_facts[m["key"]]: m["value"] for m in pairs if m["key"] in found.key_facts}
                removals.append(Removal(start, end, "generic: key-value block", facts))
        kv_run.clear()

    lines = [(start, end, _BULLET.sub("", content), content_start + len(content) - len(_BULLET.sub("", content)))
             for start, end, content, content_start in _lines(text) if content]  # a list bullet before a line aside
    # A profile with lines only its site prints applies where one of them is found.
    detected = [content for _, _, content, _ in lines if found.any_detect.fullmatch(content)]
    absent = {site for site, patterns in found.detect.items()
              if not any(p.fullmatch(content) for p in patterns for content in detected)}
    line_rules = [rule for rule in found.lines if rule.site not in absent]
    inline_rules = [rule for rule in found.inline if rule.site not in absent]
    # A block of a site not found elsewhere counts where its notes name the site (本站…).
    block_rules = [(rule, rule.site in absent) for rule in found.blocks]
    for index, (line_start, line_end, content, content_start) in enumerate(lines):
        head_seen += 1
        in_head = head_seen <= HEAD_LINES
        # A line that is furniture goes with its newline, so that it leaves no
        # blank line between two lines of a paragraph.
        start, end = line_start, min(line_end + 1, len(text))
        if block is not None:
            if block.lines.fullmatch(content):
                removals.append(Removal(start, end, f"{block.site}: {block.what}", {}))
                continue
            block = None
        if in_head and (pairs := _key_values(content, found)):
            kv_run.append((start, end, pairs))
            continue
        close_kv_run()
        following = lines[index + 1][2] if index + 1 < len(lines) else ""
        # A block's first line (温馨提示) is furniture only where the block's lines follow it.
        if rule := next((b for b, needs_site in block_rules if b.start.fullmatch(content) and b.lines.fullmatch(following)
                         and not (needs_site and not _THIS_SITE.search(following))), None):
            block = rule
            removals.append(Removal(start, end, f"{rule.site}: {rule.what}", {}))
            continue
        match = None
        for rule in line_rules if found.any_line.fullmatch(content) else ():
            if (in_head or not rule.head_only) and (match := rule.pattern.fullmatch(content)):
                facts = {k: v for k, v in match.groupdict().items() if v}
                removals.append(Removal(start, end, f"{rule.site}: {rule.what}", facts, content))
                break
        if match:
            continue
        if in_head and (match := found.file_name.fullmatch(content)):
            removals.append(Removal(start, end, "generic: file-name line", match.groupdict(), content))
            continue
        if _interface_line(content, found):
            removals.append(Removal(start, end, "generic: interface line", {}))
            continue
        if in_head:
            for rule in inline_rules:
                for piece in rule.pattern.finditer(content):
                    removals.append(Removal(content_start + piece.start(), content_start + piece.end(),
                                            f"{rule.site}: {rule.what}", {}))
    close_kv_run()
    return tuple(sorted(removals + _chunk_numbers(lines), key=lambda r: r.start))


_CHUNK = re.compile(r"(\d{1,3})、")
# A site that cuts a text into numbered chunks (`1、…`, `2、…`, 300 characters
# each in the pages seen) cuts them blindly, mid-word: its chunks are at
# least this long, and one at least ends without a sentence end.
MIN_CHUNK = 200


def _chunk_numbers(lines: list[tuple[int, int, str, int]]) -> list[Removal]:
    """`1、` `2、` … a site put before the chunks it cut the text into, with the
    line break before each (a chunk's end is not a paragraph's)."""
    numbered = [(index, int(m[1]), m) for index, (_, _, content, _) in enumerate(lines)
                if (m := _CHUNK.match(content))]
    for position, (index, number, _) in enumerate(numbered):
        if number != 1:
            continue
        run = [numbered[position]]
        for following in numbered[position + 1:]:
            if following[0] != run[-1][0] + 1 or following[1] != run[-1][1] + 1:
                break
            run.append(following)
        chunks = [lines[i][2] for i, _, _ in run]
        if len(run) < 2 or any(len(c) < MIN_CHUNK for c in chunks[:-1]) or \
                all(_SENTENCE_MARK.search(c[-2:]) for c in chunks[:-1]):
            continue
        removals = []
        for (index, _, match), previous in zip(run, [None] + run[:-1]):
            start = lines[previous[0]][3] + len(lines[previous[0]][2]) if previous else lines[index][3]
            removals.append(Removal(start, lines[index][3] + match.end(), "generic: chunk number", {}))
        return removals
    return []


def remove_furniture(text: str):
    edits = [(r.start, r.end, "", f"site furniture ({r.source})") for r in find_furniture(text)]
    return apply_edits(text, edits, "clean", "furniture")


@dataclass(frozen=True)
class SiteFacts:
    """What the site's furniture tells about the document."""

    titles: tuple[tuple[str, str], ...] = ()  # (where the site shows it, the title), in the text's order
    pages_seen: int | None = None
    pages_total: int | None = None
    source_format: str | None = None
    pages_left: int | None = None  # pages the site did not show (`还剩11页未读`)

    @property
    def pages_missing(self) -> bool:
        return bool(self.pages_left) or bool(self.pages_seen and self.pages_total and self.pages_seen < self.pages_total)


_EXTENSION = re.compile(r"\.(?:docx?|pdf|pptx?|xlsx?|txt|wps|rtf)$", re.IGNORECASE)


def read_site_facts(text: str) -> SiteFacts:
    titles: list[tuple[str, str]] = []
    pages: list[int] = []
    seen = total = left = None
    source_format = None
    for removal in find_furniture(text):
        facts = removal.facts
        title_source = "thumbnail" if "page" in facts else "quoted" if "《" in removal.text else "page title"
        for key, source in (("title", title_source), ("filename", "file name")):
            if key in facts:
                title = _EXTENSION.sub("", facts[key].strip()).rstrip(". ")
                if title and (source, title) not in titles:
                    titles.append((source, title))
                source_format = source_format or (m.group()[1:].upper() if (m := _EXTENSION.search(facts[key])) else None)
        if "page" in facts:
            pages.append(int(facts["page"]))
        if "seen" in facts:
            seen = int(facts["seen"])
        if "left" in facts:
            left = int(facts["left"])
        if "total" in facts and facts["total"].isdigit():
            total = total or int(facts["total"])
        if "format" in facts:
            source_format = source_format or facts["format"].upper()
    if seen is None and pages:
        seen = max(pages)
    if seen is not None and left is not None:  # `已阅读5页,还剩57页未读`, or thumbnails and `剩余29页`
        total = seen + left
    return SiteFacts(tuple(titles), seen, total, source_format, left)
