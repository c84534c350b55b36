"""The printable edition: one PDF per language of every tool (a partnering toolbook), one of every case study and
one of every training module (with a PDF of each module's facilitator pack and participant handout beside them),
and a PDF of every printable download (:mod:`printable`) beside its page, linked from the tool's page.

Rendered by Chromium's print-to-PDF, the browser the tests already drive, so
Khmer is shaped by the same engine (HarfBuzz) and the same bundled font as on
screen, and print CSS is shared with the site. The book is assembled from the
built pages' articles. Chromium cannot number a table of contents itself
(no ``target-counter``), so each part is printed once alone to count its pages
(every part starts on a new page), and the contents list is filled from those
counts before the whole book is printed.
"""
from __future__ import annotations

import html
import re
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import urljoin

from ..records.kinds import BY_NAME
from ..records.model import Content, Record
from ..site.printable import is_text_download, pdf_path
from ..text.languages import Languages
from ..text.localise import localise

ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.DOTALL)
HEAD = re.compile(r"<head>(.*?)</head>", re.DOTALL)
STYLESHEET = re.compile(r'<link rel="stylesheet" href="[^"]+">')
TITLE = re.compile(r"<title>.*?</title>", re.DOTALL)
FAKE = "http://book.invalid/"

BOOK_CSS = """
@page { size: A4; margin: 18mm 16mm 20mm; }
html { font-size: 125%; }
body.rc-book { margin: 0; background: #fff; color: #1b1b1b; display: block; min-height: 0; height: auto; }
html:has(body.rc-book) { height: auto; }
.rc-book__cover { min-height: 230mm; display: flex; flex-direction: column; justify-content: center; }
.rc-book__cover h1 { font-size: 2.2em; margin: 0 0 .4em; color: #1b1b1b; }
.rc-book__item, .rc-book__toc { break-before: page; }
.rc-book__toc ol { list-style: none; padding: 0; }
.rc-book__toc li { display: flex; gap: .5em; margin: .35em 0; }
.rc-book__toc li .rc-book__title { flex: 1; border-bottom: 1px dotted #999; }
.rc-book__item h1 { font-size: 1.6em; }
.rc-book a { color: inherit; text-decoration: none; }
.rc-notice { border-left: 3px solid #666; padding: .3em .6em; }
/* Glossary terms are explained on screen (tooltip); on paper the dotted underline means nothing. */
.rc-book abbr[title] { text-decoration: none; border-bottom: 0; cursor: auto; }
"""


@lru_cache(maxsize=None)
def collation_key(lang: str) -> Callable[[str], object]:
    """The sort key of ``lang``'s alphabetical order.

    ICU's collator for the language (PyICU, from the ``pyicu-wheels`` package) when it is
    installed: it knows, for instance, the Khmer dictionary order of consonant clusters and
    vowels. Without it, the text in Unicode normal form, case-folded: for Khmer that is
    the order of the consonants in the alphabet (ក ខ គ ឃ ង ...), which the Unicode block follows,
    but not the finer order of subscripts and vowels.
    """
    try:
        import icu  # optional: pyicu-wheels
    except ImportError:
        return lambda text: unicodedata.normalize("NFC", text).casefold()
    collator = icu.Collator.createInstance(icu.Locale(lang))
    return collator.getSortKey


def book_order(records: Iterable[Record], lang: str, languages: Languages) -> list[Record]:
    """The order of a book in ``lang``: what a reader of that language can read comes first.

    Records whose title and summary are written in the book's language come before those
    shown in another language; within each, the documented cases come before the
    illustrative examples, and each group is in the language's alphabetical order.
    """
    key = collation_key(lang)

    def order(record: Record) -> tuple:
        title = localise(record.get("title"), lang, languages)
        summary = localise(record.get("summary"), lang, languages)
        foreign = title.fallback or summary.fallback
        return (foreign, bool(record.get("illustrative")), key(title.text), record.id)
    return sorted(records, key=order)


@dataclass
class Book:
    kind: str          # "tools" or "case-studies"
    lang: str
    title: str
    records: list[Record]


def page_file(site: Path, record: Record, lang: str, languages: Languages) -> Path:
    prefix = languages.folder(lang)
    return site / f"{prefix}{BY_NAME[record.kind].section}/{record.id}.html"


def _relocate(fragment: str, from_page: str) -> str:
    """Rewrite relative URLs of a page (site-relative path ``from_page``) so they work from the site root."""
    def fix(url: str) -> str:
        if re.match(r"^(?:[a-z]+:|#|/)", url):
            return url
        absolute = urljoin(FAKE + from_page, url)
        return absolute[len(FAKE):] if absolute.startswith(FAKE) else url
    fragment = re.sub(r'(href|src)="([^"]*)"', lambda m: f'{m.group(1)}="{fix(m.group(2))}"', fragment)
    return re.sub(r"url\((['\"]?)([^)'\"]+)\1\)", lambda m: f"url({m.group(1)}{fix(m.group(2))}{m.group(1)})", fragment)


def _unlink_internal(fragment: str) -> str:
    """Links to other pages mean nothing on paper: keep their text, keep web links (print CSS shows them)."""
    fragment = re.sub(r'<a\b(?![^>]*href="https?:)[^>]*>(.*?)</a>', r"\1", fragment, flags=re.DOTALL)
    return re.sub(r"<(script|form)\b.*?</\1>", "", fragment, flags=re.DOTALL)


def book_html(site: Path, book: Book, languages: Languages, *, subtitle: str, contents: str,
              numbers: dict[str, int] | None = None) -> str:
    first = page_file(site, book.records[0], book.lang, languages) if book.records else site / "index.html"
    first_rel = first.relative_to(site).as_posix()
    page = first.read_text(encoding="utf-8")
    head = HEAD.search(page).group(1)
    head = re.sub(r"<script\b.*?</script>", "", head, flags=re.DOTALL)
    head = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", head)
    head = TITLE.sub(lambda _: f"<title>{html.escape(book.title)}</title>", head, count=1)  # the PDF's Title
    head = _relocate(head, first_rel)
    items, toc = [], []
    for record in book.records:
        path = page_file(site, record, book.lang, languages)
        text = path.read_text(encoding="utf-8")
        # A page may load a stylesheet of its own (a tool with an assessment): the book loads it too.
        for sheet in STYLESHEET.findall(HEAD.search(text).group(1)):
            sheet = _relocate(sheet, path.relative_to(site).as_posix())
            if sheet not in head:
                head += sheet
        match = ARTICLE.search(text)
        body = _unlink_internal(_relocate(match.group(1), path.relative_to(site).as_posix())) if match else ""
        anchor = f"{record.kind}-{record.id}"
        items.append(f'<section class="rc-book__item" id="{anchor}">{body}</section>')
        title = html.escape(localise(record.get("title"), book.lang, languages).text)
        number = (numbers or {}).get(anchor)
        number = languages.number(book.lang, number) if number else ""  # in the book's digits, as its dates
        toc.append(f'<li><a class="rc-book__title" href="#{anchor}">{title}</a><span>{number}</span></li>')
    return (f'<!doctype html><html lang="{book.lang}"><head>{head}<style>{BOOK_CSS}</style></head>'
            f'<body class="md-typeset rc-book">'
            f'<section class="rc-book__cover" id="cover"><h1>{html.escape(book.title)}</h1>'
            f'<p>{html.escape(subtitle)}</p></section>'
            f'<nav class="rc-book__toc" id="toc"><h2>{html.escape(contents)}</h2><ol>{"".join(toc)}</ol></nav>'
            + "".join(items) + "</body></html>")


def count_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


# Every font face of the page loaded before printing. Waiting for document.fonts.ready alone is not
# enough: a face is fetched only once layout needs it, and a page just loaded may not be laid out
# yet, so ready resolved at once and Khmer text printed as empty boxes (a different word each run).
FONTS_LOADED = "Promise.all([...document.fonts].map(face => face.load().catch(() => null))).then(() => document.fonts.ready).then(() => true)"

FOOTER = ('<div style="width:100%;font-size:8px;color:#555;text-align:center;'
          'font-family:sans-serif"><span class="pageNumber"></span> / <span class="totalPages"></span></div>')


def print_books(site: Path, content: Content, languages: Languages, out_dir: Path, *, date: str) -> list[Path]:
    """Write the toolbook and the case-study book for every language; returns the PDF paths.

    Also prints every printable download of the built ``site`` to PDF beside its page and links
    it from the tool's page, so the offline edition offers both.

    Runs in a thread of its own: Playwright's sync API refuses to start in a thread whose
    asyncio loop is running (e.g. when the caller already drives a browser).
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_print_books, site, content, languages, out_dir, date=date).result()


def _print_books(site: Path, content: Content, languages: Languages, out_dir: Path, *, date: str) -> list[Path]:
    from playwright.sync_api import sync_playwright  # optional: only the printed edition needs a browser

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        tab = browser.new_page()
        tab.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
        for lang in languages.codes:
            for kind, records, key in (("tools", content.tools, "toolbook"), ("case-studies", content.case_studies, "casebook"),
                                       ("trainings", content.trainings, "trainingbook")):
                if not records:
                    continue
                ordered = book_order(records.values(), lang, languages)
                book = Book(kind, lang, languages.t(lang, f"{key}_title"), ordered)
                subtitle = languages.t(lang, "book_subtitle", date=languages.day(lang, date))
                contents = languages.t(lang, "contents")
                numbers = _page_numbers(tab, site, book, languages, subtitle, contents)
                source = site / f".{key}-{lang}.html"
                source.write_text(book_html(site, book, languages, subtitle=subtitle, contents=contents, numbers=numbers),
                                  encoding="utf-8")
                target = out_dir / f"{key}-{lang}.pdf"
                _print(tab, source, target)
                source.unlink()
                written.append(target)
        _print_downloads(tab, site, content, languages)
        _print_packs(tab, site, content, languages)
        browser.close()
    return written


def _print_downloads(tab, site: Path, content: Content, languages: Languages) -> None:
    """A PDF of each printable download, in each language's folder, and a link to it on the tool's page."""
    for lang in languages.codes:
        prefix = languages.folder(lang)
        for tool in content.tools.values():
            items = [item for item in tool.get("downloads") or [] if is_text_download(item)]
            for item in items:
                page = site / prefix / pdf_path(item)
                tab.goto(page.with_suffix(".html").as_uri())
                tab.evaluate(FONTS_LOADED)
                tab.pdf(path=str(page), prefer_css_page_size=True, print_background=True, display_header_footer=True,
                        header_template="<span></span>", footer_template=FOOTER, outline=True, tagged=True)
            if items:
                tool_page = page_file(site, tool, lang, languages)
                tool_page.write_text(link_pdfs(tool_page.read_text(encoding="utf-8"), tool_page,
                                               languages.t(lang, "printable_pdf")), encoding="utf-8")


def _print_packs(tab, site: Path, content: Content, languages: Languages) -> None:
    """A PDF of each training module's packs beside their pages, linked from the module's page."""
    from ..site.trainings import PACKS, pack_path

    for lang in languages.codes:
        prefix = languages.folder(lang)
        for module in content.trainings.values():
            for which in PACKS:
                page = site / prefix / pack_path(module, which)
                tab.goto(page.as_uri())
                tab.evaluate(FONTS_LOADED)
                tab.pdf(path=str(page.with_suffix(".pdf")), prefer_css_page_size=True, print_background=True,
                        display_header_footer=True, header_template="<span></span>", footer_template=FOOTER,
                        outline=True, tagged=True)
            module_page = page_file(site, module, lang, languages)
            module_page.write_text(link_pdfs(module_page.read_text(encoding="utf-8"), module_page,
                                             languages.t(lang, "printable_pdf")), encoding="utf-8")


DOWNLOAD_LINK = re.compile(r'(<a class="rc-download" href="([^"]+)\.html"[^>]*>.*?</a>)', re.DOTALL)


def link_pdfs(page_html: str, page: Path, label: str) -> str:
    """Add the PDF beside each printable download link of a built page, where that PDF exists.

    Only the offline edition has the PDFs (Chromium prints them), so they are linked after the
    build; the link is plain HTML, which the page's Content-Security-Policy does not concern.
    """
    def add(match: re.Match) -> str:
        pdf = match.group(2) + ".pdf"
        if not (page.parent / pdf).is_file():
            return match.group(0)
        return (f'{match.group(1)} · <a class="rc-download__pdf" href="{pdf}" type="application/pdf">'
                f"{html.escape(label)}</a>")
    return DOWNLOAD_LINK.sub(add, page_html)


def _print(tab, source: Path, target: Path | None = None) -> bytes:
    tab.goto(source.as_uri())
    tab.evaluate(FONTS_LOADED)
    return tab.pdf(path=str(target) if target else None, format="A4", print_background=True,
                   display_header_footer=True, header_template="<span></span>", footer_template=FOOTER,
                   margin={"top": "18mm", "bottom": "20mm", "left": "16mm", "right": "16mm"}, outline=True, tagged=True)


def _page_numbers(tab, site: Path, book: Book, languages: Languages, subtitle: str, contents: str) -> dict[str, int]:
    """The page each part starts on: print every part alone and add up the pages."""
    draft = site / f".count-{book.kind}-{book.lang}.html"
    draft.write_text(book_html(site, book, languages, subtitle=subtitle, contents=contents,
                               numbers={f"{r.kind}-{r.id}": 999 for r in book.records}), encoding="utf-8")
    tab.goto(draft.as_uri())
    ids = ["cover", "toc"] + [f"{r.kind}-{r.id}" for r in book.records]
    numbers, page = {}, 1
    for part in ids:
        tab.evaluate("""id => { for (const s of document.querySelectorAll('body > section, body > nav'))
                                  s.style.display = s.id === id ? '' : 'none';
                                const el = document.getElementById(id); el.style.breakBefore = 'auto'; }""", part)
        tab.evaluate(FONTS_LOADED)
        pdf = tab.pdf(format="A4", print_background=True, display_header_footer=True,
                      header_template="<span></span>", footer_template=FOOTER,
                      margin={"top": "18mm", "bottom": "20mm", "left": "16mm", "right": "16mm"})
        numbers[part] = page
        page += count_pages(pdf)
        tab.evaluate("id => { document.getElementById(id).style.breakBefore = ''; }", part)
    draft.unlink()
    return numbers
