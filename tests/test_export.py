"""The offline edition: one reproducible zip that works from disk with no network."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, broken_links, make_project, wait_until
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


# --- What export needs, and what it says when that is missing (issue #13, item 13) -----------------

NO_PLAYWRIGHT = ("resource-centre export: the printed books need the Python package playwright: install it with "
                 ".venv/bin/pip install playwright (scripts/build does), or leave the books out: "
                 "resource-centre export --no-pdf")
NO_CHROMIUM = ("resource-centre export: the printed books need Chromium at /nonexistent/chromium: install it with "
               "apt-get install chromium, or leave the books out: resource-centre export --no-pdf")


def run_export(project: Path, dist: Path, *, code: str | None = None, pythonpath: Path | None = None,
               args: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """``resource-centre export`` in a fresh process, as a reader runs it (``code``: run before the CLI)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(pythonpath), env.get("PYTHONPATH")]))
    prelude = (code or "") + "\nfrom resource_centre.cli import main\nraise SystemExit(main())"
    return subprocess.run([sys.executable, "-c", prelude, "--root", str(project), "export", "--dist", str(dist), *args],
                          capture_output=True, text=True, timeout=300, env=env)


def test_the_build_environment_installs_what_export_needs():
    """scripts/build installs pyproject's base dependencies only (no test extra): the books' driver is one."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(dep.split(">")[0].split("=")[0].strip() == "playwright" for dep in project["dependencies"])
    assert "ensure_venv\n" in (REPO / "scripts" / "build").read_text(encoding="utf-8")  # base install, no extra


def test_export_without_playwright_says_what_to_install_in_one_line(tmp_path):
    project = make_project(tmp_path / "p")
    shim = tmp_path / "shim" / "playwright"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text('raise ModuleNotFoundError("No module named \'playwright\'", name="playwright")\n')
    result = run_export(project, tmp_path / "dist", pythonpath=tmp_path / "shim")
    assert (result.returncode, result.stdout, result.stderr) == (1, "", NO_PLAYWRIGHT + "\n")
    assert not (tmp_path / "dist").exists() or not list((tmp_path / "dist").iterdir())
    # --no-pdf needs no browser at all.
    result = run_export(project, tmp_path / "dist", pythonpath=tmp_path / "shim", args=("--no-pdf",))
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert (tmp_path / "dist" / "partnership-resource-centre-offline-2026-11-20.zip").is_file()


def test_export_without_chromium_says_what_to_install_in_one_line(tmp_path):
    project = make_project(tmp_path / "p")
    result = run_export(project, tmp_path / "dist",
                        code="import resource_centre.export as e; e.CHROMIUM = '/nonexistent/chromium'")
    assert (result.returncode, result.stdout, result.stderr) == (1, "", NO_CHROMIUM + "\n")
