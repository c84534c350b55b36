"""One call from records on disk to the site's Markdown: load, validate, plan.

This is the whole pipeline the MkDocs plugin runs; it imports nothing from MkDocs, so another
engine (or a test) runs it the same way. :func:`stage_site` adds the last step for engines that
read a folder: a copy of ``docs/`` with the generated pages in it (``resource-centre stage DIR``).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ..contribute.submission import SendTo
from ..editions.opendata import open_data_files
from ..output.parallel import available_workers
from ..output.writer import StageReport, stage
from ..records.kinds import KINDS
from ..records.model import Content
from ..records.problems import Problem
from ..records.project import Project, partials_dirs
from ..records.schema import load_schemas
from ..records.validate import KeptChecks
from ..site.listing import ListingSettings
from ..site.render import RenderedTexts, keeping_rendered
from ..text.languages import Languages
from .pages import plan_downloads, plan_pages, words_pages


@dataclass
class Session:
    """What one long-running process (the preview) keeps from one build to the next.

    A build made without a session keeps nothing: the core holds no state of its own between
    calls, so two projects (or two tests) in one process never see each other's records."""
    checks: KeptChecks = field(default_factory=KeptChecks)
    rendered: RenderedTexts = field(default_factory=RenderedTexts)


@dataclass
class Generated:
    content: Content
    problems: list[Problem]
    files: dict[str, bytes]  # docs-relative path -> bytes: every generated page and download

    def build_epoch(self) -> int | None:
        """The time the site is dated by (seconds since 1970), from its newest review, not the clock:
        the same records give the same site (MkDocs reads it as SOURCE_DATE_EPOCH)."""
        newest = self.content.newest_review()
        if not newest:
            return None
        return int(datetime.fromisoformat(newest).replace(tzinfo=timezone.utc).timestamp())


def input_paths(project: Project, docs_dir: Path | None = None) -> list[Path]:
    """Every file and folder the generator reads: what :func:`fingerprint` and the preview watch."""
    folders = [project.root / k.folder for k in KINDS] + [project.locales_dir, project.schemas_dir]
    folders += [Path(folder) for folder in partials_dirs(project.root)]  # the page fragments' templates
    folders += [docs_dir] if docs_dir is not None else []
    paths = sorted(project.root.glob("CONTRIBUTING*.md"))  # the Contribute pages are made from them
    for folder in folders:
        if folder.is_dir():
            paths += sorted(folder.rglob("*"))
    return paths


def fingerprint(project: Project, drafts: bool, docs_dir: Path | None = None) -> str:
    """Changes whenever any input of the generator changes (names, sizes, times)."""
    digest = hashlib.sha256(str(drafts).encode())
    for path in input_paths(project, docs_dir):
        try:
            stat = path.stat()
        except OSError:
            continue
        digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def generate(project: Project, *, drafts: bool, directory_urls: bool = True,
             send_to: SendTo = SendTo(), listings: ListingSettings = ListingSettings(),
             session: Session | None = None, workers: int = 1, words: bool = True) -> Generated:
    """Load and check every record, and make the pages of the sound ones (nothing is written).

    ``session``: what a long-running preview keeps between builds (see :class:`Session`); ``workers``:
    how many processes plan the pages (:mod:`~resource_centre.output.parallel`; a process running threads must give 1);
    ``words``: False leaves the lists' words files to the caller (:func:`~.pages.words_pages`)."""
    content, problems = project.load(kept=session.checks if session else None)
    if not drafts:
        content = content.only_published()
    with keeping_rendered(session.rendered if session else None):
        pages = plan_pages(content, project.languages, load_schemas(str(project.schemas_dir)),
                           directory_urls=directory_urls, send_to=send_to, listings=listings, workers=workers,
                           words=words)
    files = {f"{page.lang}/{page.path}": page.text.encode("utf-8") for page in pages}
    for rel, source in plan_downloads(content, project.languages).items():
        files[rel] = source.read_bytes()
    return Generated(content, problems.sorted(), files)


def stage_site(project: Project, target: Path, *, drafts: bool = False) -> tuple[Generated, StageReport]:
    """``target`` made to hold the project's ``docs/`` and its generated pages, as mkdocs.yml asks
    (URL style, where the submit page sends files): what any engine can build."""
    settings = project.settings()
    generated = generate(project, drafts=drafts, directory_urls=settings.directory_urls,
                         send_to=SendTo.from_extra(settings.extra),
                         listings=ListingSettings.from_extra(settings.extra), workers=available_workers())
    return generated, stage(target, generated.files, settings.docs_dir)


def files_beside(content: Content, languages: Languages, *, site_name: str, site_url: str) -> dict[str, bytes]:
    """The files a build makes beside the engine's pages, by path in the site: the open data, and the
    lists' words files when :func:`generate` was told to leave them out (the engine only copies them)."""
    files = {languages.folder(page.lang) + page.path: page.text.encode("utf-8")
             for page in words_pages(content, languages)}
    return files | open_data_files(content, languages, site_name=site_name, site_url=site_url)
