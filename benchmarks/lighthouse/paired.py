#!/usr/bin/env python3
"""Lighthouse on two or more builds of this site, page by page, alternating (issue 20).

    python benchmarks/lighthouse/paired.py --site /tmp/before --site /tmp/after --path / --path /km/glossary/
    python benchmarks/lighthouse/paired.py --site /tmp/before --site /tmp/after --runs 5 --json out.json

compare.py sets this site against plain Material; this tool sets one build of ours against another (the
same records built before and after a change: `mkdocs build -d /tmp/before`, then again after it), so a
change is measured minutes apart on the same machine rather than against a table from another day. Each
address is measured on every site in turn, the order reversed every other run, with compare.py's Lighthouse
settings (mobile defaults, gzip as a static host serves), and the medians of score, total blocking time,
first and largest contentful paint and layout shift are printed, with every run's blocking time.
Nothing is asserted: the figures are printed.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from compare import lighthouse  # noqa: E402
from gzip_server import serve  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, action="append", required=True, help="a built site folder (repeat)")
    parser.add_argument("--path", action="append", default=[], help="an address on every site (repeat; default /)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="write every run here")
    args = parser.parse_args(argv)
    paths = args.path or ["/"]
    servers = [serve(site) for site in args.site]
    results: dict[tuple[str, int], list[dict]] = {}
    try:
        with tempfile.TemporaryDirectory() as work:
            for run in range(args.runs):
                order = list(enumerate(servers)) if run % 2 == 0 else list(enumerate(servers))[::-1]
                for path in paths:
                    for i, (_, base) in order:
                        figures = lighthouse(base + path.lstrip("/"), Path(work) / "report.json", [])
                        results.setdefault((path, i), []).append(figures)
                        print(f"run {run + 1}: {path} {args.site[i]}: score {figures['score']}, "
                              f"TBT {figures['tbt']:.0f} ms, LCP {figures['lcp']:.0f} ms", file=sys.stderr)
    finally:
        for server, _ in servers:
            server.shutdown()
    print("| page | site | score | TBT ms (runs) | FCP ms | LCP ms | CLS |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for path in paths:
        for i, site in enumerate(args.site):
            runs = results[(path, i)]
            med = {key: statistics.median(r[key] for r in runs) for key in ("score", "tbt", "fcp", "lcp", "cls")}
            each = ", ".join(f"{r['tbt']:.0f}" for r in runs)
            print(f"| {path} | {site} | {med['score']:.0f} | {med['tbt']:.0f} ({each}) | {med['fcp']:.0f} "
                  f"| {med['lcp']:.0f} | {med['cls']:.3f} |")
    if args.json:
        args.json.write_text(json.dumps([{"path": p, "site": str(args.site[i]), "runs": r}
                                         for (p, i), r in results.items()], indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
