"""Remove the site's reading notes: `平臺(tái)` -> `平臺`.

A note is removed only when it is one of the preceding character's readings
(pypinyin's table, all heteronyms, tone marks), so real parentheticals such as
`(IoT)` or `(庫存量單位)` are never touched.
"""
import re
from functools import cache
from importlib.metadata import version

from ..cache import cached
from ..chars import HAN, READING, two_byte_plane
from ..edits import apply_edits, regex_edits

_NOTE = re.compile(f"(?<=[{HAN}])\\(({READING})\\)")


@cache
def readings(char: str) -> frozenset[str]:
    """Every reading pypinyin knows for the character, with tone marks."""
    known = gbk_readings().get(char)
    if known is None:
        # Slow to import, and rarely needed past the cached table.
        from pypinyin.pinyin_dict import pinyin_dict

        known = pinyin_dict.get(ord(char), "")
    return frozenset(filter(None, known.split(",")))


def _all_gbk_readings() -> dict[str, str]:
    from pypinyin.pinyin_dict import pinyin_dict

    return {char: pinyin_dict[ord(char)] for _, _, char in two_byte_plane() if ord(char) in pinyin_dict}


@cache
def gbk_readings() -> dict[str, str]:
    """Readings of every character in GB18030's two-byte plane (cached: pypinyin
    takes longer to import than this takes to load)."""
    return cached(f"readings-v1-pypinyin-{version('pypinyin')}", _all_gbk_readings)


def strip_reading_notes(text: str):
    def replace(match):
        return "" if match.group(1) in readings(text[match.start() - 1]) else None

    edits = regex_edits(_NOTE, text, replace, "site reading note")
    return apply_edits(text, edits, "clean", "pinyin-notes")
