"""The "Submit a case study" form: made from the schema, checked by the same rules, saving a valid record."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker

from conftest import FIXTURES, REPO, make_project, mkdocs, resource_centre, wait_until
from resource_centre.pages import plan_pages
from resource_centre.project import open_project
from resource_centre.schema import References, load_schemas
from resource_centre.submission import bundled_schema, form_spec, submit_page
from resource_centre.validate import _countries, check_dates, check_text
from resource_centre.yamlload import LoadError, load_file

BAD = Path(__file__).resolve().parent / "bad_records"
PAGE = "contribute/submit.md"


def _project(root: Path = FIXTURES / "mini"):
    project = open_project(root)
    content, _ = project.load()
    return project, content, load_schemas(str(project.schemas_dir))


def _refs(node):
    if isinstance(node, dict):
        return (["$ref"] if "$ref" in node else []) + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


# Python side ---------------------------------------------------------------------------------

def test_bundled_schema_is_self_contained_and_validates_the_fixture():
    _, _, schemas = _project()
    bundled = bundled_schema(schemas)
    assert _refs(bundled) == []
    assert "$defs" not in json.dumps(bundled)
    Draft202012Validator.check_schema(bundled)
    validator = Draft202012Validator(bundled, format_checker=FormatChecker())
    for path in sorted((FIXTURES / "mini" / "casestudies").glob("*.yml")):
        assert list(validator.iter_errors(load_file(path).data)) == [], path.name
    # Descriptions and project keywords survive the inlining; the property's own description wins.
    props = bundled["properties"]
    assert props["sections"]["properties"]["context"]["description"] == "The situation before the partnership."
    assert props["partners"]["items"]["properties"]["type"]["x-taxonomy"] == "partner-types"
    assert props["title"]["propertyNames"]["x-language"] is True
    assert props["review"]["properties"]["last_reviewed"]["format"] == "date"
    assert list(props)[:4] == ["id", "status", "illustrative", "title"]
    broken = load_file(FIXTURES / "mini" / "casestudies" / "provincial-education.yml").data
    del broken["partners"]
    broken["period"] = {"start": "2020-13"}
    assert len(list(validator.iter_errors(broken))) == 2


def test_bundled_schema_gives_the_same_verdicts_as_the_schema_files():
    _, _, schemas = _project()
    original = schemas.validator("case-study.schema.json", References())
    bundled = Draft202012Validator(bundled_schema(schemas), format_checker=FormatChecker())
    for data in _bad_case_studies().values():
        assert bool(list(bundled.iter_errors(data))) == bool(
            [e for e in original.iter_errors(data) if not e.validator.startswith("x-")])


def test_form_spec_speaks_the_readers_language():
    project, content, schemas = _project()
    spec = form_spec(content, project.languages, "km", schemas)
    terms = {t["id"]: t["label"] for t in spec["taxonomies"]["partner-types"]["terms"]}
    assert terms["government"] == "រដ្ឋាភិបាល"
    assert spec["taxonomies"]["twgs"]["terms"] == [{"id": "health", "label": "សុខាភិបាល"}]
    assert set(spec["taxonomies"]) >= {"twgs", "partner-types", "principles", "stages", "scopes", "provinces"}
    assert spec["fields"]["title"]["label"] == "ចំណងជើង"
    assert spec["fields"]["partners.name"]["label"] == "ឈ្មោះស្ថាប័ន"
    assert spec["strings"]["submit_download"] == "ពិនិត្យ និងទាញយកឯកសារ"
    assert [(lang["code"], lang["name"]) for lang in spec["languages"]] == [("en", "អង់គ្លេស"), ("km", "ខ្មែរ")]
    assert {r["id"] for r in spec["records"]["tool"]} == {"health-check"}
    assert "joint-health-review" in spec["existing_ids"]
    # Every field the form shows has its help in Khmer, not the schema's English.
    shown = {k: v for k, v in spec["fields"].items() if k.split(".")[0] not in spec["auto"]}
    english = {k: v["help"] for k, v in shown.items() if re.search(r"[A-Za-z]{4,}", v["help"].replace("Markdown", ""))
               and not re.search(r"[\u1780-\u17ff]", v["help"])}
    assert english == {}
    en = form_spec(content, project.languages, "en", schemas)
    assert en["fields"]["summary"]["help"] == schemas.documents["case-study.schema.json"]["properties"]["summary"]["description"]
    assert "sections.results" in en["multiline"]


def test_submit_page_carries_the_spec_safely():
    project, content, schemas = _project()
    content.case_studies["provincial-education"].data["title"]["en"] = "</script><script>alert(1)</script> & <!-- x"
    for lang in project.languages.codes:
        page = submit_page(content, project.languages, lang, schemas, email="twg@example.org",
                           issues_url="https://github.com/example/resource-centre/issues")
        match = re.search(r'<script type="application/json" id="rc-submit-spec">(.*?)</script>', page, re.S)
        assert match and "<" not in match.group(1) and "\n" not in match.group(1)
        spec = json.loads(match.group(1))
        assert spec["lang"] == lang
        assert any(r["label"].startswith("</script>") for r in spec["records"]["case-study"])
        assert page.count("<script") == 1
        assert '<form id="rc-submit-form"' in page and "mailto:twg@example.org" in page
        assert "/issues/new?title=Propose+a+case+study" in page
        assert page.startswith("---\n")


# In the browser ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def submit_site(tmp_path_factory):
    """The mini fixture built with ``mkdocs build --strict``: the submit page is planned in both languages."""
    project = make_project(tmp_path_factory.mktemp("submit") / "project")
    mkdocs(project, "build", "--strict")
    return project


def _open(browser, url: str):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(f"{e.message}\n{e.stack}"))
    page.goto(url)
    page.wait_for_selector("#rc-submit-form:not([hidden]) fieldset")
    return context, page, requests, errors


def _field(page, label: str, lang: str | None = None):
    """The control labelled ``label`` (inside the fieldset of that legend when ``lang`` is given)."""
    if lang is None:
        return page.get_by_label(label, exact=True).first
    group = page.locator("fieldset", has=page.locator(f"xpath=./legend[starts-with(normalize-space(.), '{label}')]")).first
    return group.locator(f"[lang={lang}]").first


def _fill_case_study(page) -> None:
    _field(page, "Title", "en").fill("Provincial water partnership in Kampot")
    _field(page, "Title", "km").fill("ភាពជាដៃគូទឹកស្អាតនៅខេត្តកំពត")
    _field(page, "Summary", "en").fill('The province, a "water" NGO & villagers built wells: 5 < 6.\nSecond line.')
    page.get_by_label("Health", exact=True).check()
    partner = page.locator("fieldset.rc-submit__item").first
    partner.locator("[lang=en]").first.fill("Provincial Department of Rural Development")
    partner.get_by_label("Type of organisation").select_option("government")
    page.get_by_label("Mutual accountability", exact=True).check()
    page.get_by_role("button", name="Add a source").click()
    source = page.locator("fieldset.rc-submit__item", has_text="Source 1")
    source.get_by_label("Title of the document").fill("Annual report 2021")
    source.get_by_label("Web address").fill("https://example.org/report")
    source.get_by_label("Year").fill("2021")
    page.get_by_role("button", name="Add a success factor").click()
    factor = page.locator("fieldset.rc-submit__item", has_text="Success factor 1")
    factor.locator("[lang=en]").fill("Villagers chose the sites")
    page.get_by_label("Tags").fill("water, wells")


def test_form_checks_then_downloads_a_record_that_validates(browser, submit_site, serve):
    base = serve(submit_site / "site")
    context, page, requests, errors = _open(browser, base + "contribute/submit/")
    downloads = []
    page.on("download", lambda d: downloads.append(d))

    # Required fields empty: errors next to the fields and in the summary, and no file.
    page.get_by_role("button", name="Check and download the file").click()
    summary = page.locator(".rc-submit__summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('rc-submit__summary')")
    assert "Title" in summary.inner_text() and "Write this in at least one language." in summary.inner_text()
    title_group = page.locator("fieldset", has=page.locator("xpath=./legend[starts-with(normalize-space(.), 'Title')]")).first
    assert title_group.get_attribute("aria-describedby")
    assert "Write this in at least one language." in title_group.locator(":scope > .rc-submit__error").inner_text()
    name_en = page.locator("fieldset.rc-submit__item").first.locator("[lang=en]").first
    assert name_en.get_attribute("aria-invalid") == "true"
    error_id = page.locator("fieldset.rc-submit__item").first.locator("fieldset .rc-submit__error:not([hidden])").first.get_attribute("id")
    assert error_id in (name_en.get_attribute("aria-describedby") or "").split()
    page.wait_for_timeout(500)
    assert downloads == []

    # Filled in: the identifier follows the English title, and the file downloads.
    _fill_case_study(page)
    identifier = page.get_by_label("Identifier (file name)", exact=False)
    assert identifier.input_value() == "provincial-water-partnership-in-kampot"
    with page.expect_download() as info:
        page.get_by_role("button", name="Check and download the file").click()
    download = info.value
    assert download.suggested_filename == "provincial-water-partnership-in-kampot.yml"
    assert not page.locator(".rc-submit__summary").is_visible()
    target = submit_site / "casestudies" / download.suggested_filename
    download.save_as(target)
    try:
        text = target.read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema=../schemas/case-study.schema.json\n")
        data = load_file(target).data
        assert list(data) == ["id", "status", "title", "summary", "twgs", "partners", "principles",
                              "success_factors", "sources", "tags", "review"]
        assert data["status"] == "draft"
        assert data["summary"] == {"en": 'The province, a "water" NGO & villagers built wells: 5 < 6.\nSecond line.'}
        assert data["title"]["km"] == "ភាពជាដៃគូទឹកស្អាតនៅខេត្តកំពត"
        assert data["partners"] == [{"name": {"en": "Provincial Department of Rural Development"}, "type": "government"}]
        assert data["sources"] == [{"title": "Annual report 2021", "url": "https://example.org/report", "year": 2021}]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["review"]["last_reviewed"])
        assert all(line.split(": ", 1)[1].startswith('"') for line in text.splitlines()[1:]
                   if ": " in line and not line.rstrip().endswith(("2021", ":")))
        result = resource_centre(submit_site, "validate")
        assert result.returncode == 0, result.stdout + result.stderr
        # The same text is shown, and can be copied instead.
        assert page.locator("textarea.rc-submit__yaml").input_value() == text
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.rstrip("/"))
        page.get_by_role("button", name="Check and copy the text").click()
        wait_until(page, "document.querySelector('.rc-submit__status').textContent.startsWith('Copied')")
        assert page.evaluate("navigator.clipboard.readText()") == text
    finally:
        target.unlink(missing_ok=True)
    assert errors == []
    assert all(url.startswith((base, "blob:", "data:")) for url in requests), requests
    context.close()


def test_errors_follow_the_schema_patterns_and_taxonomies(browser, submit_site, serve):
    base = serve(submit_site / "site")
    context, page, requests, errors = _open(browser, base + "contribute/submit/")
    downloads = []
    page.on("download", lambda d: downloads.append(d))
    _fill_case_study(page)
    page.get_by_label("Identifier (file name)", exact=False).fill("Joint Review")
    page.get_by_label(re.compile(r"^Start\b")).fill("2020-13")
    page.get_by_label("Countries").fill("KH, XX")
    page.get_by_role("button", name="Check and download the file").click()
    text = page.locator(".rc-submit__summary").inner_text()
    assert "Use only lowercase letters" in text
    assert "Write a year (2019) or a year and month (2019-03)." in text
    assert "“XX” is not a country code." in text
    # Location was started, so its required scope is now missing.
    assert "Location › Scope: Please fill this in." in text
    page.get_by_label("Identifier (file name)", exact=False).fill("joint-health-review")
    page.get_by_role("button", name="Check and download the file").click()
    assert "already exists" in page.locator(".rc-submit__summary").inner_text()
    page.wait_for_timeout(300)
    assert downloads == []
    assert errors == []
    assert all(url.startswith((base, "blob:", "data:")) for url in requests), requests
    context.close()


def test_khmer_form_and_keyboard(browser, submit_site, serve):
    base = serve(submit_site / "site")
    context, page, _, errors = _open(browser, base + "km/contribute/submit/")
    assert page.get_by_role("button", name="ពិនិត្យ និងទាញយកឯកសារ").is_visible()
    select = page.locator("fieldset.rc-submit__item select").first
    assert "រដ្ឋាភិបាល" in select.inner_text()
    assert page.get_by_label("សុខាភិបាល", exact=True).count() == 1
    # Every control has a name, the add button works from the keyboard and moves the focus.
    unnamed = page.evaluate("""() => [...document.querySelectorAll('#rc-submit-form input, #rc-submit-form select, #rc-submit-form textarea')]
        .filter(e => !e.labels || !e.labels.length).map(e => e.outerHTML.slice(0, 80))""")
    assert unnamed == []
    page.get_by_role("button", name="បន្ថែមដៃគូ").focus()
    page.keyboard.press("Enter")
    assert page.locator("fieldset.rc-submit__item", has_text="ដៃគូទី 2").count() == 1
    assert page.evaluate("document.activeElement.lang") == "en"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.get_by_role("button", name="លុប ដៃគូទី 2").click()
    assert page.locator("fieldset.rc-submit__item", has_text="ដៃគូទី 2").count() == 0
    page.get_by_role("button", name="ពិនិត្យ និងទាញយកឯកសារ").click()
    assert "សូមសរសេរវាយ៉ាងហោចណាស់ជាភាសាមួយ។" in page.locator(".rc-submit__summary").inner_text()
    assert errors == []
    context.close()


def test_form_works_from_file_urls(browser, submit_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(submit_site / "site", site)
    context, page, requests, errors = _open(browser, (site / "contribute" / "submit" / "index.html").as_uri())
    _fill_case_study(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Check and download the file").click()
    assert info.value.suggested_filename == "provincial-water-partnership-in-kampot.yml"
    # (Material's search cannot load its index from file:// outside the offline edition; not ours.)
    assert [e for e in errors if "search_index" not in e] == []
    assert all(url.startswith(("file://", "blob:", "data:")) for url in requests), requests
    context.close()


def test_pages_without_the_spec_are_left_alone(browser, submit_site, serve):
    base = serve(submit_site / "site")
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base + "case-studies/")
    page.wait_for_load_state("networkidle")
    assert page.locator(".rc-submit").count() == 0
    assert errors == []
    page.close()


# The browser's checker against the validator ----------------------------------------------------

def _bad_case_studies() -> dict[str, object]:
    """The bad-record corpus' case studies that parse, by name."""
    cases = yaml.safe_load((BAD / "cases.yml").read_text(encoding="utf-8"))
    out = {}
    for case in cases:
        if not case["target"].startswith("casestudies/") or "file" not in case:
            continue
        try:
            out[case["name"]] = load_file(BAD / "files" / case["file"]).data
        except LoadError:
            continue
    return out


def _python_fields(data, schemas, refs) -> set[str]:
    """Top-level fields the validator finds a problem in (schema plus record checks), '' for the record."""
    from resource_centre.problems import ProblemList
    from resource_centre.yamlload import Document
    found = set()
    for error in schemas.validator("case-study.schema.json", refs).iter_errors(data):
        path = list(error.absolute_path)
        if error.validator == "required" and not path:
            path = [error.message.split("'")[1]]
        if error.validator == "additionalProperties" and not path:
            path = [k for k in data if k not in error.schema.get("properties", {})][:1]
        found.add(str(path[0]) if path else "")
    problems = ProblemList()
    doc = Document(data)
    check_text(doc, "x.yml", problems)
    check_dates(doc, "x.yml", problems)
    for problem in problems:
        found.add(str(problem.message).split(":")[0].split(".")[0].split("[")[0])
    return found


def test_browser_checker_agrees_with_the_validator(browser, submit_site, serve):
    project, content, schemas = _project(submit_site)
    content = content.only_published()
    refs = References(root=submit_site, countries=_countries(), languages=tuple(project.languages.codes))
    refs.taxonomies = {k: set(t.terms) for k, t in content.taxonomies.items()}
    refs.records = {"case-study": set(content.case_studies), "tool": set(content.tools), "term": set(content.terms)}
    samples = dict(_bad_case_studies())
    for path in sorted((FIXTURES / "mini" / "casestudies").glob("*.yml")):
        samples["fixture-" + path.stem] = load_file(path).data
    samples["fixture-draft-case"]["related"] = ["draft-case"]  # drafts are not offered to published pages
    base = serve(submit_site / "site")
    page = browser.new_page()
    page.goto(base + "contribute/submit/")
    page.wait_for_selector("#rc-submit-form:not([hidden])")
    for name, data in samples.items():
        data = json.loads(json.dumps(data))
        # The browser does not know file names; the validator's id/file check is not the schema's.
        expected = _python_fields(data, schemas, refs)
        got = page.evaluate("""(data) => {
            const f = window.RCSubmitForm.form;
            return f.checker.validate(data).filter(e => e.keyword !== 'id-taken').map(e => String(e.path.length ? e.path[0] : ''));
        }""", data)
        assert set(got) == expected, name
    page.close()
