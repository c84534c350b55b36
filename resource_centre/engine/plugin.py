"""The MkDocs plugin: hooks that call the core, nothing more.

Each ``on_*`` method does one thing. The pipeline (:mod:`resource_centre.build.generate`), the
staging of the Markdown (:mod:`resource_centre.output.writer`), the publication of the site
(:mod:`resource_centre.output.publish`) and every page transformation are plain Python; what this
module knows of other packages' internals is in :mod:`.compat`.
"""
from __future__ import annotations

import itertools
import logging
import os
import shutil
from pathlib import Path

from jinja2 import BytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files, InclusionLevel

from ..build.generate import Generated, Session, fingerprint, generate
from ..contribute.submission import SendTo
from ..editions.opendata import open_data_files
from ..editions.webapp import THEME_FILES as WEBAPP_THEME_FILES
from ..editions.webapp import write_webapp
from ..output.publish import Publication
from ..output.writer import new_stage_folder, stage, write_files
from ..records.kinds import KINDS
from ..records.project import open_project
from ..site.csp import finish_page
from ..site.listing import ListingSettings
from ..site.preview import LIVERELOAD_SCRIPT, preview_page, problems_banners
from ..site.search_index import searches_by_folder, write_language_indexes
from ..site.snippets import expand
from ..site.tooltips import annotate, glossary_for
from ..text.languages import Language, languages_from_i18n
from . import compat
from .config import ResourceCentreConfig

log = logging.getLogger("mkdocs.plugins.resource_centre")
VENDORED_SHIM = "assets/javascripts/vendor/iframe-worker/shim.js"


class _MemoryBytecodeCache(BytecodeCache):
    """Compiled Jinja templates kept in memory for the life of the process."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self._store:
            bucket.bytecode_from_string(self._store[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


_TEMPLATES = _MemoryBytecodeCache()


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class ResourceCentrePlugin(BasePlugin[ResourceCentreConfig]):
    def __init__(self) -> None:
        self.command = "build"
        self._fingerprint = ""
        self.generated: Generated | None = None
        self._glossaries: dict = {}
        self._not_found = ""
        self._publication: Publication | None = None
        self._completed = False
        self._strict = False
        self._warnings = _WarningCounter()
        self._stage: Path | None = None  # the folder MkDocs builds: docs/ plus the generated pages
        self._docs_dir = ""  # the project's docs_dir, as mkdocs.yml gives it
        self._generated_files: set[str] = set()  # docs-relative paths of the generated pages in the stage
        self._banners: dict[str, str] = {}  # the preview's problems banner per language ("" when none)
        self._site_name = ""  # mkdocs.yml's site_name, before the i18n plugin renames the site per language
        self._session: Session | None = None  # what the preview keeps between rebuilds

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is a preview (drafts shown) or a build; also keeps the plugin across reloads."""
        self.command = command
        # A preview rebuilds after each edit: keep the HTML of contributor text and the schema findings
        # of each record file, so only what was edited is rendered and checked again.
        self._session = Session() if command == "serve" else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Regenerate the pages when a record changed, stage them beside docs/, and report every problem."""
        if compat.i18n_building(config):  # an inner one-language build: the first build staged everything
            return config
        compat.quiet_i18n()
        self._site_name = config.site_name  # before the i18n plugin's on_config renames the site
        self._use_vendored_shim(config)
        self._build_beside(config)
        project = open_project(self._root(config), self._languages(config))
        self.languages = project.languages
        drafts = self.config.drafts == "show" or (self.config.drafts == "auto" and self.command == "serve")
        directory_urls = self._directory_urls(config)
        try:  # where the submit page says to send the file, and records per page of a list: mkdocs.yml extra
            send_to = SendTo.from_extra(config.extra)
            listings = ListingSettings.from_extra(config.extra)
        except ValueError as exc:
            raise PluginError(str(exc)) from exc
        self._docs_dir = config.docs_dir
        if self._stage is None:
            self._stage = new_stage_folder()
        config.docs_dir = str(self._stage)
        stamp = fingerprint(project, drafts, Path(self._docs_dir)) + str(directory_urls) + repr(send_to) + repr(listings)
        if stamp == self._fingerprint:
            return config
        self.generated = generate(project, drafts=drafts, directory_urls=directory_urls, send_to=send_to,
                                  listings=listings, session=self._session)
        try:
            staged = stage(self._stage, self.generated.files, Path(self._docs_dir))
        except OSError as exc:
            raise PluginError(f"resource-centre: cannot stage the pages in {self._stage}: {exc}") from exc
        self._fingerprint = stamp
        self._generated_files = set(staged.generated)
        self._glossaries = {}
        epoch = self.generated.build_epoch()
        if epoch is not None and "SOURCE_DATE_EPOCH" not in os.environ:
            # Reproducible output: MkDocs dates its build (build_date_utc, sitemap.xml.gz) from this, not the clock.
            os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
        self._report(self.generated.problems, strict=bool(config.strict))
        for rel in staged.kept_handwritten:
            log.info("resource-centre: docs/%s is hand-written; the generated page is not used", rel)
        return config

    def _report(self, problems: list, *, strict: bool) -> None:
        """Log each record problem; a strict build stops on them, whatever the verbosity.

        MkDocs counts the warnings of a strict build as they are logged, and `-q` stops warnings
        from being logged at all: the strict build then succeeded without the broken records.
        Under `-q` the message lists the problems, as nothing else printed them.
        """
        for problem in problems:
            log.warning(str(problem))
        if problems and strict and self.command != "serve":
            listed = "" if log.isEnabledFor(logging.WARNING) else "".join(f"\n  {p}" for p in problems)
            raise PluginError(f"resource-centre: {len(problems)} problem(s) in records; a strict build "
                              f"stops here (run `resource-centre validate` for the list){listed}")
        if problems:
            log.warning("resource-centre: %d problem(s) in records; those records are left out of the site "
                        "(run `resource-centre validate` for the list)", len(problems))
        if self.command == "serve":
            self._banners = problems_banners(problems, self.languages)

    @event_priority(-200)  # after i18n (-100) made each language's files
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Generated pages are reached from their index pages, not the nav: say so to MkDocs, which
        otherwise listed every one of them (150 lines) as "not included in the nav" at every build.
        The preview's reload script is left out of a build, the web app's scripts out of the offline edition."""
        for file in files:
            if file.src_uri in self._generated_files and file.inclusion.is_in_nav():
                file.inclusion = InclusionLevel.NOT_IN_NAV
        script = files.get_file_from_path(LIVERELOAD_SCRIPT)
        if script is not None and self.command != "serve":
            files.remove(script)
        for path in WEBAPP_THEME_FILES if compat.offline_enabled(config) else ():  # file:// has no service workers
            if (webapp_file := files.get_file_from_path(path)) is not None:
                files.remove(webapp_file)
        return files

    def on_page_markdown(self, markdown: str, page, config: MkDocsConfig, files) -> str:
        """Fill the generated blocks (<!-- rc:NAME -->) of hand-written pages."""
        if self.generated is None or "<!--" not in markdown:
            return markdown
        return expand(markdown, self.generated.content, self.languages, self._current_language(config),
                      compat.source_uri(page.file), directory_urls=self._directory_urls(config))

    def on_page_content(self, html: str, page, config: MkDocsConfig, files) -> str:
        """Link the first use of each glossary term on a page to its entry (not on the glossary itself)."""
        if self.generated is None:
            return html
        src = compat.source_uri(page.file)
        if src.startswith("glossary/"):
            return html
        lang = self._current_language(config)
        if lang not in self._glossaries:
            self._glossaries[lang] = glossary_for(self.generated.content, self.languages, lang)
        return annotate(html, self._glossaries[lang], src, self._directory_urls(config))

    def on_env(self, env, *, config: MkDocsConfig, files):
        """Theme JSON (Material's page config) with letters, not \\u escapes: 3 bytes a Khmer letter, not 6.

        Also shares compiled theme templates between the builds of one process (each language,
        each preview rebuild): MkDocs makes a new environment per build, which compiled every
        template again (0.8 s of a 5 s preview rebuild). Jinja keys the cache by template source.
        """
        env.policies["json.dumps_kwargs"] = {**env.policies.get("json.dumps_kwargs", {}), "ensure_ascii": False}
        env.bytecode_cache = _TEMPLATES
        return env

    @event_priority(-200)  # after every other plugin changed the page
    def on_post_page(self, output: str, page, config: MkDocsConfig) -> str:
        """Compact the finished page and give it its Content-Security-Policy."""
        return finish_page(output)

    @event_priority(-200)
    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        """Pages made from theme templates (404.html) get the same policy; the default language's 404 is kept."""
        if not template_name.endswith(".html"):
            return output_content
        output = finish_page(output_content)
        if template_name == "404.html" and self._current_language(config) == self.languages.default:
            self._not_found = output
        return output

    @event_priority(-200)  # after i18n (-100) has built the other languages
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Split the search index per language, and publish the open data and feeds, once per build."""
        self._completed = True
        if compat.i18n_building(config):  # an inner one-language build: the last one does it
            return
        compat.drop_repeated_search_entries(config)
        self._write_search_indexes(config)
        self._restore_default_404(config)
        if self.generated is None:
            return
        write_files(Path(config.site_dir), open_data_files(self.generated.content, self.languages,
                                                           site_name=self._site_name or config.site_name,
                                                           site_url=config.site_url or ""))
        if self.command != "serve" and not compat.offline_enabled(config):  # last: it hashes the final files
            names = {lang.code: lang.site_name or self._site_name or config.site_name for lang in self.languages.items}
            write_webapp(config.site_dir, self.languages, names, directory_urls=config.use_directory_urls)

    def _write_search_indexes(self, config: MkDocsConfig) -> None:
        """One index per language, each knowing where the other languages' searches are."""
        others = [code for code in self.languages.codes if code != self.languages.default]
        searches = searches_by_folder(self.languages, directory_urls=config.use_directory_urls)
        # The preview is read on this machine: it skips trimming (several gzip passes per rebuild).
        budget = None if self.command == "serve" else self.config.search_first_download
        write_language_indexes(config.site_dir, others, first_download=budget, searches=searches)

    def _restore_default_404(self, config: MkDocsConfig) -> None:
        """i18n builds each language into the same site root, so the last one's 404.html won: put back the default's."""
        if self._not_found:
            (Path(config.site_dir) / "404.html").write_text(self._not_found, encoding="utf-8")

    def on_shutdown(self) -> None:
        """Put the new site in place only if the build completed cleanly (else keep the last good one),
        and remove the staged Markdown."""
        if self._stage is not None:
            shutil.rmtree(self._stage, ignore_errors=True)
            self._stage = None
        if self._publication is None:
            return
        logging.getLogger("mkdocs").removeHandler(self._warnings)
        publication, self._publication = self._publication, None
        clean = self._completed and not (self._strict and self._warnings.count)
        if not publication.finish(clean):
            log.error("resource-centre: the build did not complete cleanly; %s was left as it was", publication.final)

    def _build_beside(self, config: MkDocsConfig) -> None:
        """`mkdocs build` writes into a sibling folder, swapped in by on_shutdown."""
        if self.command != "build" or self._publication is not None:
            return
        self._publication = Publication(config.site_dir)
        config.site_dir = str(self._publication.building)
        self._strict = bool(config.strict)
        self._completed = False
        self._warnings = _WarningCounter()
        logging.getLogger("mkdocs").addHandler(self._warnings)

    def on_serve(self, server, config: MkDocsConfig, builder):
        """Watch the project's docs/ and records (not the staged copy, which only the generator writes),
        and send pages with our reload script."""
        root = self._root(config)
        server.unwatch(config.docs_dir)  # MkDocs watches the docs_dir it built: the stage
        for folder in [Path(self._docs_dir)] + [root / k.folder for k in KINDS] + [root / "schemas", root / "locales"]:
            if folder.is_dir():
                server.watch(str(folder))
        for guide in sorted(root.glob("CONTRIBUTING*.md")):  # the Contribute pages
            server.watch(str(guide))
        script_url = getattr(server, "mount_path", "/") + LIVERELOAD_SCRIPT
        request_ids = itertools.count(1)

        def send(content: bytes, epoch: int) -> bytes:  # resource_centre/site/preview.py says why
            return preview_page(content, script_url=script_url, epoch=epoch, request_id=next(request_ids),
                                banners=self._banners, default=self.languages.default)

        compat.replace_page_injection(server, send)
        return server

    @staticmethod
    def _directory_urls(config: MkDocsConfig) -> bool:
        """MkDocs' URL style as the pages will be built: Material's offline plugin turns directory
        URLs off in its own on_config, which runs after this plugin's."""
        return bool(config.use_directory_urls) and not compat.offline_enabled(config)

    @staticmethod
    def _use_vendored_shim(config: MkDocsConfig) -> None:
        """Material's offline plugin loads iframe-worker from a CDN unless a polyfill names it: name ours."""
        if not compat.offline_enabled(config):
            return
        polyfills = config.extra.setdefault("polyfills", [])
        if VENDORED_SHIM not in polyfills:
            polyfills.append(VENDORED_SHIM)

    def _current_language(self, config: MkDocsConfig) -> str:
        return compat.i18n_current_language(config) or self.languages.default

    def _root(self, config: MkDocsConfig) -> Path:
        base = Path(config.config_file_path).parent
        return (base / self.config.root).resolve() if self.config.root else base

    @staticmethod
    def _languages(config: MkDocsConfig) -> list[Language]:
        entries = compat.i18n_languages(config)
        if entries is None:
            return [Language(config.theme.get("language") or "en", "", True)]
        return languages_from_i18n(entries)
