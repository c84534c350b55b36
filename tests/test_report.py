"""`resource-centre report` on the mini fixture: coverage, overdue reviews, drafts, term counts."""
from __future__ import annotations

import contextlib
import io
import json

import pytest
from conftest import FIXTURES

from resource_centre.cli import main
from resource_centre.contribute.report import build_report, report_markdown
from resource_centre.records.project import open_project
from resource_centre.records.schema import load_schemas

MINI = str(FIXTURES / "mini")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def loaded():
    project = open_project(FIXTURES / "mini")
    content, problems = project.load()
    assert not problems
    return project, content


@pytest.fixture(scope="module")
def report(loaded):
    project, content = loaded
    return build_report(content, project.languages.codes, load_schemas(str(project.schemas_dir)), "2028-01-01")


def test_translation_coverage_counts_every_localised_text(report):
    # 18 texts in case studies and tools, 4 in the glossary, 8 taxonomy labels and 12 term labels.
    assert (report.coverage["en"].present, report.coverage["en"].missing) == (42, 0)
    assert (report.coverage["km"].present, report.coverage["km"].missing) == (32, 10)
    assert report.coverage["km"].percent == 76 and report.coverage["en"].percent == 100
    missing = {item.file: item.fields for item in report.missing["km"]}
    assert missing == {
        "casestudies/draft-case.yml": ["title", "summary", "partners[0].name"],
        "casestudies/joint-health-review.yml": ["partners[1].name", "partners[0].role", "sections.results"],
        "casestudies/provincial-education.yml": ["title", "summary", "partners[0].name"],
        "tools/health-check.yml": ["steps[1]"],
    }
    assert report.missing["en"] == []


def test_draft_translations(report):
    assert [item.file for item in report.draft_translations["km"]] == [
        "casestudies/joint-health-review.yml", "tools/health-check.yml"]
    assert report.draft_translations["en"] == []


def test_overdue_reviews_depend_on_today(loaded, report):
    assert [(item.file, item.date, item.days) for item in report.overdue] == [
        ("casestudies/joint-health-review.yml", "2027-11-20", 42)]
    project, content = loaded
    earlier = build_report(content, project.languages.codes, load_schemas(str(project.schemas_dir)), "2027-11-20")
    assert earlier.overdue == []  # due that day, not yet overdue


def test_drafts(report):
    assert [(item.kind, item.id) for item in report.drafts] == [("case-study", "draft-case")]


def test_counts_per_term(report):
    counts = {(row.taxonomy, row.term): (row.case_studies, row.tools) for rows in report.terms.values() for row in rows}
    assert counts[("partner-types", "government")] == (3, 0)
    assert counts[("partner-types", "development-partner")] == (1, 0)
    assert counts[("stages", "reviewing-and-revising")] == (1, 1)
    assert counts[("principles", "shared-goal")] == (0, 0)      # unused terms are listed too
    assert counts[("audiences", "twg-chair")] == (0, 1)
    assert [row.term for row in report.terms["principles"]] == ["mutual-accountability", "shared-goal"]


def test_json_output_parses(report):
    code, out, _ = run("--root", MINI, "report", "--format", "json", "--today", "2028-01-01")
    assert code == 0
    data = json.loads(out)
    assert data["today"] == "2028-01-01" and data["problems"] == 0
    assert data["coverage"]["km"] == {"lang": "km", "present": 32, "missing": 10, "total": 42, "percent": 76}
    assert [item["id"] for item in data["overdue"]] == ["joint-health-review"]
    assert [item["id"] for item in data["drafts"]] == ["draft-case"]
    assert data["counts"] == {"case-study": 3, "tool": 1, "term": 2, "taxonomy": 8, "training": 0, "event": 0}


def test_text_output(report):
    code, out, _ = run("--root", MINI, "report", "--today", "2028-01-01")
    assert code == 0
    assert "3 case studies, 1 tool, 2 glossary terms, 8 taxonomies" in out
    assert "km  ខ្មែរ" in out and "32 / 42" in out and "76%" in out
    assert "casestudies/joint-health-review.yml: due 2027-11-20 (42 days ago)" in out
    assert "  casestudies/draft-case.yml" in out


def test_report_exits_0_even_with_problems(tmp_path):
    import shutil
    shutil.copytree(FIXTURES / "mini", tmp_path / "p")
    (tmp_path / "p" / "casestudies" / "broken.yml").write_text("id: broken\nstatus: nope\n", encoding="utf-8")
    code, out, _ = run("--root", str(tmp_path / "p"), "report", "--format", "json")
    assert code == 0 and json.loads(out)["problems"] > 0


def test_usage_errors_exit_2():
    assert run("--root", MINI, "report", "--format", "pdf")[0] == 2
    assert run("--root", MINI, "report", "--today", "yesterday")[0] == 2
    assert run("--root", MINI, "report", "--lang", "fr")[0] == 2


@pytest.mark.parametrize("lang", ["en", "km"])
def test_markdown_in_each_site_language(loaded, lang):
    project, content = loaded
    text = report_markdown(content, project.languages, lang, "2028-01-01")
    t = lambda key, **v: project.languages.t(lang, key, **v)  # noqa: E731
    assert text.startswith(f"# {t('status_title')}")
    for key in ("status_translation", "status_draft_translations", "status_overdue", "status_drafts", "status_terms"):
        assert t(key) in text
    # Interface strings come from locales/<lang>.yml, in that language, for every key the report uses.
    assert project.languages.strings[lang]["status_title"] == t("status_title")
    assert "`casestudies/joint-health-review.yml`" in text
    if lang == "km":
        assert "ការពិនិត្យឡើងវិញរួមលើវិស័យសុខាភិបាល" in text      # record titles in Khmer
        assert "ខ្មែរ" in text and "២០២៧" in text                 # dates in Khmer digits (locales/km.yml)
    else:
        assert "Joint health sector review" in text and "November 20, 2027" in text
    code, out, _ = run("--root", MINI, "report", "--format", "markdown", "--lang", lang, "--today", "2028-01-01")
    assert code == 0 and out == text


def test_every_status_key_is_in_both_locales():
    import re

    import yaml
    from conftest import REPO
    # Every status_ key the report names, whether passed to t() or to a helper that calls it.
    used = set(re.findall(r"[\"'](status_\w+)[\"']", (REPO / "resource_centre" / "contribute" / "report.py").read_text(encoding="utf-8")))
    assert {"status_overdue", "status_consents_intro", "status_event_ended"} <= used
    for lang in ("en", "km"):
        strings = yaml.safe_load((REPO / "locales" / f"{lang}.yml").read_text(encoding="utf-8"))
        assert used <= set(strings), used - set(strings)
