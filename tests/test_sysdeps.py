"""make's system check: installs what is missing as root, names the command otherwise."""
import importlib.util
import subprocess

import pytest
from conftest import ROOT

spec = importlib.util.spec_from_file_location("sysdeps", ROOT / "pipeline" / "sysdeps.py")
sysdeps = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sysdeps)


@pytest.fixture
def harfbuzz_missing(monkeypatch):
    present = {"installed": False}
    monkeypatch.setattr(sysdeps, "REQUIREMENTS", [
        ("HarfBuzz font subsetting", ["libharfbuzz-subset0"], lambda: present["installed"])])
    return present


def test_not_root_names_the_exact_command(monkeypatch, capsys, harfbuzz_missing):
    monkeypatch.setattr(sysdeps.os, "geteuid", lambda: 1000)
    assert sysdeps.main() == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert "sudo apt-get update && sudo apt-get install -y --no-install-recommends libharfbuzz-subset0" in error


def test_root_installs_with_apt_get_and_checks_again(monkeypatch, harfbuzz_missing):
    commands = []

    def fake_run(command, env=None):
        commands.append(command)
        harfbuzz_missing["installed"] = True
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(sysdeps.os, "geteuid", lambda: 0)
    monkeypatch.setattr(sysdeps.subprocess, "run", fake_run)
    assert sysdeps.main() == 0
    assert commands[0][:2] == ["apt-get", "update"] and "libharfbuzz-subset0" in commands[1]


def test_this_machine_has_what_the_renderers_need():
    assert sysdeps.missing() == []
