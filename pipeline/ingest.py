"""Ingest: bytes -> text. Finds the encoding and normalises line ends; reports both."""
from __future__ import annotations

import codecs
import itertools
import re

from .chars import MISSING
from .errors import PipelineError
from .limits import check_input_size
from .model import Change

STAGE = "ingest"

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _looks_binary(data: bytes) -> bool:
    # Text in any encoding we accept (without a UTF-16 BOM) has no NUL bytes
    # and few C0 control characters; images and archives have many.
    if b"\x00" in data:
        return True
    sample = data[:4096]
    controls = sum(1 for b in sample if b < 0x20 and b not in b"\t\n\r\f")
    return controls > len(sample) * 0.01


def decode(data: bytes, name: str = "input") -> tuple[str, list[Change]]:
    """Decode the raw input. Raises PipelineError for empty or binary input."""
    check_input_size(len(data), name)
    if not data.strip():
        raise PipelineError(f"{name}: the file is empty")
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding is None:
        if _looks_binary(data):
            raise PipelineError(f"{name}: this is a binary file, not text")
        try:
            data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            damaged = _utf8_with_bad_bytes(data)
            if damaged is not None:
                return _normalised(*damaged)
            encoding = _detected_encoding(data, name)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise PipelineError(f"{name}: not valid {encoding} text ({exc.reason} at byte {exc.start})") from None
    if "\x00" in text:
        raise PipelineError(f"{name}: the text contains NUL characters")
    return _normalised(text, [Change(STAGE, "decode", 0, 0, "", "", f"decoded as {encoding}")])


def _normalised(text: str, changes: list[Change]) -> tuple[str, list[Change]]:
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    if normalised != text:
        changes.append(Change(STAGE, "line-ends", 0, len(text), "", "", "CRLF/CR line ends made LF"))
    return normalised, changes


# A UTF-8 scrape cut mid-character or with a stray byte is still UTF-8: up to
# one bad sequence per this many bytes (and at least a few), each is shown as
# missing and logged. More than that, and the text is in another encoding
# (GBK read as UTF-8 fails on nearly every character).
BYTES_PER_BAD_UTF8_SEQUENCE = 1000
FEWEST_BAD_UTF8_SEQUENCES = 8


# surrogateescape shows each byte UTF-8 cannot decode as U+DC80–U+DCFF, which
# valid UTF-8 never yields: a run of them is a run of bad bytes.
_BAD_BYTES = re.compile("[\udc80-\udcff]+")


def _utf8_with_bad_bytes(data: bytes) -> tuple[str, list[Change]] | None:
    """The text, if `data` is UTF-8 with a few bad byte runs, each run shown
    as one MISSING (how many characters it held, the bytes cannot say); the
    log records each run's bytes and byte offset."""
    allowed = max(FEWEST_BAD_UTF8_SEQUENCES, len(data) // BYTES_PER_BAD_UTF8_SEQUENCE)
    escaped = data.decode("utf-8", errors="surrogateescape")
    runs = list(itertools.islice(_BAD_BYTES.finditer(escaped), allowed + 1))
    if len(runs) > allowed:
        return None
    pieces: list[str] = []
    changes = [Change(STAGE, "decode", 0, 0, "", "", "decoded as utf-8, with bad bytes")]
    position = length = byte = 0  # in `escaped`, in the text made, in `data`
    for run in runs:
        good = escaped[position:run.start()]
        bad = run.group().encode("utf-8", errors="surrogateescape")
        length += len(good)
        byte += len(good.encode("utf-8"))
        pieces += [good, MISSING]
        changes.append(Change(STAGE, "bad-bytes", length, length + 1, "", MISSING,
                              f"bytes {bad.hex(' ')} at byte {byte} are not UTF-8 (a character cut "
                              "or damaged): shown as missing"))
        length += 1
        byte += len(bad)
        position = run.end()
    pieces.append(escaped[position:])
    return "".join(pieces), changes


# Encodings Chinese text comes in without a byte-order mark. Anything else
# charset-normalizer finds (Latin-1, cp1252 …) would decode into nonsense.
# (UTF-16 without its mark never gets here: its NUL bytes read as binary.)
CHINESE_ENCODINGS = {"gb18030": "gb18030", "gbk": "gb18030", "gb2312": "gb18030", "hz": "hz", "big5": "big5hkscs",
                     "big5hkscs": "big5hkscs", "cp950": "cp950"}


def _detected_encoding(data: bytes, name: str) -> str:
    from charset_normalizer import from_bytes  # 45 ms to import; most scrapes are UTF-8

    best = from_bytes(data).best()
    if best is None:
        raise PipelineError(f"{name}: cannot tell the text encoding (not UTF-8, GB18030 or Big5)")
    if best.encoding not in CHINESE_ENCODINGS:
        raise PipelineError(f"{name}: reads as {best.encoding}, an encoding without Chinese characters; "
                            "save it as UTF-8, GB18030 or Big5")
    # GBK and GB2312 are subsets of GB18030, Big5 of Big5-HKSCS: the superset loses nothing.
    return CHINESE_ENCODINGS[best.encoding]
