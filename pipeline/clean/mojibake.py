"""Repair spans whose GBK bytes were read one byte late.

How the damage arose (shared/DAMAGE.md): a run of traditional text was
encoded as GBK and decoded starting one byte late, then shown in the site's
style. So, after an intact character `c` (bytes c0 c1), the garbage is the
byte stream c1, o1[0], o1[1], … decoded in pairs, where o1, o2, … are the
original characters. The garbage ends where the bytes realign: on a
one-byte (ASCII) token, or with a last pair that swallowed the first byte of
the next intact character.

Each token of the garbage stands for bytes:
  a Han character                 its two GBK bytes
  a private-use character          its two GB18030 bytes (a pair GBK cannot decode)
  an ASCII character               its byte (`,` `;` `!` … may also be the site's
                                   half-width rendering of a full-width mark)
  `?reading)`                      a pair whose glyph was lost: either a character
                                   with that reading, or a pair completing an
                                   original character with that reading
  `?`                              one or two lost bytes
  `(reading)` after a byte         no bytes: the reading of the original character
                                   that byte ended

Re-aligning means prefixing c0 and decoding. Where bytes are unknown, the
candidates that decode are ranked by jieba's word list (after conversion to
simplified), with a beam so the search stays small. Only runs that contain
visible damage (a lost glyph, a private-use character, a stray byte) are
touched; a run the search cannot decode is left as it is and reported, and
so is one whose search outgrows its budget (pipeline/limits.py): garbage
that never realigns would otherwise keep it going.
"""
from __future__ import annotations

import bisect
import dataclasses
import functools
import heapq
import math
import operator
import re
from itertools import compress, count
from operator import eq
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

from .. import limits
from ..cache import cached, file_key, package_file
from ..chars import HAN, MISSING, READING, two_byte_plane
from ..edits import Taken, apply_edits, overlaps
from ..model import Change
from .pinyin import pinyin_table_key, readings
from ..scripts import converter
from .wordlist import (
    all_word_partners,
    frequency,
    is_everyday_mark,
    log_probability,
    plausibility,
    tokenizer,
    word_list_file,
)

STAGE, RULE = "clean", "mojibake"

BEAM = 10  # partial decodings kept after each token (8 loses a few repairs on dense damage; 10 loses none we have seen)
BEAM_WINDOW = 10  # characters the beam ranks partial decodings by
PREFILTER = 3 * BEAM  # partial decodings ranked in full, chosen first by _cheap_score
MAX_LEAD = 6  # garbage characters that may precede the first visible damage
MAX_TAIL = 24  # tokens the search may run past the last visible damage
NOTE_MISMATCH_PENALTY = 6.0  # a surviving reading note that does not fit its character
# The site annotated only characters it knew, so a lost glyph is more likely a
# common character than a rare one with the same reading: the penalty falls
# from RARE_GLYPH_PENALTY to 0 as the character's word-list frequency grows.
RARE_GLYPH_PENALTY = 4.0

# The site shows full-width forms half-width (`，` as `,`, `Ｍ` as `M`): an
# ASCII character inside garbage may stand for its full-width twin's two bytes.
FULL_WIDTH_OFFSET = 0xFEE0
FULL_WIDTH_QUESTION_MARK = "？".encode("gbk")

_TOKEN = re.compile(
    f"(?P<lost>\\?(?P<lost_reading>{READING})\\))"
    f"|(?P<note>\\((?P<note_reading>{READING})\\))"
    "|(?P<unknown>\\?)"
    "|(?P<private>[\ue000-\uf8ff])"
    "|(?P<byte>[\\x21-\\x7e\u20ac])"
    "|(?P<char>.)"  # any other character GBK can encode
)
# Visible damage, where a search starts: a lost glyph, a private-use
# character, a byte carrying a reading note, a symbol no Chinese text puts
# between two Han characters, or a lost byte among stray marks.
_DAMAGE = re.compile(f"\\?{READING}\\)|[\ue000-\uf8ff]|[\\x21-\\x7e\u20ac](?=\\({READING}\\))"
                     f"|(?<=[{HAN}])[{{}}^|\\\\~`\u20ac](?=[{HAN}])"
                     # lost bytes (`?`) among stray marks: `新藍?!?。`, and once
                     # flagged, with the marks between made full-width: `新蓝?！?。`
                     "|\\?(?=[!;:,?！；：，？])|(?<=[!;:,！；：，])\\?")
# A letter or mark between two Han characters is normal text (`Z世代`,
# `平台,用户`) unless it is the second byte of the character before it: the
# byte that starts every late-read span (a 1-in-190 coincidence otherwise).
_STRAY_BYTE = re.compile(f"(?<=[{HAN}])[\\x21-\\x7e](?=[{HAN}])")


def damage_marks(text: str):
    """(start, end) of every visible damage, in order."""
    marks = [m.span() for m in _DAMAGE.finditer(text)]
    marks += [m.span() for m in _STRAY_BYTE.finditer(text)
              if (pair := _gbk(text[m.start() - 1])) and pair[1] == ord(m.group())]
    return sorted(set(marks))


# Damage with nothing visible: a span of garbage in which no glyph was lost.
# Every late-read span starts with a character whose first byte is the
# second byte of the character before it; garbage is full of characters rare
# in prose. Where both hold, a repair is tried, and kept only if it makes the
# text far more plausible than it was (HIDDEN_DAMAGE_GAIN, in log probability).
#
# The three numbers below work together. A repair is applied only when its
# reading of the window beats every other reading by CONFIDENCE_MARGIN (log
# probability); else the span stays, flagged, with its readings. Measured on
# tests/mojibake_corpus.py, spans restored and wrong repairs at a span every
# 30 / 60 / 200 / 450 characters:
#   rare <30,    gain 12, margin 0.25: 756/579/477/496 restored, 106/65/61/57 wrong
#   rare <3,000, gain 12, margin 0.25: 875/666/538/570 restored, 131/78/76/68 wrong
#   rare <3,000, gain 16, margin 0.25: 839/649/527/552 restored, 117/72/67/63 wrong
#   rare <3,000, gain 16, margin 1.0:  828/641/524/545 restored,  98/61/59/53 wrong  (chosen)
#   rare <3,000, gain 20, margin 1.0:  803/620/506/518 restored,  93/59/53/47 wrong,
#                                      but 25 more spans left unflagged at each density
# Rare under 10,000 finds no more; the seed's repairs and the clean stage's
# time on it are the same at 30 and 3,000.
RARE_FREQUENCY = 3000  # word-list count under which a character is rare
HIDDEN_DAMAGE_GAIN = 16.0  # real hidden spans mostly gain 20 or more
# A hidden span whose repair gains less (or is not settled) is flagged from
# this gain up. At a span every 450 characters, 44 of the 583 hidden marks
# in damage gain 8 to 16, and none of 201 in the same texts undamaged.
SUSPECTED_DAMAGE_GAIN = 8.0
CONFIDENCE_MARGIN = 1.0
# A reading with a character the word list counts under this many times is
# not applied but flagged: real pages' wrong repairs came out as 襰 (0), 栌
# (20), 砲 (10) where a byte pair had been dropped unseen. On the gate, at
# 10: wrong repairs 94/56/53/51 -> 85/49/51/50, one span less restored
# (at 200); at 50 and 300 more right ones are lost (2-3, 3-12).
UNHEARD_OF_FREQUENCY = 10
RIVALS_SHOWN = 3  # the other readings a flag names
# A repair whose text still reads badly is flagged, not applied: a wrong
# repair is an invention, a flag is honest. Measured on the gate's corpus
# (tests/mojibake_corpus.py), the repaired window, 4 characters either
# side, reads at -4.85 a character at the median right repair and -5.45 at
# the median wrong one. Flagging under each floor, at a span every 30 / 60
# / 200 / 450 characters (spans restored; wrong repairs; characters wrong):
#   none:  832/643/529/547;  85/49/51/50;  861/585/406/434
#   -8.0:  831/643/529/547;  78/48/44/46;  893/585/429/447
#   -7.5:  831/643/529/547;  76/45/43/45;  903/600/431/453   (chosen)
#   -7.0:  826/637/529/543;  73/40/40/44;  941/651/440/475
#   -6.5:  808/626/522/541;  69/33/34/37; 1066/762/497/493
# Characters wrong rise because garbage flagged stays garbage; from -7.0 up
# right repairs are lost too (their windows hold other damage).
READS_BADLY_BELOW = -7.5
READING_CONTEXT = 4
# A reading's character that is a word of its own in the segmentation of
# its window (jieba, HMM off) and counted under this many times as a word
# is flagged (_wordless). On the gate's corpus, at a span every 30 / 60 /
# 200 / 450 characters (spans restored; wrong repairs):
#   none:   831/643/529/547; 76/45/43/45
#   300:    830/645/527/548; 70/36/39/41   (chosen)
#   1,000:  829/644/526/546; 68/34/37/34   (and the seed's 到海外仓 lost: 仓 counts 974)
#   3,000:  826/641/525/544; 64/29/35/32
# On 23 real pages it turned 4 of 10 wrong repairs into flags (痪, 怂, 惩, 弛).
WORDLESS_FREQUENCY = 300


def hidden_damage_marks(text: str):
    """Every index (but the first and the last) where a character's first
    byte is the second byte of the one before, with a rare character among
    it and the two after it. The byte chain is found in C (the text as its
    first bytes against the text as its second bytes, one apart): a pass over
    every character in Python took 0.3 s a million, and starting from the
    rare characters as many once they were all under 3,000."""
    firsts, seconds = _byte_translations()
    chain = compress(count(1), map(eq, text[1:-1].translate(firsts), text[:-2].translate(seconds)))
    pair_of, rare = tables().pair_of, _rare_characters()
    for index in chain:
        before, pair = pair_of.get(text[index - 1]), pair_of.get(text[index])
        # A character GBK cannot encode translates to itself: the pairs are checked.
        if before and pair and pair[0] == before[1] and not rare.isdisjoint(text[index:index + 3]):
            yield index, index + 1


@cache
def _byte_translations() -> tuple[dict[int, str], dict[int, str]]:
    """str.translate tables: each GBK character to its first byte, and to
    its second, as a character."""
    pairs = tables().pair_of.items()
    return {ord(char): chr(pair[0]) for char, pair in pairs}, {ord(char): chr(pair[1]) for char, pair in pairs}


# Where a search starts: visible damage; a hidden span; a `?` beside a Han
# character, which may be a lost byte or a question mark the site showed
# half-width: flagged where a repair would help, never repaired (on
# tests/mojibake_corpus.py, repairing them restored 2 to 8 more spans a
# density and made a wrong repair at three of the four).
_VISIBLE, _HIDDEN, _QUESTION = "visible", "hidden", "question"
_LONE_QUESTION_MARK = re.compile(f"(?<=[{HAN}])\\?(?!{READING}\\))|\\?(?=[{HAN}])")  # not a lost glyph's `?reading)`


def _lone_question_marks(text: str):
    return (match.span() for match in _LONE_QUESTION_MARK.finditer(text))


# A line whose Chinese characters were lost, each shown as `?` (the page was
# saved in a charset without them; digits, Latin and punctuation survive):
# no character around is intact, so the bytes settle nothing and a search
# there only invents readings (a real page's `“??”` came out as 俊, 薄板).
# It is flagged once, from its first `?` to its last, and left as it is.
# A line is such a line when `?` outnumber its Han characters, LOST_LINE_MIN
# of them at least. On the gate's corpus (tests/mojibake_corpus.py, 279
# texts, a span every 30 characters at the densest) no line comes near: at
# most 1 `?` to 19 Han characters; on the seed, 1 to 214.
LOST_LINE_MIN = 4
LOST_CHARACTERS = "characters the scrape lost, each shown as ?, with no intact character around to read them by; left as it is"
_LINE = re.compile(r"[^\n]+")


def lost_character_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line's stretch from its first `?` to its last,
    where the line's Chinese characters were lost as `?`."""
    spans = []
    for line in _LINE.finditer(text):
        lost = line.group().count("?")
        if lost >= LOST_LINE_MIN and lost > len(_HAN_CHARACTER.findall(line.group())):
            first, last = line.group().index("?"), line.group().rindex("?")
            spans.append((line.start() + first, line.start() + last + 1))
    return spans


@cache
def _traditional_partners() -> dict[str, str]:
    """all_word_partners in traditional characters. Kept:
    converting them when asked cost OpenCC's s2t start-up (0.06 s) in every
    run that met a lost character."""
    opencc_dictionaries = "-".join(file_key(package_file("opencc", f"clib/share/opencc/{name}.ocd2"))
                                   for name in ("STCharacters", "STPhrases"))
    return cached("traditional-partners-v1", f"{file_key(word_list_file())}-{opencc_dictionaries}", lambda: {
        first: converter("s2t").convert(seconds) for first, seconds in all_word_partners().items()})


@cache
def _rare_characters() -> frozenset[str]:
    """The CJK characters the word list counts fewer than RARE_FREQUENCY times
    (in simplified form). Built once and kept: the whole word list would be
    decoded to build it (0.25 s)."""
    key = f"{file_key(word_list_file())}-{file_key(package_file('opencc', 'clib/share/opencc/TSCharacters.ocd2'))}"
    return frozenset(cached(f"rare-characters-{RARE_FREQUENCY}-v1", key, lambda: "".join(
        char for char in map(chr, range(0x4E00, 0xA000)) if _frequency(char) < RARE_FREQUENCY)))


@lru_cache(maxsize=65536)
def _frequency(traditional: str) -> int:
    """The word-list count of a (traditional) string, looked up in simplified form."""
    return frequency(converter("t2s").convert(traditional))


# ---- GBK tables -----------------------------------------------------------------

@dataclass(frozen=True)
class _Tables:
    char_of: dict[int, str]  # (lead << 8 | trail) -> character, every valid two-byte pair
    codes_read: dict[str, tuple[int, ...]]  # reading -> pairs whose character has it
    trails_of: dict[int, tuple[int, ...]]  # lead -> valid trails
    leads_of: dict[int, tuple[int, ...]]  # trail -> valid leads
    pair_of: dict[str, bytes]  # character -> its GBK pair (Python's encoder refuses some it decodes)


@cache
def tables() -> _Tables:
    return _Tables(*cached("gb18030-pairs-v1", pinyin_table_key(), _build_tables))


def _build_tables() -> tuple:
    char_of: dict[int, str] = {}
    codes_read: dict[str, list[int]] = defaultdict(list)
    trails_of: dict[int, list[int]] = defaultdict(list)
    leads_of: dict[int, list[int]] = defaultdict(list)
    for lead, trail, char in two_byte_plane():
        if "\ue000" <= char <= "\uf8ff":  # user-defined area: no real text there
            continue
        code = lead << 8 | trail
        char_of[code] = char
        trails_of[lead].append(trail)
        leads_of[trail].append(lead)
        for reading in readings(char):
            codes_read[reading].append(code)
    freeze = lambda table: {key: tuple(value) for key, value in table.items()}
    pair_of = {char: bytes((code >> 8, code & 0xFF)) for code, char in char_of.items()}
    return char_of, freeze(codes_read), freeze(trails_of), freeze(leads_of), pair_of


def _gbk(char: str) -> bytes | None:
    """The character's two GBK bytes, or None for one-byte and non-GBK characters."""
    return tables().pair_of.get(char)


# ---- tokens ----------------------------------------------------------------------

@dataclass(frozen=True)
class Token:
    start: int
    end: int
    kind: str  # lost, unknown, bytes
    options: tuple[bytes, ...] = ()  # for kind "bytes": what the token may stand for
    reading: str = ""  # for kind "lost"
    note: str = ""  # a reading note that followed the token: the original character it ended


def _read_token(text: str, pos: int) -> Token | None:
    match = _TOKEN.match(text, pos)
    if match is None:
        return None
    kind = match.lastgroup
    start, end = match.span()
    if kind == "lost":
        return Token(start, end, "lost", reading=match["lost_reading"])
    if kind == "note":
        return None  # a note with no byte before it: not part of a span
    if kind == "unknown":
        return Token(start, end, "unknown")
    char = match.group()
    if kind == "private":
        return Token(start, end, "bytes", (char.encode("gb18030"),))
    if kind == "byte":
        if char == "\u20ac":
            return Token(start, end, "bytes", (b"\x80",))
        return Token(start, end, "bytes", (char.encode("ascii"), chr(ord(char) + FULL_WIDTH_OFFSET).encode("gbk")))
    encoded = _gbk(char)
    return Token(start, end, "bytes", (encoded,)) if encoded else None


@lru_cache(maxsize=8192)  # the searches from neighbouring starts read the same tokens
def _token_at(text: str, pos: int) -> Token | None:
    """The token at `pos`, with the reading note that follows it (a note
    names the original character its byte ended)."""
    token = _read_token(text, pos)
    while token and (note := _TOKEN.match(text, token.end)) and note.lastgroup == "note":
        token = dataclasses.replace(token, end=note.end(), note=note["note_reading"])
    return token


def _tokens(text: str, start: int, limit: int) -> Iterator[Token]:
    """Up to `limit` tokens from `start`, read as the search asks for them:
    most searches end after a few."""
    pos = start
    for _ in range(limit):
        token = _token_at(text, pos)
        if token is None:
            return
        yield token
        pos = token.end


# ---- the search --------------------------------------------------------------------

WILDCARD = -1  # a lead byte that is lost: any lead that decodes


class _State(NamedTuple):
    """One partial decoding (a NamedTuple: the search makes tens of thousands)."""

    decoded: str  # original characters recovered so far (the intact one first)
    pending: int | None  # a lead byte waiting for its trail
    penalty: float = 0.0
    guessed: tuple[int, ...] = ()  # where in `decoded` a character was lost without trace
    seen: int = 0  # bytes the decoding rests on: shown, or pinned by a surviving reading
    assumed: int = 0  # bytes it had to assume (lost without trace)


# A state from all its fields at once, without the NamedTuple's Python-level
# constructor: the search makes most of its states in _step.
_new_state = functools.partial(tuple.__new__, _State)


class SearchBudgetSpent(Exception):
    """The search for a span made more partial decodings than its budget allows."""


class _SearchBudget:
    """Partial decodings the search may still make: for the span it is on,
    and for the whole text (pipeline/limits.py)."""

    def __init__(self):
        self.reset(0)

    def reset(self, text_length: int) -> None:
        self.text_left = limits.MOJIBAKE_STATES_PER_TEXT + limits.MOJIBAKE_STATES_PER_CHARACTER * text_length
        self.span_left = min(limits.MOJIBAKE_STATES_PER_SPAN, self.text_left)

    def start_span(self) -> None:
        if self.text_left <= 0:
            raise SearchBudgetSpent
        self.span_left = min(limits.MOJIBAKE_STATES_PER_SPAN, self.text_left)

    def spend(self, states: int) -> None:
        self.span_left -= states
        self.text_left -= states
        if self.span_left < 0:
            raise SearchBudgetSpent


# The budget of the text being repaired: the searches are memoised functions
# of the text and a span, so it cannot ride along as an argument.
_budget = _SearchBudget()


@dataclass
class _Search:
    text: str
    context: str  # the text just before the span (as scraped), for scoring

    def score(self, state: _State) -> float:
        # States in one beam share most of their prefix: the last few
        # characters rank them, at a fraction of the cost of the whole.
        return _plausibility((self.context + state.decoded)[-BEAM_WINDOW:]) - state.penalty


def _step(state: _State, token: Token) -> list[_State]:
    """The states after one more token."""
    # What a token can add depends on little of the state (the pending
    # byte; for a lost byte, the character before): worked out once, then
    # applied to every state that meets it.
    decoded, pending, penalty, guessed, seen, assumed = state
    if token.kind == "bytes":
        moves = _shown_bytes_moves(pending, token.options)
    elif token.kind == "lost":
        moves = _lost_glyph_moves(pending, token.reading)
    else:  # `?`: lost bytes, or the pair of ？ shown half-width as the site shows full-width forms
        moves = _lost_byte_moves(pending, decoded[-1:]) + _shown_bytes_moves(pending, (FULL_WIDTH_QUESTION_MARK,))
    end = len(decoded)
    states = [_new_state((decoded + added, now_pending, penalty + cost,
                          guessed + tuple(end + at for at in more_guessed) if more_guessed else guessed,
                          seen + shown, assumed + more_assumed))
              for added, now_pending, cost, more_guessed, shown, more_assumed in moves]
    if token.note:
        states = [s if s.decoded and token.note in readings(s.decoded[-1])
                  else s._replace(penalty=s.penalty + NOTE_MISMATCH_PENALTY) for s in states]
    return states


class _Move(NamedTuple):
    """What a token adds to a state: a _State's fields, as differences."""

    added: str
    pending: int | None
    penalty: float
    guessed: tuple[int, ...]  # counted from the end of what was decoded before
    shown: int
    assumed: int


def _moves(start: _State, states: list[_State]) -> tuple[_Move, ...]:
    """The states a token leads to from `start`, as moves from it."""
    keep = len(start.decoded)
    return tuple(_Move(s.decoded[keep:], s.pending, s.penalty, tuple(at - keep for at in s.guessed), s.seen, s.assumed)
                 for s in states)


@lru_cache(maxsize=65536)
def _shown_bytes_moves(pending: int | None, options: tuple[bytes, ...]) -> tuple[_Move, ...]:
    """A token whose bytes were shown (each option in turn)."""
    start = _State("", pending)
    states = []
    for option in options:
        fed = [start._replace(seen=len(option))]
        for byte in option:
            fed = [n for s in fed for n in _feed(s, byte)]
        states += fed
    return _moves(start, states)


@lru_cache(maxsize=65536)
def _lost_glyph_moves(pending: int | None, reading: str) -> tuple[_Move, ...]:
    """A pair whose glyph was lost but whose reading survived (which pins it)."""
    tables_ = tables()
    start = _State("", pending, seen=2)
    states = []
    for code in tables_.codes_read.get(reading, ()):
        lead, trail = code >> 8, code & 0xFF
        # The garbage pair itself has the reading.
        rarity = _rarity(tables_.char_of[code])
        states += [s._replace(pending=trail, penalty=rarity) for s in _feed(start, lead)]
        if pending in (lead, WILDCARD):
            # The reading is that of the original character the pair completes.
            states.append(start._replace(decoded=tables_.char_of[code], pending=WILDCARD))
    return _moves(start, states)


@lru_cache(maxsize=65536)
def _lost_byte_moves(pending: int | None, before: str) -> tuple[_Move, ...]:
    """`?`: one or two bytes lost. (`before`: the character decoded last.)"""
    start = _State(before, pending)
    once = _feed_unknown(start)
    return _moves(start, once + [n for s in once for n in _feed_unknown(s)])


def _feed(state: _State, byte: int) -> list[_State]:
    """The states after one more byte of the original stream."""
    decoded, pending, *rest = state  # built directly: _replace costs twice as much
    if pending is None:
        if byte < 0x80:
            return [_State(decoded + chr(byte), None, *rest)]
        return [_State(decoded, byte, *rest)] if byte != 0x80 else []
    char_of = tables().char_of
    if pending != WILDCARD:
        char = char_of.get(pending << 8 | byte)
        return [_State(decoded + char, None, *rest)] if char else []
    return [_State(decoded + char, None, *rest) for lead in tables().leads_of.get(byte, ())
            if (char := char_of.get(lead << 8 | byte))]


def _feed_unknown(state: _State) -> list[_State]:
    """One lost byte: a trail completing the pending lead, or a lead."""
    state = state._replace(assumed=state.assumed + 1)
    if state.pending is None:
        return [state._replace(pending=WILDCARD)]
    if state.pending == WILDCARD:
        # A whole character lost: only context can restore it, so the
        # candidates are the characters that make a word with the one before.
        previous = converter("t2s").convert(state.decoded[-1:])
        return [state._replace(decoded=state.decoded + char, pending=None,
                               guessed=state.guessed + (len(state.decoded),))
                for char in _traditional_partners().get(previous, "") if _gbk(char)]
    return [s for trail in tables().trails_of.get(state.pending, ()) for s in _feed(state, trail)]


@cache
def _rarity(char: str) -> float:
    return RARE_GLYPH_PENALTY * max(0.0, 1 - math.log1p(_frequency(char)) / 10)


def _cheap_score(state: _State) -> float:
    """How common the last character is, and the last two as a word: a rough
    rank that costs two dictionary lookups instead of a segmentation."""
    return _commonness(state.decoded[-2:]) - state.penalty


# What an everyday mark (，。、 …) counts as: the word list knows no punctuation,
# and a mark must not lose to a common character on that account (智能化。基于).
EVERYDAY_MARK_FREQUENCY = 100_000


@lru_cache(maxsize=65536)
def _commonness(last_two: str) -> float:
    last = last_two[-1:]
    count = EVERYDAY_MARK_FREQUENCY if last and is_everyday_mark(last) else _frequency(last)
    return math.log1p(count) + 2 * math.log1p(_frequency(last_two))


@lru_cache(maxsize=65536)
def _plausibility(traditional: str) -> float:
    return plausibility(converter("t2s").convert(traditional))


@dataclass(frozen=True)
class Repair:
    start: int  # the garbage, text[start:end]
    end: int
    original: str  # what it stood for
    guessed: tuple[int, ...] = ()  # where in `original` a character was lost without trace
    lost_bytes: int = 0  # bytes the scrape lost (shown as `?`), which the reading assumes
    realigned: bool = True  # False: a glyph lost in aligned text, restored from its reading
    margin: float = math.inf  # log probability over the most plausible other reading of the window
    rivals: tuple[str, ...] = ()  # the other readings, most plausible first, as written

    @property
    def written(self) -> str:
        """The original as the text will have it: no byte and no reading
        survived of a guessed character, so it is shown as missing."""
        return "".join(MISSING if i in self.guessed else c for i, c in enumerate(self.original))


def _ends(search: _Search, start: int, tokens: Iterable[Token], must_cover: int):
    """Every decoding of the first k tokens that ends realigned, for k past `must_cover`."""
    intact = search.text[start - 1]
    first_byte_after = lambda pos: (_gbk(search.text[pos]) or b"\0")[0] if pos < len(search.text) else None
    lead = _gbk(intact)
    states = [_State("", lead[0])]
    seen_bytes = True  # every token so far showed its bytes (no lost glyph or byte)
    for token in tokens:
        seen_bytes = seen_bytes and token.kind == "bytes"
        states = [n for s in states for n in _step(s, token)]
        _budget.spend(len(states))
        # The first byte fed must be the intact character's second: it decodes
        # first. (A dict, not a set: insertion order keeps ties reproducible.)
        states = dict.fromkeys(s for s in states if s.decoded[:1] in ("", intact))
        if token.end >= must_cover:
            # Every state that ends realigned here is a candidate, judged later
            # with the intact text after it (which a prefix score cannot see).
            following = first_byte_after(token.end)
            # Garbage that was only the intact character's own second byte is
            # removed only when that byte is seen, never on a lost byte's say-so.
            # A decoding must rest on more than it assumes.
            ending = [state for state in states if state.assumed <= state.seen
                      and (len(state.decoded) > 1 or state.decoded and seen_bytes)
                      and state.pending in (None, WILDCARD, following)]
            if len(ending) > PREFILTER:  # a lost byte can end a span in a hundred ways
                ending = heapq.nlargest(PREFILTER, ending, key=_cheap_score)
            for state in ending:
                yield Repair(start, token.end, state.decoded[1:], tuple(i - 1 for i in state.guessed),
                             lost_bytes=state.assumed)
        # Realigned: the text after this is intact, not part of the span.
        going_on = [s for s in states if s.pending is not None]
        if len(going_on) > PREFILTER:  # most are hopeless: two dictionary lookups set them aside
            going_on = heapq.nlargest(PREFILTER, going_on, key=_cheap_score)
        states = sorted(going_on, key=search.score, reverse=True)[:BEAM] if len(going_on) > BEAM else going_on
        if not states:
            return


def _whole_characters_lost(text: str, start: int, end: int) -> list[Repair]:
    """A lost glyph in aligned text (after a realigning byte): the original
    character itself was lost, and only its reading survived."""
    match = _TOKEN.match(text, start)
    if match is None or match.lastgroup != "lost" or match.end() != end:
        return []
    tables_ = tables()
    return [Repair(start, end, tables_.char_of[code], realigned=False)
            for code in tables_.codes_read.get(match["lost_reading"], ())]


def _candidates(text: str, damage_start: int, damage_end: int, floor: int) -> list[Repair]:
    """Every decoding of the garbage around text[damage_start:damage_end]."""
    return _candidates_from(text, max(floor + 1, damage_start - MAX_LEAD), damage_start, damage_end)


@lru_cache(maxsize=256)  # the lookahead and then the main loop ask for the same span
def _candidates_from(text: str, first_start: int, damage_start: int, damage_end: int) -> list[Repair]:
    candidates: list[Repair] = []
    for start in range(first_start, damage_start + 1):
        if not _gbk(text[start - 1]):
            continue
        tokens = _tokens(text, start, limit=(damage_end - start) + MAX_TAIL)
        search = _Search(text, text[max(0, start - 5):start - 1])
        candidates += _ends(search, start, tokens, damage_end)
    return candidates or _whole_characters_lost(text, damage_start, damage_end)


def find_repair(text: str, damage_start: int, damage_end: int, floor: int, lookahead: bool = True) -> Repair | None:
    """The most plausible re-alignment of the garbage around text[damage_start:damage_end].

    Candidates compete over one window of text, so short and long repairs
    compare fairly. With `lookahead`, the next damaged span inside the window
    is scored repaired too: otherwise a candidate that swallows it (and
    decodes it wrongly) beats one that stops where the bytes realign.
    """
    candidates = _candidates(text, damage_start, damage_end, floor)
    if not candidates:
        return None
    following: dict[int, Repair | None] = {}
    if lookahead:
        horizon = max(c.end for c in candidates) + MAX_TAIL  # the same for every candidate
        for end in {c.end for c in candidates}:
            damage = next(iter(damage_marks(text[end:horizon])), None)
            if damage:
                following[end] = find_repair(text, end + damage[0], end + damage[1], end, lookahead=False)
    left = max(0, min(c.start for c in candidates) - 5)
    right = max([c.end for c in candidates] + [r.end for r in following.values() if r]) + 3

    def window(candidate: Repair) -> str:
        rest = text[candidate.end:right]
        if (after := following.get(candidate.end)) is not None:
            rest = text[candidate.end:after.start] + after.original + text[after.end:right]
        return text[left:candidate.start] + candidate.written + rest

    # Most plausible first; ties keep the candidates' order, as max() would.
    ranked = sorted(((_plausibility(window(c)), c) for c in candidates), key=operator.itemgetter(0), reverse=True)
    best_score, best = ranked[0]
    if not lookahead:
        return best

    # Readings are told apart as they will be written, simplified: 實 and 实
    # are one, and so are two guesses at a character shown as missing.
    def written(candidate: Repair) -> str:
        return converter("t2s").convert(text[left:candidate.start] + candidate.written + text[candidate.end:right])

    readings: dict[str, tuple[float, Repair]] = {}
    for score, candidate in ranked:
        readings.setdefault(written(candidate), (score, candidate))  # the most plausible of each
    del readings[written(best)]
    rivals = list(readings.values())
    margin = best_score - rivals[0][0] if rivals else math.inf
    return dataclasses.replace(best, margin=margin, rivals=tuple(c.written for _, c in rivals[:RIVALS_SHOWN]))


def _repaired_window(text: str, repair: Repair, context: int) -> tuple[str, int]:
    """The text with the repair applied, `context` characters either side of
    it, and where the repair's reading starts in it."""
    left = text[max(0, repair.start - context):repair.start]
    return left + repair.original + text[repair.end:repair.end + context], len(left)


def _gain(text: str, repair: Repair) -> float:
    repaired, _ = _repaired_window(text, repair, 5)
    return _plausibility(repaired) - _plausibility(text[max(0, repair.start - 5):repair.end + 5])


UNDECODABLE = "damaged span the repair could not decode; left as it is"
UNSETTLED = "damaged span whose readings the context does not tell apart; left as it is"
UNHEARD_OF = "damaged span whose best reading holds a character the word list all but never sees; left as it is"
SUSPECTED = "text that reads as garbage read one byte late, though nothing shows damage; left as it is: a repair would gain"
READS_BADLY = "damaged span whose best reading still reads like garbage; left as it is"
WORDLESS = ("damaged span whose best reading holds a character that makes no word, a sign of bytes lost between "
            "two characters; left as it is")
OVER_BUDGET = "damaged span the repair gave up on: garbage too dense to search within its budget (pipeline/limits.py); left as it is"


def _reads_badly(text: str, repair: Repair) -> bool:
    """Whether the text the repair makes, with READING_CONTEXT characters
    either side, still reads like garbage: under READS_BADLY_BELOW in log
    probability a character."""
    window, _ = _repaired_window(text, repair, READING_CONTEXT)
    return _plausibility(window) / max(1, len(window)) < READS_BADLY_BELOW


def _wordless(text: str, repair: Repair) -> str:
    """A character of the repair's reading that makes no word with its
    neighbours (a word of its own in the segmentation of the repaired
    window) and is rare as a word of its own: a sign of lost bytes bridged
    (shared/DAMAGE.md), not a repair."""
    window, first = _repaired_window(text, repair, READING_CONTEXT)
    last = first + len(repair.original)
    position = 0
    for word in tokenizer().cut(converter("t2s").convert(window), HMM=False):
        if len(word) == 1 and first <= position < last and _HAN_CHARACTER.match(word) \
                and frequency(word) < WORDLESS_FREQUENCY:
            return word
        position += len(word)
    return ""


def _visible_within(visible_starts: list[int], start: int, end: int) -> bool:
    at = bisect.bisect_right(visible_starts, start)
    return at < len(visible_starts) and visible_starts[at] < end


_HAN_CHARACTER = re.compile(f"[{HAN}]")


def _unheard_of(repair: Repair) -> str:
    """The characters of the repair's reading the word list all but never sees."""
    return "".join(c for c in _HAN_CHARACTER.findall(repair.written) if _frequency(c) < UNHEARD_OF_FREQUENCY)


def _flag(unresolved: list, start: int, end: int, repair: Repair, why: str) -> int:
    """Flag the damage at text[start:end] and the garbage the repair would
    cover, naming the readings; the end of what is flagged."""
    span_start, span_end = min(start, repair.start), max(end, repair.end)
    unresolved.append((span_start, span_end, f"{why}; the readings, most plausible first: "
                                             + "、".join((repair.written, *repair.rivals))))
    return span_end


def repair_mojibake(text: str) -> tuple[str, list[Change]]:
    # The memos serve one text (a span's candidates are asked for twice, by the
    # lookahead and the main loop); a new text starts them afresh.
    for memo in (_candidates_from, _plausibility, _token_at, log_probability):
        memo.cache_clear()
    _budget.reset(len(text))
    edits = []
    unresolved = []  # (start, end, why)
    suspected = []  # (start, end, why): hidden damage a repair would help, but not enough
    floor = 0  # nothing before this may be touched again
    unresolved += [(start, end, LOST_CHARACTERS) for start, end in lost_character_lines(text)]
    lost = Taken((start, end) for start, end, _ in unresolved)
    marks = dict.fromkeys(_lone_question_marks(text), _QUESTION)
    marks |= dict.fromkeys(hidden_damage_marks(text), _HIDDEN)
    visible = dict.fromkeys(damage_marks(text), _VISIBLE)
    marks |= visible
    visible_starts = [start for start, _ in visible]
    for (start, end), kind in sorted(marks.items()):
        is_visible = kind is _VISIBLE
        if start < floor or lost.covers(start):
            continue
        try:
            _budget.start_span()
            repair = find_repair(text, start, end, floor)
        except SearchBudgetSpent:
            if is_visible:
                unresolved.append((start, end, OVER_BUDGET))
                floor = end
            continue
        if repair and lost.minus(repair.start, repair.end) != [(repair.start, repair.end)]:
            continue  # it would read into a line of lost characters, flagged as it is
        if not is_visible:
            gain = _gain(text, repair) if repair else -math.inf
            if gain < SUSPECTED_DAMAGE_GAIN or _visible_within(visible_starts, start, repair.end):
                continue  # nothing visibly wrong and no repair that helps, or visible damage to start from
            if kind is _QUESTION or gain < HIDDEN_DAMAGE_GAIN or repair.margin < CONFIDENCE_MARGIN \
                    or _unheard_of(repair) or _reads_badly(text, repair) or _wordless(text, repair):
                # Flagged after the pass, where nothing found in it overlaps.
                _flag(suspected, start, end, repair, f"{SUSPECTED} {gain:.0f}")
                continue
        elif repair is None:
            unresolved.append((start, end, UNDECODABLE))
            floor = end
            continue
        elif repair.margin < CONFIDENCE_MARGIN:
            floor = _flag(unresolved, start, end, repair, UNSETTLED)
            continue
        elif unheard_of := _unheard_of(repair):
            floor = _flag(unresolved, start, end, repair, f"{UNHEARD_OF}: {unheard_of}")
            continue
        elif _reads_badly(text, repair):
            floor = _flag(unresolved, start, end, repair, READS_BADLY)
            continue
        elif wordless := _wordless(text, repair):
            floor = _flag(unresolved, start, end, repair, f"{WORDLESS}: {wordless}")
            continue
        note = (f"GBK bytes read one byte late, re-aligned after {text[repair.start - 1]}" if repair.realigned
                else "a glyph lost in aligned text: the character with its reading that fits the context")
        if repair.lost_bytes:
            note += f"; {repair.lost_bytes} byte(s) the scrape lost, shown as ?"
        if repair.guessed:
            suggestion = "".join(repair.original[i] for i in repair.guessed)
            note += f"; a character lost without trace is shown as {MISSING} (the word list would guess {suggestion})"
        edits.append((repair.start, repair.end, repair.written, note))
        floor = repair.end
    taken = sorted([(start, end) for start, end, *_ in edits + unresolved])
    for flag in suspected:
        if not overlaps(taken, flag[0], flag[1]):
            unresolved.append(flag)
            bisect.insort(taken, flag[:2])
    result, changes = apply_edits(text, edits, STAGE, RULE)
    changes += [Change(STAGE, "mojibake-unresolved", start, end, text[start:end], text[start:end], why)
                for start, end, why in unresolved]
    return result, sorted(changes, key=lambda c: c.start)
