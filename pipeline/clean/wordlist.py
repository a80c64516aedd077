"""jieba's word list as a language model: how plausible a Chinese string is.

jieba's own start-up takes ~0.6 s; its prefix dictionary, cached here with
marshal, loads in ~0.15 s. The cache is keyed by the dictionary file's size
and time, so a new jieba rebuilds it.
"""
from __future__ import annotations

import logging
import marshal
import math
import os
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import jieba

jieba.setLogLevel(logging.WARNING)


def _cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "scrape-publisher"


@lru_cache(maxsize=None)
def tokenizer() -> jieba.Tokenizer:
    tk = jieba.Tokenizer()
    dictionary = Path(tk.get_dict_file().name)
    stat = dictionary.stat()
    cache = _cache_dir() / f"jieba-{stat.st_size}-{int(stat.st_mtime)}.marshal"
    try:
        tk.FREQ, tk.total = marshal.loads(cache.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        with open(dictionary, "rb") as f:
            tk.FREQ, tk.total = tk.gen_pfdict(f)
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(f".{os.getpid()}.part")
            tmp.write_bytes(marshal.dumps((tk.FREQ, tk.total)))
            tmp.replace(cache)
        except OSError:
            pass  # a read-only home: rebuild next time, no harm
    tk.initialized = True
    return tk


def log_probability(text: str) -> float:
    """Log probability of the best segmentation of `text` into dictionary words
    (jieba's unigram model); higher is more plausible."""
    if not text:
        return 0.0
    tk = tokenizer()
    route: dict = {}
    tk.calc(text, tk.get_DAG(text), route)
    return route[0][0]


_HAN_RUN = re.compile("[\u3400-\u9fff]+")
# Everyday punctuation, Latin and digits are neither evidence for nor against
# a reading (the word list knows no punctuation): they cost a little. Any
# other symbol (brackets like 〗, Greek, kana, bopomofo, full-width letters…)
# is rare in Chinese prose and costs what an unknown character costs.
_COMMON_NON_HAN = re.compile("[ 0-9A-Za-z,.;:?!()\"'%/+\\-，。、；：？！（）《》“”‘’…—·％]")
COMMON_NON_HAN_COST = 2.0


def plausibility(text: str) -> float:
    """How plausible `text` is as Chinese prose: log_probability over its Han
    runs, plus a cost for every other character."""
    runs = _HAN_RUN.findall(text)
    common = len(_COMMON_NON_HAN.findall(text))
    rare = len(text) - sum(map(len, runs)) - common
    return sum(map(log_probability, runs)) - COMMON_NON_HAN_COST * common - rare * math.log(tokenizer().total)


@lru_cache(maxsize=None)
def _partners() -> dict[str, str]:
    index: dict[str, list[str]] = defaultdict(list)
    for word, count in tokenizer().FREQ.items():
        if len(word) == 2 and count:
            index[word[0]].append(word[1])
    return {first: "".join(seconds) for first, seconds in index.items()}


def word_partners(first: str) -> str:
    """Characters that follow `first` in a two-character dictionary word."""
    return _partners().get(first, "")


def frequency(word: str) -> int:
    return tokenizer().FREQ.get(word, 0)
