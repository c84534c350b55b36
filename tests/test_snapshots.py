"""Snapshot (golden) tests of rendered pages and page fragments, per kind and per language.

The renderers are called directly on the mini fixture's records, not through a MkDocs build, so a
change to a page's Markdown or a fragment's HTML shows as a readable diff of
``tests/__snapshots__/test_snapshots.ambr``. When a change is meant, review the diff and accept it
with ``pytest tests/test_snapshots.py --snapshot-update``.
"""
from __future__ import annotations

import json
import re

import pytest
from conftest import FIXTURES

from resource_centre.contribute.report import report_markdown
from resource_centre.contribute.submission import SendTo, submit_page
from resource_centre.records.project import open_project
from resource_centre.records.schema import load_schemas
from resource_centre.site.record_pages import case_study_page, tool_page
from resource_centre.site.render import (
    Ctx,
    card,
    chips,
    facts,
    fallback_notices,
    glossary_page,
    notice_block,
    notices,
    term_page,
)

LANGS = ("en", "km")
TODAY = "2026-01-15"  # the Status page counts overdue reviews from this day


@pytest.fixture(scope="module")
def loaded():
    project = open_project(FIXTURES / "mini")
    content, problems = project.load()
    assert not problems.sorted(), problems.sorted()
    assert set(LANGS) <= set(project.languages.codes)
    return content, project.languages, load_schemas(str(project.schemas_dir))


def ctx(loaded, lang: str) -> Ctx:
    content, languages, _ = loaded
    return Ctx(content, languages, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_case_study_page(loaded, lang, snapshot):
    content = loaded[0]
    assert case_study_page(ctx(loaded, lang), content.case_studies["joint-health-review"]) == snapshot


@pytest.mark.parametrize("lang", LANGS)
def test_tool_page(loaded, lang, snapshot):
    content = loaded[0]
    assert tool_page(ctx(loaded, lang), content.tools["health-check"]) == snapshot


@pytest.mark.parametrize("lang", LANGS)
def test_glossary_page(loaded, lang, snapshot):
    assert glossary_page(ctx(loaded, lang)) == snapshot


@pytest.mark.parametrize("lang", LANGS)
def test_taxonomy_term_page(loaded, lang, snapshot):
    assert term_page(ctx(loaded, lang), "twgs", "health") == snapshot


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind,record_id", [("case_studies", "joint-health-review"), ("tools", "health-check")])
def test_card(loaded, lang, kind, record_id, snapshot):
    record = getattr(loaded[0], kind)[record_id]
    assert card(ctx(loaded, lang), record, "browse/twgs/health.md") == snapshot


@pytest.mark.parametrize("lang", LANGS)
def test_notice_block(loaded, lang, snapshot):
    # joint-health-review is illustrative and its Khmer is a draft with parts missing: every kind of notice.
    page = ctx(loaded, lang)
    record = loaded[0].case_studies["joint-health-review"]
    case_study_page(page, record)  # fills page.fallbacks, as a page's own text does
    assert notice_block(page, notices(page, record) + fallback_notices(page, whole=False)) == snapshot


@pytest.mark.parametrize("lang", LANGS)
def test_fact_table(loaded, lang, snapshot):
    page = ctx(loaded, lang)
    record = loaded[0].case_studies["joint-health-review"]
    period = record.get("period")
    rows = [(page.t("twgs"), chips(page, "twgs", record.get("twgs"), "case-studies")),
            (page.t("period"), page.languages.period(lang, period["start"], period.get("end")))]
    assert facts(page, rows) == snapshot


@pytest.mark.parametrize("lang", LANGS)
def test_status_page(loaded, lang, snapshot):
    content, languages, schemas = loaded
    assert report_markdown(content, languages, lang, TODAY, schemas) == snapshot


@pytest.mark.parametrize("lang", LANGS)
def test_submit_page(loaded, lang, snapshot):
    content, languages, schemas = loaded
    send_to = SendTo(email="twg-secretariat@example.org", github_issues="https://github.com/example/records/issues")
    page = submit_page(content, languages, lang, schemas, send_to=send_to)
    # The form's spec is one long line of JSON: shown indented, so a change to one field is one line of diff.
    spec = re.search(r'<script type="application/json" id="rc-submit-spec">(.*?)</script>', page)
    readable = json.dumps(json.loads(spec.group(1)), ensure_ascii=False, indent=1, sort_keys=True)
    assert page.replace(spec.group(1), "\n" + readable + "\n") == snapshot
