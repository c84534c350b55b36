"""The Kiwix edition (issue #19): one ZIM file from the offline site, read by Debian's readers.

zimcheck (zim-tools) checks the file; kiwix-serve (kiwix-tools) serves it and Chromium reads it
at phone width. python-libzim's reader checks what the file says about itself.
"""
from __future__ import annotations

import hashlib
import io
import posixpath
import re
import shutil
import socket
import subprocess
import time
import urllib.request
import zipfile
from pathlib import Path

import material
import pytest
import yaml
from conftest import make_project, resource_centre, search_until, wait_until
from test_downloads import add_downloads

import resource_centre.editions.export as export_module
from resource_centre.cli import build_parser
from resource_centre.editions.export import ExportError, export
from resource_centre.editions.zim import ZimError, ZimMetadata, check_metadata, iso639_3, mimetype, page_title
from resource_centre.records.project import open_project

libzim_reader = pytest.importorskip("libzim.reader")

CASE_STUDY = "case-studies/joint-health-review.html"
TOOL = "tools/health-check.html"
KHMER_WORD = "គណនេយ្យភាព"   # "accountability", inside "ដោយគ្មានគណនេយ្យភាពទៅវិញទៅមក" in the case study


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("zim") / "p")
    add_downloads(project)
    return project


@pytest.fixture(scope="module")
def exported(project):
    """``export --zim``, counting the offline builds it runs."""
    builds = []
    real = export_module.build_offline_site

    def counted(proj, site_dir):
        builds.append(site_dir)
        return real(proj, site_dir)

    export_module.build_offline_site = counted
    try:
        result = export(open_project(project), project / "dist", pdf=False, zim=True)
    finally:
        export_module.build_offline_site = real
    return result, builds


@pytest.fixture(scope="module")
def archive(exported):
    return libzim_reader.Archive(str(exported[0].zim.path))


def _text(archive, path: str) -> str:
    return bytes(archive.get_entry_by_path(path).get_item().content).decode("utf-8")


def test_the_zim_is_written_beside_the_zip_from_the_same_build(exported, project, tmp_path):
    result, builds = exported
    assert len(builds) == 1
    assert result.zim.path == project / "dist" / "partnership-resource-centre-2026-11-20.zim"
    assert result.archive == project / "dist" / "partnership-resource-centre-offline-2026-11-20.zip"
    assert sorted(p.name for p in (project / "dist").iterdir()) == [
        "partnership-resource-centre-2026-11-20.zim", "partnership-resource-centre-offline-2026-11-20.zip"]
    # The zip stays as it is: the same bytes as an export without --zim.
    alone = export(open_project(project), tmp_path / "dist", pdf=False)
    assert alone.zim is None
    digest = [hashlib.sha256(p.read_bytes()).hexdigest() for p in (alone.archive, result.archive)]
    assert digest[0] == digest[1]


def test_the_command_line_asks_for_it_with_zim(project, tmp_path):
    assert build_parser().parse_args(["export"]).zim is False
    result = resource_centre(project, "export", "--no-pdf", "--zim", "--dist", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{tmp_path / 'out'}/partnership-resource-centre-offline-2026-11-20.zip (")
    zim = tmp_path / "out" / "partnership-resource-centre-2026-11-20.zim"
    entries = len([n for n in zipfile.ZipFile(tmp_path / "out" / "partnership-resource-centre-offline-2026-11-20.zip")
                   .namelist() if n.startswith("site/")]) - 1 + 1 + 4  # no 404.html; start.html; 4 glossary entries
    assert lines[-1] == f"{zim} ({zim.stat().st_size / 1e6:.1f} MB, {entries} entries, 10 articles)"
    assert "ZIM file is ready" not in result.stdout + result.stderr  # libzim's own chatter stays out


def test_openzim_metadata(archive):
    meta = {key: archive.get_metadata(key).decode("utf-8") for key in archive.metadata_keys
            if not key.startswith("Illustration")}
    assert meta["Name"] == "partnership-resource-centre_mul_all"
    assert meta["Title"] == "Partnership Resource Centre"
    assert meta["Language"] == "eng,khm"
    assert meta["Date"] == "2026-11-20"
    assert meta["Creator"] == meta["Publisher"] == "Partnership Resource Centre"
    assert meta["Description"] == "Case studies, tools and a glossary for partnerships in Cambodia"
    assert len(meta["Description"]) <= 80 < len(meta["LongDescription"])
    assert "_category:other" in meta["Tags"].split(";")
    assert archive.has_illustration(48)
    png = bytes(archive.get_illustration_item(48).content)
    from PIL import Image
    assert Image.open(io.BytesIO(png)).size == (48, 48) and png.startswith(b"\x89PNG")
    assert archive.has_fulltext_index and archive.has_title_index and archive.has_checksum and archive.check()


def test_the_main_page_lets_the_reader_choose_a_language(archive):
    assert archive.main_entry.get_item().path == "start.html"
    start = _text(archive, "start.html")
    assert '<a class="rc-start__language" href="index.html" hreflang="en">English</a>' in start
    assert '<a class="rc-start__language" href="km/index.html" hreflang="km">ខ្មែរ</a>' in start
    assert 'href="assets/stylesheets/resource-centre.css"' in start and "site/" not in start


def test_every_file_of_the_zip_is_an_entry_with_its_type_and_every_page_its_title(archive, exported):
    site = [name for name in zipfile.ZipFile(exported[0].archive).namelist() if name.startswith("site/")]
    assert len(site) > 100
    with zipfile.ZipFile(exported[0].archive) as zipped:
        for name in site:
            path = name[len("site/"):]
            if path == "404.html":
                continue
            item = archive.get_entry_by_path(path).get_item()
            assert item.mimetype == mimetype(path), path
            assert bytes(item.content) == zipped.read(name), path
            if path.endswith(".html"):
                assert archive.get_entry_by_path(path).title == page_title(zipped.read(name).decode("utf-8")), path
    for path, expected in ((CASE_STUDY, "text/html"), ("assets/javascripts/rc-search/worker.js", "text/javascript"),
                           ("search/search_index.json", "application/json"), ("assets/images/favicon.png", "image/png")):
        item = archive.get_entry_by_path(path).get_item()
        assert item.mimetype == expected, path
    fonts = [p for p in exported[0].zim.front_articles if p.endswith(".woff2")]
    assert fonts == []
    km = archive.get_entry_by_path("km/" + CASE_STUDY)
    assert km.title == page_title(_text(archive, "km/" + CASE_STUDY))
    assert km.title.startswith("ការពិនិត្យឡើងវិញរួមលើវិស័យសុខាភិបាល")
    assert not archive.has_entry_by_path("404.html")


def test_mime_types_by_name():
    assert [mimetype(name) for name in ("a.html", "b.js", "c.woff2", "d.json", "e.svg", "f.pdf", "g.unknownext")] == [
        "text/html", "text/javascript", "font/woff2", "application/json", "image/svg+xml", "application/pdf",
        "application/octet-stream"]


def test_records_and_glossary_terms_are_front_articles_in_both_scripts(exported, archive):
    front = sorted(exported[0].zim.front_articles)
    assert front == sorted([CASE_STUDY, "km/" + CASE_STUDY, "case-studies/provincial-education.html",
                            "km/case-studies/provincial-education.html", TOOL, "km/" + TOOL,
                            "glossary/mutual-accountability.html", "glossary/ownership.html",
                            "km/glossary/mutual-accountability.html", "km/glossary/ownership.html"])
    assert archive.article_count == len(front)
    from libzim.suggestion import SuggestionSearcher
    suggest = SuggestionSearcher(archive)
    assert "km/" + CASE_STUDY in list(suggest.suggest("ការពិនិត្យឡើងវិញ").getResults(0, 10))
    assert CASE_STUDY in list(suggest.suggest("joint health").getResults(0, 10))
    assert "km/glossary/ownership.html" in list(suggest.suggest("ភាពជា").getResults(0, 10))
    term = _text(archive, "km/glossary/ownership.html")
    assert '<meta http-equiv="refresh" content="0; url=index.html#ownership">' in term


def test_language_codes_come_from_the_locale_code():
    assert [iso639_3(c) for c in ("en", "km", "fr", "zh", "my", "pt_BR", "lo", "ckb")] == [
        "eng", "khm", "fra", "zho", "mya", "por", "lao", "ckb"]
    with pytest.raises(ZimError) as info:
        iso639_3("qq")
    assert str(info.value) == "no ISO 639-3 code is known for the language 'qq' (openZIM's Language needs one)"


def test_a_description_too_long_for_openzim_is_named():
    meta = ZimMetadata("n", "Title", "c", "p", "2026-01-01", "x" * 81, "y" * 100, ["eng"], "", b"")
    with pytest.raises(ZimError) as info:
        check_metadata(meta)
    assert str(info.value) == ("the ZIM Description is 81 characters, openZIM allows 80: shorten zim_description "
                               f"in locales/ ('{'x' * 81}')")


ZIMCHECK = shutil.which("zimcheck")
KIWIX_SERVE = shutil.which("kiwix-serve")


@pytest.mark.skipif(ZIMCHECK is None, reason="zimcheck missing: apt-get install zim-tools (scripts/_env.sh does)")
def test_zimcheck_passes(exported):
    """Every check but --integrity: Debian 12's zimcheck (3.1, libzim 8) reads the header field
    that libzim 9.3+ sets to say "no v0 title index" as a table outside the file, and fails every
    ZIM written since, Kiwix's own too (openzim/zim-tools#484). archive.check() above verifies
    the checksum with the libzim that wrote the file."""
    result = subprocess.run([ZIMCHECK, "--empty", "--checksum", "--metadata", "--favicon", "--main", "--redundant",
                             "--url_internal", "--url_external", "--redirect_loop", "--details",
                             str(exported[0].zim.path)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[INFO] Overall Test Status: Pass" in result.stdout
    assert "[ERROR]" not in result.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def kiwix(exported):
    """kiwix-serve on a free local port; returns the book's base URL (its URL style differs by version)."""
    if KIWIX_SERVE is None:
        pytest.skip("kiwix-serve missing: apt-get install kiwix-tools (scripts/_env.sh does)")
    port = _free_port()
    # As an Internet-in-a-Box runs it: Debian 12's kiwix-serve (3.3) lays its bar over the top of each
    # page, later versions show the pages in a frame under theirs.
    server = subprocess.Popen([KIWIX_SERVE, "--address", "127.0.0.1", "--port", str(port),
                               str(exported[0].zim.path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    book = exported[0].zim.path.stem
    try:
        root = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                urllib.request.urlopen(root + "/", timeout=2)
                break
            except OSError:
                time.sleep(0.05)
        base = None
        for candidate in (f"{root}/content/{book}/", f"{root}/{book}/"):
            try:
                if urllib.request.urlopen(candidate + "start.html", timeout=5).status == 200:
                    base = candidate
                    break
            except OSError:
                continue
        assert base, "kiwix-serve serves no start.html"
        yield root, base
    finally:
        server.terminate()
        server.wait(timeout=10)


def _uncovered(page, selector: str) -> bool:
    """The element is what the reader sees and taps at its centre, not a bar laid over it."""
    return page.locator(selector).first.evaluate(
        "el => { const r = el.getBoundingClientRect();"
        " const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);"
        " return el === top || el.contains(top); }")


def _covered_frames(page, selector: str, milliseconds: int) -> int:
    """How many animation frames over the next `milliseconds` show the element under something else."""
    return page.locator(selector).first.evaluate(
        "(el, ms) => new Promise(done => { const end = performance.now() + ms; let covered = 0;"
        " const frame = () => { const r = el.getBoundingClientRect();"
        "  const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);"
        "  if (!(el === top || el.contains(top))) covered++;"
        "  if (performance.now() < end) requestAnimationFrame(frame); else done(covered); };"
        " requestAnimationFrame(frame); })", milliseconds)


def _registers_no_service_worker(page) -> bool:
    return page.evaluate("navigator.serviceWorker ? navigator.serviceWorker.getRegistrations().then(r => r.length === 0)"
                         " : true")


@pytest.mark.browser
def test_a_phone_reads_the_zim_through_kiwix_serve(kiwix, browser):
    root, base = kiwix
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))  # pages and their workers
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    # The main page: the reader chooses Khmer.
    page.goto(base)
    page.wait_for_selector("a.rc-start__language[hreflang=km]")
    page.locator("a.rc-start__language[hreflang=km]").click()
    page.wait_for_url(base + "km/index.html")
    # A Khmer case study, followed from the list of case studies.
    page.goto(base + "km/case-studies/index.html")
    page.locator(f'main a[href$="{CASE_STUDY.split("/")[1]}"]').first.click()
    page.wait_for_url(base + "km/" + CASE_STUDY)
    assert "ការពិនិត្យឡើងវិញរួមលើវិស័យសុខាភិបាល" in page.locator("h1").inner_text()
    page.mouse.wheel(0, 600)
    wait_until(page, "window.scrollY > 0")
    # The bar slides away (0.3 s) up to 250 ms after the scroll: the header is not under it at any frame.
    assert _covered_frames(page, "label.md-header__button[for=__search]", 900) == 0
    assert _uncovered(page, "label.md-header__button[for=__search]")
    # The same page in English, and back.
    page.locator(".md-header [hreflang=en]").first.evaluate("a => a.click()")
    page.wait_for_url(base + CASE_STUDY)
    page.locator(".md-header [hreflang=km]").first.evaluate("a => a.click()")
    page.wait_for_url(base + "km/" + CASE_STUDY)
    # The tool it used, and the tool's document in Khmer.
    page.locator(f'main a[href$="{TOOL.split("/")[1]}"]').first.click()
    page.wait_for_url(base + "km/" + TOOL)
    download = page.locator('a.rc-download[hreflang="km"]')
    response = page.request.get(download.evaluate("a => a.href"))
    assert response.status == 200 and response.headers["content-type"].startswith("text/html")
    download.click()
    page.wait_for_selector("main.rc-printable__page table")
    assert page.locator("[data-rc-print]").is_visible()
    # The site's search finds a Khmer word from inside a phrase of the case study.
    page.goto(base + "km/index.html")
    hits = [link.split("?")[0] for link in search_until(page, KHMER_WORD, f"links.some(l => l.includes({CASE_STUDY!r}))")]
    assert _uncovered(page, "input.md-search__input")  # the reader sees what they typed
    assert base + "km/" + CASE_STUDY in hits, hits
    page.screenshot(path=str(_shots() / "kiwix-serve-search-375-km.png"))
    page.locator(f'.md-search-result__item a[href*="{CASE_STUDY}"]').first.click()
    page.wait_for_url(re.compile(re.escape(base + "km/" + CASE_STUDY)))
    assert _registers_no_service_worker(page)
    assert errors == []
    assert any("/rc-search/worker.js?" in url for url in requests)  # the site's search worker, from the ZIM
    assert [url for url in requests if not url.startswith(root + "/")] == []
    context.close()


def _shots() -> Path:
    folder = Path("/work/notes/shots/H19z")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_no_page_of_the_zim_registers_a_service_worker(archive, exported):
    """The web app's worker is for the published site: neither the zip nor the ZIM registers it."""
    for path in exported[0].zim.front_articles + ["start.html", "index.html", "km/index.html"]:
        text = _text(archive, path)
        scripts = re.findall(r'<script src="([^"]+)"', text)
        assert "serviceWorker" not in text, path
        for src in scripts:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), src.split("?")[0]))
            if archive.has_entry_by_path(target):
                assert "serviceWorker.register" not in _text(archive, target), (path, target)


def test_a_missing_favicon_is_reported(project, tmp_path):
    with pytest.raises(ExportError) as info:
        export_module.zim_metadata(open_project(project).languages, tmp_path, "2026-01-01")
    assert str(info.value) == ("the ZIM's 48x48 illustration is made from the site's favicon, "
                               "assets/images/favicon.png, which the offline build did not write")
    (tmp_path / "index.html").write_text('<link rel="icon" href="assets/logo.svg">', encoding="utf-8")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "logo.svg").write_text("<svg/>", encoding="utf-8")
    with pytest.raises(ExportError) as info:
        export_module.zim_metadata(open_project(project).languages, tmp_path, "2026-01-01")
    assert str(info.value) == ("the ZIM's 48x48 illustration is made from the site's favicon, assets/logo.svg, "
                               "which is not a bitmap image: set theme.favicon in mkdocs.yml to a PNG")


def test_a_third_language_joins_the_zim_language_by_configuration_alone(tmp_path):
    from test_third_language import FRENCH

    project = make_project(tmp_path / "p")
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    block = yaml.safe_dump([FRENCH], allow_unicode=True, sort_keys=False)
    block = "\n".join("        " + line for line in block.splitlines()) + "\n"
    (project / "mkdocs.yml").write_text(text.replace("  # The offline edition", block + "  # The offline edition", 1),
                                        encoding="utf-8")
    site = tmp_path / "site"
    (site / "assets" / "images").mkdir(parents=True)
    shutil.copy(Path(material.__file__).parent / "templates" / "assets" / "images" / "favicon.png",
                site / "assets" / "images" / "favicon.png")
    meta = export_module.zim_metadata(open_project(project).languages, site, "2026-01-01")
    assert meta.languages == ["eng", "khm", "fra"]
    assert meta.name == "partnership-resource-centre_mul_all"
