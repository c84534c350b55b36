"""`resource-centre new`: a record started from its schema, valid apart from the fields still to write."""
from __future__ import annotations

import contextlib
import io
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, REPO

from resource_centre.cli import main
from resource_centre.contribute.scaffold import record_id, render_record, slug_for
from resource_centre.records.kinds import BY_NAME
from resource_centre.records.schema import load_schemas

TODAY = "2026-05-01"
LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<field>[^:]+): (?P<message>.*)$")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "p"
    shutil.copytree(FIXTURES / "mini", root)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def problems_of(project: Path, rel: str) -> list[re.Match]:
    code, out, _ = run("--root", str(project), "validate")
    lines = [LINE.match(line) for line in out.splitlines() if line.startswith(rel + ":")]
    assert all(lines), out
    return lines


def key_order(text: str) -> list[str]:
    """Top-level field names in file order, whether written out or commented out."""
    keys = []
    for line in text.splitlines():
        m = re.match(r"^(?:# )?([a-z_]+):(?: |$)", line)
        if m and not line.startswith("# yaml-language-server"):
            keys.append(m.group(1))
    return keys


def line_of(text: str, pattern: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if re.search(pattern, line):
            return number
    raise AssertionError(f"{pattern!r} not in the file")


def test_new_case_study_writes_every_schema_field_in_order(project):
    code, out, err = run("--root", str(project), "new", "case-study", "--title", "Joint health sector review",
                         "--today", TODAY)
    assert code == 0, err
    path = project / "casestudies" / "joint-health-sector-review.yml"
    assert path.is_file()
    assert "casestudies/joint-health-sector-review.yml" in out
    assert "mkdocs serve" in out and "resource-centre validate" in out
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../schemas/case-study.schema.json"
    schema = load_schemas(str(REPO / "schemas")).documents["case-study.schema.json"]
    assert key_order(text) == list(schema["properties"])
    data = yaml.safe_load(text)
    assert data["id"] == "joint-health-sector-review"
    assert data["status"] == "draft"
    assert data["title"] == {"en": "Joint health sector review"}
    assert str(data["review"]["last_reviewed"]) == TODAY
    # Each field is preceded by a comment taken from the schema's description.
    lines = text.splitlines()
    summary = line_of(text, r"^summary:")
    assert lines[summary - 2] == "# One to three sentences: who partnered, on what, and what it achieved. (required)"
    assert "# The partner organisations and what each brought. (required)" in lines
    assert "# Where the partnership worked." in lines
    # Optional fields are commented out; taxonomy fields name the ids the project has.
    assert "# twgs: []" in lines and "# Ids from taxonomies/twgs.yml: health." in lines


def test_validate_names_exactly_the_fields_still_to_fill_with_their_lines(project):
    run("--root", str(project), "new", "case-study", "--title", "Joint health sector review", "--today", TODAY)
    rel = "casestudies/joint-health-sector-review.yml"
    text = (project / rel).read_text(encoding="utf-8")
    found = problems_of(project, rel)
    assert [m.group("field") for m in found] == ["summary.en", "partners[0].name.en", "partners[0].type"]
    assert [int(m.group("line")) for m in found] == [
        line_of(text, r"^summary:") + 1, line_of(text, r"^  - name:") + 1, line_of(text, r"^    type:")]
    # Every other record of the project is still valid: nothing else is reported.
    code, out, _ = run("--root", str(project), "validate")
    assert code == 1 and len(out.splitlines()) == 3
    # The command itself listed the same problems as the fields still to fill.
    shutil.rmtree(project / "casestudies")
    (project / "casestudies").mkdir()
    _, out, _ = run("--root", str(project), "new", "case-study", "--title", "Joint health sector review")
    assert sum(rel + ":" in line for line in out.splitlines()) == 3


def test_filled_record_is_valid(project):
    run("--root", str(project), "new", "case-study", "--title", "Joint health sector review", "--today", TODAY)
    path = project / "casestudies" / "joint-health-sector-review.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("summary:\n  en:\n", "summary:\n  en: Partners reviewed the sector together.\n")
    text = text.replace("  - name:\n      en:\n", "  - name:\n      en: Ministry of Health\n")
    text = text.replace("    type:\n", "    type: government\n")
    path.write_text(text, encoding="utf-8")
    assert run("--root", str(project), "validate")[0] == 0


def test_uncommented_optional_fields_are_named_too(project):
    """Removing the # of an optional block brings it in; validate then names what it still needs."""
    run("--root", str(project), "new", "case-study", "--title", "Joint health sector review", "--today", TODAY)
    path = project / "casestudies" / "joint-health-sector-review.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index("# period:")
    lines[start:start + 5] = [line[2:] for line in lines[start:start + 5]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    fields = [m.group("field") for m in problems_of(project, "casestudies/joint-health-sector-review.yml")]
    assert "period.start" in fields and "period.end" not in fields


def test_refuses_to_overwrite_with_exit_1(project):
    before = (project / "casestudies" / "joint-health-review.yml").read_text(encoding="utf-8")
    code, _, err = run("--root", str(project), "new", "case-study", "--title", "Joint health review")
    assert code == 1
    assert "casestudies/joint-health-review.yml already exists" in err
    assert (project / "casestudies" / "joint-health-review.yml").read_text(encoding="utf-8") == before


@pytest.mark.parametrize("title", ["", "   ", "!!!", "—"])
def test_empty_or_unsluggable_title_exits_2(project, title):
    before = sorted((project / "casestudies").iterdir())
    code, _, err = run("--root", str(project), "new", "case-study", "--title", title)
    assert code == 2
    assert "title" in err
    assert sorted((project / "casestudies").iterdir()) == before


def test_usage_errors_exit_2(project):
    assert run("--root", str(project), "new", "case-study")[0] == 2                      # no --title
    assert run("--root", str(project), "new", "taxonomy", "--title", "X")[0] == 2          # not a new-able kind
    assert run("--root", str(project), "new", "tool", "--title", "X", "--lang", "fr")[0] == 2
    assert run("--root", str(project), "new", "tool", "--title", "X", "--today", "2026-13-01")[0] == 2
    assert run("--root", str(project), "new", "tool", "--title", "X", "--id", "Not A Slug")[0] == 2


def test_new_tool_and_new_term(project):
    code, _, err = run("new", "tool", "--title", "Partnering agreement template", "--root", str(project),
                       "--today", TODAY)
    assert code == 0, err
    tool = (project / "tools" / "partnering-agreement-template.yml").read_text(encoding="utf-8")
    assert tool.startswith("# yaml-language-server: $schema=../schemas/tool.schema.json\n")
    assert key_order(tool) == list(load_schemas(str(REPO / "schemas")).documents["tool.schema.json"]["properties"])
    code, _, err = run("new", "term", "--title", "Harmonisation", "--root", str(project))
    assert code == 0, err
    term = yaml.safe_load((project / "glossary" / "harmonisation.yml").read_text(encoding="utf-8"))
    assert term == {"id": "harmonisation", "term": {"en": "Harmonisation"}, "definition": {"en": None}}
    assert [m.group("field") for m in problems_of(project, "tools/partnering-agreement-template.yml")] == ["summary.en"]
    assert [m.group("field") for m in problems_of(project, "glossary/harmonisation.yml")] == ["definition.en"]


def test_khmer_title_with_lang_and_id(project):
    code, _, err = run("--root", str(project), "new", "case-study", "--title", "ការពិនិត្យឡើងវិញរួម",
                       "--lang", "km", "--id", "joint-review", "--today", TODAY)
    assert code == 0, err
    data = yaml.safe_load((project / "casestudies" / "joint-review.yml").read_text(encoding="utf-8"))
    assert data["title"] == {"km": "ការពិនិត្យឡើងវិញរួម"} and data["summary"] == {"km": None}
    assert [m.group("field") for m in problems_of(project, "casestudies/joint-review.yml")] == [
        "summary.km", "partners[0].name.km", "partners[0].type"]


def test_titles_that_need_quoting_survive():
    schemas = load_schemas(str(REPO / "schemas"))
    for title in ['Review: "joint" #1', "yes", "2019", "- dash", "a: b"]:
        text = render_record(schemas, BY_NAME["case-study"], "x", title, "en", TODAY)
        assert yaml.safe_load(text)["title"] == {"en": title}


def test_slugs_are_ascii_and_bounded():
    assert slug_for("Joint health sector review") == "joint-health-sector-review"
    assert slug_for("Ministry's role (2019)") == "ministry-s-role-2019"
    long = record_id("word " * 40)
    assert len(long) <= 80 and long.isascii() and not long.endswith("-")


def test_reader_follows_references_inside_the_shared_schema():
    reader = load_schemas(str(REPO / "schemas"))
    sections = reader.documents["case-study.schema.json"]["properties"]["sections"]["properties"]
    assert reader.is_markdown(sections["context"]) and reader.is_localised(sections["context"])
    review = reader.resolve(reader.documents["case-study.schema.json"]["properties"]["review"])
    assert reader.resolve(review["properties"]["last_reviewed"])["format"] == "date"


def test_each_field_still_to_fill_has_its_own_hint(project):
    """The hints `new` prints are the ones written for each field, not those of the shared definition
    the field refers to (a partner's type was explained as a slug: 'Lowercase ASCII letters, ...')."""
    _, out, _ = run("--root", str(project), "new", "case-study", "--title", "Joint health sector review",
                    "--today", TODAY)
    rel = "casestudies/joint-health-sector-review.yml"
    text = (project / rel).read_text(encoding="utf-8")
    empty = "is empty; expected text (write the value after the colon, or delete the line if the field is optional"
    assert [line.strip() for line in out.splitlines() if rel + ":" in line and "Wrote" not in line
            and not line.strip().startswith("1.")] == [
        f"{rel}:{line_of(text, r'^summary:') + 1}:6: summary.en: {empty})",
        f"{rel}:{line_of(text, r'^  - name:') + 1}:10: partners[0].name.en: {empty})",
        f"{rel}:{line_of(text, r'^    type:')}:10: partners[0].type: {empty} — government, development-partner, ngo, "
        "private-sector, academic, community or multilateral.)",
    ]
    for kind in ("tool", "term"):
        _, out, _ = run("--root", str(project), "new", kind, "--title", "Something new", "--today", TODAY)
        assert "Lowercase ASCII" not in out


def test_a_period_filled_in_as_years_is_valid(project):
    """The template says 'a year (YYYY)'; writing `start: 2019` (a YAML number) is accepted."""
    run("--root", str(project), "new", "case-study", "--title", "Joint health sector review", "--today", TODAY)
    path = project / "casestudies" / "joint-health-sector-review.yml"
    text = path.read_text(encoding="utf-8")
    assert "#   # Start: a year (YYYY) or a month (YYYY-MM), e.g. 2019 or 2019-05. (required)" in text.splitlines()
    text = text.replace("summary:\n  en:\n", "summary:\n  en: Partners reviewed the sector together.\n")
    text = text.replace("  - name:\n      en:\n", "  - name:\n      en: Ministry of Health\n")
    text = text.replace("    type:\n", "    type: government\n")
    text = text.replace("# period:\n", "period:\n").replace("#   start:\n", "  start: 2019\n")
    text = text.replace("#   # end:\n", "  end: 2021\n")
    path.write_text(text, encoding="utf-8")
    assert yaml.safe_load(text)["period"] == {"start": 2019, "end": 2021}
    code, out, _ = run("--root", str(project), "validate")
    assert (code, out) == (0, "")
