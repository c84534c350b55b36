"""The code's shape is checked like its behaviour: import-linter holds the layers (each package imports
only from the packages below it, no cycles), ruff holds the style and catches unused or shadowed names.

Both read their settings from pyproject.toml and run as the test command runs them.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def run(tool: str, *args: str) -> subprocess.CompletedProcess:
    exe = BIN / tool if (BIN / tool).exists() else shutil.which(tool)
    if exe is None:
        pytest.fail(f"{tool} is not installed: it is in pyproject.toml's test extra (scripts/test installs it)")
    return subprocess.run([str(exe), *args], cwd=REPO, capture_output=True, text=True)


def test_each_layer_imports_only_from_the_layers_below_it():
    result = run("lint-imports", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def test_ruff_finds_nothing():
    result = run("ruff", "check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_layers_contract_sees_a_forbidden_import(tmp_path):
    """The check can fail: a records module importing the site layer breaks the contract."""
    copy = tmp_path / "repo"
    shutil.copytree(REPO / "resource_centre", copy / "resource_centre",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", copy / "pyproject.toml")
    model = copy / "resource_centre" / "records" / "model.py"
    model.write_text(model.read_text(encoding="utf-8") + "\nfrom ..site import render  # noqa: E402,F401\n",
                     encoding="utf-8")
    exe = BIN / "lint-imports" if (BIN / "lint-imports").exists() else shutil.which("lint-imports")
    result = subprocess.run([str(exe), "--no-cache"], cwd=copy, capture_output=True, text=True,
                            env={"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin"})
    assert result.returncode != 0
    assert "resource_centre.records.model -> resource_centre.site.render" in result.stdout
