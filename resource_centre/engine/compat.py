"""Every place the adapter relies on another package's internals, each with the version it targets.

When MkDocs, Material or the i18n plugin changes, this is the one file to read. Each function
degrades to doing nothing (or to the engine's default behaviour) when what it reaches for is
gone, so a newer version builds the site, only without that refinement.
"""
from __future__ import annotations

import logging
from typing import Any, Callable

from mkdocs.config.defaults import MkDocsConfig

# --- mkdocs-static-i18n 1.3.1 -------------------------------------------------------------------


def i18n_plugin(config: MkDocsConfig) -> Any:
    return config.plugins.get("i18n")


def i18n_building(config: MkDocsConfig) -> bool:
    """True inside the i18n plugin's inner build of a second (third...) language.

    i18n 1.3.1 builds the first language as MkDocs' own build, then calls ``build(config)`` again
    for each other language from its ``on_post_build``, with ``building`` set."""
    return bool(getattr(i18n_plugin(config), "building", False))


def i18n_current_language(config: MkDocsConfig) -> str | None:
    """The language being built (i18n 1.3.1 ``current_language``); None without the plugin."""
    return getattr(i18n_plugin(config), "current_language", None)


def i18n_languages(config: MkDocsConfig) -> list[dict] | None:
    """The plugin's ``languages`` setting as plain mappings; None without the plugin."""
    plugin = i18n_plugin(config)
    return None if plugin is None else plugin.config.languages


def source_uri(file: Any) -> str:
    """A page's path without its language folder (i18n 1.3.1 sets ``norm_src_uri`` on its files)."""
    return getattr(file, "norm_src_uri", file.src_uri)


def quiet_i18n() -> None:
    """i18n 1.3.1 restates mkdocs.yml at every build (each language's nav, site name, theme): two
    dozen INFO lines among which a record's warning was lost. Kept for ``-v``; its warnings always."""
    if logging.getLogger("mkdocs").getEffectiveLevel() >= logging.INFO:
        logging.getLogger("mkdocs.plugins.mkdocs_static_i18n").setLevel(logging.WARNING)


# --- Material for MkDocs 9.8.1 ------------------------------------------------------------------


def offline_enabled(config: MkDocsConfig) -> bool:
    """Is this the offline edition (Material's offline plugin enabled)?"""
    offline = config.plugins.get("material/offline") or config.plugins.get("offline")
    return offline is not None and bool(offline.config.enabled)


def drop_repeated_search_entries(config: MkDocsConfig) -> None:
    """Keep one search entry per location in the search plugin's kept index (``mkdocs serve --dirty``).

    Material 9.8.1's search plugin keeps the previous build's entries (``search_index.entries``;
    MkDocs 1.6's own search: ``_entries``) to merge a dirty rebuild into, and i18n 1.3.1 appends
    every language's entries again: without this the preview's index doubled with every edit.
    """
    search = config.plugins.get("material/search") or config.plugins.get("search")
    index = getattr(search, "search_index", None)
    for name in ("entries", "_entries"):
        entries = getattr(index, name, None)
        if isinstance(entries, list):
            newest = {entry.get("location"): entry for entry in entries if isinstance(entry, dict)}
            entries[:] = list(newest.values())
            return


# --- MkDocs 1.6.1 (and ProperDocs 1.6.7) ------------------------------------------------------


def replace_page_injection(server: Any, send: Callable[[bytes, int], bytes]) -> bool:
    """Make the preview server send each HTML page through ``send(page, epoch)``.

    MkDocs 1.6.1's ``LiveReloadServer._inject_js_into_html`` appends an inline reload script to
    every page it serves (which the pages' Content-Security-Policy refuses); it has no public hook.
    Returns False (pages sent as MkDocs sends them) when the method is not there.
    """
    if not callable(getattr(server, "_inject_js_into_html", None)):
        return False
    server._inject_js_into_html = send
    return True
