"""The offline edition: one reproducible zip that works from disk with no network."""
from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

from conftest import broken_links, make_project, wait_until
from resource_centre.export import ExportError, export, unpack
from resource_centre.project import open_project


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("export") / "p")
    result = export(open_project(project), project / "dist")
    return project, result


def test_archive_is_named_by_the_newest_review_and_holds_both_languages(exported):
    project, result = exported
    assert result.archive.name == "partnership-resource-centre-offline-2026-11-20.zip"
    names = zipfile.ZipFile(result.archive).namelist()
    assert names[:2] == ["index.html", "README.txt"]
    for name in ("site/index.html", "site/km/index.html", "site/case-studies/joint-health-review.html",
                 "site/km/case-studies/joint-health-review.html", "site/search/search_index.js",
                 "site/assets/javascripts/vendor/iframe-worker/shim.js"):
        assert name in names, name
    assert not [n for n in names if n.endswith(".map")]
    readme = zipfile.ZipFile(result.archive).read("README.txt").decode()
    assert "Open the file index.html" in readme and "បើកឯកសារ index.html" in readme


def test_every_link_of_the_offline_edition_leads_to_a_file(exported, tmp_path):
    """The offline edition has no directory URLs: the generator's own links must follow."""
    _, result = exported
    folder = unpack(result.archive, tmp_path / "usb")
    assert broken_links(folder / "site") == []


def test_the_same_content_gives_the_same_archive(exported, tmp_path):
    project, result = exported
    first = hashlib.sha256(result.archive.read_bytes()).hexdigest()
    again = export(open_project(project), tmp_path / "dist", pdf=False)
    other = export(open_project(project), tmp_path / "dist2", pdf=False)
    assert hashlib.sha256(again.archive.read_bytes()).hexdigest() == hashlib.sha256(other.archive.read_bytes()).hexdigest()
    assert first  # the PDF-bearing archive differs only by the books it holds


def test_a_failed_export_leaves_the_previous_archive(exported, tmp_path):
    project, result = exported
    before = result.archive.read_bytes()
    record = project / "casestudies" / "provincial-education.yml"
    original = record.read_text()
    record.write_text(original.replace("status: published", "status: publishd"))
    try:
        with pytest.raises(ExportError, match="problem"):
            export(open_project(project), project / "dist")
    finally:
        record.write_text(original)
    assert result.archive.read_bytes() == before
    assert not list((project / "dist").glob(".export-*"))


def test_printed_books_have_contents_and_every_record(exported):
    _, result = exported
    assert sorted(b.name for b in result.books) == ["casebook-en.pdf", "casebook-km.pdf", "toolbook-en.pdf", "toolbook-km.pdf"]
    for book in result.books:
        data = book.read_bytes()
        assert data.startswith(b"%PDF") and b"/Type /Page" in data or b"/Type/Page" in data


def test_offline_site_works_from_disk_without_network(exported, browser, tmp_path):
    _, result = exported
    folder = unpack(result.archive, tmp_path / "usb")
    page = browser.new_page()
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith("file://") else None)
    page.goto((folder / "index.html").as_uri())
    page.wait_for_url("**/site/index.html")
    # Navigation: a case study, then the language switcher to the same page in Khmer.
    page.goto((folder / "site" / "case-studies" / "joint-health-review.html").as_uri())
    assert page.locator("h1").first.inner_text() == "Joint health sector review"
    khmer = page.locator('a[hreflang="km"]').first.get_attribute("href")
    page.goto((folder / "site" / "case-studies" / khmer).resolve().as_uri() if not khmer.startswith("file:") else khmer)
    assert page.evaluate("document.documentElement.lang") == "km"
    assert page.locator("h1").first.inner_text() == "ការពិនិត្យឡើងវិញរួមលើវិស័យសុខាភិបាល"
    # Search through Material's own search box, in English and, for a Khmer word inside a
    # phrase (គណនេយ្យភាព, "accountability"), in Khmer.
    assert search(page, folder / "site" / "index.html", "health")[0].endswith("case-studies/joint-health-review.html")
    found = search(page, folder / "site" / "km" / "index.html", "គណនេយ្យភាព")
    assert any(f.endswith("km/case-studies/joint-health-review.html") for f in found), found
    assert all("/site/km/" in f for f in found[:2]), found  # the reader's language first
    assert outside == []


def search(page, home: Path, query: str) -> list[str]:
    """Type a query as a reader does (Material reads the box on keyup) and return the result links."""
    page.goto(home.as_uri())
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")
    wait_until(page, "document.querySelectorAll('.md-search-result__item').length > 0")
    return page.eval_on_selector_all(".md-search-result__item > a", "links => links.map(a => a.href.split('?')[0])")


def test_explorer_works_over_file_urls(exported, browser, tmp_path):
    from test_explorer_browser import check_explorer
    _, result = exported
    folder = unpack(result.archive, tmp_path / "usb")
    page = browser.new_page()
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith("file://") else None)
    check_explorer(page, (folder / "site" / "case-studies" / "index.html").as_uri())
    assert outside == []
