"""Plan the generated pages: which file under ``docs/<lang>/`` holds what.

Pure: content and languages in, a list of pages out. The writer puts them on
disk and the MkDocs plugin only calls the two, so this can be tested (and moved
to another engine) without MkDocs.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from ..contribute.guide import contribute_page
from ..contribute.report import build_report, report_markdown
from ..contribute.submission import SendTo, submit_page
from ..editions.opendata import data_page
from ..records.kinds import DOWNLOADS_FOLDER, KINDS
from ..records.model import Content
from ..records.schema import Schemas
from ..records.translations import collect
from ..site.explorer import EXPLORERS, explorer_pages, words_files
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
               listings: ListingSettings = ListingSettings()) -> list[Page]:
    """Every generated page in every language; ``directory_urls`` is MkDocs' URL style.

    ``send_to``: where the submit page tells contributors to send their file (mkdocs.yml ``extra.submit``);
    ``listings``: how many records a page of a list holds (mkdocs.yml ``extra.listings``).
    """
    pages: list[Page] = []
    today = content.newest_review() or date.today().isoformat()  # the status page is dated by the records
    report = build_report(content, languages.codes, schemas, today)  # the same in every language: built once
    translation_status = collect(content, languages, schemas)  # likewise
    for lang in languages.codes:
        made: dict = {}  # the cards of this language, shared by its pages

        def ctx() -> Ctx:
            return Ctx(content, languages, lang, cards=made, directory_urls=directory_urls)
        for spec in EXPLORERS:  # the case-study explorer and the tool finder, in pages, with their cards files
            pages += explorer_pages(ctx(), spec, listings)
        for record in content.case_studies.values():
            pages.append(Page(lang, f"case-studies/{record.id}.md", case_study_page(ctx(), record)))
        pages.append(Page(lang, "tools/index.md", tool_index(ctx())))
        for record in content.tools.values():
            pages.append(Page(lang, f"tools/{record.id}.md", tool_page(ctx(), record)))
        pages.append(Page(lang, "glossary/index.md", glossary_page(ctx())))
        pages.append(Page(lang, f"glossary/{SCRIPT}", definitions_script(glossary_for(content, languages, lang))))
        pages.append(Page(lang, "browse/index.md", browse_index(ctx())))
        pages.append(Page(lang, "data/index.md", data_page(content, languages, lang, schemas)))
        pages.append(Page(lang, "contribute/index.md", contribute_page(content.root, languages, lang)))
        pages.append(Page(lang, "contribute/submit.md", submit_page(content, languages, lang, schemas,
                                                                          send_to=send_to)))
        pages.append(Page(lang, "contribute/status.md", report_markdown(content, languages, lang, today, schemas,
                                                                         report=report, status=translation_status)))
        for tax_id in taxonomy_order(content):
            for term in content.taxonomies[tax_id].terms:
                cases, tools = content.tagged(tax_id, term)
                if cases or tools:
                    for number, text in enumerate(term_pages(ctx(), tax_id, term, listings.page_size), 1):
                        pages.append(Page(lang, page_path(f"browse/{tax_id}/{term}.md", number), text))
    pages += plan_printables(content, languages, directory_urls=directory_urls)  # the tools' text downloads
    pages += words_files(content, languages)  # what "Filter by words" searches, once for every language
    pages += plan_trainings(content, languages, directory_urls=directory_urls)  # modules, packs, events
    pages += plan_specialists(content, languages, lambda lang: Ctx(content, languages, lang,
                                                                   directory_urls=directory_urls))
    return pages


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
