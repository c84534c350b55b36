"""The languages i18n builds after the default one, built on another core while MkDocs builds that one.

i18n 1.3.1 builds the languages one after the other, each as long as the first, on one core. At the
default language's ``on_pre_build`` (every ``on_config`` has run: the configuration is the one i18n's
later builds start from) a forked process builds the others into a folder beside the site. Where
i18n's ``on_post_build`` would build them, :meth:`OtherLanguages.take_over` waits for that process and
puts its work where i18n's own builds would have left it: the files moved over the site as if written
after this language's, the sitemap joined (i18n's lists every language built before), the search
entries stacked up. The site is the same, byte for byte (tests/test_parallel.py).
"""
from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from ..output.parallel import Later
from ..output.sitemap import join_sitemap
from ..output.writer import move_over
from . import compat

log = logging.getLogger("mkdocs.plugins.resource-centre")


class OtherLanguages:
    """One build's other languages, started in a forked process by :meth:`start`.

    ``build(codes, folder)`` runs in that process and returns what it gives back: the search entries
    of those builds (i18n keeps them in memory) and ``extra``, anything the caller's own hooks kept
    (the web app's page facts), which :attr:`extra` holds once they are taken over.
    """

    def __init__(self) -> None:
        self.extra: Any = None
        self._later: Later[tuple[list, Any]] | None = None
        self._folder: Path | None = None
        self._restore: Callable[[], None] | None = None

    def start(self, config: MkDocsConfig, codes: list[str],
              build: Callable[[list[str], Path], tuple[list, Any]]) -> None:
        """Fork the build of ``codes`` into ``<site_dir>.languages``; i18n takes it over instead of building."""
        site = Path(config.site_dir)
        self.extra = None
        folder = self._folder = site.with_name(site.name + ".languages")
        shutil.rmtree(folder, ignore_errors=True)
        log.debug("resource-centre: building %s in another process", ", ".join(codes))
        self._later = Later(lambda: build(codes, folder))
        # After the fork: the forked process calls the engine's own build.
        self._restore = compat.replace_i18n_build(config, self.take_over)

    def take_over(self, config: MkDocsConfig, dirty: bool = False) -> None:
        """Where i18n builds each other language: wait for the forked build of them all (the first call),
        move its files over the site, join the sitemap and keep what its builds left in memory. A failure
        there (a strict build's warnings) is raised here, as i18n's own build would raise it."""
        later, self._later = self._later, None
        if later is None or self._folder is None:
            return
        entries, self.extra = later.result()
        site = Path(config.site_dir)
        own = site / "sitemap.xml"  # this language's entries: its build did not see the others' pages
        first = own.read_text(encoding="utf-8") if own.is_file() else None
        move_over(self._folder, site)
        if first is not None:
            join_sitemap(site, first)
        compat.add_i18n_search_entries(config, entries)

    def stop(self) -> None:
        """Put i18n's own build back; stop a forked build still running (this build failed first)."""
        if self._restore is not None:
            self._restore()
            self._restore = None
        if self._later is not None:
            self._later.cancel()
            self._later = None
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
