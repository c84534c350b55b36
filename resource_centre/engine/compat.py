"""Every place the adapter relies on another package's internals, each with the version it targets.

When MkDocs, Material or the i18n plugin changes, this is the one file to read. Each function
degrades to doing nothing (or to the engine's default behaviour) when what it reaches for is
gone, so a newer version builds the site, only without that refinement.
"""
from __future__ import annotations

import logging
import sys
import time
from contextlib import contextmanager
from typing import Any, Callable, Iterator

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


def i18n_other_languages(config: MkDocsConfig) -> list[str]:
    """The languages i18n 1.3.1 builds after the one being built (``build_languages`` minus the
    current one, in order); empty without the plugin or inside one of those builds."""
    plugin = i18n_plugin(config)
    if plugin is None or plugin.building:
        return []
    return [code for code in getattr(plugin, "build_languages", []) if code != plugin.current_language]


def build_i18n_languages(config: MkDocsConfig, codes: list[str]) -> list:
    """Build each language of ``codes`` as i18n 1.3.1's ``on_post_build`` does (``building`` set,
    ``current_language`` switched, ``build(config)`` called with the function its module calls), and
    return the search entries it stacked up meanwhile (``search_entries``, which each build's
    ``on_post_build`` extends with that language's). Used in a process of its own: the plugin is
    left mid-build. ``site_dir`` is not cleaned between them (it would lose the languages built before):
    i18n patches that out for its inner builds too, and this process ends with them."""
    plugin = i18n_plugin(config)
    engine_build = sys.modules[type(plugin).__module__].build
    sys.modules[engine_build.__module__].utils.clean_directory = lambda path: None
    for name in ("mkdocs.commands.build", "properdocs.commands.build"):
        logging.getLogger(name).addFilter(_InnerBuildNotices())
    plugin.building = True
    for code in codes:
        plugin.current_language = code
        engine_build(config, dirty=False)
    return list(plugin.search_entries)


class _InnerBuildNotices(logging.Filter):
    """An inner build's "Building documentation to directory" and "Documentation built in", which i18n
    1.3.1 filters out of its own the same way, and its "Cleaning site directory" (a folder of its own)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(("Documentation built in", "Building documentation to directory",
                                               "Cleaning site directory"))


def replace_i18n_build(config: MkDocsConfig, replacement: Callable[..., None]) -> Callable[[], None]:
    """Make i18n 1.3.1's ``on_post_build`` call ``replacement(config, dirty=...)`` where it builds each
    other language (its module's ``build``); returns what puts the engine's function back."""
    plugin = i18n_plugin(config)
    module = sys.modules.get(type(plugin).__module__) if plugin is not None else None
    original = getattr(module, "build", None)
    if module is None or not callable(original):
        return lambda: None
    module.build = replacement

    def restore() -> None:
        module.build = original
    return restore


def add_i18n_search_entries(config: MkDocsConfig, entries: list) -> None:
    """Stack up search entries as i18n 1.3.1's inner builds do at their ``on_post_build``."""
    plugin = i18n_plugin(config)
    if plugin is not None and isinstance(getattr(plugin, "search_entries", None), list):
        plugin.search_entries.extend(entries)


def source_uri(file: Any) -> str:
    """A page's path without its language folder (i18n 1.3.1 sets ``norm_src_uri`` on its files)."""
    return getattr(file, "norm_src_uri", file.src_uri)


def quiet_i18n() -> None:
    """i18n 1.3.1 restates mkdocs.yml at every build (each language's nav, site name, theme): two
    dozen INFO lines among which a record's warning was lost. Kept for ``-v``; its warnings always."""
    if logging.getLogger("mkdocs").getEffectiveLevel() >= logging.INFO:
        logging.getLogger("mkdocs.plugins.mkdocs_static_i18n").setLevel(logging.WARNING)


class _DirtyNotice(logging.Filter):
    """Drops MkDocs 1.6's warning that a dirty build "will likely lead to inaccurate navigation and other
    links": the generator rewrites every page whose navigation or links an edit changed, so the preview's
    ``--dirty`` is exact, and a warning at every start taught contributors to ignore warnings."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("A 'dirty' build is being performed")


def quiet_dirty_notice() -> None:
    """Install :class:`_DirtyNotice` on the build loggers of MkDocs and ProperDocs (once)."""
    for name in ("mkdocs.commands.build", "properdocs.commands.build"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _DirtyNotice) for f in logger.filters):
            logger.addFilter(_DirtyNotice())


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


def set_i18n_language(config: MkDocsConfig, code: str) -> MkDocsConfig:
    """Put ``config`` in the state i18n 1.3.1 builds language ``code`` in (theme language, site
    name, language switcher, the language's overrides), as its ``on_config`` does before each
    language's build; its ``current_language`` is what the plugins read while a page is made."""
    plugin = i18n_plugin(config)
    if plugin is None:
        return config
    plugin.current_language = code
    # i18n keeps the value a language's theme override replaced, to put back before the next language's;
    # for theme.language that value was saved after it had set it to that language's own code (the
    # Khmer build saved "km"), and going back to English put "km" back. It sets the language itself.
    getattr(plugin, "original_theme_configs", {}).pop("language", None)
    return plugin.on_config(config)


def search_entries(config: MkDocsConfig) -> list | None:
    """The search plugin's entries (Material 9.8.1 ``search_index.entries``; MkDocs 1.6 ``_entries``),
    to which each page built appends its sections."""
    search = config.plugins.get("material/search") or config.plugins.get("search")
    index = getattr(search, "search_index", None)
    for name in ("entries", "_entries"):
        entries = getattr(index, name, None)
        if isinstance(entries, list):
            return entries
    return None


def write_search_index(config: MkDocsConfig) -> None:
    """Write the search plugin's entries as they are to ``search/search_index.json``.

    Material 9.8.1 under ``--dirty`` merges the entries of the page it believes was the only one
    rebuilt into the previous index (``search_index_prev``); entries already kept whole must not be
    merged again, so the previous index is set aside while it writes."""
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is None:
        return
    previous = getattr(search, "search_index_prev", None)
    search.search_index_prev = None
    try:
        search.on_post_build(config=config)
    finally:
        search.search_index_prev = previous


# --- MkDocs 1.6.1 (and ProperDocs 1.6.7): building some pages, the preview server's rebuilds -----


def build_pages(config: MkDocsConfig, files: Any, nav: Any, env: Any, pages: list) -> None:
    """Make each page as MkDocs 1.6.1's ``build`` does (read the Markdown, the plugins' page events,
    the theme's template, write the HTML), with the files, nav and theme environment of its
    language's last build; nothing else is rebuilt. ``mkdocs.commands.build`` has no public
    function for one page: these are its own."""
    from mkdocs.commands.build import _build_page, _populate_page
    from mkdocs.structure.files import InclusionLevel

    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
    for page in pages:
        _populate_page(page, config, files)
        _build_page(page, config, doc_files, nav, env, excluded=page.file.inclusion.is_excluded())


def replace_builder(server: Any, builder: Callable[[], None]) -> bool:
    """Make MkDocs 1.6.1's ``LiveReloadServer`` call ``builder`` after a watched file changed, in place
    of its full build (``server.builder``, called by its build loop). False when it is not there."""
    if not callable(getattr(server, "builder", None)):
        return False
    server.builder = builder
    return True


@contextmanager
def publishing(server: Any) -> Iterator[None]:
    """Pages written inside this block are a new version of the site, as the server's own rebuilds are.

    MkDocs 1.6.1's server holds every request while ``_wanted_epoch`` is ahead of ``_visible_epoch``
    (no half-written page is sent), and an open page reloads when ``_visible_epoch`` passes its own."""
    cond = getattr(server, "_epoch_cond", None)
    if cond is None or not hasattr(server, "_wanted_epoch"):
        yield
        return
    with cond:
        epoch = max(round(time.monotonic() * 1000), server._wanted_epoch + 1)
        server._wanted_epoch = epoch
    try:
        yield
    finally:
        with cond:
            if server._wanted_epoch == epoch:  # else the server's own rebuild started and will finish it
                server._visible_epoch = epoch
            cond.notify_all()


def request_rebuild(server: Any) -> None:
    """Ask MkDocs 1.6.1's server for a rebuild, as a changed watched file does."""
    cond = getattr(server, "_rebuild_cond", None)
    if cond is None:
        return
    with cond:
        server._want_rebuild = True
        cond.notify_all()
