"""The "Submit a case study" form: made from the schema, checked by the same rules, saving a valid record."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, make_project, mkdocs, resource_centre, wait_until
from jsonschema import Draft202012Validator, FormatChecker

from resource_centre.contribute.submission import SendTo, bundled_schema, form_spec, submit_page
from resource_centre.records.project import open_project
from resource_centre.records.schema import References, countries, load_schemas
from resource_centre.records.validate import check_dates, check_text
from resource_centre.records.yamlload import LoadError, load_file
from resource_centre.text.markup import json_for_script

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
        page = submit_page(content, project.languages, lang, schemas, send_to=SendTo(
            email="twg@example.org", github_issues="https://github.com/example/resource-centre/issues"))
        match = re.search(r'<script type="application/json" id="rc-submit-spec">(.*?)</script>', page, re.S)
        assert match and "<" not in match.group(1) and "\n" not in match.group(1)
        spec = json.loads(match.group(1))
        assert spec["lang"] == lang
        assert any(r["label"].startswith("</script>") for r in spec["records"]["case-study"])
        assert page.count("<script") == 1
        assert '<form id="rc-submit-form"' in page and "mailto:twg@example.org" in page
        assert "/issues/new?template=propose-a-case-study.yml" in page
        assert page.startswith("---\n")


def test_embedded_spec_holds_no_character_an_html_page_may_not():
    """The spec's own pattern for control characters holds U+007F-U+009F: escaped, read back the same."""
    spec = {"control": "[\x00-\x08\x7f-\x9f]", "separators": "\u2028\u2029"}
    assert json_for_script(spec) == '{"control":"[\\u0000-\\b\\u007f-\\u009f]","separators":"\\u2028\\u2029"}'
    assert json.loads(json_for_script(spec)) == spec


EMAIL = "twg-secretariat@example.org"
ISSUES = "https://github.com/example/resource-centre/issues"
SEND_STEPS = {
    ("en", True, True): (
        'Send the file to the editors in one of these ways:<ul>'
        f'<li>by email to <a href="mailto:{EMAIL}?subject=Propose%20a%20case%20study">{EMAIL}</a>, with the file '
        'attached or its text pasted into the message.</li>'
        f'<li>on GitHub: <a href="{ISSUES}/new?template=propose-a-case-study.yml" rel="noopener noreferrer">open a '
        'new issue</a> with the “Propose a case study” form and paste the copied text into its first box.</li></ul>'),
    ("en", True, False): (
        f'Send the file to the editors:<ul><li>by email to <a href="mailto:{EMAIL}?subject=Propose%20a%20case%20study">'
        f'{EMAIL}</a>, with the file attached or its text pasted into the message.</li></ul>'),
    ("en", False, True): (
        f'Send the file to the editors:<ul><li>on GitHub: <a href="{ISSUES}/new?template=propose-a-case-study.yml" '
        'rel="noopener noreferrer">open a new issue</a> with the “Propose a case study” form and paste the copied '
        'text into its first box.</li></ul>'),
    ("en", False, False): "Send the file to the editors: the secretariat of your Technical Working Group can tell you where.",
    ("km", True, True): (
        'ផ្ញើឯកសារទៅអ្នកកែសម្រួល តាមមធ្យោបាយណាមួយខាងក្រោម៖<ul>'
        f'<li>តាមអ៊ីមែលទៅកាន់ <a href="mailto:{EMAIL}?subject=Propose%20a%20case%20study">{EMAIL}</a> ដោយភ្ជាប់ឯកសារ '
        'ឬបិទភ្ជាប់អត្ថបទរបស់វាក្នុងសារ។</li>'
        f'<li>នៅលើ GitHub៖ <a href="{ISSUES}/new?template=propose-a-case-study.yml" rel="noopener noreferrer">បើក issue '
        'ថ្មី</a> ដោយប្រើទម្រង់ «Propose a case study» ហើយបិទភ្ជាប់អត្ថបទដែលបានចម្លងទៅក្នុងប្រអប់ទីមួយរបស់វា។</li></ul>'),
    ("km", False, False): "ផ្ញើឯកសារទៅអ្នកកែសម្រួល៖ លេខាធិការដ្ឋាននៃក្រុមការងារបច្ចេកទេសរបស់អ្នកអាចប្រាប់អ្នកថាត្រូវផ្ញើទៅណា។",
}


@pytest.mark.parametrize("lang, email, issues", sorted(SEND_STEPS))
def test_the_ways_to_send_the_file_are_those_configured(lang, email, issues):
    """Golden: the third step names the address and links the issue form only when mkdocs.yml sets them."""
    project, content, schemas = _project()
    send_to = SendTo.from_extra({"generator": False, "submit": {"email": EMAIL if email else "",
                                                                 "github_issues": ISSUES if issues else None}})
    page = submit_page(content, project.languages, lang, schemas, send_to=send_to)
    steps = re.search(r'<ol class="rc-submit__steps">.*?</ol>', page).group(0)
    step = re.fullmatch(r'<ol class="rc-submit__steps">(?:<li>.*?</li>){2}<li>(.*)</li></ol>', steps).group(1)
    assert step == SEND_STEPS[(lang, email, issues)]
    assert ("mailto:" in steps) == email and ("github" in steps.lower()) == issues


@pytest.mark.parametrize("submit, message", [
    ({"emial": EMAIL}, "mkdocs.yml: extra.submit.emial: unknown setting (did you mean 'email'?)"),
    ({"email": "the secretariat"}, "mkdocs.yml: extra.submit.email: 'the secretariat' is not an email address "
                                   "(e.g. twg-secretariat@example.org)"),
    ({"github_issues": "github.com/example/rc"}, "mkdocs.yml: extra.submit.github_issues: 'github.com/example/rc' "
                                                  "is not a web address (e.g. https://github.com/OWNER/REPO/issues)"),
    ({"email": 3}, "mkdocs.yml: extra.submit.email: expected text, found 3"),
    ("yes", "mkdocs.yml: extra.submit: expected a mapping with email and github_issues"),
])
def test_bad_send_settings_are_named(submit, message):
    with pytest.raises(ValueError) as caught:
        SendTo.from_extra({"submit": submit})
    assert str(caught.value) == message


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
    page.get_by_label(re.compile(r"^Scope\b")).select_option("provincial")
    page.get_by_label(re.compile(r"^Start\b")).fill("2019")
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
        assert list(data) == ["id", "status", "title", "summary", "twgs", "partners", "location", "period",
                              "principles", "success_factors", "sources", "tags", "review"]
        assert data["status"] == "draft"
        # A text of several lines is a `|` block, which ends with a line break like every hand-written one.
        assert data["summary"] == {"en": 'The province, a "water" NGO & villagers built wells: 5 < 6.\nSecond line.\n'}
        assert '  en: |\n    The province, a "water" NGO & villagers built wells: 5 < 6.\n    Second line.\n' in text
        assert data["title"]["km"] == "ភាពជាដៃគូទឹកស្អាតនៅខេត្តកំពត"
        assert data["partners"] == [{"name": {"en": "Provincial Department of Rural Development"}, "type": "government"}]
        assert data["sources"] == [{"title": "Annual report 2021", "url": "https://example.org/report", "year": 2021}]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["review"]["last_reviewed"])
        values = [m.group(2) for m in re.finditer(r'^ *(- )?[a-z_]+: (.*)$', text, re.M)]
        assert values and all(v.startswith('"') or v in ("2019", "2021", "|") for v in values), values
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
    page.get_by_label(re.compile(r"^Scope\b")).select_option("")
    page.get_by_role("button", name="Check and download the file").click()
    text = page.locator(".rc-submit__summary").inner_text()
    assert "Use only lowercase letters" in text
    assert "Write a year (2019) or a year and month (2019-03)." in text
    assert "“XX” is not a country code." in text
    # Location was started, so its required scope is missing.
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


KHMER_STORY = "ដៃគូបានជួបគ្នារៀងរាល់ខែ។\n\n- ខេត្តបានដឹកនាំ\n- អង្គការបានជួយ «ភូមិ»: ២ ភូមិ"


def _today(page) -> str:
    """The date in the browser, as the form writes it (the reader's calendar day, not UTC's)."""
    return page.evaluate("""(() => { const d = new Date(), two = n => String(n).padStart(2, '0');
        return d.getFullYear() + '-' + two(d.getMonth() + 1) + '-' + two(d.getDate()); })()""")


def test_khmer_only_contributor_gets_an_identifier_and_a_file_that_validates(browser, submit_site, serve):
    """Khmer title, Khmer digits, a Markdown story: a dated identifier, ASCII numbers, `|` blocks, a valid record."""
    base = serve(submit_site / "site")
    context, page, requests, errors = _open(browser, base + "km/contribute/submit/")
    identifier = page.get_by_label(re.compile("^លេខសម្គាល់"))
    _field(page, "ចំណងជើង", "km").fill("ភាពជាដៃគូទឹកស្អាតនៅខេត្តកំពត")
    today = _today(page)
    assert identifier.input_value() == f"case-study-{today}-1"
    _field(page, "សេចក្តីសង្ខេប", "km").fill("ខេត្ត និងអង្គការមួយបានសាងសង់អណ្តូង។")
    partner = page.locator("fieldset.rc-submit__item").first
    partner.locator("[lang=km]").first.fill("មន្ទីរអភិវឌ្ឍន៍ជនបទខេត្ត")
    partner.get_by_label(re.compile("^ប្រភេទស្ថាប័ន")).select_option("government")
    page.get_by_label(re.compile("^វិសាលភាព")).select_option("provincial")
    page.get_by_label(re.compile("^ចាប់ផ្តើម")).fill("២០១៩")
    page.get_by_label(re.compile("^បញ្ចប់")).fill("២០២១-០៣")
    _field(page, "បរិបទ", "km").fill(KHMER_STORY)
    page.get_by_role("button", name="បន្ថែមប្រភពឯកសារ").click()
    source = page.locator("fieldset.rc-submit__item", has_text="ប្រភពទី 1")
    source.get_by_label(re.compile("^ចំណងជើងឯកសារ")).fill("របាយការណ៍ប្រចាំឆ្នាំ")
    source.get_by_label(re.compile("^ឆ្នាំ")).fill("២០២០")
    with page.expect_download() as info:
        page.get_by_role("button", name="ពិនិត្យ និងទាញយកឯកសារ").click()
    assert info.value.suggested_filename == f"case-study-{today}-1.yml"
    target = submit_site / "casestudies" / info.value.suggested_filename
    info.value.save_as(target)
    try:
        text = target.read_text(encoding="utf-8")
        assert "period:\n  start: 2019\n  end: \"2021-03\"\n" in text
        assert "  - title: \"របាយការណ៍ប្រចាំឆ្នាំ\"\n    year: 2020\n" in text
        assert ("sections:\n  context:\n    km: |\n      ដៃគូបានជួបគ្នារៀងរាល់ខែ។\n\n      - ខេត្តបានដឹកនាំ\n"
                "      - អង្គការបានជួយ «ភូមិ»: ២ ភូមិ\n") in text
        data = load_file(target).data
        assert data == page.evaluate("JSON.parse(JSON.stringify(window.RCSubmitForm.form.data()))")
        assert data["id"] == f"case-study-{today}-1" and data["title"] == {"km": "ភាពជាដៃគូទឹកស្អាតនៅខេត្តកំពត"}
        assert data["sections"]["context"]["km"] == KHMER_STORY + "\n"
        result = resource_centre(submit_site, "validate")
        assert result.returncode == 0, result.stdout + result.stderr
    finally:
        target.unlink(missing_ok=True)
    # An identifier already taken by a record is skipped; an English title (Latin letters) names the file;
    # an identifier typed by hand is kept.
    page.evaluate(f"window.RCSubmitForm.form.spec.existing_ids.push('case-study-{today}-1')")
    _field(page, "ចំណងជើង", "km").fill("ភាពជាដៃគូទឹកស្អាត")
    assert identifier.input_value() == f"case-study-{today}-2"
    _field(page, "ចំណងជើង", "en").fill("Clean water partnership – Kampot")
    assert identifier.input_value() == "clean-water-partnership-kampot"
    identifier.fill("kampot-water")
    _field(page, "ចំណងជើង", "en").fill("Water")
    assert identifier.input_value() == "kampot-water"
    assert errors == []
    assert all(url.startswith((base, "blob:", "data:")) for url in requests), requests
    context.close()


@pytest.mark.parametrize("lang, prefix, button, scope, start, required", [
    ("en", "", "Check and download the file", "Location › Scope", "Period › Start", "Please fill this in."),
    ("km", "km/", "ពិនិត្យ និងទាញយកឯកសារ", "ទីតាំង › វិសាលភាព", "រយៈពេល › ចាប់ផ្តើម", "សូមបំពេញវាលនេះ។"),
])
def test_every_field_marked_required_is_enforced_next_to_it(browser, submit_site, serve, lang, prefix, button,
                                                             scope, start, required):
    base = serve(submit_site / "site")
    context, page, _, errors = _open(browser, base + prefix + "contribute/submit/")
    downloads = []
    page.on("download", lambda d: downloads.append(d))
    page.get_by_role("button", name=button).click()
    summary = page.locator(".rc-submit__summary").inner_text()
    assert f"{scope}: {required}" in summary and f"{start}: {required}" in summary
    # Each message is next to its field, in the page's language, and the field says it is invalid.
    for label in (scope, start):
        control = page.get_by_label(re.compile("^" + label.split(" › ")[1]))
        described = control.get_attribute("aria-describedby").split()
        messages = [page.locator(f"[id='{i}']").inner_text() for i in described]
        assert required in messages, (label, messages)
        assert control.get_attribute("aria-invalid") == "true"
    # Every field marked * (in a legend or a label) has a message in it once the form is checked empty,
    # except the identifier, which the form fills itself.
    unmarked = page.evaluate("""() => [...document.querySelectorAll('#rc-submit-form .rc-submit__req')]
        .map(m => m.closest('fieldset, .rc-submit__field'))
        .filter(w => !w.querySelector('.rc-submit__error:not([hidden])') && !w.querySelector('input[autocomplete=off]'))
        .map(w => w.textContent.slice(0, 40))""")
    assert unmarked == []
    page.wait_for_timeout(300)
    assert downloads == [] and errors == []
    context.close()


@pytest.mark.parametrize("lang, help_tags, help_countries", [
    ("en", "Free keywords, separated by commas.", "Two-letter country codes, separated by commas, e.g. KH, TH."),
    ("km", "ពាក្យគន្លឹះសេរី បំបែកដោយសញ្ញាក្បៀស។", "លេខកូដប្រទេសពីរអក្សរ បំបែកដោយសញ្ញាក្បៀស ឧទាហរណ៍ KH, TH។"),
])
def test_list_help_says_it_once(browser, submit_site, serve, lang, help_tags, help_countries):
    base = serve(submit_site / "site")
    context, page, _, _ = _open(browser, base + ("" if lang == "en" else lang + "/") + "contribute/submit/")
    helps = page.evaluate("""() => [...document.querySelectorAll('#rc-submit-form input')]
        .filter(i => i.labels.length && i.getAttribute('aria-describedby'))
        .map(i => document.getElementById(i.getAttribute('aria-describedby').split(' ')[0]).textContent)""")
    assert help_tags in helps and help_countries in helps
    context.close()


def test_text_of_several_lines_is_a_literal_block_that_reads_back_the_same(browser, submit_site, serve):
    """toYaml against the project's own loader: blocks where a reviewer can read them, quotes where a block would lie."""
    base = serve(submit_site / "site")
    page = browser.new_page()
    page.goto(base + "contribute/submit/")
    page.wait_for_selector("#rc-submit-form:not([hidden])")
    values = ["one line", "two\nlines\n", "no final break\nhere", "kept\n\n\n", "  indented first\nsecond\n",
              "- a list\n- b: c\n# not a comment\n", "x\n   \n  y\n", "\nstarts blank\n", "tab\tinside\n\tand first\n",
              "line\u2028separator\n", "bad\u0085next\n", "trailing  \nspaces \n", "\"quotes\" and 'apostrophes'\n",
              "ខ្មែរ\n\n- ១\n", "a\r\nb\n", "\n", "\n\n"]
    data = {"id": "x", "items": [{"en": v} for v in values], "list": values, "nested": {"deep": {"km": values[1]}}}
    text = page.evaluate("(data) => window.RCSubmitForm.toYaml(data, '# comment')", data)
    from resource_centre.records.yamlload import parse
    assert parse(text).data == data
    blocks = [line for line in text.splitlines() if line.rstrip().endswith(("|", "|-", "|+")) or "|2" in line]
    assert "  - en: |" in text and "- |-" in text and "    km: |" in text
    assert len(blocks) >= 10, text
    page.close()


def _configure(project: Path, email: str, issues: str) -> None:
    """Set extra.submit in the project's mkdocs.yml, where the bundled one shows both settings."""
    config = project / "mkdocs.yml"
    text, count = re.subn(r'(?m)^  submit:\n    email: ".*?"(.*)\n    github_issues: ".*?"',
                          lambda m: f'  submit:\n    email: "{email}"{m.group(1)}\n    github_issues: "{issues}"',
                          config.read_text(encoding="utf-8"))
    assert count == 1
    config.write_text(text, encoding="utf-8")


def test_the_ways_to_send_are_shown_when_mkdocs_yml_sets_them(browser, submit_site, serve, tmp_path):
    # The bundled mkdocs.yml sets neither: no address, no GitHub link, but whom to ask.
    base = serve(submit_site / "site")
    context, page, _, _ = _open(browser, base + "contribute/submit/")
    steps = page.locator("ol.rc-submit__steps")
    assert steps.locator("a").count() == 0 and "GitHub" not in steps.inner_text()
    assert "the secretariat of your Technical Working Group can tell you where" in steps.inner_text()
    context.close()
    project = make_project(tmp_path / "project")
    _configure(project, EMAIL, ISSUES)
    mkdocs(project, "build", "--strict")
    base = serve(project / "site")
    for prefix, open_issue in (("", "open a new issue"), ("km/", "បើក issue ថ្មី")):
        context, page, requests, errors = _open(browser, base + prefix + "contribute/submit/")
        assert page.get_by_role("link", name=EMAIL).get_attribute("href") == \
            f"mailto:{EMAIL}?subject=Propose%20a%20case%20study"
        assert page.get_by_role("link", name=open_issue).get_attribute("href") == \
            f"{ISSUES}/new?template=propose-a-case-study.yml"
        assert page.get_by_role("link", name=EMAIL).is_visible() and errors == []
        context.close()
    # A setting that cannot be right stops the build with its name.
    _configure(project, "the secretariat", ISSUES)
    result = mkdocs(project, "build", check=False)
    assert result.returncode != 0
    assert "mkdocs.yml: extra.submit.email: 'the secretariat' is not an email address" in result.stderr


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
    from resource_centre.records.problems import ProblemList
    from resource_centre.records.yamlload import Document
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
    refs = References(root=submit_site, countries=frozenset(countries()), languages=tuple(project.languages.codes))
    refs.taxonomies = {k: set(t.terms) for k, t in content.taxonomies.items()}
    refs.records = {"case-study": set(content.case_studies), "tool": set(content.tools), "term": set(content.terms)}
    samples = dict(_bad_case_studies())
    for path in sorted((FIXTURES / "mini" / "casestudies").glob("*.yml")):
        samples["fixture-" + path.stem] = load_file(path).data
    samples["fixture-draft-case"]["related"] = ["draft-case"]  # drafts are not offered to published pages
    # Dates in order (schema.DATE_ORDERS): a period ends within its year, a review must not go back.
    sound = samples["fixture-joint-health-review"]
    samples["period-ends-within-its-year"] = {**sound, "period": {"start": "2019-05", "end": 2019}}
    samples["period-ends-a-month-early"] = {**sound, "period": {"start": "2019-05", "end": "2019-04"}}
    samples["review-goes-back"] = {**sound, "review": {"last_reviewed": "2026-01-02", "next_review": "2026-01-01"}}
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
