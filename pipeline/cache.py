"""Derived data (word lists, code tables) kept between runs with marshal.

Building them takes longer than the whole clean stage should; loading them
takes a fraction of it. Each entry is named for what it holds plus a key that
changes when its sources change (a format version, a package version, a
file's size and time), so a stale entry is never read; storing an entry
removes the stale ones of the same name, so reinstalls do not pile up.
"""
from __future__ import annotations

import importlib.util
import marshal
import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from .errors import PipelineError
from .output import atomic_path


def cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "scrape-publisher"


def package_file(package: str, name: str) -> Path:
    """A file shipped inside an installed package, found without importing the
    package (importing jieba or pypinyin costs more than their cache saves)."""
    return Path(importlib.util.find_spec(package).submodule_search_locations[0]) / name


def file_key(path: Path) -> str:
    """A cache key that changes when the file does (a new release of its package)."""
    stat = path.stat()
    return f"{stat.st_size}-{int(stat.st_mtime)}"


def cached(name: str, key: str, build: Callable[[], object]):
    """The value stored under `name` for `key`, built and stored first if absent.

    An entry holds its own name and key beside the value: a damaged or
    foreign file fails that check and is rebuilt, never returned."""
    path = cache_dir() / f"{name}--{key}.marshal"
    label = f"{name}--{key}"
    try:
        stored_label, value = marshal.loads(path.read_bytes())
        if stored_label == label:
            return value
    except (OSError, ValueError, EOFError, TypeError):
        pass
    value = build()
    try:
        with atomic_path(path, with_the_command=False) as tmp:
            tmp.write_bytes(marshal.dumps((label, value)))
        for stale in path.parent.glob(f"{name}--*.marshal"):
            if stale != path:
                stale.unlink(missing_ok=True)
    except (OSError, PipelineError):
        pass  # a read-only home, or a file where the folder should be: rebuild next time, no harm
    return value


class ByFirstCharacter(Mapping[str, object]):
    """A large string-keyed dict kept as one marshalled part per first
    character, each part decoded when first asked for.

    Decoding jieba's 500,000-entry word list whole takes ~0.35 s; a text asks
    about words beginning with a few thousand characters, under half of it.
    """

    def __init__(self, parts: dict[str, bytes]):
        self._parts = parts
        self._decoded: dict[str, dict] = {}

    @staticmethod
    def parts_of(entries: Mapping[str, object]) -> dict[str, bytes]:
        """What the constructor takes: `entries` split by first character, for the cache."""
        split: dict[str, dict] = {}
        for key, value in entries.items():
            split.setdefault(key[0], {})[key] = value
        return {first: marshal.dumps(part) for first, part in split.items()}

    def part(self, first: str) -> dict:
        """Every entry whose key begins with `first`."""
        try:
            return self._decoded[first]
        except KeyError:
            blob = self._parts.get(first)
            part = self._decoded[first] = marshal.loads(blob) if blob else {}
            return part

    def __getitem__(self, key: str):
        if not key:
            raise KeyError(key)
        return self.part(key[0])[key]

    def get(self, key: str, default=None):
        return self.part(key[0]).get(key, default) if key else default

    def __contains__(self, key) -> bool:
        return bool(key) and key in self.part(key[0])

    def __iter__(self) -> Iterator[str]:
        return (key for first in self._parts for key in self.part(first))

    def __len__(self) -> int:
        return sum(len(self.part(first)) for first in self._parts)
