"""A document in seeds/: the scraped text and its sidecar YAML.

seeds/<slug>.txt is the input; seeds/<slug>.yaml (optional) holds what the
text cannot tell (slug, the input's sha256, the edition language) and an
editor's overrides (title, date).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import PipelineError

_KEYS = {"slug", "sha256", "lang", "title", "date"}


@dataclass(frozen=True)
class Seed:
    path: Path
    data: bytes
    slug: str
    sha256: str
    lang: str = "zh-CN"
    title: str | None = None
    date: str | None = None


def load_seed(path: Path) -> Seed:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PipelineError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise PipelineError(f"{path}: is a directory, not a text file") from None
    except OSError as exc:
        raise PipelineError(f"{path}: cannot read ({exc.strerror})") from None
    digest = hashlib.sha256(data).hexdigest()
    sidecar = path.with_suffix(".yaml")
    settings: dict = {}
    if sidecar.exists():
        try:
            settings = yaml.safe_load(sidecar.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise PipelineError(f"{sidecar}: not valid YAML ({str(exc).splitlines()[0]})") from None
        if not isinstance(settings, dict):
            raise PipelineError(f"{sidecar}: expected a mapping of settings")
        unknown = set(settings) - _KEYS
        if unknown:
            raise PipelineError(f"{sidecar}: unknown setting(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(_KEYS))}")
        pinned = settings.get("sha256")
        if pinned and pinned != digest:
            raise PipelineError(f"{sidecar}: sha256 {pinned[:12]}… does not match {path.name} ({digest[:12]}…); "
                                f"if the new text is intended, update sha256 in {sidecar.name}")
    date = settings.get("date")
    return Seed(path=path, data=data, slug=str(settings.get("slug") or path.stem), sha256=digest,
                lang=str(settings.get("lang") or "zh-CN"), title=settings.get("title"),
                date=str(date) if date is not None else None)
