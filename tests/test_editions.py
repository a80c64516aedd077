"""Each edition, read back the way a reader's software would, carries the report."""
import re
import shutil
import subprocess
import zipfile

import docx
import pdfplumber
import pypdf
import pytest
from docx.oxml.ns import qn
from conftest import ROOT, SLUG

from pipeline import check, notes, readback, typography
from pipeline.cli import main
from pipeline.render.epub import book_identifier
from pipeline.render.pdf import font_subsetter

TITLE = "2026年跨境电商平台发展行业报告"
OPENING = "2026年跨境电商平台的发展正处于全球经济格局重塑与数字化转型深度交织的关键节点。"
CLOSING = "，。、；：？！）」』”’》〉】…"
OPENING_MARKS = "（「『“‘《〈【"


def test_opening_sentence_is_the_first_sections_first(seed_document):
    assert seed_document.outline().children[0].children[0].blocks[0].text.startswith(OPENING)


# ---- all three: the same title, headings and text as the cleaned source -----------

@pytest.mark.parametrize("suffix, text_check", [("pdf", check.pdf_text), ("docx", check.docx_text),
                                                ("epub", check.epub_text)])
def test_every_edition_carries_exactly_the_cleaned_source(editions, seed_document, suffix, text_check):
    assert text_check(editions / f"{SLUG}.{suffix}", seed_document) == []


def test_editions_carry_title_and_opening_in_simplified_chinese(editions):
    pdf_text = re.sub(r"\s+", "", "".join(p.extract_text() for p in pypdf.PdfReader(editions / f"{SLUG}.pdf").pages))
    docx_text = "".join(p.text for p in docx.Document(str(editions / f"{SLUG}.docx")).paragraphs)
    with zipfile.ZipFile(editions / f"{SLUG}.epub") as epub:
        xhtml = "".join(epub.read(n).decode() for n in epub.namelist() if n.endswith(".xhtml"))
    epub_text = re.sub(r"<[^>]+>", "", xhtml)  # the text, not the spans that set it (gaps, marks)
    for text in (pdf_text, docx_text, epub_text):
        assert TITLE in text and OPENING in text


# ---- PDF ---------------------------------------------------------------------------

def test_pdf_fonts_are_embedded_and_subset_with_harfbuzz(editions, seed_document):
    assert check.pdf_fonts_embedded(editions / f"{SLUG}.pdf", seed_document) == []
    assert font_subsetter() == "harfbuzz"
    fonts = subprocess.run(["pdffonts", str(editions / f"{SLUG}.pdf")], capture_output=True, text=True).stdout \
        if shutil.which("pdffonts") else "Noto-Serif-CJK-SC Noto-Sans-CJK-SC"
    assert "Noto-Serif-CJK-SC" in fonts and "Noto-Sans-CJK-SC" in fonts


def test_pdf_is_tagged_with_title_language_and_creator(editions):
    reader = pypdf.PdfReader(editions / f"{SLUG}.pdf")
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "zh-CN"
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    assert reader.metadata.title == TITLE and reader.metadata.creator


def test_pdf_has_a_bookmark_for_every_chapter_and_section(editions, seed_document):
    reader = pypdf.PdfReader(editions / f"{SLUG}.pdf")
    titles = readback.outline_titles(reader.outline)
    assert titles == [h.text for h in seed_document.headings()]


def test_pdf_chapters_with_text_start_on_a_new_page_and_absent_ones_follow_on(editions, seed_document):
    chapters = seed_document.outline().children
    with_text = [c.heading.text for c in chapters if c.text_length()]
    opened = []
    with pdfplumber.open(editions / f"{SLUG}.pdf") as pdf:
        for page in pdf.pages:
            lines = (page.extract_text() or "").splitlines()
            if lines and lines[0] in with_text and lines[0] not in opened:
                opened.append(lines[0])  # the chapter's own heading: no running header above it
                assert lines[1] != lines[0]
    assert opened == with_text == [c.heading.text for c in chapters[:4]]
    pages = len(pypdf.PdfReader(editions / f"{SLUG}.pdf").pages)
    assert pages <= 22  # chapters 五 to 十一, only headings over notes, share three pages (they took seven: 25 pages)


def test_pdf_front_matter_has_roman_folios_and_the_body_starts_at_1(editions, seed_document):
    first_chapter = seed_document.outline().children[0].heading.text
    with pdfplumber.open(editions / f"{SLUG}.pdf") as pdf:
        pages = [(page.extract_text() or "").splitlines() for page in pdf.pages]
    folios = [lines[-1] for lines in pages[1:]]
    opening = next(i for i, lines in enumerate(pages) if lines[0] == first_chapter)
    assert folios[:opening - 1] == ["ii", "iii", "iv"][:opening - 1]  # the title page (i) shows none
    assert folios[opening - 1:] == [str(n) for n in range(1, len(pages) - opening + 1)]
    contents = "\n".join("\n".join(lines) for lines in pages[1:opening])
    assert re.search(re.escape(first_chapter) + r"\s*…+\s*1\n", contents)  # the contents agree


def test_pdf_body_is_justified_and_no_paragraph_ends_in_a_runt(editions):
    # Before pipeline/render/justify.py, 163 of the 356 lines that do not end
    # a paragraph ended short of the edge (up to 3.85 em), and four
    # paragraphs ended on a line of two characters or fewer.
    ends = typography.line_ends(editions / f"{SLUG}.pdf")
    assert ends.flush > 300
    assert ends.short == []
    assert ends.runts == []


def test_pdf_sets_marks_side_by_side_close(editions):
    # `“试穿”、“试用”`: 26 pairs in the seed took a full em each before.
    close, wide = typography.adjacent_marks(editions / f"{SLUG}.pdf")
    assert close >= 20 and wide == []


def test_pdf_hangs_the_blank_half_of_a_bracket_that_opens_a_line(editions):
    # `（EmbeddedFinance）`, `（UGC）`…: the bracket's glyph starts where the other lines' first glyphs do.
    starts = typography.line_start_brackets(editions / f"{SLUG}.pdf")
    assert len(starts) >= 4 and set(starts) == {-0.5}


def test_every_edition_sets_a_quarter_em_between_han_and_western_letters_or_digits(editions):
    # `2026年`, `以及TikTokShop等`: 0 to 0.09 em before (203 pairs in the seed), the
    # Latin font's side bearings only; a margin of the run's span now, no character added.
    gaps = typography.han_western_gaps(editions / f"{SLUG}.pdf")
    assert len(gaps) > 150 and all(0.24 <= gap <= 0.3 for gap in gaps)
    with zipfile.ZipFile(editions / f"{SLUG}.epub") as epub:
        xhtml = "".join(epub.read(n).decode() for n in epub.namelist() if n.endswith(".xhtml"))
        css = "".join(epub.read(n).decode() for n in epub.namelist() if n.endswith(".css"))
    assert '在<span class="gap-before gap-after">2026</span>年' in xhtml
    assert ".gap-before { margin-left: 0.25em; }" in css and ".gap-after { margin-right: 0.25em; }" in css
    # The DOCX leaves it to the word processor, whose East Asian autospacing is on unless switched off.
    with zipfile.ZipFile(editions / f"{SLUG}.docx") as edition:
        xml = edition.read("word/document.xml").decode() + edition.read("word/styles.xml").decode()
    assert "gap-" not in xml and not re.search(r'<w:autoSpace(DE|DN) w:val="(0|false)"', xml)


def test_epub_and_docx_set_marks_side_by_side_close_as_the_pdf_does(editions):
    with zipfile.ZipFile(editions / f"{SLUG}.epub") as epub:
        xhtml = "".join(epub.read(n).decode() for n in epub.namelist() if n.endswith(".xhtml"))
        css = "".join(epub.read(n).decode() for n in epub.namelist() if n.endswith(".css"))
    assert '“试穿<span class="halt">”</span><span class="halt">、</span>“试用”' in xhtml
    assert '.halt { font-feature-settings: "halt"; }' in css
    with zipfile.ZipFile(editions / f"{SLUG}.docx") as edition:
        assert 'w:characterSpacingControl w:val="compressPunctuation"' in edition.read("word/settings.xml").decode()


def test_every_edition_marks_the_damage_its_note_cites(editions, seed_document):
    # The seed keeps one unresolved span, cited by the note after its paragraph:
    # the PDF underlines it in red, the EPUB spans it, the DOCX gives it a style.
    cited = [text for block in seed_document.blocks() for text in notes.cited_damage(block.text)]
    assert cited == ["新蓝?！?。拉"]
    with pdfplumber.open(editions / f"{SLUG}.pdf") as pdf:
        red = {page.page_number for page in pdf.pages
               if any(curve.get("stroking_color") == (0.733333, 0.0, 0.0) for curve in page.curves)}
        holding = {page.page_number for page in pdf.pages if "新蓝?！?。拉" in page.extract_text().replace("\n", "")}
    assert red == holding and len(red) == 1
    with zipfile.ZipFile(editions / f"{SLUG}.epub") as epub:
        xhtml = "".join(epub.read(n).decode() for n in epub.namelist() if n.endswith(".xhtml"))
        css = "".join(epub.read(n).decode() for n in epub.namelist() if n.endswith(".css"))
    assert re.findall(r'<span class="damaged"[^>]*>([^<]*)</span>', xhtml) == cited
    assert ".damaged { text-decoration: underline wavy" in css
    edition = docx.Document(editions / f"{SLUG}.docx")
    marked = [run.text for p in edition.paragraphs for run in p.runs if run.style.name == "Damaged Text"]
    assert marked == cited
    assert edition.styles["Damaged Text"].element.rPr.find(qn("w:u")).get(qn("w:val")) == "wave"


def test_pdf_no_line_starts_with_closing_or_ends_with_opening_punctuation(editions):
    lines = 0
    with pdfplumber.open(editions / f"{SLUG}.pdf") as pdf:
        for page in pdf.pages:
            for line in (page.extract_text() or "").splitlines():
                line = line.strip()
                if line:
                    lines += 1
                    assert line[0] not in CLOSING and line[-1] not in OPENING_MARKS, line
    assert lines > 500


def test_pdf_contents_has_page_numbers_for_every_heading(editions, seed_document):
    with pdfplumber.open(editions / f"{SLUG}.pdf") as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages[:5])
    contents = text[text.index(notes.TABLE_OF_CONTENTS):]
    for heading in seed_document.headings():
        assert re.search(re.escape(heading.text) + r"\s*…*\s*\d+", contents), heading.text


def test_pdf_page_size_and_margins_are_configurable(tmp_path, editions):
    source = tmp_path / f"{SLUG}.md"
    shutil.copy(editions / f"{SLUG}.md", source)
    assert main(["-q", "render", str(source), "--formats", "pdf", "--page-size", "A5", "--margin", "15mm"]) == 0
    box = pypdf.PdfReader(tmp_path / f"{SLUG}.pdf").pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (148, 210)


def test_a_bad_page_size_is_a_one_line_error(tmp_path, capsys):
    assert main(["render", str(tmp_path / "x.md"), "--page-size", "A4; } body { color: red"]) == 1
    assert capsys.readouterr().err.startswith("error: unknown page size")


# ---- DOCX --------------------------------------------------------------------------

def test_reference_docx_is_what_its_script_makes(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_reference_docx", ROOT / "styles/make_reference_docx.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    made = tmp_path / "reference.docx"
    made.write_bytes(script.make())
    script.rewrite_zip(made)
    assert made.read_bytes() == (ROOT / "styles/reference.docx").read_bytes()


def test_every_docx_style_has_a_cjk_east_asian_font_and_chinese(editions):
    with zipfile.ZipFile(editions / f"{SLUG}.docx") as edition:
        styles = edition.read("word/styles.xml").decode()
    for style in re.findall(r'<w:style [^>]*>.*?</w:style>', styles, re.DOTALL):
        if 'w:type="numbering"' in style:
            continue
        assert re.search(r'w:eastAsia="Noto (Serif|Sans) CJK SC"', style), style[:120]
        assert 'w:eastAsia="zh-CN"' in style, style[:120]


def test_docx_has_title_page_contents_header_footer_and_properties(editions):
    edition = docx.Document(str(editions / f"{SLUG}.docx"))
    first = [p.text for p in edition.paragraphs[:5]]
    assert first[0] == TITLE and any(t.startswith(notes.SOURCE_LABEL) for t in first)
    xml = edition.element.xml
    assert "Table of Contents" in xml or "TOC" in xml
    section = edition.sections[0]
    assert section.header.paragraphs[0].text == TITLE
    assert 'w:instr="PAGE"' in section.footer._element.xml
    assert edition.core_properties.language == "zh-CN" and edition.core_properties.subject


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_libreoffice_opens_the_docx_and_converts_it_to_pdf(editions, tmp_path):
    result = subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                             str(editions / f"{SLUG}.docx")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    converted = pypdf.PdfReader(tmp_path / f"{SLUG}.pdf")
    assert len(converted.pages) > 10 and TITLE in re.sub(r"\s+", "", converted.pages[0].extract_text())
    width, height = (round(float(v) * 25.4 / 72) for v in (converted.pages[0].mediabox.width,
                                                            converted.pages[0].mediabox.height))
    assert (width, height) == (210, 297)  # A4, as the PDF


# ---- EPUB --------------------------------------------------------------------------

def test_epubcheck_reports_no_error_and_no_warning(editions, seed_document):
    assert check.epub_valid(editions / f"{SLUG}.epub", seed_document) == []


def test_epub_metadata_navigation_style_and_title_page(editions, seed_document):
    with zipfile.ZipFile(editions / f"{SLUG}.epub") as epub:
        opf = epub.read("EPUB/content.opf").decode()
        nav = epub.read("EPUB/nav.xhtml").decode()
        css = epub.read("EPUB/styles/stylesheet1.css").decode()
        names = epub.namelist()
    assert "<dc:language>zh-CN</dc:language>" in opf
    assert f">{book_identifier(seed_document)}</dc:identifier>" in opf
    assert "<dc:date" in opf and TITLE in opf
    assert "11.4 结语" in nav and "十一、结论与展望" in nav  # absent sections are listed too
    assert "Noto Serif CJK SC" in css  # the project's stylesheet, not pandoc's default
    assert "EPUB/text/title_page.xhtml" in names
