"""Every bad record in the corpus fails validation and the strict build with its exact message.

The corpus (tests/bad_records/cases.yml) pairs each broken file with the messages
it must produce: file, line, column, what is wrong and how to fix it.
"""
from __future__ import annotations

import re

import pytest
import yaml
from bad_records_lib import CASES_FILE, install_case, install_cases, together, validate_messages
from conftest import REPO, mkdocs

from resource_centre.records.kinds import KINDS
from resource_centre.records.schema import References, Schemas, load_schemas

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


GROUPS = together(CASES)
MESSAGE = re.compile(r"^WARNING -  (\S+\.yml:\d+:\d+: .*)$", re.MULTILINE)


def test_the_strict_build_holds_every_case_in_two_projects():
    assert sum(len(g) for g in GROUPS) == len(CASES) and len(GROUPS) == 2


@pytest.mark.parametrize("group", GROUPS, ids=["own-files", "broken-fixture-records"])
def test_strict_build_fails_with_the_same_messages(group, tmp_path):
    """One ``mkdocs build --strict`` of a project holding many bad files, each under a name of its own:
    every case's messages are printed, and nothing else is."""
    project = install_cases(tmp_path / "p", group)
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
    printed = MESSAGE.findall(output)
    wrong = {case["name"]: [line for line in case["expect"] if line not in printed] for case in group}
    assert not {name: lines for name, lines in wrong.items() if lines}, "cases whose messages were not printed"
    assert sorted(printed) == sorted(line for case in group for line in case["expect"])


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
    from resource_centre.records.project import open_project
    from resource_centre.records.schema import countries

    project = open_project(REPO)
    content, problems = project.load()
    assert not problems
    schemas = load_schemas(str(REPO / "schemas"))
    refs = References(root=REPO, languages=("en", "km"), countries=frozenset(countries()),
                      records={"case-study": set(content.case_studies), "tool": set(content.tools),
                               "term": set(content.terms), "training": set(content.trainings),
                               "event": set(content.events)},
                      taxonomies={k: set(t.terms) for k, t in content.taxonomies.items()})
    for kind in [k for k in KINDS if k.name in refs.records]:
        sound = schemas.fast_check(kind.schema, refs)
        for record in content.table(kind.name).values():
            assert sound(record.data), record.file
