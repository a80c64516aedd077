"""Make styles/reference.docx, the styles of the DOCX edition, from pandoc's default.

    .venv/bin/python styles/make_reference_docx.py

Every style gets CJK fonts and the language zh-CN (pipeline/render/docx_styles.py),
the page is A4 with the PDF's margins, chapters start on a new page, body
text is indented two characters, and editorial notes have a style of their
own. The output is written with fixed zip entry times, so running this
twice gives the same bytes.
"""
from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import docx
import pypandoc
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Pt, RGBColor

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from pipeline.render.docx_styles import apply_chinese_typography, set_a4
from pipeline.render.package import rewrite_zip

BODY_SIZE = Pt(10.5)  # 五号, the usual size for Chinese body text, as in the PDF
EDITORIAL_STYLE = "Editorial Note"  # styles/blocks.lua maps `::: editorial` divs to it


def make() -> bytes:
    default = subprocess.run([pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"],
                             capture_output=True, check=True).stdout
    document = docx.Document(io.BytesIO(default))
    if EDITORIAL_STYLE not in [s.name for s in document.styles]:
        note = document.styles.add_style(EDITORIAL_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        note.base_style = document.styles["Normal"]
        note.font.size = Pt(9.5)
        note.font.color.rgb = RGBColor(0x33, 0x33, 0x33)
        note.paragraph_format.left_indent = Pt(18)
        note.paragraph_format.space_before = Pt(6)
        note.paragraph_format.space_after = Pt(6)
    apply_chinese_typography(document)
    set_a4(document)
    document.styles["Heading 1"].paragraph_format.page_break_before = True  # chapters start on a new page
    for name in ("Body Text", "First Paragraph", "Compact"):
        if name in [s.name for s in document.styles]:
            style = document.styles[name]
            style.font.size = BODY_SIZE
            style.paragraph_format.first_line_indent = BODY_SIZE * 2  # two characters, as Chinese prose is set
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def main() -> None:
    target = PROJECT / "styles" / "reference.docx"
    target.write_bytes(make())
    rewrite_zip(target)  # fixed entry times: the same script gives the same bytes
    print(f"wrote {target.relative_to(PROJECT)}")


if __name__ == "__main__":
    main()
