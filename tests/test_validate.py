"""The validator on the valid fixture, the command's exit codes, and schema-derived relations."""
from __future__ import annotations

import contextlib
import io

from conftest import FIXTURES
from resource_centre.cli import main
from resource_centre.project import open_project


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
    """remember_checks (mkdocs serve): an unchanged file is not checked again; an edited one is."""
    import os

    from conftest import make_project
    from resource_centre import validate

    project = open_project(make_project(tmp_path / "p"))
    record = project.root / "casestudies" / "provincial-education.yml"
    validate.remember_checks(True)
    try:
        _, clean = project.load()
        kept = dict(validate._schema_findings_kept)
        assert kept and not list(clean)
        _, again = project.load()
        assert validate._schema_findings_kept == kept            # nothing edited: nothing checked again
        record.write_text(record.read_text(encoding="utf-8").replace("status: published", "status: publishd"),
                          encoding="utf-8")
        os.utime(record, ns=(record.stat().st_atime_ns, record.stat().st_mtime_ns + 10**9))
        _, broken = project.load()
        assert any("'publishd' is not allowed" in p.message for p in broken), list(broken)
        now = validate._schema_findings_kept                     # the edited file's old findings are dropped
        assert len(now) == len(kept) and len(set(now) - set(kept)) == 1
    finally:
        validate.remember_checks(False)


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
    from resource_centre.opendata import open_data_files
    from resource_centre.pages import plan_pages
    from resource_centre.schema import load_schemas
    from conftest import REPO

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
    assert 'data-start="2019" data-end="2021"' in pages[("en", "case-studies/index.md")]
    data = open_data_files(content, numbers.languages, site_name="x", site_url="https://example.org/")
    assert data == open_data_files(expected, texts.languages, site_name="x", site_url="https://example.org/")


def test_period_order_is_checked_for_years_and_months_written_either_way(tmp_path):
    """A year and a month are compared at the coarser of the two: 2019-05 to 2019 ends within its year."""
    project = _with_periods(tmp_path / "p", {"provincial-education": "period: {start: 2019-05, end: 2019}",
                                             "joint-health-review": 'period: {start: "2021", end: 2020-12}'})
    _, problems = project.load()
    assert [(p.file, p.message) for p in problems.sorted()] == [
        ("casestudies/joint-health-review.yml", "period.end: 2020-12 is before start 2021")]
