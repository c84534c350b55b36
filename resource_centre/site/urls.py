"""Every address the generator writes, each answered by one function.

- :func:`page_url`: the address of a file of ``docs/<lang>/`` (or of a built page) within its language;
- :func:`href`: the relative link from one generated page to another, for either URL style;
- :func:`record_url`: a record's page from the site root, in a language (open data, feeds, calendars,
  the address ``resource-centre new`` gives for the preview).
"""
from __future__ import annotations

import posixpath
from functools import lru_cache

from ..records.kinds import BY_NAME, TERM
from ..text.languages import language_folder


def page_url(path: str, directory_urls: bool) -> str:
    """The URL MkDocs gives ``docs/<lang>/<path>``, relative to the language's root ("" is its home).

    A file that is not Markdown (a printable download, a stylesheet) keeps its path: MkDocs copies it;
    a built ``index.html`` is asked for by its folder when URLs are directory URLs (the web app's list).
    """
    if not path.endswith(".md"):
        if directory_urls and (path == "index.html" or path.endswith("/index.html")):
            return path[: -len("index.html")]  # a built page is asked for by its folder
        return path
    stem = path[:-3]
    if stem == "index" or stem.endswith("/index"):
        folder = stem[:-len("index")]
        return folder if directory_urls else folder + "index.html"
    return stem + "/" if directory_urls else stem + ".html"


@lru_cache(maxsize=65536)  # a few thousand pages link to a few thousand: each pair is asked again and again
def href(from_page: str, to_page: str, directory_urls: bool) -> str:
    """The relative link from one page to another, as MkDocs writes the links of Markdown.

    Lists of records (cards, the explorer) are written as HTML: the Markdown of hundreds of
    cards was most of the time of a term page and of a preview edit. MkDocs leaves links in
    HTML alone, so they are made here for both URL styles, relative so file:// works.
    """
    here = posixpath.dirname(page_url(from_page, directory_urls)) or "."
    target = page_url(to_page, directory_urls)
    link = posixpath.relpath(target or ".", here)
    if directory_urls and (not target or target.endswith("/")):
        link = "./" if link == "." else link + "/"
    return link


def record_url(kind: str, record_id: str, lang: str, default_lang: str) -> str:
    """Site-relative address of a record's page in ``lang`` (directory URLs); a glossary term is an
    entry of the glossary page."""
    prefix = language_folder(lang, default_lang)
    section = BY_NAME[kind].section
    if kind == TERM.name:
        return f"{prefix}{section}/#{record_id}"
    return f"{prefix}{section}/{record_id}/"
