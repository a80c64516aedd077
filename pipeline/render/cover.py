"""The EPUB's cover: a plain PNG made at build time from the title page's
text (title, subtitle, author, the edition's facts), in the edition's Noto
Sans CJK (SC or TC).

A PNG, not an SVG: reading systems draw the cover in their library view as
a picture, and an SVG's text would be set in whatever fonts the device has.
Drawn by Pillow (WeasyPrint's own dependency) with its basic layout, no
timestamp written: the same text, Pillow and font give the same bytes.
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from ..chars import CLOSING_MARKS
from ..edition import fonts, title_page_facts
from ..errors import PipelineError
from ..model import Metadata

WIDTH, HEIGHT = 1600, 2400  # 2:3, the proportion reading systems' shelves expect
MARGIN = 160
PAPER, INK, GREY, RULE = "#f7f5f0", "#111111", "#444444", "#999999"
TITLE_SIZES = range(120, 47, -8)  # the largest that fits the title in TITLE_LINES
TITLE_LINES = 7
FACT_SIZE, FACT_LINES = 38, 10

# A Latin word or number is never broken; every other character may end a line.
_PIECE = re.compile(r"[A-Za-z0-9À-ɏ.,:;!?'’\-/_%+]+\s*|\s+|.", re.DOTALL)


@cache
def _font_file(family: str, bold: bool) -> tuple[str, int]:
    """The file and face index fontconfig finds for the family (fonts-noto-cjk)."""
    if not shutil.which("fc-match"):
        raise PipelineError("fc-match (fontconfig) is missing: the EPUB cover needs it to find the Noto CJK fonts")
    pattern = f"{family}:weight={'bold' if bold else 'regular'}"
    found = subprocess.run(["fc-match", "--format=%{family}\t%{file}\t%{index}", pattern],
                           capture_output=True, text=True, check=False).stdout
    names, file, index = (found.split("\t") + ["", "", ""])[:3]
    if family not in names.split(","):
        raise PipelineError(f"the font {family} is not installed (apt-get install fonts-noto-cjk): "
                            f"the EPUB cover is set in it")
    return file, int(index or 0)


def _font(family: str, size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    file, index = _font_file(family, bold)
    return ImageFont.truetype(file, size, index=index, layout_engine=ImageFont.Layout.BASIC)


def _lines(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """`text` broken into lines no wider than `width`; a closing mark never
    starts a line (it stays with the character before it)."""
    lines, line = [], ""
    for piece in _PIECE.findall(text):
        if line and font.getlength((line + piece).rstrip()) > width and piece[0] not in CLOSING_MARKS:
            lines.append(line.rstrip())
            line = piece.lstrip()
        else:
            line += piece
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _fit(text: str, font: ImageFont.FreeTypeFont, width: int, most: int) -> list[str]:
    """At most `most` lines of `text`, the last cut with … if it had to be."""
    lines = _lines(text, font, width)
    if len(lines) <= most:
        return lines
    last = lines[most - 1]
    while last and font.getlength(last + "…") > width:
        last = last[:-1]
    return lines[:most - 1] + [last + "…"]


def cover_png(metadata: Metadata) -> bytes:
    sans = fonts(metadata.lang).sans
    width = WIDTH - 2 * MARGIN
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 48), fill=INK)

    size = next((size for size in TITLE_SIZES
                 if len(_lines(metadata.title, _font(sans, size, bold=True), width)) <= TITLE_LINES), TITLE_SIZES[-1])
    title_font = _font(sans, size, bold=True)
    y = 420
    for line in _fit(metadata.title, title_font, width, TITLE_LINES):
        draw.text((MARGIN, y), line, font=title_font, fill=INK)
        y += round(size * 1.35)
    y += 40
    draw.rectangle((MARGIN, y, MARGIN + 240, y + 6), fill=RULE)
    y += 80
    for text, text_size in ((metadata.subtitle, 56), (metadata.author, 48)):
        if text:
            font = _font(sans, text_size)
            for line in _fit(text, font, width, 3):
                draw.text((MARGIN, y), line, font=font, fill=GREY)
                y += round(text_size * 1.5)
            y += 30

    # The facts at the foot, as many as the space under the title holds, in the title page's order.
    fact_font, leading = _font(sans, FACT_SIZE), round(FACT_SIZE * 1.6)
    room = max(0, (HEIGHT - MARGIN - y - 80) // leading)
    facts = [line for label, value in title_page_facts(metadata)
             for line in _fit(f"{label}：{value}", fact_font, width, 2)][:min(room, FACT_LINES)]
    y = HEIGHT - MARGIN - len(facts) * leading
    for line in facts:
        draw.text((MARGIN, y), line, font=fact_font, fill=GREY)
        y += leading

    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
