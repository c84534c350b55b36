"""`mkdocs serve` shows drafts, reloads the open page when a YAML record changes, and shows record problems on the page."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
import yaml
from conftest import REPO, make_project, resource_centre

from resource_centre.records.problems import Problem
from resource_centre.site.preview import preview_page, problems_banner, problems_banners
from resource_centre.text.languages import Language, Languages


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float = 60) -> float:
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if text in fetch(url):
            return time.monotonic() - start
        time.sleep(0.2)
    raise AssertionError(f"{text!r} did not appear at {url} within {seconds}s")


# As `scripts/build serve` runs it. Not --no-livereload: in MkDocs 1.6 it also stops every file watch.
@pytest.fixture
def serving(tmp_path):
    """The preview of the mini project: (project, its address, the folder MkDocs serves the site from)."""
    project = make_project(tmp_path / "p")
    port = free_port()
    scratch = tmp_path / "tmp"  # where MkDocs makes the folder it serves (and the plugin its staged copy)
    scratch.mkdir()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", TMPDIR=str(scratch))
    log = (tmp_path / "serve.log").open("w")  # what the contributor's terminal shows
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
                               cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=log, text=True)
    try:
        wait_for(f"http://127.0.0.1:{port}/", "Partnership Resource Centre", 120)
        (site,) = scratch.glob("mkdocs_*")
        yield project, f"http://127.0.0.1:{port}/", site
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


@pytest.fixture
def served(serving):
    project, base, _site = serving
    return project, base


def test_serve_shows_drafts_and_reloads_an_edited_record(served):
    project, base = served
    docs = {p: p.read_bytes() for p in sorted((project / "docs").rglob("*")) if p.is_file()}
    assert "A draft case" in fetch(base + "case-studies/draft-case/")
    record = project / "casestudies" / "provincial-education.yml"
    record.write_text(record.read_text().replace("Provincial education partnership", "Provincial schools partnership"))
    wait_for(base + "case-studies/provincial-education/", "Provincial schools partnership", 60)
    wait_for(base + "km/case-studies/provincial-education/", "Provincial schools partnership", 30)
    # The list shows the new title once the preview's second pass has made the rest of the site again.
    wait_for(base + "case-studies/", "Provincial schools partnership", 60)
    # The preview stages its pages outside docs/: nothing there was written.
    assert {p: p.read_bytes() for p in sorted((project / "docs").rglob("*")) if p.is_file()} == docs
    # A hand-written page is watched where people edit it, not in the staged copy MkDocs builds.
    about = project / "docs" / "en" / "about.md"
    about.write_text(about.read_text() + "\nA sentence added while the preview runs.\n")
    wait_for(base + "about/", "A sentence added while the preview runs.", 60)
    # MkDocs' warning that a dirty build gives "inaccurate navigation" is not true of this preview.
    terminal = (project.parent / "serve.log").read_text()
    assert "Serving on http://127.0.0.1" in terminal and "dirty" not in terminal, terminal


def test_the_preview_search_index_stays_one_entry_per_page_across_edits(served):
    """Under --dirty, Material merges each rebuild into its kept index and i18n appended every
    language again: the index doubled with every edit until the plugin kept one entry per location."""
    import json

    project, base = served
    counts = []
    record = project / "casestudies" / "provincial-education.yml"
    old = "Provincial education partnership"
    for title in ("Provincial schools partnership", "Provincial learning partnership"):
        record.write_text(record.read_text().replace(old, title))
        old = title
        wait_for(base + "case-studies/provincial-education/", title, 60)
        wait_for(base + "search/search_index.json", title, 30)
        docs = json.loads(fetch(base + "search/search_index.json"))["docs"]
        locations = [d["location"] for d in docs]
        assert len(locations) == len(set(locations))
        assert not any(loc.startswith("km/") for loc in locations)
        counts.append(len(docs))
    assert counts[0] == counts[1]


# ---- an edit rebuilds what it changed (resource_centre/engine/live.py) ----

def html_times(site):
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html")}


def test_an_edit_rebuilds_its_own_pages_and_the_list_and_no_unrelated_page(serving):
    project, base, site = serving
    before = html_times(site)
    record = project / "casestudies" / "provincial-education.yml"
    record.write_text(record.read_text().replace("Provincial education partnership", "Provincial schools partnership"))
    wait_for(base + "case-studies/provincial-education/", "Provincial schools partnership", 60)
    # The page in the other language was rebuilt by the same first step, each in its own language.
    assert "Provincial schools partnership" in fetch(base + "km/case-studies/provincial-education/")
    assert '<html lang="en"' in fetch(base + "case-studies/provincial-education/")
    assert '<html lang="km"' in fetch(base + "km/case-studies/provincial-education/")
    wait_for(base + "case-studies/", "Provincial schools partnership", 60)
    wait_for(base + "km/case-studies/", "Provincial schools partnership", 30)
    after = html_times(site)
    assert after.keys() == before.keys()
    rebuilt = {page for page in after if after[page] != before[page]}
    assert {"case-studies/provincial-education/index.html", "km/case-studies/provincial-education/index.html",
            "case-studies/index.html", "km/case-studies/index.html"} <= rebuilt
    # Pages that neither show nor link to the record are not built again: hand-written ones, the
    # glossary, and the case studies that do not link to it.
    untouched = [page for page in before if page.startswith(("about/", "km/about/", "glossary/", "km/glossary/"))]
    untouched += [page for page in before if page.startswith("case-studies/") and page.count("/") == 2
                  and "provincial-education" not in page
                  and "provincial-education" not in (site / page).read_text(encoding="utf-8")]
    assert len(untouched) >= 4
    assert rebuilt.isdisjoint(untouched)
    assert len(rebuilt) < len(before) / 3


def test_a_new_record_appears_in_the_preview_and_a_removed_one_goes(served):
    project, base = served
    source = project / "casestudies" / "provincial-education.yml"
    new = project / "casestudies" / "district-water-partnership.yml"
    new.write_text(source.read_text().replace("id: provincial-education", "id: district-water-partnership")
                   .replace("Provincial education partnership", "District water partnership"))
    wait_for(base + "case-studies/district-water-partnership/", "District water partnership", 90)
    wait_for(base + "case-studies/", "District water partnership", 30)
    new.unlink()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # a fetch made while the server holds requests for a rebuild comes back empty
        listing = fetch(base + "case-studies/")
        if "Provincial education partnership" in listing and "District water partnership" not in listing:
            break
        time.sleep(0.5)
    else:
        raise AssertionError("the removed record is still listed")


@pytest.mark.browser
def test_search_finds_the_new_text_of_an_edited_record(served, browser):
    project, base = served
    record = project / "casestudies" / "provincial-education.yml"
    record.write_text(record.read_text().replace("Provincial education partnership", "Provincial zanzibarite partnership"))
    wait_for(base + "case-studies/provincial-education/", "Provincial zanzibarite partnership", 60)
    wait_for(base + "search/search_index.json", "zanzibarite", 60)  # the second pass writes the index
    page = browser.new_page()
    page.goto(base)
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").fill("zanzibarite")
    # Material searches on key up, and on the worker's "ready" only if the word is there by then: the key up
    # makes the query whichever comes first (under load, the index was ready before the word was typed).
    page.locator("input.md-search__input").press("End")
    page.wait_for_selector(".md-search-result__item a[href*='case-studies/provincial-education/']", timeout=20000)
    assert "zanzibarite" in page.locator(".md-search-result__list").inner_text().lower()
    page.close()


# ---- the page a contributor has open reloads by itself, and says when a record is broken ----

RECORD = "casestudies/provincial-education.yml"
LOCALES = {code: yaml.safe_load((REPO / "locales" / f"{code}.yml").read_text(encoding="utf-8")) for code in ("en", "km")}


def open_page(browser, url: str, width: int = 1280, height: int = 740):
    """A tab on ``url`` that records every console message (the browser logs each CSP violation there)."""
    page = browser.new_page(viewport={"width": width, "height": height})
    messages: list[str] = []
    page.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
    page.goto(url)
    return page, messages


def wait_in_page(page, expression: str, seconds: float) -> None:
    """conftest.wait_until, surviving the page reloading while it is asked (its context is then destroyed,
    or the new document has no body yet: an expression that throws is "not yet")."""
    from playwright.sync_api import Error

    deadline = time.monotonic() + seconds
    while True:
        try:
            if page.evaluate(f"(() => {{ try {{ return !!({expression}) }} catch (e) {{ return false }} }})()"):
                return
        except Error as exc:
            if "destroyed" not in str(exc) and "navigat" not in str(exc):
                raise
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {seconds} s: {expression}")
        page.wait_for_timeout(100)


def steady(page, check, seconds: float = 60):
    """``check(page)``, again while the page reloads under it: after an edit the preview reloads open pages
    twice, once with the edited record's own page and once after its second pass (engine/live.py)."""
    from playwright.sync_api import Error

    deadline = time.monotonic() + seconds
    while True:
        try:
            page.wait_for_load_state()
            return check(page)
        except Error:
            if time.monotonic() > deadline:
                raise
            page.wait_for_timeout(200)


def mark(page) -> None:
    """Mark the page as loaded: a reload takes the mark away (reloaded_with)."""
    steady(page, lambda p: p.evaluate("window.rcMark = 1"))


def reloaded_with(text: str) -> str:
    """True in the page once it was loaded again (the mark set before is gone) and shows ``text``."""
    return f"!window.rcMark && !!document.body && document.body.innerText.includes({text!r})"


def test_the_open_page_reloads_itself_after_an_edit_with_no_csp_violation(served, browser):
    project, base = served
    page, messages = open_page(browser, base + "case-studies/provincial-education/")
    assert page.locator("h1").inner_text() == "Provincial education partnership"
    page.evaluate("window.rcMark = 1")  # a reload clears it; nothing here calls reload
    record = project / RECORD
    record.write_text(record.read_text().replace("Provincial education partnership", "Provincial schools partnership"))
    wait_in_page(page, reloaded_with("Provincial schools partnership"), 60)
    assert page.locator("h1").inner_text() == "Provincial schools partnership"
    assert [m for m in messages if "Content Security Policy" in m] == []
    assert page.locator(".rc-preview-problems").count() == 0
    page.close()


def test_a_broken_record_is_named_on_the_open_page_until_it_is_fixed(served, browser):
    project, base = served
    record = project / RECORD
    good = record.read_text()
    pages = {code: open_page(browser, base + prefix + "case-studies/provincial-education/", 1280, 300)
             for code, prefix in (("en", ""), ("km", "km/"))}
    for page, _ in pages.values():
        mark(page)
    # A first edit reloads the pages (Chromium then keeps the place of the page's text across a reload, which
    # hid a banner added above it).
    edited = good.replace("Provincial education partnership", "Provincial schools partnership")
    record.write_text(edited)
    for page, _ in pages.values():
        wait_in_page(page, reloaded_with("Provincial schools partnership"), 60)
    wait_for(base + "case-studies/", "Provincial schools partnership", 60)  # the second pass is done
    for page, _ in pages.values():
        wait_in_page(page, "document.body.innerText.includes('Provincial schools partnership')", 60)
        mark(page)
    record.write_text(edited.replace("status: published", "status: publishd"))
    # The banner names each problem as `resource-centre validate` prints it (file:line:column, message).
    printed = resource_centre(project, "validate").stdout.splitlines()
    assert printed[0].startswith(f"{RECORD}:2:9: status: 'publishd' is not allowed")
    expected = printed[0].replace(f"{RECORD}:2:9: ", f"{RECORD}:2:9 ", 1)
    for code, (page, _messages) in pages.items():
        wait_in_page(page, reloaded_with(expected), 60)

        def shown(page, code=code):
            banner = page.locator(".rc-preview-problems")
            return (banner.locator(".rc-preview-problems__title").inner_text(), banner.locator("p").nth(1).inner_text(),
                    banner.locator("li").all_inner_texts(),
                    # In view, under the header, however the page was scrolled before (shown from the top).
                    page.evaluate("document.querySelector('.rc-preview-problems').getBoundingClientRect().top - "
                                  "document.querySelector('.md-header').getBoundingClientRect().bottom"))
        assert steady(page, shown) == (LOCALES[code]["preview_problems_title"], LOCALES[code]["preview_problems_intro"],
                                       [expected], 0)
        mark(page)
    record.write_text(edited)
    for page, messages in pages.values():
        wait_in_page(page, "!window.rcMark && !document.querySelector('.rc-preview-problems')", 60)
        assert page.locator("h1").inner_text() == "Provincial schools partnership"
        assert [m for m in messages if "Content Security Policy" in m] == []
        page.close()


# ---- what the preview adds to each page it sends (resource_centre/site/preview.py), exactly ----

LANGUAGES = Languages([Language("en", "English", True), Language("km", "ខ្មែរ")],
                      {"en": {"preview_problems_title": "Broken <records>", "preview_problems_intro": "Fix & save."},
                       "km": {"preview_problems_title": "បញ្ហា"}})
PROBLEMS = [Problem("casestudies/a.yml", 4, 1, "sumary: unknown field 'sumary'", "did you mean 'summary'?"),
            Problem("tools/b & c.yml", 2, 9, "status: '<x>' is not allowed")]


def test_the_banner_names_each_problem_with_its_file_line_and_message():
    assert problems_banner(PROBLEMS, LANGUAGES, "km") == (
        '<div class="rc-preview-problems" role="alert"><div class="md-grid">'
        '<p class="rc-preview-problems__title">បញ្ហា</p>'
        '<p>Fix &amp; save.</p>'
        "<ul><li><code>casestudies/a.yml:4:1</code> sumary: unknown field &#x27;sumary&#x27; "
        "(did you mean &#x27;summary&#x27;?)</li>"
        "<li><code>tools/b &amp; c.yml:2:9</code> status: &#x27;&lt;x&gt;&#x27; is not allowed</li></ul>"
        "</div></div>")
    assert problems_banner([], LANGUAGES, "en") == ""


def test_the_preview_sends_our_reload_script_and_the_banner_of_the_page_language():
    page = (b'<!doctype html>\n<html lang="km" class="no-js">\n<head></head>\n<body dir="ltr">\n'
            b'<header>h</header>\n<div class="md-container" data-md-component="container">c</div>\n</body>\n</html>\n')
    banners = problems_banners(PROBLEMS[:1], LANGUAGES)
    sent = preview_page(page, script_url="/assets/javascripts/rc-livereload.js", epoch=12, request_id=3,
                        banners=banners, default="en")
    assert sent == page.replace(b'<div class="md-container"', banners["km"].encode() + b'<div class="md-container"') \
        .replace(b"</body>", b'<script src="/assets/javascripts/rc-livereload.js" data-epoch="12" '
                             b'data-request="3"></script></body>')
    clean = preview_page(page, script_url="/x.js", epoch=1, request_id=2, banners=problems_banners([], LANGUAGES),
                         default="en")
    assert clean == page.replace(b"</body>", b'<script src="/x.js" data-epoch="1" data-request="2"></script></body>')
    assert b"<script>" not in sent  # no inline script: the page's policy would refuse it


def test_the_reload_script_is_not_part_of_a_build(mini_site):
    site = mini_site / "site"
    assert not list(site.rglob("rc-livereload*"))
    assert not [p for p in site.rglob("*.html") if "livereload" in p.read_text(encoding="utf-8")]
