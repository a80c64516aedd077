"""Scrapes in the shapes real ones come in (tests/shapes.py): each gives its
expected cleaned source (tests/fixtures/<shape>.md, read by a human) and
the truth it was made from: its title, front matter, outline (levels and
text), every paragraph in order and where it starts, no site text left."""
import random
import re

import pytest
from shapes import FIXTURES, LAYOUTS

from pipeline.build import make_source
from pipeline.model import Abstract, EditorialNote, Heading, Paragraph
from pipeline.notes import CUT_OFF
from pipeline.seed import load_seed
from pipeline.source import read_source


@pytest.fixture(scope="module")
def seed_paragraphs(seed_document):
    from damage import intact_paragraphs

    return intact_paragraphs(seed_document)


@pytest.fixture(scope="module")
def built():
    return {name: make_source(load_seed(FIXTURES / f"{name}.txt")) for name in LAYOUTS}


@pytest.mark.parametrize("name", LAYOUTS)
def test_the_fixture_is_what_its_layout_makes(name, seed_paragraphs):
    truth_of, layout = LAYOUTS[name]
    made = layout(truth_of(seed_paragraphs), random.Random(list(LAYOUTS).index(name)))
    assert (FIXTURES / f"{name}.txt").read_text(encoding="utf-8") == made


@pytest.mark.parametrize("name", LAYOUTS)
def test_the_cleaned_source_is_the_expected_one(name, built):
    assert built[name].markdown == (FIXTURES / f"{name}.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", LAYOUTS)
def test_title_front_matter_outline_and_text_are_the_documents(name, built, seed_paragraphs):
    truth = LAYOUTS[name][0](seed_paragraphs)
    document = read_source(built[name].markdown)
    meta = document.metadata
    assert meta.title == truth.title
    assert (meta.author, meta.affiliation, meta.keywords) == (truth.author, truth.affiliation, truth.keywords)
    assert meta.catalogue == truth.catalogue
    assert [b.text for b in document.front if isinstance(b, Abstract)] == truth.abstract
    assert [(b.level, b.text) for b in document.body if isinstance(b, Heading)] == truth.headings()
    paragraphs = [b.text for b in document.body if isinstance(b, Paragraph)]
    if name == "renrendoc-glued":
        # One line with no breaks: every character in order, paragraphs re-split at sentence ends.
        assert "".join(paragraphs) == "".join(truth.paragraphs())
        assert all(p.endswith("。") for p in paragraphs)
    else:
        assert paragraphs == truth.paragraphs()  # every character, and a paragraph start where the source had one
    notes = [b for b in document.body if isinstance(b, EditorialNote)]
    assert [n.text for n in notes] == ([CUT_OFF] if truth.cut else [])


@pytest.mark.parametrize("name", LAYOUTS)
def test_no_site_text_is_left(name, built, seed_paragraphs):
    truth = LAYOUTS[name][0](seed_paragraphs)
    body = built[name].markdown.split("\n---\n", 1)[1]
    for site_text in truth.site_text:
        assert site_text not in body, site_text
    furniture = [c for c in built[name].changes if c.rule == "furniture"]
    assert all(re.search(r"site furniture \(.+: .+\)", c.note) for c in furniture)  # each with its profile or detector
