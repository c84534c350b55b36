"""Every bad record in the corpus fails validation and the strict build with its exact message.

The corpus (tests/bad_records/cases.yml) pairs each broken file with the messages
it must produce: file, line, column, what is wrong and how to fix it.
"""
from __future__ import annotations

import re

import pytest
import yaml

from bad_records_lib import CASES_FILE, install_case, validate_messages
from conftest import REPO, mkdocs
from resource_centre.kinds import KINDS
from resource_centre.schema import References, Schemas, load_schemas

CASES = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))


def test_corpus_is_large_enough():
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_validate_reports_exact_messages(case, tmp_path):
    project = install_case(tmp_path / "p", case)
    code, lines, stderr = validate_messages(project)
    assert code == 1
    assert lines == case["expect"]
    assert "Traceback" not in stderr


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_strict_build_fails_with_the_same_messages(case, tmp_path):
    project = install_case(tmp_path / "p", case)
    (project / "docs").mkdir()
    (project / "docs" / "en").mkdir()
    (project / "docs" / "km").mkdir()
    (project / "docs" / "en" / "index.md").write_text("# Home\n")
    (project / "docs" / "km" / "index.md").write_text("# ទំព័រដើម { #home }\n")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}")
    # The published address is an !ENV tag (set by the publish workflow), which safe_load cannot read.
    config = yaml.safe_load(re.sub(r"^site_url:.*$", "", config.split("plugins:")[0], flags=re.MULTILINE)) or {}
    (project / "mkdocs.yml").write_text(yaml.safe_dump({
        **config,
        "plugins": ["search", "resource-centre", {"i18n": {"docs_structure": "folder", "languages": [
            {"locale": "en", "name": "English", "default": True},
            {"locale": "km", "name": "ខ្មែរ", "theme": {"language": "km"}}]}}],
    }, allow_unicode=True), encoding="utf-8")
    result = mkdocs(project, "build", "--strict", check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    for line in case["expect"]:
        assert f"WARNING -  {line}" in output


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_the_fast_check_rejects_what_jsonschema_rejects(case, tmp_path, monkeypatch):
    """Validation asks jsonschema-rs first and explains only what it rejects; with jsonschema
    alone (the fast check made to reject everything) every message must be the same."""
    project = install_case(tmp_path / "p", case)
    fast = validate_messages(project)
    monkeypatch.setattr(Schemas, "fast_check", lambda self, name, refs: lambda data: False)
    assert validate_messages(project) == fast


def test_the_fast_check_accepts_the_bundled_records():
    """Sound records never take the slow path (which would only cost time, so it is checked here)."""
    from resource_centre.project import open_project
    from resource_centre.validate import _countries

    project = open_project(REPO)
    content, problems = project.load()
    assert not problems
    schemas = load_schemas(str(REPO / "schemas"))
    refs = References(root=REPO, languages=("en", "km"), countries=_countries(),
                      records={"case-study": set(content.case_studies), "tool": set(content.tools),
                               "term": set(content.terms)},
                      taxonomies={k: set(t.terms) for k, t in content.taxonomies.items()})
    for kind in KINDS:
        sound = schemas.fast_check(kind.schema, refs)
        records = {"case-study": content.case_studies, "tool": content.tools, "term": content.terms}.get(kind.name, {})
        for record in records.values():
            assert sound(record.data), record.file
