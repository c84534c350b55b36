"""Builds are repeatable and all-or-nothing; records cannot attack the site."""
from __future__ import annotations

import filecmp
import re
from html.parser import HTMLParser

import pytest
from conftest import make_project, mkdocs

from resource_centre.build.generate import generate
from resource_centre.output.writer import stage
from resource_centre.records.model import Record
from resource_centre.records.problems import ProblemList
from resource_centre.records.project import open_project

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
    real.load = lambda **_: (content, ProblemList())  # the records above, unvalidated
    stage(project / "staged", generate(real, drafts=False).files, project / "docs")
    config = (project / "mkdocs.yml").read_text().replace("  - resource-centre\n", "")
    config = config.replace("docs_dir: docs", "docs_dir: staged")
    (project / "mkdocs.yml").write_text(config)
    mkdocs(project, "build")
    return project / "site"


class _Tags(HTMLParser):
    """Every start tag of a page, as the browser's parser sees it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


FORBIDDEN_TAGS = {"script", "iframe", "style", "object", "embed", "svg", "math", "form", "meta", "base", "link"}


def test_no_injected_markup_reaches_the_html(injected_site):
    pages = sorted(injected_site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        html = path.read_text(encoding="utf-8")
        parser = _Tags()
        # A theme page's content is its <article>; a printable download (printable.py) is its own page,
        # whose document is its <main>.
        start, end = ("<article", "</article>") if "<article" in html else ("<main", "</main>")
        parser.feed(html[html.find(start):html.find(end)])
        assert parser.tags, path
        for tag, attrs in parser.tags:
            ours = ((tag == "form" and attrs.get("class", "").startswith("rc-"))  # the explorer's and the submission form
                    or (tag == "script" and attrs.get("type") == "application/json"  # the form's data, not code
                        and attrs.get("id", "").startswith("rc-")))
            assert ours or tag not in FORBIDDEN_TAGS, (path, tag, attrs)
            assert not [a for a in attrs if a.startswith("on")], (path, tag, attrs)
            for name in ("href", "src", "action", "data", "formaction"):
                url = re.sub(r"[\x00-\x20]", "", attrs.get(name, "")).lower()
                assert not url.startswith(("javascript:", "vbscript:", "data:")), (path, tag, attrs)
            assert "evil.example" not in attrs.get("src", ""), (path, tag, attrs)


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
            assert not href.lower().startswith(("javascript:", "data:", "vbscript:")), (path, link.evaluate("e => e.outerHTML"))
        assert page.evaluate("window.__pwned") is None, path
    assert dialogs == [] and outside == []
