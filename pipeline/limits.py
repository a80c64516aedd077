"""What the pipeline takes on, in one place. Past these a stage would take
time or memory out of all proportion, so it stops with a one-line error
naming the limit; the mojibake search instead leaves the span it gives up on
as it is, flagged unresolved, and the duplicate finder and the PDF's
contents do less where the whole would cost too much.

Each value says what measurement chose it: 2 cores, Python 3.11, the seed
(seeds/cross-border-ecommerce-2026.txt) and the generated corpora of tests/.
"""
from __future__ import annotations

from .errors import PipelineError

MB = 1 << 20

# ---- the input (pipeline/ingest.py, pipeline/seed.py) ----------------------------------
# The clean stage keeps a change for every reading note and run of
# characters it converts, and the mojibake repair searches every damaged
# span, a long text in sections side by side (pipeline/clean/sections.py).
# On 2 cores, `clean -o` (the cleaned source alone): the seed repeated to
# 20 MB (10.4 million characters, 2.35 million changes) 29.8 s; 1,162
# generated scrapes (tests/corpus.py) making 20 MB, 29.1 s (clean stage 19 s,
# structure 9.5 s, source 3 s). With the change log and the report, as make
# writes them: 42 s and 31 s, at most 1.11 GB for all the processes
# (proportional set size). Before the sections: 90 s; before the change log
# was written a line at a time, 107 s and 7.9 GB.
MAX_INPUT_MB = 20


def check_input_size(size: int, name: str) -> None:
    if size > MAX_INPUT_MB * MB:
        raise PipelineError(f"{name}: {size / MB:.1f} MB is more than the {MAX_INPUT_MB} MB the pipeline takes "
                            "(MAX_INPUT_MB, pipeline/limits.py)")


# ---- the mojibake search (pipeline/clean/mojibake.py) ---------------------------------
# The search counts the partial decodings it makes. Real damage needs few:
# at most 3,516 for a span of the seed, of tests/corpus.py's and of
# tests/damage.py's scrapes, 85,607 for the hardest of tests/mojibake_corpus.py's
# 2,700 spans. Garbage that never realigns (`??锟斤拷` over and over) keeps it
# going: one such span took 182,000, at 4 µs each. A span that needs more
# than this is left as it is and flagged unresolved.
MOJIBAKE_STATES_PER_SPAN = 120_000
# A text may make this many in all, plus so many a character: real damage
# makes 0.33 a character in the seed, 1.2 where a span comes every 10
# characters (tests/damage.py), 87,465 in the worst text of
# tests/mojibake_corpus.py (2,673 characters). `??锟斤拷` over and over took
# 26 s to clean for 1,000 characters; with this, 200,000 take 2 s. Spans
# left when it is spent are flagged unresolved without a search. A text
# cleaned in sections (pipeline/clean/sections.py) has this for each.
MOJIBAKE_STATES_PER_TEXT = 100_000
MOJIBAKE_STATES_PER_CHARACTER = 2

# ---- duplicates (pipeline/structure/duplicates.py) ------------------------------------
# Two copies of a part are aligned character by character where they differ
# (rapidfuzz's Indel), at a cost that grows with the square of the stretch
# over 64: 9 ms and 3 MB for 5,000 characters, 37 ms and 12 MB for 10,000,
# 0.16 s and 47 MB for 20,000, 1.2 s and 250 MB for 50,000. The seed repeated
# to 20 MB has 1,100 such stretches of 2,000 to 6,000; the copies in the seed
# and in 200 generated scrapes (tests/corpus.py) differ over at most 2,296.
# A longer stretch is reported as one replacement.
MAX_COMPARED_CHARS = 10_000
# A run of paragraphs printed again is looked for from each paragraph at the
# later paragraphs of its part that open as it does. A formula many open with
# (10,000 paragraphs of `本节讨论的问题主要是：…`) made that 50 million
# comparisons, 59 s; the nearest this many are tried (0.5 s). In the seed,
# the fixtures and 50 generated scrapes (tests/corpus.py) no opening recurs
# more than twice in a part.
MAX_RUN_STARTS = 20

# ---- the contents list (pipeline/structure/contents.py) -------------------------------
# An unnumbered contents entry is looked for at every sentence end of the
# body, among the titles that share enough characters with the text there
# (each title listed under its rarest characters). Titles alike in their
# characters (1,500 entries `第100章 …` to `第160章 …`, beyond the numbers a
# heading may have) put every title under every character: 4,000 headings
# took 52 s. Past this many titles listed under the characters at a place,
# only a title the text opens with exactly counts there. An anthology of 400
# titles (tests/test_cost.py) lists at most 6 under a place's characters; the
# contents lists of the seed and of the corpora have no unnumbered entry.
MAX_TITLE_POSTINGS = 100

# ---- the PDF edition (pipeline/render/) ------------------------------------------------
# Each entry of the printed contents costs WeasyPrint a dotted leader and a
# page number it lays the pages out again to know: 20 ms an entry for 1,000
# entries (26 s against 6 s without the contents), 29 ms for 10,000 (358 s
# against 66 s, and 4.2 GB against 1.1). The seed's contents has 55 entries.
# Past this many, the contents lists fewer levels.
MAX_CONTENTS_ENTRIES = 500
# WeasyPrint holds every page and every heading's boxes until it is done:
# 10,000 headings over short paragraphs (500,000 characters) take 66 s and
# 1.1 GB without their contents; 1,185,000 characters of prose under 800
# headings, 920 pages, take 64 s and 530 MB.
MAX_PDF_HEADINGS = 10_000
MAX_PDF_CHARACTERS = 1_200_000


def check_pdf_size(headings: int, characters: int) -> None:
    if headings > MAX_PDF_HEADINGS:
        raise PipelineError(f"the PDF edition takes at most {MAX_PDF_HEADINGS} headings (MAX_PDF_HEADINGS, "
                            f"pipeline/limits.py); this document has {headings}: leave pdf out of --formats")
    if characters > MAX_PDF_CHARACTERS:
        raise PipelineError(f"the PDF edition takes at most {MAX_PDF_CHARACTERS} characters (MAX_PDF_CHARACTERS, "
                            f"pipeline/limits.py); this document has {characters}: leave pdf out of --formats")
