"""Re-split running text into paragraphs.

The scrape lost every paragraph break. Sentences (ending in 。！？, with any
closing quotes) are gathered until a paragraph reaches TARGET_CHARS; a
sentence never straddles two paragraphs, and a paragraph closes early
rather than grow past MAX_CHARS. A short tail joins the paragraph
before it, so no paragraph is under MIN_CHARS unless the whole text is.
"""
from __future__ import annotations

import re

TARGET_CHARS = 300
MAX_CHARS = 1200
MIN_CHARS = 80
_SENTENCE = re.compile(r"[^。！？!?]*(?:[。！？!?]+[”’」』）)]*|$)")


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.findall(text) if s.strip()]


def split_paragraphs(text: str) -> list[str]:
    paragraphs: list[str] = []
    current = ""
    for sentence in sentences(text.strip()):
        if current and len(current) + len(sentence) > MAX_CHARS:
            paragraphs.append(current)
            current = ""
        current += sentence
        if len(current) >= TARGET_CHARS:
            paragraphs.append(current)
            current = ""
    if current:
        if paragraphs and len(current) < MIN_CHARS:
            paragraphs[-1] += current
        else:
            paragraphs.append(current)
    return [p.strip() for p in paragraphs]


def ends_mid_sentence(text: str) -> bool:
    return bool(text.strip()) and not re.search(r"[。！？!?…][”’」』）)]*\s*$", text)
