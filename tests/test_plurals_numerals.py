"""Counts by the language's plural rules, numbers and dates in the language's digits (issue #13, items 9, 10).

Golden tests for the one formatter (resource_centre/text/languages.py: Languages.t / number / day / month /
period), for the fragments made with it, and a scan of the built Khmer pages' generated parts.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import REPO, QuietHandler, wait_until

from resource_centre.contribute.report import build_report, report_markdown, report_text, schemas_for
from resource_centre.editions.opendata import data_page
from resource_centre.records.model import Content, Record
from resource_centre.records.project import open_project
from resource_centre.site.explorer import tool_finder
from resource_centre.site.record_pages import case_study_page
from resource_centre.site.render import Ctx, browse_index, cards, tool_index
from resource_centre.site.snippets import expand
from resource_centre.text.languages import Language, Languages, load_languages

ITEMS = [Language("en", "English", True), Language("km", "ខ្មែរ")]


@pytest.fixture(scope="module")
def languages() -> Languages:
    return load_languages(ITEMS, REPO / "locales")


# --- the formatter ---------------------------------------------------------------------

@pytest.mark.parametrize("key, lang, expected", [
    ("case_study_count", "en", ["0 case studies", "1 case study", "2 case studies"]),
    ("tool_count", "en", ["0 tools", "1 tool", "2 tools"]),
    ("term_count", "en", ["0 terms", "1 term", "2 terms"]),
    ("results_count", "en", ["0 results", "1 result", "2 results"]),
    ("case_study_count", "km", ["ករណីសិក្សាចំនួន ០", "ករណីសិក្សាចំនួន ១", "ករណីសិក្សាចំនួន ២"]),
    ("tool_count", "km", ["ឧបករណ៍ចំនួន ០", "ឧបករណ៍ចំនួន ១", "ឧបករណ៍ចំនួន ២"]),
    ("results_count", "km", ["លទ្ធផល ០", "លទ្ធផល ១", "លទ្ធផល ២"]),
])
def test_counts_take_the_plural_form_and_digits_of_the_language(languages, key, lang, expected):
    assert [languages.t(lang, key, count=n) for n in (0, 1, 2)] == expected


def test_numbers_dates_and_periods_golden(languages):
    assert languages.number("en", 1234) == "1,234"
    assert languages.number("km", 1234) == "១,២៣៤"
    assert languages.day("en", "2026-11-20") == "November 20, 2026"
    assert languages.day("km", "2026-11-20") == "២០ វិច្ឆិកា ២០២៦"
    assert languages.month("km", "2009") == "២០០៩"
    # A one-month period says its month once; a range says what the two ends share once.
    assert languages.period("en", "2009-09", "2009-09") == "September 2009"
    assert languages.period("km", "2009-09", "2009-09") == "កញ្ញា ២០០៩"
    assert languages.period("en", "2009-09", "2009-12") == "September – December 2009"
    assert languages.period("km", "2009-09", "2009-12") == "កញ្ញា – ធ្នូ ២០០៩"
    assert languages.period("en", "2009-09", "2010-03") == "September 2009 – March 2010"
    assert languages.period("km", "2009", "2010") == "២០០៩ – ២០១០"
    assert languages.period("en", "2009", "2009") == "2009"
    assert languages.period("en", "2009", "2010-03") == "2009 – March 2010"
    assert languages.period("km", "2016", None) == "២០១៦ – កំពុងបន្ត"
    assert languages.period("en", "2016", None) == "2016 – ongoing"
    # Digits apply to generated numbers only: identifiers and contributor text are never passed in.
    assert languages.digits("en", "2009") == "2009"


def test_a_third_language_brings_its_plural_forms_and_digits_as_configuration(tmp_path):
    (tmp_path / "en.yml").write_text("tool_count: {one: '{count} tool', other: '{count} tools'}\n", encoding="utf-8")
    # Russian has four CLDR categories; Bengali writes its own digits. Neither needs code.
    (tmp_path / "ru.yml").write_text(
        "tool_count: {one: '{count} инструмент', few: '{count} инструмента', many: '{count} инструментов',"
        " other: '{count} инструмента'}\n", encoding="utf-8")
    (tmp_path / "bn.yml").write_text("digits: '০১২৩৪৫৬৭৮৯'\ntool_count: '{count}টি টুল'\n", encoding="utf-8")
    langs = load_languages([Language("en", "English", True), Language("ru", "Русский"), Language("bn", "বাংলা")], tmp_path)
    assert [langs.t("ru", "tool_count", count=n) for n in (1, 2, 5, 21)] == \
        ["1 инструмент", "2 инструмента", "5 инструментов", "21 инструмент"]
    assert langs.t("bn", "tool_count", count=12) == "১২টি টুল"
    # A language without the key falls back to the default's words, with the default's rules and digits.
    (tmp_path / "fr.yml").write_text("other: x\n", encoding="utf-8")
    langs = load_languages([Language("en", "English", True), Language("fr", "Français")], tmp_path)
    assert langs.t("fr", "tool_count", count=1) == "1 tool"


def test_locale_files_that_pages_could_not_use_are_refused_by_name():
    from resource_centre.text.languages import check_strings

    with pytest.raises(ValueError) as info:
        check_strings({"tool_count": {"one": "{count} tool"}}, "locales/fr.yml")
    assert str(info.value) == (
        "locales/fr.yml: tool_count: a text with a count is a map of plural forms with at least 'other' "
        "(CLDR categories: zero, one, two, few, many, other), e.g. {one: \"{count} tool\", other: \"{count} tools\"}")
    with pytest.raises(ValueError) as info:
        check_strings({"tool_count": {"single": "x", "other": "y"}}, "locales/fr.yml")
    assert str(info.value).endswith("; 'single' is not a category")
    with pytest.raises(ValueError) as info:
        check_strings({"digits": "khmer"}, "locales/km.yml")
    assert str(info.value) == ("locales/km.yml: digits: the language's ten digits from zero to nine, "
                               "e.g. digits: \"០១២៣៤៥៦៧៨៩\"; found 'khmer'")


# --- rendered fragments ----------------------------------------------------------------

def _tool(i: int) -> Record:
    return Record("tool", f"tool-{i}", {"id": f"tool-{i}", "status": "published", "title": {"en": f"Tool {i}", "km": f"ឧបករណ៍ {i}"},
                                        "summary": {"en": "S", "km": "ស"}, "stages": ["scoping"]}, f"tools/tool-{i}.yml")


def _content(tools: int) -> Content:
    from resource_centre.records.model import Taxonomy
    stages = Taxonomy("stages", {"en": "Stages", "km": "ដំណាក់កាល"}, {"scoping": {"id": "scoping", "label": {"en": "Scoping", "km": "វិសាលភាព"}}})
    return Content(Path("."), tools={f"tool-{i}": _tool(i) for i in range(tools)}, taxonomies={"stages": stages},
                   taxonomy_fields={"tool": {"stages": [("stages", "*")]}})


@pytest.mark.parametrize("lang, expected", [
    ("en", ['<strong>0</strong> <span>tools</span>', '<strong>1</strong> <span>tool</span>', '<strong>2</strong> <span>tools</span>']),
    ("km", ['<span>ឧបករណ៍ចំនួន</span> <strong>០</strong>', '<span>ឧបករណ៍ចំនួន</span> <strong>១</strong>',
            '<span>ឧបករណ៍ចំនួន</span> <strong>២</strong>']),
])
def test_home_page_figures_golden(languages, lang, expected):
    got = []
    for n in (0, 1, 2):
        block = expand("<!-- rc:counts -->", _content(n), languages, lang, "index.md")
        got.append(re.search(r'<a class="rc-stat" href="tools/">(.*?)</a>', block).group(1))
    assert got == expected


@pytest.mark.parametrize("lang, expected", [
    ("en", ["(1 tool)", "(2 tools)"]), ("km", ["(ឧបករណ៍ចំនួន ១)", "(ឧបករណ៍ចំនួន ២)"]),
])
def test_tools_by_stage_golden(languages, lang, expected):
    got = [re.search(r"<small>(.*?)</small>", expand("<!-- rc:tools-by-stage -->", _content(n), languages, lang, "index.md")).group(1)
           for n in (1, 2)]
    assert got == expected


def test_tool_index_and_finder_say_the_count_in_the_language(languages):
    for lang, one in (("en", "1 tool"), ("km", "ឧបករណ៍ចំនួន ១")):
        ctx = Ctx(_content(1), languages, lang)
        assert one in tool_index(ctx)
    assert "1 tool. Filter by stage" in tool_finder(Ctx(_content(1), languages, "en"))
    assert "2 tools. Filter them by stage" in tool_finder(Ctx(_content(2), languages, "en"))
    finder = tool_finder(Ctx(_content(2), languages, "km"))
    assert "ឧបករណ៍ចំនួន ២។" in finder
    # What explorer.js needs to count as the page does: the forms, whose rules pick them, the digits.
    assert ('data-status="{&quot;other&quot;: &quot;លទ្ធផល {count}&quot;}" data-plural-lang="km" '
            'data-digits="០១២៣៤៥៦៧៨៩"') in finder
    english = tool_finder(Ctx(_content(2), languages, "en"))
    assert ('data-status="{&quot;one&quot;: &quot;{count} result&quot;, &quot;other&quot;: &quot;{count} results&quot;}" '
            'data-plural-lang="en" data-digits="0123456789"') in english
    assert ('<span class="rc-count" aria-hidden="true">២</span>'
            '<span class="rc-count-said rc-visually-hidden">លទ្ធផល ២</span>') in finder
    assert ('<span class="rc-count" aria-hidden="true">2</span>'
            '<span class="rc-count-said rc-visually-hidden">2 results</span>') in english


@pytest.fixture(scope="module")
def bundled(languages):
    project = open_project(REPO)
    content, _ = project.load()
    return project, content


def _case(content: Content, period: dict) -> Record:
    record = next(iter(content.case_studies.values()))
    data = {key: value for key, value in record.data.items() if key != "illustrative"}
    return Record(record.kind, record.id, {**data, "period": period}, record.file)


@pytest.mark.parametrize("period, en, km, en_card, km_card", [
    ({"start": "2009-09", "end": "2009-09"}, "September 2009", "កញ្ញា ២០០៩", "2009", "២០០៩"),
    ({"start": "2009-09", "end": "2010-03"}, "September 2009 – March 2010", "កញ្ញា ២០០៩ – មីនា ២០១០",
     "2009 – 2010", "២០០៩ – ២០១០"),
    ({"start": "2016"}, "2016 – ongoing", "២០១៦ – កំពុងបន្ត", "2016 – ongoing", "២០១៦ – កំពុងបន្ត"),
])
def test_case_study_period_and_card_golden(bundled, period, en, km, en_card, km_card):
    project, content = bundled
    record = _case(content, period)
    for lang, expected, card_years in (("en", en, en_card), ("km", km, km_card)):
        page = case_study_page(Ctx(content, project.languages, lang), record)
        label = project.languages.t(lang, "period")
        assert f"<dt>{label}</dt>\n<dd markdown='block'>\n\n{expected}\n\n</dd>" in page
        card = cards(Ctx(content, project.languages, lang), [record], "case-studies/index.md")
        meta = re.search(r'class="rc-card__meta">(.*?)</span>\s*</p>', card).group(1)
        assert meta.rsplit(" · ", 1)[-1] == card_years, meta


def test_review_line_and_status_page_numbers_golden(bundled):
    project, content = bundled
    record = _case(content, {"start": "2009"})
    page = case_study_page(Ctx(content, project.languages, "km"), record)
    review = re.search(r'<p class="rc-review"><small>(.*?)</small></p>', page).group(1)
    assert not re.search(r"[0-9]", review), review
    status = report_markdown(content, project.languages, "km", today="2026-12-02")
    assert "តួលេខគិតត្រឹមថ្ងៃទី ២ ធ្នូ ២០២៦។" in status
    rows = [line for line in status.splitlines() if line.startswith("| ") and "---" not in line]
    cells = [cell for line in rows for cell in line.strip("|").split("|")[1:]]
    numbers = [c.strip() for c in cells if re.fullmatch(r"\s*[០-៩,]+%?\s*", c)]
    assert numbers, rows[:5]
    assert not [c for c in cells if re.fullmatch(r"\s*[0-9]+%?\s*", c)], rows


def test_command_line_report_says_one_of_a_thing(bundled):
    project, content = bundled
    report = build_report(content, ["en", "km"], schemas_for(content, project.languages), "2026-12-02")
    report.counts = {"case-study": 1, "tool": 2, "term": 0, "taxonomy": 1}
    text = report_text(report, problems=1)
    assert "1 case study, 2 tools, 0 glossary terms, 1 taxonomy (valid records only)" in text
    assert "1 problem keeps some records out of these figures" in text


def test_browse_counts_in_the_language_digits(bundled):
    project, content = bundled
    page = browse_index(Ctx(content, project.languages, "km"))
    counts = re.findall(r"<small>\((.*?)\)</small>", page)
    assert counts and all(re.fullmatch(r"[០-៩]+", c) for c in counts), counts


def test_open_data_fields_are_described_in_the_page_language(bundled):
    project, content = bundled
    schemas = schemas_for(content, project.languages)
    khmer = data_page(content, project.languages, "km", schemas)
    assert 'lang="en"' not in khmer
    assert "| `title` | ឈ្មោះករណីសិក្សា តាមភាសានីមួយៗ។ |" in khmer
    assert "| `review` | ពេលដែលកំណត់ត្រានេះត្រូវបានពិនិត្យចុងក្រោយ និងពេលដែលត្រូវពិនិត្យម្តងទៀត។ |" in khmer
    english = data_page(content, project.languages, "en", schemas)
    assert "| `title` | Name of the case study, per language. |" in english
    # A language whose locale file lacks a field's words shows the schema's, marked as English.
    bare = Languages(project.languages.items, {"en": project.languages.strings["en"], "km": {}})
    assert '| `title` | <span lang="en">Name of the case study, per language.</span> |' in data_page(content, bare, "km", schemas)


# --- the built site ----------------------------------------------------------------------

class _Generated(HTMLParser):
    """Text of the parts of a page the generator writes numbers into (not contributor text)."""

    PARTS = ("rc-card__meta", "rc-review", "rc-count", "rc-stat", "rc-facts", "rc-explorer__status")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth: list[bool] = []
        self.found: list[str] = []
        self.in_option = False
        self.in_small = False

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class") or ""
        inside = (self.depth and self.depth[-1]) or any(p in cls.split() for p in self.PARTS)
        if tag not in ("br", "input", "img", "meta", "link", "hr"):
            self.depth.append(bool(inside))
        self.in_option = tag == "option"
        self.in_small = tag == "small"

    def handle_endtag(self, tag):
        if tag not in ("br", "input", "img", "meta", "link", "hr") and self.depth:
            self.depth.pop()
        self.in_option = self.in_small = False

    def handle_data(self, data):
        if (self.depth and self.depth[-1]) or self.in_option or self.in_small:
            self.found.append(data)


def _generated_text(page: Path) -> list[str]:
    parser = _Generated()
    text = page.read_text(encoding="utf-8")
    # Inside "At a glance" only the period's line is generated; partner names and the like are contributors'.
    parser.feed(text)
    return parser.found


def test_built_khmer_pages_write_dates_and_counts_in_khmer_digits(mini_site):
    site = mini_site / "site" / "km"
    offenders = []
    pages = [p for p in site.rglob("*.html") if "search" not in p.parts]
    assert len(pages) > 10
    for page in pages:
        for text in _generated_text(page):
            # Years, days and counts: a run of ASCII digits that is not part of a word (e.g. "CC BY 4.0").
            if re.search(r"(?<![\w.])[0-9]+(?![\w.])", text) and not re.search(r"[A-Za-z]", text):
                offenders.append(f"{page.relative_to(site)}: {text.strip()!r}")
    assert not offenders, "\n".join(offenders[:20])
    explorer = (site / "case-studies" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<option value="[0-9]{4}">[០-៩]{4}</option>', explorer)


def test_built_english_pages_keep_ascii_digits_and_plural_forms(mini_site):
    site = mini_site / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<strong>1</strong> <span>tool</span>", home), re.findall(r'rc-stat".*?</a>', home)


def test_contribute_page_in_khmer_has_no_english_note(mini_site):
    page = (mini_site / "site" / "km" / "contribute" / "index.html").read_text(encoding="utf-8")
    visible = re.sub(r"<!--.*?-->", "", page, flags=re.S)
    assert "Draft translation of CONTRIBUTING.md" not in visible


def test_not_found_page_holds_every_language(mini_site):
    page = (mini_site / "site" / "404.html").read_text(encoding="utf-8")
    sections = re.findall(r'<section class="rc-not-found" lang="([a-z]+)" data-rc-home="([^"]+)">\s*<h1[^>]*>([^<]+)</h1>', page)
    assert sections == [("en", "/", "Page not found"), ("km", "/km/", "រកមិនឃើញទំព័រ")]
    assert "404 - Not found" not in page


# --- in the browser ----------------------------------------------------------------------

class _NotFoundHandler(QuietHandler):
    """A static host: the site's 404.html for any missing address."""

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_not_found_page_speaks_the_language_of_the_missing_address(browser, mini_site, serve):
    base = serve(mini_site / "site", _NotFoundHandler)
    page = browser.new_page(viewport={"width": 375, "height": 740})
    try:
        for path, lang, title in (("km/case-studies/no-such-case/", "km", "រកមិនឃើញទំព័រ"),
                                  ("no-such-page/", "en", "Page not found")):
            page.goto(base + path)
            wait_until(page, f"document.documentElement.lang === '{lang}'")
            visible = page.evaluate("[...document.querySelectorAll('.rc-not-found')].filter(s => !s.hidden)"
                                    ".map(s => s.querySelector('h1').textContent)")
            assert visible == [title]
    finally:
        page.close()


def test_explorer_status_counts_in_the_language(browser, mini_site, serve):
    base = serve(mini_site / "site")
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        for path, one, many in (("case-studies/", "1 result", r"^[0-9]+ results$"),
                                ("km/case-studies/", "លទ្ធផល ១", r"^លទ្ធផល [០-៩]+$")):
            page.goto(base + path)
            wait_until(page, "document.querySelector('.rc-explorer__status').textContent.length > 0")
            assert re.match(many, page.inner_text(".rc-explorer__status")), page.inner_text(".rc-explorer__status")
            boxes = page.query_selector_all(".rc-explorer__filters input[type=checkbox]")
            single = next(b for b in boxes
                          if b.evaluate("b => b.parentNode.querySelector('.rc-count').textContent") in ("1", "១"))
            page.evaluate("b => { b.closest('details').open = true; }", single)
            single.check()
            wait_until(page, f"document.querySelector('.rc-explorer__status').textContent === {one!r}")
            counts = page.eval_on_selector_all(".rc-count", "els => els.map(e => e.textContent)")
            assert all(re.fullmatch(r"[០-៩]+" if "km" in path else r"[0-9]+", c) for c in counts), counts
    finally:
        page.close()


def test_labels_end_with_the_languages_own_colon():
    """'Tags: …', 'Credit: …', 'See also: …': Khmer ends a label with ៖, not a Latin colon (locales labelled)."""
    from resource_centre.records.project import open_project
    from resource_centre.site.record_pages import tool_page
    from resource_centre.site.render import Ctx, glossary_page

    project = open_project(REPO)
    content, _ = project.load()
    tool = content.tools["inception-interview-guide"]
    khmer, english = (tool_page(Ctx(content, project.languages, lang), tool) for lang in ("km", "en"))
    assert "អ្នករៀបចំ៖ " in khmer and "អ្នករៀបចំ:" not in khmer
    credit = english.split('class="rc-credit"')[1].split("</p>")[0]
    assert credit.startswith(">Credit: ") and "<em>Making Partnerships Effective</em>" in credit  # Markdown rendered
    glossary = glossary_page(Ctx(content, project.languages, "km"))
    assert "សូមមើលផងដែរ៖" in glossary and "សូមមើលផងដែរ:" not in glossary
