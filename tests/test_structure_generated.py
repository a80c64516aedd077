"""Structure on scrapes it has never seen: the seed's own chapters, laid out
and damaged anew, with a different chapter doubled, the cut elsewhere, or no
contents list."""
import pytest
from damage import Outline, damage, seed_outline

from pipeline.clean import clean
from pipeline.model import EditorialNote, Metadata, Paragraph
from pipeline.structure import build_document


@pytest.fixture(scope="module")
def outline(seed_document):
    """Chapters 1-4 of the seed (the ones with text), as clean prose."""
    chapters = seed_outline(seed_document, slice(4)).chapters
    return Outline([(heading, [s for s in sections if s[2].endswith("。")]) for heading, sections in chapters])


def _structure(scrape_text):
    cleaned, _ = clean(scrape_text)
    return build_document(cleaned.text, Metadata(title=None, pages_seen=3, pages_total=40, source_file="x.txt"))


def _sections(document):
    return {s.heading.text.split()[0]: s for c in document.outline().children for s in c.children}


def _text(section):
    return "".join(b.text for b in section.blocks if isinstance(b, Paragraph))


def test_a_different_chapter_doubled_keeps_the_revision(outline):
    draft, revised = "极大的提升了", "极大地提升了"
    body = outline.body(doubled=0, revision=(draft, revised))
    assert any(revised in s[2] for s in outline.chapters[0][1])
    document, changes = _structure(damage(body, seed=7, contents=outline.contents()).text)
    assert [c.heading.text for c in document.outline().children] == [c[0] for c in outline.chapters]
    sections = _sections(document)
    assert list(sections) == [s[0] for c in outline.chapters for s in c[1]]
    chapter_one = "".join(_text(s) for s in document.outline().children[0].children)
    assert revised in chapter_one and draft not in chapter_one
    dropped = [c for c in changes if c.rule == "duplicates"]
    assert len(dropped) == 1 and "极大[-的+地]提升了" in dropped[0].note  # the whole first copy of chapter 1


def test_the_cut_elsewhere_is_marked_and_what_follows_is_absent(outline):
    body = outline.body(cut=0.45)
    document, changes = _structure(damage(body, seed=8, contents=outline.contents()).text)
    sections = list(_sections(document).values())
    cut_at = next(i for i, s in enumerate(sections) if s.blocks and isinstance(s.blocks[-1], EditorialNote)
                  and any(isinstance(b, Paragraph) for b in s.blocks))
    assert [type(b) for b in sections[cut_at].blocks][-1] is EditorialNote
    assert all(isinstance(b, Paragraph) for s in sections[:cut_at] for b in s.blocks)
    assert all([type(b) for b in s.blocks] == [EditorialNote] for s in sections[cut_at + 1:])
    assert len(sections) == sum(len(c[1]) for c in outline.chapters)  # the whole outline, even past the cut
    assert sum(c.rule == "truncation" for c in changes) == 1
    first_absent, last = sections[cut_at + 1].heading.text.split()[0], sections[-1].heading.text.split()[0]
    assert f"{first_absent} 至 {last}" in document.front[0].text


def test_without_contents_the_outline_comes_from_the_numbered_headings(outline):
    document, changes = _structure(damage(outline.body(), seed=9).text)
    numbers = list(_sections(document))
    assert numbers == [s[0] for c in outline.chapters for s in c[1]]
    titles = {number: s.heading.text.split(" ", 1)[1] for number, s in _sections(document).items()}
    exact = sum(titles[number] == title for c in outline.chapters for number, title, _ in c[1])
    assert exact >= len(titles) - 2, titles
    assert any("found in the body by their numbering" in c.note for c in changes if c.rule == "outline")
