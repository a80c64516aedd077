"""The evaluation gate: the structure stage on generated corpora
(tests/corpus.py) must not fall below the floors pinned in
tests/eval_baseline.json. A change that makes titles, outlines, kept text,
paragraph starts or furniture removal worse fails here, with the numbers;
a change that makes them better should raise the floors."""
import json
from pathlib import Path

import pytest
from corpus import evaluate, generate
from damage import intact_paragraphs

BASELINE = Path(__file__).with_name("eval_baseline.json")


@pytest.fixture(scope="module")
def scores(seed_document):
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    paragraphs = intact_paragraphs(seed_document)
    return evaluate([generate(seed, paragraphs) for seed in range(baseline["documents"])])


@pytest.mark.parametrize("measure", json.loads(BASELINE.read_text(encoding="utf-8"))["floors"])
def test_the_structure_stage_holds_its_floor(scores, measure):
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    value = scores.ratios()[measure]
    floor = baseline["floors"][measure]
    if measure.endswith("per document"):  # a ceiling: less is better
        assert value <= floor, f"{measure}: {value:.4f} > {floor}; failures: {scores.failures[:10]}"
    else:
        assert value >= floor, f"{measure}: {value:.4f} < {floor}; failures: {scores.failures[:10]}"
