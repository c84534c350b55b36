"""The offline edition: the whole site, both languages, in one zip that opens from a USB stick.

The site is built with Material's offline plugin (no directory URLs, inlined
search index) into a temporary folder, zipped there, and only a complete
archive replaces the previous one. The archive is reproducible: its name and
every timestamp inside come from the newest record review, not the clock, and
entries are sorted, so the same content gives the same bytes.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .project import Project

ARCHIVE_PREFIX = "partnership-resource-centre-offline"
SITE_FOLDER = "site"
# The printed books are Chromium's print-to-PDF of the built pages (resource_centre/printbook.py),
# driven by Playwright's Python package with Debian's browser: Playwright downloads no browser here.
CHROMIUM = "/usr/bin/chromium"
NO_BOOKS = "or leave the books out: resource-centre export --no-pdf"

README = """Partnership Resource Centre — offline edition ({date})
=====================================================

1. Unzip this archive (right-click > "Extract all" on Windows).
2. Open the file index.html in the unzipped folder with any web browser.
   Everything works without internet: navigation, search, both languages.

Keep the folders together: index.html opens the pages in the "{site}" folder.

មជ្ឈមណ្ឌលធនធានភាពជាដៃគូ — ការបោះពុម្ពក្រៅបណ្តាញ ({date})
=====================================================

១. ពន្លាឯកសារ zip នេះ (នៅលើ Windows ចុចស្តាំ > "Extract all")។
២. បើកឯកសារ index.html នៅក្នុងថតដែលបានពន្លា ដោយប្រើកម្មវិធីរុករកណាមួយ។
   អ្វីៗទាំងអស់ដំណើរការដោយគ្មានអ៊ីនធឺណិត៖ ការរុករក ការស្វែងរក និងភាសាទាំងពីរ។

សូមរក្សាថតទាំងអស់នៅជាមួយគ្នា៖ index.html បើកទំព័រនៅក្នុងថត "{site}"។
(ការបកប្រែព្រាង៖ មិនទាន់ត្រូវបានពិនិត្យដោយអ្នកនិយាយភាសាកំណើតនៅឡើយទេ។)
"""

START_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="0; url={site}/index.html">
<title>Partnership Resource Centre</title></head>
<body><p><a href="{site}/index.html">Partnership Resource Centre (English)</a></p>
<p lang="km"><a href="{site}/km/index.html">មជ្ឈមណ្ឌលធនធានភាពជាដៃគូ (ខ្មែរ)</a></p></body></html>
"""


class ExportError(Exception):
    pass


@dataclass
class ExportResult:
    archive: Path
    size: int
    by_kind: Counter = field(default_factory=Counter)
    files: int = 0
    books: list[Path] = field(default_factory=list)


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


def write_zip(site_dir: Path, target: Path, date: str) -> ExportResult:
    """A deterministic zip: sorted entries, fixed times and permissions."""
    stamp = tuple(int(part) for part in date.split("-")) + (0, 0, 0)
    entries: list[tuple[str, bytes]] = [
        ("index.html", START_PAGE.format(site=SITE_FOLDER).encode("utf-8")),
        ("README.txt", README.format(date=date, site=SITE_FOLDER).encode("utf-8")),
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


def export(project: Project, dist: Path, *, pdf: bool = True) -> ExportResult:
    """Build the offline edition (and the printed books) and move them into ``dist`` only when complete."""
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
        books: list[Path] = []
        if pdf:
            books = _print_books(site_dir, content, project, date)
        partial = Path(tmp) / final.name
        result = write_zip(site_dir, partial, date)
        for book in books:
            os.replace(book, dist / book.name)
        os.replace(partial, final)
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
        raise ExportError(f"Chromium could not print the books ({first}); {NO_BOOKS}") from None


def unpack(archive: Path, dest: Path) -> Path:
    """Unzip an archive (for tests and readers without an unzip tool)."""
    shutil.rmtree(dest, ignore_errors=True)
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(dest)
    return dest
