"""A long text is cleaned in sections side by side (pipeline/clean/sections.py):
the result must be the whole text's, change for change, whatever the number
of processes. Sections are made small here so that short texts are cut in
many places, through every kind of damage the tests generate."""
import pytest
from damage import damage, intact_paragraphs
from mojibake_corpus import corpus
from mojibake_corpus import seed_paragraphs as gate_paragraphs

from pipeline import limits
from pipeline.clean import clean, sections


@pytest.fixture(scope="module")
def mixed_text(seed_text, seed_document):
    """The seed, a scrape damaged as tests/damage.py does, and the gate's
    densest damage (a span every 30 characters), one after another."""
    dense = [text.damaged for text in corpus(gate_paragraphs()) if text.density == 30][:4]
    damaged = damage("\n".join(intact_paragraphs(seed_document)[:40]), seed=7, span_every=40).text
    return "\n".join([seed_text, damaged, *dense])


def _whole(text, monkeypatch):
    monkeypatch.setattr(sections, "SECTION_CHARS", len(text) + 1)
    return clean(text)


def test_sections_clean_as_the_whole_text_does(mixed_text, monkeypatch):
    # The mojibake search's budget is a section's, not the whole text's: set
    # out of reach here, so that only the cutting is compared.
    monkeypatch.setattr(limits, "MOJIBAKE_STATES_PER_TEXT", 10**12)
    whole, whole_changes = _whole(mixed_text, monkeypatch)
    monkeypatch.setattr(sections, "SECTION_CHARS", 2_000)
    assert len(sections.section_bounds(mixed_text)) >= 3
    for jobs in (1, 2):
        cut, cut_changes = clean(mixed_text, jobs=jobs)
        assert cut == whole
        assert cut_changes == whole_changes


def test_sections_end_at_line_breaks_and_cover_the_text(monkeypatch):
    monkeypatch.setattr(sections, "SECTION_CHARS", 100)
    text = "".join(f"第{n}行的文字，长短不一{'。' * (n % 17)}\n" for n in range(200))
    bounds = sections.section_bounds(text)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(end == start for (_, end), (start, _) in zip(bounds, bounds[1:]))
    assert all(text[end - 1] == "\n" for _, end in bounds[:-1])
    longest_line = max(map(len, text.splitlines(keepends=True)))
    *lengths, last = [end - start for start, end in bounds]
    assert max(lengths) <= 100 + longest_line and last <= 150 + longest_line
    assert sections.section_bounds("一行" * 500) == [(0, 1000)]  # no line break: one section
