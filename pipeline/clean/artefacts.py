"""Remove tags that text generators leave behind (`<think>`, `</think>`, `<|im_end|>` …)."""
import re

from ..edits import apply_edits, regex_edits

_ARTEFACT = re.compile(r"</?(?:think|thinking|reasoning|answer|output)>|<\|[a-z_]{2,30}\|>", re.IGNORECASE)


def remove_artefacts(text: str):
    edits = regex_edits(_ARTEFACT, text, lambda m: "", "generation artefact, not the author's text")
    return apply_edits(text, edits, "clean", "artefacts")
