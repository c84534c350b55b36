#!/usr/bin/env python3
"""Lighthouse on this site against plain Material serving the same articles (issue 20).

    (cd benchmarks/lighthouse && npm ci)                 # Lighthouse, apart from the root package.json
    python benchmarks/lighthouse/compare.py                  # every page type, both languages, 3 runs (~25 min)
    python benchmarks/lighthouse/compare.py --runs 1 --pages case-study,explorer --json out.json
    python benchmarks/lighthouse/compare.py --pages case-study --block '*.woff2'   # ours without its fonts

Two sites, built in a temporary folder from the repository's own records:

  ours  the site as `mkdocs build` makes it (both languages, i18n, our plugin and theme overrides);
  peer  plain Material for MkDocs (the same Material version, theme defaults, its search plugin, the
        same Markdown extensions; no resource-centre plugin, no i18n, no overrides), one build per
        language of the SAME Markdown: `resource-centre stage` writes the generated pages, and the
        home page's generated blocks (<!-- rc:... -->) are filled in as our plugin fills them.
        Its theme.font is false, as ours is: neither site asks another host for anything.

Both are served gzip-encoded, as a static host serves them (gzip_server.py). Each page type (home,
case study, tool, glossary, explorer, term page) in each language is measured with Lighthouse's
mobile defaults (Moto G Power screen, slow 4G, 4x CPU slowdown, simulated throttling) in Debian's
Chromium (CHROME_PATH, /usr/bin/chromium), ours and the peer alternating (ours first in odd runs, the
peer first in even ones), and the median of the runs is printed: performance score, total blocking
time, cumulative layout shift and the bytes transferred while the page loads (Lighthouse's
total-byte-weight: every request until the network is quiet, before any interaction).

Nothing is asserted: the figures are printed, and written as JSON with --json.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from gzip_server import serve  # noqa: E402
from make_records import make_site  # noqa: E402

LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PAGE_TYPES = ("home", "case-study", "tool", "glossary", "explorer", "term")
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")
KB = 1024


@dataclass(frozen=True)
class Target:
    kind: str   # one of PAGE_TYPES
    lang: str
    ours: str   # address of the page on our site, relative to its root
    peer: str   # on the peer site of the language


# -------------------------------------------------------------------------------------------
# Pure helpers (tests/test_lighthouse_bench.py)

def metrics(report: dict) -> dict:
    """The figures of one Lighthouse JSON report: score 0-100, TBT ms, CLS, bytes on load, LCP/FCP ms."""
    audits = report["audits"]
    score = report["categories"]["performance"]["score"]
    return {"score": None if score is None else round(score * 100),
            "tbt": audits["total-blocking-time"]["numericValue"],
            "cls": audits["cumulative-layout-shift"]["numericValue"],
            "bytes": audits["total-byte-weight"]["numericValue"],
            "lcp": audits["largest-contentful-paint"]["numericValue"],
            "fcp": audits["first-contentful-paint"]["numericValue"]}


def medians(runs: list[dict]) -> dict:
    """Each figure's median over the runs (runs that gave no value for it left out)."""
    keys = sorted({k for run in runs for k in run})
    out = {}
    for key in keys:
        values = [run[key] for run in runs if run.get(key) is not None]
        out[key] = statistics.median(values) if values else None
    return out


def _cell(value, fmt: str) -> str:
    return "–" if value is None else format(value, fmt)


def table(rows: list[dict]) -> str:
    """A Markdown table: one row per page type and language, ours beside the peer for each figure.
    Each row: {"kind", "lang", "ours": medians, "peer": medians}."""
    head = ("| page | lang | score ours | score peer | TBT ms ours | TBT ms peer | CLS ours | CLS peer "
            "| KB on load ours | KB on load peer |")
    lines = [head, "|" + " --- |" * (head.count("|") - 1)]
    for row in rows:
        ours, peer = row["ours"], row["peer"]
        cells = [row["kind"], row["lang"]]
        for key, fmt, scale in (("score", ".0f", 1), ("tbt", ".0f", 1), ("cls", ".3f", 1), ("bytes", ".0f", KB)):
            for side in (ours, peer):
                value = side.get(key)
                cells.append(_cell(None if value is None else value / scale, fmt))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


# -------------------------------------------------------------------------------------------
# The two sites

def _ignore_tags_loader() -> type:
    """A YAML loader for mkdocs.yml that reads its !ENV and !!python tags as null."""
    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    return Loader


def build(project: Path, log: Path) -> None:
    with log.open("w") as out:
        done = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project, stdout=out,
                              stderr=subprocess.STDOUT, env=ENV, timeout=1800)
    if done.returncode:
        raise SystemExit(f"mkdocs build failed in {project}: see {log}")


def build_ours(work: Path) -> Path:
    """The repository's records, docs and mkdocs.yml in ``work``/ours, built; returns the project."""
    from resource_centre.records.kinds import KINDS
    project = work / "ours"
    for kind in KINDS:
        if (REPO / kind.folder).is_dir():
            shutil.copytree(REPO / kind.folder, project / kind.folder)
    make_site(project)
    build(project, work / "ours.log")
    return project


def build_peers(project: Path, work: Path) -> tuple[dict[str, Path], object]:
    """One plain Material site per language, from the same Markdown; returns {lang: site} and the content."""
    from resource_centre.build.generate import stage_site
    from resource_centre.records.project import open_project
    from resource_centre.site.snippets import expand
    opened = open_project(project)
    staged = work / "staged"
    generated, _ = stage_site(opened, staged)
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ignore_tags_loader())
    names = {entry["locale"]: entry.get("site_name") for plugin in config.get("plugins", [])
             if isinstance(plugin, dict) and "i18n" in plugin for entry in plugin["i18n"].get("languages", [])}
    sites = {}
    for lang in opened.languages.codes:
        peer = work / f"peer-{lang}"
        shutil.copytree(staged / lang, peer / "docs")
        for md in (peer / "docs").rglob("*.md"):
            text = md.read_text(encoding="utf-8")
            if "<!--" in text:
                rel = md.relative_to(peer / "docs").as_posix()
                md.write_text(expand(text, generated.content, opened.languages, lang, rel), encoding="utf-8")
        peer_config = {"site_name": names.get(lang) or config["site_name"], "use_directory_urls": True,
                       "theme": {"name": "material", "font": False},
                       "markdown_extensions": config.get("markdown_extensions", []), "plugins": ["search"]}
        (peer / "mkdocs.yml").write_text(yaml.safe_dump(peer_config, allow_unicode=True), encoding="utf-8")
        build(peer, work / f"peer-{lang}.log")
        sites[lang] = peer / "site"
    return sites, generated.content


def targets(content, languages, default: str, case_study: str | None, tool: str | None) -> list[Target]:
    """The measured address of each page type in each language (ours and the peer's)."""
    case_id = case_study or sorted(content.case_studies)[0]
    tool_id = tool or sorted(content.tools)[0]
    tagged = [(len(sum(content.tagged(tax, term), [])), tax, term)
              for tax in sorted(content.taxonomies) for term in content.taxonomies[tax].terms]
    _, tax, term = max(tagged, key=lambda t: t[0])  # the longest list; the first by name among equals
    paths = {"home": "", "case-study": f"case-studies/{case_id}/", "tool": f"tools/{tool_id}/",
             "glossary": "glossary/", "explorer": "case-studies/", "term": f"browse/{tax}/{term}/"}
    out = []
    for kind, path in paths.items():
        for lang in languages:
            out.append(Target(kind, lang, ("" if lang == default else f"{lang}/") + path, path))
    return out


# -------------------------------------------------------------------------------------------
# Lighthouse

def lighthouse(url: str, out: Path, block: list[str]) -> dict:
    cmd = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
           "--only-categories=performance", "--chrome-flags=" + " ".join(CHROMIUM_ARGS)]
    cmd += [f"--blocked-url-patterns={pattern}" for pattern in block]
    done = subprocess.run(cmd, env=dict(os.environ, CHROME_PATH=CHROMIUM), capture_output=True, text=True, timeout=300)
    if done.returncode or not out.is_file():
        raise SystemExit(f"lighthouse failed on {url}:\n{done.stderr[-2000:]}")
    return metrics(json.loads(out.read_text(encoding="utf-8")))


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each page on each site (median; default 3)")
    parser.add_argument("--pages", default=",".join(PAGE_TYPES), help=f"page types, comma-separated: {','.join(PAGE_TYPES)}")
    parser.add_argument("--langs", default="", help="languages, comma-separated (default: every language of mkdocs.yml)")
    parser.add_argument("--case-study", help="id of the case study measured (default: the first by id)")
    parser.add_argument("--tool", help="id of the tool measured (default: the first by id)")
    parser.add_argument("--block", action="append", default=[], help="URL pattern Lighthouse blocks on OUR site "
                        "(repeatable; e.g. '*.woff2' measures ours without its fonts)")
    parser.add_argument("--workdir", type=Path, help="folder for the builds and reports (default: a temporary one, removed)")
    parser.add_argument("--json", type=Path, help="write every run and the medians here")
    args = parser.parse_args(argv)
    kinds = [k for k in args.pages.split(",") if k]
    unknown = [k for k in kinds if k not in PAGE_TYPES]
    if unknown:
        parser.error(f"unknown page type(s) {', '.join(unknown)}; choose from {', '.join(PAGE_TYPES)}")
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"Lighthouse is not installed: cd {HERE.relative_to(REPO)} && npm ci")

    work = args.workdir or Path(tempfile.mkdtemp(prefix="rc-lighthouse-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        print(f"building both sites in {work} ...", file=sys.stderr)
        project = build_ours(work)
        peers, content = build_peers(project, work)
        from resource_centre.records.project import open_project
        languages = open_project(project).languages
        langs = [c for c in args.langs.split(",") if c] or languages.codes
        chosen = [t for t in targets(content, langs, languages.default, args.case_study, args.tool) if t.kind in kinds]
        servers = {"ours": serve(project / "site")}
        servers.update({f"peer-{lang}": serve(site) for lang, site in peers.items()})
        before = load()
        results: dict[tuple[str, str], dict[str, list[dict]]] = {}
        reports = work / "reports"
        reports.mkdir(exist_ok=True)
        for run in range(args.runs):
            for target in chosen:
                order = ("ours", "peer") if run % 2 == 0 else ("peer", "ours")
                for side in order:
                    base = servers["ours" if side == "ours" else f"peer-{target.lang}"][1]
                    url = base + (target.ours if side == "ours" else target.peer)
                    out = reports / f"{target.kind}-{target.lang}-{side}-{run + 1}.json"
                    figures = lighthouse(url, out, args.block if side == "ours" else [])
                    results.setdefault((target.kind, target.lang), {"ours": [], "peer": []})[side].append(figures)
                    print(f"run {run + 1}: {target.kind} {target.lang} {side}: score {figures['score']}, "
                          f"TBT {figures['tbt']:.0f} ms, CLS {figures['cls']:.3f}, {figures['bytes'] / KB:.0f} KB",
                          file=sys.stderr)
        after = load()
        for server, _ in servers.values():
            server.shutdown()
        rows = [{"kind": t.kind, "lang": t.lang, "url": t.ours,
                 "ours": medians(results[(t.kind, t.lang)]["ours"]), "peer": medians(results[(t.kind, t.lang)]["peer"]),
                 "runs": results[(t.kind, t.lang)]} for t in chosen]
        print(table(rows))
        print(f"\nMedians of {args.runs} run(s); Lighthouse mobile defaults; gzip as a static host serves."
              + (f" Blocked on ours: {', '.join(args.block)}." if args.block else "")
              + f"\nLoad before: {before}; after: {after}.")
        if args.json:
            args.json.write_text(json.dumps({"load_before": before, "load_after": after, "runs": args.runs,
                                             "blocked": args.block, "rows": rows}, indent=1), encoding="utf-8")
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
