"""The installable web app (issue 19): manifests, precache lists and a service worker that keeps the
reader's language working with no connection, tells of a new build once, and is absent offline."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import QuietHandler, make_project, mkdocs, search_until, start_server, wait_until

from resource_centre.editions.webapp import manifest, precache_files
from resource_centre.text.languages import Language, Languages


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("webapp") / "project")
    mkdocs(project, "build")
    return project


def _list(site: Path, folder: str) -> dict:
    return json.loads((site / folder / "precache.json").read_text(encoding="utf-8"))


def test_each_language_has_a_manifest_in_its_own_script_linked_from_its_pages(project):
    site = project / "site"
    khmer = json.loads((site / "km" / "manifest.webmanifest").read_text(encoding="utf-8"))
    english = json.loads((site / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert khmer["name"] == "មជ្ឈមណ្ឌលធនធានភាពជាដៃគូ" and khmer["short_name"] == "ធនធានភាពជាដៃគូ"
    assert english["name"] == "Partnership Resource Centre" and english["short_name"] == "Resource Centre"
    assert khmer["start_url"] == khmer["scope"] == "./" and khmer["lang"] == "km"
    assert [i["sizes"] for i in khmer["icons"]] == ["192x192", "512x512"]
    assert all((site / "km" / i["src"]).is_file() for i in khmer["icons"])
    page = (site / "km" / "case-studies" / "joint-health-review" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="manifest" href="../../manifest.webmanifest">' in page
    assert ('<script src="../../../assets/javascripts/rc-sw-register.js" defer data-worker="../../../rc-sw.js" '
            'data-list="../../precache.json" data-lang="km"></script>') in page
    assert "worker-src 'self'" in page and "manifest-src 'self'" in page
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<link rel="manifest" href="manifest.webmanifest">' in home


def test_precache_lists_hold_a_language_whole_with_the_hashes_of_the_final_files(project):
    site = project / "site"
    khmer, english = _list(site, "km"), _list(site, "")
    assert khmer["build"] == english["build"] and khmer["lang"] == "km"
    urls = {f["url"] for f in khmer["files"]}
    # Every Khmer page (directory URLs), its search index, the tool download, the explorer's words
    # (the default language's file), fonts, and the offline page; nothing of the English folder's pages.
    assert {"km/", "km/case-studies/", "km/case-studies/joint-health-review/", "km/tools/files/health-check-en.html",
            "km/search/search_index.json", "case-studies/words.js", "km/offline.html",
            "assets/fonts/noto-sans-khmer/noto-sans-khmer-khmer-400-normal.woff2"} <= urls
    assert not {u for u in urls if u.startswith(("case-studies/joint", "about/", "data/case", "feeds/"))}
    assert not {u for u in urls if u.endswith(".map") or "/lunr/" in u or "rc-icon" in u}
    assert "" in {f["url"] for f in english["files"]}
    assert not {f["url"] for f in english["files"] if f["url"].startswith("km/")}
    for entry in khmer["files"]:
        rel = entry["url"] + ("index.html" if entry["url"].endswith("/") or not entry["url"] else "")
        data = (site / rel).read_bytes()
        assert (entry["size"], entry["hash"]) == (len(data), hashlib.sha256(data).hexdigest()[:16]), rel
    assert khmer["bytes"] == sum(f["size"] for f in khmer["files"])
    assert khmer["others"][0]["offer"].startswith("រក្សាទុកទំព័រអង់គ្លេស") and "MB)" in khmer["others"][0]["offer"]
    # Small enough to be saved unasked (the default offline_save_up_to); offered in its own words otherwise.
    assert khmer["auto"] is english["auto"] is True and khmer["stored"] <= 5 * 1024 * 1024
    assert khmer["own"]["offer"].startswith("រក្សាទុកទំព័រខ្មែរ") and khmer["own"]["lang"] == "km"
    assert english["own"]["offer"].startswith("Make the English pages available offline (")
    assert not (site / "assets" / "javascripts" / "rc-sw.js").exists(), "the worker is at the root only"
    worker = (site / "rc-sw.js").read_text(encoding="utf-8")
    assert worker.startswith(f'var RC_BUILD = "{khmer["build"]}", RC_HOMES = {{"en": "", "km": "km/"}};\n')


def test_a_language_of_a_third_folder_is_left_out_of_the_others_lists(tmp_path):
    site = tmp_path
    for rel in ["index.html", "fr/index.html", "km/index.html", "km/tools/files/x-km.html", "assets/app.js",
                "assets/app.js.map", "data/tools.csv", "data/index.html", "feeds/a.atom", "404.html"]:
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text("x", encoding="utf-8")
    languages = Languages([Language("en", "English", True), Language("km", "ខ្មែរ"), Language("fr", "Français")])
    assert precache_files(site, languages, "km") == ["assets/app.js", "km/index.html", "km/tools/files/x-km.html"]
    assert precache_files(site, languages, "en") == ["assets/app.js", "data/index.html", "index.html"]


def test_manifest_of_a_language_names_icons_from_its_folder():
    languages = Languages([Language("en", "English", True), Language("km", "ខ្មែរ")],
                          {"en": {"webapp_short_name": "RC", "webapp_description": "D"}})
    assert manifest(languages, "km", "X")["icons"][0]["src"] == "../assets/images/rc-icon-192.png"
    assert manifest(languages, "en", "X")["icons"][0]["src"] == "assets/images/rc-icon-192.png"


def test_the_offline_edition_has_no_manifest_nor_worker(tmp_path):
    project = make_project(tmp_path / "project")
    subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project, check=True, capture_output=True,
                   env=dict(os.environ, NO_MKDOCS_2_WARNING="1", OFFLINE="true"))
    site = project / "site"
    assert not (site / "rc-sw.js").exists() and not (site / "precache.json").exists()
    assert not (site / "km" / "manifest.webmanifest").exists()
    assert not (site / "assets" / "javascripts" / "rc-sw-register.js").exists()
    assert not (site / "assets" / "javascripts" / "rc-sw.js").exists()
    for page in [site / "index.html", site / "km" / "index.html", site / "km" / "tools" / "health-check.html"]:
        text = page.read_text(encoding="utf-8")
        assert 'rel="manifest"' not in text and "rc-sw-register" not in text, page


def visible_ids(page) -> set[str]:
    hrefs = page.eval_on_selector_all(".rc-card:not([hidden]) a", "els => els.map(e => e.getAttribute('href'))")
    return {h.rstrip("/").split("/")[-1].removesuffix(".html") for h in hrefs}


# Per reader: home folder, a word of the health review in the middle of a phrase, the offline title
# in the reader's language, the other language's home, and the update notice.
READERS = {
    "km": ("km/", "សុខាភិបាល", "អ្នកមិនមានអ៊ីនធឺណិតទេ", "", "កំណែថ្មីនៃគេហទំព័រនេះត្រូវបានចេញផ្សាយ។"),
    "en": ("", "health", "You are offline", "km/", "A new version of this site has been published."),
}


class _Host:
    """A web host that can lose its connection: Chromium's offline emulation (context.set_offline) does
    not reach a service worker's own requests, so while "down" every request is dropped unanswered."""

    def __init__(self, folder: Path) -> None:
        self.down = threading.Event()
        self.asked: list[str] = []                   # every GET's path, in the order they came
        host = self

        class Handler(QuietHandler):
            def handle_one_request(self) -> None:
                if host.down.is_set():
                    self.close_connection = True
                    return
                super().handle_one_request()

            def do_GET(self) -> None:
                host.asked.append(self.path)
                super().do_GET()

        self.server, self.base = start_server(folder, Handler)


@pytest.fixture
def host():
    hosts: list[_Host] = []

    def start(folder: Path) -> _Host:
        hosts.append(_Host(folder))
        return hosts[-1]

    yield start
    for each in hosts:
        each.server.shutdown()


@pytest.mark.browser
@pytest.mark.parametrize("lang", sorted(READERS))
def test_after_one_visit_the_language_works_offline_and_a_new_build_is_told_once(browser, host, tmp_path, lang):
    home, word, offline_title, other, update = READERS[lang]
    project = make_project(tmp_path / "project")
    mkdocs(project, "build")
    web = host(project / "site")
    base = web.base
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(base + home)
    wait_until(page, "document.documentElement.getAttribute('data-rc-offline') === 'ready'", timeout=60)
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    # Saved gzip-compressed: the list's page, as the cache holds it, is smaller than the page.
    listed = {f["url"]: f["size"] for f in _list(project / "site", home)["files"]}
    packed, kept = page.evaluate("""async (url) => {
        const cache = await caches.open((await caches.keys())[0]), hit = await cache.match(url)
        return [hit.headers.get("X-RC-Gzip"), (await hit.arrayBuffer()).byteLength] }""",
                                 base + home + "case-studies/")
    assert packed == "1" and kept < listed[home + "case-studies/"] / 2

    context.set_offline(True)
    web.down.set()
    page.goto(base + home + "case-studies/joint-health-review/")
    assert page.locator("h1").first.inner_text().strip()
    assert any("joint-health-review" in href
               for href in search_until(page, word, until="links.some(l => l.includes('joint-health-review'))"))
    page.goto(base + home + "case-studies/")
    page.fill("input[name=words]", word)
    wait_until(page, "document.querySelectorAll('.rc-card:not([hidden])').length === 1", timeout=30)
    assert visible_ids(page) == {"joint-health-review"}
    page.goto(base + home + "case-studies/?twgs=health")
    assert visible_ids(page) == {"joint-health-review"}
    download = page.goto(base + home + "tools/files/health-check-en.html")
    assert download.ok and "health" in page.content().lower()
    # The other language's pages were not saved: the reader's language says so, not the browser's error.
    page.goto(base + home)
    page.goto(base + other + "about/", referer=page.url)
    assert page.locator("h1").inner_text() == offline_title
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.evaluate("getComputedStyle(document.querySelector('main')).maxWidth") != "none", "no stylesheet"
    page.click("main a")  # back to the reader's home, saved
    assert page.url == base + home and page.evaluate("document.documentElement.lang") == lang

    # A changed build is published while the reader is offline; back online, they are told once.
    record = project / "casestudies" / "joint-health-review.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("ការពិនិត្យឡើងវិញរួមលើវិស័យសុខាភិបាល",
                      "ការពិនិត្យឡើងវិញរួមលើវិស័យសុខាភិបាល ២")
                      .replace("Joint", "Joint annual", 1), encoding="utf-8")
    mkdocs(project, "build")
    context.set_offline(False)
    web.down.clear()
    page.goto(base + home)
    wait_until(page, "document.querySelector('.rc-update') !== null", timeout=60)
    assert page.locator(".rc-update span").inner_text() == update
    assert page.locator(".rc-update").get_attribute("lang") == lang
    # The notice's button (English reader) or simply the next page (Khmer reader) brings the new build,
    # from its own cache; the old build's cache is gone.
    if lang == "en":
        with page.expect_navigation():
            page.click(".rc-update button")
        page.goto(base + home + "case-studies/joint-health-review/")
    else:
        page.goto(base + home + "case-studies/joint-health-review/")
    wait_until(page, "document.documentElement.getAttribute('data-rc-offline') === 'ready'", timeout=60)
    title = page.locator("h1").first.inner_text()
    assert ("២" in title) if lang == "km" else ("Joint annual" in title), title
    wait_until(page, "caches.keys().then(k => k.length === 1)", timeout=30)
    new_build = _list(project / "site", home)["build"]
    assert page.evaluate("caches.keys()") == ["rc-" + new_build]
    assert page.locator(".rc-update").count() == 0
    page.goto(base + home)
    page.wait_for_timeout(500)
    assert page.locator(".rc-update").count() == 0, "told twice"
    assert not [e for e in errors if "Content Security Policy" in e], errors
    context.close()


# Per reader: the offer of the other language, and what it says once saved.
OFFERS = {
    "km": ("km/", "", "រក្សាទុកទំព័រអង់គ្លេសសម្រាប់អានដោយគ្មានអ៊ីនធឺណិត (", "ទំព័រអង់គ្លេសអាចអានបានដោយគ្មានអ៊ីនធឺណិត។"),
    "en": ("", "km/", "Make the Khmer pages available offline (", "The Khmer pages are available offline."),
}


@pytest.mark.browser
@pytest.mark.parametrize("lang", sorted(OFFERS))
def test_the_reader_can_make_the_other_language_available_offline(browser, host, tmp_path, lang):
    home, other, offer, saved = OFFERS[lang]
    project = make_project(tmp_path / "project")
    mkdocs(project, "build")
    web = host(project / "site")
    listed = _list(project / "site", other)
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(web.base + home)
    wait_until(page, "document.documentElement.getAttribute('data-rc-offline') === 'ready'", timeout=60)
    button = page.locator(".rc-offline-offer button")
    wait_until(page, "document.querySelector('.rc-offline-offer button') !== null", timeout=30)
    size = _list(project / "site", home)["others"][0]["offer"].rsplit("(", 1)[1]
    assert button.inner_text() == offer + size and listed["bytes"] > 0
    assert page.locator(".rc-offline-offer").get_attribute("aria-live") == "polite"   # the outcome is read out
    button.focus()
    page.keyboard.press("Enter")                                   # as a keyboard or screen-reader user does
    wait_until(page, f"document.querySelector('.rc-offline-offer').textContent === {json.dumps(saved)}", timeout=60)
    # The button is gone: the focus is on the words that replaced it, not lost to the top of the page.
    assert page.evaluate("document.activeElement === document.querySelector('.rc-offline-offer')")
    context.set_offline(True)
    web.down.set()
    page.goto(web.base + other + "case-studies/joint-health-review/")
    assert page.evaluate("document.documentElement.lang") != lang
    assert page.locator(".rc-case, article").count() > 0
    # Saved, the other language's footer says so too; the offer is not made again.
    page.goto(web.base + home)
    wait_until(page, "document.querySelector('.rc-offline-offer') !== null", timeout=30)
    assert page.locator(".rc-offline-offer").inner_text() == saved
    context.close()


def _offer_only(project: Path) -> Path:
    """The project with every language offered rather than saved unasked (offline_save_up_to: 0)."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - resource-centre\n" in text
    config.write_text(text.replace("  - resource-centre\n", "  - resource-centre:\n      offline_save_up_to: 0\n", 1),
                      encoding="utf-8")
    return project


# The browser's data saver, as Chromium on Android reports it (navigator.connection.saveData).
SAVE_DATA = "Object.defineProperty(navigator, 'connection', {value: {saveData: true}, configurable: true})"


@pytest.mark.browser
@pytest.mark.parametrize("why", ["too large", "data saver"])
def test_a_language_too_large_or_a_data_saver_is_offered_not_saved_unasked(browser, host, tmp_path, why):
    """A phone on a paid connection fetches the pages it opens, not the whole language (issue 20): above the
    plugin's offline_save_up_to, or when the browser asks to save data, the reader's own language is offered
    in the footer with its size, before the other's; saved on a tap, it reads offline as before."""
    project = make_project(tmp_path / "project")
    if why == "too large":
        _offer_only(project)
    mkdocs(project, "build")
    listed = _list(project / "site", "km")
    assert listed["auto"] is (why == "data saver")
    web = host(project / "site")
    context = browser.new_context(viewport={"width": 375, "height": 740})
    if why == "data saver":
        context.add_init_script(SAVE_DATA)
    page = context.new_page()
    page.goto(web.base + "km/")
    wait_until(page, "document.documentElement.getAttribute('data-rc-offline') === 'offered'", timeout=60)
    page.wait_for_timeout(1000)                                   # a save would have started by now
    assert [p for p in web.asked if p.startswith("/km/") and p != "/km/"] == ["/km/precache.json"], web.asked
    offers = page.locator(".rc-offline-offer")
    assert offers.evaluate_all("els => els.map(e => e.dataset.lang)") == ["km", "en"]
    assert offers.first.inner_text() == listed["own"]["offer"]
    assert "(" in listed["own"]["offer"] and "MB)" in listed["own"]["offer"]
    offers.first.locator("button").click()
    wait_until(page, "document.documentElement.getAttribute('data-rc-offline') === 'ready'", timeout=60)
    assert offers.first.inner_text() == listed["own"]["saved"]
    context.set_offline(True)
    web.down.set()
    page.goto(web.base + "km/case-studies/joint-health-review/")          # a page never opened before
    assert page.evaluate("document.documentElement.lang") == "km"
    assert page.locator("h1").first.inner_text() == "ការពិនិត្យឡើងវិញរួមលើវិស័យសុខាភិបាល"
    page.goto(web.base + "km/")
    wait_until(page, "document.documentElement.getAttribute('data-rc-offline') === 'ready'", timeout=60)
    context.close()


@pytest.mark.browser
def test_saving_a_language_holds_while_the_reader_searches(browser, host, project):
    """Issue 20: from the intent to search to the first answer, the service worker starts no download of a
    language it saves (rc-sw.js pause), so the index is not queued behind hundreds of pages; the answer
    lets it go on."""
    web = host(project / "site")
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(web.base)
    wait_until(page, "document.documentElement.getAttribute('data-rc-offline') === 'ready'", timeout=60)
    wait_until(page, "document.querySelector('.rc-offline-offer button') !== null", timeout=30)
    page.locator("input.md-search__input").focus()                # the intent: the saving holds
    wait_until(page, "document.documentElement.getAttribute('data-rc-search') !== 'idle'", timeout=10)
    before = len(web.asked)
    page.evaluate("document.querySelector('.rc-offline-offer button').click()")   # save the Khmer pages
    page.wait_for_timeout(1500)
    held = [path for path in web.asked[before:] if path.startswith("/km/")]
    assert held == ["/km/precache.json"], held                    # the list, and not one of its files
    box = page.locator("input.md-search__input")
    box.fill("health")
    box.press("End")
    wait_until(page, "document.querySelectorAll('.md-search-result__item').length > 0", timeout=30)
    wait_until(page, "document.querySelector('.rc-offline-offer').textContent === "
                     + json.dumps(OFFERS["en"][3]), timeout=60)   # the answer let the saving go on
    saved = [path for path in web.asked[before:] if path.startswith("/km/")]
    assert len(saved) > 10 and "/km/case-studies/joint-health-review/" in saved
    context.close()


def test_the_benchmark_says_what_each_language_saves_and_holds_it_to_3_mb(project):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import run as bench

    sizes = bench.precached(project / "site")
    assert sorted(sizes) == ["en", "km"]
    assert sizes["km"]["raw"] == _list(project / "site", "km")["bytes"] > sizes["km"]["gzip"] > 0
    assert sizes["km"]["gzip"] == _list(project / "site", "km")["stored"]
    lines = [v for v in bench.verdicts([], {"precache": sizes}) if "web app precache" in v[0]]
    assert [(label, ok) for label, ok, _ in lines] == [("bundled content: web app precache en <= 3 MB", True),
                                                       ("bundled content: web app precache km <= 3 MB", True)]
    over = dict(sizes, km=dict(sizes["km"], gzip=3 * 1024 * 1024 + 1))
    assert [ok for label, ok, _ in bench.verdicts([], {"precache": over}) if "precache km" in label] == [False]


def test_lunr_language_files_are_saved_only_for_the_languages_an_index_names(tmp_path):
    lunr = tmp_path / "assets" / "javascripts" / "lunr"
    for name in ["min/lunr.stemmer.support.min.js", "min/lunr.multi.min.js", "min/lunr.fr.min.js",
                 "min/lunr.de.min.js", "tinyseg.js", "wordcut.js"]:
        (lunr / name).parent.mkdir(parents=True, exist_ok=True)
        (lunr / name).write_text("x", encoding="utf-8")
    (tmp_path / "index.html").write_text("x", encoding="utf-8")
    (tmp_path / "search").mkdir()
    languages = Languages([Language("en", "English", True)])
    base = "assets/javascripts/lunr/"
    for lang, expected in ((["en"], []), (["fr"], ["min/lunr.fr.min.js", "min/lunr.stemmer.support.min.js"]),
                           (["en", "fr"], ["min/lunr.fr.min.js", "min/lunr.multi.min.js",
                                           "min/lunr.stemmer.support.min.js"])):
        (tmp_path / "search" / "search_index.json").write_text(json.dumps({"config": {"lang": lang}}), encoding="utf-8")
        assert [f for f in precache_files(tmp_path, languages, "en") if "/lunr/" in f] == [base + e for e in expected]


def test_facts_handed_over_are_used_only_while_the_file_keeps_their_size(tmp_path):
    """A page's facts computed as MkDocs handed it over stand for its file; a file written again since
    (another size: 404.html put back, say) is read again."""
    from resource_centre.editions.webapp import PageFacts, _file_facts, facts_of

    (tmp_path / "a.html").write_text("<p>a</p>", encoding="utf-8")
    (tmp_path / "b.html").write_text("<p>b, written again</p>", encoding="utf-8")
    handed = PageFacts()
    handed.add("a.html", "<p>a</p>")
    handed.add("b.html", "<p>b</p>")
    known = handed.known()
    assert known["a.html"] == facts_of(b"<p>a</p>")
    marked = dict(known, **{"a.html": ("from-the-engine", *known["a.html"][1:])})
    facts = _file_facts(tmp_path, ["a.html", "b.html"], marked)
    assert facts["a.html"][0] == "from-the-engine"  # not read again
    assert facts["b.html"] == facts_of("<p>b, written again</p>".encode())
