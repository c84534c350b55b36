#!/usr/bin/env python3
"""``mkdocs`` with a stopwatch on the resource-centre plugin's hooks.

    RC_BENCH_HOOKS=hooks.json python benchmarks/timed_mkdocs.py build [mkdocs options]

runs the ordinary MkDocs command line in this process after wrapping every ``on_*`` method of
:class:`resource_centre.engine.plugin.ResourceCentrePlugin` in a ``time.perf_counter`` timer (a few
microseconds per call; priorities set by ``@event_priority`` are kept). On exit it writes
``{hook: {"seconds": s, "calls": n}}`` to the file named by ``RC_BENCH_HOOKS``.
benchmarks/run.py uses it for the full build, so the time spent in our per-page hooks (glossary
tooltips, snippets, Content-Security-Policy) and in the open-data export is measured inside
the real build rather than guessed from the difference with the floor.
"""
from __future__ import annotations

import atexit
import functools
import json
import os
import time


def _install() -> dict:
    from resource_centre.engine.plugin import ResourceCentrePlugin

    totals: dict[str, dict] = {}

    def wrap(name, method):
        @functools.wraps(method)
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                entry = totals.setdefault(name, {"seconds": 0.0, "calls": 0})
                entry["seconds"] += time.perf_counter() - start
                entry["calls"] += 1
        return timed

    for name, method in list(vars(ResourceCentrePlugin).items()):
        if name.startswith("on_") and callable(method):
            setattr(ResourceCentrePlugin, name, wrap(name, method))
    return totals


def main() -> None:
    totals = _install()
    out = os.environ.get("RC_BENCH_HOOKS")
    if out:
        atexit.register(lambda: open(out, "w", encoding="utf-8").write(json.dumps(totals, indent=1)))
    from mkdocs.__main__ import cli
    cli(prog_name="mkdocs")


if __name__ == "__main__":
    main()
