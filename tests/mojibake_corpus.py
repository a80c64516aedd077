"""A fixed corpus of texts with spans read one byte late, their truth, and
the mojibake repair measured on it: the evaluation gate of
tests/test_mojibake_gate.py, whose floors are tests/mojibake_gate_baseline.json.

The texts are the seed's intact paragraphs (build/cross-border-ecommerce-2026.md,
the ones pinned in the baseline by hash) cut into texts of a few thousand
characters, and three short texts of our own on other topics; all in
traditional characters (OpenCC s2t, as the site had them), with the site's
half-width punctuation and no reading notes outside the spans. Each density
(a span every 30, 60, 200, 450 characters on average) damages them afresh,
from fixed seeds, in as many passes as give it 700 to 1100 spans.

A span is a run of 1-5 characters damaged as shared/DAMAGE.md tells: GBK
bytes read one byte late (the intact character before lends its second
byte), ending where a one-byte token realigns the stream or with a last
pair that swallowed the next character's first byte. Each span is drawn to
a recipe, in fixed shares (RECIPES), and records the kinds its garbage
shows (KINDS), so the measures break down by kind.

Measures, per density: spans restored (the output over the span is the
original run exactly), wrong repairs (spans, and stretches of intact text,
that a change turned into something other than the truth: a □ for a lost
character counts too), characters wrong (edit distance to the truth, over
all characters), unflagged garbage (spans neither restored nor covered by
a `-unresolved` change). Offsets are carried through both rules' changes;
spans and changes that overlap are judged together, as one stretch.

Print the table:    .venv/bin/python tests/mojibake_corpus.py
Re-pin the floors:  .venv/bin/python tests/mojibake_corpus.py --pin
(refuses to lower a floor or raise a ceiling unless given --allow-worse).
"""
from __future__ import annotations

import argparse
import bisect
import datetime
import hashlib
import itertools
import json
import random
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script (the re-pin command), the project is not on the path

from damage import _HALF_WIDTH, _S2T, _annotated_by_site, _half_width, _reading, intact_paragraphs
from rapidfuzz.distance import Levenshtein

from pipeline.clean.mojibake import repair_mojibake
from pipeline.clean.pinyin import strip_reading_notes
from pipeline.edits import InputOffsets
from pipeline.source import read_source

BASELINE = Path(__file__).with_name("mojibake_gate_baseline.json")
SOURCE = ROOT / "build" / "cross-border-ecommerce-2026.md"

# Density (a span every so many characters, on average) -> passes over the
# texts: 700 to 1100 spans each.
DENSITIES = {30: 2, 60: 3, 200: 8, 450: 18}
TEXT_LENGTH = 2500  # seed paragraphs are gathered into texts of at least this many characters
MAX_RUN = 5
# What each span is drawn to show, in shares of 20. A span that shows more
# (a lost glyph in a bridge) counts under every kind it shows.
RECIPES = {"lost-glyph": 3, "private-use": 3, "byte": 3, "stray-byte": 1, "punctuation": 3,
           "hidden": 3, "lost-byte": 2, "bridge": 2}
# The kinds a span can show, in the table's order.
KINDS = {
    "lost-glyph": "a garbage character shown as `?reading)`",
    "lost-glyph-original-reading": "... with the reading of the original character the pair completes",
    "private-use": "a pair GBK cannot decode, shown as a private-use character",
    "lost-byte": "one or two lost bytes shown as `?`",
    "bridge": "one or two bytes dropped unseen: a garbage character takes bytes of two originals",
    "byte": "a byte below 0x81 shown as an ASCII character or €",
    "byte-note": "a reading note after that byte, naming the original character it ended",
    "half-width-form": "a full-width form in the garbage shown half-width",
    "punctuation": "the run holds 。，？！；：",
    "hidden": "nothing visible: only Han glyphs and maybe an ASCII letter or digit",
    "stray-byte": "only the intact character's second byte: nothing to restore, the byte to remove",
    "ends-swallowing-next": "the last pair took the next character's first byte",
}
PUNCTUATION = set("。，？！；：")
LOST_GLYPH_ORIGINAL_READING = 0.2  # share of lost glyphs that carry the completed original's reading
BYTE_NOTE = 0.5  # share of stray bytes followed by a reading note


# ---- texts --------------------------------------------------------------------

# Our own words on other topics, so that the corpus is not only the seed.
OWN_TEXTS = {
    "rooftop-garden": (
        "老城区的屋顶菜园最近成了邻里之间最热闹的地方。去年春天，几位退休教师向街道申请了闲置的楼顶平台，"
        "用旧木板搭起十二个种植箱，又从附近的苗圃买来番茄、辣椒和韭菜的幼苗。起初只有七八户人家参与，"
        "浇水和施肥全靠轮流值班；到了夏天，报名的家庭已经超过四十户，不得不在楼道里贴出排班表。"
        "菜园的规矩并不复杂：每户认领一块地，收获的蔬菜可以自己带回家，也可以放进门口的共享篮里，谁需要谁就拿。"
        "有人担心会有人只拿不种，结果一整年下来，共享篮几乎从没空过！孩子们放学后常常跑上楼顶，看蚯蚓翻土，"
        "数黄瓜花开了几朵；几位年轻的上班族则利用周末，把厨余垃圾做成堆肥，省下了不少买肥料的钱。\n"
        "街道办事处的工作人员说，菜园带来的变化不只是多了一些新鲜蔬菜，更重要的是，住了十几年却互不相识的邻居，"
        "终于有了坐下来聊天的理由。今年，他们打算再加装一套雨水收集装置，并邀请附近小学的老师来开设自然课。"),
    "book-repair": (
        "在省图书馆的修复室里，时间似乎走得格外慢。修复师每天面对的是虫蛀、霉斑和脆化的纸张，"
        "一册明代刻本往往要花上数月才能完成。第一步是拍照和记录：每一处破损的位置、大小和成因都要写进档案，"
        "以便日后查证。接下来是清洗，用软毛刷除去表面的灰尘，再用温水轻轻浸润，让纸张慢慢舒展开来。\n"
        "补纸的选择最考验经验：颜色要接近原书，厚薄要一致，纤维的走向也不能相反，否则干燥以后会起皱。"
        "修复师常说，好的修复是让人看不出修过的痕迹，但又要让后来的人能够分辨哪里是原物、哪里是补配。"
        "这种看似矛盾的要求，正是古籍修复的原则：最少干预，可以逆转。近年来，馆里引进了纸张纤维检测仪和恒温恒湿柜，"
        "年轻修复师也开始用数字化手段建立破损数据库。不过，老师傅们依然坚持手工打浆、手工托裱，"
        "他们认为，机器可以帮忙判断，却代替不了手上的分寸。"),
    "weather-station": (
        "每年十月，高原气象站的观测员都要提前储备过冬的燃料和食物。站点位于海拔四千六百米的山口，"
        "最近的村庄也在八十公里以外，大雪封路的时候，补给车往往要等上半个月才能上来。"
        "观测工作一天也不能停：每隔三小时记录一次气温、气压、湿度和风速，夜里两点的那一次最难熬，寒风能把人吹得站不稳。\n"
        "自动观测设备安装以后，人工记录的次数减少了，可是仪器在零下三十度时常常失灵，电池也会很快耗尽，"
        "观测员还得冒着风雪去检查线路。有人问他们，为什么不干脆撤掉人员，全部交给机器？"
        "站长的回答很简单：数据断了一天，就再也补不回来！这些连续几十年的记录，对研究气候变化、"
        "预报山区暴雪和保障公路安全都有重要的价值。如今，站里已经接通了卫星网络，观测员可以和家人视频通话，"
        "但大家最盼望的，仍然是春天第一辆补给车的喇叭声。"),
}


def paragraph_key(paragraph: str) -> str:
    return hashlib.sha256(paragraph.encode()).hexdigest()[:12]


def seed_paragraphs() -> list[str]:
    """The seed's intact paragraphs today (simplified, as the cleaned source has them)."""
    return intact_paragraphs(read_source(SOURCE.read_text(encoding="utf-8"), str(SOURCE)))


class CorpusChanged(Exception):
    pass


def pinned_paragraphs(keys: list[str]) -> list[str]:
    """The paragraphs the floors were measured on. Picked by hash, so that
    paragraphs the cleaning newly gets intact do not change the corpus."""
    by_key = {paragraph_key(p): p for p in seed_paragraphs()}
    missing = [key for key in keys if key not in by_key]
    if missing:
        raise CorpusChanged(f"{len(missing)} pinned paragraphs of {SOURCE.name} are no longer among its intact "
                            f"paragraphs ({', '.join(missing[:5])}): the corpus cannot be rebuilt; re-pin with "
                            "`.venv/bin/python tests/mojibake_corpus.py --pin --allow-worse`")
    return [by_key[key] for key in keys]


def texts(paragraphs: list[str]) -> dict[str, str]:
    """Name -> traditional text, one paragraph a line."""
    groups: list[list[str]] = [[]]
    for paragraph in paragraphs:
        if sum(map(len, groups[-1])) >= TEXT_LENGTH:
            groups.append([])
        groups[-1].append(paragraph)
    named = {f"seed-{i + 1}": "\n".join(group) for i, group in enumerate(groups)} | OWN_TEXTS
    return {name: _S2T.convert(text) for name, text in named.items()}


# ---- damage -------------------------------------------------------------------

@dataclass(frozen=True)
class StreamByte:
    value: int
    origin: int  # index in the run of the character it belongs to: -1 the intact one before, len(run) the one after
    is_lead: bool
    index: int  # in the stream before any byte was dropped


@dataclass
class Garbage:
    shown: str
    realigned_at: int  # characters of the run it stands for: the rest of the run is intact
    kinds: set[str]


def _pair(char: str) -> bytes | None:
    try:
        encoded = char.encode("gbk")
    except UnicodeEncodeError:
        return None
    return encoded if len(encoded) == 2 else None


def _is_han(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def read_late(intact: str, run: str, following: str, rng: random.Random, lose_glyphs: bool = True,
              byte_notes: float = BYTE_NOTE, dropped: frozenset[int] = frozenset(),
              lost: tuple[int, int] | None = None) -> Garbage | None:
    """What the site shows for `run`, read one byte late after `intact`.

    `dropped`: stream bytes lost unseen (a bridge); `lost`: (token, count),
    `count` bytes lost where that token would start, shown as `?`. None if
    a lost byte falls after the stream realigned, or no shown pair bridges
    a dropped one (the drawing is redone)."""
    stream = [StreamByte(_pair(intact)[1], -1, False, 0)]
    for origin, char in enumerate(run):
        lead, trail = _pair(char)
        stream += [StreamByte(lead, origin, True, len(stream)), StreamByte(trail, origin, False, len(stream) + 1)]
    stream.append(StreamByte(_pair(following)[0], len(run), True, len(stream)))
    stream = [byte for byte in stream if byte.index not in dropped]
    originals = [intact, *run]

    def realigned(pos: int) -> bool:
        byte = stream[pos]
        return byte.is_lead and (byte.origin == len(run) or stream[pos + 1].origin == byte.origin)

    shown: list[str] = []
    kinds: set[str] = set()
    bridged = False  # a shown pair took bytes from both sides of a dropped byte
    pos, tokens = 0, 0
    while pos < len(stream):
        if pos > 0 and realigned(pos):
            break
        if lost and tokens == lost[0]:
            shown.append("?")
            kinds.add("lost-byte")
            pos += lost[1]
        elif (byte := stream[pos]).value <= 0x80:  # one byte: ASCII, or 0x80, which GBK reads as €
            shown.append(chr(byte.value) if byte.value < 0x80 else "\u20ac")
            kinds.add("byte")
            if rng.random() < byte_notes and (reading := _reading(originals[byte.origin + 1])):
                shown.append(f"({reading})")  # the byte ended that character (a lead byte is never below 0x81)
                kinds.add("byte-note")
            pos += 1
        else:
            shown.append(_shown_pair(byte, stream[pos + 1], originals, rng, lose_glyphs, kinds))
            bridged = bridged or stream[pos + 1].index - byte.index > 1
            pos += 2
        tokens += 1
    if pos > len(stream) or lost and tokens <= lost[0]:
        return None
    end = stream[pos].index if pos < len(stream) else stream[-1].index + 1
    if dropped and (max(dropped) >= end or not bridged):
        return None
    if dropped:
        kinds.add("bridge")
    if pos == len(stream):
        kinds.add("ends-swallowing-next")
    realigned_at = stream[pos].origin if pos < len(stream) else len(run)
    return Garbage("".join(shown), realigned_at, kinds)


def _shown_pair(first: StreamByte, second: StreamByte, originals: list[str], rng: random.Random,
                lose_glyphs: bool, kinds: set[str]) -> str:
    char = bytes((first.value, second.value)).decode("gb18030")
    if "\ue000" <= char <= "\uf8ff":
        kinds.add("private-use")
        return char
    if _is_han(char):
        if not (lose_glyphs and _annotated_by_site(char) and (reading := _reading(char))):
            return char
        kinds.add("lost-glyph")
        # The site sometimes annotated the original character the pair
        # completes (its second byte is the pair's first) instead.
        completed = originals[first.origin + 1]
        if (not first.is_lead and rng.random() < LOST_GLYPH_ORIGINAL_READING
                and _annotated_by_site(completed) and (original_reading := _reading(completed))):
            kinds.add("lost-glyph-original-reading")
            reading = original_reading
        return f"?{reading})"
    half = _half_width(char)
    if half != char:
        kinds.add("half-width-form")
    return half


@dataclass(frozen=True)
class Span:
    start: int  # the garbage: damaged[start:end]
    end: int
    truth_start: int  # the original: truth[truth_start:truth_end]
    truth_end: int
    garbage: str
    original: str
    recipe: str
    kinds: frozenset[str]


@dataclass
class DamagedText:
    name: str
    density: int
    damaged: str
    truth: str
    spans: list[Span]


def _fits(recipe: str, kinds: frozenset[str], original: str) -> bool:
    return recipe in kinds and (bool(original) or recipe == "stray-byte")


def _draw(recipe: str, intact: str, run: str, following: str, rng: random.Random) -> Garbage | None:
    if recipe == "hidden":
        return read_late(intact, run, following, rng, lose_glyphs=False, byte_notes=0)
    if recipe == "lost-byte":
        return read_late(intact, run, following, rng, lost=(rng.randint(0, len(run)), rng.choice((1, 2))))
    if recipe == "bridge":
        inside = range(1, 2 * len(run) + 1)  # the run's own bytes
        return read_late(intact, run, following, rng, dropped=frozenset(rng.sample(inside, rng.choice((1, 2)))))
    return read_late(intact, run, following, rng)


def _kinds(garbage: Garbage, original: str) -> frozenset[str]:
    kinds = set(garbage.kinds)
    if PUNCTUATION & set(original):
        kinds.add("punctuation")
    if not original:
        kinds.add("stray-byte")
    # Hidden: nothing a reader would see as damage, no `?`, mark or note.
    if original and "lost-byte" not in kinds and "byte-note" not in kinds and any(map(_is_han, garbage.shown)) \
            and all(_is_han(c) or c.isascii() and c.isalnum() for c in garbage.shown) \
            and not kinds & {"lost-glyph", "private-use"}:
        kinds.add("hidden")
    return frozenset(kinds)


def _place(text: str, first: int, window: int, recipe: str, rng: random.Random):
    """A span to `recipe` whose run starts at or after `first`, within `window`:
    (run start, garbage, original, kinds), or None."""
    for start in range(first, min(first + window, len(text) - 1)):
        intact = text[start - 1]
        if not (_is_han(intact) and _pair(intact)):
            continue
        for length in rng.sample(range(1, MAX_RUN + 1), MAX_RUN):
            run, following = text[start:start + length], text[start + length:start + length + 1]
            if not (following and _is_han(following) and _pair(following) and all(map(_pair, run))):
                continue
            garbage = _draw(recipe, intact, run, following, rng)
            if garbage and _fits(recipe, kinds := _kinds(garbage, run[:garbage.realigned_at]), run[:garbage.realigned_at]):
                return start, garbage, run[:garbage.realigned_at], kinds
    return None


def damage_text(name: str, text: str, every: int, seed: str) -> DamagedText:
    """`text` with a span every `every` characters on average, each to the
    next recipe of a shuffled deck (kept until a place fits it, so that the
    shares hold)."""
    rng = random.Random(seed)
    one_round = [recipe for recipe, share in RECIPES.items() for _ in range(share)]
    deck = itertools.chain.from_iterable(rng.sample(one_round, len(one_round)) for _ in itertools.count())
    damaged: list[str] = []
    truth: list[str] = []
    spans: list[Span] = []
    length = truth_length = 0
    pos = 0  # text before this is laid out
    # Spans are sought from slots a random gap apart, independent of where
    # the last one fitted: the density holds.
    slot = rng.randint(1, every)
    recipe = next(deck)
    while slot < len(text):
        # The intact character before a span comes after the last span's following one.
        placed = _place(text, max(slot, pos + 2), every, recipe, rng)
        slot += rng.randint(every // 2, every * 3 // 2)
        if placed is None:
            continue
        run_start, garbage, original, kinds = placed
        intact_text = "".join(_HALF_WIDTH.get(c, c) for c in text[pos:run_start])
        length += len(intact_text)
        truth_length += len(intact_text)
        damaged += [intact_text, garbage.shown]
        truth += [intact_text, original]
        spans.append(Span(length, length + len(garbage.shown), truth_length, truth_length + len(original),
                          garbage.shown, original, recipe, kinds))
        length += len(garbage.shown)
        truth_length += len(original)
        pos = run_start + len(original)
        recipe = next(deck)
    rest = "".join(_HALF_WIDTH.get(c, c) for c in text[pos:])
    return DamagedText(name, every, "".join(damaged) + rest, "".join(truth) + rest, spans)


def corpus(paragraphs: list[str]) -> list[DamagedText]:
    return [damage_text(name, text, every, f"mojibake-gate {every} {run} {name}")
            for every, passes in DENSITIES.items() for run in range(passes)
            for name, text in texts(paragraphs).items()]


def fingerprint(damaged_texts: list[DamagedText]) -> str:
    digest = hashlib.sha256()
    for text in damaged_texts:
        digest.update(f"{text.damaged}\0{text.truth}\0".encode())
    return digest.hexdigest()[:16]


# ---- measures -----------------------------------------------------------------

@dataclass
class Outcome:
    """How the repair left one stretch of the text: a span, or intact text it changed."""

    text_name: str
    density: int
    span: Span | None  # None: intact text a change touched
    first_in_stretch: bool  # a stretch of several spans counts its wrong characters once
    damaged_context: str
    expected: str
    output: str
    flagged: bool
    changed: bool  # a change was applied to the stretch

    @property
    def restored(self) -> bool:
        return self.output == self.expected

    @property
    def wrong(self) -> bool:
        return self.changed and not self.restored

    @property
    def unflagged(self) -> bool:
        return self.span is not None and not self.restored and not self.flagged

    @property
    def characters_wrong(self) -> int:
        return Levenshtein.distance(self.output, self.expected)

    def describe(self) -> str:
        where = f"{self.text_name} @{self.density}"
        if self.span is None:
            return f"{where}: intact {self.expected!r} changed to {self.output!r}"
        state = "flagged unresolved" if self.flagged else "wrongly repaired" if self.changed else "left as it is"
        expected = f"{self.span.original!r}" + (f" (the stretch: {self.expected!r})" if self.expected != self.span.original else "")
        return (f"{where} [{', '.join(sorted(self.span.kinds))}]: {self.damaged_context!r}: garbage "
                f"{self.span.garbage!r} should be {expected}, got {self.output!r} ({state})")


def repair(text: str):
    """The clean stage's rules up to and including the repair, as clean() runs them:
    (output, the notes rule's changes, the repair's changes, both rules' changes
    located in `text`)."""
    noted, note_changes = strip_reading_notes(text)
    repaired, repair_changes = repair_mojibake(noted)
    through_notes = InputOffsets.identity(len(text)).through(note_changes)
    located = note_changes + [through_notes.locate(c) for c in repair_changes]
    return repaired, note_changes, repair_changes, located


def _positions_through(changes, length: int) -> tuple[list[int], list[int]]:
    """Where each offset of a rule's input lies in its output, as the start
    and as the end of a stretch: inside a change, at the start or the end
    of its replacement."""
    as_start, as_end = [0] * (length + 1), [0] * (length + 1)
    shift = pos = 0
    for change in sorted(changes, key=lambda c: c.start):
        for p in range(pos, change.start + 1):
            as_start[p] = as_end[p] = p + shift
        replaced_at = change.start + shift
        shift += len(change.after) - (change.end - change.start)
        for p in range(change.start + 1, change.end):
            as_start[p], as_end[p] = replaced_at, change.end + shift
        if change.start == change.end:  # an insertion belongs to a stretch ending at it
            as_end[change.start] = change.end + shift
        pos = change.end + (change.start == change.end)
    for p in range(pos, length + 1):
        as_start[p] = as_end[p] = p + shift
    return as_start, as_end


def _stretches(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping intervals merged (an empty one joins an interval it touches)."""
    merged: list[list[int]] = []
    for start, end in sorted(intervals):
        if merged and (start < merged[-1][1] or start == merged[-1][1] and (start == end or merged[-1][0] == merged[-1][1])):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def evaluate_text(text: DamagedText) -> list[Outcome]:
    output, note_changes, repair_changes, located = repair(text.damaged)
    applied = [(c.input_start, c.input_end) for c in located if c.before != c.after]
    unresolved = [(c.input_start, c.input_end) for c in located if c.rule.endswith("-unresolved")]
    notes_start, notes_end = _positions_through(note_changes, len(text.damaged))
    noted_length = len(text.damaged) + sum(len(c.after) - len(c.before) for c in note_changes)
    # A flag changes nothing, and may cover intact text around a span: it moves no offset.
    repair_start, repair_end = _positions_through([c for c in repair_changes if c.before != c.after], noted_length)
    span_ends = [span.end for span in text.spans]

    def in_truth(pos: int) -> int:  # pos lies outside every span
        before = bisect.bisect_right(span_ends, pos) - 1
        return pos if before < 0 else text.spans[before].truth_end + pos - text.spans[before].end

    outcomes = []
    rebuilt, rebuilt_to = [], 0  # the output rebuilt from the truth: a check on the alignment
    for start, end in _stretches([(s.start, s.end) for s in text.spans] + applied):
        spans = [s for s in text.spans if start <= s.start and s.end <= end]
        out_start, out_end = repair_start[notes_start[start]], repair_end[notes_end[end]]
        expected = text.truth[in_truth(start):in_truth(end)]
        got = output[out_start:out_end]
        rebuilt += [text.truth[in_truth(rebuilt_to):in_truth(start)], got]
        rebuilt_to = end
        changed = any(a < end and start < b or a == b and start <= a <= end for a, b in applied)
        context = text.damaged[max(0, start - 6):end + 6]
        if not spans:
            if got != expected:
                outcomes.append(Outcome(text.name, text.density, None, True, context, expected, got, False, changed))
            continue
        for index, span in enumerate(spans):
            flagged = any(a < span.end and span.start < b for a, b in unresolved)
            outcomes.append(Outcome(text.name, text.density, span, index == 0, context, expected, got, flagged, changed))
    rebuilt.append(text.truth[in_truth(rebuilt_to):])
    assert "".join(rebuilt) == output, f"{text.name}: the stretches do not line up with the output"
    return outcomes


@dataclass
class Tally:
    spans: int = 0
    restored: int = 0
    wrong: int = 0
    characters_wrong: int = 0
    unflagged: int = 0
    failures: list[Outcome] = field(default_factory=list)

    def add(self, outcome: Outcome, characters_wrong: int):
        self.spans += outcome.span is not None
        self.restored += outcome.span is not None and outcome.restored
        self.wrong += outcome.wrong
        self.characters_wrong += characters_wrong
        self.unflagged += outcome.unflagged
        if not outcome.restored:
            self.failures.append(outcome)


@dataclass(repr=False)  # a failing test shows its fixtures: not thousands of outcomes
class Scores:
    characters: dict[int, int]  # density -> characters of truth
    overall: dict[int, Tally]
    by_kind: dict[int, dict[str, Tally]]
    fingerprint: str

    def limits(self) -> dict[str, dict[str, int]]:
        return {str(density): {"spans": tally.spans, "characters": self.characters[density],
                               "spans restored at least": tally.restored,
                               "wrong repairs at most": tally.wrong,
                               "characters wrong at most": tally.characters_wrong,
                               "unflagged garbage at most": tally.unflagged}
                for density, tally in self.overall.items()}

    def table(self) -> str:
        lines = ["| density | kind | spans | restored | wrong repairs | characters wrong | unflagged |",
                 "|---|---|---|---|---|---|---|"]
        for density, overall in self.overall.items():
            rows = [("all", overall)] + [(kind, self.by_kind[density][kind]) for kind in KINDS
                                          if kind in self.by_kind[density]]
            for kind, tally in rows:
                share = f"{100 * tally.restored / tally.spans:.1f}%" if tally.spans else "-"
                wrong = 100 * tally.characters_wrong / self.characters[density]
                lines.append(f"| {density} | {kind} | {tally.spans} | {share} | {tally.wrong} | "
                             f"{tally.characters_wrong} ({wrong:.3f}%) | {tally.unflagged} |")
        lines += ["", "A span counts under every kind it shows; characters wrong are a share of all the density's characters."]
        lines += [f"- {kind}: {meaning}" for kind, meaning in KINDS.items()]
        return "\n".join(lines)


def measure(damaged_texts: list[DamagedText]) -> Scores:
    characters: dict[int, int] = defaultdict(int)
    overall: dict[int, Tally] = {}
    by_kind: dict[int, dict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))
    for text in damaged_texts:
        characters[text.density] += len(text.truth)
        tally = overall.setdefault(text.density, Tally())
        for outcome in evaluate_text(text):
            tally.add(outcome, outcome.characters_wrong if outcome.first_in_stretch else 0)
            if outcome.span is not None:
                for kind in outcome.span.kinds:
                    by_kind[text.density][kind].add(outcome, outcome.characters_wrong)
    return Scores(dict(characters), overall, by_kind, fingerprint(damaged_texts))


# ---- the baseline -----------------------------------------------------------------

def load_baseline() -> dict | None:
    return json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.exists() else None


def worse(old: dict, new: dict) -> list[str]:
    """The limits `new` would loosen."""
    found = []
    for density, limits in old.items():
        for measure_name, value in limits.items():
            now = new.get(density, {}).get(measure_name)
            if now is None or measure_name.endswith("at least") and now < value \
                    or measure_name.endswith("at most") and now > value:
                found.append(f"{density}: {measure_name} {value} -> {now}")
    return found


def pin(allow_worse: bool) -> int:
    baseline = load_baseline()
    try:
        paragraphs = pinned_paragraphs(baseline["paragraphs"]) if baseline else seed_paragraphs()
    except CorpusChanged:
        if not allow_worse:
            raise
        paragraphs = seed_paragraphs()
    scores = measure(corpus(paragraphs))
    print(scores.table())
    limits = scores.limits()
    if baseline and (loosened := worse(baseline["limits"], limits)) and not allow_worse:
        print("Not pinned: worse than the baseline (pin anyway with --allow-worse):\n  " + "\n  ".join(loosened))
        return 1
    today = datetime.date.today().isoformat()
    BASELINE.write_text(json.dumps({
        "about": "Limits for tests/test_mojibake_gate.py: the mojibake repair measured on the corpus of "
                 f"tests/mojibake_corpus.py ({today}). Counts per density; the corpus is fixed (its seed paragraphs "
                 "by hash, its fingerprint). Raise a floor after an improvement with "
                 "`.venv/bin/python tests/mojibake_corpus.py --pin`; never loosen one to make a change pass.",
        "pinned": today,
        "fingerprint": scores.fingerprint,
        "paragraphs": [paragraph_key(p) for p in paragraphs],
        "limits": limits,
    }, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"Pinned in {BASELINE.relative_to(ROOT)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pin", action="store_true", help=f"write today's numbers to {BASELINE.name}")
    parser.add_argument("--allow-worse", action="store_true",
                        help="pin even where a measure got worse, or the pinned seed paragraphs changed")
    parser.add_argument("--failures", type=int, default=0, metavar="N", help="print the first N failing spans per density")
    args = parser.parse_args(argv)
    if args.pin:
        return pin(args.allow_worse)
    baseline = load_baseline()
    scores = measure(corpus(pinned_paragraphs(baseline["paragraphs"]) if baseline else seed_paragraphs()))
    print(scores.table())
    for tally in scores.overall.values():
        for outcome in tally.failures[:args.failures]:
            print(outcome.describe())
    return 0


if __name__ == "__main__":
    sys.exit(main())
