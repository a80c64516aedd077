"""Each edition, read back the way a reader's software would, carries the report."""
import re
import zipfile

import docx
import pypdf

from conftest import SLUG

TITLE = "2026年跨境电商平台发展行业报告"
OPENING = "2026年跨境电商平台的发展正处于全球经济格局重塑与数字化转型深度交织的关键节点。"


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_opening_sentence_is_the_first_sections_first(seed_document):
    assert seed_document.chapters[0].sections[0].blocks[0].text.startswith(OPENING)


def test_pdf_carries_title_and_opening(editions):
    reader = pypdf.PdfReader(editions / f"{SLUG}.pdf")
    text = _squeeze("".join(page.extract_text() for page in reader.pages))
    assert TITLE in text
    assert OPENING in text
    assert reader.metadata.title == TITLE


def test_pdf_has_a_bookmark_for_every_chapter_and_section(editions):
    reader = pypdf.PdfReader(editions / f"{SLUG}.pdf")

    def count(items):
        return sum(count(i) if isinstance(i, list) else 1 for i in items)
    assert count(reader.outline) == 11 + 44


def test_docx_carries_title_and_opening(editions):
    document = docx.Document(str(editions / f"{SLUG}.docx"))
    text = _squeeze("".join(p.text for p in document.paragraphs))
    assert TITLE in text
    assert OPENING in text
    assert document.core_properties.title == TITLE
    assert document.core_properties.language == "zh-CN"


def test_epub_carries_title_and_opening(editions):
    with zipfile.ZipFile(editions / f"{SLUG}.epub") as epub:
        xhtml = "".join(epub.read(n).decode() for n in epub.namelist() if n.endswith(".xhtml"))
        opf = epub.read("EPUB/content.opf").decode()
        css = epub.read("EPUB/styles/stylesheet1.css").decode()
    text = _squeeze(re.sub(r"<[^>]+>", "", xhtml))
    assert TITLE in text
    assert OPENING in text
    assert "<dc:language>zh-CN</dc:language>" in opf
    assert "urn:uuid:" in opf
    assert "Noto Serif CJK SC" in css  # the project's stylesheet, not pandoc's default


def test_epub_navigation_lists_every_heading(editions):
    with zipfile.ZipFile(editions / f"{SLUG}.epub") as epub:
        nav = epub.read("EPUB/nav.xhtml").decode()
    assert "11.4 结语" in nav and "十一、结论与展望" in nav
    assert nav.count("<li") >= 11 + 44
