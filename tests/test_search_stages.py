"""A large index searched in stages (issue 20): the first answer from titles at once, the full text behind it.

* Python: an index with more than FIRST_STAGE_ABOVE characters of text is split into a first stage
  (every entry's title and tags, a page's first lines, no section text) and its texts; the first
  stage stays small whatever the size of the text, and the texts put it back exactly.
* first.js under Node: its index answers Material's query language (prefixes, +required,
  -prohibited, Khmer pairs) with Material's result groups, page first, words marked; the pairs it
  finds in the text are the pages the index terms of khmer.js would give (a property test).
* In Chromium, on the search fixture built in stages (over http and file://): the first stage
  answers before the full stage is ready, the full stage then answers the same query again, recall
  once it is ready is what it is without stages, and the next page view restores the full stage.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import wait_until
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_search_khmer import QUERIES, RC_SEARCH, SHIM_IN_SITE, _check, bench, build_fixture, iframe_worker_shim

from resource_centre.site.search_budget import FIRST_TEXT, split_first_stage, text_size
from resource_centre.site.search_index import index_key, write_language_indexes

WORDS = ("partnership", "ministry", "province", "accountability", "indicator", "budget", "review")


def _index(pages: int, sections: int = 4, words: int = 400) -> dict:
    docs = []
    for p in range(pages):
        body = "<p>" + " ".join(f"{WORDS[(p + j) % len(WORDS)]}{j % 50}" for j in range(words)) + "</p>"
        docs.append({"location": f"case-studies/c{p}/", "title": f"Case {p} on {WORDS[p % len(WORDS)]}", "text": body})
        docs += [{"location": f"case-studies/c{p}/#s{s}", "title": f"Section {s}", "text": body} for s in range(sections)]
    return {"config": {"lang": ["en"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"],
                       "fields": {"title": {"boost": 1000}, "text": {"boost": 1}}}, "docs": docs}


# ---- Python: the split ------------------------------------------------------------------------

def test_a_small_index_is_one_stage():
    index = _index(2)
    assert split_first_stage(index, "search/search_text", above=text_size(index)) == (index, None)


def test_the_first_stage_keeps_every_entry_and_the_texts_put_it_back():
    index = _index(30)
    first, texts = split_first_stage(index, "km/search/search_text", above=0)
    assert first["config"]["rc_text"] == "km/search/search_text"
    assert [(d["location"], d["title"]) for d in first["docs"]] == [(d["location"], d["title"]) for d in index["docs"]]
    for doc in first["docs"]:
        if "#" in doc["location"]:
            assert doc["text"] == ""
        else:
            assert 0 < len(doc["text"]) <= FIRST_TEXT + len("<p>…</p>")
    restored = [dict(d) for d in first["docs"]]
    for position, text in texts:
        restored[position]["text"] = text
    assert restored == index["docs"]


@pytest.mark.parametrize("words", [400, 4000])
def test_the_first_stage_stays_small_however_long_the_text(words):
    """Its text is at most FIRST_TEXT characters a page, so it does not grow with the text (this
    fails if the first stage took sections' or more of the pages' text)."""
    index = _index(100, words=words)
    first, _ = split_first_stage(index, "search/search_text", above=0)
    pages = sum("#" not in d["location"] for d in index["docs"])
    assert text_size(first) <= pages * (FIRST_TEXT + len("<p>…</p>"))
    assert len(json.dumps(first)) < len(json.dumps(index)) / 10


def test_the_texts_are_written_beside_the_index_and_change_its_key(tmp_path):
    search = tmp_path / "search"
    search.mkdir()
    (search / "search_index.json").write_text(json.dumps(_index(5)), encoding="utf-8")
    (search / "search_index.js").write_text("var __index = " + json.dumps(_index(5)), encoding="utf-8")
    sizes = write_language_indexes(tmp_path, [], first_stage_above=0)
    assert set(sizes) == {"search/search_index.json", "search/search_index.js",
                          "search/search_text.json", "search/search_text.js"}
    first = json.loads((search / "search_index.json").read_text(encoding="utf-8"))
    texts = (search / "search_text.json").read_bytes()
    assert (search / "search_text.js").read_text(encoding="utf-8").startswith("var __rcSearchText = [[")
    key = first["config"].pop("rc_key")
    assert key == index_key(first, b"", first_key_scripts(tmp_path), texts)
    assert key != index_key(first, b"", first_key_scripts(tmp_path), texts + b" ")


def first_key_scripts(site: Path) -> str:
    from resource_centre.site.search_index import scripts_digest
    return scripts_digest(site)


# ---- first.js under Node ----------------------------------------------------------------------

NODE_FIRST = r"""
const K = require(process.argv[1]), F = require(process.argv[2]);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const stop = new Set(["the", "of", "and"]);
const index = F.build(input.index, K, t => stop.has(t));
const out = input.queries.map(q => {
  const query = K.rewriteQuery(q).query;
  return index.search(query).items.map(group => group.map(item => [item.location, item.title, item.terms]));
});
console.log(JSON.stringify(out));
"""

FIRST_INDEX = {
    "config": {"lang": ["en"], "separator": "[\\s\\u200b\\-]+", "pipeline": ["stopWordFilter"],
               "fields": {"title": {"boost": 1000}, "text": {"boost": 1}, "tags": {"boost": 1000000}}},
    "docs": [
        {"location": "twg/", "title": "Technical working groups", "text": "<p>How TWGs meet.</p>"},
        {"location": "twg/#meetings", "title": "Quarterly meetings", "text": ""},
        {"location": "health/", "title": "Health sector review", "text": "<p>The joint review of the sector.</p>",
         "tags": ["Health"]},
        {"location": "health/#lessons", "title": "Lessons of the review", "text": ""},
        {"location": "km/twg/", "title": "ក្រុមការងារបច្ចេកទេស", "text": "<p>ក្រសួងសុខាភិបាល</p>"},
    ],
}


def _first_js(queries: list[str]) -> list:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    result = subprocess.run([node, "-e", NODE_FIRST, str(RC_SEARCH / "khmer.js"), str(RC_SEARCH / "first.js")],
                            input=json.dumps({"index": FIRST_INDEX, "queries": queries}),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_first_js_answers_materials_query_language_with_materials_groups():
    prefix, two, required, prohibited, khmer, khmer_middle, section, absent, stop = _first_js(
        ["meet", "review sector", "+review +lessons", "review -health", "ក្រុមការងារ", "បច្ចេកទេស",
         "quarterly", "nowhere", "the"])
    assert [sorted(i[0] for i in g) for g in prefix] == [["twg/", "twg/#meetings"]]   # a prefix; with its page
    assert dict((i[0], i[1]) for i in prefix[0])["twg/#meetings"] == "Quarterly <mark>meetings</mark>"
    assert [g[0][0] for g in two] == ["health/"]
    assert two[0][0][2] == {"review": True, "sector": True}
    assert [sorted(i[0] for i in g) for g in required] == [["health/", "health/#lessons"]]
    # -health leaves out the entries holding it (the page), not their sections; the page joins as
    # its section's article, unscored, as Material's groups do
    assert [[(i[0], i[2]) for i in g] for g in prohibited] == [[("health/#lessons", {"review": True}), ("health/", {})]]
    assert [g[0][0] for g in khmer] == ["km/twg/"]                     # cluster pairs, from the start
    assert [g[0][0] for g in khmer_middle] == ["km/twg/"]              # and from the middle of a run
    assert [sorted(i[0] for i in g) for g in section] == [["twg/", "twg/#meetings"]]
    assert absent == [] and stop == []


# first.js does not make Khmer's pairs: it finds a query's pairs in each value's folded text (K.occurs).
# The pages it finds must be those whose index terms (K.indexTerms, what Material's index holds) have
# every pair of the query, the last as a prefix. One Node process answers every example, a line each.
NODE_PAIRS = r"""
const K = require(process.argv[1]), F = require(process.argv[2]);
require("readline").createInterface({input: process.stdin}).on("line", line => {
  const {texts, query} = JSON.parse(line);
  const index = {config: {separator: "[\\s\\u200b\\-]+", fields: {title: {}, text: {}}},
                 docs: texts.map((text, i) => ({location: "p" + i + "/", title: "", text: text}))};
  const rewritten = K.rewriteQuery(query).query;
  const found = F.build(index, K, () => false).search(rewritten).items.map(group => group[0].location).sort();
  const clauses = rewritten.split(" ").map(part => ({term: part.replace(/^\+|\*$/g, ""), prefix: part.endsWith("*")}));
  const expected = index.docs.filter(doc => {
    const terms = K.indexTerms(doc.text).split(" ");
    return clauses.every(c => terms.some(t => c.prefix ? t.startsWith(c.term) : t === c.term));
  }).map(doc => doc.location).sort();
  console.log(JSON.stringify({rewritten, found, expected}));
});
"""

# Letters, coeng, vowels, signs, a Khmer digit, zero-width space and space: enough to make clusters of
# every shape (subscripts, stacked marks, stray coeng), runs and their ends.
KHMER_PIECES = st.sampled_from(list("កខគសតរមអឥ្ាិីុេោំះ់៍១\u200b ") + ["ក្រ", "ស្ត", "ោះ"])
KHMER_TEXT = st.lists(KHMER_PIECES, min_size=1, max_size=14).map("".join)


@pytest.fixture(scope="module")
def pairs_in_node():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    process = subprocess.Popen([node, "-e", NODE_PAIRS, str(RC_SEARCH / "khmer.js"), str(RC_SEARCH / "first.js")],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8")

    def ask(texts: list[str], query: str) -> dict:
        process.stdin.write(json.dumps({"texts": texts, "query": query}) + "\n")
        process.stdin.flush()
        return json.loads(process.stdout.readline())
    yield ask
    process.stdin.close()
    process.wait(timeout=10)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(KHMER_TEXT, min_size=1, max_size=5), query=KHMER_TEXT, cut=st.tuples(st.integers(0, 20), st.integers(1, 8)),
       from_text=st.booleans())
def test_khmer_pairs_found_in_the_text_are_the_pairs_of_the_index_terms(pairs_in_node, texts, query, cut, from_text):
    if from_text:                                      # often a piece of a text, so that there are pages to find
        start, length = cut
        source = texts[start % len(texts)]
        query = source[start % len(source):][:length]
    answer = pairs_in_node(texts, query)
    # Only queries made wholly of pairs (the rest, a stray mark or a lone digit, is Material's business)
    assume(answer["rewritten"] and all(p.startswith("+") and "\u1780" <= p[1] <= "\u17b3"
                                       for p in answer["rewritten"].split(" ")))
    assert answer["found"] == answer["expected"]


# ---- In Chromium: the fixture built in stages -------------------------------------------------

@pytest.fixture(scope="module")
def staged_sites(tmp_path_factory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("search-stages")
    web = build_fixture(tmp / "web", offline=False, first_stage_above=0)
    offline = build_fixture(tmp / "offline", offline=True, first_stage_above=0)
    target = offline / SHIM_IN_SITE
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(iframe_worker_shim(tmp / "npm"), target)
    return web, offline


MESSAGES = """(() => {
  window.__rcMessages = []
  document.addEventListener("rc-search-message", ev => {
    const m = ev.detail || {}
    window.__rcMessages.push(m.type === 3 ? [3, m.data.items.map(g => g[0].location)] : [m.type, m.rc_index || ""])
  })
})()"""
STATE = "document.documentElement.getAttribute('data-rc-search')"


def _search(page, word: str) -> None:
    box = page.locator("input.md-search__input")
    box.focus()
    box.fill(word)
    box.press("End")


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["http", "file"])
def test_the_first_stage_answers_before_the_full_index_is_ready_then_the_full_stage_again(
        staged_sites, browser, serve, mode):
    web, offline = staged_sites
    first = json.loads((web / "km" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert first["config"]["rc_text"] == "km/search/search_text"
    url = (offline / "km" / "twg.html").as_uri() if mode == "file" else serve(web) + "km/twg/"
    context = browser.new_context()
    try:
        context.add_init_script(MESSAGES)
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        assert page.evaluate(STATE) == "idle"
        _search(page, "ក្រុមការងារ")                                   # in the title of km/twg/
        wait_until(page, "window.__rcMessages.some(m => m[0] === 'rc-ready')", timeout=30)
        # the answer after the full stage (two answers are not enough: the empty box is answered too)
        wait_until(page, "(ms => ms.slice(ms.findIndex(m => m[0] === 'rc-ready')).some(m => m[0] === 3))"
                         "(window.__rcMessages)", timeout=30)
        messages = page.evaluate("window.__rcMessages")
        kinds = [m[0] for m in messages]
        assert messages[0] == [1, "first"]                               # the worker's ready: the first stage
        answer = next(n for n, m in enumerate(messages) if m[0] == 3 and m[1])   # (an empty box answers [])
        assert answer < kinds.index("rc-ready")                          # answered before the full stage
        assert any("twg" in location for location in messages[answer][1]), messages
        assert messages[kinds.index("rc-ready")][1] == "built"
        after = [m for m in messages[kinds.index("rc-ready"):] if m[0] == 3]
        assert after and any("twg" in location for location in after[0][1])   # asked again, in full
        assert page.evaluate(STATE) in ("built", "stored")
    finally:
        context.close()


@pytest.mark.browser
def test_a_word_only_in_the_text_waits_for_the_full_stage(staged_sites, browser, serve):
    web, _ = staged_sites
    context = browser.new_context()
    try:
        context.add_init_script(MESSAGES)
        page = context.new_page()
        page.goto(serve(web) + "km/twg/", wait_until="networkidle")
        _search(page, "សប្តាហ៍")                                          # further into km/twg/'s text
        wait_until(page, "window.__rcMessages.some(m => m[0] === 3 && m[1].length)", timeout=30)
        messages = page.evaluate("window.__rcMessages")
        kinds = [m[0] for m in messages]
        ready = kinds.index("rc-ready")
        # before the full stage, only the answer to the empty box (Material asks as the box gets the
        # focus): none to the word, which the first stage does not hold, so no "no result"
        assert [m for m in messages[:ready] if m[0] == 3] in ([], [[3, []]])
        assert any("twg" in location for location in next(m[1] for m in messages[ready:] if m[0] == 3))
    finally:
        context.close()


@pytest.mark.browser
def test_the_next_page_view_restores_the_full_stage(staged_sites, browser, serve):
    web, _ = staged_sites
    root = serve(web)
    context = browser.new_context()
    try:
        context.add_init_script(MESSAGES)
        page = context.new_page()
        page.goto(root + "km/twg/", wait_until="networkidle")
        _search(page, "ក្រុមការងារ")
        wait_until(page, f"{STATE} === 'stored'", timeout=30)
        page.close()
        page = context.new_page()
        page.goto(root + "km/accountability/", wait_until="networkidle")
        _search(page, "ក្រុមការងារ")
        wait_until(page, "window.__rcMessages.some(m => m[0] === 'rc-ready')", timeout=30)
        assert page.evaluate(STATE) == "restored"
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["http", "file"])
def test_recall_in_stages_is_the_full_indexs(staged_sites, browser, mode):
    web, offline = staged_sites
    queries = bench.load_queries(QUERIES)
    _check(bench.run(offline if mode == "file" else web, queries, file_mode=mode == "file", browser=browser))
