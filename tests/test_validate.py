"""The validator on the valid fixture, the command's exit codes, and schema-derived relations."""
from __future__ import annotations

import contextlib
import io

from conftest import FIXTURES, REPO

from resource_centre.cli import main
from resource_centre.records.project import open_project


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_valid_records_pass_with_exit_0():
    code, out, err = run("--root", str(FIXTURES / "mini"), "validate")
    assert (code, out) == (0, "")
    assert "All records are valid." in err


def test_usage_errors_exit_2(tmp_path):
    assert run("frobnicate")[0] == 2
    assert run()[0] == 2
    assert run("--root", str(tmp_path), "validate")[0] == 2


def test_github_annotations_name_file_and_line(tmp_path):
    import shutil
    shutil.copytree(FIXTURES / "mini", tmp_path / "p")
    path = tmp_path / "p" / "casestudies" / "provincial-education.yml"
    path.write_text(path.read_text().replace("status: published", "status: publishd"))
    code, out, _ = run("--root", str(tmp_path / "p"), "validate", "--github")
    assert code == 1
    assert "::error file=casestudies/provincial-education.yml,line=2,col=9::status: 'publishd' is not allowed" in out


def test_taxonomy_fields_come_from_the_schema():
    content, problems = open_project(FIXTURES / "mini").load()
    assert not problems
    case = content.case_studies["joint-health-review"]
    assert content.term_values(case, "partner-types") == ["government", "development-partner"]
    assert content.term_values(case, "provinces") == ["siem-reap"]
    assert content.term_values(case, "scopes") == ["provincial"]
    assert content.tool_users() == {"health-check": ["joint-health-review"]}
    assert content.related("provincial-education") == ["joint-health-review"]


def test_a_preview_keeps_schema_findings_but_sees_every_edit(tmp_path):
    """KeptChecks (mkdocs serve): an unchanged file is not checked again; an edited one is."""
    import os

    from conftest import make_project

    from resource_centre.records.validate import KeptChecks

    project = open_project(make_project(tmp_path / "p"))
    record = project.root / "casestudies" / "provincial-education.yml"
    checks = KeptChecks()
    _, clean = project.load(kept=checks)
    kept = dict(checks.findings)
    assert kept and not list(clean)
    _, again = project.load(kept=checks)
    assert checks.findings == kept            # nothing edited: nothing checked again
    record.write_text(record.read_text(encoding="utf-8").replace("status: published", "status: publishd"),
                      encoding="utf-8")
    os.utime(record, ns=(record.stat().st_atime_ns, record.stat().st_mtime_ns + 10**9))
    _, broken = project.load(kept=checks)
    assert any("'publishd' is not allowed" in p.message for p in broken), list(broken)
    now = checks.findings                     # the edited file's old findings are dropped
    assert len(now) == len(kept) and len(set(now) - set(kept)) == 1
    # Another project in the same process keeps nothing unless given a KeptChecks of its own.
    other = open_project(make_project(tmp_path / "q"))
    assert not list(other.load()[1]) and checks.findings == now


def _with_periods(root, periods: dict[str, str]):
    """The mini fixture with a ``period:`` line written as given into each named case study."""
    import shutil

    shutil.copytree(FIXTURES / "mini", root)
    for name, line in periods.items():
        path = root / "casestudies" / f"{name}.yml"
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("period:")]
        path.write_text("\n".join(lines + [line]) + "\n", encoding="utf-8")
    return open_project(root)


def test_a_year_may_be_written_as_a_number_and_every_page_sees_text(tmp_path):
    """`period: {start: 2019}` is what contributors write (YAML reads a number); it is read as '2019'
    where records are loaded, so pages, the explorer's filter and open data are the same as for "2019"."""
    from conftest import REPO

    from resource_centre.build.pages import plan_pages
    from resource_centre.editions.opendata import open_data_files
    from resource_centre.records.schema import load_schemas

    numbers = _with_periods(tmp_path / "numbers", {"provincial-education": "period: {start: 2019, end: 2021}",
                                                   "joint-health-review": "period: {start: 2019-03, end: 2020}"})
    texts = _with_periods(tmp_path / "texts", {"provincial-education": 'period: {start: "2019", end: "2021"}',
                                               "joint-health-review": 'period: {start: 2019-03, end: "2020"}'})
    (content, problems), (expected, _) = numbers.load(), texts.load()
    assert list(problems) == []
    assert content.case_studies["provincial-education"].get("period") == {"start": "2019", "end": "2021"}
    assert {k: r.data for k, r in content.case_studies.items()} == {k: r.data for k, r in expected.case_studies.items()}
    schemas = load_schemas(str(REPO / "schemas"))
    pages = {(p.lang, p.path): p.text for p in plan_pages(content, numbers.languages, schemas)}
    assert pages == {(p.lang, p.path): p.text for p in plan_pages(expected, texts.languages, schemas)}
    assert '"2019","2021"]' in pages[("en", "case-studies/cards.js")]  # the explorer's period filter reads text
    data = open_data_files(content, numbers.languages, site_name="x", site_url="https://example.org/")
    assert data == open_data_files(expected, texts.languages, site_name="x", site_url="https://example.org/")


def test_period_order_is_checked_for_years_and_months_written_either_way(tmp_path):
    """A year and a month are compared at the coarser of the two: 2019-05 to 2019 ends within its year."""
    project = _with_periods(tmp_path / "p", {"provincial-education": "period: {start: 2019-05, end: 2019}",
                                             "joint-health-review": 'period: {start: "2021", end: 2020-12}'})
    _, problems = project.load()
    assert [(p.file, p.message) for p in problems.sorted()] == [
        ("casestudies/joint-health-review.yml", "period.end: 2020-12 is before start 2021")]


def test_an_empty_value_is_called_empty_whatever_the_keyword():
    """`status:` with nothing after it is empty, not "'None' is not allowed" (issue #21): enum and
    const list what to write; any other keyword that meets the empty value says it is empty."""
    from conftest import REPO
    from jsonschema import Draft202012Validator

    from resource_centre.records.schema import findings, load_schemas

    schema = {"properties": {"a": {"enum": ["published", "draft"], "description": "Where it shows."},
                             "b": {"const": "x"},
                             "c": {"anyOf": [{"type": "string"}, {"type": "integer"}]}}}
    errors = Draft202012Validator(schema).iter_errors({"a": None, "b": None, "c": None})
    found = findings(errors, load_schemas(str(REPO / "schemas")))
    assert sorted((f.message, f.hint) for f in found) == [
        ("a: is empty; use one of: published, draft", "write it after the colon — Where it shows."),
        ("b: is empty; use x", "write it after the colon"),
        ("c: is empty", "write the value after the colon, or delete the line if the field is optional")]


def test_a_reference_to_a_file_with_a_problem_follows_that_file_in_a_preview(tmp_path):
    """A reference to a record whose file cannot be read names that file (issue #21); when the file
    is then deleted, the kept findings of the referring record are not reused: the id is now missing."""
    import shutil

    from resource_centre.records import validate

    shutil.copytree(FIXTURES / "mini", tmp_path / "p")
    project = open_project(tmp_path / "p")
    target = project.root / "casestudies" / "provincial-education.yml"
    target.write_text(target.read_text(encoding="utf-8") + "status: draft\n", encoding="utf-8")
    checks = validate.KeptChecks()
    messages = [p.message for p in project.load(kept=checks)[1].sorted() if p.file == "casestudies/joint-health-review.yml"]
    assert messages == ["related[0]: the case-study 'provincial-education' has a problem of its own"]
    target.unlink()
    messages = [p.message for p in project.load(kept=checks)[1].sorted() if p.file == "casestudies/joint-health-review.yml"]
    assert messages == ["related[0]: no case-study has the id 'provincial-education'"]


def test_the_slug_rule_is_the_schemas():
    """schema.SLUG (file names, `new --id`) is common.schema.json's `slug`, written once more only as a regex."""
    import json

    from resource_centre.records.schema import SLUG, SLUG_MAX
    slug = json.loads((REPO / "schemas" / "common.schema.json").read_text(encoding="utf-8"))["$defs"]["slug"]
    assert (SLUG.pattern, SLUG_MAX) == (slug["pattern"], slug["maxLength"])


def test_dates_in_order_are_compared_at_the_coarser_of_two_forms():
    from resource_centre.records.schema import DATE_ORDERS
    review, period = DATE_ORDERS
    assert not period.broken("2019-05", "2019") and period.broken("2019-05", "2019-04") and period.broken("2020", "2019-12")
    assert review.broken("2026-01-02", "2026-01-01") and not review.broken("2026-01-01", "2026-01-01")
    assert not review.broken("2026-01-02", "2026-1-1")  # not a date: the schema says so, not this rule
