"""Partnership specialists (issue 18): consent, the published record, withdrawal, renewal, the directory.

The site and the offline edition are built once from the mini fixture plus three people: one
listed, one withdrawn and one draft. Every file of both (gzip files and the zip-based
spreadsheets opened) is searched for what must never be published.
"""
from __future__ import annotations

import gzip
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, make_project, wait_until

from resource_centre.editions.export import export
from resource_centre.records.model import Content
from resource_centre.records.project import open_project
from resource_centre.records.schema import load_schemas
from resource_centre.records.specialists import consents_due, published_record, renewal_date

SCHEMAS = load_schemas(str(REPO / "schemas"))
LISTED = """\
id: listed-person
status: active
illustrative: true
name: {en: Example Listed Person, km: អ្នកជំនាញឧទាហរណ៍ ចុះបញ្ជី}
organisation: {en: An example ministry}
partner_type: government
principles: [mutual-accountability]
stages: [reviewing-and-revising]
twgs: [health]
languages: [km, en, fr]
provinces: [siem-reap]
bio: {en: Facilitates joint reviews.}
work_email: listed-person@example.org
consent:
  given_by: Consent-Giver-Marker-Q7 by email
  date: 2024-02-29
  fields: [name, organisation, partner_type, principles, stages, twgs, languages, provinces, bio, work_email]
"""
WITHDRAWN = """\
id: gone-person
status: withdrawn
name: {en: Withdrawn Person Xylophone}
organisation: {en: Withdrawn Organisation Quokka}
work_email: gone-person-quokka@example.org
consent:
  given_by: the person
  date: 2025-01-01
  fields: [name, organisation, work_email]
"""
DRAFT = """\
id: draft-person
status: draft
name: {en: Draft Person Wombat}
work_email: draft-wombat@example.org
consent:
  given_by: the person
  date: 2025-01-01
  fields: [name, work_email]
"""
NEVER = ("Withdrawn Person Xylophone", "Withdrawn Organisation Quokka", "gone-person", "Draft Person Wombat",
         "draft-person", "Consent-Giver-Marker-Q7")


def _project(dest: Path) -> Path:
    project = make_project(dest)
    (project / "specialists").mkdir()
    for name, text in (("listed-person", LISTED), ("gone-person", WITHDRAWN), ("draft-person", DRAFT)):
        (project / "specialists" / f"{name}.yml").write_text(text, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """(the web site, the offline zip) of the project, the web site with a published address."""
    project = _project(tmp_path_factory.mktemp("specialists") / "p")
    env = dict(os.environ, SITE_URL="https://example.org/rc/", NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=project, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    archive = export(open_project(project), project / "dist", pdf=False).archive
    return project / "site", archive


def _texts(name: str, data: bytes):
    """The bytes of a file and of what it holds (gzip, zip: the .xlsx spreadsheets, the offline zip)."""
    yield name, data
    if name.endswith(".gz"):
        yield from _texts(name[:-3], gzip.decompress(data))
    elif data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as inner:
            for member in inner.namelist():
                yield from _texts(f"{name}!{member}", inner.read(member))


def _every_file(site: Path, archive: Path):
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        yield from _texts(str(path.relative_to(site)), path.read_bytes())
    yield from _texts(archive.name, archive.read_bytes())


def test_a_withdrawn_or_draft_person_and_the_consent_are_in_no_file_of_the_site_or_the_offline_edition(built):
    site, archive = built
    found, listed = [], set()
    for name, data in _every_file(site, archive):
        found += [f"{name}: {word}" for word in NEVER if word.encode() in data]
        if b"listed-person@example.org" in data:
            listed.add(name.split("!")[0])
    assert found == []
    # The listed person is there, in both languages, in the search index and the offline zip: the search
    # above looked where a person would be.
    assert {"specialists/listed-person/index.html", "km/specialists/listed-person/index.html",
            "search/search_index.json", archive.name} <= listed


def test_only_consented_fields_are_published_and_no_page_names_a_person_to_search_engines(built):
    site, _ = built
    page = (site / "specialists" / "listed-person" / "index.html").read_text(encoding="utf-8")
    assert "listed-person@example.org" in page and "Facilitates joint reviews." in page
    assert '<meta name="robots" content="noindex">' in page
    for other in (site / "specialists" / "index.html", site / "km" / "specialists" / "index.html"):
        assert '<meta name="robots" content="noindex">' in other.read_text(encoding="utf-8")
    for path in (site / "specialists").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "application/ld+json" not in text and "itemtype" not in text and "schema.org" not in text
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://example.org/rc/case-studies/" in sitemap  # the address is set: the sitemap lists pages
    assert "specialists" not in sitemap
    assert "listed-person" not in (site / "feeds" / "case-studies.en.atom").read_text(encoding="utf-8")
    assert not [p for p in (site / "data").rglob("*") if p.is_file() and b"Example Listed Person" in p.read_bytes()]


def test_the_published_record_holds_consented_fields_only():
    data = {"id": "p", "status": "active", "name": {"en": "P"}, "bio": {"en": "not agreed"}, "phone": "+855 1 234 567",
            "work_email": "p@example.org", "illustrative": True,
            "consent": {"given_by": "p", "date": "2025-01-01", "fields": ["name", "work_email"]}}
    record = published_record(data, "specialists/p.yml", SCHEMAS)
    assert record.data == {"id": "p", "status": "active", "name": {"en": "P"}, "work_email": "p@example.org",
                           "illustrative": True}
    assert record.consent_date == "2025-01-01"
    assert published_record({**data, "status": "withdrawn"}, "specialists/p.yml", SCHEMAS) is None


def test_consents_two_years_old_are_due_for_renewal_on_the_date_given():
    assert renewal_date("2024-02-29") == "2026-02-28"
    assert renewal_date("2025-06-10") == "2027-06-10"
    content = Content(Path("."))
    for rid, day in (("a", "2024-06-10"), ("b", "2024-06-11"), ("c", "2023-01-01")):
        content.specialists[rid] = published_record(
            {"id": rid, "status": "active", "name": {"en": rid},
             "consent": {"given_by": "x", "date": day, "fields": ["name"]}}, f"specialists/{rid}.yml", SCHEMAS)
    assert [r.id for r in consents_due(content, "2026-06-10")] == ["c", "a"]
    assert [r.id for r in consents_due(content, "2026-06-09")] == ["c"]


def test_the_status_page_lists_the_consent_to_renew(built):
    site, _ = built
    status = (site / "contribute" / "status" / "index.html").read_text(encoding="utf-8")
    assert 'id="consents"' in status and "specialists/listed-person.yml" in status


@pytest.mark.parametrize("lang", ["", "km/"])
def test_the_directory_on_a_phone_filters_and_has_no_serious_axe_violation(browser, serve, built, lang):
    from test_accessibility import run_axe

    site, _ = built
    url = serve(site)
    context = browser.new_context(viewport={"width": 375, "height": 740}, bypass_csp=True)  # axe is injected
    page = context.new_page()
    try:
        page.goto(url + lang + "specialists/")
        page.wait_for_selector(".rc-explorer__filters:not([hidden])")
        assert page.locator(".rc-card").count() == 1
        assert run_axe(page) == []
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        page.locator(".rc-explorer__facets > summary").click()  # closed on a phone
        page.check("input[name=languages][value=fr]")  # a facet made for the directory: languages
        wait_until(page, "location.search.includes('languages=fr')")
        assert page.locator(".rc-card:visible").count() == 1
        visible = "[...document.querySelectorAll('.rc-card')].filter(c => c.offsetParent !== null).length"
        page.fill("input[name=words]", "Xylophone")  # the withdrawn person's name: no one
        wait_until(page, f"{visible} === 0")
        page.fill("input[name=words]", "joint reviews")  # in the bio, not on the card: from specialists/words.js
        wait_until(page, f"{visible} === 1 && location.search.includes('words=joint')")
        page.goto(url + lang + "specialists/listed-person/")
        assert run_axe(page) == []
    finally:
        context.close()


def test_only_people_whose_record_says_open_data_are_in_the_open_data_with_consented_fields():
    import json

    from resource_centre.records.specialists import OPEN_DATA_FILE, open_data
    from resource_centre.text.languages import Languages

    languages = open_project(REPO).languages
    assert isinstance(languages, Languages)
    content = Content(Path("."))
    for rid, flag in (("in", True), ("out", False)):
        content.specialists[rid] = published_record(
            {"id": rid, "status": "active", "name": {"en": rid}, "bio": {"en": "not agreed"}, "open_data": flag,
             "consent": {"given_by": "x", "date": "2025-01-01", "fields": ["name"]}}, f"specialists/{rid}.yml", SCHEMAS)
    assert open_data(Content(Path(".")), languages) == {}
    people = json.loads(open_data(content, languages)[OPEN_DATA_FILE])
    assert people == [{"id": "in", "name": {"en": "in"},
                       "urls": {"en": "specialists/in/", "km": "km/specialists/in/"}}]


def test_new_specialist_starts_as_a_draft_that_names_what_consent_needs(tmp_path):
    project = make_project(tmp_path / "p")
    result = subprocess.run([sys.executable, "-m", "resource_centre", "--root", str(project), "new", "specialist",
                             "--title", "Example New Person"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    text = (project / "specialists" / "example-new-person.yml").read_text(encoding="utf-8")
    assert "status: draft" in text and "consent:" in text and "given_by:" in text
    assert "set status: active when it is ready" in result.stdout
    assert "consent.date: is empty" in result.stdout


@pytest.mark.parametrize("lang, word", [("", "Facilitates"), ("km/", "ចុះបញ្ជី")])
def test_the_site_search_finds_a_listed_specialist_in_each_language(browser, serve, built, lang, word):
    site, _ = built
    url = serve(site)
    page = browser.new_page()
    try:
        page.goto(url + lang)
        page.keyboard.press("/")
        page.keyboard.type(word)
        page.wait_for_selector(".md-search-result__item", timeout=10000)
        links = page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.href)")
        assert any(f"/{lang}specialists/listed-person/" in link for link in links), links
    finally:
        page.close()
