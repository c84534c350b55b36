"""One place per case-study fact field (resource_centre/records/case_study_fields.py): the fact table and the
open-data spreadsheets read it, and every name in it exists where it points (schema, locales, taxonomies)."""
from __future__ import annotations

import dataclasses

import pytest
from conftest import FIXTURES

from resource_centre.editions.opendata import CSV_COLUMNS
from resource_centre.records import case_study_fields
from resource_centre.records.case_study_fields import BY_FIELD, COLUMN_ORDER, FACTS, open_data_columns
from resource_centre.records.kinds import BY_NAME
from resource_centre.records.project import REPO, open_project
from resource_centre.records.schema import load_schemas
from resource_centre.site import record_pages, render


def test_each_fact_field_is_named_once_and_exists():
    fields = [fact.field for fact in FACTS]
    assert len(set(fields)) == len(fields) and sorted(COLUMN_ORDER) == sorted(fields)
    schema = load_schemas(str(REPO / "schemas")).field_schema(BY_NAME["case-study"].schema, ())
    languages = open_project(REPO).languages
    for fact in FACTS:
        assert fact.field in schema["properties"], fact
        assert fact.shows in record_pages.FACT_VALUES, fact
        assert (fact.shows == "terms") == bool(fact.taxonomy), fact
        assert not fact.taxonomy or (REPO / "taxonomies" / f"{fact.taxonomy}.yml").is_file(), fact
        for code in languages.codes:
            assert languages.t(code, fact.label), (fact, code)


def test_the_spreadsheet_columns_come_from_the_table():
    columns = CSV_COLUMNS["case-study"]
    start = columns.index(open_data_columns()[0])
    assert columns[start:start + len(open_data_columns())] == open_data_columns()
    assert all(columns.count(c) == 1 for fact in FACTS for c in fact.columns)
    assert open_data_columns()[:3] == ["twgs", "partners", "partner_types"]  # the published order


@pytest.fixture(scope="module")
def loaded():
    project = open_project(FIXTURES / "mini")
    content, _ = project.load()
    return content, project.languages


def test_the_fact_table_follows_the_table(loaded, monkeypatch):
    content, languages = loaded
    record = content.case_studies["joint-health-review"]
    page = record_pages.case_study_page(render.Ctx(content, languages, "en"), record)
    assert "<dt>Period</dt>" in page and page.index("<dt>Partners</dt>") < page.index("<dt>Period</dt>")
    # The period last, labelled by another locale word: the page follows the table, not names of its own.
    moved = [f for f in FACTS if f.field != "period"] + [dataclasses.replace(BY_FIELD["period"], label="tags")]
    monkeypatch.setattr(record_pages, "CASE_STUDY_FACTS", tuple(moved))
    page = record_pages.case_study_page(render.Ctx(content, languages, "en"), record)
    assert "<dt>Period</dt>" not in page
    table = page[page.index('<dl class="rc-facts"'):page.index("</dl>")]
    assert table.rindex("<dt>") == table.index("<dt>Tags</dt>")
    assert case_study_fields.FACTS == FACTS  # the module's own table is untouched
