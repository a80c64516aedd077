"""Remove the site's reading notes: `平臺(tái)` -> `平臺`.

A note is removed only when it is one of the preceding character's readings
(pypinyin's table, all heteronyms, tone marks), so real parentheticals such as
`(IoT)` or `(庫存量單位)` are never touched.
"""
import re
from functools import lru_cache

from pypinyin.pinyin_dict import pinyin_dict

from ..chars import HAN, READING
from ..edits import apply_edits, regex_edits

_NOTE = re.compile(f"(?<=[{HAN}])\\(({READING})\\)")


@lru_cache(maxsize=None)
def readings(char: str) -> frozenset[str]:
    """Every reading pypinyin knows for the character, with tone marks."""
    return frozenset(filter(None, pinyin_dict.get(ord(char), "").split(",")))


def strip_reading_notes(text: str):
    def replace(match):
        return "" if match.group(1) in readings(text[match.start() - 1]) else None

    edits = regex_edits(_NOTE, text, replace, "site reading note")
    return apply_edits(text, edits, "clean", "pinyin-notes")
