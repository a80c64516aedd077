"""The mojibake repair's evaluation gate: strip_reading_notes then
repair_mojibake, run on the fixed corpus of tests/mojibake_corpus.py, must
hold the limits pinned per density in tests/mojibake_gate_baseline.json.
A change that restores fewer spans, repairs more wrongly, gets more
characters wrong or leaves more garbage unflagged fails here, with the
numbers and the first failing spans. A change that does better should
raise the limits: `.venv/bin/python tests/mojibake_corpus.py --pin`."""
import json

import pytest
from mojibake_corpus import BASELINE, corpus, measure, pinned_paragraphs

LIMITS = json.loads(BASELINE.read_text(encoding="utf-8"))["limits"]
SHOWN_FAILURES = 5


@pytest.fixture(scope="module")
def baseline():
    return json.loads(BASELINE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def scores(baseline):
    return measure(corpus(pinned_paragraphs(baseline["paragraphs"])))


def test_the_corpus_is_the_one_the_limits_were_measured_on(scores, baseline):
    assert scores.fingerprint == baseline["fingerprint"], (
        "the corpus changed (tests/mojibake_corpus.py, or a table it reads: the word list, pypinyin): "
        "its numbers do not compare with the pinned ones; re-pin with "
        "`.venv/bin/python tests/mojibake_corpus.py --pin` (--allow-worse if a limit must loosen)")


# measure -> (the tally's count, whether a larger count is better, which outcomes to show)
MEASURES = {
    "spans restored at least": (lambda t: t.restored, True, lambda o: True),
    "wrong repairs at most": (lambda t: t.wrong, False, lambda o: o.wrong),
    "characters wrong at most": (lambda t: t.characters_wrong, False, lambda o: True),
    "unflagged garbage at most": (lambda t: t.unflagged, False, lambda o: o.unflagged),
}


@pytest.mark.parametrize("measure_name", MEASURES)
@pytest.mark.parametrize("density", LIMITS)
def test_the_repair_holds_its_limit(scores, baseline, density, measure_name):
    count, larger_is_better, shown = MEASURES[measure_name]
    tally = scores.overall[int(density)]
    limits = baseline["limits"][density]
    value, limit = count(tally), limits[measure_name]
    failing = "\n".join(o.describe() for o in [o for o in tally.failures if shown(o)][:SHOWN_FAILURES])
    numbers = (f"a span every {density} characters: {measure_name.rsplit(' ', 2)[0]} {value} "
               f"({limits['spans']} spans, {limits['characters']} characters), limit {limit}")
    assert (value >= limit if larger_is_better else value <= limit), f"{numbers}\nfirst failing:\n{failing}"
