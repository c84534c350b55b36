"""The MkDocs adapter: a thin plugin over :func:`resource_centre.generate.generate`.

Each ``on_*`` method does one thing. Everything it calls is plain Python, so
the core survives a move from MkDocs to another engine that reads mkdocs.yml.
"""
from __future__ import annotations

import logging
import os
import shutil
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from .csp import add_policy
from .generate import Generated, fingerprint, generate
from .kinds import KINDS
from .languages import Language, languages_from_i18n
from .opendata import open_data_files
from .project import open_project
from .search_index import write_utf8_index
from .snippets import expand
from .tooltips import annotate, glossary_for

log = logging.getLogger("mkdocs.plugins.resource_centre")
VENDORED_SHIM = "assets/javascripts/vendor/iframe-worker/shim.js"


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class ResourceCentreConfig(Config):
    # Folder holding casestudies/, tools/, glossary/, taxonomies/, schemas/ and locales/.
    root = c.Optional(c.Type(str))
    # Drafts: 'auto' shows them in `mkdocs serve` and leaves them out of `mkdocs build`.
    drafts = c.Choice(("auto", "show", "hide"), default="auto")


class ResourceCentrePlugin(BasePlugin[ResourceCentreConfig]):
    def __init__(self) -> None:
        self.command = "build"
        self._fingerprint = ""
        self.generated: Generated | None = None
        self._glossaries: dict = {}
        self._not_found = ""
        self._final_site: str | None = None
        self._building_site = ""
        self._completed = False
        self._strict = False
        self._warnings = _WarningCounter()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is a preview (drafts shown) or a build; also keeps the plugin across reloads."""
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Regenerate the pages when a record changed, and report every problem found."""
        self._use_vendored_shim(config)
        self._build_beside(config)
        project = open_project(self._root(config), self._languages(config))
        self.languages = project.languages
        drafts = self.config.drafts == "show" or (self.config.drafts == "auto" and self.command == "serve")
        stamp = fingerprint(project, drafts)
        if stamp == self._fingerprint:
            return config
        try:
            self.generated = generate(project, Path(config.docs_dir), drafts=drafts)
        except OSError as exc:
            raise PluginError(f"resource-centre: cannot write generated pages: {exc}") from exc
        self._fingerprint = stamp
        self._glossaries = {}
        newest = self.generated.content.newest_review()
        if newest and "SOURCE_DATE_EPOCH" not in os.environ:
            # Reproducible output: MkDocs dates the sitemap from this instead of the clock.
            os.environ["SOURCE_DATE_EPOCH"] = str(int(datetime.fromisoformat(newest).replace(tzinfo=timezone.utc).timestamp()))
        for problem in self.generated.problems:
            log.warning(str(problem))
        if self.generated.problems:
            log.warning("resource-centre: %d problem(s) in records; those records are left out of the site "
                        "(run `resource-centre validate` for the list)", len(self.generated.problems))
        for rel in self.generated.report.kept_handwritten:
            log.info("resource-centre: docs/%s is hand-written; the generated page is not used", rel)
        return config

    def on_page_markdown(self, markdown: str, page, config: MkDocsConfig, files) -> str:
        """Fill the generated blocks (<!-- rc:NAME -->) of hand-written pages."""
        if self.generated is None or "<!--" not in markdown:
            return markdown
        lang = self._current_language(config)
        src = getattr(page.file, "norm_src_uri", page.file.src_uri)
        from_dir = str(PurePosixPath(src).parent).strip(".")
        return expand(markdown, self.generated.content, self.languages, lang, from_dir)

    def on_page_content(self, html: str, page, config: MkDocsConfig, files) -> str:
        """Explain the first use of each glossary term on a page (not on the glossary itself)."""
        if self.generated is None:
            return html
        src = getattr(page.file, "norm_src_uri", page.file.src_uri)
        if src.startswith("glossary/"):
            return html
        lang = self._current_language(config)
        if lang not in self._glossaries:
            self._glossaries[lang] = glossary_for(self.generated.content, self.languages, lang)
        return annotate(html, self._glossaries[lang])

    @event_priority(-200)  # after every other plugin changed the page
    def on_post_page(self, output: str, page, config: MkDocsConfig) -> str:
        """Give the finished page its Content-Security-Policy."""
        return add_policy(output)

    @event_priority(-200)
    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        """Pages made from theme templates (404.html) get the same policy; the default language's 404 is kept."""
        if not template_name.endswith(".html"):
            return output_content
        output = add_policy(output_content)
        if template_name == "404.html" and self._current_language(config) == self.languages.default:
            self._not_found = output
        return output

    @event_priority(-200)  # after i18n (-100) has built the other languages
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Publish the open data and feeds (same bytes whichever language build writes them)."""
        self._completed = True
        i18n = config.plugins.get("i18n")
        if not (i18n and getattr(i18n, "building", False)):  # the last writer of the index is done
            write_utf8_index(config.site_dir)
            self._restore_default_404(config)
        if self.generated is None:
            return
        files = open_data_files(self.generated.content, self.languages,
                                site_name=config.site_name, site_url=config.site_url or "")
        for rel, data in files.items():
            target = Path(config.site_dir) / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)

    def _restore_default_404(self, config: MkDocsConfig) -> None:
        """i18n builds each language into the same site root, so the last one's 404.html won: put back the default's."""
        if self._not_found:
            (Path(config.site_dir) / "404.html").write_text(self._not_found, encoding="utf-8")

    def on_shutdown(self) -> None:
        """Put the new site in place only if the build completed cleanly; else keep the last good one."""
        if self._final_site is None:
            return
        logging.getLogger("mkdocs").removeHandler(self._warnings)
        final, fresh = Path(self._final_site), Path(self._building_site)
        failed = not self._completed or (self._strict and self._warnings.count)
        self._final_site = None
        if failed:
            shutil.rmtree(fresh, ignore_errors=True)
            log.error("resource-centre: the build did not complete cleanly; %s was left as it was", final)
            return
        old = final.with_name(final.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if final.exists():
            final.rename(old)
        fresh.rename(final)
        shutil.rmtree(old, ignore_errors=True)

    def _build_beside(self, config: MkDocsConfig) -> None:
        """`mkdocs build` writes into a sibling folder, swapped in by on_shutdown."""
        if self.command != "build" or self._final_site is not None or self._building_site == config.site_dir:
            return
        self._final_site = config.site_dir
        self._building_site = config.site_dir.rstrip("/\\") + ".building"
        shutil.rmtree(self._building_site, ignore_errors=True)
        config.site_dir = self._building_site
        self._strict = bool(config.strict)
        self._completed = False
        self._warnings = _WarningCounter()
        logging.getLogger("mkdocs").addHandler(self._warnings)

    def on_serve(self, server, config: MkDocsConfig, builder):
        """Live-reload the preview when a record, schema or interface string changes."""
        root = self._root(config)
        for folder in [k.folder for k in KINDS] + ["schemas", "locales"]:
            if (root / folder).is_dir():
                server.watch(str(root / folder))
        return server

    @staticmethod
    def _use_vendored_shim(config: MkDocsConfig) -> None:
        """Material's offline plugin loads iframe-worker from a CDN unless a polyfill names it: name ours."""
        offline = config.plugins.get("material/offline") or config.plugins.get("offline")
        if offline is None or not offline.config.enabled:
            return
        polyfills = config.extra.setdefault("polyfills", [])
        if VENDORED_SHIM not in polyfills:
            polyfills.append(VENDORED_SHIM)

    def _current_language(self, config: MkDocsConfig) -> str:
        i18n = config.plugins.get("i18n")
        return getattr(i18n, "current_language", None) or self.languages.default

    def _root(self, config: MkDocsConfig) -> Path:
        base = Path(config.config_file_path).parent
        return (base / self.config.root).resolve() if self.config.root else base

    @staticmethod
    def _languages(config: MkDocsConfig) -> list[Language]:
        i18n = config.plugins.get("i18n")
        if i18n is None:
            return [Language(config.theme.get("language") or "en", "", True)]
        return languages_from_i18n(i18n.config.languages)
