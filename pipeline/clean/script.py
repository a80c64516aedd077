"""Traditional -> simplified Chinese with OpenCC.

`tw2s` rather than `t2s`: run on traditional text it turns the particle 著
into 着 (随着, 意味着) while keeping 显著 and 著名; `t2s` leaves 随著. But run
on text that is already simplified, `tw2s` wrongly gives 显着. So where the
two disagree, `tw2s` is followed only inside a traditional passage: one in
which `t2s` finds something to convert nearby.
"""
import bisect
from functools import cache

import opencc

from ..edits import apply_edits

PASSAGE = 12  # characters either side that decide whether a passage is traditional


@cache
def converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str):
    plain = converter("t2s").convert(text)
    phrased = converter("tw2s").convert(text)
    if not (len(plain) == len(phrased) == len(text)):
        # OpenCC maps character for character in practice; if a phrase ever
        # changes length, report the whole text as one change rather than guess offsets.
        return apply_edits(text, [(0, len(text), phrased, "OpenCC tw2s")], "clean", "script")
    edits = {i: (i, i + 1, new, "traditional -> simplified") for i, new in enumerate(plain) if new != text[i]}
    traditional_at = sorted(edits)
    for i, (old, new) in enumerate(zip(plain, phrased)):
        if old != new and _in_traditional_passage(i, traditional_at):
            edits[i] = (i, i + 1, new, "traditional -> simplified (phrase)")
    return apply_edits(text, edits.values(), "clean", "script")


def _in_traditional_passage(index: int, traditional_at: list[int]) -> bool:
    nearest = bisect.bisect_left(traditional_at, index - PASSAGE)
    return nearest < len(traditional_at) and traditional_at[nearest] <= index + PASSAGE
