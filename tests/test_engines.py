"""The site builds with MkDocs 1.6 and with ProperDocs (the maintained continuation of MkDocs 1.x),
to the same files, byte for byte: the hedge for Material's end of life and MkDocs 2 dropping plugins."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import properdocs as properdocs_package  # noqa: F401  (a missing ProperDocs fails here, not skipped: scripts/test installs it)
import pytest
from conftest import make_project, mkdocs


def properdocs(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "properdocs", *args], cwd=project, capture_output=True,
                          text=True, timeout=600, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def both(tmp_path_factory) -> tuple[Path, Path]:
    with_mkdocs = make_project(tmp_path_factory.mktemp("engines") / "mkdocs")
    with_properdocs = make_project(tmp_path_factory.mktemp("engines") / "properdocs")
    mkdocs(with_mkdocs, "build", "--strict")
    result = properdocs(with_properdocs, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return with_mkdocs / "site", with_properdocs / "site"


def test_mkdocs_and_properdocs_build_the_same_site(both):
    by_mkdocs, by_properdocs = (files(site) for site in both)
    assert sorted(by_mkdocs) == sorted(by_properdocs)
    assert len([name for name in by_mkdocs if name.endswith(".html")]) > 40
    assert [name for name in by_mkdocs if by_mkdocs[name] != by_properdocs[name]] == []


def test_properdocs_strict_build_fails_on_a_record_problem(tmp_path):
    project = make_project(tmp_path / "p")
    record = project / "casestudies" / "provincial-education.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("status: published", "status: publishd"),
                      encoding="utf-8")
    result = properdocs(project, "build", "--strict", "-q")
    assert result.returncode != 0
    assert "casestudies/provincial-education.yml:2:9: status: 'publishd' is not allowed" in result.stderr
    assert not (project / "site").exists()
