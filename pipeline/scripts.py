"""OpenCC converters, one per configuration, built once (OpenCC reads its
dictionaries when a converter is made). Outside pipeline.clean, so that an
edition's conversion does not import every cleaning rule."""
from functools import cache

import opencc


@cache
def converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)
