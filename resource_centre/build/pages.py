"""Plan the generated pages: which file under ``docs/<lang>/`` holds what.

Pure: content and languages in, a list of pages out. The writer puts them on
disk and the MkDocs plugin only calls the two, so this can be tested (and moved
to another engine) without MkDocs.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from itertools import chain
from pathlib import Path

from ..contribute.guide import contribute_page
from ..contribute.report import build_report, report_markdown
from ..contribute.submission import SendTo, submit_page
from ..editions.opendata import data_page
from ..output.parallel import run_jobs
from ..records.kinds import DOWNLOADS_FOLDER, KINDS
from ..records.model import Content, Record
from ..records.schema import Schemas
from ..records.translations import collect
from ..site.explorer import EXPLORERS, ExplorerSpec, explorer_pages, words_page, words_table
from ..site.listing import ListingSettings, page_path
from ..site.printable import is_text_download, printable_page, printable_path
from ..site.record_pages import case_study_page, tool_page
from ..site.render import Ctx, Page, browse_index, glossary_page, taxonomy_order, term_pages, tool_index
from ..site.specialist_pages import plan_specialists
from ..site.tooltips import SCRIPT, definitions_script, glossary_for
from ..site.trainings import plan_trainings
from ..site.urls import href
from ..text.languages import Languages

# Folders under docs/<lang>/ that belong to the generator alone.
OWNED_SECTIONS: tuple[str, ...] = tuple(k.section for k in KINDS if k.section) + ("data", "contribute")


def plan_pages(content: Content, languages: Languages, schemas: Schemas, *,
               directory_urls: bool = True, send_to: SendTo = SendTo(),
               listings: ListingSettings = ListingSettings(), workers: int = 1, words: bool = True) -> list[Page]:
    """Every generated page in every language; ``directory_urls`` is MkDocs' URL style.

    ``send_to``: where the submit page tells contributors to send their file (mkdocs.yml ``extra.submit``);
    ``listings``: how many records a page of a list holds (mkdocs.yml ``extra.listings``);
    ``workers``: how many processes plan them (:mod:`~resource_centre.output.parallel`: the same pages, in the same order);
    ``words``: False leaves out the lists' words files, for a build that makes them beside MkDocs (:func:`words_pages`).
    """
    def ctx(lang: str, cards: dict | None = None) -> Ctx:
        return Ctx(content, languages, lang, cards={} if cards is None else cards, directory_urls=directory_urls)

    def record_pages(lang: str) -> list[Page]:
        """The page of every case study and tool in ``lang``."""
        made: dict = {}  # the cards of this language, shared by the pages that show related records
        return ([Page(lang, f"case-studies/{r.id}.md", case_study_page(ctx(lang, made), r))
                 for r in content.case_studies.values()]
                + [Page(lang, f"tools/{r.id}.md", tool_page(ctx(lang, made), r)) for r in content.tools.values()])

    def list_pages(lang: str) -> list[Page]:
        """The lists of ``lang`` (explorers, term pages, indexes) and its one-off pages."""
        made: dict = {}  # the cards of this language, shared by its lists
        pages = list(chain.from_iterable(explorer_pages(ctx(lang, made), spec, listings) for spec in EXPLORERS))
        pages += [Page(lang, "tools/index.md", tool_index(ctx(lang, made))),
                  Page(lang, "glossary/index.md", glossary_page(ctx(lang, made))),
                  Page(lang, f"glossary/{SCRIPT}", definitions_script(glossary_for(content, languages, lang))),
                  Page(lang, "browse/index.md", browse_index(ctx(lang, made))),
                  Page(lang, "data/index.md", data_page(content, languages, lang, schemas)),
                  Page(lang, "contribute/index.md", contribute_page(content.root, languages, lang)),
                  Page(lang, "contribute/submit.md", submit_page(content, languages, lang, schemas, send_to=send_to))]
        for tax_id in taxonomy_order(content):
            for term in content.taxonomies[tax_id].terms:
                if any(content.tagged(tax_id, term)):
                    for number, text in enumerate(term_pages(ctx(lang, made), tax_id, term, listings.page_size), 1):
                        pages.append(Page(lang, page_path(f"browse/{tax_id}/{term}.md", number), text))
        return pages

    def status_pages() -> list[Page]:
        """The contribute status page in every language: its report and the translations' status are built once."""
        today = content.newest_review() or date.today().isoformat()  # the status page is dated by the records
        report = build_report(content, languages.codes, schemas, today)
        status = collect(content, languages, schemas)
        return [Page(lang, "contribute/status.md", report_markdown(content, languages, lang, today, schemas,
                                                                    report=report, status=status))
                for lang in languages.codes]

    def the_rest() -> list[Page]:
        return (plan_printables(content, languages, directory_urls=directory_urls)  # the tools' text downloads
                + plan_trainings(content, languages, directory_urls=directory_urls)  # modules, packs, events
                + plan_specialists(content, languages, ctx))

    # The workers take the jobs in this order, longest first (at N = 1,000: the words 7 s in all, cut
    # in a few parts; the status 3 s, a language's records 2 s, its lists 1 s): none is left with a long
    # one at the end.
    parts, word_jobs = _words_jobs(content, languages, 2 * workers) if words else ([], [])
    jobs: list[Callable[[], object]] = [*word_jobs, status_pages, *(partial(record_pages, lang) for lang in languages.codes),
                                        *(partial(list_pages, lang) for lang in languages.codes), the_rest]
    results = run_jobs(jobs, workers)
    tables, page_lists = results[:len(parts)], results[len(parts):]
    return list(chain.from_iterable(page_lists)) + (_words_pages(languages, parts, tables) if words else [])


def words_pages(content: Content, languages: Languages) -> list[Page]:
    """What "Filter by words" searches: one ``<section>/words.js`` per list, for every language, in
    the default language's folder (:func:`plan_pages` makes them too unless told not to)."""
    parts, jobs = _words_jobs(content, languages, 1)
    return _words_pages(languages, parts, [job() for job in jobs])


def _words_jobs(content: Content, languages: Languages, count: int) -> tuple[
        list[tuple[ExplorerSpec, list[Record]]], list[Callable[[], dict[str, str]]]]:
    """Each list's records cut in ``count`` parts, and a job making the words table of each part."""
    parts = [(spec, chunk) for spec in EXPLORERS
             for chunk in _chunks([r for r in content.records() if r.kind == spec.kind], count)]
    return parts, [partial(words_table, content, languages, chunk) for _, chunk in parts]


def _words_pages(languages: Languages, parts: list[tuple[ExplorerSpec, list[Record]]],
                 tables: list) -> list[Page]:
    """Each list's words file, from the tables of its parts (in order)."""
    return [words_page(languages, spec, {key: value for (of, _), table in zip(parts, tables) if of is spec
                                         for key, value in table.items()}) for spec in EXPLORERS]


def _chunks(items: list, count: int) -> list[list]:
    """``items`` in ``count`` runs of nearly equal length, in order (fewer when there are fewer items)."""
    size = -(-len(items) // max(count, 1)) or 1
    return [items[i:i + size] for i in range(0, len(items), size)]


def plan_printables(content: Content, languages: Languages, *, directory_urls: bool = True) -> list[Page]:
    """The printable page of every text download of every tool, in every site language."""
    pages = []
    for tool in content.tools.values():
        for item in tool.get("downloads") or []:
            if not is_text_download(item):
                continue
            source = (content.root / DOWNLOADS_FOLDER / item["file"]).read_text(encoding="utf-8")
            path = printable_path(item)
            for lang in languages.codes:
                text = printable_page(tool, item, source, lang, languages,
                                      link=lambda to: href(path, to, directory_urls))
                pages.append(Page(lang, path, text))
    return pages


def plan_downloads(content: Content, languages: Languages) -> dict[str, Path]:
    """Files to copy next to the tool pages: docs-relative path -> source file.

    A text download is the source of a printable page (:mod:`printable`), not what readers
    are offered, so it is not copied.
    """
    files: dict[str, Path] = {}
    for record in content.tools.values():
        for item in record.get("downloads") or []:
            if is_text_download(item):
                continue
            source = content.root / DOWNLOADS_FOLDER / item["file"]
            for lang in languages.codes:
                files[f"{lang}/tools/files/{item['file']}"] = source
    return files
