"""Where the project's own files live.

In a checkout, templates/ and styles/ are top-level folders beside the
package; installed (`pip install .`), they are shipped inside it as
pipeline/templates and pipeline/styles (pyproject.toml). The site profiles
are in the package either way (pipeline/sites).
"""
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
PROJECT = PACKAGE.parent


def _project_folder(name: str) -> Path:
    shipped = PACKAGE / name
    return shipped if shipped.is_dir() else PROJECT / name


TEMPLATES = _project_folder("templates")
STYLES = _project_folder("styles")
