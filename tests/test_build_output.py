"""What `mkdocs build` prints and when it fails: a clean build says little, a record's problem stands out,
and a strict build fails on it whatever the verbosity (CI runs `mkdocs build --strict -q`)."""
from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from conftest import REPO, make_project, mkdocs

RECORD = "casestudies/provincial-education.yml"
PROBLEM = re.compile(rf"{re.escape(RECORD)}:2:9: status: 'publishd' is not allowed")


def lines(result) -> list[str]:
    return (result.stdout + result.stderr).splitlines()


def site_files(project: Path) -> dict:
    site = project / "site"
    return {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def break_record(project: Path) -> None:
    record = project / RECORD
    record.write_text(record.read_text().replace("status: published", "status: publishd"))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The mini fixture after one clean `mkdocs build --strict`, and what that printed."""
    project = make_project(tmp_path_factory.mktemp("output") / "p")
    return project, mkdocs(project, "build", "--strict")


@pytest.fixture
def broken(built, tmp_path):
    """A copy of the built project whose record now has a problem."""
    project = tmp_path / "p"
    shutil.copytree(built[0], project)
    break_record(project)
    return project


def test_a_clean_build_prints_three_lines(built):
    """Not the 150 lines naming every generated page "not included in the nav", nor i18n restating mkdocs.yml."""
    printed = lines(built[1])
    patterns = [r"INFO    -  Cleaning site directory",
                r"INFO    -  Building documentation to directory: .*",
                r"INFO    -  Documentation built in [0-9.]+ seconds"]
    assert len(printed) == len(patterns), "\n".join(printed)
    for line, pattern in zip(printed, patterns):
        assert re.fullmatch(pattern, line), line


def test_a_record_problem_stands_out_in_a_build(broken):
    result = mkdocs(broken, "build")
    printed = lines(result)
    assert result.returncode == 0  # without --strict the record is left out, with a warning
    warnings = [line for line in printed if line.startswith("WARNING")]
    assert PROBLEM.search(warnings[0]) and warnings[0].startswith("WARNING -  " + RECORD)
    assert "those records are left out of the site" in warnings[1]
    assert len(warnings) == 2 and len(printed) <= 6, "\n".join(printed)
    assert not any("not included in the" in line for line in printed)


@pytest.mark.parametrize("verbosity", [["-q"], []], ids=["quiet", "default"])
def test_a_strict_build_fails_on_a_record_problem_whatever_the_verbosity(broken, verbosity):
    before = site_files(broken)
    result = mkdocs(broken, "build", "--strict", *verbosity, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert PROBLEM.search(output), output
    assert "resource-centre: 1 problem(s) in records; a strict build stops here" in output
    assert "Traceback" not in output
    assert site_files(broken) == before
    assert not (broken / "site.building").exists()


def test_the_package_metadata_gives_setuptools_no_deprecated_license_table():
    """`project.license` as a table makes setuptools print a deprecation warning at every install; an SPDX
    string needs setuptools 77 or newer."""
    tomllib = pytest.importorskip("tomllib") if sys.version_info >= (3, 11) else pytest.importorskip("tomli")
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert isinstance(pyproject["project"]["license"], str)
    floors = [re.fullmatch(r"setuptools>=(\d+).*", req) for req in pyproject["build-system"]["requires"]]
    assert [int(m.group(1)) for m in floors if m] and all(int(m.group(1)) >= 77 for m in floors if m)
