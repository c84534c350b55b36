"""The case-study explorer in a real browser: two facets, counts checked against the records, shared URLs."""
from __future__ import annotations

from conftest import FIXTURES
from resource_centre.project import open_project


def expected(facets: dict[str, set[str]]) -> set[str]:
    """Case studies matching every facet (any value within a facet), computed from the records."""
    content, _ = open_project(FIXTURES / "mini").load()
    content = content.only_published()
    return {r.id for r in content.case_studies.values()
            if all(set(content.term_values(r, tax)) & wanted for tax, wanted in facets.items())}


def visible_ids(page) -> set[str]:
    hrefs = page.eval_on_selector_all(".rc-card:not([hidden]) a", "els => els.map(e => e.getAttribute('href'))")
    return {h.rstrip("/").split("/")[-1].removesuffix(".html") for h in hrefs}


def check_explorer(page, url: str) -> None:
    page.goto(url)
    page.check("input[name=partner-types][value=government]")
    assert visible_ids(page) == expected({"partner-types": {"government"}})
    # With government chosen, the health TWG would leave exactly the matching records.
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
    page.fill("input[name=q]", "nothing-matches-this")
    assert visible_ids(page) == set()
    assert page.locator(".rc-explorer__empty").is_visible()


def test_explorer_over_http(browser, mini_site, serve):
    base = serve(mini_site / "site")
    page = browser.new_page()
    check_explorer(page, base + "case-studies/")
    page.goto(base + "km/case-studies/")
    page.check("input[name=principles][value=mutual-accountability]")
    assert visible_ids(page) == {"joint-health-review"}


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
