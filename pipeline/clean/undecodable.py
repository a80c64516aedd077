"""Show undecodable byte pairs as missing characters, keeping their bytes in the log.

In a mis-decoded GBK span, a byte pair that is not valid GBK appears as a
private-use character (its GB18030 bytes are the real data). No font has a
glyph for it, and one such character spoils a PDF's whole text layer, so
whatever the mojibake repair did not use is shown as missing (□, the mark
Chinese publishing uses); the change records the bytes so nothing is lost.
"""
import re

from ..chars import MISSING
from ..edits import apply_edits

_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def mark_undecodable(text: str):
    edits = [(m.start(), m.end(), MISSING, f"undecodable bytes {m.group().encode('gb18030').hex(' ')}")
             for m in _PRIVATE_USE.finditer(text)]
    return apply_edits(text, edits, "clean", "undecodable")
