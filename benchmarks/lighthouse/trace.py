#!/usr/bin/env python3
"""Long main-thread tasks of each page type, by what runs in them (issue 20: total blocking time).

    python benchmarks/lighthouse/trace.py --site /tmp/site                    # every page type, en and km
    python benchmarks/lighthouse/trace.py --site /tmp/old --site /tmp/new --runs 5 --pages explorer,term

Lighthouse's total blocking time is the sum, over the main-thread tasks longer than 50 ms, of what
exceeds 50 ms; on a machine shared with other builds its absolute figure moves by ±100 ms between runs.
This tool looks at the tasks themselves: Chromium (Debian's, headless) loads each page in a fresh
context, records a performance trace until the page has been quiet for a while after ``load``, and
lists every task over 50 ms with the scripts (by URL) and the browser's own work (style, layout,
parsing) inside it, in self time. A task's time is the main thread's own CPU time (the trace's
``tdur``) times 4, Lighthouse's mobile slowdown, as Lighthouse's simulated throttling multiplies the
tasks it observes: CPU time does not grow when other processes share the cores, where wall time
under ``Emulation.setCPUThrottlingRate`` (``--throttle``) does. With several ``--site`` folders (or
``--peers``, compare.py's plain Material builds) the sites alternate run by run, so an old and a new
build are compared in the same minute. Nothing is asserted: the figures are printed.

The sites are served gzip-encoded (gzip_server.py) as a static host serves them; the network is not
slowed (the tasks are what is measured, not the load time). The page addresses are compare.py's
(``targets``): the first case study and tool by id, the glossary, the explorer and the term page with
the most records, in each language of the repository's mkdocs.yml.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))

from gzip_server import serve  # noqa: E402

CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
CATEGORIES = ["toplevel", "devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute",
              "blink.user_timing", "loading"]
LONG_MS = 50.0  # Lighthouse's long task, and what total blocking time counts above
PHONE = {"width": 412, "height": 823}  # Lighthouse's emulated Moto G Power
QUIET_MS = 2000  # the page is done when no task has run for this long after load (the service worker's start included)

# Trace events that carry the URL of the script they run: everything nested in them is that script's.
SCRIPT_EVENTS = {"EvaluateScript", "FunctionCall", "v8.compile", "v8.compileModule", "v8.evaluateModule",
                 "CompileScript", "TimerFire", "FireAnimationFrame", "EventDispatch"}
# The browser's own work, named as DevTools names it.
KINDS = {"UpdateLayoutTree": "style", "RecalculateStyles": "style", "ScheduleStyleRecalculation": "style",
         "Layout": "layout", "ParseHTML": "parse HTML", "ParseAuthorStyleSheet": "parse CSS",
         "Paint": "paint", "PrePaint": "paint", "Layerize": "paint", "UpdateLayer": "paint",
         "MajorGC": "GC", "MinorGC": "GC", "V8.GC_SCAVENGER": "GC", "BlinkGC.AtomicPhase": "GC",
         "Decode Image": "images", "ImageDecodeTask": "images", "HitTest": "layout",
         "IntersectionObserverController::computeIntersections": "intersection observers"}


@dataclass
class Event:
    name: str
    ts: float   # microseconds, wall clock: where the event sits (what it nests in)
    dur: float
    url: str
    cpu: float  # microseconds of the thread's own CPU time (Chromium's tdur): what it cost, whatever else ran
    children: list[Event] = field(default_factory=list)

    @property
    def end(self) -> float:
        return self.ts + self.dur


# -------------------------------------------------------------------------------------------
# Pure helpers (tests/test_lighthouse_bench.py)

def _url(event: dict) -> str:
    args = event.get("args") or {}
    data = args.get("data") or args.get("beginData") or {}
    url = data.get("url") or data.get("scriptName") or args.get("url") or ""
    if not url and data.get("stackTrace"):
        url = data["stackTrace"][0].get("url", "")
    return url


def main_thread(trace: list[dict], url: str) -> tuple[int, int] | None:
    """(pid, tid) of the page's main thread: the thread that parsed ``url``'s HTML (the trace is the
    whole browser's: other renderers, a previous page's among them, are in it too)."""
    for e in trace:
        if e.get("name") == "ParseHTML" and _url(e).split("#")[0] == url:
            return e["pid"], e["tid"]
    return None


def tasks(trace: list[dict], url: str) -> list[Event]:
    """The top-level tasks of the main thread of the page at ``url``, each with its nested trace events
    (complete ``X`` events and ``B``/``E`` pairs)."""
    thread = main_thread(trace, url)
    if thread is None:
        return []
    flat: list[Event] = []
    open_: dict[str, list[dict]] = defaultdict(list)
    for e in sorted((e for e in trace if (e.get("pid"), e.get("tid")) == thread), key=lambda e: e.get("ts", 0)):
        ph = e.get("ph")
        if ph == "X" and "dur" in e:
            flat.append(Event(e["name"], e["ts"], e["dur"], _url(e), e.get("tdur", e["dur"])))
        elif ph == "B":
            open_[e["name"]].append(e)
        elif ph == "E" and open_[e["name"]]:
            begin = open_[e["name"]].pop()
            wall = e["ts"] - begin["ts"]
            cpu = e["tts"] - begin["tts"] if "tts" in e and "tts" in begin else wall
            flat.append(Event(begin["name"], begin["ts"], wall, _url(begin) or _url(e), cpu))
    flat.sort(key=lambda ev: (ev.ts, -ev.dur))
    roots: list[Event] = []
    stack: list[Event] = []
    for ev in flat:
        while stack and ev.ts >= stack[-1].end:
            stack.pop()
        if stack:
            stack[-1].children.append(ev)
        elif ev.name == "RunTask":
            roots.append(ev)
        else:
            continue  # an event outside any task (a trace's edges): left out
        stack.append(ev)
    return roots


def first_paint(trace: list[dict], url: str) -> float | None:
    """When (trace µs) the page at ``url`` first painted content: what Lighthouse counts blocking time from."""
    thread = main_thread(trace, url)
    times = [e["ts"] for e in trace if e.get("name") == "firstContentfulPaint" and thread and e.get("pid") == thread[0]]
    return min(times) if times else None


def blame(task: Event) -> dict[str, float]:
    """Self CPU time (ms) of a task by what spent it: a script's URL, or the browser's kind of work."""
    out: dict[str, float] = defaultdict(float)

    def walk(ev: Event, owner: str) -> None:
        if ev.name in SCRIPT_EVENTS and ev.url:
            owner = ev.url
        elif ev.name in KINDS and not owner.startswith(("http", "file")):
            owner = KINDS[ev.name]
        elif ev.name in KINDS:  # style or layout forced by a script: say so, under the script
            owner = f"{owner} ({KINDS[ev.name]})" if "(" not in owner else owner
        inner = sum(child.cpu for child in ev.children)
        out[owner] += max(0.0, ev.cpu - inner) / 1000
        for child in ev.children:
            walk(child, owner)

    walk(task, "other")
    return dict(out)


def blocking(durations_ms: list[float]) -> float:
    """Total blocking time of these tasks: what each task over 50 ms lasts beyond 50 ms."""
    return sum(max(0.0, d - LONG_MS) for d in durations_ms)


def short(url: str, base: str) -> str:
    """A script's address without the served site's origin and query."""
    return url.replace(base, "/").split("?")[0] if url.startswith("http") else url


# -------------------------------------------------------------------------------------------
# Chromium

def record(browser, url: str, rate: float) -> list[dict]:
    """The trace of one load of ``url`` in a fresh context (cold cache, no service worker yet), the CPU
    slowed ``rate`` times (1: not slowed)."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=1.75, is_mobile=True, has_touch=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    if rate != 1:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
    browser.start_tracing(page=page, categories=CATEGORIES)
    try:
        page.goto(url, wait_until="load", timeout=120_000)
        page.evaluate(f"""() => new Promise(resolve => {{
            let last = performance.now();
            new PerformanceObserver(list => {{ last = performance.now(); }}).observe({{type: "longtask"}});
            const check = () => performance.now() - last > {QUIET_MS} ? resolve() : setTimeout(check, 250);
            setTimeout(check, {QUIET_MS});
        }})""")
    finally:
        data = browser.stop_tracing()
        context.close()
    return json.loads(data)["traceEvents"]


def measure(browser, url: str, base: str, slowdown: float, throttle: bool) -> dict:
    """One load: its long tasks (start ms after the first task, duration, self time by cause) and their
    blocking time. A task's duration is its CPU time times ``slowdown`` (Lighthouse's simulated
    throttling does the same with the tasks it observes), or with ``throttle`` the wall time of the task
    under Chromium's own slowdown (as DevTools shows it; other processes' load lengthens it)."""
    trace_events = record(browser, url, slowdown if throttle else 1)
    roots = tasks(trace_events, url)
    scale = 1 if throttle else slowdown
    start = roots[0].ts if roots else 0
    long = []
    for task in roots:
        ms = (task.dur if throttle else task.cpu * scale) / 1000
        if ms <= LONG_MS:
            continue
        causes = {short(k, base): v * scale for k, v in blame(task).items()}
        long.append({"at": (task.ts - start) / 1000, "ms": ms,
                     "causes": dict(sorted(causes.items(), key=lambda kv: -kv[1]))})
    fcp = first_paint(trace_events, url)
    after = [t["ms"] for t in long if fcp is not None and t["at"] >= (fcp - start) / 1000]
    return {"tbt": blocking([t["ms"] for t in long]), "tbt_fcp": blocking(after), "long": long,
            "fcp_at": None if fcp is None else (fcp - start) / 1000,
            "main_ms": sum(t.dur if throttle else t.cpu * scale for t in roots) / 1000}


def report(label: str, runs: list[dict]) -> str:
    """The median run's long tasks, under the medians of the runs' figures."""
    tbts = [r["tbt"] for r in runs]
    median_run = sorted(runs, key=lambda r: r["tbt"])[len(runs) // 2]
    after = [r["tbt_fcp"] for r in runs]
    lines = [f"{label}: blocking {statistics.median(tbts):.0f} ms (runs {', '.join(f'{t:.0f}' for t in tbts)}), "
             f"after first paint {statistics.median(after):.0f} ms, "
             f"main thread {statistics.median(r['main_ms'] for r in runs):.0f} ms"]
    for task in median_run["long"]:
        top = ", ".join(f"{k} {v:.0f}" for k, v in list(task["causes"].items())[:6] if v >= 2)
        lines.append(f"    task at {task['at']:6.0f} ms: {task['ms']:4.0f} ms  [{top}]")
    if median_run.get("fcp_at") is not None:
        lines.append(f"    (first contentful paint at {median_run['fcp_at']:.0f} ms)")
    return "\n".join(lines)


def default_targets() -> list:
    """compare.py's targets (page type, language, our address, the peer's) for the repository's records."""
    from compare import targets

    from resource_centre.records.project import open_project
    project = open_project(REPO)
    content, _ = project.load()
    languages = project.languages
    return targets(content.only_published(), languages.codes, languages.default, None, None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, action="append", default=[],
                        help="a built site folder (repeat to compare builds, alternating)")
    parser.add_argument("--peers", type=Path, help="compare.py's --workdir: its plain Material sites "
                        "(peer-<lang>/site) are traced too, each page beside ours")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--slowdown", type=float, default=4.0, help="CPU slowdown (default 4, Lighthouse's mobile)")
    parser.add_argument("--throttle", action="store_true", help="slow Chromium's CPU down and count wall time "
                        "(default: CPU time at full speed times --slowdown, which other processes do not lengthen)")
    parser.add_argument("--pages", default="", help="page types, comma-separated (default: all)")
    parser.add_argument("--langs", default="", help="languages, comma-separated (default: all)")
    parser.add_argument("--path", action="append", default=[], help="an address to trace instead (repeatable)")
    parser.add_argument("--json", type=Path, help="write every run here")
    args = parser.parse_args(argv)
    if not args.site and not args.peers:
        parser.error("name a --site (or --peers)")
    from compare import Target
    if args.path:
        chosen = [Target("page", "", p, p) for p in args.path]
    else:
        kinds = {k for k in args.pages.split(",") if k}
        langs = {k for k in args.langs.split(",") if k}
        chosen = [t for t in default_targets() if (not kinds or t.kind in kinds) and (not langs or t.lang in langs)]
    servers = []
    sides = []  # (label, the address of a target on that side)
    for site in args.site:
        server, base = serve(site)
        servers.append(server)
        sides.append((str(site), lambda t, base=base: base + t.ours))
    if args.peers:
        peer_bases = {}
        for folder in sorted(args.peers.glob("peer-*/site")):
            server, base = serve(folder)
            servers.append(server)
            peer_bases[folder.parent.name.removeprefix("peer-")] = base
        sides.append(("peer", lambda t: peer_bases[t.lang] + t.peer))
    from playwright.sync_api import sync_playwright
    results: dict = defaultdict(list)
    print(f"load average before: {os.getloadavg()[0]:.2f}", file=sys.stderr)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for run in range(args.runs):
                for target in chosen:
                    order = list(enumerate(sides))
                    if run % 2:
                        order.reverse()
                    for i, (_, address) in order:
                        url = address(target)
                        origin = "/".join(url.split("/", 3)[:3]) + "/"
                        results[(target, i)].append(measure(browser, url, origin, args.slowdown, args.throttle))
            browser.close()
    finally:
        for server in servers:
            server.shutdown()
    print(f"load average after: {os.getloadavg()[0]:.2f}", file=sys.stderr)
    for target in chosen:
        for i, (label, _) in enumerate(sides):
            name = f"{target.kind} {target.lang} /{target.ours}" + (f" [{label}]" if len(sides) > 1 else "")
            print(report(name, results[(target, i)]))
    if args.json:
        args.json.write_text(json.dumps({f"{t.kind} {t.lang} {sides[i][0]}": v for (t, i), v in results.items()},
                                        indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
