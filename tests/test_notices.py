"""Notices (issue 13, item 7): each thing said once per page, in one compact block, and only when it
is true of the page's OWN text; on a phone the title and the summary's first line stay on the first screen."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, REPO, mkdocs

from resource_centre.records.project import open_project
from resource_centre.site.record_pages import case_study_page
from resource_centre.site.render import Ctx, glossary_page, term_page

ILLUSTRATIVE_KM = "ឧទាហរណ៍បង្ហាញ៖ ករណីសិក្សានេះមិនមែនជាភាពជាដៃគូដែលមានឯកសារកត់ត្រាពិតប្រាកដនោះទេ។"
DRAFT_KM = "ការបកប្រែព្រាង៖ អត្ថបទខ្មែរនេះមិនទាន់ត្រូវបានពិនិត្យដោយអ្នកនិយាយភាសាកំណើតនៅឡើយទេ។"
PARTLY_KM = "ផ្នែកខ្លះនៃអត្ថបទនេះមិនទាន់មានជាភាសាខ្មែរនៅឡើយទេ ហើយត្រូវបានបង្ហាញជាអង់គ្លេស។"
WHOLE_KM = "អត្ថបទនេះមិនទាន់មានជាភាសាខ្មែរនៅឡើយទេ។ វាត្រូវបានបង្ហាញជាអង់គ្លេស។"


def project_from_mini(tmp_path: Path, edit=None):
    """The mini fixture's records, ``edit(root)`` applied to them, loaded as the generator loads them."""
    root = tmp_path / "records"
    shutil.copytree(FIXTURES / "mini", root)
    if edit:
        edit(root)
    project = open_project(root)
    content, problems = project.load()
    assert not problems.sorted(), problems.sorted()
    return content, project.languages


def rewrite(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def blocks(markdown: str) -> list[str]:
    return re.findall(r'<aside class="rc-notice rc-notices" role="note">.*?</aside>', markdown, re.DOTALL)


def test_a_khmer_case_study_says_its_three_notices_once_in_one_block(tmp_path):
    # joint-health-review: illustrative, Khmer marked draft, and its "results" section and one partner
    # have no Khmer (so parts of its own text are shown in English).
    content, languages = project_from_mini(tmp_path)
    page = case_study_page(Ctx(content, languages, "km"), content.case_studies["joint-health-review"])
    assert blocks(page) == [
        '<aside class="rc-notice rc-notices" role="note">\n'
        f'<p><span class="rc-notice--illustrative">{ILLUSTRATIVE_KM}</span> '
        f'<span class="rc-notice--draft-translation">{DRAFT_KM}</span> '
        f'<span class="rc-notice--untranslated">{PARTLY_KM}</span></p>\n'
        "</aside>"]
    assert page.count('class="rc-notice ') == 1 and page.count("rc-notice--") == 3  # nothing else
    # Right under the title, before the summary.
    assert page.index("{ #title }") < page.index("rc-notices") < page.index("rc-summary")


def test_a_record_with_no_text_in_the_language_says_so_as_a_whole(tmp_path):
    content, languages = project_from_mini(tmp_path)
    page = case_study_page(Ctx(content, languages, "km"), content.case_studies["provincial-education"])
    assert blocks(page) == [
        '<aside class="rc-notice rc-notices" role="note">\n'
        f'<p><span class="rc-notice--untranslated">{WHOLE_KM}</span></p>\n'
        "</aside>"]
    english = case_study_page(Ctx(content, languages, "en"), content.case_studies["provincial-education"])
    assert blocks(english) == []


def test_english_titles_of_linked_records_do_not_make_a_khmer_page_untranslated(tmp_path):
    def translate_everything(root: Path) -> None:
        def change(data):
            data["partners"][0]["role"]["km"] = "ប្រធាន"
            data["partners"][1]["name"]["km"] = "ដៃគូអភិវឌ្ឍន៍មួយ"
            data["sections"]["context"]["km"] = "មុនការពិនិត្យ។"
            data["sections"]["results"]["km"] = "សូចនាកររួមមួយ។"
            data["translation"]["km"] = "reviewed"
            data["illustrative"] = False
        rewrite(root / "casestudies" / "joint-health-review.yml", change)
    content, languages = project_from_mini(tmp_path, translate_everything)
    record = content.case_studies["joint-health-review"]
    page = case_study_page(Ctx(content, languages, "km"), record)
    # Its related case study has an English title only: that title says its language where it stands...
    assert '<span lang="en">Provincial education partnership</span>' in page
    # ...and the page, whose own text is all Khmer, has nothing to say about itself.
    assert "rc-notice" not in page


def test_a_term_page_listing_english_only_records_has_no_notice(tmp_path):
    content, languages = project_from_mini(tmp_path)
    page = term_page(Ctx(content, languages, "km"), "partner-types", "government")
    assert 'lang="en"' in page  # provincial-education's card, in English
    assert "rc-notice" not in page


def _glossary_translation(states: dict[str, str]):
    def edit(root: Path) -> None:
        for term_id, state in states.items():
            rewrite(root / "glossary" / f"{term_id}.yml", lambda data: data.update(translation={"en": "reviewed", "km": state}))
    return edit


def test_a_glossary_of_draft_translations_says_so_once(tmp_path):
    content, languages = project_from_mini(tmp_path, _glossary_translation({"mutual-accountability": "draft", "ownership": "draft"}))
    page = glossary_page(Ctx(content, languages, "km"))
    assert blocks(page) == [
        '<aside class="rc-notice rc-notices" role="note">\n'
        f'<p><span class="rc-notice--draft-translation">{DRAFT_KM}</span></p>\n'
        "</aside>"]
    assert page.count("rc-notice--draft-translation") == 1
    assert "rc-draft-mark" not in page
    assert page.index("{ #glossary }") < page.index("rc-notices") < page.index("{ #mutual-accountability }")
    assert "rc-notice" not in glossary_page(Ctx(content, languages, "en"))


def test_a_glossary_with_some_draft_translations_marks_those(tmp_path):
    content, languages = project_from_mini(tmp_path, _glossary_translation({"mutual-accountability": "draft", "ownership": "reviewed"}))
    page = glossary_page(Ctx(content, languages, "km"))
    assert blocks(page) == [
        '<aside class="rc-notice rc-notices" role="note">\n'
        '<p><span class="rc-notice--draft-translation">'
        "និយមន័យដែលមានសញ្ញា «ការបកប្រែព្រាង» មិនទាន់ត្រូវបានពិនិត្យដោយអ្នកនិយាយភាសាកំណើតនៅឡើយទេ។</span></p>\n"
        "</aside>"]
    mark = '<p class="rc-draft-mark"><small>ការបកប្រែព្រាង</small></p>'
    assert page.count(mark) == 1
    entry = page.index("{ #mutual-accountability }")  # the draft one: its mark is right under its heading
    assert entry < page.index(mark) < page.index("{ #", entry + 1)


# In the browser: the first screen of a phone -------------------------------------------------

@pytest.fixture(scope="module")
def bundled_site(tmp_path_factory) -> Path:
    """The project's own records, built, with one change: the Kampong Thom case study (illustrative,
    Khmer marked draft, the longest Khmer title) loses the Khmer of one section, so its Khmer page
    has all three notices."""
    project = tmp_path_factory.mktemp("bundled") / "project"
    for folder in ("casestudies", "tools", "glossary", "taxonomies", "docs", "locales", "schemas", "overrides"):
        shutil.copytree(REPO / folder, project / folder, ignore=shutil.ignore_patterns(
            "case-studies", "tools", "glossary", "browse", "data", "contribute", ".resource-centre-generated.json")
            if folder == "docs" else None)
    for name in ("mkdocs.yml", "CONTRIBUTING.md", "CONTRIBUTING.km.md"):
        shutil.copy(REPO / name, project / name)
    record = project / "casestudies" / "provincial-joint-health-review-kampong-thom.yml"
    text = record.read_text(encoding="utf-8")
    start = text.index("    km: |", text.index("  challenges:"))
    end = text.index("  results:", start)
    record.write_text(text[:start] + text[end:], encoding="utf-8")
    mkdocs(project, "build")
    return project / "site"


def test_on_a_phone_the_title_and_summary_come_before_the_fold(browser, serve, bundled_site):
    path = "km/case-studies/provincial-joint-health-review-kampong-thom/"
    html = (bundled_site / path / "index.html").read_text(encoding="utf-8")
    for kind in ("illustrative", "draft-translation", "untranslated"):  # all three conditions hold
        assert html.count(f'rc-notice--{kind}"') == 1, kind
    page = browser.new_page(viewport={"width": 375, "height": 740})
    page.goto(serve(bundled_site) + path)
    page.wait_for_load_state("load")
    boxes = page.evaluate("""() => {
        const box = (el) => { const r = el.getBoundingClientRect(); return {top: r.top, bottom: r.bottom}; };
        const summary = document.querySelector('.rc-summary p');
        const range = document.createRange();
        range.setStart(summary.firstChild, 0);
        range.setEnd(summary.firstChild, 1);
        const notice = document.querySelector('.md-content .rc-notice');
        return {title: box(document.querySelector('h1')), notice: box(notice),
                firstLine: box(range), viewport: window.innerHeight,
                noticeFont: parseFloat(getComputedStyle(notice).fontSize)};
    }""")
    page.close()
    assert boxes["firstLine"]["bottom"] <= boxes["viewport"], boxes
    assert boxes["title"]["bottom"] < boxes["notice"]["top"] < boxes["firstLine"]["top"], boxes
    assert boxes["noticeFont"] >= 14, boxes  # compact, still readable Khmer
