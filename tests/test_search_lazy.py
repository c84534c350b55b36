"""Search costs nothing until it is used (issue 20).

On the bundled site, built as published and as the offline edition (conftest's session
fixtures), in headless Chromium:

* a page that is only read asks for no search index and builds none (the page's requests are
  recorded; the worker reports its build in its ready message, which gate.js shows as
  data-rc-search on <html>, so "idle" after load means no build happened);
* each way of showing intent (focus on the box, the "/" shortcut, ?q= in the address, a tap on
  the search icon of a phone-width page) asks for the index and finds an English and a Khmer
  word on the page that holds it;
* a second page view in the same browser restores the index the first one built and stored
  (the worker says "restored" only when lunr.Index.load replaced the build, store.js) and finds
  the same pages as the built index did;
* from disk (file://, the offline edition's iframe worker) the index waits for intent too, and
  search works.
"""
from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest
from conftest import wait_until

from resource_centre.site.search_index import index_key, scripts_digest, write_language_indexes

CASE = "case-studies/provincial-joint-health-review-kampong-thom/"
OTHER = "case-studies/inception-interviews-18-twgs/"
WORDS = {"en": "headquarters", "km": "មណ្ឌលសុខភាព"}
STATE = "document.documentElement.getAttribute('data-rc-search')"
RESULTS = "document.querySelectorAll('.md-search-result__item').length"
LINKS = "Array.from(document.querySelectorAll('.md-search-result__item a.md-search-result__link'), a => a.href)"


def _prefix(lang: str) -> str:
    return "" if lang == "en" else f"{lang}/"


def _index_requests(requests: list[str]) -> list[str]:
    return [url for url in requests if "/search/search_index." in url or "/search/search_rest." in url]


def _open(context, url: str):
    """A new page of ``context`` at ``url``, its requests recorded in page.requests, loaded and settled."""
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.goto(url, wait_until="networkidle")
    return page


def _type(page, word: str) -> list[str]:
    """Put ``word`` in the search box at once (no answers to its first letters), wait for the
    full index's results, return their links."""
    box = page.locator("input.md-search__input")
    box.fill(word)
    box.press("End")                    # Material searches on key up
    wait_until(page, f"{RESULTS} > 0 && document.querySelector('.md-search-result__meta').textContent.match(/[0-9\u17e0-\u17e9]/)",
               timeout=30)
    wait_until(page, f"{STATE} !== 'first'", timeout=30)   # a large index's full answer, not its first (titles)
    return page.evaluate(LINKS)


def _finds(links: list[str], lang: str) -> bool:
    return any((_prefix(lang) + CASE) in link for link in links)


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.mark.parametrize("lang", ["en", "km"])
def test_reading_a_page_asks_for_no_index_and_builds_none(bundled_web_site, serve, context, lang):
    root = serve(bundled_web_site)
    page = _open(context, root + _prefix(lang) + CASE)
    page.wait_for_timeout(500)           # time enough for Material to have asked, as it did at load
    assert _index_requests(page.requests) == []
    assert page.evaluate(STATE) == "idle"
    assert any("/rc-search/worker.js?" in url for url in page.requests)   # the worker itself is there, waiting


def _focus(page, lang):
    page.locator("input.md-search__input").focus()


def _slash(page, lang):
    page.locator("article h1").first.click()       # the page, not a field, has the focus
    page.keyboard.press("/")


@pytest.mark.parametrize("lang", ["en", "km"])
@pytest.mark.parametrize("intent", [_focus, _slash], ids=["focus", "slash"])
def test_intent_asks_for_the_index_and_search_answers(bundled_web_site, serve, context, lang, intent):
    root = serve(bundled_web_site)
    page = _open(context, root + _prefix(lang) + CASE)
    assert _index_requests(page.requests) == []
    intent(page, lang)
    wait_until(page, f"{STATE} !== 'idle'")          # the intent itself, before anything is typed
    links = _type(page, WORDS[lang])
    assert _finds(links, lang), links
    assert _index_requests(page.requests) == [root + _prefix(lang) + "search/search_index.json"]
    assert page.evaluate(STATE) in ("built", "stored", "restored")
    # The counts in the digits of the page's language, as its other counts are (Material writes ASCII ones):
    # the result count, and each result's "N more on this page"
    own, other = ("០-៩", "0-9") if lang == "km" else ("0-9", "០-៩")
    for count in [page.locator(".md-search-result__meta").inner_text()] + page.locator(
            ".md-search-result__more > summary").all_inner_texts():
        assert re.search(f"[{own}]", count) and not re.search(f"[{other}]", count), count
    assert lang != "km" or page.locator(".md-search-result__more > summary").count() > 0   # there is one to check


def test_one_result_is_counted_in_khmer_digits_too(bundled_web_site, serve, context):
    """Material's "one" is a fixed string, not "#" filled in: it must say ១ on a Khmer page as well."""
    page = _open(context, serve(bundled_web_site) + "km/" + CASE)
    page.locator("input.md-search__input").focus()
    _type(page, WORDS["km"])
    # the worker's message for a query that found one page, as gate.js passes it on; then Material's count
    page.evaluate("""() => {
      document.dispatchEvent(new CustomEvent("rc-search-message", {detail: {type: 3, data: {items: [], rc_pages: 1}}}))
      document.querySelector(".md-search-result__meta").textContent = "1 matching document"
    }""")
    wait_until(page, "!/[0-9]/.test(document.querySelector('.md-search-result__meta').textContent)")
    said = page.locator(".md-search-result__meta").inner_text()
    assert said == page.evaluate("JSON.parse(document.getElementById('__config').textContent)"
                                 ".translations['search.result.one']").replace("1", "១") and "១" in said, said


@pytest.mark.parametrize("lang", ["en", "km"])
def test_q_in_the_address_is_intent(bundled_web_site, serve, context, lang):
    root = serve(bundled_web_site)
    page = _open(context, root + _prefix(lang) + OTHER + "?q=" + quote(WORDS[lang]))
    wait_until(page, f"{RESULTS} > 0", timeout=30)
    assert _finds(page.evaluate(LINKS), lang)


def test_a_tap_on_the_search_icon_is_intent(bundled_web_site, serve, browser):
    context = browser.new_context(viewport={"width": 375, "height": 740}, has_touch=True)
    try:
        root = serve(bundled_web_site)
        page = _open(context, root + "km/" + CASE)
        assert _index_requests(page.requests) == [] and page.evaluate(STATE) == "idle"
        page.locator("label.md-header__button[for=__search]").tap()
        wait_until(page, "document.activeElement && document.activeElement.matches('input.md-search__input')")
        assert _finds(_type(page, WORDS["km"]), "km")
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "km"])
def test_the_next_page_view_restores_the_built_index(bundled_web_site, serve, context, lang):
    root = serve(bundled_web_site)
    first = _open(context, root + _prefix(lang) + CASE)
    first.locator("input.md-search__input").focus()
    built = _type(first, WORDS[lang])
    assert first.evaluate(STATE) in ("built", "stored")
    wait_until(first, f"{STATE} === 'stored'", timeout=30)      # the worker kept it
    first.close()

    second = _open(context, root + _prefix(lang) + OTHER)
    assert _index_requests(second.requests) == [] and second.evaluate(STATE) == "idle"
    second.locator("input.md-search__input").focus()
    restored = _type(second, WORDS[lang])
    assert second.evaluate(STATE) == "restored"
    assert restored == built


@pytest.mark.parametrize("lang", ["en", "km"])
def test_offline_edition_waits_for_intent_and_searches(bundled_offline_site, context, lang):
    url = (bundled_offline_site / _prefix(lang) / (CASE.rstrip("/") + ".html")).as_uri()
    page = _open(context, url)
    page.wait_for_timeout(500)
    assert _index_requests(page.requests) == [] and page.evaluate(STATE) == "idle"
    page.locator("input.md-search__input").focus()
    links = _type(page, WORDS[lang])
    assert any((_prefix(lang) + CASE.rstrip("/") + ".html") in link for link in links), links
    assert _index_requests(page.requests) == [(bundled_offline_site / _prefix(lang) / "search" / "search_index.js").as_uri()]


# ---- The key of a stored index ------------------------------------------------------------

def test_the_index_key_changes_with_the_index_its_rest_and_the_scripts(tmp_path):
    scripts = tmp_path / "assets" / "javascripts" / "rc-search"
    scripts.mkdir(parents=True)
    (scripts / "worker.js").write_text("// one", encoding="utf-8")
    index = {"config": {"lang": ["en"]}, "docs": [{"location": "a/", "title": "A", "text": "x"}]}
    key = index_key(index, b"", scripts_digest(tmp_path))
    assert key == index_key(dict(index), b"", scripts_digest(tmp_path))          # same input, same key
    assert key != index_key({**index, "docs": [{"location": "a/", "title": "B", "text": "x"}]}, b"",
                            scripts_digest(tmp_path))
    assert key != index_key(index, b"[[0, \"more\"]]", scripts_digest(tmp_path))
    (scripts / "worker.js").write_text("// two", encoding="utf-8")
    assert key != index_key(index, b"", scripts_digest(tmp_path))


def test_every_language_index_names_its_key(tmp_path):
    search = tmp_path / "search"
    search.mkdir()
    docs = [{"location": "twg/", "title": "TWG", "text": ""}, {"location": "km/twg/", "title": "ក្រុម", "text": ""}]
    (search / "search_index.json").write_text(
        json.dumps({"config": {"lang": ["en"]}, "docs": docs}), encoding="utf-8")
    write_language_indexes(tmp_path, ["km"])
    keys = [json.loads((tmp_path / folder / "search_index.json").read_text(encoding="utf-8"))["config"]["rc_key"]
            for folder in ("search", "km/search")]
    assert all(keys) and keys[0] != keys[1]
