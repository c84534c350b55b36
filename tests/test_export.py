"""The offline edition: one reproducible zip that works from disk with no network."""
from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, broken_links, make_project, search_until, wait_until

from resource_centre.editions.export import ExportError, export, unpack
from resource_centre.records.project import open_project


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


@pytest.fixture(scope="module")
def usb(exported, tmp_path_factory) -> Path:
    """The archive unzipped, as a reader finds it on a USB stick."""
    return unpack(exported[1].archive, tmp_path_factory.mktemp("usb") / "usb")


def test_every_link_of_the_offline_edition_leads_to_a_file(usb):
    """Read as a browser reads them from disk: the start page, every page, 404.html, file:/// links too."""
    assert broken_links(usb, over_file=True) == []
    not_found = (usb / "site" / "404.html").read_text(encoding="utf-8")
    assert '"base": "."' in not_found and '"search": "assets/' in not_found  # Material's search from 404.html


def test_the_start_page_lets_the_reader_choose_a_language_and_a_book(usb):
    start = (usb / "index.html").read_text(encoding="utf-8")
    assert "http-equiv" not in start  # no redirect to one language
    # Each language by its own name, in its own script, with its books.
    for lang, name, home in (("en", "English", "site/index.html"), ("km", "ខ្មែរ", "site/km/index.html")):
        block = re.search(rf'<li class="rc-start__choice" lang="{lang}">(.*?)(?=<li class="rc-start__choice"|</main>)',
                          start, re.DOTALL).group(1)
        assert f'<a class="rc-start__language" href="{home}" hreflang="{lang}">{name}</a>' in block
        for key in ("toolbook", "casebook"):
            assert f'href="site/print/{key}-{lang}.pdf"' in block
    assert "Partnering toolbook" in start and "សៀវភៅឧបករណ៍ភាពជាដៃគូ" in start
    readme = (usb / "README.txt").read_text(encoding="utf-8")
    for lang in ("en", "km"):
        for key in ("toolbook", "casebook"):
            assert f"site/print/{key}-{lang}.pdf" in readme


README_EN = """Partnership Resource Centre — Offline edition of November 20, 2026
==================================================================

1. Unzip this archive (right-click > "Extract all" on Windows).
2. Open the file index.html in the unzipped folder with any web browser, and choose your language.
   Everything works without internet: navigation, search, every language.

Keep the folders together: index.html opens the pages in the "site" folder.

Printed books (PDF):
  site/print/toolbook-en.pdf  Partnering toolbook
  site/print/casebook-en.pdf  Case studies of partnerships that work

Reading without a connection:
  - The offline zip: for a laptop. Unzip it and open index.html: every page, the search and the printed books work from the disk.
  - The ZIM file: for the Kiwix app on a phone or tablet, or for an Internet-in-a-Box. Copy the one file to the device and open it from Kiwix's library.
  - The web app: for a phone that is sometimes online. Open this site once and your language's pages are kept (when the button at the bottom of a page offers them, press it); they then open with no connection.


មជ្ឈមណ្ឌលធនធានភាពជាដៃគូ — ការបោះពុម្ពក្រៅបណ្តាញ ថ្ងៃទី"""


def test_readme_says_how_to_open_the_edition_and_where_the_books_are(usb):
    assert (usb / "README.txt").read_text(encoding="utf-8").startswith(README_EN)


def test_the_start_page_and_readme_are_made_from_the_configured_languages(tmp_path):
    """A third language appears by configuration alone; its missing words fall back to the default's."""
    from resource_centre.editions.export import printed_books, readme, start_page
    from resource_centre.text.languages import Language, load_languages

    languages = load_languages([Language("en", "English", True), Language("km", "ខ្មែរ"), Language("fr", "Français")],
                               REPO / "locales")
    languages.strings["fr"] = {"offline_choose": "Choisissez votre langue", "toolbook_title": "Boîte à outils"}
    site = tmp_path / "site"
    books = printed_books([site / "print" / "toolbook-fr.pdf", site / "print" / "casebook-km.pdf"], site, languages)
    page = start_page(languages, books, "2026-11-20")
    assert ('<li class="rc-start__choice" lang="fr">\n'
            '<a class="rc-start__language" href="site/fr/index.html" hreflang="fr">Français</a>\n') in page
    assert '<span lang="fr">Choisissez votre langue</span>' in page
    assert '<a href="site/print/toolbook-fr.pdf" type="application/pdf">Boîte à outils</a>' in page
    assert ('<a href="site/print/casebook-km.pdf" type="application/pdf">'
            'ករណីសិក្សាអំពីភាពជាដៃគូដែលដំណើរការបានល្អ</a>') in page
    text = readme(languages, books, "2026-11-20")
    assert "  site/print/toolbook-fr.pdf  Boîte à outils" in text
    assert text.count("1. Unzip this archive") == 2  # English, and French falling back to English


def test_the_start_page_dates_each_edition_in_its_languages_digits():
    """Khmer pages write dates in Khmer digits (locales/km.yml digits:); the start page and README too."""
    from resource_centre.editions.export import readme, start_page
    from resource_centre.text.languages import Language, load_languages

    languages = load_languages([Language("en", "English", True), Language("km", "ខ្មែរ")], REPO / "locales")
    page = start_page(languages, [], "2026-11-20")
    assert "November 20, 2026" in page
    assert "២០ វិច្ឆិកា ២០២៦" in page and "20 វិច្ឆិកា 2026" not in page
    assert "២០ វិច្ឆិកា ២០២៦" in readme(languages, [], "2026-11-20")


def test_the_start_page_readme_and_home_pages_say_which_edition_to_use_when(usb, mini_site):
    """The zip for a laptop, the ZIM for Kiwix, the web app for a phone that is sometimes online (issue #19),
    in each language, from one list (snippets.editions_list)."""
    start = (usb / "index.html").read_text(encoding="utf-8")
    readme = (usb / "README.txt").read_text(encoding="utf-8")
    for lang in ("en", "km"):
        section = re.search(rf'<section class="rc-start__editions" lang="{lang}">(.*?)</section>', start, re.DOTALL)
        assert section and section.group(1).count("<li>") == 3, lang
    assert "<strong>ឯកសារ ZIM៖</strong> សម្រាប់កម្មវិធី Kiwix" in start
    assert "  - ឯកសារ ZIM៖ សម្រាប់កម្មវិធី Kiwix" in readme
    for home in (usb / "site" / "index.html", usb / "site" / "km" / "index.html",
                 mini_site / "site" / "index.html", mini_site / "site" / "km" / "index.html"):
        page = home.read_text(encoding="utf-8")
        section = re.search(r'<section class="rc-editions"[^>]*>(.*?)</section>', page, re.DOTALL)
        assert section and section.group(1).count("<li>") == 3, home
    assert "Kiwix" in (mini_site / "site" / "km" / "index.html").read_text(encoding="utf-8")


def test_export_holds_no_words_of_any_language():
    """The start page's and README's words live in locales/<lang>.yml, not in the code."""
    source = (REPO / "resource_centre" / "editions" / "export.py").read_text(encoding="utf-8")
    assert not re.findall(r"[\u1780-\u17ff]+|[\"']km[\"']|Unzip this|Printed books", source)


def test_each_home_page_of_the_offline_edition_links_its_books(usb, mini_site):
    for home, prefix, lang in ((usb / "site" / "index.html", "print/", "en"),
                               (usb / "site" / "km" / "index.html", "../print/", "km")):
        page = home.read_text(encoding="utf-8")
        books = re.search(r'<section class="rc-printed-books"[^>]*>(.*?)</section>', page, re.DOTALL).group(1)
        assert [href for href in re.findall(r'href="([^"]+)"', books)] == \
               [f"{prefix}toolbook-{lang}.pdf", f"{prefix}casebook-{lang}.pdf"]
    # Online there are no books: the home page says nothing about them.
    assert "print/" not in (mini_site / "site" / "index.html").read_text(encoding="utf-8")


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
    page.get_by_role("link", name="English", exact=True).click()
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
    found = search(page, folder / "site" / "index.html", "health",
                   until="links.length && links[0].split('?')[0].endsWith('case-studies/joint-health-review.html')")
    assert found[0].endswith("case-studies/joint-health-review.html")
    found = search(page, folder / "site" / "km" / "index.html", "គណនេយ្យភាព",
                   until="links.some(l => l.split('?')[0].endsWith('km/case-studies/joint-health-review.html'))")
    assert any(f.endswith("km/case-studies/joint-health-review.html") for f in found), found
    assert all("/site/km/" in f for f in found[:2]), found  # the reader's language first
    assert outside == []


def search(page, home: Path, query: str, until: str = "links.length > 0") -> list[str]:
    """The pages a search finds from a home page, without their query string."""
    page.goto(home.as_uri())
    return [link.split("?")[0] for link in search_until(page, query, until)]


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
                        code="import resource_centre.editions.export as e; e.CHROMIUM = '/nonexistent/chromium'")
    assert (result.returncode, result.stdout, result.stderr) == (1, "", NO_CHROMIUM + "\n")


# Pages of the offline edition opened from disk: none may log a Content-Security-Policy violation or
# any other error (the iframe-worker shim used to write an inline script the policy refuses).
OFFLINE_PAGES = ["index.html", "site/index.html", "site/km/index.html", "site/case-studies/joint-health-review.html",
                 "site/km/case-studies/joint-health-review.html", "site/km/glossary/index.html", "site/404.html"]
WATCH_VIOLATIONS = """window.__violations = [];
document.addEventListener("securitypolicyviolation",
                          e => window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline")));"""


def test_offline_pages_log_no_policy_violation_or_error(usb, browser):
    context = browser.new_context()
    context.add_init_script(WATCH_VIOLATIONS)
    page = context.new_page()
    logged = []
    page.on("console", lambda m: logged.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: logged.append(f"pageerror: {e}"))
    for rel in OFFLINE_PAGES:
        page.goto((usb / rel).as_uri())
        if rel != "index.html":  # a search starts the worker in the shim's iframe, where the inline script was
            box = page.locator("input.md-search__input")
            box.click()
            box.fill("partnership" if "/km/" not in rel else "ភាពជាដៃគូ")
            box.press("End")
            wait_until(page, "document.querySelectorAll('.md-search-result__item').length > 0")
        frames = [page.main_frame, *page.main_frame.child_frames]
        violations = [v for frame in frames for v in (frame.evaluate("window.__violations || []"))]
        assert (rel, violations, logged) == (rel, [], [])
    context.close()


BROKEN_BROWSER = '''"""A stand-in for Playwright whose browser does not start, as when Chromium lacks a library."""
class Error(Exception):
    pass


class _Chromium:
    def launch(self, **options):
        raise Error("BrowserType.launch: Failed to launch the browser process!\\n/usr/bin/chromium: error while loading")


class _Playwright:
    chromium = _Chromium()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def sync_playwright():
    return _Playwright()
'''


def test_a_browser_that_does_not_start_is_one_line_too(tmp_path):
    project = make_project(tmp_path / "p")
    fake = tmp_path / "fake" / "playwright"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "sync_api.py").write_text(BROKEN_BROWSER)
    result = run_export(project, tmp_path / "dist", pythonpath=tmp_path / "fake",
                        code="import resource_centre.editions.export as e; e.CHROMIUM = '/bin/true'")
    assert (result.returncode, result.stdout, result.stderr) == (1, "", (
        "resource-centre export: Chromium could not print the books (BrowserType.launch: Failed to launch the browser "
        "process!): check that /bin/true --version runs, or leave the books out: resource-centre export --no-pdf\n"))


def test_vendored_files_are_what_scripts_vendor_assets_makes():
    """The shim is patched by scripts/vendor_assets.sh, not by hand: each file matches the script's checksum."""
    script = (REPO / "scripts" / "vendor_assets.sh").read_text(encoding="utf-8")
    pinned = dict(re.findall(r"^\s*\[([^\]]+)\]=([0-9a-f]{64})$", script, re.MULTILINE))
    assert "overrides/assets/javascripts/vendor/iframe-worker/shim.js" in pinned
    for path, digest in pinned.items():
        assert hashlib.sha256((REPO / path).read_bytes()).hexdigest() == digest, path
    assert "<script>" not in (REPO / "overrides/assets/javascripts/vendor/iframe-worker/shim.js").read_text()


@pytest.mark.parametrize("width", [375, 1280])
def test_the_start_page_is_accessible_and_fits_a_phone(usb, browser, width):
    from test_accessibility import run_axe
    page = browser.new_page(viewport={"width": width, "height": 740})
    page.goto((usb / "index.html").as_uri())
    assert run_axe(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # The reader's first choice is on the first screen, every language's.
    for link in page.locator("a.rc-start__language").all():
        assert link.bounding_box()["y"] + link.bounding_box()["height"] <= 740
    page.close()
