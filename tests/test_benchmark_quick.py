"""Smoke test of the benchmark (issue #4): `benchmarks/run.py --quick` runs and prints its table.

No timing is asserted (timings are noise on a shared CI machine). The quick run does fail, and so
does this test, when a size limit is exceeded: a case-study page's HTML of 60 KB or more, or a first
load of a case-study page of 400 KB gzip or more.
"""
from __future__ import annotations

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
