"""The MkDocs adapter: a thin plugin over :func:`resource_centre.generate.generate`.

Each ``on_*`` method does one thing. Everything it calls is plain Python, so
the core survives a move from MkDocs to another engine that reads mkdocs.yml.
"""
from __future__ import annotations

import itertools
import logging
import os
import shutil
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from jinja2 import BytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files, InclusionLevel

from .csp import finish_page
from .generate import Generated, fingerprint, generate
from .kinds import KINDS
from .languages import Language, languages_from_i18n
from .opendata import open_data_files
from .preview import LIVERELOAD_SCRIPT, preview_page, problems_banners
from .project import open_project
from .search_index import searches_by_folder, write_language_indexes
from .snippets import expand
from .submission import SendTo
from .render import remember_rendered
from .validate import remember_checks
from .webapp import THEME_FILES as WEBAPP_THEME_FILES, write_webapp
from .tooltips import annotate, glossary_for
from .writer import MANIFEST

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


class ResourceCentreConfig(Config):
    # Folder holding casestudies/, tools/, glossary/, taxonomies/, schemas/ and locales/.
    root = c.Optional(c.Type(str))
    # Drafts: 'auto' shows them in `mkdocs serve` and leaves them out of `mkdocs build`.
    drafts = c.Choice(("auto", "show", "hide"), default="auto")
    # Gzip bytes a language's search index may weigh before the first search; a larger index is
    # trimmed and the rest of its text loaded only when a query needs it (search_budget.py).
    search_first_download = c.Type(int, default=1_000_000)


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
        self._own_files: set[str] = set()  # docs-relative files the generator wrote or removed
        self._banners: dict[str, str] = {}  # the preview's problems banner per language ("" when none)
        self._site_name = ""  # mkdocs.yml's site_name, before the i18n plugin renames the site per language

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is a preview (drafts shown) or a build; also keeps the plugin across reloads."""
        self.command = command
        # A preview rebuilds after each edit: keep the HTML of contributor text and the schema findings
        # of each record file, so only what was edited is rendered and checked again.
        remember_rendered(command == "serve")
        remember_checks(command == "serve")

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Regenerate the pages when a record changed, and report every problem found."""
        self._quiet_i18n()
        # mkdocs.yml's site name, for the feeds of languages that give none of their own: read in the first
        # language's build, where this runs before the i18n plugin's on_config renames the site.
        if not getattr(config.plugins.get("i18n"), "building", False):
            self._site_name = config.site_name
        self._use_vendored_shim(config)
        self._build_beside(config)
        project = open_project(self._root(config), self._languages(config))
        self.languages = project.languages
        drafts = self.config.drafts == "show" or (self.config.drafts == "auto" and self.command == "serve")
        directory_urls = self._directory_urls(config)
        try:  # where the submit page says to send the file: extra.submit in mkdocs.yml
            send_to = SendTo.from_extra(config.extra)
        except ValueError as exc:
            raise PluginError(str(exc)) from exc
        stamp = fingerprint(project, drafts) + str(directory_urls) + repr(send_to)
        if stamp == self._fingerprint:
            return config
        try:
            self.generated = generate(project, Path(config.docs_dir), drafts=drafts, directory_urls=directory_urls,
                                      send_to=send_to)
        except OSError as exc:
            raise PluginError(f"resource-centre: cannot write generated pages: {exc}") from exc
        self._fingerprint = stamp
        self._own_files.update(self.generated.report.owned)
        self._own_files.update(self.generated.report.removed)
        self._own_files.difference_update(self.generated.report.kept_handwritten)
        self._glossaries = {}
        newest = self.generated.content.newest_review()
        if newest and "SOURCE_DATE_EPOCH" not in os.environ:
            # Reproducible output: MkDocs dates its build (build_date_utc, sitemap.xml.gz) from this, not the clock.
            os.environ["SOURCE_DATE_EPOCH"] = str(int(datetime.fromisoformat(newest).replace(tzinfo=timezone.utc).timestamp()))
        problems = self.generated.problems
        for problem in problems:
            log.warning(str(problem))
        if problems and config.strict and self.command != "serve":
            self._refuse_strict_build(problems)
        if problems:
            log.warning("resource-centre: %d problem(s) in records; those records are left out of the site "
                        "(run `resource-centre validate` for the list)", len(problems))
        if self.command == "serve":
            self._banners = problems_banners(problems, self.languages)
        for rel in self.generated.report.kept_handwritten:
            log.info("resource-centre: docs/%s is hand-written; the generated page is not used", rel)
        return config

    @staticmethod
    def _refuse_strict_build(problems: list) -> None:
        """Strict mode fails on any record problem, whatever the verbosity.

        MkDocs counts the warnings of a strict build as they are logged, and `-q` stops warnings
        from being logged at all: the strict build then succeeded without the broken records.
        Under `-q` the message lists the problems, as nothing else printed them.
        """
        listed = "" if log.isEnabledFor(logging.WARNING) else "".join(f"\n  {p}" for p in problems)
        raise PluginError(f"resource-centre: {len(problems)} problem(s) in records; a strict build "
                          f"stops here (run `resource-centre validate` for the list){listed}")

    @staticmethod
    def _quiet_i18n() -> None:
        """The i18n plugin restates mkdocs.yml at every build (each language's nav, site name, theme),
        two dozen lines among which a record's warning was lost: kept for `-v`, its warnings always."""
        if logging.getLogger("mkdocs").getEffectiveLevel() >= logging.INFO:
            logging.getLogger("mkdocs.plugins.mkdocs_static_i18n").setLevel(logging.WARNING)

    @event_priority(-200)  # after i18n (-100) made each language's files
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Generated pages are reached from their index pages, not the nav: say so to MkDocs, which
        otherwise listed every one of them (150 lines) as "not included in the nav" at every build.
        The preview's reload script is left out of a build, the web app's scripts out of the offline edition."""
        for file in files:
            if file.src_uri in self._own_files and file.inclusion.is_in_nav():
                file.inclusion = InclusionLevel.NOT_IN_NAV
        script = files.get_file_from_path(LIVERELOAD_SCRIPT)
        if script is not None and self.command != "serve":
            files.remove(script)
        for path in WEBAPP_THEME_FILES if self._offline(config) else ():  # file:// has no service workers
            if (webapp_file := files.get_file_from_path(path)) is not None:
                files.remove(webapp_file)
        return files

    def on_page_markdown(self, markdown: str, page, config: MkDocsConfig, files) -> str:
        """Fill the generated blocks (<!-- rc:NAME -->) of hand-written pages."""
        if self.generated is None or "<!--" not in markdown:
            return markdown
        lang = self._current_language(config)
        src = getattr(page.file, "norm_src_uri", page.file.src_uri)
        return expand(markdown, self.generated.content, self.languages, lang, src,
                      directory_urls=self._directory_urls(config))

    def on_page_content(self, html: str, page, config: MkDocsConfig, files) -> str:
        """Link the first use of each glossary term on a page to its entry (not on the glossary itself)."""
        if self.generated is None:
            return html
        src = getattr(page.file, "norm_src_uri", page.file.src_uri)
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
        i18n = config.plugins.get("i18n")
        if i18n and getattr(i18n, "building", False):  # an inner one-language build: the last one does it
            return
        self._drop_repeated_search_entries(config)
        self._write_search_indexes(config)
        self._restore_default_404(config)
        if self.generated is None:
            return
        files = open_data_files(self.generated.content, self.languages,
                                site_name=self._site_name or config.site_name, site_url=config.site_url or "")
        for rel, data in files.items():
            target = Path(config.site_dir) / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        if self.command != "serve" and not self._offline(config):  # last: it hashes the final files
            names = {lang.code: lang.site_name or self._site_name or config.site_name for lang in self.languages.items}
            write_webapp(config.site_dir, self.languages, names, directory_urls=config.use_directory_urls)

    @staticmethod
    def _drop_repeated_search_entries(config: MkDocsConfig) -> None:
        """Keep one search entry per location in Material's kept index (mkdocs serve --dirty).

        Material keeps the previous build's index to merge a dirty rebuild into, and i18n
        appends every language's entries to it again: without this, the preview's index
        doubled with every edit (rebuilds of 6, 7, 11, 18 s in a row at 300 records).
        """
        search = config.plugins.get("material/search") or config.plugins.get("search")
        index = getattr(search, "search_index", None)
        for name in ("entries", "_entries"):
            entries = getattr(index, name, None)
            if isinstance(entries, list):
                newest = {entry.get("location"): entry for entry in entries if isinstance(entry, dict)}
                entries[:] = list(newest.values())
                return

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
        for guide in sorted(root.glob("CONTRIBUTING*.md")):  # the Contribute pages
            server.watch(str(guide))
        self._ignore_own_writes(server, config)
        self._send_pages_with_our_reload_script(server)
        return server

    def _send_pages_with_our_reload_script(self, server) -> None:
        """Replace the inline reload script MkDocs adds to each page it sends (which the page's CSP
        refuses) with ours, and add the problems banner (resource_centre/preview.py says why).

        LiveReloadServer has no public hook for what it adds; with another server, pages are sent as built.
        """
        if not callable(getattr(server, "_inject_js_into_html", None)):
            return
        script_url = getattr(server, "mount_path", "/") + LIVERELOAD_SCRIPT
        request_ids = itertools.count(1)

        def send(content: bytes, epoch: int) -> bytes:
            return preview_page(content, script_url=script_url, epoch=epoch, request_id=next(request_ids),
                                banners=self._banners, default=self.languages.default)

        server._inject_js_into_html = send

    def _ignore_own_writes(self, server, config: MkDocsConfig) -> None:
        """Watch docs/ but not the pages the generator writes there, so one edit is built once, not twice.

        MkDocs watches docs/ itself; the generator's writes into it during a rebuild would
        start a second rebuild. LiveReloadServer has no public filter, so docs/ is watched
        here with a handler that skips our own files; with another server, MkDocs' watch stays.
        """
        docs = os.path.abspath(config.docs_dir)
        cond = getattr(server, "_rebuild_cond", None)
        observer = getattr(server, "observer", None)
        if cond is None or observer is None or not hasattr(server, "_want_rebuild") \
                or docs not in getattr(server, "_watched_paths", {}):
            return
        from watchdog.events import FileSystemEventHandler

        def changed(event) -> None:
            if event.is_directory:
                return
            paths = [event.src_path] + ([event.dest_path] if getattr(event, "dest_path", "") else [])
            if all(self._is_own_file(str(p), docs) for p in paths):
                return
            with cond:
                server._want_rebuild = True
                cond.notify_all()

        server.unwatch(docs)
        handler = FileSystemEventHandler()
        handler.on_any_event = changed  # type: ignore[method-assign]
        observer.schedule(handler, docs, recursive=True)

    def _is_own_file(self, path: str, docs: str) -> bool:
        rel = PurePosixPath(Path(os.path.relpath(path, docs)).as_posix())
        return str(rel) in self._own_files or rel.name == MANIFEST or rel.name.startswith(".tmp-")

    @staticmethod
    def _offline(config: MkDocsConfig) -> bool:
        """Is this the offline edition (Material's offline plugin enabled)?"""
        offline = config.plugins.get("material/offline") or config.plugins.get("offline")
        return offline is not None and bool(offline.config.enabled)

    @classmethod
    def _directory_urls(cls, config: MkDocsConfig) -> bool:
        """MkDocs' URL style as the pages will be built: Material's offline plugin turns directory
        URLs off in its own on_config, which runs after this plugin's."""
        return bool(config.use_directory_urls) and not cls._offline(config)

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
