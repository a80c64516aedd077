"""A document in seeds/: the scraped text and its sidecar YAML.

seeds/<slug>.txt is the input; seeds/<slug>.yaml (optional) holds what the
text cannot tell (slug, the input's sha256, the edition language) and an
editor's overrides (title, date).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from . import settings as check
from .errors import PipelineError
from .corrections import Edits, edits_path, load_edits
from .limits import check_input_size
from .output import read_bytes, require_regular_file

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
    edits: Edits = Edits({}, ())  # seeds/<slug>.edits.yaml, read with the rest so a bad one stops the run at once


def load_seed(path: Path) -> Seed:
    path = Path(path)
    require_regular_file(path)
    check_input_size(path.stat().st_size, path.name)  # before reading: a huge file is refused, not loaded
    data = read_bytes(path)
    digest = hashlib.sha256(data).hexdigest()
    sidecar = path.with_suffix(".yaml")
    settings = check.read_yaml_mapping(sidecar) if sidecar.exists() else {}
    unknown = set(settings) - _KEYS
    if unknown:
        raise PipelineError(f"{sidecar}: unknown setting(s) {', '.join(sorted(map(str, unknown)))}; "
                            f"known: {', '.join(sorted(_KEYS))}")
    if "sha256" in settings and check.sha256(settings["sha256"], sidecar) != digest:
        raise PipelineError(f"{sidecar}: sha256 {settings['sha256'][:12]}… does not match {path.name} ({digest[:12]}…); "
                            f"if the new text is intended, update sha256 in {sidecar.name}")
    given = lambda key, rule: rule(settings[key], sidecar, key) if key in settings else None
    return Seed(path=path, data=data, slug=given("slug", check.slug) or check.slug_from_file_name(path.stem),
                sha256=digest, lang=given("lang", check.lang) or "zh-CN",
                title=given("title", lambda v, w, k: check.text(v, w, k, check.MAX_TITLE_LENGTH)),
                date=given("date", check.date), edits=load_edits(edits_path(path)))

