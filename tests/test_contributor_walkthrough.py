"""A new contributor's story, using only what README.md and CONTRIBUTING.md tell them.

Start a case study with `resource-centre new`, fill in what `validate` asks for,
see the page in the built site, then make the two classic mistakes (a misspelt
field, an unknown principle) and get told where and what to write instead.
"""
from __future__ import annotations

import re

from conftest import make_project, mkdocs, resource_centre

TITLE = "Joint health sector review"
FILE = "casestudies/joint-health-sector-review.yml"


def fill(text: str) -> str:
    """What a contributor types into the new file, as plain edits of its text."""
    edits = [
        ("status: draft", "status: published"),
        ("summary:\n  en:\n", "summary:\n  en: The health TWG and its partners reviewed the sector together.\n"),
        ("  - name:\n      en:\n", "  - name:\n      en: Ministry of Health\n"),
        ("    type:\n", "    type: government\n"),
        # an optional field brought in by removing its #
        ("# principles: []", "principles: [mutual-accountability]"),
    ]
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def test_contributor_walkthrough(tmp_path):
    project = make_project(tmp_path / "p")

    # 1. Start the record.
    result = resource_centre(project, "new", "case-study", "--title", TITLE)
    assert result.returncode == 0, result.stderr
    assert FILE in result.stdout and "resource-centre validate" in result.stdout
    path = project / FILE
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/case-study.schema.json\n")

    # 2. validate lists the fields still to fill, and nothing else.
    result = resource_centre(project, "validate")
    assert result.returncode == 1
    assert [line.split(": ")[1] for line in result.stdout.splitlines()] == [
        "summary.en", "partners[0].name.en", "partners[0].type"]

    # 3. Fill them in; validate passes.
    path.write_text(fill(text), encoding="utf-8")
    result = resource_centre(project, "validate")
    assert result.returncode == 0, result.stdout
    assert "All records are valid." in result.stderr

    # 4. Build the site and find the page, in English and (falling back) in Khmer.
    mkdocs(project, "build", "--strict")
    page = (project / "site" / "case-studies" / "joint-health-sector-review" / "index.html").read_text(encoding="utf-8")
    assert TITLE in page and "The health TWG and its partners reviewed the sector together." in page
    assert "Ministry of Health" in page
    km_page = project / "site" / "km" / "case-studies" / "joint-health-sector-review" / "index.html"
    assert TITLE in km_page.read_text(encoding="utf-8")

    # 5. A misspelt field: file:line:column, and the field it should be.
    filled = path.read_text(encoding="utf-8")
    path.write_text(filled.replace("\nsummary:\n", "\nsumary:\n", 1), encoding="utf-8")
    line = filled.splitlines().index("summary:") + 1
    result = resource_centre(project, "validate")
    assert result.returncode == 1
    assert f"{FILE}:{line}:1: sumary: unknown field 'sumary' (did you mean 'summary'?)" in result.stdout

    # 6. An unknown principle: the same, with the nearest principle id.
    path.write_text(filled.replace("[mutual-accountability]", "[mutual-acountability]"), encoding="utf-8")
    line = next(i for i, text in enumerate(filled.splitlines(), 1) if text.startswith("principles:"))
    result = resource_centre(project, "validate")
    assert result.returncode == 1
    message = re.search(rf"^{re.escape(FILE)}:{line}:\d+: principles\[0\]: 'mutual-acountability' is not a term "
                        r"of the principles taxonomy \(did you mean 'mutual-accountability'\?\)$",
                        result.stdout, re.MULTILINE)
    assert message, result.stdout

    # 7. `mkdocs build --strict` refuses the broken record with the same message.
    build = mkdocs(project, "build", "--strict", check=False)
    assert build.returncode != 0
    assert "mutual-acountability" in build.stdout + build.stderr
