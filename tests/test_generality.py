"""The clean stage on scrapes it has never seen: real prose, damaged anew."""
import random

import pytest
from damage import damage, garbage, paragraphs_of
from rapidfuzz.distance import Levenshtein

from pipeline.chars import MISSING, squeeze
from pipeline.clean import clean


def _documents(seed_document) -> list[str]:
    """Three texts from the seed's cleaned chapters 1, 2 and 3-4, one paragraph a line."""
    documents = []
    for chapters in ([0], [1], [2, 3]):
        paragraphs = [p for i in chapters for p in paragraphs_of(seed_document, i)]
        documents.append("\n".join(p for p in paragraphs if MISSING not in p and p.endswith("。")))
    return documents


@pytest.mark.parametrize("index", [0, 1, 2])
def test_clean_recovers_a_damaged_document(seed_document, index):
    original = _documents(seed_document)[index]
    scrape = damage(original, seed=100 + index, span_every=200)
    assert scrape.spans >= 10
    result, _ = clean(scrape.text)
    distance = Levenshtein.distance(squeeze(result.text), squeeze(original))
    accuracy = 1 - distance / len(squeeze(original))
    assert accuracy >= 0.995, (accuracy, distance)
    assert (result.facts.titles, result.facts.pages_seen, result.facts.pages_total) == \
        ((("thumbnail", "跨境电商研究报告"),), 3, 40)


def test_the_damage_helper_reproduces_the_seeds_spans():
    # The seed shows 當(dāng)?shù)厥袌?chǎng)的 for 當地市場的: the helper gives the same
    # bytes, and loses the glyph of the common 數 but not of the rare 厥 and 袌.
    rng = random.Random(0)
    assert garbage("當", "地市場", "的", rng).startswith("?shù)厥袌")
    assert garbage("當", "地市場", "的", rng, lose_glyphs=False) == "數厥袌" + bytes.fromhex("f6b5").decode("gbk")
