"""Smoke test of the benchmark (issue #4): `benchmarks/run.py --quick` runs and prints its table.

No timing is asserted (timings are noise on a shared CI machine). The quick run does fail, and so
does this test, when a size limit is exceeded: a case-study page's HTML of 60 KB or more, or a first
load of a case-study page of 400 KB gzip or more.
"""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_quick_benchmark_runs_and_stays_within_size_limits(tmp_path):
    result = subprocess.run([sys.executable, str(REPO / "benchmarks" / "run.py"), "--quick",
                             "--json", str(tmp_path / "quick.json"), "--workdir", str(tmp_path)],
                            cwd=REPO, capture_output=True, text=True, timeout=900,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    report = result.stdout + result.stderr
    assert "Partnership Resource Centre benchmark" in result.stdout, report
    assert "(a) mkdocs build, wall" in result.stdout, report
    assert "N=30" in result.stdout, report
    assert (tmp_path / "quick.json").is_file(), report
    assert result.returncode == 0, report
    # The memory of all the build's processes was sampled (the other language builds in a forked one).
    build = json.loads((tmp_path / "quick.json").read_text(encoding="utf-8"))[0]["build"]
    assert build["peak_pss_all_mib"] and build["peak_pss_all_mib"] > 10, build


def _bench_run():
    spec = importlib.util.spec_from_file_location("bench_run", REPO / "benchmarks" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_repeated_runs_give_the_median_time_and_the_largest_memory():
    median_run = _bench_run().median_run
    runs = [{"seconds": 60.0, "exit": 0, "peak_rss_mib": 600.0, "peak_pss_all_mib": 1300.0, "warnings": 0},
            {"seconds": 90.0, "exit": 0, "peak_rss_mib": 680.0, "peak_pss_all_mib": None, "warnings": 0},
            {"seconds": 70.0, "exit": 1, "peak_rss_mib": 650.0, "peak_pss_all_mib": 1370.0, "warnings": 0}]
    got = median_run(runs)
    assert (got["seconds"], got["runs_s"], got["exit"]) == (70.0, [60.0, 90.0, 70.0], 1)
    assert (got["peak_rss_mib"], got["peak_pss_all_mib"]) == (680.0, 1370.0)
    assert median_run(runs[:1]) == runs[0]  # one run: as measured
