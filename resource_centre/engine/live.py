"""What the preview (`mkdocs serve`) rebuilds after an edit, and what it leaves to a second pass.

A full rebuild at 1,000 records takes the generator most of a minute (every page of every
language planned again) and MkDocs ten seconds more even when no page changed (each language's
files, the search index, the open data). An edit of one case study or tool is the common case,
and its own page is what the contributor looks at: the preview checks that record file again,
makes its page in each language and has MkDocs build just those pages, with the files, nav and
theme of each language's last build (:class:`LanguageBuild`), and the open page reloads.

Everything else the edit may change (the list pages and term pages that show its card, the tools
and cases that link to it, the Status page, the search index, the open data) is made by a second
pass in the background (:class:`Background`): the whole site generated again, then only the pages
whose Markdown changed built again. A change of anything else (a record added or removed, a
taxonomy, the glossary, docs/, locales, schemas, mkdocs.yml) is a full rebuild, as before.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from ..output.writer import handwritten_files
from ..records.kinds import CASE_STUDY, KINDS, TOOL, Kind
from ..site.record_pages import case_study_page, tool_page
from ..site.render import Ctx
from ..site.snippets import MARKER

# The kinds whose record has a page of its own (section/<id>.md in each language), and what makes it.
OWN_PAGE: dict[str, Callable[[Ctx, Any], str]] = {CASE_STUDY.name: case_study_page, TOOL.name: tool_page}

Snapshot = dict[str, tuple[int, int]]


def snapshot(paths: Iterable[Path]) -> Snapshot:
    """Size and time of each file: what changed since is what differs."""
    out: Snapshot = {}
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            continue
        if not path.is_dir():
            out[str(path)] = (stat.st_size, stat.st_mtime_ns)
    return out


def edited_records(before: Snapshot, after: Snapshot, root: Path) -> list[tuple[Kind, Path]] | None:
    """The record files with a page of their own that were edited, when nothing else changed
    (no file added or removed, no other input edited); None otherwise: a full rebuild."""
    if before.keys() != after.keys():
        return None
    folders = {root / kind.folder: kind for kind in KINDS if kind.name in OWN_PAGE}
    edited = []
    for name in sorted(name for name in after if after[name] != before[name]):
        path = Path(name)
        kind = folders.get(path.parent)
        if kind is None or path.suffix != ".yml":
            return None
        edited.append((kind, path))
    return edited


def with_generated_blocks(docs_dir: Path) -> list[str]:
    """The hand-written pages (docs-relative) holding generated blocks (``<!-- rc:... -->``: the home
    page's latest case studies and counts), which change with the records though their Markdown does not."""
    return sorted(rel for rel, path in handwritten_files(docs_dir).items()
                  if path.suffix == ".md" and MARKER.search(path.read_text(encoding="utf-8")))


@dataclass
class LanguageBuild:
    """What MkDocs made for one language in the last full build, to build some of its pages again."""
    files: Any
    nav: Any
    env: Any = None
    _by_source: dict[str, Any] = field(default_factory=dict, repr=False)

    def files_from(self, sources: Iterable[Path]) -> list[Any]:
        """The language's files made from these staged files (a language falls back to the default
        language's file where it has none of its own); a staged file it does not use is left out."""
        if not self._by_source:
            self._by_source = {str(Path(file.abs_src_path)): file for file in self.files}
        return [self._by_source[str(path)] for path in sources if str(path) in self._by_source]

    def knows(self, source: Path) -> bool:
        return bool(self.files_from([source]))


def replace_search_entries(entries: list, kept: int, urls: set[str]) -> None:
    """Entries from ``kept`` on were just made for the pages at ``urls``: drop those pages' older entries."""
    fresh = entries[kept:]
    entries[:] = [e for e in entries[:kept] if str(e.get("location", "")).split("#")[0] not in urls] + fresh


class Background:
    """Runs ``work`` in one background thread, again as long as it was asked again meanwhile.

    ``work`` is given the number of requests so far, and compares it with :attr:`asked` before it
    publishes: a result overtaken by a newer edit is dropped, and the next run makes it anew."""

    def __init__(self, work: Callable[[int], None]) -> None:
        self._work = work
        self._wake = threading.Condition()
        self.asked = 0
        self._done = 0
        self._thread: threading.Thread | None = None

    def request(self) -> None:
        with self._wake:
            self.asked += 1
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="resource-centre-preview", daemon=True)
                self._thread.start()

    def overtake(self) -> None:
        """A full rebuild makes whatever is running out of date, and needs no second pass of its own."""
        with self._wake:
            self.asked += 1
            self._done = self.asked

    def _run(self) -> None:
        while True:
            with self._wake:
                if self._done >= self.asked:
                    self._thread = None
                    return
                run = self.asked
            try:
                self._work(run)
            finally:
                with self._wake:
                    self._done = max(self._done, run)
