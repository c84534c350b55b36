"""The MkDocs adapter: a thin plugin over :func:`resource_centre.generate.generate`.

Each ``on_*`` method does one thing. Everything it calls is plain Python, so
the core survives a move from MkDocs to another engine that reads mkdocs.yml.
"""
from __future__ import annotations

import logging
from pathlib import Path, PurePosixPath

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from .generate import Generated, fingerprint, generate
from .opendata import open_data_files
from .snippets import expand
from .kinds import KINDS
from .languages import Language, languages_from_i18n
from .project import open_project

log = logging.getLogger("mkdocs.plugins.resource_centre")


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

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is a preview (drafts shown) or a build; also keeps the plugin across reloads."""
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Regenerate the pages when a record changed, and report every problem found."""
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

    def on_post_build(self, config: MkDocsConfig) -> None:
        """Publish the open data and feeds once, with the default language's build."""
        if self.generated is None or self._current_language(config) != self.languages.default:
            return
        files = open_data_files(self.generated.content, self.languages,
                                site_name=config.site_name, site_url=config.site_url or "")
        for rel, data in files.items():
            target = Path(config.site_dir) / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)

    def on_serve(self, server, config: MkDocsConfig, builder):
        """Live-reload the preview when a record, schema or interface string changes."""
        root = self._root(config)
        for folder in [k.folder for k in KINDS] + ["schemas", "locales"]:
            if (root / folder).is_dir():
                server.watch(str(root / folder))
        return server

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
