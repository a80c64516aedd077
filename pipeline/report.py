"""The cleaning report: everything the pipeline did to one document, for one read.

build/<slug>.report.json and .report.html, in Chinese for the editors who
read it: a one-line summary; damage left unresolved (first, in red) and
characters shown as missing, each with a ready-to-paste correction for the
edits file; every mojibake repair in context, those inside a copy the
structure stage dropped apart from the text's; samples and oddities of the
script, punctuation and reading-note changes (counted, not listed: a big
scrape has millions); every block of site furniture removed; the title and
front matter read from the text; headings whose ends are guesses; duplicate
copies dropped with their differences; parts the scrape lacks; the editor's
corrections; counts per rule.

Everything is placed where the editor finds it: the heading and paragraph of
the cleaned source (places.Locator), the input offset kept beside it.
"""
from __future__ import annotations

import collections
import itertools
import json
import operator
import re
from functools import cache

import jinja2

from . import report_labels as labels
from .chars import HAN, MISSING
from .clean.script import converter
from .clean.wordlist import frequency
from .model import Change, Document, Paragraph
from .paths import TEMPLATES
from .places import DROPPED, IN, CleanedOffsets, Locator, Place
from .proposals import PLACEHOLDER, Flag, Proposals, edits_file

CONTEXT = 12  # characters of input shown either side of a repair
SAMPLE_CONTEXT = 10  # characters of the cleaned text shown either side of a sample
TOP = 10  # the most frequent conversions, notes and marks shown
SHOWN = 12  # samples and oddities of a kind shown at the most (all are counted)
LOOKED_AT = 50  # changes of a kind looked at for samples in the text, at the most
# A conversion whose result the word list all but never sees, alone or in a
# word with its neighbours, is worth a look (the word list's counts: 值 5,361;
# 阈 96 alone, 阈值 14; 浏 46 alone, 浏览 1,469).
RARE_CHARACTER = 100
WORD_SEEN = 10
_get = operator.itemgetter


def _context(text: str, change: Change) -> dict:
    start, end = change.input_start, change.input_end
    return {"offset": start, "before_context": text[max(0, start - CONTEXT):start],
            "before": change.before, "after": change.after, "after_context": text[end:end + CONTEXT],
            "note": change.note}


def _where(place: Place, offset: int | None = None) -> dict:
    """A place as the report gives it: the label an editor reads, and its parts."""
    block = place.block
    where = {"label": labels.place_label(place), "relation": place.relation,
             "section": block.section if block else None, "paragraph": block.number if block else None,
             "line": block.line if block else None}
    if offset is not None:
        where["offset"] = offset
    return where


class _Reporter:
    """What the report needs of one document, found once."""

    def __init__(self, text: str, changes: list[Change], document: Document, cleaned: str, markdown: str):
        self.text, self.changes, self.document, self.cleaned = text, changes, document, cleaned
        # The stages log each rule's changes together: grouped and counted by
        # the run, not by the change (a 20 MB scrape has millions).
        self.by_rule: dict[str, list[Change]] = collections.defaultdict(list)
        self.counts: collections.Counter = collections.Counter()
        self.edits: list[Change] = []  # the editor's corrections, in order
        clean_rules: list[str] = []
        position, structure_from = 0, len(changes)
        for rule, run in itertools.groupby(changes, _get(1)):
            run = list(run)
            if run[0].stage == run[-1].stage:
                self.counts[(run[0].stage, rule)] += len(run)
            else:
                self.counts.update(map(_get(0, 1), run))
            if run[-1].stage == "clean":
                clean_rules.append(rule)
            elif run[0].stage == "structure":
                structure_from = min(structure_from, position)
            if "edit" in (run[0].stage, run[-1].stage):
                self.edits += [c for c in run if c.stage == "edit"]
            self.by_rule[rule] += run
            position += len(run)
        # Only the changes that alter the text's length move an offset.
        self.offsets = CleanedOffsets([c for rule in dict.fromkeys(clean_rules)
                                       for c in self._may_move(self.by_rule[rule]) if c.stage == "clean"])
        structure = [c for c in changes[structure_from:] if c.stage == "structure"]
        self.locator = Locator(document, cleaned, structure, markdown)

    @staticmethod
    def _may_move(changes: list[Change]) -> list[Change]:
        """The changes, or none where every one keeps its length (script and
        punctuation changes, by the hundred thousand: checked in C)."""
        if list(map(len, map(_get(4), changes))) == list(map(len, map(_get(5), changes))):
            return []
        return changes

    def span(self, change: Change) -> tuple[int, int]:
        return self.offsets.span(change)

    def place(self, change: Change) -> Place:
        start, end = self.span(change)
        return self.locator.place(start, end if end > start else None)

    def settled(self, place: Place, start: int, end: int) -> bool:
        """Whether the editor's corrections settled the flagged [start, end):
        the paragraph it was in no longer holds it."""
        return place.relation == IN and place.block.kind == "paragraph" and \
            self.locator.in_block(place, start, end) is None

    def around(self, start: int, end: int) -> tuple[str, str]:
        """The cleaned text either side of [start, end), on its line."""
        return (self.cleaned[max(0, start - SAMPLE_CONTEXT):start].rpartition("\n")[2],
                self.cleaned[end:end + SAMPLE_CONTEXT].partition("\n")[0])

    def cleaned_context(self, start: int, end: int) -> dict:
        """[start, end) of the cleaned text with the text either side, as an editor sees it."""
        before, after = self.around(start, end)
        return {"cleaned_before": before, "cleaned": self.cleaned[start:end], "cleaned_after": after}

    def sample(self, change: Change) -> dict:
        """A clean change in the cleaned text's context, with its place."""
        start, end = self.span(change)
        place = self.locator.place(start, end if end > start else None)
        before, after = self.around(start, end)
        return {"before_context": before, "before": change.before, "after": self.cleaned[start:end],
                "after_context": after, "where": _where(place, change.input_start)}


def build_report(source_name: str, sha256: str, text: str, changes: list[Change], document: Document,
                 unresolved_places: dict[int, str], cleaned: str, markdown: str = "") -> dict:
    """The report on `document`, made of `text` (the clean stage's input) by
    `changes`; `cleaned` is the clean stage's output, `markdown` the cleaned
    source written (for line numbers)."""
    reporter = _Reporter(text, changes, document, cleaned, markdown)
    by_rule = reporter.by_rule
    counts = reporter.counts
    unresolved_rules = sorted(rule for rule in by_rule if rule.endswith("-unresolved"))
    unresolved = _unresolved(reporter, [c for rule in unresolved_rules for c in by_rule[rule]], unresolved_places)
    missing = _missing(reporter, by_rule["mojibake"] + by_rule["undecodable"])
    proposals = _propose(reporter, unresolved, missing)
    repairs = _repairs(reporter, by_rule["mojibake"])
    furniture = _furniture_blocks(reporter, by_rule["furniture"])
    samples = {"script": _script(reporter, by_rule["script"]),
               "punctuation": _punctuation(reporter, by_rule["punctuation"]),
               "reading_notes": _reading_notes(reporter, by_rule["pinyin-notes"])}
    checks = _checks(reporter, {item["cleaned"] for item in unresolved if item["cleaned"]})
    in_copies = collections.Counter(r["dropped_copy"] for r in repairs)
    duplicates = [{"text": c.before, "note": c.note, "where": _where(reporter.locator.place(c.end, before=True)),
                   "repairs": in_copies[index]} for index, c in enumerate(by_rule["duplicates"])]
    corrections = [{"rule": c.rule, "before": c.before, "after": c.after, "note": c.note} for c in reporter.edits]
    figures = {
        "repairs": sum(r["dropped_copy"] is None for r in repairs),
        "repairs_in_dropped_copies": sum(r["dropped_copy"] is not None for r in repairs),
        "unresolved": sum(not (u["in_dropped_copy"] or u["settled"]) for u in unresolved),
        "unresolved_in_dropped_copies": sum(u["in_dropped_copy"] for u in unresolved),
        "missing": sum(not (m["where"]["relation"] == DROPPED or m["settled"]) for m in missing),
        "settled": sum(item["settled"] for item in unresolved + missing),
        "furniture": len(furniture), "script": samples["script"]["characters"],
        "punctuation": samples["punctuation"]["count"], "reading_notes": samples["reading_notes"]["count"],
        "dropped_copies": len(duplicates), "absent": len(by_rule["absent"]), "truncated": bool(by_rule["truncation"]),
        "corrections": sum(c["rule"] != "metadata" for c in corrections),
        "oddities": len(checks) + samples["script"]["rare_count"] + samples["punctuation"]["between_western"],
    }
    return {
        "source": source_name, "sha256": sha256, "title": document.metadata.title,
        "summary": labels.summary(figures), "figures": figures,
        "counts": dict(sorted((f"{stage}/{rule}", count) for (stage, rule), count in counts.items())),
        "unresolved": unresolved,
        "missing_characters": missing,
        "proposals": proposals, "edits_yaml": edits_file(proposals),
        "mojibake": repairs,
        "furniture": furniture,
        "samples": samples,
        "checks": checks,
        "artefacts": [_context(text, c) | {"where": _where(reporter.place(c))} for c in by_rule["artefacts"]],
        "duplicates": duplicates,
        "outline": [c.note for c in by_rule["outline"]],
        "heading_guesses": [c.note for c in by_rule["heading-guess"]],
        "front_matter": [{"text": c.before, "note": c.note} for rule in ("title", "subtitle", "front-matter", "abstract")
                         for c in by_rule[rule] if c.stage == "structure" and c.before],
        "absent": [c.note.split(":")[0] for c in by_rule["absent"]],
        "truncation": [c.note for c in by_rule["truncation"]],
        "corrections": corrections,
    }


# ---- what an editor must settle --------------------------------------------------------------

def _unresolved(reporter: _Reporter, changes: list[Change], unresolved_places: dict[int, str]) -> list[dict]:
    items = []
    for change in sorted(changes, key=operator.attrgetter("input_start")):
        start, end = reporter.span(change)
        place = reporter.locator.place(start, end)
        readings = [converter("t2s").convert(r) for r in labels.readings(change.note)]
        items.append(_context(reporter.text, change) | reporter.cleaned_context(start, end) | {
            "place": unresolved_places.get(change.input_start), "where": _where(place, change.input_start),
            "span": [start, end], "readings": readings, "in_dropped_copy": place.relation == DROPPED,
            "settled": reporter.settled(place, start, end)})
    return items


def _missing(reporter: _Reporter, changes: list[Change]) -> list[dict]:
    """Characters the clean stage shows as missing (□), each with the guess the repair would have made."""
    items = []
    for change in changes:
        if MISSING not in change.after:
            continue
        start, end = reporter.span(change)
        guess = converter("t2s").convert(labels.guess(change.note))
        at = reporter.cleaned.find(MISSING, start, end)
        while at >= 0:
            place = reporter.locator.place(at, at + 1)
            items.append(_context(reporter.text, change) | reporter.cleaned_context(at, at + 1) | {
                "where": _where(place, change.input_start), "span": [at, at + 1], "guess": guess,
                "settled": reporter.settled(place, at, at + 1)})
            at = reporter.cleaned.find(MISSING, at + 1, end)
    return items


def _propose(reporter: _Reporter, unresolved: list[dict], missing: list[dict]) -> list[dict]:
    """A correction for each flagged item in the author's paragraphs; each item gets its proposal's number."""
    items = unresolved + missing
    flags = []
    for item in items:
        start, end = item["span"]
        if "guess" in item:
            replacement = item["guess"] or PLACEHOLDER
            guessed = f"，词表推测为「{item['guess']}」" if item["guess"] else ""
            why = f"清理报告：缺字（□）{guessed}，请按原文核对"
        else:
            replacement = item["readings"][0] if item["readings"] else PLACEHOLDER
            why = f"清理报告：{labels.reason(item['note']).split('；')[0]}，请按原文核对"
        flags.append(Flag(start, end, reporter.locator.place(start, end), replacement, why))
    proposals, chosen = Proposals(reporter.document, reporter.locator).propose(flags)
    for item, number in zip(items, chosen):
        item["proposal"] = number
    for proposal, flag_numbers in zip(proposals, _grouped(chosen)):
        proposal["where"] = items[flag_numbers[0]]["where"]["label"]
    return proposals


def _grouped(chosen: list[int | None]) -> list[list[int]]:
    """For each proposal, the flags it settles."""
    groups: dict[int, list[int]] = collections.defaultdict(list)
    for flag, number in enumerate(chosen):
        if number is not None:
            groups[number].append(flag)
    return [groups[number] for number in sorted(groups)]


# ---- repairs, furniture ----------------------------------------------------------------------

def _repairs(reporter: _Reporter, changes: list[Change]) -> list[dict]:
    """Every mojibake repair: in the text, or inside a copy the structure stage
    dropped (numbered as the report's duplicates are), a repair there paired
    with the same repair in the kept text after it, where there is one."""
    duplicates = {id(c): index for index, c in enumerate(reporter.by_rule["duplicates"])}
    items = []
    for change in changes:
        start, end = reporter.span(change)
        place = reporter.locator.place(start, end if end > start else None)
        dropped = duplicates.get(id(place.removal)) if place.relation == DROPPED else None
        items.append(_context(reporter.text, change) | reporter.cleaned_context(start, end) | {
            "where": _where(place, change.input_start), "dropped_copy": dropped,
            "twin": None, "twins_in_dropped_copies": 0, "_start": start})
    kept: dict[tuple[str, str], list[dict]] = collections.defaultdict(list)
    for index, item in enumerate(items):
        if item["dropped_copy"] is None:
            kept[(item["before"], item["after"])].append(index)
    for item in items:
        if item["dropped_copy"] is None:
            continue
        copy_end = reporter.by_rule["duplicates"][item["dropped_copy"]].end
        twins = kept.get((item["before"], item["after"]), [])
        twin = next((index for index in twins if items[index]["_start"] >= copy_end and
                     items[index]["twins_in_dropped_copies"] == 0), None)
        if twin is not None:
            item["twin"] = twin
            items[twin]["twins_in_dropped_copies"] += 1
    for item in items:
        del item["_start"]
    return items


def _furniture_blocks(reporter: _Reporter, changes: list[Change]) -> list[dict]:
    """Removed site furniture, adjacent removals joined into one block, placed where it was."""
    text = reporter.text
    blocks: list[dict] = []
    for change in sorted(changes, key=lambda c: c.input_start):
        if blocks and not text[blocks[-1]["end"]:change.input_start].strip():
            blocks[-1]["end"] = change.input_end
            blocks[-1]["notes"].append(change.note)
        else:
            blocks.append({"offset": change.input_start, "end": change.input_end, "notes": [change.note],
                           "_change": change})
    for block in blocks:
        block["text"] = text[block["offset"]:block["end"]].strip()
        block["kinds"] = list(dict.fromkeys(block.pop("notes")))
        block["where"] = _where(reporter.place(block.pop("_change")), block["offset"])
    return [b for b in blocks if b["text"]]


# ---- samples and oddities of the changes made by the thousand ---------------------------------

class _Keys:
    """A key of each change (in order; shared strings, or tuples of them):
    counted in C, and where one is first or last met found on demand, in C."""

    def __init__(self, keys: list):
        self.keys, self.counted = keys, collections.Counter(keys)
        self._reversed: list | None = None

    def first(self, key) -> int:
        return self.keys.index(key)

    def last(self, key) -> int:
        """Samples are taken where a key is last met: the contents list and dropped copies come first."""
        return next(self.from_end(key))

    def from_end(self, key):
        """Where the key is met, from the last time back."""
        if self._reversed is None:
            self._reversed = self.keys[::-1]
        at = -1
        while True:
            try:
                at = self._reversed.index(key, at + 1)
            except ValueError:
                return
            yield len(self.keys) - 1 - at


def _script(reporter: _Reporter, changes: list[Change]) -> dict:
    """Traditional -> simplified: counted by character, the most frequent
    shown, a few in context; conversions made once, and results the word
    list all but never sees, picked out."""
    runs = _Keys(list(zip(map(_get(4), changes), map(_get(5), changes))))
    characters: collections.Counter = collections.Counter()
    run_of: dict[tuple[str, str], tuple[str, str]] = {}  # a character's conversion -> a run that holds it
    for run, count in runs.counted.items():  # a scrape's runs are a few thousand distinct ones
        for pair in zip(*run):
            characters[pair] += count
            run_of.setdefault(pair, run)
    notes = collections.Counter(map(_get(6), changes))
    phrase_notes = {note for note in notes if "phrase" in note}
    phrases = collections.Counter(itertools.compress(runs.keys, map(phrase_notes.__contains__, map(_get(6), changes)))) \
        if phrase_notes else collections.Counter()

    in_context = _in_text((reporter.sample(changes[runs.last(run)]) for run, _ in runs.counted.most_common()
                           if len(run[0]) > 1), 5)
    once = [pair for pair, count in characters.items() if count == 1]
    rare = _in_text({"before": b, "after": a, "count": characters[(b, a)],
                     "sample": reporter.sample(changes[runs.last(run_of[(b, a)])])}
                    for b, a in characters if frequency(a) < RARE_CHARACTER)
    rare = [item for item in rare if _rare_result(item["sample"])]
    return {"count": len(changes), "characters": sum(characters.values()), "distinct": len(characters),
            "top": [{"before": b, "after": a, "count": n} for (b, a), n in characters.most_common(TOP)],
            "phrases": [{"before": b, "after": a, "count": n} for (b, a), n in phrases.most_common()],
            "in_context": in_context,
            "once": _in_text(({"pairs": [f"{b}→{a}" for b, a in pairs], "sample": reporter.sample(changes[runs.first(run)])}
                              for run, pairs in _by_run(once, run_of).items()), SHOWN),
            "once_count": len(once),
            "oddities": rare[:SHOWN], "rare_count": len(rare)}


def _by_run(pairs: list[tuple[str, str]], run_of: dict) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """Conversions of characters by the run that holds them (one sample shows them all)."""
    runs: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for pair in pairs:
        runs.setdefault(run_of[pair], []).append(pair)
    return runs


def _spread(keys: _Keys, count: int = 20) -> list[int]:
    """Where each distinct key is last met, most frequent first, then places
    spread over the changes from the end: samples of more than one key, and
    of one key in more than one place."""
    total = len(keys.keys)
    spread = [total - 1 - total * k // count for k in range(count)] if total else []
    return list(dict.fromkeys([keys.last(key) for key, _ in keys.counted.most_common()] + spread))


def _in_text(samples, most: int | None = None) -> list[dict]:
    """The samples that lie in the cleaned source (not in its dropped copies
    or the contents list), the first `most` of them."""
    return list(itertools.islice((s for s in samples if (s.get("sample") or s)["where"]["relation"] == IN), most))


def _rare_result(sample: dict) -> bool:
    """Whether the word list all but never sees a conversion's result (its
    last character, in the sample's context) in a word with the characters
    around it."""
    result = sample["after"][-1:]
    if not re.match(f"[{HAN}]", result):
        return False
    window = sample["before_context"][-3:] + sample["after"] + sample["after_context"][:3]
    at = len(window) - len(sample["after_context"][:3]) - 1  # the result's place in the window
    return not any(frequency(window[left:right]) >= WORD_SEEN
                   for left in range(max(0, at - 3), at + 1) for right in range(at + 1, min(len(window), at + 4) + 1)
                   if 2 <= right - left <= 4)


_FULL_WIDTH = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
# A mark made full-width beside a Latin letter or digit is shown (`AI）技术`,
# `因此，2026年`: mostly right); between two (`1，000`, `3：00`, `Know，how`;
# a bracket aside: `DTC（Direct`) it may well have been right half-width.
_MARK_BESIDE_WESTERN = re.compile("(?<=[A-Za-z0-9])[，：；！？（）]|[，：；！？（）](?=[A-Za-z0-9])")
_WESTERN = re.compile("[A-Za-z0-9]")


def _punctuation(reporter: _Reporter, changes: list[Change]) -> dict:
    """Half-width marks made full-width: counted by mark, a few in context;
    those made full-width beside Latin letters or digits shown, and those
    between two picked out."""
    pairs = _Keys(list(zip(map(_get(4), changes), map(_get(5), changes))))
    changed = set(map(_get(7), changes))  # input offsets, in C
    beside, between = [], []
    for match in _MARK_BESIDE_WESTERN.finditer(reporter.cleaned):
        start, end = match.span()
        offset = reporter.offsets.inverse(start)
        if offset not in changed or _FULL_WIDTH.get(reporter.text[offset:offset + 1]) != match.group():
            continue
        before, after = reporter.around(start, end)
        sample = {"before_context": before, "before": reporter.text[offset], "after": match.group(),
                  "after_context": after}
        enclosed = _WESTERN.match(reporter.cleaned, start - 1) and _WESTERN.match(reporter.cleaned, end) \
            and match.group() not in "（）"
        (between if enclosed else beside).append(sample | {"at": (start, end, offset)})
    for samples in (beside, between):
        samples[:] = _in_text(sample | {"where": _where(reporter.locator.place(at[0], at[1]), at[2])}
                              for sample in samples for at in [sample.pop("at")])
    return {"count": len(changes),
            "top": [{"before": b, "after": a, "count": n} for (b, a), n in pairs.counted.most_common(TOP)],
            "in_context": _in_text((reporter.sample(changes[at]) for at in _spread(pairs)), 5),
            "beside_western": len(beside), "beside": beside[:SHOWN],
            "between_western": len(between), "oddities": [{"sample": sample} for sample in between[:SHOWN]]}


def _reading_notes(reporter: _Reporter, changes: list[Change]) -> dict:
    """Reading notes removed: counted by kind and by note, a few in context,
    of every kind."""
    notes = _Keys(list(map(_get(4), changes)))
    kinds = _Keys(list(map(_get(6), changes)))
    by_kind = []
    for kind, count in kinds.counted.most_common():
        # From the end (the contents list and dropped copies come first), a few looked at.
        at = kinds.last(kind)
        candidates = itertools.islice((c for c in reversed(changes[:at + 1]) if c.note == kind), LOOKED_AT)
        by_kind.append({"note": kind, "count": count, "samples": _in_text(map(reporter.sample, candidates), 3)[::-1]})
    return {"count": len(changes), "kinds": by_kind,
            "top": [{"note": note, "count": n, "sample": next(iter(
                _in_text(map(reporter.sample, map(changes.__getitem__, itertools.islice(notes.from_end(note), LOOKED_AT))),
                         1)), reporter.sample(changes[notes.last(note)]))}
                    for note, n in notes.counted.most_common(TOP)]}


# Marks that come in pairs, each opening -> its closing.
PAIRS = {"（": "）", "“": "”", "‘": "’", "《": "》", "【": "】", "「": "」", "『": "』"}
MAX_CHECKS = 50  # paragraphs listed at the most
_HALF_WIDTH_BRACKET = re.compile(f"(?<=[{HAN}])[()]|[()](?=[{HAN}])")


def _checks(reporter: _Reporter, flagged: set[str]) -> list[dict]:
    """Paragraphs of the cleaned source whose brackets or quotes do not pair,
    or that keep a half-width bracket beside a Chinese character (not one in
    damage flagged and left as it is: `flagged`, its texts)."""
    found = []
    for block, place in zip(reporter.locator.blocks, reporter.locator.places):
        if not isinstance(block, Paragraph):
            continue
        text = block.text
        unpaired = [f"{opening}{closing}" for opening, closing in PAIRS.items()
                    if text.count(opening) != text.count(closing)]
        half = next((m for m in _HALF_WIDTH_BRACKET.finditer(text) if not _inside(text, m.start(), flagged)), None)
        if not (unpaired or half):
            continue
        at = half.start() if half and not unpaired else _first_unpaired(text, unpaired)
        found.append({"kind": "unpaired" if unpaired else "half-width-bracket", "marks": unpaired,
                      "before_context": text[max(0, at - SAMPLE_CONTEXT):at], "at": text[at:at + 1],
                      "after_context": text[at + 1:at + 1 + SAMPLE_CONTEXT],
                      "where": _where(Place(IN, place))})
        if len(found) >= MAX_CHECKS:
            break
    return found


def _inside(text: str, at: int, stretches: set[str]) -> bool:
    """Whether text[at] lies in one of the stretches where it occurs in the text."""
    for stretch in stretches:
        start = text.find(stretch, max(0, at - len(stretch) + 1))
        if 0 <= start <= at < start + len(stretch):
            return True
    return False


def _first_unpaired(text: str, unpaired: list[str]) -> int:
    """Where the first unpaired mark of a paragraph is (a closing one with no
    opening before it, else the last opening one left open)."""
    best = len(text) - 1
    for opening, closing in unpaired:
        open_at = []
        for at, char in enumerate(text):
            if char == opening:
                open_at.append(at)
            elif char == closing:
                if open_at:
                    open_at.pop()
                else:
                    best = min(best, at)
                    break
        else:
            if open_at:
                best = min(best, open_at[0])
    return max(0, best)


def report_json(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False, indent=1) + "\n"


@cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                                     undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    environment.filters["number"] = labels.number
    environment.filters["reason"] = labels.reason
    environment.filters["cause"] = labels.cause
    environment.filters["rule"] = labels.rule
    return environment.get_template("cleaning-report.html.j2")


def report_html(report: dict) -> str:
    # The repairs inside each dropped copy, found in one pass (a big scrape drops copies by the thousand).
    in_copies: dict[int, list[dict]] = collections.defaultdict(list)
    for item in report["mojibake"]:
        if item["dropped_copy"] is not None:
            in_copies[item["dropped_copy"]].append(item)
    return _template().render(report=report, labels=labels, repairs_by_copy=in_copies)
