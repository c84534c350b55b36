"""Lists cut into pages (issue 20, "listings light at any size"): a synthetic project of 60 case
studies and 6 tools built with ``extra.listings.page_size: 7``, so every list runs to several pages.

Without JavaScript every record is reached by following links from the first page of its lists;
no page of a list holds more than a page of records; the filters count the whole list; and in a
browser, over http and from file:// (the offline edition), filtering on page 2 shows the matches
of the whole list, a shared address gives the same view back, and clearing gives the page back.
"""
from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import sys
import urllib.parse
from collections import Counter
from pathlib import Path

import pytest
from conftest import REPO, mkdocs, wait_until

from resource_centre.records.project import open_project
from resource_centre.site.explorer import CASE_EXPLORER, CASE_FACETS, search_words
from resource_centre.site.listing import ListingSettings, chunks, page_path

PAGE_SIZE = 7
CASES = 60
CARD = re.compile(r'<article class="rc-card"[^>]*>.*?</article>', re.DOTALL)
LINK = re.compile(r'href="([^"#?]+)"')


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("paged") / "project"
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "make_records.py"), str(dest), "--cases", str(CASES),
                    "--site"], check=True, capture_output=True, timeout=300)
    config = (dest / "mkdocs.yml").read_text(encoding="utf-8")
    config, found = re.subn(r"\n  listings:\n    page_size: \d+\n", f"\n  listings:\n    page_size: {PAGE_SIZE}\n", config)
    assert found == 1, "mkdocs.yml sets extra.listings.page_size"
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    return dest


@pytest.fixture(scope="module")
def site(project) -> Path:
    mkdocs(project, "build", "--strict")
    return project / "site"


@pytest.fixture(scope="module")
def offline_site(project, tmp_path_factory) -> Path:
    """The same project built as the offline edition (no directory URLs; opened from file://)."""
    copy = tmp_path_factory.mktemp("paged-offline") / "project"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site"))
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=copy, capture_output=True,
                            text=True, timeout=600, env=dict(os.environ, OFFLINE="true", NO_MKDOCS_2_WARNING="1"))
    assert result.returncode == 0, result.stderr
    return copy / "site"


@pytest.fixture(scope="module")
def loaded(project):
    proj = open_project(project)
    content, _ = proj.load()
    return content.only_published(), proj.languages


def html_of(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def crawl(site: Path, first: Path) -> tuple[list[Path], set[Path]]:
    """The pages of a list reached from its first page by its pager's links, and every page its
    cards link to (as files), reading the HTML only, as a reader without JavaScript or a crawler."""
    pages, todo, targets = [], [first], set()
    while todo:
        page = todo.pop()
        if page in pages:
            continue
        pages.append(page)
        html = html_of(page)
        for card in CARD.findall(html):
            targets.update(resolve(page, url) for url in LINK.findall(card))
        pager = re.search(r'<nav class="rc-pager".*?</nav>', html, re.DOTALL)
        if pager:
            todo += [resolve(page, url) for url in LINK.findall(pager.group(0))]
    return pages, targets


def resolve(page: Path, url: str) -> Path:
    target = (page.parent / urllib.parse.unquote(url)).resolve()
    return target / "index.html" if target.is_dir() else target


def record_page(site: Path, prefix: str, section: str, record_id: str) -> Path:
    return (site / prefix / section / record_id / "index.html").resolve()


def test_settings_are_read_from_extra_and_bad_values_are_named():
    assert ListingSettings.from_extra({}) == ListingSettings()
    assert ListingSettings.from_extra({"listings": {"page_size": 5}}).page_size == 5
    for bad, message in (({"page_size": 0}, "extra.listings.page_size: expected a whole number of at least 1"),
                         ({"page_size": "ten"}, "extra.listings.page_size"),
                         ({"size": 5}, "extra.listings.size: unknown setting"),
                         (5, "extra.listings: expected a mapping")):
        with pytest.raises(ValueError, match=re.escape(message)):
            ListingSettings.from_extra({"listings": bad})


def test_pages_of_a_list_live_under_its_address():
    assert page_path("case-studies/index.md", 1) == "case-studies/index.md"
    assert page_path("case-studies/index.md", 3) == "case-studies/page/3.md"
    assert page_path("tools/finder.md", 2) == "tools/finder/page/2.md"
    assert page_path("browse/twgs/health.md", 2) == "browse/twgs/health/page/2.md"
    assert [list(c) for c in chunks(list(range(5)), 2)] == [[0, 1], [2, 3], [4]]
    assert [list(c) for c in chunks([], 2)] == [[]]


def lists(site: Path, loaded) -> list[tuple[str, Path, set[Path]]]:
    """Every list of the site in every language: (name, first page, the record pages it must reach)."""
    content, languages = loaded
    out = []
    for lang in languages.codes:
        prefix = "" if lang == languages.default else lang
        cases = {record_page(site, prefix, "case-studies", i) for i in content.case_studies}
        tools = {record_page(site, prefix, "tools", i) for i in content.tools}
        out.append((f"{lang} explorer", site / prefix / "case-studies" / "index.html", cases))
        out.append((f"{lang} tool finder", site / prefix / "tools" / "finder" / "index.html", tools))
        for tax_id, tax in content.taxonomies.items():
            for term in tax.terms:
                tagged_cases, tagged_tools = content.tagged(tax_id, term)
                if tagged_cases or tagged_tools:
                    want = ({record_page(site, prefix, "case-studies", r.id) for r in tagged_cases}
                            | {record_page(site, prefix, "tools", r.id) for r in tagged_tools})
                    out.append((f"{lang} {tax_id}/{term}", site / prefix / "browse" / tax_id / term / "index.html", want))
    return out


def test_every_record_is_reached_by_links_from_its_lists_without_javascript(site, loaded):
    several = 0
    for name, first, want in lists(site, loaded):
        pages, reached = crawl(site, first)
        assert reached == want, name
        assert all(p.exists() for p in reached), name
        assert len(pages) == math.ceil(len(want) / PAGE_SIZE), name
        several += len(pages) > 1
    assert several > 10, "too few lists run to a second page for the test to mean anything"


def test_no_page_of_a_list_holds_more_than_a_page_of_records(site, loaded):
    """The bound holds by construction: a page of a list holds at most page_size cards, whatever the
    number of records; only the last page of a list holds fewer."""
    for name, first, want in lists(site, loaded):
        pages, _ = crawl(site, first)
        sizes = sorted((len(CARD.findall(html_of(p))) for p in pages), reverse=True)
        assert sizes[0] <= PAGE_SIZE and sum(sizes) == len(want), name
        assert all(s == PAGE_SIZE for s in sizes[:-1]), name


def test_every_page_of_the_explorer_counts_the_whole_list(site, loaded):
    content, _ = loaded
    expected = {(key, term): n for key, taxonomy in CASE_FACETS
                for term, n in Counter(t for r in content.case_studies.values()
                                       for t in content.term_values(r, taxonomy)).items()}
    for page in ("case-studies/index.html", "case-studies/page/2/index.html", "case-studies/page/9/index.html"):
        html = html_of(site / page)
        found = {(key, term): int(n) for key, term, n in re.findall(
            r'<input type="checkbox" name="([^"]+)" value="([^"]+)"> <span>[^<]*</span> '
            r'<span class="rc-count" aria-hidden="true">([0-9]+)</span>', html)}
        assert found == expected, page
        assert f">{CASES} results</p>" in html, page
    cards = html_of(site / "case-studies" / "cards.js")
    assert cards.count('"<article class=\\"rc-card\\">') == CASES


# --- In a browser -----------------------------------------------------------------------------------

def shown_ids(page) -> list[str]:
    wait_until(page, "!document.querySelector('.rc-explorer[aria-busy]')")
    hrefs = page.eval_on_selector_all(".rc-cards .rc-card strong > a", "els => els.map(e => e.getAttribute('href'))")
    return [h.rstrip("/").split("/")[-1].removesuffix(".html") for h in hrefs]


def all_matches(page) -> list[str]:
    """Every card the explorer shows, pressing "Show more" until it has shown all."""
    while page.locator(".rc-explorer__more button").is_visible():
        before = len(shown_ids(page))
        page.click(".rc-explorer__more button")
        wait_until(page, f"document.querySelectorAll('.rc-cards .rc-card').length > {before}")
    return shown_ids(page)


def expected_cases(loaded, twg: str, word: str = "") -> list[str]:
    """The case studies with TWG ``twg`` (and ``word`` among their words), in the explorer's order."""
    content, languages = loaded
    return [r.id for r in CASE_EXPLORER.order(None, content.case_studies.values())
            if twg in content.term_values(r, "twgs") and word in search_words(content, languages, r)]


def filter_on_page_two(page, base: str, second: str, loaded) -> None:
    content, _ = loaded
    page.goto(base + second)
    own = shown_ids(page)
    assert len(own) == PAGE_SIZE and page.locator(".rc-pager").is_visible()
    twg = Counter(t for r in content.case_studies.values() for t in content.term_values(r, "twgs")).most_common(1)[0][0]
    want = expected_cases(loaded, twg)
    assert len(want) > PAGE_SIZE + 1, "the chosen TWG must have more matches than a page"
    page.check(f"input[name=twgs][value={twg}]")
    assert shown_ids(page) == want[:PAGE_SIZE]
    assert all_matches(page) == want
    assert not page.locator(".rc-pager").is_visible()
    assert page.locator(".rc-explorer__status").inner_text() == f"{len(want)} results"
    assert f"twgs={twg}" in page.url
    # A card of the whole list links to its record from page 2 as well.
    target_id = shown_ids(page)[PAGE_SIZE + 1]
    with page.expect_navigation():
        page.locator(".rc-cards .rc-card strong > a").nth(PAGE_SIZE + 1).click()
    assert target_id in page.url and page.locator("h1").count() == 1
    # The shared address gives the same view back; words travel in it too.
    # A word of letters: the words of a card are among its record's words (a number could be part of a
    # year on the card, which the words leave out).
    word = max(re.findall(r"[a-z]+", content.case_studies[want[0]].get("title")["en"].lower()), key=len)
    shared = base + second + f"?twgs={twg}&words={word}"
    page.goto(shared)
    wait_until(page, "document.querySelector('input[name=words]').value !== ''")
    assert all_matches(page) == expected_cases(loaded, twg, word)
    assert page.is_checked(f"input[name=twgs][value={twg}]") and page.input_value("input[name=words]") == word
    # Clearing the filters gives the page its own cards and its pager back.
    page.click(".rc-explorer__filters button[type=reset]")
    wait_until(page, "!location.search")
    assert shown_ids(page) == own and page.locator(".rc-pager").is_visible()
    assert page.locator(".rc-explorer__status").inner_text() == f"{CASES} results"


def test_filtering_on_page_two_over_http(browser, site, serve, loaded):
    base = serve(site)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        filter_on_page_two(page, base, "case-studies/page/2/", loaded)
    finally:
        page.close()


def test_filtering_on_page_two_from_file(browser, offline_site, loaded):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith("file://") else None)
    try:
        filter_on_page_two(page, offline_site.as_uri() + "/", "case-studies/page/2.html", loaded)
        page.goto(offline_site.as_uri() + "/km/case-studies/page/2.html")
        assert len(shown_ids(page)) == PAGE_SIZE
        with page.expect_navigation():
            page.click(".rc-pager a[rel=prev]")
        assert page.url.endswith("/km/case-studies/index.html")
    finally:
        page.close()
    assert outside == []


def test_a_list_without_javascript_shows_its_page_and_pager(browser, site, serve):
    base = serve(site)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(base + "km/case-studies/page/3/")
        assert page.locator(".rc-card").count() == PAGE_SIZE
        assert not page.locator(".rc-explorer__filters").is_visible()
        page.click(".rc-pager a[rel=next]")
        page.wait_for_url("**/km/case-studies/page/4/")
    finally:
        context.close()


def test_pages_of_lists_have_no_serious_axe_violations(browser, site, serve, loaded):
    """The pager and the Show more button, which the one-page lists of the mini site do not have."""
    from test_accessibility import run_axe
    content, _ = loaded
    base = serve(site)
    twg = Counter(t for r in content.case_studies.values() for t in content.term_values(r, "twgs")).most_common(1)[0][0]
    context = browser.new_context(bypass_csp=True)  # axe is added as a script of the page
    page = context.new_page()
    try:
        for path in ("case-studies/page/2/", "km/case-studies/page/2/", "km/browse/partner-types/government/page/2/",
                     f"km/case-studies/page/2/?twgs={twg}"):
            page.goto(base + path)
            if "?" in path:
                shown_ids(page)
                assert page.locator(".rc-explorer__more button").is_visible()
            assert page.locator(".rc-pager").count() == 1, path
            assert run_axe(page) == [], path
    finally:
        context.close()
