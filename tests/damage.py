"""Damage clean simplified Chinese the way the document-sharing site did.

Used by the tests to check that the clean stage repairs scrapes it has never
seen. The steps follow shared/DAMAGE.md:
  1. the text is rendered in traditional characters (OpenCC s2t);
  2. short runs are GBK-encoded and decoded one byte late: the intact
     character before a run lends its second byte, the run's last garbage
     pair swallows the first byte of the next character unless a one-byte
     character realigns the stream first; undecodable pairs show as
     private-use characters or `?`;
  3. garbage characters the site annotates (common ones: 數, 驗; rare ones
     such as 厥, 袌 show as they are) lose their glyph and `(`, leaving
     `?reading)`; a stray byte may carry the reading of the original
     character it ended; full-width forms show half-width;
  4. reading notes follow many intact characters: `平臺(tái)`;
  5. full-width punctuation shows half-width;
  6. site furniture above and below, and stray `</think>` tags, are added.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass

import opencc
from pypinyin.pinyin_dict import pinyin_dict

from pipeline.clean.wordlist import frequency

_S2T = opencc.OpenCC("s2t")
_T2S = opencc.OpenCC("t2s")
# How common a character must be for the site to annotate it (a word-list count).
ANNOTATED_FREQUENCY = 5000
_HALF_WIDTH = {"，": ",", "；": ";", "：": ":", "（": "(", "）": ")", "！": "!", "？": "?"}


def _reading(char: str) -> str | None:
    readings = pinyin_dict.get(ord(char))
    return readings.split(",")[0] if readings else None


def _gbk_pair(char: str) -> bytes | None:
    try:
        encoded = char.encode("gbk")
    except UnicodeEncodeError:
        return None
    return encoded if len(encoded) == 2 and "\u4e00" <= char <= "\u9fff" else None


def _half_width(char: str) -> str:
    if "\uff01" <= char <= "\uff5e":
        return chr(ord(char) - 0xFEE0)
    return char


def _annotated_by_site(char: str) -> bool:
    return frequency(_T2S.convert(char)) >= ANNOTATED_FREQUENCY


def garbage(intact: str, run: str, following: str, rng: random.Random, lose_glyphs: bool = True) -> str:
    """What the site shows for `run` (traditional), read one byte late."""
    # A one-byte character after the run lends nothing: the stream realigns before it.
    stream = _gbk_pair(intact)[1:] + run.encode("gbk") + (_gbk_pair(following) or b"")[:1]
    shown: list[str] = []
    pos = 0
    while pos < len(stream):
        byte = stream[pos]
        if byte <= 0x80:  # one byte: ASCII, or 0x80, which GBK reads as €
            shown.append(chr(byte) if byte < 0x80 else "\u20ac")
            original = run[(pos - 1) // 2] if pos % 2 == 0 else None  # the byte ended this character
            if original and rng.random() < 0.5 and (reading := _reading(original)):
                shown.append(f"({reading})")
            pos += 1
        else:
            pair = stream[pos:pos + 2]
            try:
                char = pair.decode("gbk")
            except UnicodeDecodeError:
                char = pair.decode("gb18030", errors="replace").replace("\ufffd", "?")
            reading = _reading(char) if len(char) == 1 else None
            if reading and lose_glyphs and _annotated_by_site(char):
                shown.append(f"?{reading})")
            else:
                shown.append(_half_width(char))
            pos += 2
        if pos % 2 == 1:
            # Realigned on an original character boundary: the rest is intact,
            # and the following character keeps its first byte.
            return "".join(shown) + run[(pos - 1) // 2:]
    return "".join(shown)


@dataclass
class Damaged:
    text: str
    spans: int


def _damaged(body: str, rng: random.Random, span_every: int, note_share: float, think_tags: bool) -> tuple[str, int]:
    """Traditional text with reading notes and spans read one byte late."""
    out: list[str] = []
    spans = 0
    pos = 0
    while pos < len(body):
        start = pos + rng.randint(span_every // 2, span_every * 3 // 2)
        length = rng.randint(2, 5)
        if start + length + 1 >= len(body):
            break
        intact, run, following = body[start - 1], body[start:start + length], body[start + length]
        if not (_gbk_pair(intact) and _gbk_pair(following) and all(_gbk_pair(c) for c in run)):
            out.append(_annotated(body[pos:start], rng, note_share))
            pos = start
            continue
        out.append(_annotated(body[pos:start], rng, note_share))
        out.append(garbage(intact, run, following, rng))
        spans += 1
        pos = start + length
        if think_tags and rng.random() < 0.1:
            out.append("</think>")
    out.append(_annotated(body[pos:], rng, note_share))
    return "".join(_HALF_WIDTH.get(c, c) for c in "".join(out)), spans


def damage(clean: str, seed: int, title: str = "跨境电商研究报告", span_every: int = 300,
           note_share: float = 0.2, pages_seen: int = 3, pages_total: int = 40, contents: tuple[str, ...] = ()) -> Damaged:
    """A scrape of `clean` (simplified Chinese prose, one paragraph a line),
    with `contents` (one heading a line) glued in as the site shows it."""
    rng = random.Random(seed)
    body = _S2T.convert("".join(clean.split("\n")))
    if contents:
        lines = [_S2T.convert(line) for line in contents]
        lines[0] = _S2T.convert(title) + "參考模板" + lines[0]
        head_of_body = "\n\n".join(_annotated(line, rng, note_share) for line in lines)
    else:
        head_of_body = ""
    damaged, spans = _damaged(body, rng, span_every, note_share, think_tags=True)
    scrape = "".join(_HALF_WIDTH.get(c, c) for c in head_of_body) + damaged
    return Damaged(_site_head(title, pages_seen, pages_total, rng, note_share) + scrape + _site_foot(), spans)


def damage_text(clean: str, rng: random.Random, span_every: int = 300, note_share: float = 0.2) -> str:
    """`clean` in traditional characters with reading notes and spans read
    one byte late, line by line: its line breaks stay where they are."""
    return "\n".join(_damaged(_S2T.convert(line), rng, span_every, note_share, think_tags=False)[0]
                     for line in clean.split("\n"))


def _annotated(text: str, rng: random.Random, share: float) -> str:
    return "".join(c + f"({r})" if "\u4e00" <= c <= "\u9fff" and rng.random() < share and (r := _reading(c)) else c
                   for c in text)


def _site_head(title: str, seen: int, total: int, rng: random.Random, share: float) -> str:
    lines = [f"{title}_第{page}页" for page in range(1, seen + 1)]
    lines += [f"已阅读{seen}页,还剩{total - seen}页未读, 继续免费阅读", "", "下载本文档", "",
              "版权说明:本文档由用户提供并上传,收益归属内容提供方,若内容存在侵权,请进行举报或认领", "", "文档简介", ""]
    return "\n".join(_annotated(_S2T.convert(line), rng, share) for line in lines) + "\n"


def _site_foot() -> str:
    notes = ["本站所有资源如无特殊说明,都需要本地电脑安装OFFICE2007和PDF阅读器。",
             "本站的文档不包含任何第三方提供的附件图纸等。", "未经权益所有人同意不得将文件中的内容挪作商业或盈利用途。"]
    lines = ["", "温馨提示", ""] + [f"  • {i}. {note}" for i, note in enumerate(notes, 1)] + ["", "评论", "", "0/150", "", "提交评论"]
    return "\n" + _S2T.convert("\n".join(lines)) + "\n"


def seed_outline(document, chapters: slice = slice(None), sections: slice = slice(None)) -> Outline:
    """A cleaned document's top-level parts, each with its sections as
    (number, title, paragraphs' text), to lay out and damage anew."""
    from pipeline.model import Paragraph

    return Outline([(part.heading.text, [(*child.heading.text.split(" ", 1),
                                          "".join(b.text for b in child.blocks if isinstance(b, Paragraph)))
                                         for child in part.children[sections]])
                    for part in document.outline().children[chapters]])


def intact_paragraphs(document) -> list[str]:
    """The document's whole paragraphs that carry no damage the cleaning left
    (□ for a lost character, `？！？` where a span stayed undecoded): prose to
    lay out and damage anew."""
    return [p for p in paragraphs_of(document) if p.endswith("。") and "□" not in p
            and not re.search("[？！?!]{2}", p)]


def paragraphs_of(document, part: int | None = None) -> list[str]:
    """The author's paragraphs of a document (or of its top-level part
    number `part`), in order."""
    from pipeline.model import Paragraph

    if part is None:
        return [b.text for b in document.body if isinstance(b, Paragraph)]
    top = document.outline().children[part]
    return [b.text for p in [top, *top.walk()] for b in p.blocks if isinstance(b, Paragraph)]


@dataclass
class Outline:
    """A report to lay out as a scrape: chapters of (number, title, text) sections."""

    chapters: list[tuple[str, list[tuple[str, str, str]]]]  # (chapter heading, sections)

    def contents(self) -> tuple[str, ...]:
        return tuple(line for heading, sections in self.chapters
                     for line in [heading] + [f"{number}{title}" for number, title, _ in sections])

    def body(self, doubled: int | None = None, revision: tuple[str, str] = ("", ""), cut: float | None = None) -> str:
        """The running text, headings glued to paragraphs. `doubled`: that
        chapter appears first as a draft (`revision[0]` for `revision[1]`),
        then `</think>` and the revised copy. `cut`: the text stops at that
        share of its length, mid-sentence."""
        parts = []
        for index, (heading, sections) in enumerate(self.chapters):
            chapter = heading + "".join(f"{number}{title}{text}" for number, title, text in sections)
            if index == doubled:
                parts.append(chapter.replace(revision[1], revision[0], 1) + "</think>")
            parts.append(chapter)
        text = "".join(parts)
        if cut is not None:
            text = text[:int(len(text) * cut)].rstrip("。！？”")
        return text
