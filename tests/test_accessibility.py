"""Accessibility and Khmer typography, checked in headless Chromium with axe-core."""
from __future__ import annotations

import pytest
from conftest import REPO, start_server, wait_until

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
PAGES = {
    "home-en": "", "home-km": "km/",
    "case-study-en": "case-studies/joint-health-review/", "case-study-km": "km/case-studies/joint-health-review/",
    "tool-en": "tools/health-check/", "tool-km": "km/tools/health-check/",
    "explorer-en": "case-studies/", "explorer-km": "km/case-studies/",
    "glossary-en": "glossary/", "glossary-km": "km/glossary/",
    "submit-en": "contribute/submit/", "submit-km": "km/contribute/submit/",
}


@pytest.fixture(scope="module")
def site_url(mini_site, request):
    server, base = start_server(mini_site / "site")
    request.addfinalizer(server.shutdown)
    return base


def run_axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: ' + n.failureSummary.slice(0, 160))}));
    }""")
    return [v for v in result if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_serious_axe_violations(browser, site_url, mini_site, name, scheme):
    if not (mini_site / "site" / PAGES[name] / "index.html").exists():
        pytest.fail(f"page {PAGES[name]} was not built")
    context = browser.new_context(color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    page.goto(site_url + PAGES[name])
    page.wait_for_load_state("networkidle")
    assert run_axe(page) == []
    context.close()


@pytest.mark.parametrize("lang", ["", "km/"])
def test_the_home_pages_search_invitation_is_a_button_that_opens_the_search(browser, site_url, lang):
    """Reached with Tab and pressed with Enter or Space, like any button, it opens Material's search
    with the cursor in the search box."""
    page = browser.new_page()
    try:
        page.goto(site_url + lang)
        invite = page.locator(".rc-search-invite")
        assert invite.evaluate("b => b.tagName") == "BUTTON"
        for key in ("Enter", " "):
            page.keyboard.press("Escape")  # closes the search, as a reader would
            page.evaluate("document.activeElement.blur()")
            assert not page.evaluate("document.getElementById('__search').checked")
            for _ in range(30):  # Tab through the header to the invitation
                page.keyboard.press("Tab")
                if page.evaluate("document.activeElement.classList.contains('rc-search-invite')"):
                    break
            else:
                raise AssertionError("Tab never reached the search invitation")
            page.keyboard.press(key)
            wait_until(page, "document.getElementById('__search').checked"
                             " && document.activeElement === document.querySelector('.md-search__input')")
    finally:
        page.close()


@pytest.mark.parametrize("lang", ["", "km/"])
def test_search_results_state_has_no_serious_axe_violations(browser, site_url, lang):
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(site_url + lang)
    page.keyboard.press("/")
    page.keyboard.type("health")
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    assert run_axe(page) == []
    context.close()


@pytest.mark.parametrize("path", sorted(set(PAGES.values())))
def test_no_horizontal_scrolling_on_a_phone(browser, site_url, path):
    page = browser.new_page(viewport={"width": 375, "height": 740})
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
    small = page.evaluate("""() => [...document.querySelectorAll('main a, main button, main input, main select, main summary')]
        .filter(e => e.offsetParent !== null)
        .map(e => [e.getBoundingClientRect(), e]).filter(([r, e]) => r.height < 24 && r.width < 24
              && getComputedStyle(e).display !== 'inline')
        .map(([r, e]) => e.outerHTML.slice(0, 80))""")
    assert small == []
    page.close()


def test_khmer_text_uses_the_bundled_font(browser, site_url):
    page = browser.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(site_url + "km/case-studies/joint-health-review/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.fonts.check('16px \"Noto Sans Khmer\"', 'ក')")
    loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family.replaceAll('\"', ''))")
    assert "Noto Sans Khmer" in loaded
    family = page.evaluate("getComputedStyle(document.querySelector('.md-content h1')).fontFamily")
    assert "Noto Sans Khmer" in family
    assert any(url.endswith(".woff2") and url.startswith(site_url) for url in requests)
    assert all(url.startswith(site_url) for url in requests)


def test_khmer_lines_leave_room_for_subscripts(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "km/case-studies/joint-health-review/")
    ratio = page.evaluate("""() => { const p = document.querySelector('.md-content p');
        const s = getComputedStyle(p); return parseFloat(s.lineHeight) / parseFloat(s.fontSize); }""")
    assert ratio >= 1.7


def test_skip_link_and_visible_focus(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "case-studies/joint-health-review/")
    page.keyboard.press("Tab")
    skip = page.evaluate("document.activeElement.className")
    assert "md-skip" in skip
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    target = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    wait_until(page, f"location.hash === {target!r}")          # the jump happens after the key event
    assert page.evaluate(f"document.getElementById({target[1:]!r}).tagName") == "H1"


def test_explorer_filters_work_by_keyboard(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "case-studies/")
    page.wait_for_selector(".rc-explorer__filters:not([hidden])")
    page.focus("input[name=words]")
    reached = []
    for _ in range(40):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.name + '=' + document.activeElement.value"))
        if reached[-1] == "principles=mutual-accountability":
            break
    assert reached[-1] == "principles=mutual-accountability", reached
    page.keyboard.press("Space")
    wait_until(page, "location.search.includes('principles=')")
    assert "principles=mutual-accountability" in page.url
    assert page.locator(".rc-card:visible").count() == 1


@pytest.mark.parametrize("path", ["", "km/", "case-studies/joint-health-review/", "km/tools/health-check/"])
def test_a_page_view_asks_for_nothing_that_is_missing(browser, site_url, path):
    """Slow connections pay for every failed request (a 404 answer is a whole page): there must be none."""
    page = browser.new_page()
    failed = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("requestfailed", lambda r: failed.append(f"failed {r.url}"))
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").count() >= 1
    assert failed == []
    page.close()
