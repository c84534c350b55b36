"""The offline edition: the whole site, every language, in one zip that opens from a USB stick.

The site is built with Material's offline plugin (no directory URLs, inlined
search index) into a temporary folder, zipped there, and only a complete
archive replaces the previous one. The zip's own index.html lets the reader
choose a language and links the printed books, as README.txt and each home page
do; their words come from locales/<lang>.yml. The archive is reproducible: its name and
every timestamp inside come from the newest record review, not the clock, and
entries are sorted, so the same content gives the same bytes.
"""
from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..records.project import Project
from ..site.csp import renew_policy
from ..site.snippets import PRINTED_BOOKS_SLOT, editions_list
from ..text.languages import Languages
from ..text.markup import attr

if TYPE_CHECKING:
    from .zim import GlossaryTerm, ZimMetadata, ZimResult

ARCHIVE_PREFIX = "partnership-resource-centre-offline"
ZIM_PREFIX = "partnership-resource-centre"
# The ZIM's main page, beside the site's own pages (its index.html is the default language's home).
ZIM_MAIN_PAGE = "start.html"
FAVICON = "assets/images/favicon.png"  # Material's, unless mkdocs.yml names another (theme.favicon)
FAVICON_LINK = re.compile(r'<link rel="icon" href="([^"]+)"')
# Kiwix answers a missing entry with its own page: the site's 404 page, made for web servers, stays out.
NOT_IN_ZIM = frozenset({"404.html"})
SITE_FOLDER = "site"
# The printed books are Chromium's print-to-PDF of the built pages (resource_centre/editions/printbook.py),
# driven by Playwright's Python package with Debian's browser: Playwright downloads no browser here.
CHROMIUM = "/usr/bin/chromium"
NO_BOOKS = "or leave the books out: resource-centre export --no-pdf"

# The start page outside the site folder: the reader chooses a language there. Its look comes
# from the site's own stylesheet (colours, the bundled Khmer font) and these few rules.
START_CSS = """
body { margin: 0; background: #f5f7fa; color: #1b1b1b; }
.rc-start, .rc-start [lang] { font-family: var(--md-text-font-family, var(--md-text-font)), sans-serif; }
.rc-start { max-width: 44rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; line-height: 1.7; }  /* room for Khmer */
.rc-start h1 { font-size: 1.5rem; line-height: 1.4; margin: 0 0 .3rem; color: var(--md-primary-fg-color); }
.rc-start h1 span { display: block; }
.rc-start__choose { margin: 0 0 1.2rem; color: #444; }
.rc-start__languages { list-style: none; margin: 0; padding: 0; display: grid; gap: 1rem; }
.rc-start__choice { background: #fff; border: 1px solid #0002; border-radius: .5rem; padding: 1rem; }
.rc-start__language { display: block; font-size: 1.6rem; font-weight: 700; padding: .4rem 0; min-height: 2.75rem;
  color: var(--md-primary-fg-color); text-decoration: none; }
.rc-start__language::after { content: " →" / ""; }  /* not part of the link's name */
.rc-start__language:hover, .rc-start__language:focus-visible { text-decoration: underline; }
.rc-start p { margin: .3rem 0; }
.rc-start__books { margin: .2rem 0 0; padding-left: 1.2rem; }
.rc-start__books li { padding: .2rem 0; }
.rc-start__books a { color: var(--md-typeset-a-color); }
@media (min-width: 40rem) { .rc-start__languages { grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); } }
"""


@dataclass(frozen=True)
class PrintedBook:
    lang: str
    title: str
    path: str  # inside the site folder, e.g. "print/toolbook-km.pdf"


class ExportError(Exception):
    pass


@dataclass
class ExportResult:
    archive: Path
    size: int
    by_kind: Counter = field(default_factory=Counter)
    files: int = 0
    books: list[Path] = field(default_factory=list)
    zim: "ZimResult | None" = None


def check_printing() -> None:
    """Say in one line what the printed books still need, before a build that would be wasted."""
    try:
        import playwright.sync_api  # noqa: F401  (only the printed books need it)
    except ImportError:
        raise ExportError("the printed books need the Python package playwright: install it with "
                          f".venv/bin/pip install playwright (scripts/build does), {NO_BOOKS}") from None
    if not os.access(CHROMIUM, os.X_OK):
        raise ExportError(f"the printed books need Chromium at {CHROMIUM}: install it with apt-get install chromium, "
                          f"{NO_BOOKS}")


def build_offline_site(project: Project, site_dir: Path) -> None:
    """Run the real ``mkdocs build --strict`` with the offline plugin switched on."""
    env = dict(os.environ, OFFLINE="true", NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
                            cwd=project.root, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        lines = [ln for ln in (result.stdout + result.stderr).splitlines() if "WARNING" in ln or "ERROR" in ln]
        raise ExportError("the offline build failed:\n" + "\n".join(lines[-40:] or [result.stderr[-2000:]]))


# Not needed by a reader: source maps, and Material's Thai and Japanese word segmenters.
UNWANTED = re.compile(r"(\.map$|^assets/javascripts/lunr/(wordcut|tinyseg)\.js$)")


def wanted_offline(rel: str) -> bool:
    return not UNWANTED.search(rel)


def kind_of(name: str) -> str:
    lower = name.lower()
    if lower.endswith((".woff2", ".woff", ".ttf", ".otf")):
        return "fonts"
    if "/search/" in lower or lower.startswith("search/"):
        return "search index"
    if lower.endswith(".pdf"):
        return "printed books (PDF)"
    if lower.endswith((".png", ".jpg", ".jpeg", ".svg", ".gif", ".webp", ".ico")):
        return "images"
    if lower.endswith(".html"):
        return "pages (HTML)"
    if lower.endswith((".js", ".mjs")):
        return "scripts"
    if lower.endswith(".css"):
        return "styles"
    if "/data/" in lower or "/feeds/" in lower:
        return "open data"
    return "other"


def home_page(code: str, languages: Languages) -> str:
    """A language's home page inside the site folder: the default language at its root."""
    return languages.folder(code) + "index.html"


def printed_books(paths: list[Path], site_dir: Path, languages: Languages) -> list[PrintedBook]:
    """The printed books, titled in their language: printbook.py names each ``<book>-<lang>.pdf``
    and titles it with the interface string ``<book>_title``."""
    books = []
    for path in paths:
        lang = next((code for code in languages.codes if path.stem.endswith(f"-{code}")), languages.default)
        try:
            title = languages.t(lang, f"{path.stem[:-len(lang) - 1]}_title")
        except KeyError:
            title = path.name
        books.append(PrintedBook(lang, title, path.relative_to(site_dir).as_posix()))
    return books


def start_page(languages: Languages, books: list[PrintedBook], date: str, folder: str = f"{SITE_FOLDER}/") -> str:
    """The zip's index.html (and the ZIM's main page): each language by its own name, in its own
    script, with its books. ``folder`` is where the site is seen from the page: "site/" in the zip,
    "" in the ZIM, whose site sits beside its main page."""
    def words(key: str, **values: str) -> str:
        return " · ".join(f'<span lang="{lang.code}">{attr(languages.t(lang.code, key, **values))}</span>'
                          for lang in languages.items)

    items = []
    for lang in languages.items:
        code = lang.code
        mine = [b for b in books if b.lang == code]
        links = "".join(f'<li><a href="{folder}{b.path}" type="application/pdf">{attr(b.title)}</a></li>\n'
                        for b in mine)
        items.append(
            f'<li class="rc-start__choice" lang="{code}">\n'
            f'<a class="rc-start__language" href="{folder}{home_page(code, languages)}" hreflang="{code}">'
            f'{attr(lang.name)}</a>\n'
            f'<p>{attr(languages.t(code, "offline_edition", date=languages.day(code, date)))}</p>\n'
            + (f'<p>{attr(languages.t(code, "printed_books"))} (PDF):</p>\n<ul class="rc-start__books">\n{links}</ul>\n'
               if mine else "")
            + "</li>\n")
    # Which edition to use when, once per language after the choices, so that every language's
    # link stays on a phone's first screen.
    editions = "".join(
        f'<section class="rc-start__editions" lang="{code}">\n<h2>{attr(languages.t(code, "editions_title"))}</h2>\n<ul>\n'
        + "".join(f'<li><strong>{attr(languages.t(code, "labelled", label=name))}</strong> {attr(when)}</li>\n'
                  for name, when in editions_list(functools.partial(languages.t, code)))
        + "</ul>\n</section>\n"
        for code in dict.fromkeys(languages.codes))
    title = " · ".join(dict.fromkeys(languages.t(lang.code, "offline_title") for lang in languages.items))
    heading = "".join(dict.fromkeys(f'<span lang="{lang.code}">{attr(languages.t(lang.code, "offline_title"))}</span>'
                                    for lang in languages.items))
    return ("<!doctype html>\n"
            f'<html lang="{languages.default}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{attr(title)}</title>\n"
            f'<link rel="stylesheet" href="{folder}assets/stylesheets/resource-centre.css">\n'
            f"<style>{START_CSS}</style>\n</head>\n<body>\n"
            f'<main class="rc-start">\n<h1>{heading}</h1>\n'
            f'<p class="rc-start__choose">{words("offline_choose")}</p>\n'
            f'<ul class="rc-start__languages">\n{"".join(items)}</ul>\n{editions}</main>\n</body>\n</html>\n')


def readme(languages: Languages, books: list[PrintedBook], date: str) -> str:
    """README.txt: how to open the edition and where the books are, in every language."""
    parts = []
    for code in languages.codes:
        heading = f'{languages.t(code, "offline_title")} — {languages.t(code, "offline_edition", date=languages.day(code, date))}'
        width = sum(1 for ch in heading if unicodedata.category(ch) not in ("Mn", "Mc", "Cf"))  # Khmer vowels
        text = [heading, "=" * width, "", languages.t(code, "offline_readme", site=SITE_FOLDER).rstrip()]
        mine = [b for b in books if b.lang == code]
        if mine:
            text += ["", f'{languages.t(code, "printed_books")} (PDF):']
            text += [f"  {SITE_FOLDER}/{b.path}  {b.title}" for b in mine]
        text += ["", languages.t(code, "labelled", label=languages.t(code, "editions_title"))]
        text += [f'  - {languages.t(code, "labelled", label=name)} {when}'
                 for name, when in editions_list(functools.partial(languages.t, code))]
        parts.append("\n".join(text))
    return "\n\n\n".join(parts) + "\n"


def books_section(books: list[PrintedBook], languages: Languages, lang: str, page: str) -> str:
    """The block a home page shows in the offline edition: links to the books in its language."""
    up = "../" * page.count("/")
    links = "".join(f'<li><a href="{up}{b.path}" type="application/pdf">{attr(b.title)}</a> (PDF)</li>' for b in books)
    return (f'<section class="rc-printed-books" aria-labelledby="printed-books">'
            f'<h2 id="printed-books">{attr(languages.t(lang, "printed_books"))}</h2>'
            f'<p>{attr(languages.t(lang, "printed_books_intro"))}</p><ul>{links}</ul></section>')


def fill_books_slots(site_dir: Path, books: list[PrintedBook], languages: Languages) -> None:
    """Put the links to the books where hand-written pages ask for them (``<!-- rc:printed-books -->``)."""
    for path in site_dir.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if PRINTED_BOOKS_SLOT not in text:
            continue
        found = re.search(r'<html[^>]*\blang="([^"]+)"', text)
        lang = found.group(1) if found and found.group(1) in languages.codes else languages.default
        mine = [b for b in books if b.lang == lang]
        page = path.relative_to(site_dir).as_posix()
        path.write_text(text.replace(PRINTED_BOOKS_SLOT, books_section(mine, languages, lang, page) if mine else ""),
                        encoding="utf-8")


ROOT_URL = re.compile(r'\b(href|src)="/(?!/)')
ROOT_CONFIG = re.compile(r'"(base|search)": "/(?!/)([^"]*)"')
ROOT_SCOPE = re.compile(r'new URL\("/(?!/)([^"]*)",location\)')


def relative_not_found(site_dir: Path) -> None:
    """MkDocs writes 404.html with URLs from the server's root ("/about.html"), which from a disk
    lead to the root of the disk: in the offline edition they are made relative to the page."""
    for path in site_dir.rglob("404.html"):
        up = "../" * (len(path.relative_to(site_dir).parts) - 1)
        text = path.read_text(encoding="utf-8")
        text = ROOT_URL.sub(lambda m: f'{m.group(1)}="{up}', text)
        text = ROOT_CONFIG.sub(lambda m: f'"{m.group(1)}": "{(up + m.group(2)) or "."}"', text)
        text = ROOT_SCOPE.sub(lambda m: f'new URL("{(up + m.group(1)) or "."}",location)', text)
        path.write_text(renew_policy(text), encoding="utf-8")


def write_zip(site_dir: Path, target: Path, date: str, languages: Languages,
              books: list[PrintedBook] | None = None) -> ExportResult:
    """A deterministic zip: sorted entries, fixed times and permissions."""
    stamp = tuple(int(part) for part in date.split("-")) + (0, 0, 0)
    entries: list[tuple[str, bytes]] = [
        ("index.html", start_page(languages, books or [], date).encode("utf-8")),
        ("README.txt", readme(languages, books or [], date).encode("utf-8")),
    ]
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        if not wanted_offline(path.relative_to(site_dir).as_posix()):
            continue
        entries.append((f"{SITE_FOLDER}/{path.relative_to(site_dir).as_posix()}", path.read_bytes()))
    result = ExportResult(target, 0)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
            result.by_kind[kind_of(name)] += info.compress_size if hasattr(info, "compress_size") else len(data)
            result.files += 1
    result.size = target.stat().st_size
    return result


def zim_metadata(languages: Languages, site_dir: Path, date: str) -> "ZimMetadata":
    """openZIM's metadata, in the default language's words (locales/<lang>.yml, keys zim_*);
    Language lists every configured language as ISO 639-3, the default first."""
    from .zim import ZimMetadata, illustration, iso639_3

    lang = languages.default
    iso = [iso639_3(code) for code in languages.codes]
    home = site_dir / home_page(lang, languages)
    found = FAVICON_LINK.search(home.read_text(encoding="utf-8")) if home.is_file() else None
    name = found.group(1).split("?")[0] if found else FAVICON
    favicon = site_dir / name
    if not favicon.is_file():
        raise ExportError(f"the ZIM's 48x48 illustration is made from the site's favicon, {name}, "
                          "which the offline build did not write")
    if favicon.suffix.lower() not in (".png", ".ico", ".jpg", ".jpeg", ".webp", ".gif"):
        raise ExportError(f"the ZIM's 48x48 illustration is made from the site's favicon, {name}, which is not "
                          "a bitmap image: set theme.favicon in mkdocs.yml to a PNG")
    return ZimMetadata(
        name=f"{ZIM_PREFIX}_{iso[0] if len(iso) == 1 else 'mul'}_all", title=languages.t(lang, "offline_title"),
        creator=languages.t(lang, "zim_creator"), publisher=languages.t(lang, "zim_publisher"), date=date,
        description=languages.t(lang, "zim_description"), long_description=languages.t(lang, "zim_long_description"),
        languages=iso, tags=languages.t(lang, "zim_tags"), illustration=illustration(favicon.read_bytes()))


def zim_entries(site_dir: Path, content, languages: Languages) -> tuple[set[str], dict[str, list["GlossaryTerm"]]]:
    """The records' pages in every language (front articles), and each language's glossary terms."""
    from ..records.kinds import CASE_STUDY, EVENT, TERM, TOOL, TRAINING
    from .zim import glossary_terms

    front: set[str] = set()
    terms: dict[str, list] = {}
    for code in languages.codes:
        prefix = languages.folder(code)
        for kind, records in ((CASE_STUDY, content.case_studies), (TOOL, content.tools),
                              (TRAINING, content.trainings), (EVENT, content.events)):
            front.update(f"{prefix}{kind.section}/{rid}.html" for rid in records)
        glossary = f"{prefix}{TERM.section}/index.html"
        if (site_dir / glossary).is_file():
            terms[code] = glossary_terms(glossary, (site_dir / glossary).read_text(encoding="utf-8"), set(content.terms))
    missing = sorted(page for page in front if not (site_dir / page).is_file())
    if missing:
        raise ExportError(f"record pages missing from the offline build: {', '.join(missing[:5])}")
    return front, terms


def write_zim_edition(site_dir: Path, target: Path, content, date: str, languages: Languages,
                      books: list[PrintedBook]) -> "ZimResult":
    """The Kiwix edition from the offline site the zip holds: the same files (site at the root)
    and the zip's start page, with its links made relative to it, as main page."""
    from .zim import ZimError, write_zim

    files = {ZIM_MAIN_PAGE: start_page(languages, books, date, folder="").encode("utf-8")}
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(site_dir).as_posix()
        if wanted_offline(rel) and rel not in NOT_IN_ZIM:
            files[rel] = path.read_bytes()
    front, terms = zim_entries(site_dir, content, languages)
    try:
        return write_zim(files, target, zim_metadata(languages, site_dir, date), main_path=ZIM_MAIN_PAGE,
                         front=front, terms=terms)
    except ZimError as exc:
        raise ExportError(str(exc)) from None


def export(project: Project, dist: Path, *, pdf: bool = True, zim: bool = False) -> ExportResult:
    """Build the offline edition (and the printed books, and with ``zim`` the Kiwix edition from
    the same build) and move them into ``dist`` only when complete."""
    if pdf:
        check_printing()
    content, problems = project.load()
    if problems:
        raise ExportError(f"{len(problems)} problem(s) in records; run `resource-centre validate`")
    content = content.only_published()
    date = content.newest_review() or "1980-01-01"
    dist.mkdir(parents=True, exist_ok=True)
    final = dist / f"{ARCHIVE_PREFIX}-{date}.zip"
    with tempfile.TemporaryDirectory(prefix=".export-", dir=dist) as tmp:
        site_dir = Path(tmp) / "site"
        build_offline_site(project, site_dir)
        relative_not_found(site_dir)
        books: list[Path] = []
        if pdf:
            books = _print_books(site_dir, content, project, date)
        titled = printed_books(books, site_dir, project.languages)
        fill_books_slots(site_dir, titled, project.languages)
        partial = Path(tmp) / final.name
        result = write_zip(site_dir, partial, date, project.languages, titled)
        if zim:
            result.zim = write_zim_edition(site_dir, Path(tmp) / f"{ZIM_PREFIX}-{date}.zim", content, date,
                                           project.languages, titled)
        for book in books:
            os.replace(book, dist / book.name)
        os.replace(partial, final)
        if result.zim is not None:
            os.replace(result.zim.path, dist / result.zim.path.name)
            result.zim.path = dist / result.zim.path.name
    result.archive = final
    result.books = [dist / b.name for b in books]
    return result


def _print_books(site_dir: Path, content, project: Project, date: str) -> list[Path]:
    """The books, with a browser that fails to start or to print reported in one line, not a traceback."""
    from playwright.sync_api import Error as PlaywrightError

    from .printbook import print_books

    try:
        return print_books(site_dir, content, project.languages, site_dir / "print", date=date)
    except PlaywrightError as exc:
        first = next((line.strip() for line in str(exc).splitlines() if line.strip()), type(exc).__name__)
        raise ExportError(f"Chromium could not print the books ({first}): check that {CHROMIUM} --version runs, "
                          f"{NO_BOOKS}") from None


def unpack(archive: Path, dest: Path) -> Path:
    """Unzip an archive (for tests and readers without an unzip tool)."""
    shutil.rmtree(dest, ignore_errors=True)
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(dest)
    return dest
