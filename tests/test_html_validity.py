"""Every page type, in every language, is valid HTML to the Nu Html Checker (vnu-jar from npm, on Java).

A checker this project did not write catches what our own string tests cannot: attributes that
mean nothing (a leftover ``markdown="0"``), labels on elements that cannot carry one, heading
levels that skip, characters a document may not hold. The only errors let through are Material
for MkDocs' own, listed in ``MATERIAL`` with the template line that writes each one.

One ``java`` process checks every page: starting the JVM is most of the time.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import REPO, make_project, mkdocs

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# One page of each type, as a path below a language's root ("" for the default language, "km/"...).
PAGE_TYPES = {
    "home": "index.html",
    "about": "about/index.html",
    "case-study explorer": "case-studies/index.html",
    "case study": "case-studies/joint-health-review/index.html",
    "tool list": "tools/index.html",
    "tool finder": "tools/finder/index.html",
    "tool": "tools/health-check/index.html",
    "printable download": "tools/files/health-check-en.html",
    "glossary": "glossary/index.html",
    "browse index": "browse/index.html",
    "term page": "browse/scopes/provincial/index.html",
    "open data": "data/index.html",
    "contribute": "contribute/index.html",
    "submit": "contribute/submit/index.html",
    "status": "contribute/status/index.html",
}
NOT_FOUND = "404.html"  # one page for every language: it speaks the language of the missing address

# Material for MkDocs 9.8.1 writes these itself (material/templates/...); they are not ours to fix.
# Each: (the checker's message, the extract it must be found in, where Material writes it).
MATERIAL = [
    # base.html:99-100: the drawer and search toggles are checkboxes with autocomplete="off".
    ("Attribute “autocomplete” is only allowed when the input type is",
     r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" id="__(drawer|search)" autocomplete="off">',
     "base.html"),
    # partials/toc.html:15 labels the table of contents' title for="__toc", a checkbox that
    # partials/nav-item.html:145 writes only where the page itself is in the navigation.
    ("The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control.",
     r'<label class="md-nav__title" for="__toc">', "partials/toc.html"),
    # partials/nav-item.html:106-107 and 118-119: a section's label gets tabindex="" (no value) when
    # the section is shown open (navigation.sections).
    ("Bad value “” for attribute “tabindex” on element “label”",
     r'<label class="md-nav__link[^"]*" for="__nav_[0-9_]+" id="__nav_[0-9_]+_label" tabindex="">',
     "partials/nav-item.html"),
]


def materials(message: dict) -> bool:
    """Is this error one of Material's own (``MATERIAL``)?"""
    extract = message.get("extract", "")
    return any(message["message"].startswith(text) and re.search(pattern, extract)
               for text, pattern, _ in MATERIAL)


def add_variety(project: Path) -> None:
    """Give the mini fixture what a page of the bundled site has and it lacks: headings and a table
    in a record's Markdown (a section under an <h2>, a step), and a term that has a description (its
    page then holds contributor Markdown right under its <h1>; a summary is plain text)."""
    case = project / "casestudies" / "joint-health-review.yml"
    text = case.read_text(encoding="utf-8")
    before = "      Before the review, *each partner* reported separately.\n"
    assert before in text
    text = text.replace(before, "      ### Before the review\n\n" + before
                        + "\n      | Partner | Reports |\n      | :--- | ---: |\n      | MoH | 4 |\n"
                        + "\n      # The review\n\n      It was held *together*.\n\n      ### Its agenda\n\n      Three days.\n")
    case.write_text(text, encoding="utf-8")
    tool = project / "tools" / "health-check.yml"
    text = tool.read_text(encoding="utf-8")
    step = "  - {en: Discuss the differences.}\n"
    assert step in text
    tool.write_text(text.replace(step, '  - {en: "#### Discuss\\n\\nDiscuss the differences."}\n'), encoding="utf-8")
    scopes = project / "taxonomies" / "scopes.yml"
    text = scopes.read_text(encoding="utf-8")
    term = "    label: {en: Provincial, km: ថ្នាក់ខេត្ត}\n"
    assert term in text
    scopes.write_text(text.replace(term, term + '    description: {en: "### Where\\n\\nIn one or more provinces."}\n'),
                      encoding="utf-8")


@pytest.fixture(scope="module")
def varied_site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("html") / "project")
    add_variety(project)
    mkdocs(project, "build", "--strict")
    return project / "site"


def check(files: list[Path]) -> list[dict]:
    """The checker's errors for ``files``, from one run (its JSON report goes to standard error)."""
    java = shutil.which("java")
    if not java or not VNU.exists():
        pytest.fail("the Nu Html Checker needs Java and node_modules/vnu-jar: scripts/test installs both "
                    "(apt-get install default-jre-headless; npm ci)")
    result = subprocess.run([java, "-jar", str(VNU), "--format", "json", "--errors-only", *map(str, files)],
                            capture_output=True, text=True, timeout=600)
    try:
        report = json.loads(result.stderr)
    except json.JSONDecodeError:
        raise AssertionError(f"the checker failed (exit {result.returncode}):\n{result.stdout}\n{result.stderr}") from None
    return [m for m in report["messages"] if m["type"] == "error" or m.get("subType") == "fatal"]


def where(site: Path, message: dict) -> str:
    path = Path(urllib.request.url2pathname(urllib.parse.urlsplit(message["url"]).path))
    extract = " ".join(message.get("extract", "").split())
    if len(extract) > 120:  # the control characters' extract is the whole embedded JSON
        extract = extract[:60] + " … " + extract[-60:]
    return f"{path.relative_to(site)}:{message.get('lastLine', '?')}: {message['message']}  [{extract}]"


def test_every_page_type_in_every_language_is_valid_html(varied_site):
    roots = ["", "km/"]  # the mini fixture's languages, as mkdocs.yml lists them
    wanted = [varied_site / NOT_FOUND] + [varied_site / (root + path) for root in roots for path in PAGE_TYPES.values()]
    missing = [str(f.relative_to(varied_site)) for f in wanted if not f.exists()]
    assert not missing, f"page types not built: {missing}"
    files = sorted(varied_site.rglob("*.html"))  # every page: a few more cost little beside the JVM's start
    ours = [where(varied_site, m) for m in check(files) if not materials(m)]
    assert not ours, f"{len(ours)} HTML errors of ours:\n" + "\n".join(ours)


def test_materials_errors_are_recognised_and_nothing_else():
    """The allow-list matches Material's markup as its templates write it, and not ours that looks alike."""
    drawer = {"message": "Attribute “autocomplete” is only allowed when the input type is “color”, …",
              "extract": '"custom">\n<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">\n<inpu'}
    toc = {"message": MATERIAL[1][0], "extract": 'ontents">\n<label class="md-nav__title" for="__toc">\n<span'}
    section = {"message": "Bad value “” for attribute “tabindex” on element “label”: The empty string is not a valid integer.",
               "extract": '<label class="md-nav__link md-nav__link--active" for="__nav_7" id="__nav_7_label" tabindex="">'}
    assert all(materials(m) for m in (drawer, toc, section))
    ours = [dict(drawer, extract='<input type="checkbox" name="twgs" value="health" autocomplete="off">'),
            dict(toc, extract='<label class="rc-search-invite" for="__search">'),
            {"message": "Attribute “markdown” not allowed on element “div” at this point.",
             "extract": '<div class="rc-summary" markdown="0">'}]
    assert not any(materials(m) for m in ours)


def test_no_page_relies_on_a_style_attribute(varied_site):
    """The pages' Content-Security-Policy has no 'unsafe-inline' for styles, so a style attribute does
    nothing: table columns aligned in Markdown (the Status page's figures) get align= instead."""
    styled = [f"{page.relative_to(varied_site)}: {match}" for page in sorted(varied_site.rglob("*.html"))
              for match in re.findall(r'<[a-z0-9]+ [^>]*\bstyle="[^"]*"', page.read_text(encoding="utf-8"))]
    assert not styled, "\n".join(styled[:20])
    status = (varied_site / "contribute" / "status" / "index.html").read_text(encoding="utf-8")
    assert '<td align="right">' in status
