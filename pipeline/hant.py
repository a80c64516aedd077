"""Simplified -> Traditional Chinese, Taiwan standard, for the zh-Hant edition.

Three steps, each safe on its own:

1. Characters and Taiwan's variant forms: OpenCC `s2tw`, one word at a time
   (jieba's segmentation, dictionary words only). OpenCC matches its
   phrases across the whole text, and a phrase may straddle two words: on
   the seed 加拿大|采购 became 加拿大采購, 半|托管 半托管, 更加|注重 更加註重.
   Word by word, none does.
2. Words: the project's own table below, reviewed term by term, instead of
   OpenCC `s2twp`'s phrase substitutions, which are meant for software
   manuals and straddle words too. s2twp against s2tw on the seed: 363
   differences, of which plainly wrong 部分割槽域 (部分|区域), 可擴充套件性 ×2,
   擴充套件, 社互動動 (社交|互动), 迴圈 ×2 (a program's loop for 循环),
   稽核 ×2 (audit for 审核), 型別 (a program's type for 类型), 釋出 (a
   software release for 发布), 區域性 (for 局部), 註重; questionable in
   business prose 最佳化 ×23 (优化), 使用者 ×62 (用户, which Taiwan writes
   too), 支援 (支持 where it means backing), 連線 (情感连接), 項目 → 專案 (an
   item is no project). A table word is replaced where it is a whole word,
   a run of whole words, or inside one word (数据 in 数据分析); never where it
   straddles two (分区 in 部分|区域). A longer entry wins over a shorter one
   at the same place; a few words are kept as s2tw writes them wherever they
   stand (KEPT: 大数据 stays 大數據, Taiwan's word, 用户端 用戶端).
3. Quotation marks: “” ‘’ become 「」 『』, as Taiwan sets them; a ’ between
   two Latin letters is an apostrophe (Alibaba’s) and stays.

tests/test_editions.py lists every word the table changes in the seed, so
that a reviewer reads each one; a new entry belongs here with its reason.
"""
from __future__ import annotations

import re

from .scripts import converter

# Simplified word -> its Taiwan form. Only words whose mainland form reads
# as foreign or wrong in Taiwan, and which mean one thing in reports.
PHRASES = {
    # Computing and the internet: Taiwan's own vocabulary.
    "软件": "軟體",
    "硬件": "硬體",
    "网络": "網路",
    "互联网": "網際網路",
    "信息": "資訊",
    "数据": "資料",
    "数据库": "資料庫",
    "数据源": "資料來源",
    "人工智能": "人工智慧",
    "智能": "智慧",  # 智慧物流, 智慧合約, 智慧化
    "算法": "演算法",
    "云计算": "雲端運算",
    "实时": "即時",
    "在线": "線上",
    "视频": "影片",
    "短视频": "短影音",
    "视频会议": "視訊會議",
    "搜索": "搜尋",
    "接口": "介面",
    "程序化": "程式化",  # programmatic (advertising); 程序 a procedure stays
    "可视化": "視覺化",
    "文档": "文件",
    "模块": "模組",
    "分布式": "分散式",
    "存储": "儲存",
    "导出": "匯出",
    "链接": "連結",
    "黑客": "駭客",
    # Names and legal terms.
    "沙特阿拉伯": "沙烏地阿拉伯",
    "知识产权": "智慧財產權",
}
# Words kept as s2tw writes them wherever they stand, so that a shorter entry
# does not change them: keeping cannot garble, even across two words.
KEPT = {
    "大数据": "大數據",  # Taiwan's word for big data, whatever jieba joins 数据 to (大|数据分析)
    "用户端": "用戶端",  # the client side, as Taiwan says it (用户 itself stays 用戶)
}
_ENTRIES = PHRASES | KEPT
_LONGEST = max(map(len, _ENTRIES))

# “” ‘’ -> 「」 『』; a ’ between two Latin letters is an apostrophe and stays.
_QUOTES = {"“": "「", "”": "」", "‘": "『", "’": "』"}
_QUOTE = re.compile(r"[“”‘]|(?<![A-Za-z])’|’(?![A-Za-z])")


def _words(text: str) -> list[tuple[int, int]]:
    """jieba's words of `text` (dictionary words only), as spans."""
    from .clean.wordlist import tokenizer

    spans, start = [], 0
    for word in tokenizer().cut(text, HMM=False):
        spans.append((start, start + len(word)))
        start += len(word)
    return spans


def phrase_changes(text: str, spans: list[tuple[int, int]] | None = None) -> list[tuple[int, int, str]]:
    """Where the table applies in the simplified `text` (its words: `spans`):
    (start, end, Taiwan form), left to right, the longest entry first at
    each place; never across the edge of a word."""
    if not any(key in text for key in _ENTRIES):
        return []
    spans = _words(text) if spans is None else spans
    boundaries = {start for start, _ in spans} | {len(text)}
    word_of = [0] * len(text)
    for number, (start, end) in enumerate(spans):
        word_of[start:end] = [number] * (end - start)
    changes, i = [], 0
    while i < len(text):
        for length in range(min(_LONGEST, len(text) - i), 1, -1):
            end = i + length
            word = text[i:end]
            if word in KEPT or (word in PHRASES and ((i in boundaries and end in boundaries)
                                                      or word_of[i] == word_of[end - 1])):
                changes.append((i, end, _ENTRIES[word]))
                i = end
                break
        else:
            i += 1
    return changes


def to_traditional(text: str) -> str:
    """`text` in Traditional Chinese as Taiwan writes it (see the module's notes)."""
    s2tw = converter("s2tw")
    if not any(key in text for key in _ENTRIES):
        # Where no OpenCC phrase changes anything (a label, a heading), no
        # phrase can straddle two words: no segmentation (jieba's start-up is 0.4 s).
        whole = s2tw.convert(text)
        each = {character: s2tw.convert(character) for character in set(text)}
        if whole == "".join(each[character] for character in text):
            return _QUOTE.sub(lambda quote: _QUOTES[quote.group()], whole)
    spans = _words(text)
    # s2tw word by word, one string a character of `text` (a word converted
    # to another length gives its whole conversion to its first character).
    characters: list[str] = []
    for start, end in spans:
        converted = s2tw.convert(text[start:end])
        characters += converted if len(converted) == end - start else [converted] + [""] * (end - start - 1)
    pieces, i = [], 0
    for start, end, taiwan in phrase_changes(text, spans):
        pieces += characters[i:start]
        pieces.append(taiwan)
        i = end
    pieces += characters[i:]
    return _QUOTE.sub(lambda quote: _QUOTES[quote.group()], "".join(pieces))
