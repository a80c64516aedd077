from pathlib import Path

import pytest

from pipeline.build import make_source
from pipeline.clean import clean
from pipeline.cli import main
from pipeline.ingest import decode
from pipeline.seed import load_seed
from pipeline.source import read_source

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "cross-border-ecommerce-2026.txt"
SLUG = "cross-border-ecommerce-2026"


def scratch_project(folder: Path) -> Path:
    """A project beside this one for running make in: its Makefile, code,
    templates, styles and virtual environment, linked; no seeds, no build."""
    folder.mkdir(exist_ok=True)
    for name in ("Makefile", "pyproject.toml", "requirements.lock", "pipeline", "templates", "styles", ".venv"):
        (folder / name).symlink_to(ROOT / name)
    return folder


@pytest.fixture(scope="session")
def seed():
    return load_seed(SEED)


@pytest.fixture(scope="session")
def seed_text(seed):
    return decode(seed.data)[0]


@pytest.fixture(scope="session")
def cleaned(seed_text):
    return clean(seed_text)


@pytest.fixture(scope="session")
def seed_source(seed):
    return make_source(seed)


@pytest.fixture(scope="session")
def seed_document(seed_source):
    return read_source(seed_source.markdown)


@pytest.fixture(scope="session")
def editions(tmp_path_factory):
    """All editions of the seed, built once through the CLI."""
    out = tmp_path_factory.mktemp("editions")
    assert main(["-q", "build", str(SEED), "--out", str(out)]) == 0
    return out
