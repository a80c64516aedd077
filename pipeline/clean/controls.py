"""Remove characters no edition can carry (chars.UNCARRIABLE: XML forbids
them, so the EPUB would be invalid and the DOCX would drop them): C0
controls, lone surrogates, U+FFFE and U+FFFF. A form feed or vertical tab,
a PDF's page break, becomes a line break. Each is logged with its code point."""
from ..chars import UNCARRIABLE
from ..edits import apply_edits


def remove_control_characters(text: str):
    edits = [(m.start(), m.end(), *_replacement(m.group())) for m in UNCARRIABLE.finditer(text)]
    return apply_edits(text, edits, "clean", "controls")


def _replacement(char: str) -> tuple[str, str]:
    note = f"U+{ord(char):04X}, a control character no edition can carry"
    return ("\n", f"{note}: a page break, made a line break") if char in "\f\v" else ("", note)
