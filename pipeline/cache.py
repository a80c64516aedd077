"""Derived data (word lists, code tables) kept between runs with marshal.

Building them takes longer than the whole clean stage should; loading them
takes a fraction of it. Each entry's name carries a format version and a key
that changes when its sources change, so a stale entry is never read.
"""
from __future__ import annotations

import marshal
import os
from collections.abc import Callable
from pathlib import Path

from .output import atomic_path


def cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "scrape-publisher"


def cached(name: str, build: Callable[[], object]):
    """The value stored under `name`, built and stored first if absent."""
    path = cache_dir() / f"{name}.marshal"
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    value = build()
    try:
        with atomic_path(path) as tmp:
            tmp.write_bytes(marshal.dumps(value))
    except OSError:
        pass  # a read-only home: rebuild next time, no harm
    return value
