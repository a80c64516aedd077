"""Check the system libraries the renderers need; install them when root.

Runs with the system Python before the virtual environment exists, so it
uses the standard library only:  python3 pipeline/sysdeps.py
"""
from __future__ import annotations

import ctypes.util
import importlib.util
import os
import shutil
import subprocess
import sys


def _has_fonts(*families: str) -> bool:
    if not shutil.which("fc-list"):
        return False
    listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    return all(family in listed for family in families)


# (what it is for, Debian package(s), check)
REQUIREMENTS = [
    ("Python venv", ["python3-venv"], lambda: importlib.util.find_spec("ensurepip") is not None),
    ("Pango for WeasyPrint", ["libpango-1.0-0", "libpangoft2-1.0-0"],
     lambda: bool(ctypes.util.find_library("pango-1.0") and ctypes.util.find_library("pangoft2-1.0"))),
    ("HarfBuzz font subsetting", ["libharfbuzz-subset0"], lambda: bool(ctypes.util.find_library("harfbuzz-subset"))),
    ("Noto CJK fonts", ["fonts-noto-cjk", "fontconfig"], lambda: _has_fonts("Noto Serif CJK SC", "Noto Sans CJK SC")),
    ("Java for epubcheck", ["default-jre-headless"], lambda: shutil.which("java") is not None),
]


def missing() -> list[tuple[str, list[str]]]:
    return [(purpose, packages) for purpose, packages, present in REQUIREMENTS if not present()]


def main() -> int:
    absent = missing()
    if not absent:
        return 0
    packages = [p for _, pkgs in absent for p in pkgs]
    needs = "; ".join(purpose for purpose, _ in absent)
    command = f"apt-get install -y --no-install-recommends {' '.join(packages)}"
    if os.geteuid() != 0:
        print(f"error: missing system packages ({needs}). Run: sudo apt-get update && sudo {command}", file=sys.stderr)
        return 1
    print(f"installing system packages ({needs}): {' '.join(packages)}", file=sys.stderr)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for step in (["apt-get", "update", "-qq"], command.split() + ["-qq"]):
        if subprocess.run(step, env=env).returncode != 0:
            print(f"error: `{' '.join(step)}` failed", file=sys.stderr)
            return 1
    still = missing()
    if still:
        print(f"error: still missing after install: {'; '.join(p for p, _ in still)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
