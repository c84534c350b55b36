"""One call from records on disk to generated pages on disk: load, validate, plan, write.

This is the whole pipeline the MkDocs plugin runs; it imports nothing from
MkDocs, so another engine (or a test) can run it the same way.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .kinds import KINDS
from .model import Content
from .pages import plan_downloads, plan_pages
from .problems import Problem
from .schema import load_schemas
from .submission import SendTo
from .project import Project
from .writer import WriteReport, write_generated


@dataclass
class Generated:
    content: Content
    problems: list[Problem]
    report: WriteReport


def fingerprint(project: Project, drafts: bool) -> str:
    """Changes whenever any input of the generator changes (names, sizes, times)."""
    digest = hashlib.sha256(str(drafts).encode())
    folders = [project.root / k.folder for k in KINDS] + [project.locales_dir, project.schemas_dir]
    paths = sorted(project.root.glob("CONTRIBUTING*.md"))  # the Contribute pages are made from them
    for folder in folders:
        if folder.is_dir():
            paths += sorted(folder.rglob("*"))
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            continue
        digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def generate(project: Project, docs_dir: Path, *, drafts: bool, directory_urls: bool = True,
             send_to: SendTo = SendTo()) -> Generated:
    """Load and check every record, then write the pages of the sound ones into ``docs_dir``."""
    content, problems = project.load()
    if not drafts:
        content = content.only_published()
    pages = plan_pages(content, project.languages, load_schemas(str(project.schemas_dir)),
                       directory_urls=directory_urls, send_to=send_to)
    files = {f"{page.lang}/{page.path}": page.text.encode("utf-8") for page in pages}
    for rel, source in plan_downloads(content, project.languages).items():
        files[rel] = source.read_bytes()
    report = write_generated(docs_dir, files)
    return Generated(content, problems.sorted(), report)
