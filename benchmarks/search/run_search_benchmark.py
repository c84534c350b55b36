#!/usr/bin/env python3
"""Search recall benchmark: queries typed into Material's real search box in headless Chromium.

Usage:
    python benchmarks/search/run_search_benchmark.py SITE_DIR QUERIES.yml [--file] [--json OUT]
           [--min-km-recall 0.95] [--min-en-recall 0.95]

SITE_DIR is a built site (``mkdocs build``). Over http (the default) it is served on
localhost; with ``--file`` it is opened from disk (file://), which needs the offline
edition (``OFFLINE=true`` build: ``search/search_index.js`` and the iframe-worker shim).

QUERIES.yml is a list of ``{q, lang, expect}``: the query is typed on the home page of
``lang`` (``en`` is the site root, any other language its folder); ``expect`` is the
page path (as in the search index: ``km/twg/``, ``twg/``; ``.html`` forms match too) that
must be among the first 10 results, or ``null`` for a word that is on no page and must
give no result at all. Recall@10 is reported per language, with the median time from
the last keystroke to the result list. A query holding Khmer letters counts as Khmer,
any other as English. An index searched in stages (its first answer from titles, then the full
text: resource_centre/site/search_budget.py) is read once its full stage is ready, so that recall is
the full index's; how soon the first answer comes is benchmarks/search/first_answer.py's measure.
With ``--no-wait-full`` the first query of each page is typed at once instead: it is left out of the
median, as it also waits for the index to be set up, and reported separately as "setup".

Everything outside the site (http to another host, or anything but file:// in --file
mode) is blocked and reported as a failure.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import json
import re
import statistics
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TOP = 10
DEFAULT_LANG = "en"

# In-page probe: note when the result count (Material's .md-search-result__meta) changes
# after the keystroke that sends the query.
_ARM = """() => {
  const meta = document.querySelector(".md-search-result__meta");
  window.__rcDone = undefined;
  const before = meta.textContent;
  const observer = new MutationObserver(() => {
    observer.disconnect();
    window.__rcDone = performance.now();
  });
  observer.observe(meta, {childList: true, characterData: true, subtree: true});
  window.__rcStart = performance.now();
  return before;
}"""
_RESULTS = """() => Array.from(document.querySelectorAll(
  ".md-search-result__list > .md-search-result__item")).map(li => {
    const a = li.querySelector("a.md-search-result__link");
    return {href: a ? a.href : "", html: li.innerHTML};
})"""


@dataclass
class QueryResult:
    q: str
    lang: str
    expect: str | None
    found: list[str]
    rank: int | None          # 1-based rank of the expected page, None if not in the top 10
    ok: bool
    ms: float
    first: bool               # the first query on its page, typed before the index was set up
    html: list[str] = field(default_factory=list, repr=False)


@dataclass
class Report:
    mode: str
    results: list[QueryResult]
    blocked: list[str]
    errors: list[str]
    warnings: list[str] = field(default_factory=list)

    def recall(self, lang: str) -> tuple[int, int]:
        rows = [r for r in self.results if is_khmer(r.q) == (lang == "km") and r.expect is not None]
        return sum(r.ok for r in rows), len(rows)

    def false_hits(self) -> list[QueryResult]:
        return [r for r in self.results if r.expect is None and not r.ok]

    def median_ms(self) -> float | None:
        times = [r.ms for r in self.results if not r.first]
        return statistics.median(times) if times else None

    def setup_ms(self) -> float | None:
        times = [r.ms for r in self.results if r.first]
        return statistics.median(times) if times else None

    def summary(self) -> str:
        lines = []
        for lang, name in (("km", "Khmer"), ("en", "English")):
            hit, total = self.recall(lang)
            if total:
                lines.append(f"{name} recall@{TOP}: {hit}/{total} = {hit / total:.1%}")
        absent = [r for r in self.results if r.expect is None]
        if absent:
            lines.append(f"absent words with no result: {len(absent) - len(self.false_hits())}/{len(absent)}")
        median, setup = self.median_ms(), self.setup_ms()
        if median is not None:
            lines.append(f"median time to first result: {median:.1f} ms ({self.mode})")
        if setup is not None:
            lines.append(f"first search on a page, with index setup: {setup:.1f} ms (median)")
        if self.blocked:
            lines.append(f"BLOCKED requests leaving the site: {len(self.blocked)}")
        if self.errors:
            lines.append(f"page errors: {len(self.errors)}")
        return "\n".join(lines)


def is_khmer(text: str) -> bool:
    """A Khmer query holds Khmer letters (mixed ones such as 'TWG សុខាភិបាល' too)."""
    return bool(re.search("[\u1780-\u17ff]", text))


def load_queries(path: str | Path) -> list[dict]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    queries = data["queries"] if isinstance(data, dict) else data
    for q in queries:
        if not {"q", "lang"} <= set(q) or "expect" not in q:
            raise ValueError(f"{path}: each query needs q, lang and expect (null for none): {q!r}")
    return queries


def page_key(href: str, root: str) -> str:
    """A result link as a site path like the index's locations: 'km/twg/', '' for the home page.

    The search worker's offer to search another language ("Search the English pages for
    …") links to that language's home with ?q=: it is kept, as '?q=licence' or 'km/?q=…'.
    """
    url = urlsplit(href)
    path = unquote(url.path)
    root_path = unquote(urlsplit(root).path)
    if path.startswith(root_path):
        path = path[len(root_path):]
    path = path.lstrip("/")
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    elif path.endswith(".html"):
        path = path[: -len(".html")] + "/"
    # The worker's link to the same search in another language's pages: "?q=licence" (en home).
    query = dict(p.split("=", 1) for p in url.query.split("&") if "=" in p)
    if "q" in query:
        path += "?q=" + unquote(query["q"])
    return path


def _norm_expect(expect: str) -> str:
    return page_key("/" + expect.lstrip("/"), "/")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class serve_folder:
    """Serve a folder on 127.0.0.1 (a context manager yielding the base URL)."""

    def __init__(self, folder: Path):
        handler = functools.partial(_Quiet, directory=str(folder))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)

    def __enter__(self) -> str:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def _home(root: str, lang: str, file_mode: bool) -> str:
    prefix = "" if lang == DEFAULT_LANG else f"{lang}/"
    return root + prefix + ("index.html" if file_mode else "")


def run_queries(browser, root: str, queries: list[dict], *, file_mode: bool, timeout_ms: int = 15000,
                wait_full: bool = True) -> Report:
    """Type each query into the search box of its language's home page; ``root`` ends with '/'.

    ``wait_full``: wait until the worker has its full index before the first query is timed. An index
    searched in stages (worker.js) answers first from titles, and recall is the full index's; without
    it the first query of a page is typed at once and times the index's setup too.
    """
    blocked: list[str] = []
    errors: list[str] = []
    warnings: list[str] = []

    def _problem(url: str, text: str) -> None:
        # Search needs its index and scripts; other misses (fonts over file://, the
        # language folder's sitemap that i18n does not write) are only warnings here.
        path = urlsplit(url).path
        (errors if "/search/" in path or "/javascripts/" in path else warnings).append(text)
    results: list[QueryResult] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})

    def guard(route):
        url = route.request.url
        inside = url.startswith("file://") if file_mode else url.startswith(root)
        if inside or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", guard)
    try:
        by_lang: dict[str, list[dict]] = {}
        for q in queries:
            by_lang.setdefault(q["lang"], []).append(q)
        for lang, items in by_lang.items():
            page = context.new_page()
            page.on("pageerror", lambda exc: errors.append(f"{lang}: {exc}"))
            page.on("console", lambda msg: warnings.append(f"{lang}: console {msg.text}")
                    if msg.type == "error" and not msg.text.startswith("Failed to load resource") else None)
            page.on("response", lambda r: _problem(r.url, f"{lang}: HTTP {r.status} {r.url}")
                    if r.status >= 400 else None)
            page.on("requestfailed", lambda r: _problem(r.url, f"{lang}: failed {r.url} {r.failure}")
                    if r.url not in blocked else None)
            page.goto(_home(root, lang, file_mode))
            box = page.locator("input.md-search__input")
            box.click()
            if wait_full:      # a word asks for the full stage where it is built after the first answer
                box.fill(items[0]["q"])
                box.press("End")
                page.wait_for_function("() => ['built', 'restored', 'stored'].includes("
                                       "document.documentElement.getAttribute('data-rc-search'))",
                                       timeout=timeout_ms * 4)
            placeholder = page.evaluate(  # Material's "Type to start searching", in the page's language
                "() => JSON.parse(document.getElementById('__config').textContent)"
                ".translations['search.result.placeholder']")
            for n, q in enumerate(items):
                # Clear the box first (Material answers "" with no results), so that the
                # next change of the result count belongs to the next query.
                if box.input_value():
                    box.fill("")
                    box.press("End")
                    page.wait_for_function(
                        "p => document.querySelector('.md-search-result__meta').textContent === p",
                        arg=placeholder, timeout=timeout_ms)
                box.fill(q["q"])
                page.evaluate(_ARM)
                box.press("End")   # Material reads the box on keyup: the last keystroke
                page.wait_for_function("() => window.__rcDone !== undefined", timeout=timeout_ms)
                ms = page.evaluate("() => window.__rcDone - window.__rcStart")
                found = page.evaluate(_RESULTS)
                keys = [page_key(f["href"], root) for f in found[:TOP]]
                expect = q["expect"]
                if expect is None:
                    rank, ok = None, not found
                else:
                    want = _norm_expect(expect)
                    rank = keys.index(want) + 1 if want in keys else None
                    ok = rank is not None
                results.append(QueryResult(q["q"], lang, expect, keys, rank, ok, ms, n == 0 and not wait_full,
                                           [f["html"] for f in found[:TOP]]))
            page.close()
    finally:
        context.close()
    return Report("file" if file_mode else "http", results, blocked, errors, warnings)


def run(site: Path, queries: list[dict], *, file_mode: bool, browser=None, wait_full: bool = True) -> Report:
    """Run the queries against a built site folder, launching Chromium unless given one."""
    site = Path(site).resolve()
    if browser is None:
        from playwright.sync_api import sync_playwright
        with sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                return run(site, queries, file_mode=file_mode, browser=chromium, wait_full=wait_full)
            finally:
                chromium.close()
    if file_mode:
        return run_queries(browser, site.as_uri() + "/", queries, file_mode=True, wait_full=wait_full)
    with serve_folder(site) as root:
        return run_queries(browser, root, queries, file_mode=False, wait_full=wait_full)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="built site folder")
    parser.add_argument("queries", type=Path, help="YAML list of {q, lang, expect}")
    parser.add_argument("--file", action="store_true", help="open from disk (offline edition) instead of http")
    parser.add_argument("--json", type=Path, help="write every result here")
    parser.add_argument("--min-km-recall", type=float, default=None)
    parser.add_argument("--min-en-recall", type=float, default=None)
    parser.add_argument("--verbose", "-v", action="store_true", help="list every query")
    parser.add_argument("--no-wait-full", dest="wait_full", action="store_false",
                        help="type each page's first query at once (times the index's setup; an index in "
                             "stages then answers it from titles)")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    report = run(args.site, load_queries(args.queries), file_mode=args.file, wait_full=args.wait_full)
    for r in report.results:
        if args.verbose or not r.ok:
            status = "ok  " if r.ok else "MISS" if r.expect is not None else "FALSE HIT"
            where = f"rank {r.rank}" if r.rank else (r.found[:3] if r.found else "no result")
            print(f"{status} [{r.lang}] {r.q!r} -> {r.expect!r}: {where} ({r.ms:.0f} ms)")
    print(report.summary())
    print(f"({len(report.results)} queries in {time.perf_counter() - started:.1f} s)")
    for line in report.blocked + report.errors:
        print("  " + line)
    if args.verbose:
        for line in sorted(set(report.warnings)):
            print("  warning: " + line)
    if args.json:
        args.json.write_text(json.dumps({"summary": report.summary(),
                                         "results": [asdict(r) | {"html": None} for r in report.results]},
                                        ensure_ascii=False, indent=1), encoding="utf-8")
    failed = bool(report.blocked or report.errors or report.false_hits())
    for lang, minimum in (("km", args.min_km_recall), ("en", args.min_en_recall)):
        hit, total = report.recall(lang)
        if minimum is not None and total and hit / total < minimum:
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
