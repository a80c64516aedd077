"""Traditional -> simplified Chinese with OpenCC.

`tw2s` rather than `t2s`: run on traditional text it turns the particle 著
into 着 (随着, 意味着) while keeping 显著 and 著名; `t2s` leaves 随著. But run
on text that is already simplified, `tw2s` wrongly gives 显着. So where the
two disagree, `tw2s` is followed only inside a traditional passage: one in
which `t2s` finds something to convert nearby.
"""
import bisect
from functools import cache
from itertools import compress, count
from operator import ne

import opencc

from ..edits import apply_edits, apply_ordered_edits

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
    # The edits are made one at a time, in order, as they are applied: a 20 MB
    # scrape has a million and a half, which need not all be held at once.
    traditional_at = list(compress(count(), map(ne, text, plain)))
    phrases = {i: phrased[i] for i in compress(count(), map(ne, plain, phrased))
               if _in_traditional_passage(i, traditional_at)}
    return apply_ordered_edits(text, _edits(plain, phrases, traditional_at), "clean", "script")


def _edits(plain: str, phrases: dict[int, str], traditional_at: list[int]):
    """One edit a character, in order."""
    previous = None
    for i in sorted(traditional_at + list(phrases)):  # two sorted runs: merged in one pass
        if i == previous:
            continue
        previous = i
        if i in phrases:
            yield i, i + 1, phrases[i], "traditional -> simplified (phrase)"
        else:
            yield i, i + 1, plain[i], "traditional -> simplified"


def _in_traditional_passage(index: int, traditional_at: list[int]) -> bool:
    nearest = bisect.bisect_left(traditional_at, index - PASSAGE)
    return nearest < len(traditional_at) and traditional_at[nearest] <= index + PASSAGE
