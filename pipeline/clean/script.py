"""Traditional -> simplified Chinese with OpenCC.

`tw2s` rather than `t2s`: run on traditional text it turns the particle 著
into 着 (随着, 意味着) while keeping 显著 and 著名; `t2s` leaves 随著. But run
on text that is already simplified, `tw2s` wrongly gives 显着. So where the
two disagree, `tw2s` is followed only inside a traditional passage: one in
which `t2s` finds something to convert nearby.
"""
import re
from itertools import compress, count
from operator import ne

from ..edits import apply_edits, apply_ordered_edits
from ..scripts import converter

PASSAGE = 12  # characters either side that decide whether a passage is traditional


def to_simplified(text: str):
    plain = converter("t2s").convert(text)
    phrased = converter("tw2s").convert(text)
    if not (len(plain) == len(phrased) == len(text)):
        # OpenCC maps character for character in practice; if a phrase ever
        # changes length, report the whole text as one change rather than guess offsets.
        return apply_edits(text, [(0, len(text), phrased, "OpenCC tw2s")], "clean", "script")
    # What each character becomes, as one byte a character: 1 where t2s
    # converts it, 2 where tw2s's phrase is followed; the runs are then found
    # by a regular expression, not a Python loop over a million characters.
    traditional = bytes(map(ne, text, plain))
    kinds = bytearray(traditional)
    for i in compress(count(), map(ne, plain, phrased)):
        if _TRADITIONAL in traditional[max(0, i - PASSAGE):i + PASSAGE + 1]:
            kinds[i] = _PHRASE
    # The edits are made one at a time, in order, as they are applied: they
    # need not all be held at once.
    return apply_ordered_edits(text, _edits(plain, phrased, kinds), "clean", "script")


_TRADITIONAL, _PHRASE = 1, 2
# Only adjacent conversions of a kind are one edit: a run over an unchanged
# character would log it as changed. On the seed: 8,262 changes, 5,692 runs.
_RUN = re.compile(b"\x01+|\x02+")


def _edits(plain: str, phrased: str, kinds: bytearray):
    """The conversions in order, each run of adjacent ones of a kind as one
    edit (`當地市場` -> `当地市场`: a change, not four)."""
    for run in _RUN.finditer(kinds):
        start, end = run.span()
        if kinds[start] == _PHRASE:
            yield start, end, phrased[start:end], "traditional -> simplified (phrase)"
        else:
            yield start, end, plain[start:end], "traditional -> simplified"
