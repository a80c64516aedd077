"""Remove the site's reading notes: `平臺(tái)` -> `平臺`.

After a Chinese character, a note is removed only when it is one of that
character's readings (pypinyin's table, all heteronyms, tone marks), or of
the character before it (the site now and then puts a note one character
late: `說明(shuō)`); so real parentheticals such as `(IoT)` or `(庫存量單位)`
are never touched. The site also leaves notes after Latin letters, digits
and `_` (`F(xiàn)intech`, `工具_(dá)第1頁`): those are removed once the
mojibake repair has used them (after a stray byte, a note is evidence of
the character that byte ended), and only when they are a real syllable
with a tone mark, so `(a)` in `06(a)` or `(AI)` stay. A note the scrape's
end cut off (`优势(s`) is removed last, once the site's footer is gone.
"""
import re
from functools import cache

from ..cache import cached, file_key, package_file
from ..chars import HAN, READING, TONE_LETTERS, TONE_MARKED, two_byte_plane
from ..edits import apply_edits, regex_edits

_NOTE = re.compile(f"(?<=[{HAN}])\\(({READING})\\)")
_STRAY_NOTE = re.compile(f"(?<=[A-Za-z0-9_])\\(({READING})\\)")
_TONE_MARK = re.compile(f"[{TONE_MARKED}]")
_CUT_NOTE = re.compile(f"(?<=[^\\s(])\\([{TONE_LETTERS}]{{0,7}}\\s*$")


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
    return cached("readings-v1", pinyin_table_key(), _all_gbk_readings)


def pinyin_table_key() -> str:
    """Changes when pypinyin's reading table does: the key of every cache built from it."""
    return file_key(package_file("pypinyin", "pinyin_dict.json"))


@cache
def syllables() -> frozenset[str]:
    """Every reading of a GB18030 character, with tone marks."""
    return frozenset(r for known in gbk_readings().values() for r in known.split(","))


def strip_reading_notes(text: str):
    edits = []
    for match in _NOTE.finditer(text):
        reading = match.group(1)
        if reading in readings(text[match.start() - 1]):
            edits.append((match.start(), match.end(), "", "site reading note"))
        elif match.start() >= 2 and reading in readings(text[match.start() - 2]):
            edits.append((match.start(), match.end(), "", "site reading note, one character late"))
    return apply_edits(text, edits, "clean", "pinyin-notes")


def strip_stray_reading_notes(text: str):
    """Notes after a Latin letter, digit or `_`: a real syllable with a tone mark."""
    def replace(match):
        reading = match.group(1)
        return "" if _TONE_MARK.search(reading) and reading in syllables() else None

    edits = regex_edits(_STRAY_NOTE, text, replace, "site reading note after a Latin letter, digit or _")
    return apply_edits(text, edits, "clean", "pinyin-notes")


def strip_cut_reading_note(text: str):
    """A note the scrape's end cut off: `优势(s` as the text's last characters."""
    edits = regex_edits(_CUT_NOTE, text.rstrip(), lambda m: "", "a site reading note cut off by the scrape's end")
    return apply_edits(text, edits, "clean", "pinyin-notes")
