"""Printable documents: a tool's text download (a checklist, a template) as a page made for A4 paper.

A contributor writes a download as a Markdown text file (``tools/files/*.txt``), which
is easy to edit and review but, opened as it is, a reader sees its ``|`` and ``**``. So
the text file is the source, not what readers get: each one becomes a standalone HTML
page per site language (``tools/files/<name>.html``), rendered by the contributor-Markdown
renderer (:func:`markup.render_document`, sanitised), in the site's fonts, with print CSS
for A4 (``overrides/assets/stylesheets/printable.css``). The page holds no navigation: it
is the document, with a bar (hidden on paper) to print it or go back to the tool. The
offline edition also prints each one to PDF beside it (:mod:`printbook`).

The page is written into ``docs/<lang>/`` like the generated pages, so MkDocs copies it
as a static file for the live site, ``serve`` and the offline edition alike; it carries
its own Content-Security-Policy (:func:`csp.finish_page`), as no theme template touches it.
"""
from __future__ import annotations

import html
import posixpath
import re
from typing import Callable

from ..records.kinds import TOOL
from ..records.model import Record
from ..text.languages import Languages
from ..text.localise import Localised, localise
from ..text.markup import attr, render_document
from .csp import finish_page

# Downloads written as Markdown text: these become printable pages; other files are offered as they are.
TEXT_SUFFIXES = (".txt",)
STYLESHEETS = ("assets/stylesheets/resource-centre.css", "assets/stylesheets/printable.css")
SCRIPT = "assets/javascripts/printable.js"
ICON = "assets/images/favicon.png"  # the theme's (mkdocs.yml sets no other)
FIRST_H1 = re.compile(r"<h1>(.*?)</h1>", re.DOTALL)


def is_text_download(item: dict) -> bool:
    """A download written as Markdown text (the source of a printable page)."""
    return str(item.get("file", "")).lower().endswith(TEXT_SUFFIXES)


def printable_path(item: dict) -> str:
    """The printable page of a text download, relative to a language's folder: ``tools/files/<name>.html``."""
    return f"{TOOL.section}/files/{posixpath.splitext(item['file'])[0]}.html"


def pdf_path(item: dict) -> str:
    """Where the offline edition puts the PDF of a text download: beside its printable page."""
    return printable_path(item)[:-len(".html")] + ".pdf"


def printable_page(tool: Record, item: dict, source: str, lang: str, languages: Languages,
                   link: Callable[[str], str]) -> str:
    """The HTML page of one text download of ``tool``, for readers of the site in ``lang``.

    ``link`` makes the relative URL from this page to another path of the language's folder
    (the project's one URL helper, :func:`render.href`), so the page works from a server and
    from file://. The document keeps its own language (the download's ``language``); the bar
    around it speaks the reader's.
    """
    doc_lang = item.get("language") or lang
    body = render_document(source)
    title_match = FIRST_H1.search(body)
    heading_title = html.unescape(re.sub(r"<[^>]+>", "", title_match.group(1))) if title_match else ""
    label = localise(item.get("title"), doc_lang, languages).text
    tool_title = localise(tool.get("title"), lang, languages)
    title = heading_title or label or localise(tool.get("title"), doc_lang, languages).text
    if not title_match:
        body = f"<h1>{attr(title)}</h1>\n{body}"
    back = (f"{TOOL.section}/{tool.id}.md", languages.t(lang, "printable_back"), tool_title)
    return document_page(title, body, lang, doc_lang, languages, link, back)


def document_page(title: str, body: str, lang: str, doc_lang: str, languages: Languages,
                  link: Callable[[str], str], back: tuple[str, str, Localised]) -> str:
    """A standalone A4 document page: ``body`` (HTML, in ``doc_lang``) under a bar in the reader's
    ``lang`` that prints it or leads ``back`` (the page's path, the words before its title, and its
    title) to the page it belongs to. Shared by the tools' text downloads and the training packs."""
    back_path, back_words, back_title = back
    up = "" if lang == languages.default else "../"  # the theme's assets are shared by every language

    def asset(path: str) -> str:
        return up + link(path)
    back_lang = f' lang="{back_title.lang}"' if back_title.fallback else ""
    links = "".join(f'<link rel="stylesheet" href="{asset(s)}">' for s in STYLESHEETS)
    page = (
        f'<!doctype html>\n<html lang="{attr(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{attr(title)}</title>\n{links}\n"
        f'<link rel="icon" href="{asset(ICON)}">\n'
        f'<script src="{asset(SCRIPT)}" defer></script>\n</head>\n'
        '<body class="rc-printable">\n'
        f'<nav class="rc-printable__bar" aria-label="{attr(languages.t(lang, "printable_bar"))}">\n'
        f'<a href="{link(back_path)}">{attr(back_words)} '
        f'<span{back_lang}>{attr(back_title.text)}</span></a>\n'
        f'<button type="button" data-rc-print hidden>{attr(languages.t(lang, "printable_print"))}</button>\n'
        f'<p>{attr(languages.t(lang, "printable_hint"))}</p>\n'
        "</nav>\n"
        f'<main class="rc-printable__page" lang="{attr(doc_lang)}">\n{body}\n</main>\n'
        "</body>\n</html>\n"
    )
    return finish_page(page)
