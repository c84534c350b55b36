"""The installable web app: a manifest per language, precache lists, an offline page and the service worker.

Written into a finished site by :func:`write_webapp` (the MkDocs plugin's on_post_build calls it,
after the search index was split per language, so every hash here is of the final bytes). Never for
the offline edition (file:// has no service workers) nor the ZIM made from it.

A reader's language is precached whole after their first visit (``precache.json`` in the language's
folder lists it: every page, its scripts and search index, the shared theme assets, the explorer's
words and the printable tool downloads); other languages are cached when the reader asks. The
worker keeps one cache per build (``build`` in every list, a hash of all of them) and serves a page
and everything it loads from that one cache, so a page never mixes files of two builds.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import posixpath
import re
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from ..site.csp import finish_page
from ..site.urls import page_url
from ..text.languages import Languages

WORKER = "rc-sw.js"  # at the site root: a worker controls only the addresses under its own folder
WORKER_SOURCE = "assets/javascripts/rc-sw.js"  # the theme's copy (overrides/), moved to the root with its build
SAVE_UP_TO = 5 * 1024 * 1024  # gzip bytes of a language saved unasked on a first visit (the plugin's option)
REGISTER_SCRIPT = "assets/javascripts/rc-sw-register.js"
# The theme files of the web app: the offline edition (and the Kiwix edition made from it) leaves them out.
THEME_FILES = (WORKER_SOURCE, REGISTER_SCRIPT)
PRECACHE = "precache.json"
MANIFEST = "manifest.webmanifest"
OFFLINE_PAGE = "offline.html"
THEME_COLOUR = "#1f4e79"  # --md-primary-fg-color in resource-centre.css
ICONS = ("assets/images/rc-icon-192.png", "assets/images/rc-icon-512.png")
# Shared files no page of the site loads on the web: source maps, the browser's install icons, and the
# offline edition's iframe-worker (file:// only). Material's lunr language files are added by need.
_NOT_LOADED = re.compile(r"\.map$|^assets/images/rc-icon-|^assets/javascripts/vendor/|^assets/javascripts/lunr/")
# What a reader needs of a language's folder is everything in it (pages, the scripts its pages load, its
# search index, the tool downloads) but the open data downloads (data/*.csv, .xlsx, .json: 0.7 MB), feeds,
# sitemaps, the 404 page (the worker answers with offline.html) and this module's own files.
_NOT_FOR_READING = re.compile(r"^(data/(?!index\.html$)|feeds/|sitemap\.xml|404\.html$|precache\.json$|rc-sw\.js$)")
# Two patterns with literal starts, which the regex engine finds by a fast scan (an alternation behind
# a word boundary was tried at every position of every page: 2 s of a 300-record build).
_REFERENCES = (re.compile(r'src="([^"#?]+)'), re.compile(r'data-words="([^"#?]+)'))


def precache_files(site: Path, languages: Languages, code: str) -> list[str]:
    """Site-relative paths of the files a reader of ``code`` needs with no connection, sorted."""
    folder = languages.folder(code)
    others = tuple(languages.folder(c) for c in languages.codes if c != code and languages.folder(c))
    chosen: set[str] = set()
    for path in (site / folder).rglob("*") if folder else site.rglob("*"):
        rel = path.relative_to(site).as_posix()
        if path.is_file() and not rel.startswith((*others, "assets/")) \
                and not _NOT_FOR_READING.match(rel[len(folder):]):
            chosen.add(rel)
    for path in (site / "assets").rglob("*"):
        rel = path.relative_to(site).as_posix()
        if path.is_file() and not _NOT_LOADED.search(rel):
            chosen.add(rel)
    chosen.update(_lunr_files(site, folder))
    present = {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}
    for rel in [r for r in chosen if r.endswith(".html")]:
        chosen.update(_referenced(site, rel, present))
    return sorted(chosen)


def _referenced(site: Path, rel: str, present: set[str]) -> set[str]:
    """Files of the site a page loads from another folder (the explorer's words file is the default
    language's, loaded by every language's explorer); ``present``: every file of the site."""
    text = (site / rel).read_text(encoding="utf-8", errors="replace")
    folder = posixpath.dirname(rel)
    found = set()
    for pattern in _REFERENCES:
        for ref in pattern.findall(text):
            if "://" in ref or ref.startswith(("/", "data:")):
                continue
            target = posixpath.normpath(posixpath.join(folder, ref))
            if target in present:
                found.add(target)
    return found


def _lunr_files(site: Path, folder: str) -> set[str]:
    """Material's lunr language files that its search worker imports for the index's ``lang`` (lunr's
    own languages, not the site's: none for lunr's built-in English, which this site's indexes use)."""
    index = site / folder / "search" / "search_index.json"
    if not index.is_file():
        return set()
    langs = json.loads(index.read_text(encoding="utf-8")).get("config", {}).get("lang", [])
    extra = [lang for lang in langs if lang != "en"]
    if not extra:
        return set()
    names = ["min/lunr.stemmer.support.min.js"] + [f"min/lunr.{lang}.min.js" for lang in extra]
    names += ["min/lunr.multi.min.js"] if len(langs) > 1 else []
    names += ["tinyseg.js"] if "ja" in extra else []
    names += ["wordcut.js"] if "th" in extra else []
    base = "assets/javascripts/lunr/"
    return {base + name for name in names if (site / base / name).is_file()}


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


Facts = tuple[str, int, int]  # a file's hash, bytes, and gzip bytes (what the worker stores, rc-sw.js packed())


def facts_of(data: bytes) -> Facts:
    """The precache facts of a file of these bytes (gzip at zlib's default level 6: about what a
    browser's CompressionStream stores)."""
    return _digest(data), len(data), len(gzip.compress(data, compresslevel=6, mtime=0))


class PageFacts:
    """The facts of the pages as the engine hands them over, computed on another thread meanwhile.

    Compressing every file of the site is most of this module's time; zlib and hashlib let go of
    Python's lock while they work, so a thread does it while the engine renders the next pages on
    the main one. :func:`write_webapp` uses a page's facts when its file still has that size."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1)
        self._pending: dict[str, Future[Facts]] = {}

    def add(self, rel: str, page: str) -> None:
        """``page``: the text written to site path ``rel`` (UTF-8)."""
        self._pending[rel] = self._pool.submit(facts_of, page.encode("utf-8"))

    def known(self) -> dict[str, Facts]:
        """Every page's facts, once all are computed (the thread then ends)."""
        facts = {rel: future.result() for rel, future in self._pending.items()}
        self._pool.shutdown()
        return facts


def _file_facts(site: Path, files: list[str], known: dict[str, Facts] | None = None) -> dict[str, Facts]:
    """The facts of each site file: from ``known`` when the file has the size known, else read and
    compressed here, on as many threads as there are cores (zlib lets go of Python's lock)."""
    known = known or {}

    def facts(rel: str) -> Facts:
        path = site / rel
        if rel in known and path.stat().st_size == known[rel][1]:
            return known[rel]
        return facts_of(path.read_bytes())
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return dict(zip(files, pool.map(facts, files)))


def megabytes(languages: Languages, lang: str, size: int) -> str:
    """A download size as ``lang`` writes it, in megabytes to one decimal."""
    return languages.t(lang, "webapp_size", size=languages.number(lang, round(size / 1024 / 1024, 1)))


def manifest(languages: Languages, code: str, site_name: str) -> dict[str, Any]:
    """The web app manifest of one language: its name in its own script, its home as start and scope."""
    up = "../" if languages.folder(code) else ""
    return {
        "name": site_name,
        "short_name": languages.t(code, "webapp_short_name"),
        "description": languages.t(code, "webapp_description"),
        "lang": code,
        "start_url": "./",
        "scope": "./",
        "id": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": [{"src": up + icon, "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"}
                  for icon, size in zip(ICONS, (192, 512))],
    }


def offline_page(languages: Languages, code: str) -> str:
    """The page the worker shows for an address it has not saved while there is no connection."""
    up = "../" if languages.folder(code) else ""
    title = languages.t(code, "webapp_offline_title")
    return finish_page(
        f'<!doctype html>\n<html lang="{code}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width,initial-scale=1">\n<title>{title}</title>\n'
        f'<link rel="stylesheet" href="{up}assets/stylesheets/resource-centre.css">\n</head>\n'
        f'<body class="rc-offline-page">\n<main>\n<h1>{title}</h1>\n'
        f'<p>{languages.t(code, "webapp_offline_text")}</p>\n'
        f'<p><a href="./">{languages.t(code, "not_found_home")}</a></p>\n</main>\n</body>\n</html>\n')


def write_webapp(site_dir: str | Path, languages: Languages, site_names: dict[str, str], *,
                 directory_urls: bool, known: dict[str, Facts] | None = None,
                 save_up_to: int = SAVE_UP_TO) -> dict[str, dict[str, int]]:
    """Write the manifests, offline pages, precache lists and worker; returns the bytes each language's
    reader saves, uncompressed (``bytes``) and as the worker stores them, gzip-compressed (``stored``,
    also about what a phone downloads from a host that compresses; the offer to save shows it).

    ``site_names`` is each language's site name in its own script (mkdocs.yml's i18n ``site_name``);
    ``known``: facts of files already computed (:class:`PageFacts`), by site path. A language whose
    stored bytes are at most ``save_up_to`` is saved on a reader's first visit (``"auto"`` in its list);
    a larger one is offered to its own readers as the other languages are (``"own"``), so a phone on a
    paid connection is not made to fetch tens of MB it did not ask for.
    """
    site = Path(site_dir)
    worker = (site / WORKER_SOURCE).read_text(encoding="utf-8")
    (site / WORKER_SOURCE).unlink()  # served from the root only, where its scope covers every language
    for code in languages.codes:
        folder = site / languages.folder(code)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / MANIFEST).write_text(json.dumps(manifest(languages, code, site_names[code]), ensure_ascii=False,
                                                  indent=1), encoding="utf-8")
        (folder / OFFLINE_PAGE).write_text(offline_page(languages, code), encoding="utf-8")
    lists: dict[str, list[dict[str, Any]]] = {}
    chosen = {code: sorted(set(precache_files(site, languages, code) + [languages.folder(code) + OFFLINE_PAGE]))
              for code in languages.codes}
    # Each file read, hashed and compressed once, however many languages list it (the shared assets).
    facts = _file_facts(site, sorted(set().union(*chosen.values())), known)
    stored: dict[str, int] = {}
    for code, files in chosen.items():
        lists[code] = [{"url": page_url(rel, directory_urls), "hash": facts[rel][0], "size": facts[rel][1]}
                       for rel in files]
        stored[code] = sum(facts[rel][2] for rel in files)
    build = _digest(json.dumps(lists, sort_keys=True).encode("utf-8"))
    sizes = {code: sum(entry["size"] for entry in entries) for code, entries in lists.items()}
    for code, entries in lists.items():
        def offer(other: str) -> dict[str, str]:
            """How a reader of ``code`` is offered ``other`` (their own language too), with its size."""
            return {"lang": other, "list": languages.folder(other) + PRECACHE, "home": languages.folder(other),
                    "offer": languages.t(code, "webapp_offer", language=languages.name(other, code),
                                         size=megabytes(languages, code, stored[other])),
                    "saved": languages.t(code, "webapp_saved", language=languages.name(other, code))}
        words = {key: languages.t(code, f"webapp_{key}") for key in ("update", "reload", "saving", "failed")}
        data = {"build": build, "lang": code, "home": languages.folder(code),
                "offline": languages.folder(code) + OFFLINE_PAGE, "bytes": sizes[code], "stored": stored[code],
                "auto": stored[code] <= save_up_to, "own": offer(code),
                "words": words, "others": [offer(other) for other in languages.codes if other != code],
                "files": entries}
        (site / languages.folder(code) / PRECACHE).write_text(json.dumps(data, ensure_ascii=False),
                                                                  encoding="utf-8")
    homes = {code: languages.folder(code) for code in languages.codes}
    header = f"var RC_BUILD = {json.dumps(build)}, RC_HOMES = {json.dumps(homes, sort_keys=True)};\n"
    (site / WORKER).write_text(header + worker, encoding="utf-8")
    return {code: {"bytes": sizes[code], "stored": stored[code]} for code in languages.codes}
