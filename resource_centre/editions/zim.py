"""The Kiwix edition: the offline site written into one ZIM file with libzim.

Phones read offline sites with Kiwix (Android, iOS, Kiwix JS in a browser, kiwix-serve on an
Internet-in-a-Box), which opens a ZIM file: every file of a site as an entry at its path,
with a MIME type, a title, and openZIM's metadata (https://wiki.openzim.org/wiki/Metadata).
The site is the one the offline zip holds (resource_centre/editions/export.py builds it once for both):
relative links and no directory URLs, so its pages work at /content/<book>/<path> as they do
from a disk. The main page is the zip's start page, where the reader chooses a language.

Front articles are the pages Kiwix lists in its title suggestions and counts as articles:
the records' pages (case studies, tools) in every language, and one small entry per glossary
term that opens the glossary at the term, so a reader typing a term finds it in either script.
Other pages (lists, browse pages, assets) are entries without that hint.

Kiwix's own full-text index (Xapian, built here by libzim) splits text at spaces and
punctuation only: Khmer, written without spaces between words, is indexed in runs of several
words, so a Khmer word inside a phrase is found by the site's own search (rc-search), which the
ZIM keeps working, not by Kiwix's.
"""
from __future__ import annotations

import html
import io
import mimetypes
import os
import re
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from libzim.writer import Creator, Hint, Item, StringProvider

# ISO 639-2/B codes, which CLDR also lists as aliases of two-letter codes: openZIM wants ISO 639-3.
BIBLIOGRAPHIC = frozenset("alb arm baq bur chi cze dut fre geo ger gre ice mac mao may per rum slo tib wel".split())
DESCRIPTION_MAX = 80  # openZIM: Description at most 80 characters
TITLE_MAX = 30        # openZIM: Title at most 30 characters
ILLUSTRATION_SIZE = 48

# Python's table lacks or misnames some of the site's types (fonts, modern JavaScript).
MIME_TYPES = {
    ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css",
    ".json": "application/json", ".xml": "application/xml", ".gz": "application/gzip",
    ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon", ".webp": "image/webp",
    ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".otf": "font/otf",
    ".txt": "text/plain", ".csv": "text/csv", ".pdf": "application/pdf", ".md": "text/markdown",
    ".webmanifest": "application/manifest+json", ".atom": "application/atom+xml",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
}
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
HEADING = re.compile(r'<h([1-6]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
TAG = re.compile(r"<[^>]+>")


class ZimError(Exception):
    pass


@dataclass(frozen=True)
class ZimMetadata:
    """openZIM's metadata, checked against its limits when written."""
    name: str
    title: str
    creator: str
    publisher: str
    date: str
    description: str
    long_description: str
    languages: list[str]  # ISO 639-3, the main language first
    tags: str
    illustration: bytes   # a 48x48 PNG


@dataclass(frozen=True)
class GlossaryTerm:
    """A front-article entry for one term: Kiwix opens the glossary page at the term."""
    path: str    # e.g. "km/glossary/alignment.html"
    title: str
    target: str  # relative to the entry, e.g. "index.html#alignment"


@dataclass
class ZimResult:
    path: Path
    size: int = 0
    entries: int = 0
    front_articles: list[str] = field(default_factory=list)


def iso639_3(code: str) -> str:
    """The ISO 639-3 code of a locale code ("km" -> "khm", "pt_BR" -> "por"), from CLDR's
    language aliases as Babel ships them, so a new language needs no table here."""
    from babel.core import get_global

    base = re.split(r"[-_]", code)[0].lower()
    if len(base) == 3:
        return base
    aliases = get_global("language_aliases")
    found = sorted(alias for alias, target in aliases.items()
                   if target == base and len(alias) == 3 and alias.isalpha() and alias not in BIBLIOGRAPHIC)
    # zh has zho (the macrolanguage, like the two-letter code) and cmn (Mandarin): keep the one spelt like it
    found = [alias for alias in found if alias[0] == base[0]] or found
    if not found:
        raise ZimError(f"no ISO 639-3 code is known for the language {code!r} (openZIM's Language needs one)")
    return found[0]


def mimetype(path: str) -> str:
    """The MIME type Kiwix sends for an entry: from the file name, never guessed from the bytes."""
    suffix = Path(path).suffix.lower()
    return MIME_TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"


def page_title(text: str) -> str:
    """An HTML page's <title>, as Kiwix shows it in suggestions and bookmarks."""
    found = TITLE.search(text)
    return " ".join(html.unescape(found.group(1)).split()) if found else ""


def illustration(png: bytes) -> bytes:
    """The 48x48 PNG Kiwix shows beside the book, made from the site's favicon."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        icon = image.convert("RGBA")
        if icon.size != (ILLUSTRATION_SIZE, ILLUSTRATION_SIZE):
            icon = icon.resize((ILLUSTRATION_SIZE, ILLUSTRATION_SIZE), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        icon.save(out, format="PNG", optimize=True)
        return out.getvalue()


def glossary_terms(page: str, text: str, ids: set[str]) -> list[GlossaryTerm]:
    """One entry per term heading (<h2 id="term-id">) of a built glossary page."""
    folder = page.rsplit("/", 1)[0] + "/" if "/" in page else ""
    name = page.rsplit("/", 1)[-1]
    terms = []
    for match in HEADING.finditer(text):
        term_id = match.group(2)
        if term_id in ids:
            title = " ".join(html.unescape(TAG.sub("", match.group(3))).split())
            terms.append(GlossaryTerm(f"{folder}{term_id}.html", title, f"{name}#{term_id}"))
    return terms


def term_page(term: GlossaryTerm, lang: str) -> str:
    """A glossary term's entry: it sends the reader to the term on the glossary page (a ZIM
    redirect cannot hold the #term part), with a link for a reader whose viewer stops refreshes."""
    target = html.escape(term.target)
    return ("<!doctype html>\n"
            f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="refresh" content="0; url={target}">\n'
            f"<title>{html.escape(term.title)}</title>\n</head>\n"
            f'<body>\n<p><a href="{target}">{html.escape(term.title)}</a></p>\n</body>\n</html>\n')


class _Entry(Item):
    """One ZIM entry held in memory (the site is a few MB)."""

    def __init__(self, path: str, data: bytes, mime: str, title: str, front: bool) -> None:
        super().__init__()
        self._path, self._data, self._mime, self._title, self._front = path, data, mime, title, front

    def get_path(self) -> str:
        return self._path

    def get_title(self) -> str:
        return self._title

    def get_mimetype(self) -> str:
        return self._mime

    def get_contentprovider(self) -> StringProvider:
        return StringProvider(self._data)

    def get_hints(self) -> dict:
        # compress text; fonts, images and PDFs are compressed already
        return {Hint.FRONT_ARTICLE: self._front,
                Hint.COMPRESS: self._mime.startswith("text/") or self._mime.endswith(("json", "xml", "javascript"))}


@contextmanager
def _quiet_stdout() -> Iterator[None]:
    """libzim's C++ prints its finishing steps ("Index titles", "ZIM file is ready!") on the
    process's standard output whatever its verbosity: keep them out of the command's report."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def check_metadata(meta: ZimMetadata) -> None:
    """openZIM's limits, said before libzim writes a file that zimcheck would refuse."""
    if len(meta.description) > DESCRIPTION_MAX:
        raise ZimError(f"the ZIM Description is {len(meta.description)} characters, openZIM allows "
                       f"{DESCRIPTION_MAX}: shorten zim_description in locales/ ({meta.description!r})")
    if len(meta.title) > TITLE_MAX:
        raise ZimError(f"the ZIM Title is {len(meta.title)} characters, openZIM allows {TITLE_MAX}: "
                       f"shorten offline_title in locales/ ({meta.title!r})")
    if len(meta.long_description) <= len(meta.description):
        raise ZimError("the ZIM LongDescription must be longer than its Description: see zim_long_description in locales/")


def write_zim(files: dict[str, bytes], target: Path, meta: ZimMetadata, *, main_path: str,
              front: set[str], terms: dict[str, list[GlossaryTerm]]) -> ZimResult:
    """Write ``files`` (path in the ZIM -> bytes) as one ZIM file.

    ``front`` names the record pages; ``terms`` maps a language code to its glossary entries,
    which are added as front articles too. The main page is ``main_path``, one of ``files``.
    """
    check_metadata(meta)
    if main_path not in files:
        raise ZimError(f"the main page {main_path} is not among the files")
    result = ZimResult(target)
    target.unlink(missing_ok=True)
    creator = Creator(str(target)).config_indexing(True, meta.languages[0]).config_verbose(False)
    with _quiet_stdout(), creator:
        creator.set_mainpath(main_path)
        creator.add_illustration(ILLUSTRATION_SIZE, meta.illustration)
        for key, value in (("Name", meta.name), ("Title", meta.title), ("Creator", meta.creator),
                           ("Publisher", meta.publisher), ("Date", meta.date), ("Description", meta.description),
                           ("LongDescription", meta.long_description), ("Language", ",".join(meta.languages)),
                           ("Tags", meta.tags)):
            creator.add_metadata(key, value)
        for path in sorted(files):
            data, mime = files[path], mimetype(path)
            title = page_title(data.decode("utf-8", "replace")) if mime == "text/html" else ""
            creator.add_item(_Entry(path, data, mime, title, path in front))
            result.entries += 1
            if path in front:
                result.front_articles.append(path)
        for lang, entries in sorted(terms.items()):
            for term in entries:
                if term.path in files:
                    raise ZimError(f"the glossary entry {term.path} would replace a page of the site")
                creator.add_item(_Entry(term.path, term_page(term, lang).encode("utf-8"), "text/html",
                                        term.title, True))
                result.entries += 1
                result.front_articles.append(term.path)
    result.size = target.stat().st_size
    return result
