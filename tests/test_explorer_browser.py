"""The case-study explorer in a real browser: two facets, counts checked against the records, shared URLs."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, make_project, wait_until

from resource_centre.records.project import open_project


def expected(facets: dict[str, set[str]]) -> set[str]:
    """Case studies matching every facet (any value within a facet), computed from the records."""
    content, _ = open_project(FIXTURES / "mini").load()
    content = content.only_published()
    return {r.id for r in content.case_studies.values()
            if all(set(content.term_values(r, tax)) & wanted for tax, wanted in facets.items())}


def visible_ids(page) -> set[str]:
    settled(page)
    hrefs = page.eval_on_selector_all(".rc-card:not([hidden]) a", "els => els.map(e => e.getAttribute('href'))")
    return {h.rstrip("/").split("/")[-1].removesuffix(".html") for h in hrefs}


def settled(page) -> None:
    """Wait until the explorer has what it loads on demand (the list's cards file, the words)."""
    wait_until(page, "!document.querySelector('.rc-explorer[aria-busy]')")


def check_explorer(page, url: str) -> None:
    page.goto(url)
    page.check("input[name=partner-types][value=government]")
    assert visible_ids(page) == expected({"partner-types": {"government"}})
    # With government chosen, the health TWG would leave exactly the matching records.
    settled(page)
    count = page.locator("input[name=twgs][value=health] ~ .rc-count").inner_text()
    assert int(count) == len(expected({"partner-types": {"government"}, "twgs": {"health"}}))
    page.check("input[name=twgs][value=health]")
    shown = visible_ids(page)
    assert shown == expected({"partner-types": {"government"}, "twgs": {"health"}}) == {"joint-health-review"}
    assert "1" in page.locator(".rc-explorer__status").inner_text()
    shared = page.url
    assert "partner-types=government" in shared and "twgs=health" in shared
    page.goto("about:blank")
    page.goto(shared)
    assert visible_ids(page) == shown
    assert page.is_checked("input[name=twgs][value=health]")
    page.fill("input[name=words]", "nothing-matches-this")
    assert visible_ids(page) == set()
    assert page.locator(".rc-explorer__empty").is_visible()


def test_explorer_over_http(browser, mini_site, serve):
    base = serve(mini_site / "site")
    page = browser.new_page()
    check_explorer(page, base + "case-studies/")
    page.goto(base + "km/case-studies/")
    page.check("input[name=principles][value=mutual-accountability]")
    assert visible_ids(page) == {"joint-health-review"}


def test_a_count_is_read_as_a_sentence_that_follows_the_filters(browser, mini_site, serve):
    """A facet's checkbox is read with its count as a sentence ("Health 1 result": visually hidden
    text, since a plain span may not carry an aria-label), and filtering changes what is read as it
    changes the number shown."""
    from playwright.sync_api import expect
    base = serve(mini_site / "site")
    page = browser.new_page()
    try:
        for path, before, after, shown in (("case-studies/", "1 result", "0 results", "0"),
                                           ("km/case-studies/", "លទ្ធផល ១", "លទ្ធផល ០", "០")):
            page.goto(base + path)
            health = page.locator("input[name=twgs][value=health]")
            expect(health).to_have_accessible_name(re.compile(rf" {before}$"))
            page.fill("input[name=words]", "teachers")  # only the provincial case study, which names no TWG
            wait_until(page, "document.querySelector('input[name=twgs][value=health] ~ .rc-count').textContent"
                             f" === {shown!r}")
            expect(health).to_have_accessible_name(re.compile(rf" {after}$"))
            assert page.locator("input[name=twgs][value=health] ~ .rc-count").get_attribute("aria-hidden") == "true"
    finally:
        page.close()


def test_explorer_without_javascript_lists_everything(browser, mini_site, serve):
    base = serve(mini_site / "site")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "case-studies/")
    assert len(visible_ids(page)) == 2
    assert not page.locator(".rc-explorer__filters").is_visible()
    context.close()


def test_on_a_phone_the_filters_start_folded_and_results_show(browser, mini_site, serve):
    base = serve(mini_site / "site")
    page = browser.new_page(viewport={"width": 375, "height": 740})
    page.goto(base + "km/case-studies/?principles=mutual-accountability")
    assert not page.locator("input[name=principles][value=mutual-accountability]").is_visible()
    assert visible_ids(page) == {"joint-health-review"}
    first = page.locator(".rc-card:not([hidden])").first.bounding_box()
    assert first["y"] < 740, "the first result is below the first screen"
    page.locator(".rc-explorer__facets > summary").click()
    assert page.is_checked("input[name=principles][value=mutual-accountability]")
    page.close()


def in_view(page, selector: str) -> bool:
    """Is the element wholly inside the viewport (and shown)?"""
    return page.evaluate("""s => { const e = document.querySelector(s); if (!e || !e.offsetParent) return false;
        const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight && r.height > 0; }""", selector)


def phone_ticks_a_box(page, url: str) -> None:
    """At 375 x 740 with the facets open, the count stays on screen while boxes are ticked."""
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(url)
    assert in_view(page, ".rc-explorer__status"), "the count is not on the first screen"
    page.locator(".rc-explorer__facets > summary").click()
    box = "input[name=twgs][value=health]"
    page.locator(box).evaluate("e => e.scrollIntoView({block: 'center'})")
    page.check(box)
    settled(page)
    assert page.locator(".rc-explorer__status").inner_text().startswith("1 "), "the count did not change"
    assert in_view(page, ".rc-explorer__status"), "the count is off screen after ticking a box"
    assert in_view(page, ".rc-explorer__show")
    page.click(".rc-explorer__show")
    wait_until(page, "document.querySelector('.rc-card:not([hidden])').getBoundingClientRect().top < innerHeight")


def words_find_places_and_bodies(page, base: str, index: str) -> None:
    """Words match what is not on the card: a province in Khmer, an English or Khmer body word."""
    for word in ("សៀមរាប", "indicators", "គណនេយ្យភាព", "ministry", "២០២០"):
        page.goto(base + "case-studies/" + index + "?words=" + word)
        wait_until(page, "document.querySelectorAll('.rc-card:not([hidden])').length === 1")
        assert visible_ids(page) == {"joint-health-review"}, word
        # The words travel as ?words=, not ?q=, which would open Material's search over the list.
        assert not page.is_checked("#__search"), "a shared explorer link opened the site search"
    page.goto(base + "case-studies/" + index)
    page.fill("input[name=words]", "សៀមរាប")
    wait_until(page, "document.querySelectorAll('.rc-card:not([hidden])').length === 1")
    assert visible_ids(page) == {"joint-health-review"}
    page.fill("input[name=words]", "nothing-matches-this")
    assert visible_ids(page) == set()


def switching_language_keeps_the_filters(page, base: str, index: str) -> None:
    page.goto(base + "case-studies/" + index)
    page.check("input[name=partner-types][value=government]")
    page.fill("input[name=words]", "health")
    page.locator(".md-header [hreflang=km]").first.evaluate("a => a.click()")   # the switcher's menu opens on hover
    page.wait_for_url("**/km/case-studies/**")
    assert page.is_checked("input[name=partner-types][value=government]")
    assert page.input_value("input[name=words]") == "health"
    assert visible_ids(page) == {"joint-health-review"}
    page.locator(".md-header [hreflang=en]").first.evaluate("a => a.click()")
    page.wait_for_url(lambda url: "/km/" not in url)
    assert page.is_checked("input[name=partner-types][value=government]")


def test_phone_words_and_language_over_http(browser, mini_site, serve):
    base = serve(mini_site / "site")
    page = browser.new_page()
    phone_ticks_a_box(page, base + "case-studies/")
    page.set_viewport_size({"width": 1280, "height": 800})
    words_find_places_and_bodies(page, base, "")
    switching_language_keeps_the_filters(page, base, "")
    page.close()


@pytest.fixture(scope="module")
def offline_mini(tmp_path_factory) -> Path:
    """The mini fixture built as the offline edition (file:// links, no directory URLs)."""
    project = make_project(tmp_path_factory.mktemp("mini-offline") / "project")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
                            capture_output=True, text=True, timeout=600,
                            env=dict(os.environ, OFFLINE="true", NO_MKDOCS_2_WARNING="1"))
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_phone_words_and_language_from_file(browser, offline_mini):
    base = offline_mini.as_uri() + "/"
    page = browser.new_page()
    phone_ticks_a_box(page, base + "case-studies/index.html")
    page.set_viewport_size({"width": 1280, "height": 800})
    words_find_places_and_bodies(page, base, "index.html")
    switching_language_keeps_the_filters(page, base, "index.html")
    page.goto(base + "tools/finder.html?words=" + "health")
    wait_until(page, "document.querySelector('.rc-explorer__status').textContent !== ''")
    page.close()
