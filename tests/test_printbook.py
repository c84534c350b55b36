"""The printed books made by `resource-centre export` (issue #13, item 16), read back with poppler.

The mini fixture has a documented case study written in English only (provincial-education)
and an illustrative one written in both languages (joint-health-review). A third, documented
and bilingual, has a long summary and partners enough that its "At a glance" list no longer fits
below it: the list must start on the page of its title, not leave that page half blank.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import broken_links, make_project
from test_downloads import add_downloads

from resource_centre.editions.export import export, unpack
from resource_centre.records.project import open_project
from resource_centre.site.render import Ctx, chips, sources_and_tags

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is installed by scripts/test")

MANY_PARTNERS = """id: many-partners
status: published
title: {en: A partnership of many provinces, km: ភាពជាដៃគូនៃខេត្តជាច្រើន}
summary:
  en: %s
  km: %s
partners:
%s
location: {scope: provincial, provinces: [siem-reap], countries: [KH]}
principles: [mutual-accountability, shared-goal]
review: {last_reviewed: 2026-11-01}
translation: {en: reviewed, km: draft}
"""
PARTNER = ("  - name: {en: Partner %d, km: ដៃគូទី %d}\n    type: government\n"
           "    role: {en: Brought people and money and a long written explanation of its role in the partnership,"
           " km: បាននាំមកនូវមនុស្ស និងថវិកា ព្រមទាំងការពន្យល់ជាលាយលក្ខណ៍អក្សរយ៉ាងវែងអំពីតួនាទីរបស់ខ្លួនក្នុងភាពជាដៃគូ}")


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> tuple[Path, dict[str, Path], Path]:
    """(project, book name -> PDF, unpacked offline site) of one export."""
    project = make_project(tmp_path_factory.mktemp("books") / "p")
    partners = "\n".join(PARTNER % (i, i) for i in range(1, 8))
    # Long enough that the partners no longer fit under the summary, short enough that they fit on a page.
    summary = ("Many partners worked together. " * 40, "ដៃគូជាច្រើនបានធ្វើការរួមគ្នា។ " * 30)
    (project / "casestudies" / "many-partners.yml").write_text(MANY_PARTNERS % (*summary, partners), encoding="utf-8")
    add_downloads(project)
    result = export(open_project(project), project / "dist")
    site = unpack(result.archive, tmp_path_factory.mktemp("usb")) / "site"
    return project, {b.stem: b for b in result.books}, site


def pdftotext(pdf: Path) -> list[str]:
    """The text of each page, white space removed (Khmer clusters come out with stray spaces)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [re.sub(r"\s+", "", page) for page in text.split("\f")]


def pdf_title(pdf: Path) -> str:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return re.search(r"^Title:\s*(.*)$", info, re.MULTILINE).group(1).strip()


def test_the_pdf_title_is_the_books_title(books):
    project, pdfs, _ = books
    languages = open_project(project).languages
    for name, pdf in pdfs.items():
        key, lang = name.rsplit("-", 1)
        assert pdf_title(pdf) == languages.t(lang, f"{key}_title"), name


def _order(pages: list[str], titles: list[str]) -> list[str]:
    """``titles`` in the order of the book's contents (page 2), which is the order of its parts."""
    contents = pages[1]
    return sorted(titles, key=lambda t: contents.index(re.sub(r"\s+", "", t)))


def test_the_khmer_book_opens_with_khmer_records_and_documented_cases_first(books):
    _, pdfs, _ = books
    km = ["ភាពជាដៃគូនៃខេត្តជាច្រើន", "ការពិនិត្យឡើងវិញរួមលើវិស័យសុខាភិបាល", "Provincial education partnership"]
    # Khmer text first (documented before illustrative), then the record shown in English.
    assert _order(pdftotext(pdfs["casebook-km"]), km) == km
    en = ["A partnership of many provinces", "Provincial education partnership", "Joint health sector review"]
    # Documented cases before the illustrative one, each group in alphabetical order.
    assert _order(pdftotext(pdfs["casebook-en"]), en) == en


def test_at_a_glance_separates_its_labels(books):
    _, pdfs, _ = books
    english = "".join(pdftotext(pdfs["casebook-en"]))
    assert "Provincial,SiemReap,Cambodia" in english
    assert "Mutualaccountability,Sharedgoal" in english
    khmer = "".join(pdftotext(pdfs["casebook-km"]))
    assert "ថ្នាក់ខេត្ត,ខេត្តសៀមរាប,កម្ពុជា" in khmer
    assert "គណនេយ្យភាពទៅវិញទៅមក,គោលដៅរួម" in khmer


@pytest.mark.parametrize("lang, title, glance", [
    ("en", "A partnership of many provinces", "At a glance"),
    ("km", "ភាពជាដៃគូនៃខេត្តជាច្រើន", "ទិដ្ឋភាពទូទៅ"),
])
def test_a_long_facts_list_starts_on_the_page_of_its_title(books, tmp_path, lang, title, glance):
    _, pdfs, _ = books
    pages = pdftotext(pdfs[f"casebook-{lang}"])
    start = next(i for i, page in enumerate(pages[2:], 2) if re.sub(r"\s+", "", title) in page)
    assert glance.replace(" ", "") in pages[start], f"'{glance}' is not on page {start + 1} with its title"
    assert "ដៃគូទី1" in pages[start] or "Partner1" in pages[start]  # the list itself begins there
    subprocess.run(["pdftoppm", "-r", "30", "-f", str(start + 1), "-l", str(start + 1), "-png",
                    str(pdfs[f"casebook-{lang}"]), str(tmp_path / "page")], check=True)
    assert next(tmp_path.glob("page*.png")).stat().st_size > 3000


def test_chips_and_tags_carry_the_languages_list_separator(books):
    project, _, _ = books
    proj = open_project(project)
    content, _ = proj.load()
    record = content.tools["health-check"]
    record.data["tags"] = ["health check", "TWG"]
    for lang in ("en", "km"):
        ctx = Ctx(content, proj.languages, lang)
        html = chips(ctx, "principles", ["mutual-accountability", "shared-goal"], "case-studies")
        assert html.count('<span class="rc-sep">, </span>') == 1, html
        tags = next(part for part in sources_and_tags(ctx, record) if "rc-tags" in part)
        assert '<span class="rc-tag">health check</span>, <span class="rc-tag">TWG</span>' in tags, tags



@pytest.mark.parametrize("lang", ["", "km/"])
def test_the_offline_edition_offers_each_download_as_a_pdf_too(books, lang):
    """Item 15: in the export every printable download is also a PDF, linked beside it on the tool page."""
    _, _, site = books
    tool = (site / lang / "tools" / "health-check.html").read_text(encoding="utf-8")
    for language, heading in (("en", "Healthcheck"), ("km", "ការត្រួតពិនិត្យសុខភាព")):
        pdf = site / lang / "tools" / "files" / f"health-check-{language}.pdf"
        assert f'href="files/health-check-{language}.pdf"' in tool
        text = "".join(pdftotext(pdf))
        assert heading in text and "|" not in text and "**" not in text, text
        assert re.sub(r"\s+", "", pdf_title(pdf)) == heading
    assert broken_links(site) == []


def test_a_book_loads_the_stylesheets_of_every_page_it_holds(tmp_path):
    """A tool with an assessment loads assessment.css on its page; in the toolbook it is not the first
    page, whose <head> the book starts from, yet its questionnaire must print with its own styles."""
    from conftest import REPO

    from resource_centre.editions.printbook import Book, book_html
    from resource_centre.records.model import Record
    from resource_centre.text.languages import Language, load_languages

    languages = load_languages([Language("en", "English", True)], REPO / "locales")
    page = ('<!doctype html><html><head><title>{t}</title>'
            '<link rel="stylesheet" href="../assets/stylesheets/main.css">{extra}</head>'
            '<body><article class="md-content__inner">{t}</article></body></html>')
    (tmp_path / "tools").mkdir()
    (tmp_path / "tools" / "a.html").write_text(page.format(t="A", extra=""), encoding="utf-8")
    (tmp_path / "tools" / "b.html").write_text(page.format(
        t="B", extra='<link rel="stylesheet" href="../assets/stylesheets/assessment.css">'), encoding="utf-8")
    records = [Record("tool", name, {"id": name, "title": {"en": name.upper()}}, f"tools/{name}.yml") for name in "ab"]
    html = book_html(tmp_path, Book("tools", "en", "Toolbook", records), languages, subtitle="", contents="Contents")
    head = html.split("</head>")[0]
    assert head.count('href="assets/stylesheets/main.css"') == 1
    assert head.count('href="assets/stylesheets/assessment.css"') == 1
