"""jieba's word list as a language model: how plausible a Chinese string is.

jieba's own start-up takes ~0.6 s and importing it ~0.1 s more. Its prefix
dictionary (and an index of two-character words by first character) is
cached here by first character (cache.ByFirstCharacter), so the clean stage
decodes only the parts a text asks about, and jieba itself is imported only
where its segmenter is used. The cache is keyed by the dictionary file's size
and time, so a new jieba rebuilds it.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..cache import ByFirstCharacter, cached, file_key, package_file

if TYPE_CHECKING:
    import jieba


@dataclass(frozen=True)
class _WordList:
    words: ByFirstCharacter  # jieba's prefix dictionary: word -> count, 0 for a prefix that is no word
    total: int
    partners: dict[str, str]  # first character -> characters that follow it in two-character words


def word_list_file() -> Path:
    return package_file("jieba", "dict.txt")


def _build(dictionary: Path) -> tuple:
    import jieba

    with open(dictionary, "rb") as f:
        freq, total = jieba.Tokenizer().gen_pfdict(f)
    partners: dict[str, list[str]] = defaultdict(list)
    for word, count in freq.items():
        if len(word) == 2 and count:
            partners[word[0]].append(word[1])
    return ByFirstCharacter.parts_of(freq), total, {first: "".join(seconds) for first, seconds in partners.items()}


@cache
def _word_list() -> _WordList:
    dictionary = word_list_file()
    parts, total, partners = cached("jieba-words-v3", file_key(dictionary), lambda: _build(dictionary))
    return _WordList(ByFirstCharacter(parts), total, partners)


@cache
def tokenizer() -> jieba.Tokenizer:
    """jieba's segmenter, reading the cached word list."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    word_list = _word_list()
    tk = jieba.Tokenizer()
    tk.FREQ, tk.total, tk.initialized = word_list.words, word_list.total, True
    return tk


@lru_cache(maxsize=65536)  # windows that differ in one span share their other runs
def log_probability(text: str) -> float:
    """Log probability of the best segmentation of `text` into dictionary words
    (jieba's unigram model, as its `calc` computes it); higher is more plausible.

    The same dynamic programme as jieba's get_DAG + calc, in one pass and
    without its intermediate lists: the repair search scores thousands of
    candidates, and this is most of its time.
    """
    word_list = _word_list()
    log_total = math.log(word_list.total)
    unknown = -log_total  # jieba counts a character outside every word once: log(1)
    length = len(text)
    best = [0.0] * (length + 1)  # best[k]: of text[k:]
    for start in range(length - 1, -1, -1):
        words = word_list.words.part(text[start])
        top = None
        end = start + 1
        count = words.get(text[start])
        while count is not None:  # the prefix dictionary: None ends every longer word too
            if count:
                score = math.log(count) - log_total + best[end]
                if top is None or score > top:
                    top = score
            if end == length:
                break
            end += 1
            count = words.get(text[start:end])
        best[start] = unknown + best[start + 1] if top is None else top
    return best[0]


_HAN_RUN = re.compile("[\u3400-\u9fff]+")
# Everyday punctuation, Latin and digits are neither evidence for nor against
# a reading (the word list knows no punctuation): they cost a little. Any
# other symbol (brackets like 〗, Greek, kana, bopomofo, full-width letters…)
# is rare in Chinese prose and costs what an unknown character costs.
_COMMON_NON_HAN = re.compile("[ 0-9A-Za-z,.;:?!()\"'%/+\\-，。、；：？！（）《》“”‘’…—·％]")
COMMON_NON_HAN_COST = 2.0


def is_everyday_mark(char: str) -> bool:
    """Punctuation, Latin or a digit of the kind Chinese prose uses every day."""
    return bool(_COMMON_NON_HAN.fullmatch(char))


def plausibility(text: str) -> float:
    """How plausible `text` is as Chinese prose: log_probability over its Han
    runs, plus a cost for every other character."""
    runs = _HAN_RUN.findall(text)
    common = len(_COMMON_NON_HAN.findall(text))
    rare = len(text) - sum(map(len, runs)) - common
    return sum(map(log_probability, runs)) - COMMON_NON_HAN_COST * common - rare * math.log(_word_list().total)


def all_word_partners() -> dict[str, str]:
    """Every character -> the characters that follow it in a two-character dictionary word."""
    return _word_list().partners


def frequency(word: str) -> int:
    return _word_list().words.get(word, 0)


def _read_tags(dictionary: Path) -> dict[str, str]:
    tags = {}
    with open(dictionary, encoding="utf-8") as lines:
        for line in lines:
            word, _, tag = line.rstrip("\n").split(" ")
            tags[word] = tag
    return tags


@cache
def word_tags() -> ByFirstCharacter:
    """The part of speech jieba's word list gives each word (v a verb, n a noun …)."""
    dictionary = word_list_file()
    return ByFirstCharacter(cached("jieba-tags-v2", file_key(dictionary),
                                   lambda: ByFirstCharacter.parts_of(_read_tags(dictionary))))


def last_word_tag(text: str) -> str:
    """The part of speech of the text's last word ("x" where the word list has none)."""
    words = tokenizer().lcut(text, HMM=False)
    return word_tags().get(words[-1], "x") if words else "x"
