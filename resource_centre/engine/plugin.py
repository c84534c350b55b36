"""The MkDocs plugin: hooks that call the core, nothing more.

Each ``on_*`` method does one thing. The pipeline (:mod:`resource_centre.build.generate`), the
staging of the Markdown (:mod:`resource_centre.output.writer`), the publication of the site
(:mod:`resource_centre.output.publish`) and every page transformation are plain Python; what this
module knows of other packages' internals is in :mod:`.compat`.
"""
from __future__ import annotations

import gc
import itertools
import logging
import os
import shutil
import threading
import time
from functools import partial
from pathlib import Path

from jinja2 import BytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files, InclusionLevel

from ..build.generate import Generated, Session, files_beside, fingerprint, generate, input_paths
from ..contribute.submission import SendTo
from ..editions.opendata import open_data_files
from ..editions.webapp import THEME_FILES as WEBAPP_THEME_FILES
from ..editions.webapp import PageFacts, write_webapp
from ..output.parallel import Later, available_workers, forking_allowed, room_for_a_copy
from ..output.publish import Publication
from ..output.writer import atomic_write, new_stage_folder, stage, write_files
from ..records.kinds import KINDS
from ..records.problems import Problem
from ..records.project import Project, open_project
from ..records.validate import KeptChecks, check_one
from ..site.csp import finish_page
from ..site.listing import ListingSettings
from ..site.preview import LIVERELOAD_SCRIPT, preview_page, problems_banners
from ..site.render import Ctx
from ..site.search_index import searches_by_folder, write_language_indexes
from ..site.snippets import expand
from ..site.tooltips import annotate, glossary_for
from ..text.languages import Language, languages_from_i18n
from . import compat
from .config import ResourceCentreConfig
from .languages_apart import OtherLanguages
from .live import (
    OWN_PAGE,
    Background,
    LanguageBuild,
    Snapshot,
    edited_records,
    replace_search_entries,
    snapshot,
    with_generated_blocks,
)

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
        # The preview's rebuild of what an edit changed (engine/live.py):
        self._config: MkDocsConfig | None = None  # the last full build's configuration
        self._builds: dict[str, LanguageBuild] = {}  # each language's files, nav and theme of that build
        self._ready = False  # that build completed: its pages can be built again one by one
        self._problems: list[Problem] = []  # the problems the banner names
        self._seen: Snapshot = {}  # the inputs as the site shows them
        self._lock = threading.RLock()  # one writer of the stage and the site at a time
        self._server = None
        self._second_pass: Background | None = None
        self._second_session: Session | None = None  # the background pass's own (it may run beside a full build)
        self._drafts = False
        self._checks: KeptChecks | None = None  # the record checks of the newest generation (a build's or that pass's)
        self._page_facts: PageFacts | None = None  # the web app's facts of the pages written, computed meanwhile
        self._site_dir = Path()  # where this build writes the site (its publication's folder)
        self._beside: Later[dict[str, bytes]] | None = None  # the open data and words files, made while MkDocs renders
        self._others = OtherLanguages()  # built on another core while MkDocs builds the default one

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is a preview (drafts shown) or a build; also keeps the plugin across reloads."""
        self.command = command
        # A preview rebuilds after each edit: keep the HTML of contributor text and the schema findings
        # of each record file, so only what was edited is rendered and checked again.
        self._session = Session() if command == "serve" else None
        if dirty:
            compat.quiet_dirty_notice()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Regenerate the pages when a record changed, stage them beside docs/, and report every problem."""
        if compat.i18n_building(config):  # an inner one-language build: the first build staged everything
            return config
        compat.quiet_i18n()
        self._config, self._builds, self._ready = config, {}, False
        self._site_name = config.site_name  # before the i18n plugin's on_config renames the site
        self._use_vendored_shim(config)
        self._build_beside(config)
        project = open_project(self._root(config), self._languages(config))
        self.languages = project.languages
        self._drafts = self.config.drafts == "show" or (self.config.drafts == "auto" and self.command == "serve")
        self._docs_dir = config.docs_dir
        if self._stage is None:
            self._stage = new_stage_folder()
        config.docs_dir = str(self._stage)
        if self._second_pass is not None:
            self._second_pass.overtake()  # this build makes everything: a second pass running is out of date
        seen = snapshot(input_paths(project, Path(self._docs_dir)))
        stamp, generated = self._generate(project, config, self._session, cached=True)
        if generated is None:
            return config
        self.generated = generated
        # The web app's precache lists say what each file weighs compressed: its pages are compressed as MkDocs
        # hands them over, on another thread.
        self._site_dir = Path(config.site_dir)
        self._page_facts = PageFacts() if self.command == "build" and not compat.offline_enabled(config) else None
        if self._makes_beside():
            self._beside = Later(partial(files_beside, generated.content, self.languages,
                                         site_name=self._site_name or config.site_name, site_url=config.site_url or ""))
            gc.freeze()  # the records stay to the end of this build: MkDocs' collections need not visit them
        try:
            staged = stage(self._stage, self.generated.files, Path(self._docs_dir))
        except OSError as exc:
            raise PluginError(f"resource-centre: cannot stage the pages in {self._stage}: {exc}") from exc
        self._fingerprint, self._seen = stamp, seen
        self._checks = self._session.checks if self._session is not None else None
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

    def _generate(self, project: Project, config: MkDocsConfig, session: Session | None,
                  cached: bool = False) -> tuple[str, Generated | None]:
        """The inputs' fingerprint and the generated site (None when ``cached`` and the inputs are
        those of the last generation): plain Python, run by a build or by the preview's second pass."""
        directory_urls = self._directory_urls(config)
        try:  # where the submit page says to send the file, and records per page of a list: mkdocs.yml extra
            send_to = SendTo.from_extra(config.extra)
            listings = ListingSettings.from_extra(config.extra)
        except ValueError as exc:
            raise PluginError(str(exc)) from exc
        stamp = (fingerprint(project, self._drafts, Path(self._docs_dir)) + str(directory_urls) + repr(send_to)
                 + repr(listings))
        if cached and stamp == self._fingerprint:
            return stamp, None
        return stamp, generate(project, drafts=self._drafts, directory_urls=directory_urls, send_to=send_to,
                               listings=listings, session=session, workers=self._workers(),
                               words=not self._makes_beside())

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
            self._problems = list(problems)
            self._banners = problems_banners(problems, self.languages)

    @event_priority(-200)  # after every plugin's on_pre_build: the configuration is the one i18n builds from
    def on_pre_build(self, config: MkDocsConfig) -> None:
        """Build the other languages in a forked process while MkDocs builds the default one here
        (:mod:`.languages_apart`). Only for `mkdocs build` on more than one core (the preview's server runs
        threads, which a fork does not copy), and with the free memory for a second build."""
        codes = compat.i18n_other_languages(config)
        if not codes or self.command != "build" or self._workers() < 2 or not forking_allowed():
            return
        if not room_for_a_copy():
            log.info("resource-centre: building %s after this language: too little free memory to build it "
                     "on another core at the same time", ", ".join(codes))
            return
        self._others.start(config, codes, partial(self._build_other_languages, config))

    def _build_other_languages(self, config: MkDocsConfig, codes: list[str], folder: Path) -> tuple[list, dict]:
        """In the forked process: build ``codes`` into ``folder``; their search entries and page facts."""
        config.site_dir = str(folder)
        self._site_dir = folder
        facts = self._page_facts = PageFacts() if self._page_facts is not None else None  # its thread is not forked
        entries = compat.build_i18n_languages(config, codes)
        return entries, (facts.known() if facts is not None else {})

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

    @event_priority(-200)  # after i18n (-100) made each language's nav
    def on_nav(self, nav, config: MkDocsConfig, files: Files):
        """The preview keeps each language's files and nav, to build some of its pages again after an edit."""
        if self.command == "serve":
            self._builds[self._current_language(config)] = LanguageBuild(files, nav)
        return nav

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
        if (build := self._builds.get(self._current_language(config))) is not None:
            build.env = env
        return env

    @event_priority(-200)  # after every other plugin changed the page
    def on_post_page(self, output: str, page, config: MkDocsConfig) -> str:
        """Compact the finished page and give it its Content-Security-Policy (and hand it to the web app's facts)."""
        output = finish_page(output)
        if self._page_facts is not None:
            dest = Path(page.file.abs_dest_path)
            if dest.is_relative_to(self._site_dir):
                self._page_facts.add(dest.relative_to(self._site_dir).as_posix(), output)
        return output

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
        self._others.stop()
        page_facts, self._page_facts = self._page_facts, None
        known = page_facts.known() if page_facts else None  # before the search split forks: its thread has ended
        if known is not None and self._others.extra:
            known.update(self._others.extra)
        compat.drop_repeated_search_entries(config)
        self._write_search_indexes(config)
        self._restore_default_404(config)
        if self.generated is None:
            return
        beside, self._beside = self._beside, None
        write_files(Path(config.site_dir), beside.result() if beside else self._open_data(config, self.generated))
        if self.command != "serve" and not compat.offline_enabled(config):  # last: it hashes the final files
            names = {lang.code: lang.site_name or self._site_name or config.site_name for lang in self.languages.items}
            write_webapp(config.site_dir, self.languages, names, directory_urls=config.use_directory_urls,
                         known=known, save_up_to=self.config.offline_save_up_to)
        self._ready = self.command == "serve" and all(b.env is not None for b in self._builds.values())

    def _open_data(self, config: MkDocsConfig, generated: Generated) -> dict[str, bytes]:
        return open_data_files(generated.content, self.languages, site_name=self._site_name or config.site_name,
                               site_url=config.site_url or "")

    def _write_search_indexes(self, config: MkDocsConfig) -> None:
        """One index per language, each knowing where the other languages' searches are."""
        others = [code for code in self.languages.codes if code != self.languages.default]
        searches = searches_by_folder(self.languages, directory_urls=config.use_directory_urls)
        # The preview is read on this machine: it skips trimming (several gzip passes per rebuild).
        budget = None if self.command == "serve" else self.config.search_first_download
        write_language_indexes(config.site_dir, others, first_download=budget, searches=searches,
                               workers=self._workers())

    def _restore_default_404(self, config: MkDocsConfig) -> None:
        """i18n builds each language into the same site root, so the last one's 404.html won: put back the default's."""
        if self._not_found:
            (Path(config.site_dir) / "404.html").write_text(self._not_found, encoding="utf-8")

    def on_shutdown(self) -> None:
        """Put the new site in place only if the build completed cleanly (else keep the last good one),
        and remove the staged Markdown."""
        if self._beside is not None:  # the build stopped before it needed them
            self._beside.cancel()
            self._beside = None
        self._others.stop()
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
        self._server = server
        self._second_pass = Background(self._second_pass_work)
        self._second_session = Session()

        def rebuild() -> None:  # what the server runs after a watched file changed
            with self._lock:
                if self._quick_rebuild():
                    self._second_pass.request()
                    return
                builder()

        compat.replace_builder(server, rebuild)
        return server

    # ---- the preview's rebuild of what an edit changed (engine/live.py says why) ----

    def _quick_rebuild(self) -> bool:
        """Build again only the own pages of the case studies and tools that were edited; False (a full
        rebuild) when anything else changed or the last full build left nothing to build pages with."""
        config, start = self._config, time.monotonic()
        if not self._ready or config is None or self.generated is None or self._stage is None:
            return False
        checks = self._checks
        if checks is None or checks.refs is None:
            return False
        project = open_project(self._root(config), self._languages(config))
        seen = snapshot(input_paths(project, Path(self._docs_dir)))
        edited = edited_records(self._seen, seen, project.root)
        if not edited:
            return False
        content = self.generated.content
        files = {path.relative_to(project.root).as_posix() for _, path in edited}
        problems = [problem for problem in self._problems if problem.file not in files]
        staged: list[Path] = []
        for kind, path in edited:
            old = content.table(kind.name).get(path.stem)
            record, found = check_one(kind, path, project.root, checks)
            problems += found
            if record is not None and (old is None or record.id != old.id
                                       or not (self._drafts or record.published == old.published)):
                return False  # it enters or leaves the site: the lists change shape
            if record is None:
                continue  # the site keeps its last good version; the banner names the problems
            content.table(kind.name)[record.id] = record
            for lang in self.languages.codes:
                ctx = Ctx(content, self.languages, lang, directory_urls=self._directory_urls(config))
                target = self._stage / lang / kind.section / f"{record.id}.md"
                if lang not in self._builds or not self._builds[lang].knows(target):
                    return False
                text = OWN_PAGE[kind.name](ctx, record).encode("utf-8")
                if not target.is_file() or target.read_bytes() != text:
                    atomic_write(target, text)
                    staged.append(target)
        self._build_staged(config, staged, write_index=False)
        self._seen = seen
        self._report(sorted(set(problems), key=lambda p: (p.file, p.line, p.column, p.message)), strict=False)
        log.info("resource-centre: %d edited record(s): %d page(s) built again in %.2f s; the rest follows",
                 len(edited), len(staged), time.monotonic() - start)
        return True

    def _build_staged(self, config: MkDocsConfig, staged: list[Path], *, write_index: bool) -> None:
        """Build again, in each language, the pages made from these staged files (and copy the other
        files), with that language's files, nav and theme of the last full build."""
        entries = compat.search_entries(config)
        for lang, build in self._builds.items():
            files = build.files_from(staged)
            if not files:
                continue
            config = compat.set_i18n_language(config, lang)
            pages = [f.page for f in files if f.page is not None]
            kept = len(entries) if entries is not None else 0
            compat.build_pages(config, build.files, build.nav, build.env, pages)
            if entries is not None:
                replace_search_entries(entries, kept, {page.url for page in pages})
            for file in files:
                if file.page is None:
                    file.copy_file()
        if write_index:
            compat.drop_repeated_search_entries(config)
            compat.write_search_index(config)
            self._write_search_indexes(config)

    def _second_pass_work(self, run: int) -> None:
        """Generate the whole site again in the background (nothing locked), then stage it and build
        again the pages whose Markdown changed: the lists, term pages and links the edit touched."""
        config, session, second = self._config, self._second_session, self._second_pass
        if config is None or session is None or second is None:
            return
        start = time.monotonic()
        project = open_project(self._root(config), self._languages(config))
        seen = snapshot(input_paths(project, Path(self._docs_dir)))
        try:
            stamp, generated = self._generate(project, config, session)
            assert generated is not None
            open_data = self._open_data(config, generated)
        except Exception:  # a full rebuild will say what is wrong
            log.exception("resource-centre: the preview's second pass failed")
            return
        with self._lock:
            if run != second.asked or not self._ready or self._stage is None:
                return  # overtaken by a newer edit or a full build
            try:
                if self._publish_second_pass(config, stamp, seen, generated, session, open_data):
                    log.info("resource-centre: the rest of the site made again in %.1f s", time.monotonic() - start)
            except Exception:
                log.exception("resource-centre: the preview's second pass failed; building the whole site")
                self._ready = False
                compat.request_rebuild(self._server)

    def _publish_second_pass(self, config: MkDocsConfig, stamp: str, seen: Snapshot, generated: Generated,
                             session: Session, open_data: dict[str, bytes]) -> bool:
        """Stage what the second pass generated, and build again the pages whose Markdown changed;
        False when pages were added or removed, which MkDocs' own (dirty) build is asked to do."""
        assert self._stage is not None
        self.generated, self._checks = generated, session.checks
        staged = stage(self._stage, generated.files, Path(self._docs_dir))
        self._fingerprint, self._seen = stamp, seen
        self._generated_files = set(staged.generated)
        self._glossaries = {}
        paths = [self._stage / rel for rel in staged.written]
        if staged.removed or not all(any(b.knows(p) for b in self._builds.values()) for p in paths):
            compat.request_rebuild(self._server)  # pages added or removed: MkDocs' own build
            self._ready = False
            return False
        if paths:  # hand-written pages with generated blocks (the home page's latest case studies, counts)
            paths += [self._stage / rel for rel in with_generated_blocks(Path(self._docs_dir))]
        with compat.publishing(self._server):  # requests wait meanwhile: no page or index is sent half-written
            self._build_staged(config, paths, write_index=True)
            write_files(Path(config.site_dir), open_data)
            self._report(generated.problems, strict=False)
        return True

    def _makes_beside(self) -> bool:
        """Are the data files MkDocs only copies (the lists' words files, the open data) made on another core
        while it renders (:func:`files_beside`), rather than with the pages? When there is another core to use."""
        return self._workers() > 1

    def _workers(self) -> int:
        """Processes that plan the pages: one per core for `mkdocs build`; one for the preview, which runs threads."""
        return 1 if self.command != "build" else self.config.workers or available_workers()

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
