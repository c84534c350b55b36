#!/usr/bin/env python3
"""Time from the intent to search to the first answer, in headless Chromium (issue 20).

Usage:
    python benchmarks/search/first_answer.py SITE_DIR [--runs 3] [--en health] [--km សុខាភិបាល]
           [--page case-studies/ID/] [--json OUT] [--no-restored]

SITE_DIR is a built site (``mkdocs build``; the benchmark's N = 1,000 site is
``python benchmarks/make_records.py /tmp/p --cases 1000 --site`` then ``mkdocs build`` there). It is
served on localhost gzip-encoded, as a static host serves it (benchmarks/lighthouse/gzip_server.py),
at desktop speed: no network or CPU throttling.

For each run and language, in a fresh browser profile (*cold*: nothing cached, nothing stored):
open a case-study page, wait until it is idle, focus the search box (the intent: gate.js lets the
index request go), type the query at once, and note when the first result list is shown. Then wait
until the worker has stored the index it built (``data-rc-search="stored"``), open another page in
the same profile (*restored*: the browser's cache and the worker's IndexedDB are warm) and do the
same. Each answer is broken into phases, measured in the page (an init script wraps the worker's
postMessage and watches the worker's messages and the result list):

    download   intent -> the index's response has arrived (Resource Timing's responseEnd)
    parse      -> Material posts the setup message to the worker (JSON parse on the main thread)
    index      -> the worker's "ready" (structured clone, the worker's build or restore of its index)
    query      -> the first result list is on the page (the query, Material's rendering)

``first`` is intent -> first result list. When the worker answers again later (a large index's full
stage built or restored in the background, or the rest of the text loaded: worker.js), ``full`` is
intent -> the last answer to the same query, and ``answers`` how many it gave; ``source`` says how the
index that answered first was made (``first``: the first stage; ``built``, ``restored``) and, after
a "+", how the full stage was. The server compresses each file once, before the runs, as a static
host serves files compressed ahead. Timings are printed, never asserted:
they depend on the machine and its load, which is printed too (``os.getloadavg``).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

LIGHTHOUSE = Path(__file__).resolve().parents[1] / "lighthouse"
# The server runs in a process of its own, so that it does not wait for this one's turn (the GIL).
SERVER = """import sys, time; sys.path.insert(0, sys.argv[1]); from gzip_server import serve
server, root = serve(sys.argv[2]); print(root, flush=True)
while True: time.sleep(3600)"""

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PHASES = ("download", "parse", "index", "query", "first", "full")
STATE = "document.documentElement.getAttribute('data-rc-search')"

# Installed before the page's own scripts (Playwright's init script is not subject to the page's CSP).
PROBE = """(() => {
  const rc = window.__rcProbe = {setup: null, ready: null, full: null, results: [], shown: [], intent: null}
  const post = Worker.prototype.postMessage
  Worker.prototype.postMessage = function (message) {
    if (message && message.type === 0 && rc.setup === null) rc.setup = performance.now()
    return post.apply(this, arguments)
  }
  document.addEventListener("rc-search-message", ev => {
    const m = ev.detail || {}
    if (m.type === 1 && rc.ready === null) rc.ready = {at: performance.now(), source: m.rc_index || ""}
    if (m.type === "rc-ready") rc.full = {at: performance.now(), source: m.rc_index || ""}
    if (m.type === 3) rc.results.push({at: performance.now(), pages: m.data && m.data.items ? m.data.items.length : 0})
  })
  const watch = () => {
    const list = document.querySelector(".md-search-result__list")
    if (!list) return
    new MutationObserver(() => {
      if (list.querySelector(".md-search-result__item")) rc.shown.push(performance.now())
    }).observe(list, {childList: true})
  }
  document.readyState === "loading" ? document.addEventListener("DOMContentLoaded", watch) : watch()
})()"""

# The intent and the query in one task: focus the box (gate.js lets the index go), put the query in it
# and send the key up Material searches on, so the driver's own speed does not count.
INTENT = """(query) => {
  const rc = window.__rcProbe
  const box = document.querySelector("input.md-search__input")
  rc.intent = performance.now()
  box.focus()
  box.value = query
  box.dispatchEvent(new KeyboardEvent("keyup", {key: "End", bubbles: true}))
  return rc.intent
}"""

READ = """(indexPath) => {
  const rc = window.__rcProbe
  const entry = performance.getEntriesByType("resource").filter(e => e.name.includes(indexPath)).pop()
  return Object.assign({}, rc, {responseEnd: entry ? entry.responseEnd : null,
                                transfer: entry ? entry.transferSize : null})
}"""


def _prefix(lang: str) -> str:
    return "" if lang == "en" else f"{lang}/"


def _wait(page, expression: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if page.evaluate(expression):
            return True
        time.sleep(0.05)
    return False


def _phases(probe: dict, typed_at: float) -> dict:
    """Milliseconds of each phase from what the probe saw."""
    intent = probe["intent"]
    first = probe["shown"][0] if probe["shown"] else None
    ready = probe["ready"]["at"] if probe["ready"] else None
    out = {"download": None, "parse": None, "index": None, "query": None,
           "first": first - intent if first is not None else None,
           "full": (probe["results"][-1]["at"] - intent) if probe["results"] else None,
           "answers": len(probe["results"]),
           "source": (probe["ready"]["source"] if probe["ready"] else "") +
                     ("+" + probe["full"]["source"] if probe["full"] else ""),
           "transfer": probe.get("transfer")}
    if probe["responseEnd"] is not None and probe["responseEnd"] > intent:
        out["download"] = probe["responseEnd"] - intent
    elif probe["responseEnd"] is not None:
        out["download"] = 0.0                         # from the browser's cache, before the intent
    if probe["setup"] is not None and probe["responseEnd"] is not None:
        out["parse"] = probe["setup"] - max(probe["responseEnd"], intent)
    if ready is not None and probe["setup"] is not None:
        out["index"] = ready - probe["setup"]
    if first is not None and ready is not None:
        out["query"] = first - max(ready, typed_at)
    return out


def answer(context, url: str, query: str, lang: str, *, settle: float) -> tuple[dict, object]:
    """Open ``url`` in ``context``, show intent, type ``query``; the phases of its answer, and the page."""
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    page.wait_for_selector("input.md-search__input", state="attached")
    page.wait_for_timeout(300)
    typed_at = page.evaluate(INTENT, query)
    if not _wait(page, "window.__rcProbe.shown.length > 0", 120):
        raise RuntimeError(f"no answer to {query!r} on {url} within 120 s")
    # Later answers to the same query (a large index's full stage, the rest of the text): wait for the
    # full stage, then until quiet.
    if _wait(page, "window.__rcProbe.full !== null || window.__rcProbe.ready.source !== 'first'", 300):
        _wait(page, "window.__rcProbe.full === null || "           # the full stage's own answer
                    "window.__rcProbe.results.some(r => r.at > window.__rcProbe.full.at)", 120)
    quiet_since, seen = time.monotonic(), 0
    while time.monotonic() - quiet_since < settle:
        n = page.evaluate("window.__rcProbe.results.length")
        if n != seen:
            seen, quiet_since = n, time.monotonic()
        time.sleep(0.1)
    probe = page.evaluate(READ, _prefix(lang) + "search/search_index.json")
    return _phases(probe, typed_at), page


def run(site: Path, queries: dict[str, str], *, runs: int, page_path: str, other_path: str,
        restored: bool, settle: float) -> list[dict]:
    from playwright.sync_api import sync_playwright
    rows = []
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(LIGHTHOUSE), str(site)], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)       # (a page closed mid-download: a broken pipe)
    root = server.stdout.readline().strip()
    for lang in queries:                               # compressed once, before the runs
        for name in ("search_index", "search_text", "search_rest"):
            path = site / _prefix(lang) / "search" / f"{name}.json"
            if path.is_file():
                request = urllib.request.Request(root + _prefix(lang) + f"search/{name}.json",
                                                 headers={"Accept-Encoding": "gzip"})
                urllib.request.urlopen(request).read()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for n in range(runs):
                    for lang, query in queries.items():
                        context = browser.new_context(viewport={"width": 1280, "height": 900})
                        context.add_init_script(PROBE)
                        try:
                            cold, page = answer(context, root + _prefix(lang) + page_path, query, lang, settle=settle)
                            rows.append({"run": n, "lang": lang, "view": "cold", "load": os.getloadavg()[0], **cold})
                            if restored:
                                if not _wait(page, f"{STATE} === 'stored'", 300):
                                    print(f"  [{lang}] the index was not stored within 300 s", file=sys.stderr)
                                page.close()
                                warm, page = answer(context, root + _prefix(lang) + other_path, query, lang,
                                                    settle=settle)
                                rows.append({"run": n, "lang": lang, "view": "restored", "load": os.getloadavg()[0],
                                             **warm})
                            page.close()
                        finally:
                            context.close()
                        print(_row(rows[-2] if restored else rows[-1]), file=sys.stderr)
                        if restored:
                            print(_row(rows[-1]), file=sys.stderr)
            finally:
                browser.close()
    finally:
        server.terminate()
        server.wait()
    return rows


def _ms(value) -> str:
    return "–" if value is None else f"{value:.0f}"


def _row(row: dict) -> str:
    return (f"  run {row['run']} {row['lang']} {row['view']:8} " +
            " ".join(f"{k} {_ms(row[k])}" for k in PHASES) + f" answers {row['answers']} ({row['source']})"
            f" load {row['load']:.1f}")


def table(rows: list[dict]) -> str:
    """Medians per language and view, in milliseconds."""
    lines = ["| lang | view | " + " | ".join(PHASES) + " | answers | runs |",
             "| --- | --- | " + " | ".join("---:" for _ in PHASES) + " | ---: | ---: |"]
    keys = sorted({(r["lang"], r["view"]) for r in rows}, key=lambda k: (k[0], k[1] != "cold"))
    for lang, view in keys:
        group = [r for r in rows if r["lang"] == lang and r["view"] == view]
        cells = []
        for phase in PHASES:
            values = [r[phase] for r in group if r[phase] is not None]
            cells.append(_ms(statistics.median(values)) if values else "–")
        answers = statistics.median(r["answers"] for r in group)
        lines.append(f"| {lang} | {view} | " + " | ".join(cells) + f" | {answers:g} | {len(group)} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="built site folder")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--en", default="health", help="the English query")
    parser.add_argument("--km", default="សុខាភិបាល", help="the Khmer query")
    parser.add_argument("--lang", action="append", choices=["en", "km"], help="only these languages")
    parser.add_argument("--page", default=None, help="the page searched from (default: the first case study)")
    parser.add_argument("--no-restored", action="store_true", help="cold page views only")
    parser.add_argument("--settle", type=float, default=3.0,
                        help="seconds without a new answer before the last one counts as the full answer")
    parser.add_argument("--json", type=Path, help="write every run here")
    args = parser.parse_args(argv)
    site = args.site.resolve()
    studies = sorted(p.name for p in (site / "case-studies").iterdir() if (p / "index.html").is_file())
    page_path = args.page or f"case-studies/{studies[0]}/"
    other_path = f"case-studies/{studies[1]}/"
    queries = {lang: getattr(args, lang) for lang in (args.lang or ["en", "km"])}
    load = os.getloadavg()
    rows = run(site, queries, runs=args.runs, page_path=page_path, other_path=other_path,
               restored=not args.no_restored, settle=args.settle)
    print(f"Intent to first answer, ms (median of {args.runs}); {site}; queries {queries}; "
          f"load average {load[0]:.1f} before, {os.getloadavg()[0]:.1f} after")
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
