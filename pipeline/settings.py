"""What an editor may set about a document, checked where it is read.

The sidecar (seeds/<slug>.yaml), the corrections file's metadata and a
cleaned source's YAML block all pass their values through here, so a bad
value is one line naming the file and the key, before any work is done.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from .chars import UNCARRIABLE
from .errors import PipelineError
from .output import read_text

# A slug names the outputs (build/<slug>.pdf): a plain file name, never a path.
SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
MAX_SLUG_LENGTH = 100
# python-docx refuses a core property (the DOCX's title) over 255 characters;
# a title an editor types longer than that is a mistake, not a title.
MAX_TITLE_LENGTH = 255
SHA256 = re.compile(r"[0-9a-f]{64}")
# Dates as editors and sites write them: a year, a month, a day, or a moment
# with its offset (kept: the EPUB's dc:date carries it; a moment without one
# names no moment).
_DATE_FORMS = (re.compile(r"\d{4}"), re.compile(r"\d{4}-\d{2}"), re.compile(r"\d{4}-\d{2}-\d{2}"),
               re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})"))


class Problem(PipelineError):
    """A bad value: `where` (the file) and `key` name it."""

    def __init__(self, where: object, key: str, problem: str):
        super().__init__(f"{where}: {key} {problem}")


def text(value: object, where: object, key: str, max_length: int | None = None) -> str:
    """A non-empty line of text (YAML may have given a number, a list or a date)."""
    if not isinstance(value, str):
        raise Problem(where, key, f"must be text, not {_kind(value)}")
    if not value.strip():
        raise Problem(where, key, "is empty")
    if bad := UNCARRIABLE.search(value):
        raise Problem(where, key, f"holds the control character U+{ord(bad.group()):04X}, which editions cannot carry")
    if max_length and len(value) > max_length:
        raise Problem(where, key, f"has {len(value)} characters; at most {max_length}")
    return value


def slug(value: object, where: object, key: str = "slug") -> str:
    value = text(value, where, key, MAX_SLUG_LENGTH)
    if not SLUG.fullmatch(value):
        raise Problem(where, key, f"{value!r} must be lower-case letters, digits and hyphens (it names the output "
                                  "files, never a path)")
    return value


def slug_from_file_name(stem: str) -> str:
    """The slug of a file that names none: its name in lower case, anything
    but letters and digits made a hyphen; Chinese becomes pinyin."""
    if re.search("[\u3400-\u9fff]", stem):
        from pypinyin import lazy_pinyin  # slow to import; most file names are Latin

        stem = "-".join(lazy_pinyin(stem))
    derived = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:MAX_SLUG_LENGTH].rstrip("-")
    return derived or "document"


def sha256(value: object, where: object, key: str = "sha256") -> str:
    if not (isinstance(value, str) and SHA256.fullmatch(value)):
        raise Problem(where, key, "must be the 64 lower-case hex digits of the input's SHA-256")
    return value


# The tags nearly every document carries, known valid without langcodes
# (whose data takes 60 ms to import, in every render).
_EVERYDAY_CHINESE_TAG = re.compile(r"zh(-Hans|-Hant)?(-(CN|TW|HK|MO|SG))?")


def lang(value: object, where: object, key: str = "lang") -> str:
    value = text(value, where, key)
    if _EVERYDAY_CHINESE_TAG.fullmatch(value):
        return value
    import langcodes

    if "_" in value or not langcodes.tag_is_valid(value) or langcodes.Language.get(value).language != "zh":
        raise Problem(where, key, f"{value!r} is not a BCP 47 tag for Chinese, such as zh-CN or zh-Hant-TW")
    return value


def date(value: object, where: object, key: str = "date") -> str:
    """A date as text (YAML reads an unquoted year as a number)."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    value = text(value, where, key)
    if not any(form.fullmatch(value) for form in _DATE_FORMS) or parse_date(value) is None:
        raise Problem(where, key, f"{value!r} is not a date (2026, 2026-03, 2026-03-01, or a moment with its "
                                  "offset, 2026-03-01T10:00+08:00)")
    return value


def w3c_date(value: str) -> str:
    """A valid date as W3C-DTF, which EPUB's dc:date takes: the T between day and time."""
    return value.replace(" ", "T")


def parse_date(value: str) -> dt.datetime | None:
    """The moment a valid date names, in UTC (a year or month: its first day)."""
    padded = value + "-01-01"[len(value) - 4:] if len(value) < 10 else value
    try:
        moment = dt.datetime.fromisoformat(padded.replace(" ", "T"))
    except ValueError:
        return None
    return moment.astimezone(dt.UTC) if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


class _DatesAsText(yaml.SafeLoader):
    """YAML without its timestamp type: an unquoted 2026-02-30 stays text for
    `date` to judge (PyYAML would fail on it with no word of where)."""


_DatesAsText.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def read_yaml_mapping(path: Path) -> dict:
    """A settings file: YAML holding a mapping (or nothing)."""
    try:
        settings = yaml.load(read_text(path), Loader=_DatesAsText) or {}
    except yaml.YAMLError as exc:
        raise PipelineError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(settings, dict):
        raise PipelineError(f"{path}: expected a mapping of settings (key: value lines)")
    return settings


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value} (put it in quotes to mean text)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
