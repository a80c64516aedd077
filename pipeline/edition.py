"""What an edition's language decides: its script, its labels and its fonts.

The simplified-Chinese cleaned source is the one editors review. The
Traditional-Chinese edition (zh-Hant, Taiwan standard, tagged zh-Hant-TW:
OpenCC s2tw word by word, the project's reviewed table of Taiwan words such
as 软件 -> 軟體, and 「」 quotes; pipeline/hant.py) is derived from it, text and
editorial notes alike, so both editions say the same thing.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, fields
from functools import cache

from . import notes
from .hant import to_traditional
from .model import Document, Metadata
from .paths import STYLES

SIMPLIFIED, TRADITIONAL = "zh-CN", "zh-Hant"  # the editions, as `convert --to` and make's EDITION name them
EDITIONS = (SIMPLIFIED, TRADITIONAL)
# The language tag of the Traditional edition: Taiwan's standard, as its conversion writes it.
TRADITIONAL_TAG = "zh-Hant-TW"
# Who publishes the editions (EPUB dc:publisher): the program that makes them.
PUBLISHER = "scrape-publisher"


def is_traditional(lang: str) -> bool:
    return lang.startswith(("zh-Hant", "zh-TW", "zh-HK", "zh-MO"))


def word_language(lang: str) -> str:
    """The tag Word and LibreOffice know for the edition's East Asian text
    (w:lang w:eastAsia): language and region, no script (zh-Hant-TW -> zh-TW)."""
    region = next((part for part in lang.split("-")[1:] if len(part) == 2 and part.isalpha()), None)
    if region is None:
        region = "TW" if is_traditional(lang) else "CN"
    return f"zh-{region.upper()}"


@dataclass(frozen=True)
class Fonts:
    serif: str
    sans: str
    region: str  # the Noto CJK suffix: SC or TC


def fonts(lang: str) -> Fonts:
    region = "TC" if is_traditional(lang) else "SC"
    return Fonts(f"Noto Serif CJK {region}", f"Noto Sans CJK {region}", region)


# Families in the project's stylesheets whose Traditional counterpart is not
# named by changing SC to TC (Windows' own Chinese fonts).
_TC_FAMILIES = {"SimSun": "PMingLiU", "Microsoft YaHei": "Microsoft JhengHei"}
_SC_FAMILY = re.compile(r'"([^"]+) SC"')


def stylesheet(name: str, lang: str) -> str:
    """A stylesheet from styles/ for the edition: the project's stylesheets name
    the SC fonts; a traditional edition uses TC, every family of the stack."""
    css = (STYLES / name).read_text(encoding="utf-8")
    if not is_traditional(lang):
        return css
    css = _SC_FAMILY.sub(r'"\1 TC"', css)
    for simplified, traditional in _TC_FAMILIES.items():
        css = css.replace(f'"{simplified}"', f'"{traditional}"')
    return css


@dataclass(frozen=True)
class Labels:
    """The words the pipeline itself prints (pipeline/notes.py), in the edition's script."""

    table_of_contents: str = notes.TABLE_OF_CONTENTS
    source: str = notes.SOURCE_LABEL
    edition_date: str = notes.EDITION_DATE_LABEL
    pages: str = notes.PAGES_LABEL
    editorial: str = notes.EDITORIAL_LABEL
    abstract: str = notes.ABSTRACT_LABEL
    abstract_en: str = notes.ABSTRACT_EN_LABEL
    author: str = notes.AUTHOR_LABEL
    affiliation: str = notes.AFFILIATION_LABEL
    keywords: str = notes.KEYWORDS_LABEL
    source_format: str = notes.SOURCE_FORMAT_LABEL
    cover: str = notes.COVER_LABEL
    title_page: str = notes.TITLE_PAGE_LABEL
    body: str = notes.BODY_LABEL
    unsigned: str = notes.UNSIGNED_LABEL


@cache
def labels(lang: str) -> Labels:
    if not is_traditional(lang):
        return Labels()
    return Labels(**{f.name: to_traditional(getattr(Labels(), f.name)) for f in fields(Labels)})


def catalogue_label(key: str, lang: str) -> str:
    label = notes.CATALOGUE[key]
    return to_traditional(label) if is_traditional(lang) else label


def title_page_facts(metadata: Metadata) -> list[tuple[str, str]]:
    """What the title page says of the document and the edition's source, as
    (label, value), for every format's title page."""
    words = labels(metadata.lang)
    facts = []
    if metadata.affiliation:
        facts.append((words.affiliation, metadata.affiliation))
    if metadata.keywords:
        facts.append((words.keywords, "；".join(metadata.keywords)))
    facts += [(catalogue_label(key, metadata.lang), value) for key, value in metadata.catalogue.items()]
    if metadata.source_file:
        facts.append((words.source, metadata.source_file))
    if metadata.source_format:
        facts.append((words.source_format, metadata.source_format))
    if metadata.pages_seen and metadata.pages_total:
        facts.append((words.pages, f"{metadata.pages_seen} / {metadata.pages_total}"))
    if metadata.date:
        facts.append((words.edition_date, metadata.date))
    return facts


def creator(metadata: Metadata) -> str:
    """Who wrote the document, as the editions' metadata name it (EPUB
    dc:creator, DOCX dc:creator): its author, or 未署名 where the source names none."""
    return metadata.author or labels(metadata.lang).unsigned


def convert_document(document: Document, lang: str) -> Document:
    """The same document in another edition's script (`lang` zh-Hant: Taiwan's
    standard, tagged zh-Hant-TW)."""
    if not is_traditional(lang):
        raise ValueError(f"no conversion to {lang}: the cleaned source is already simplified")
    converted = copy.deepcopy(document)
    meta = converted.metadata
    meta.lang = TRADITIONAL_TAG if lang == TRADITIONAL else lang
    for key in ("title", "subtitle", "author", "affiliation"):
        if value := getattr(meta, key):
            setattr(meta, key, to_traditional(value))
    meta.keywords = [to_traditional(k) for k in meta.keywords]
    meta.catalogue = {key: to_traditional(value) for key, value in meta.catalogue.items()}
    for block in converted.blocks():
        block.text = to_traditional(block.text)
    return converted
