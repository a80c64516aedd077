"""Traditional -> simplified Chinese with OpenCC.

`tw2s` rather than `t2s`: run on the traditional text it turns the particle
著 into 着 (随着, 意味着) while keeping 显著 and 著名; `t2s` leaves 随著.
"""
from functools import lru_cache

import opencc

from ..edits import apply_edits
from ..chars import HAN_RE


@lru_cache(maxsize=None)
def converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str):
    converted = converter("tw2s").convert(text)
    if len(converted) != len(text):
        # OpenCC maps character for character in practice; if a phrase ever
        # changes length, report the whole text as one change rather than guess offsets.
        return apply_edits(text, [(0, len(text), converted, "OpenCC tw2s")], "clean", "script")
    edits = [(i, i + 1, new, "traditional -> simplified") for i, (old, new) in enumerate(zip(text, converted)) if old != new]
    return apply_edits(text, edits, "clean", "script")
