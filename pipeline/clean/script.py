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
    # The edits are made one at a time, in order, as they are applied: they
    # need not all be held at once.
    traditional_at = list(compress(count(), map(ne, text, plain)))
    phrases = {i: phrased[i] for i in compress(count(), map(ne, plain, phrased))
               if _in_traditional_passage(i, traditional_at)}
    return apply_ordered_edits(text, _edits(plain, phrases, traditional_at), "clean", "script")


def _edits(plain: str, phrases: dict[int, str], traditional_at: list[int]):
    """The conversions in order, each run of adjacent ones of a kind as one
    edit (`當地市場` -> `当地市场`: a change, not four). Only adjacent ones: a
    run over an unchanged character would log it as changed. On the seed:
    8,262 changes, 5,692 runs."""
    run: list[int] = []
    for i in _merged(traditional_at, phrases):
        if run and (i != run[-1] + 1 or (i in phrases) != (run[-1] in phrases)):
            yield _run_edit(plain, phrases, run)
            run = []
        run.append(i)
    if run:
        yield _run_edit(plain, phrases, run)


def _merged(traditional_at: list[int], phrases: dict[int, str]):
    previous = None
    for i in sorted(traditional_at + list(phrases)):  # two sorted runs: merged in one pass
        if i != previous:
            yield i
        previous = i


def _run_edit(plain: str, phrases: dict[int, str], run: list[int]):
    converted = "".join(phrases.get(i, plain[i]) for i in run)
    note = "traditional -> simplified (phrase)" if run[0] in phrases else "traditional -> simplified"
    return run[0], run[-1] + 1, converted, note


def _in_traditional_passage(index: int, traditional_at: list[int]) -> bool:
    nearest = bisect.bisect_left(traditional_at, index - PASSAGE)
    return nearest < len(traditional_at) and traditional_at[nearest] <= index + PASSAGE
