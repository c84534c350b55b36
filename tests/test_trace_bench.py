"""The pure parts of benchmarks/lighthouse/trace.py: reading a Chromium trace into the page's main-thread
tasks and what spent each one's time (the tool itself loads pages for minutes and asserts nothing)."""
from __future__ import annotations

import importlib.util
import sys

from conftest import REPO

PAGE = "http://127.0.0.1:8000/km/case-studies/"
BUNDLE = "http://127.0.0.1:8000/assets/javascripts/bundle.js"


def load(name: str):
    spec = importlib.util.spec_from_file_location(f"lighthouse_{name}", REPO / "benchmarks" / "lighthouse" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


trace = load("trace")


def x(name: str, ts: float, dur: float, tdur: float | None = None, tid: int = 1, **args) -> dict:
    """A complete trace event on the main thread (pid 7) at ``ts`` µs lasting ``dur`` µs."""
    return {"name": name, "ph": "X", "pid": 7, "tid": tid, "ts": ts, "dur": dur,
            "tdur": dur if tdur is None else tdur, "args": args}


def events() -> list[dict]:
    """Another renderer's busy thread (tid 2), and our page's thread with one long task: the bundle's
    script, inside which a forced style recalculation, then the browser's own layout; and a short task."""
    return [
        x("RunTask", 0, 400_000, tid=2),
        x("ParseHTML", 1_000, 2_000, beginData={"url": PAGE}),
        x("RunTask", 10_000, 100_000, tdur=80_000),
        x("EvaluateScript", 10_000, 60_000, tdur=50_000, data={"url": BUNDLE}),
        x("UpdateLayoutTree", 30_000, 20_000, tdur=20_000),
        x("Layout", 75_000, 30_000, tdur=25_000),
        x("RunTask", 200_000, 10_000),
        {"name": "firstContentfulPaint", "ph": "I", "pid": 7, "tid": 1, "ts": 5_000, "args": {}},
    ]


def test_the_pages_main_thread_is_the_one_that_parsed_its_html():
    assert trace.main_thread(events(), PAGE) == (7, 1)
    assert trace.main_thread(events(), PAGE + "other/") is None


def test_tasks_nest_their_events_and_blame_gives_self_cpu_time_by_script_or_kind():
    roots = trace.tasks(events(), PAGE)
    assert [(t.ts, t.dur, t.cpu) for t in roots] == [(10_000, 100_000, 80_000), (200_000, 10_000, 10_000)]
    blamed = trace.blame(roots[0])
    # The script's own 30 ms, the style it forced (20 ms, under its name), the browser's layout (25 ms),
    # and what the task spent outside both (80 - 50 - 25 = 5 ms).
    assert blamed == {BUNDLE: 30.0, f"{BUNDLE} (style)": 20.0, "layout": 25.0, "other": 5.0}


def test_blocking_time_is_what_tasks_last_beyond_50_ms():
    assert trace.blocking([30, 50, 51, 170]) == 1 + 120


def test_first_paint_is_read_on_the_pages_process():
    assert trace.first_paint(events(), PAGE) == 5_000
