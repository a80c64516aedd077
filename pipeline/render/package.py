"""Re-write a zip package (DOCX, EPUB) so that it is reproducible.

python-docx stamps every entry with the current time; pandoc's sandbox keeps
it from reading our EPUB stylesheet. Re-writing the archive with fixed entry
times (and any replaced members) solves both in one place.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

# The earliest time a zip entry can hold; no build time leaks into the file.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def rewrite_zip(path: Path, replace: dict[str, bytes] | None = None) -> None:
    replace = dict(replace or {})
    with zipfile.ZipFile(path) as original:
        entries = [(info, original.read(info)) for info in original.infolist()]
    missing = set(replace) - {info.filename for info, _ in entries}
    if missing:
        raise ValueError(f"{path.name}: no member {', '.join(sorted(missing))} to replace")
    with zipfile.ZipFile(path, "w") as rewritten:
        for info, data in entries:
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            # EPUB requires `mimetype` first and stored; everything else is deflated.
            fixed.compress_type = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            rewritten.writestr(fixed, replace.get(info.filename, data))
