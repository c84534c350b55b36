"""Material's search index, written as real UTF-8 (plain Python: no MkDocs imports).

Material's search plugin writes ``search/search_index.json`` with :func:`json.dumps`'
default ``ensure_ascii=True``, so every Khmer letter becomes a six-byte ``\\u17xx``
escape where UTF-8 needs three. The offline plugin then copies that text into
``search/search_index.js`` (``var __index = {...}``) for the file:// edition. Khmer
pages are mostly letters, so rewriting both files with real UTF-8 makes them about
40 % smaller (measured on the fixture: see ``tests/test_search_khmer.py``), which is
what every reader downloads before the first search.

Writing changes bytes only: the parsed index is identical, so Material's client and
the project's Khmer search worker (``overrides/assets/javascripts/rc-search/``) read
it unchanged. Each file is written atomically.

One index per language (:func:`write_language_indexes`): the i18n plugin merges every
language into the one root index, which every page downloads before its first search
(97 MB at 1,000 bilingual records, measured before this project). The merged index is
split by the language folder each page lives in: the default language keeps
``search/search_index.json`` and each other language gets ``<code>/search/...`` with
locations relative to its folder. The theme (``overrides/partials/rc-config.html``)
points Material's ``base`` at the reader's language folder, which is where Material
looks for the index and what it resolves result links against; the search worker
offers the other languages' search as a link (``?q=``) instead of mixing them in
(where to, and the link's words, are in the index's config: ``rc_others``).

When to call it: once, after the *last* writer of the index. With
mkdocs-static-i18n the final, two-language index is written by the i18n plugin's
``on_post_build`` (priority -100) after it has built the other languages, and the
offline plugin (also -100, listed after i18n) inlines it into ``search_index.js``;
so call :func:`write_language_indexes` from an ``on_post_build`` with a lower priority
(the resource-centre plugin's runs at -200), skipping the inner one-language builds
that i18n runs (while ``i18n.building`` is true), whose index is overwritten anyway.
"""
from __future__ import annotations

import hashlib
import json
import os
from functools import partial
from pathlib import Path

from ..output.parallel import run_jobs
from ..output.writer import atomic_write
from .search_budget import (
    FIRST_STAGE_ABOVE,
    REST_JS_PREFIX,
    TEXT_JS_PREFIX,
    dumps_utf8,
    split_first_stage,
    split_for_first_search,
)

# The scripts that build the index in the browser (the site's worker and Material's, which holds
# lunr), relative to the site: a change to them changes every index key (index_key).
SEARCH_SCRIPTS = ("assets/javascripts/rc-search", "assets/javascripts/workers")
# The offline plugin's exact prefix (material/plugins/offline/plugin.py).
JS_PREFIX = "var __index = "
# U+2028/U+2029 are legal in JSON strings and (since ES2019) in JS string literals,
# but older JS engines reject them raw in a script: keep them escaped in the .js file.
_JS_UNSAFE = {"\u2028": "\\u2028", "\u2029": "\\u2029"}


def _index_paths(path: str | os.PathLike) -> tuple[Path, Path]:
    """Accept the site folder, its search/ folder, or the search_index.json file itself."""
    p = Path(path)
    if p.is_dir():
        p = p / "search_index.json" if p.name == "search" else p / "search" / "search_index.json"
    return p, p.with_name("search_index.js")


def _language_of(location: str, others: list[str]) -> str:
    first = location.split("/", 1)[0]
    return first if first in others else ""


def split_by_language(index: dict, others: list[str]) -> dict[str, dict]:
    """The merged index as one index per language folder ("" is the default language's, at the root).

    ``others`` are the languages that live in a folder of their own (km/...); each keeps the
    merged index's config, and its locations lose the folder prefix.
    """
    parts: dict[str, list] = {"": []}
    parts.update({code: [] for code in others})
    # One entry per location, the last given: under `mkdocs serve --dirty` Material merges each
    # rebuild's entries into the previous index, and i18n appends every language's entries again.
    newest = {str(doc.get("location", "")): doc for doc in index.get("docs", [])}
    for doc in newest.values():
        location = str(doc.get("location", ""))
        code = _language_of(location, others)
        if code:
            doc = dict(doc, location=location[len(code) + 1:])
        parts[code].append(doc)
    return {code: dict(index, docs=docs) for code, docs in parts.items()}


def _write_pair(folder: Path, name: str, data, js_prefix: str | None) -> list[Path]:
    """``name``.json, and ``name``.js (``js_prefix`` + the same JSON) for the offline edition."""
    folder.mkdir(parents=True, exist_ok=True)
    body = dumps_utf8(data)
    atomic_write(folder / f"{name}.json", body.encode("utf-8"))
    written = [folder / f"{name}.json"]
    if js_prefix is not None:
        for char, escape in _JS_UNSAFE.items():
            body = body.replace(char, escape)
        atomic_write(folder / f"{name}.js", (js_prefix + body).encode("utf-8"))
        written.append(folder / f"{name}.js")
    return written


def scripts_digest(site: Path) -> str:
    """SHA-256 of the search scripts of a built site (:data:`SEARCH_SCRIPTS`), for :func:`index_key`."""
    digest = hashlib.sha256()
    for folder in SEARCH_SCRIPTS:
        for path in sorted((site / folder).rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(site).as_posix().encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()


def index_key(index: dict, rest: bytes, scripts: str, text: bytes = b"") -> str:
    """The key under which the browser keeps the lunr index it builds from ``index`` (config.rc_key).

    The search worker stores its built index in the reader's browser and restores it on the next
    page view only when the key is the same (overrides/assets/javascripts/rc-search/store.js), so
    the key covers everything the built index depends on: the index, the rest loaded on demand
    (``rest``: the bytes of its file as written, empty without one), the texts of a first stage
    (``text``: likewise) and the scripts that build it (``scripts``: :func:`scripts_digest`).
    """
    digest = hashlib.sha256(scripts.encode("ascii"))
    digest.update(dumps_utf8(index).encode("utf-8"))
    digest.update(hashlib.sha256(rest).digest())
    if text:
        digest.update(hashlib.sha256(text).digest())
    return digest.hexdigest()[:20]


def write_language_indexes(site_dir: str | os.PathLike, others: list[str], *,
                           first_download: int | None = None,
                           searches: dict[str, list[dict[str, str]]] | None = None,
                           first_stage_above: int | None = FIRST_STAGE_ABOVE, workers: int = 1) -> dict[str, int]:
    """Split the site's merged index into one UTF-8 index per language; returns bytes per file written.

    ``others`` are the non-default languages (their pages live under ``<code>/``). The
    offline edition's ``search_index.js`` is written for each language too when the
    merged one exists. An index whose gzip size exceeds ``first_download`` bytes is
    trimmed, its full text going to ``search_rest.json``/``.js`` (see
    :mod:`resource_centre.site.search_budget`); ``None`` never trims. Without a merged index
    (search plugin off) nothing happens. ``searches`` maps a language (``""`` for the
    default) to its :func:`other_language_searches`, kept in its index's config as
    ``rc_others`` for the search worker (in the index, not in every page). An index with more than
    ``first_stage_above`` characters of text (``None``: never) is searched in stages, its texts
    going to ``search_text.json``/``.js`` (:func:`~resource_centre.site.search_budget.split_first_stage`).
    Each index's config gets ``rc_key`` (:func:`index_key`). ``workers``: processes writing the
    languages' indexes side by side (:mod:`~resource_centre.output.parallel`).
    """
    json_path, js_path = _index_paths(site_dir)
    if not json_path.is_file():
        return {}
    merged = json.loads(json_path.read_text(encoding="utf-8"))
    offline = js_path.is_file()
    site = Path(site_dir)
    scripts = scripts_digest(site)
    def write(code: str, index: dict) -> dict[str, int]:
        """One language's index and the files of its stages; bytes per file written."""
        folder = (site / code / "search") if code else json_path.parent
        rest_path = (folder / "search_rest").relative_to(site).as_posix()
        text_path = (folder / "search_text").relative_to(site).as_posix()
        if searches and searches.get(code):
            index = dict(index, config=dict(index.get("config", {}), rc_others=searches[code]))
        rest = None
        if first_download is not None:
            index, rest = split_for_first_search(index, rest_path, budget_bytes=first_download)
        written = []
        if rest is not None:
            written += _write_pair(folder, "search_rest", rest, REST_JS_PREFIX if offline else None)
        else:
            for stale in ("search_rest.json", "search_rest.js"):
                (folder / stale).unlink(missing_ok=True)
        rest_bytes = written[0].read_bytes() if written else b""
        texts = None
        if first_stage_above is not None:
            index, texts = split_first_stage(index, text_path, above=first_stage_above)
        text_written = []
        if texts is not None:
            text_written = _write_pair(folder, "search_text", texts, TEXT_JS_PREFIX if offline else None)
        else:
            for stale in ("search_text.json", "search_text.js"):
                (folder / stale).unlink(missing_ok=True)
        text_bytes = text_written[0].read_bytes() if text_written else b""
        index = dict(index, config=dict(index.get("config", {}),
                                        rc_key=index_key(index, rest_bytes, scripts, text_bytes)))
        written = _write_pair(folder, "search_index", index, JS_PREFIX if offline else None) + text_written + written
        return {path.relative_to(site).as_posix(): path.stat().st_size for path in written}

    # Each language's index is trimmed, split and written on its own: by as many workers as cores given.
    jobs = [partial(write, code, index) for code, index in split_by_language(merged, list(others)).items()]
    return {path: size for sizes in run_jobs(jobs, workers) for path, size in sizes.items()}


def searches_by_folder(languages, *, directory_urls: bool) -> dict[str, list[dict[str, str]]]:
    """:func:`other_language_searches` of every language, keyed as :func:`split_by_language` keys
    its indexes ("" for the default language): the ``searches`` of :func:`write_language_indexes`."""
    return {("" if code == languages.default else code):
            other_language_searches(languages, code, directory_urls=directory_urls)
            for code in languages.codes}


def other_language_searches(languages, reader: str, *, directory_urls: bool) -> list[dict[str, str]]:
    """Where the search worker sends a reader who searches another language's pages.

    One entry per other language: ``href`` is that language's home, relative to the
    reader's language folder (Material's ``base``, against which result links resolve),
    and ``label`` is "Search the <language> pages for “{query}”" in the reader's language
    (``{query}`` is filled in by the worker). ``languages`` is a
    :class:`~resource_centre.text.languages.Languages`.
    """
    up = "" if reader == languages.default else "../"
    index = "" if directory_urls else "index.html"
    out = []
    for code in languages.codes:
        if code == reader:
            continue
        folder = languages.folder(code)
        label = languages.t(reader, "search_other_language", language=languages.name(code, reader),
                            query="{query}")
        out.append({"lang": code, "href": up + folder + index, "label": label})
    return out


def read_index(path: str | os.PathLike) -> dict:
    """The parsed search index of a built site (for tests and tools)."""
    json_path, _ = _index_paths(path)
    return json.loads(json_path.read_text(encoding="utf-8"))
