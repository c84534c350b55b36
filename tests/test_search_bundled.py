"""Search quality on the bundled content (issue #9, "Measured, not claimed").

The repository's own records (casestudies/, tools/, glossary/, taxonomies/) are built
with ``mkdocs build --strict`` into temporary folders, once as the web site and once as
the offline edition (OFFLINE=true), and the queries of
benchmarks/search/queries-bundled.yml are typed into Material's real search box in
headless Chromium, over http and from file://. Targets: Khmer recall@10 >= 0.95, English
recall@10 = 1.0, words that are on no page give no result, nothing leaves the site.

A miss is only a search defect if the word is really on the expected page:
test_every_query_word_is_on_its_page checks the query file against the built pages, so
an edit of a record that removes a word fails there, not as a fall in recall.
"""
from __future__ import annotations

import html
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
QUERIES = REPO / "benchmarks" / "search" / "queries-bundled.yml"
MIN_KM_RECALL = 0.95
MIN_EN_RECALL = 1.0


def _benchmark():
    name = "run_search_benchmark"
    if name in sys.modules:                     # already loaded by test_search_khmer.py
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO / "benchmarks" / "search" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


bench = _benchmark()


def build(dest: Path, *, offline: bool) -> Path:
    """``mkdocs build --strict`` of the repository itself into ``dest`` (not into site/)."""
    env = dict(os.environ, OFFLINE="true" if offline else "false", NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(dest)],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise AssertionError(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}")
    return dest


@pytest.fixture(scope="module")
def queries() -> list[dict]:
    return bench.load_queries(QUERIES)


@pytest.fixture(scope="module")
def http_report(bundled_web_site, queries, browser):
    return bench.run(bundled_web_site, queries, file_mode=False, browser=browser)


@pytest.fixture(scope="module")
def file_report(bundled_offline_site, queries, browser):
    return bench.run(bundled_offline_site, queries, file_mode=True, browser=browser)


# ---- The query file -----------------------------------------------------------------------

def _page_text(site: Path, path: str) -> str:
    """What the search index holds of a page: its title and article, as plain text."""
    page = (site / path / "index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    article = re.search(r"<article\b.*?</article>", page, re.S)
    text = (title.group(1) if title else "") + " " + (article.group(0) if article else "")
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def test_query_file_size_and_languages(queries):
    khmer = [q for q in queries if bench.is_khmer(q["q"])]
    english = [q for q in queries if not bench.is_khmer(q["q"])]
    assert len(khmer) >= 60 and len(english) >= 30, (len(khmer), len(english))
    for q in queries:
        assert q["lang"] == ("km" if bench.is_khmer(q["q"]) else "en"), q
        if q["expect"] is not None:
            assert q["expect"].startswith("km/") == (q["lang"] == "km"), q
    assert any("\u200b" in q["q"] for q in khmer)
    assert any(re.search("[A-Z]{3}", q["q"]) for q in khmer)            # mixed: Khmer + acronym
    assert {q["lang"] for q in queries if q["expect"] is None} == {"km", "en"}


def test_every_query_word_is_on_its_page(bundled_web_site, queries):
    """Each Khmer run and English word of a query occurs on the expected page, and absent
    words on no page at all: a miss below is then the search's fault, not the file's."""
    pages = sorted(p.parent.relative_to(bundled_web_site).as_posix() for p in bundled_web_site.rglob("index.html"))
    texts = {path: re.sub("[\u200b-\u200d]", "", _page_text(bundled_web_site, path)).lower() for path in pages}
    stale = []
    for q in queries:
        words = [w for w in re.split(r"[\s\u200b]+", q["q"].lower()) if w]
        if q["expect"] is None:
            stale += [(q["q"], path) for path, text in texts.items() if all(w in text for w in words)]
        else:
            text = texts.get(q["expect"].strip("/"))
            assert text is not None, f"no page {q['expect']} in the built site"
            missing = [w for w in words if w not in text]
            if missing:
                stale.append((q["q"], q["expect"], missing))
    assert stale == []


# ---- In the browser -----------------------------------------------------------------------

def _check(report) -> None:
    print("\n" + report.summary())
    for r in report.results:
        if not r.ok:
            print(f"  MISS {r.q!r} -> {r.expect}: {r.found[:3]}")
    assert report.blocked == [], report.blocked
    assert report.errors == [], report.errors
    hit, total = report.recall("km")
    assert total >= 60 and hit / total >= MIN_KM_RECALL, f"Khmer recall@10 {hit}/{total}"
    hit, total = report.recall("en")
    assert total >= 30 and hit / total >= MIN_EN_RECALL, f"English recall@10 {hit}/{total}"
    absent = [r for r in report.results if r.expect is None]
    assert absent and all(r.found == [] for r in absent), [(r.q, r.found[:3]) for r in absent if r.found]
    assert report.false_hits() == []


@pytest.mark.browser
def test_bundled_recall_over_http(http_report):
    _check(http_report)


@pytest.mark.browser
def test_bundled_recall_from_disk_in_the_offline_edition(bundled_offline_site, file_report):
    """file://: the inlined index and iframe-worker, under the site's CSP; nothing leaves file://."""
    assert (bundled_offline_site / "search" / "search_index.js").is_file()
    _check(file_report)
