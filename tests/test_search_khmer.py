"""Khmer-aware search (issue #9): Material's own search box, over http and from file://.

The fixture site tests/fixtures/search_site (English and Khmer pages about partnerships,
TWGs, accountability, indicators, ministries and provinces) is built into a temporary
folder, once as the web site and once as the offline edition, and the queries of
benchmarks/search/queries.yml are typed into Material's real search box in headless
Chromium: each expected page must be in the top 10, and words on no page must give no
result. This is also the guard for the Material internals the worker relies on
(Material is pinned in pyproject.toml): an upgrade that changes them fails here.
"""
from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from resource_centre.site.search_index import JS_PREFIX, read_index, write_language_indexes

REPO = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "search_site"
QUERIES = REPO / "benchmarks" / "search" / "queries.yml"
RC_SEARCH = REPO / "overrides" / "assets" / "javascripts" / "rc-search"
VENDORED_SHIM = REPO / "overrides" / "assets" / "javascripts" / "vendor" / "iframe-worker" / "shim.js"
SHIM_IN_SITE = Path("assets/javascripts/vendor/iframe-worker/shim.js")
INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff]")


def _benchmark():
    spec = importlib.util.spec_from_file_location(
        "run_search_benchmark", REPO / "benchmarks" / "search" / "run_search_benchmark.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("run_search_benchmark", module)
    spec.loader.exec_module(module)
    return module


bench = _benchmark()


def _material() -> Path:
    import material
    return Path(material.__file__).parent / "templates"


def build_fixture(dest: Path, *, offline: bool, first_download: int | None = None,
                  first_stage_above: int | None = None) -> Path:
    env = dict(os.environ, OFFLINE="true" if offline else "false", NO_MKDOCS_2_WARNING="1")
    if first_download is not None:  # trim the index as a large site's is (resource_centre/site/search_budget.py)
        env["RC_SEARCH_FIRST_DOWNLOAD"] = str(first_download)
    if first_stage_above is not None:  # search it in stages, as a large site's is (search_budget.py)
        env["RC_SEARCH_FIRST_STAGE_ABOVE"] = str(first_stage_above)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(FIXTURE / "mkdocs.yml"),
                             "-d", str(dest)], capture_output=True, text=True, timeout=600, env=env)
    if result.returncode != 0:
        raise AssertionError(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}")
    return dest


def iframe_worker_shim(tmp: Path) -> Path:
    """The vendored iframe-worker shim, or (until it is vendored) the npm package's."""
    if VENDORED_SHIM.is_file():
        return VENDORED_SHIM
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("iframe-worker is not vendored in overrides/ and npm is missing")
    tmp.mkdir(parents=True, exist_ok=True)
    packed = subprocess.run([npm, "pack", "iframe-worker@1.0.4", "--pack-destination", str(tmp), "--silent"],
                            capture_output=True, text=True, timeout=300)
    if packed.returncode != 0:
        pytest.fail(f"npm pack iframe-worker failed: {packed.stderr}")
    with tarfile.open(tmp / packed.stdout.strip().splitlines()[-1]) as tar:
        tar.extract("package/shim/index.js", tmp, filter="data")
    return tmp / "package" / "shim" / "index.js"


@pytest.fixture(scope="module")
def web_site(tmp_path_factory) -> Path:
    return build_fixture(tmp_path_factory.mktemp("search-web") / "site", offline=False)


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("search-offline")
    site = build_fixture(tmp / "site", offline=True)
    target = site / SHIM_IN_SITE
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(iframe_worker_shim(tmp / "npm"), target)
    return site


@pytest.fixture(scope="module")
def trimmed_sites(tmp_path_factory) -> tuple[Path, Path]:
    """The fixture with its indexes trimmed to titles (a zero budget), over http and offline."""
    tmp = tmp_path_factory.mktemp("search-trimmed")
    web = build_fixture(tmp / "web", offline=False, first_download=0)
    offline = build_fixture(tmp / "offline", offline=True, first_download=0)
    return web, offline


# ---- Python side: the UTF-8 index ---------------------------------------------------------

KHMER_DOC = {"location": "km/twg/", "title": "ក្រុមការងារបច្ចេកទេស",
             "text": "<p>ក្រុមការងារបច្ចេកទេស (TWG) គឺជាយន្តការសម្របសម្រួល\u2028សំខាន់</p>"}


def _escaped_site(tmp_path: Path) -> tuple[Path, dict]:
    data = {"config": {"lang": ["en"], "separator": "[\\s\\u200b\\-]+", "pipeline": ["stopWordFilter"],
                       "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}},
            "docs": [KHMER_DOC, {"location": "twg/", "title": "Technical working groups", "text": "<p>TWG</p>"}]}
    search = tmp_path / "search"
    search.mkdir(parents=True)
    text = json.dumps(data, separators=(",", ":"))           # as Material writes it
    (search / "search_index.json").write_text(text, encoding="utf-8")
    (search / "search_index.js").write_text(f"var __index = {text}", encoding="utf-8")  # as offline does
    return tmp_path, data


def test_utf8_index_keeps_the_data_and_drops_the_escapes(tmp_path):
    site, data = _escaped_site(tmp_path)
    before = (site / "search" / "search_index.json").stat().st_size
    sizes = write_language_indexes(site, [])
    assert sorted(sizes) == ["search/search_index.js", "search/search_index.json"]
    raw = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "\\u17" not in raw and "ក្រុមការងារបច្ចេកទេស" in raw
    written = json.loads(raw)
    assert written == read_index(site)
    assert written["config"].pop("rc_key")   # the key of the browser's built index (test_search_lazy.py)
    assert written == data
    js = (site / "search" / "search_index.js").read_text(encoding="utf-8")
    assert js.startswith(JS_PREFIX) and json.loads(js[len(JS_PREFIX):]) == json.loads(raw)
    assert "\u2028" not in js and "\\u2028" in js            # raw U+2028 breaks older JS parsers
    assert sizes["search/search_index.json"] < before
    # Idempotent.
    assert write_language_indexes(site, []) == sizes


def test_no_index_no_files(tmp_path):
    assert write_language_indexes(tmp_path, ["km"]) == {}
    assert not (tmp_path / "search").exists()


def test_each_language_has_its_own_utf8_index_about_40_percent_smaller(web_site):
    raw = (web_site / "search" / "search_index.json").read_bytes()
    khmer_raw = (web_site / "km" / "search" / "search_index.json").read_bytes()
    english, khmer = json.loads(raw), json.loads(khmer_raw)
    assert b"\\u17" not in raw + khmer_raw
    # The English index holds the English pages; the Khmer one the Khmer pages, located from km/.
    assert "twg/" in [d["location"] for d in english["docs"]]
    assert not any(d["location"].startswith("km/") for d in english["docs"])
    assert "twg/" in [d["location"] for d in khmer["docs"]]
    assert any("ក្រុមការងារ" in d["title"] for d in khmer["docs"])
    assert not any("ក្រុមការងារ" in d["title"] for d in english["docs"])
    escaped = len(json.dumps(khmer, separators=(",", ":")).encode())
    print(f"\nsearch_index.json: en {len(raw)} bytes, km {len(khmer_raw)} bytes "
          f"(escaped, as Material writes it: {escaped}; {1 - len(khmer_raw) / escaped:.0%} smaller)")
    assert len(khmer_raw) < 0.65 * escaped


def test_reading_text_is_unchanged(web_site):
    """Nothing is inserted into the pages or the index: no zero-width characters anywhere."""
    for page in web_site.rglob("*.html"):
        assert not INVISIBLE.search(page.read_text(encoding="utf-8")), page
    assert not INVISIBLE.search((web_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    source = (FIXTURE / "docs" / "km" / "accountability.md").read_text(encoding="utf-8").splitlines()[2]
    assert source in (web_site / "km" / "accountability" / "index.html").read_text(encoding="utf-8")


# ---- The seam: Material's internals the worker relies on ----------------------------------

def test_config_block_is_materials_with_only_the_search_worker_and_base_changed():
    """rc-config.html must stay a copy of the installed Material's {% block config %}.

    Three changes: the worker (ours, wrapping Material's), "base" (the reader's language
    folder, where that language's own search index is) and one entry added, "rc_digits" (the
    digits of the result count, rc-search/count.js).
    """
    base = (_material() / "base.html").read_text(encoding="utf-8")
    block = re.search(r"{% block config %}\n(.*?)\n\s*{% endblock %}", base, re.S).group(1)
    ours = (REPO / "overrides" / "partials" / "rc-config.html").read_text(encoding="utf-8")
    ours = ours[ours.index("      {% set _ = namespace() %}"):].rstrip("\n")
    stock = re.search(r'"search": "assets/javascripts/(workers/search\.[0-9a-f]+\.min\.js)" \| url,', block)
    assert stock, "Material's config block no longer names its search worker this way"
    mine = re.search(r'"search": \("assets/javascripts/rc-search/worker\.js" \| url\) ~ "\?material=(workers/[^&"]+)&.*', ours)
    assert mine and mine.group(1) == stock.group(1), "rc-config.html names another Material worker"
    assert '"base": base_url,' in block and '"base": _rc.base,' in ours
    ours = ours.replace('"base": _rc.base,', '"base": base_url,')
    assert ours.count('"rc_digits": _rc.digits,\n') == 1
    ours = re.sub(r'\n *"rc_digits": _rc\.digits,', "", ours)
    assert ours.replace(mine.group(0), "SEARCH") == block.replace(stock.group(0), "SEARCH")
    assert (_material() / "assets" / "javascripts" / stock.group(1)).is_file()


def _material_source(bundle_glob: str, source_end: str) -> str:
    """One TypeScript source of Material, from the source map shipped beside its bundle."""
    bundle = next((_material() / "assets" / "javascripts").glob(bundle_glob))
    sourcemap = json.loads(Path(str(bundle) + ".map").read_text(encoding="utf-8"))
    for name, text in zip(sourcemap["sources"], sourcemap["sourcesContent"]):
        if name.endswith(source_end):
            return text
    raise AssertionError(f"{source_end} is not in {bundle.name}.map")


def test_materials_worker_still_has_the_seam():
    """What worker.js relies on, read from Material's own sources (its source maps)."""
    main = _material_source("workers/search.*.min.js", "integrations/search/worker/main/index.ts")
    assert re.search(r'addEventListener\("message", async ev => \{\s*postMessage\(await handler\(ev\.data\)\)', main)
    assert "case SearchMessageType.SETUP:" in main and "index = new Search(message.data)" in main
    assert 'const [path] = worker.src.split("/worker")' in main      # lunr languages in the iframe
    message = _material_source("bundle.*.min.js", "integrations/search/worker/message/index.ts")
    assert re.findall(r"^  (SETUP|READY|QUERY|RESULT)\b", message, re.M) == ["SETUP", "READY", "QUERY", "RESULT"]
    search = _material_source("workers/search.*.min.js", "integrations/search/_/index.ts")
    assert "for (const [name, spec] of Object.entries(config.fields))" in search   # hidden fields
    worker = _material_source("bundle.*.min.js", "integrations/search/worker/_/index.ts")
    assert "watchWorker<SearchMessage>(url)" in worker
    component = _material_source("bundle.*.min.js", "components/search/_/index.ts")
    assert "setupSearchWorker(config.search, index$)" in component     # new Worker(config.search)


# ---- khmer.js under Node ------------------------------------------------------------------

NODE_CHECK = r"""
const K = require(process.argv[1]);
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = {};
out.clusters = cases.words.map(w => K.clusters(w));
out.queries = cases.queries.map(q => K.rewriteQuery(q));
out.index = cases.texts.map(t => K.indexTerms(t));
out.contained = cases.pairs.map(([word, text]) => {
  const have = new Set(K.indexTerms(text).split(" "));
  const need = K.queryTerms(K.runs(word)[0]).map(t => t.replace(/^\+|\*$/g, ""));
  return need.every((t, i) => have.has(t) || (i === need.length - 1 && [...have].some(h => h.startsWith(t))));
});
console.log(JSON.stringify(out));
"""


def _khmer_js(cases: dict) -> dict:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    result = subprocess.run([node, "-e", NODE_CHECK, str(RC_SEARCH / "khmer.js")], input=json.dumps(cases),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _fixture_words() -> list[tuple[str, str]]:
    """(word, page text) for every Khmer query of the benchmark with an expected page."""
    out = []
    for q in bench.load_queries(QUERIES):
        if q["expect"] and bench.is_khmer(q["q"]):
            page = FIXTURE / "docs" / (q["expect"].strip("/") + ".md").replace("km.md", "km/index.md")
            text = page.read_text(encoding="utf-8")
            for word in re.findall("[\u1780-\u17ff\u200b]+", q["q"]):
                out.append((word, text))
    return out


def test_khmer_clusters_pairs_and_queries():
    got = _khmer_js({
        "words": ["ក្រសួង", "គណនេយ្យភាព", "ស្ត្រី", "២០២៤"],
        "queries": ["ភាព\u200bជា\u200bដៃគូ", "TWG សុខាភិបាល", "ឃុំ", "accountability", "\"ដៃគូ\" ។"],
        "texts": ["<p>ការ<strong>ប្រជុំ</strong></p><p>ខេត្ត</p>", ["ក្រសួង", "TWG"]],
        "pairs": _fixture_words(),
    })
    assert got["clusters"] == [["ក្រ", "សួ", "ង"], ["គ", "ណ", "នេ", "យ្យ", "ភា", "ព"], ["ស្ត្រី"], ["២", "០", "២", "៤"]]
    zwsp, mixed, single, english, quoted = got["queries"]
    assert zwsp["query"] == "+ភាព +ពជា +ជាដៃ +ដៃគូ*" and zwsp["runs"] == ["ភាពជាដៃគូ"]
    assert mixed["query"] == "TWG +សុខា +ខាភិ +ភិបា +បាល*" and mixed["runs"] == ["សុខាភិបាល"]
    assert single["query"] == "+ឃុំ*"
    assert english == {"query": "accountability", "runs": [], "terms": []}
    assert quoted["query"] == "+ដៃគូ*"
    # Inline markup does not split a run; block markup does.
    assert got["index"] == ["ការ រប្រ ប្រជុំ ជុំ ខេត្ត ត្ត", "ក្រសួ សួង ង"]
    # Every Khmer query word's pairs are among its page's index terms, wherever it stands.
    assert all(got["contained"]), [w for (w, _), ok in zip(_fixture_words(), got["contained"]) if not ok]


# ---- In the browser -----------------------------------------------------------------------

def _check(report) -> None:
    assert report.blocked == [], report.blocked
    assert report.errors == [], report.errors
    failed = [(r.q, r.lang, r.expect, r.found[:5]) for r in report.results if not r.ok]
    assert failed == [], failed
    print("\n" + report.summary())


@pytest.mark.browser
def test_recall_over_http(web_site, browser):
    _check(bench.run(web_site, bench.load_queries(QUERIES), file_mode=False, browser=browser))


@pytest.mark.browser
def test_recall_from_disk_in_the_offline_edition(offline_site, browser):
    """file://: the inlined index, iframe-worker, the site's CSP; nothing leaves file://."""
    assert (offline_site / "search" / "search_index.js").is_file()
    _check(bench.run(offline_site, bench.load_queries(QUERIES), file_mode=True, browser=browser))


@pytest.mark.browser
def test_a_trimmed_index_loads_the_rest_when_a_query_needs_it(trimmed_sites, browser):
    """A large site's first download holds titles and short texts; words further in are found too."""
    web, offline = trimmed_sites
    head = json.loads((web / "km" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert head["config"]["rc_rest"] == "km/search/search_rest"
    assert all(not d["text"] for d in head["docs"])                   # a zero budget keeps no text
    assert (offline / "km" / "search" / "search_rest.js").is_file()
    queries = bench.load_queries(QUERIES)
    _check(bench.run(web, queries, file_mode=False, browser=browser))
    _check(bench.run(offline, [q for q in queries if q["lang"] == "km"][:12], file_mode=True, browser=browser))


@pytest.mark.browser
def test_each_language_searches_its_own_pages_and_offers_the_other(web_site, browser):
    queries = [{"q": "TWG", "lang": "km", "expect": "km/twg/"}, {"q": "TWG", "lang": "en", "expect": "twg/"},
               {"q": "accountability", "lang": "km", "expect": "?q=accountability"},
               {"q": "គណនេយ្យភាព", "lang": "en", "expect": "km/?q=គណនេយ្យភាព"}]
    report = bench.run(web_site, queries, file_mode=False, browser=browser)
    by = {(r.q, r.lang): r for r in report.results}
    khmer, english = by["TWG", "km"], by["TWG", "en"]
    assert khmer.found[0] == "km/twg/"
    assert all(p.startswith("km/") for p in khmer.found if "?q=" not in p)
    assert khmer.found[-1] == "?q=TWG"          # Latin letters on the Khmer site: English search offered
    assert english.found[0] == "twg/" and not any(p.startswith("km/") for p in english.found)
    # An English word on no Khmer page: the Khmer site says so, with the English search as a link.
    assert by["accountability", "km"].found == ["?q=accountability"]
    assert by["គណនេយ្យភាព", "en"].found == ["km/?q=គណនេយ្យភាព"]
    # The offer reads in the reader's language.
    assert "ស្វែងរក" in by["accountability", "km"].html[0] and "Search the Khmer pages" in by["គណនេយ្យភាព", "en"].html[0]


@pytest.mark.browser
def test_snippets_and_the_opened_page_mark_the_khmer_word(web_site, browser):
    word = "សូចនាករ"                                   # in the middle of a phrase
    report = bench.run(web_site, [{"q": word, "lang": "km", "expect": "km/accountability/"}],
                       file_mode=False, browser=browser)
    html = report.results[0].html[0]
    assert f"<mark>{word}</mark>" in html
    assert not INVISIBLE.search(html)
    assert "kmtext" not in html and "សូច ចនា" not in html      # no hidden field, no pairs
    # The result links to the page with ?h=<the word typed>, which Material highlights there.
    link = re.search(r'href="([^"]+)"', html).group(1)
    assert f"h={word}" in bench.unquote(link)
    with bench.serve_folder(web_site) as root:
        page = browser.new_page()
        page.goto(root + bench.urlsplit(link).path.lstrip("/") + "?" + bench.urlsplit(link).query)
        page.wait_for_selector("mark[data-md-highlight]", timeout=10000)
        marks = page.locator("mark[data-md-highlight]").all_inner_texts()
        page.close()
    assert word in marks


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["http", "file"])
def test_the_result_count_counts_pages_not_the_link_to_the_other_language(web_site, offline_site, browser, mode):
    """A Khmer word on no English page: "No matching documents" and the link to the Khmer search;
    a Latin word on the Khmer site: the count of Khmer pages, the English search link not counted."""
    site = web_site if mode == "http" else offline_site
    cases = [("en", "គណនេយ្យភាព", "No matching documents"), ("km", "TWG", None)]
    with bench.serve_folder(site) as root:
        base = root if mode == "http" else site.as_uri() + "/"
        page = browser.new_page()
        for lang, q, said in cases:
            page.goto(base + ("" if lang == "en" else lang + "/") + ("index.html" if mode == "file" else ""))
            page.locator("input.md-search__input").click()
            page.locator("input.md-search__input").fill(q)
            page.locator("input.md-search__input").press("End")
            page.wait_for_selector(".md-search-result__item a[href*='?q=']", timeout=15000)
            items = page.eval_on_selector_all(  # one item per page; its sections are inside it
                ".md-search-result__list > .md-search-result__item",
                "els => els.map(e => e.querySelector('a.md-search-result__link').getAttribute('href'))")
            pages = [h for h in items if "?q=" not in h]
            meta = page.locator(".md-search-result__meta").inner_text()
            if said is not None:
                assert pages == [] and meta == said, (items, meta)
            else:
                words = page.evaluate("() => JSON.parse(document.getElementById('__config').textContent).translations")
                expected = (words["search.result.one"] if len(pages) == 1
                            else words["search.result.other"].replace("#", str(len(pages))))
                assert pages and meta == expected, (items, meta)
        page.close()
