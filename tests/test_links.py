"""Links the planner writes into generated HTML (cards, the explorer, the home page's counts).

MkDocs resolves links only in Markdown, so these are made by ``render.href`` the way MkDocs
writes them, for directory URLs (the site) and without (the offline edition).
"""
from __future__ import annotations

import pytest

from resource_centre.site.urls import href, page_url

PAIRS = [
    # from page, to page, directory URLs, offline edition
    ("case-studies/index.md", "case-studies/x.md", "x/", "x.html"),
    ("tools/index.md", "case-studies/x.md", "../case-studies/x/", "../case-studies/x.html"),
    ("tools/finder.md", "tools/t.md", "../t/", "t.html"),
    ("browse/twgs/health.md", "case-studies/x.md", "../../../case-studies/x/", "../../case-studies/x.html"),
    ("index.md", "case-studies/index.md", "case-studies/", "case-studies/index.html"),
    ("about.md", "index.md", "../", "index.html"),
    ("index.md", "index.md", "./", "index.html"),
]


@pytest.mark.parametrize("source, target, directory, offline", PAIRS)
def test_links_are_relative_for_both_url_styles(source, target, directory, offline):
    assert href(source, target, True) == directory
    assert href(source, target, False) == offline


def test_page_urls_follow_mkdocs():
    assert page_url("index.md", True) == "" and page_url("index.md", False) == "index.html"
    assert page_url("browse/twgs/health.md", True) == "browse/twgs/health/"
    assert page_url("case-studies/index.md", False) == "case-studies/index.html"
