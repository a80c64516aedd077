"""The project as a package: `pip install .` ships every module, the data the
pipeline reads at run time and the scrape-publisher command, and installed
it finds its templates and styles inside itself; requirements.lock pins
every requirement, and is what this environment runs."""
import importlib.metadata
import re
import subprocess
import sys
import tomllib
import zipfile

import pytest
from conftest import ROOT
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(out), str(ROOT)],
                   check=True, capture_output=True)
    [made] = out.glob("scrape_publisher-*.whl")
    return made


def _project_files():
    """What the wheel must hold, by the name it has there."""
    shipped = {path.relative_to(ROOT).as_posix(): path for path in (ROOT / "pipeline").rglob("*")
               if path.is_file() and "__pycache__" not in path.parts}
    for folder in ("templates", "styles"):
        shipped |= {f"pipeline/{folder}/{path.name}": path for path in (ROOT / folder).iterdir() if path.is_file()}
    return shipped


def test_the_wheel_holds_every_module_its_data_and_the_command(wheel):
    with zipfile.ZipFile(wheel) as package:
        names = set(package.namelist())
        missing = [name for name in _project_files() if name not in names]
        assert not missing, f"pyproject.toml does not ship {missing}"
        [entry_points] = [name for name in names if name.endswith(".dist-info/entry_points.txt")]
        assert "scrape-publisher = pipeline.cli:main" in package.read(entry_points).decode()


def test_installed_it_reads_the_templates_and_styles_it_ships(wheel, tmp_path):
    with zipfile.ZipFile(wheel) as package:
        package.extractall(tmp_path / "site")
    found = subprocess.run([sys.executable, "-c", "from pipeline import paths; print(paths.TEMPLATES); print(paths.STYLES)"],
                           capture_output=True, text=True, check=True, cwd=tmp_path,
                           env={"PYTHONPATH": str(tmp_path / "site")}).stdout.split()
    assert found == [str(tmp_path / "site" / "pipeline" / "templates"), str(tmp_path / "site" / "pipeline" / "styles")]


def test_in_the_checkout_they_are_its_top_level_folders():
    from pipeline import paths
    assert (paths.TEMPLATES, paths.STYLES) == (ROOT / "templates", ROOT / "styles")


def _locked() -> dict[str, str]:
    pins = re.findall(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)", (ROOT / "requirements.lock").read_text(), re.MULTILINE)
    return {canonicalize_name(name): version for name, version in pins}


def test_the_lock_pins_every_requirement_at_a_version_pyproject_admits():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    locked = _locked()
    for requirement in map(Requirement, project["dependencies"] + project["optional-dependencies"]["test"]):
        version = locked.get(canonicalize_name(requirement.name))
        assert version and requirement.specifier.contains(version), \
            f"requirements.lock pins {requirement.name} at {version}, pyproject.toml asks {requirement}: run make lock"


def test_this_environment_runs_the_locked_versions():
    from pipeline.render.justify import WRITTEN_FOR
    locked = _locked()
    assert locked["weasyprint"] == WRITTEN_FOR
    installed = {name: importlib.metadata.version(name) for name in locked}
    assert installed == locked, "not the locked versions (the committed outputs are made with those): run make"
