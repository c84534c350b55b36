"""A page loads only the scripts and fonts it uses (issue 20).

overrides/main.html loads a script when the page's front matter names it in rc_assets; these tests
read every built page of the mini fixture and check that the scripts follow what the page holds, so a
new page with an explorer or a search button that forgets to name its asset fails here.
"""
from __future__ import annotations

import re
from pathlib import Path

from conftest import REPO, wait_until

SCRIPT = re.compile(r'<script src="([^"]+)"')


def pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


def scripts(html: str) -> set[str]:
    return {src.rsplit("/", 1)[-1] for src in SCRIPT.findall(html)}


def test_explorer_js_only_on_pages_with_a_list(mini_site):
    site = mini_site / "site"
    built = pages(site)
    with_list = {path for path, html in built.items() if 'class="rc-explorer"' in html}
    loading = {path for path, html in built.items() if "explorer.js" in scripts(html)}
    assert {"case-studies/index.html", "km/case-studies/index.html", "tools/finder/index.html"} <= with_list
    assert loading == with_list
    # ... and the stylesheet that hides the filters from a browser without scripts goes with it.
    assert all("explorer-noscript.css" in built[path] for path in with_list)
    assert not any("explorer-noscript.css" in html for path, html in built.items() if path not in with_list)


def test_every_list_has_its_filters_and_count_in_the_first_layout(mini_site):
    """explorer.js does not unhide them (that moved the results down as it ran): a page whose filters or
    result bar are hidden in its HTML would never show them."""
    built = pages(mini_site / "site")
    lists = {path: html for path, html in built.items() if 'class="rc-explorer"' in html}
    for path, html in lists.items():
        assert re.search(r'<form class="rc-explorer__filters"[^>]*>', html), path
        assert not re.search(r'<(form|div) class="rc-explorer__(filters|bar)"[^>]* hidden', html), path
        assert re.search(r'<p class="rc-explorer__status"[^>]*>[^<]+</p>', html), f"{path}: the count is not written"


def test_a_case_study_page_loads_no_list_script(mini_site):
    html = (mini_site / "site" / "km" / "case-studies" / "joint-health-review" / "index.html").read_text(encoding="utf-8")
    assert scripts(html).isdisjoint({"explorer.js", "rc-search-invite.js", "submit-form.js", "assessment.js"})


def test_the_search_button_brings_its_script_and_no_other_page_loads_it(mini_site):
    built = pages(mini_site / "site")
    with_button = {path for path, html in built.items() if "rc-search-invite md-button" in html}
    loading = {path for path, html in built.items() if "rc-search-invite.js" in scripts(html)}
    assert {"index.html", "km/index.html"} <= with_button
    assert loading == with_button


def test_only_the_regular_khmer_weight_is_preloaded_and_only_on_khmer_pages(mini_site):
    built = pages(mini_site / "site")
    preload = re.compile(r'<link rel="preload" href="[^"]*noto-sans-khmer-khmer-(\d+)-normal\.woff2" as="font"')
    themed = {path: html for path, html in built.items() if 'id="__config"' in html}  # pages of the theme
    assert len(themed) > 20
    for path, html in themed.items():
        weights = preload.findall(html)
        if '<html lang="km"' in html:
            assert weights == ["400"], path
        else:
            assert weights == [], path


def test_khmer_text_shows_at_once_in_a_fallback_font():
    """font-display: swap: the browser paints Khmer text in a system font until the bundled one has
    arrived, instead of hiding it (up to 3 s in Chromium) while the font downloads."""
    css = (REPO / "overrides/assets/stylesheets/resource-centre.css").read_text(encoding="utf-8")
    faces = re.findall(r"@font-face\s*{([^}]*)}", css)
    khmer = [f for f in faces if "Noto Sans Khmer" in f]
    assert len(khmer) == 2 and all("font-display: swap" in f for f in khmer)


def test_an_english_page_fetches_the_khmer_font_only_when_its_language_menu_opens(browser, mini_site, serve):
    """The menu's "ខ្មែរ" is the only Khmer on an English page; laid out while the menu is closed, it made
    every English page download the bundled Khmer font (23 KB)."""
    base = serve(mini_site / "site")
    page = browser.new_page()
    fonts = []
    page.on("request", lambda r: fonts.append(r.url) if r.url.endswith(".woff2") else None)
    try:
        page.goto(base + "case-studies/joint-health-review/", wait_until="networkidle")
        assert fonts == []
        page.hover(".md-select")
        wait_until(page, "document.fonts.check('16px \"Noto Sans Khmer\"', 'ខ')"
                         " && [...document.fonts].some(f => f.status === 'loaded')")
        assert [url.rsplit("/", 1)[-1] for url in fonts] == ["noto-sans-khmer-khmer-400-normal.woff2"]
    finally:
        page.close()


BLOCKING_SCRIPT = re.compile(r"<script\b(?![^>]*\b(?:defer|async)\b)(?![^>]*application/(?:ld\+)?json)[^>]*>")


def test_nothing_stops_the_parser_between_the_head_and_the_content(mini_site):
    """Chromium paints what it has whenever the parser stops for a script. A script that blocks the parser
    in the header (Material's inline palette script, which also waited for a stylesheet named after the
    head's inline script; gate.js and count.js) let it paint the header alone and lay the whole content
    out in a long task after its first paint, the blocking time Lighthouse counts (issue 20,
    benchmarks/lighthouse/trace.py). So: every stylesheet is named before the head's first inline script,
    and no script in the body before the content blocks the parser."""
    for path, html in pages(mini_site / "site").items():
        if 'class="md-content"' not in html:
            continue  # not a page of the theme (a printable page, a redirect)
        head, body = html.split("</head>", 1)
        first_inline = re.search(r"<script>", head)
        assert first_inline, path
        assert not re.search(r'<link rel="stylesheet"', head[first_inline.start():]), path
        before_content = body.split('class="md-content"', 1)[0]
        assert not BLOCKING_SCRIPT.findall(before_content), (path, BLOCKING_SCRIPT.findall(before_content))
        # ... and the search scripts still run before Material's bundle, which asks for the index.
        assert body.index("rc-search/gate.js") < body.index("rc-search/count.js") < body.index("javascripts/bundle."), path
