"""A tool's text downloads reach readers as printable documents, not raw Markdown (issue #13, item 15).

A download written as a Markdown text file (tools/files/*.txt) becomes an HTML page made for
A4 paper in every site language (and, in the offline edition, a PDF: tests/test_printbook.py).
The tool page links that page, in the download's language; its text holds no Markdown syntax.
Checked on the live site's URL style over HTTP and on the offline edition's from file://, in a
real browser, under the site's Content-Security-Policy.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import broken_links, make_project, mkdocs
from test_csp_and_print import RECORD_VIOLATIONS

from resource_centre.build.pages import plan_downloads, plan_pages
from resource_centre.records.project import open_project
from resource_centre.records.schema import load_schemas

CHECKLIST_EN = """# Health check

Partnership Resource Centre · CC BY 4.0

| # | Question | Score (1–4) |
|---|----------|-------------|
| 1 | Do we have a **shared goal**? | |
| 2 | Do we **review** it regularly? | |

## Actions we agree

| Action | Who leads |
|--------|-----------|
| | |
"""
CHECKLIST_KM = """# ការត្រួតពិនិត្យសុខភាព

| ល.រ | សំណួរ | ពិន្ទុ (១–៤) |
|---|---|---|
| ១ | តើយើងមាន**គោលដៅរួម**ដែរឬទេ? | |

## សកម្មភាពដែលយើងព្រមព្រៀង

- **ជំហានទី១** ពិភាក្សា
"""


def add_downloads(project: Path) -> None:
    """Give the mini fixture's tool an English and a Khmer checklist with tables, bold and lists."""
    files = project / "tools" / "files"
    (files / "health-check-en.txt").write_text(CHECKLIST_EN, encoding="utf-8")
    (files / "health-check-km.txt").write_text(CHECKLIST_KM, encoding="utf-8")
    record = project / "tools" / "health-check.yml"
    data = yaml.safe_load(record.read_text(encoding="utf-8"))
    data["downloads"] = [
        {"file": "health-check-en.txt", "language": "en", "title": {"en": "Printable checklist", "km": "បញ្ជីសម្រាប់បោះពុម្ព (អង់គ្លេស)"}},
        {"file": "health-check-km.txt", "language": "km", "title": {"en": "Printable checklist (Khmer)", "km": "បញ្ជីសម្រាប់បោះពុម្ព"}},
    ]
    record.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("downloads") / "p")
    add_downloads(project)
    return project


@pytest.fixture(scope="module")
def live(project) -> Path:
    mkdocs(project, "build", "--strict")
    return project / "site"


@pytest.fixture(scope="module")
def offline(project, tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("offline") / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                            cwd=project, capture_output=True, text=True, timeout=600,
                            env=dict(os.environ, OFFLINE="true", NO_MKDOCS_2_WARNING="1"))
    assert result.returncode == 0, result.stderr
    return site


def test_the_tool_page_links_a_printable_page_not_the_text_file(project):
    proj = open_project(project)
    content, _ = proj.load()
    pages = {(p.lang, p.path): p.text for p in plan_pages(content, proj.languages, load_schemas(str(proj.schemas_dir)))}
    tool = pages[("km", "tools/health-check.md")]
    assert ('- <a class="rc-download" href="../files/health-check-km.html" hreflang="km" type="text/html">'
            "បញ្ជីសម្រាប់បោះពុម្ព</a> (ខ្មែរ)") in tool
    assert ".txt" not in tool
    for lang in ("en", "km"):
        for name in ("health-check-en", "health-check-km"):
            assert (lang, f"tools/files/{name}.html") in pages
    assert not [path for path in plan_downloads(content, proj.languages) if path.endswith(".txt")]


def _visible_text(page) -> str:
    return page.evaluate("document.querySelector('main').innerText")


@pytest.mark.parametrize("lang", ["", "km/"])
def test_each_download_opens_as_a_printable_document_in_its_language(browser, live, serve, lang, tmp_path):
    base = serve(live)
    page = browser.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(base + lang + "tools/health-check/")
    links = page.locator("a.rc-download")
    assert links.count() == 2
    for i in range(2):
        page.goto(base + lang + "tools/health-check/")
        link = page.locator("a.rc-download").nth(i)
        language = link.get_attribute("hreflang")
        link.click()
        page.wait_for_selector("main.rc-printable__page table")
        assert page.url.endswith(f"tools/files/health-check-{language}.html")
        assert page.evaluate("document.querySelector('main').lang") == language
        text = _visible_text(page)
        assert "**" not in text and "|" not in text and "---" not in text, text
        assert ("Health check" if language == "en" else "ការត្រួតពិនិត្យសុខភាព") in text
        assert page.locator("h1").count() == 1 and page.locator("main table").count() >= 1
        # The bar speaks the page's language, runs its script under the policy and leads back.
        assert page.locator("[data-rc-print]").is_visible()
        assert page.evaluate("document.documentElement.lang") == (lang.rstrip("/") or "en")
        pdf = tmp_path / f"{language}.pdf"
        page.pdf(path=str(pdf), prefer_css_page_size=True)
        if shutil.which("pdftotext"):
            printed = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
            assert "|" not in printed and "**" not in printed, printed
            assert "Back to the tool" not in printed and "ត្រឡប់ទៅឧបករណ៍" not in printed  # the bar stays on screen
            info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
            assert re.search(r"Page size:\s+59[45]\.\d+ x 841\.\d+", info), info  # A4
        page.locator(".rc-printable__bar a").first.click()
        page.wait_for_selector("#downloads")
    assert page.evaluate("window.__csp") == []
    assert errors == []
    page.close()


def test_no_raw_text_file_is_published(live, offline):
    for site in (live, offline):
        assert not list(site.rglob("tools/files/*.txt"))
        assert sorted(p.name for p in site.glob("km/tools/files/*")) == ["health-check-en.html", "health-check-km.html"]


def test_the_offline_edition_opens_them_from_disk(browser, offline):
    assert broken_links(offline) == []
    page = browser.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto((offline / "km" / "tools" / "health-check.html").as_uri())
    page.locator('a.rc-download[hreflang="km"]').click()
    page.wait_for_selector("main.rc-printable__page table")
    assert "**" not in _visible_text(page)
    assert page.locator("[data-rc-print]").is_visible()
    page.locator(".rc-printable__bar a").first.click()
    page.wait_for_selector("#downloads")
    assert page.evaluate("window.__csp") == [] and errors == []
    page.close()
