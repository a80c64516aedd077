"""The registry of formats (pipeline/render/formats.py): each edition's
renderer, suffix and inputs are declared, and the Makefile reads the inputs
from it."""
import subprocess
import sys

from conftest import ROOT

from pipeline.render import parse_formats
from pipeline.render.formats import FORMATS, inputs

# Read by the clean stage or made by a script, not by a renderer.
NOT_RENDER_INPUTS = {"templates/cleaning-report.html.j2", "styles/make_reference_docx.py"}


def test_every_format_declares_its_renderer_suffix_and_inputs():
    assert list(FORMATS) == ["pdf", "docx", "epub"] and parse_formats("epub, PDF") == ["epub", "pdf"]
    for fmt in FORMATS.values():
        renderer = fmt.load()
        assert renderer.__name__ == f"render_{fmt.name}" and fmt.file_name("doc") == f"doc.{fmt.name}"
        assert fmt.inputs and all((ROOT / path).is_file() for path in fmt.inputs), fmt


def test_every_template_and_style_is_declared_by_a_format():
    present = {path.relative_to(ROOT).as_posix() for folder in ("templates", "styles")
               for path in (ROOT / folder).iterdir() if path.is_file()}
    undeclared = present - set(inputs()) - NOT_RENDER_INPUTS
    assert not undeclared, f"declare {sorted(undeclared)} as an input of the formats that read it (render/formats.py)"


def test_the_makefile_reads_the_inputs_from_the_registry_without_the_venv():
    listed = subprocess.run([sys.executable, "-I", "-S", "pipeline/render/formats.py"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.split()
    assert listed == inputs()
    made = subprocess.run(["make", "-s", "--eval", "inputs: ; @echo $(RENDER_INPUTS)", "inputs"], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout.split()
    assert made == inputs()
