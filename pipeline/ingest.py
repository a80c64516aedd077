"""Ingest: bytes -> text. Finds the encoding and normalises line ends; reports both."""
from __future__ import annotations

import codecs

from .errors import PipelineError
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
            from charset_normalizer import from_bytes  # 45 ms to import; most scrapes are UTF-8

            best = from_bytes(data).best()
            if best is None:
                raise PipelineError(f"{name}: cannot tell the text encoding") from None
            # GBK and GB2312 are subsets of GB18030: decoding as the superset loses nothing.
            encoding = "gb18030" if best.encoding in ("gbk", "gb2312", "gb18030") else best.encoding
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise PipelineError(f"{name}: not valid {encoding} text ({exc.reason} at byte {exc.start})") from None
    if "\x00" in text:
        raise PipelineError(f"{name}: the text contains NUL characters")
    changes = [Change(STAGE, "decode", 0, 0, "", "", f"decoded as {encoding}")]
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    if normalised != text:
        changes.append(Change(STAGE, "line-ends", 0, len(text), "", "", "CRLF/CR line ends made LF"))
    return normalised, changes
