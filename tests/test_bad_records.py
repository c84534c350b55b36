"""Every bad record in the corpus fails validation and the strict build with its exact message.

The corpus (tests/bad_records/cases.yml) pairs each broken file with the messages
it must produce: file, line, column, what is wrong and how to fix it.
"""
from __future__ import annotations

import pytest
import yaml

from bad_records_lib import CASES_FILE, install_case, validate_messages
from conftest import REPO, mkdocs

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
    config = yaml.safe_load(config.split("plugins:")[0]) or {}
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
