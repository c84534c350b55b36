"""Golden pairs for contributor Markdown: what a contributor writes, and the exact HTML the page gets."""
from __future__ import annotations

import pytest

from resource_centre.text.markup import render_document, render_inline, render_markdown

GOLDEN = [
    ("raw HTML is shown as text", "a <b>bold</b> x<y",
     "<p>a &lt;b&gt;bold&lt;/b&gt; x&lt;y</p>"),
    ("an HTML block is shown as text", "<div>\nblock\n</div>",
     "<p>&lt;div&gt;\nblock\n&lt;/div&gt;</p>"),
    ("autolinks stay links", "see <https://example.org> or <info@example.org>",
     '<p>see <a href="https://example.org" rel="noopener noreferrer">https://example.org</a> or '
     '<a href="mailto:info@example.org" rel="noopener noreferrer">info@example.org</a></p>'),
    ("a link address in angle brackets", "[report](<https://example.org/a b>)",
     '<p><a href="https://example.org/a%20b" rel="noopener noreferrer">report</a></p>'),
    ("a < in code stays a <", "`a<b`", "<p><code>a&lt;b</code></p>"),
    ("a < inside an address in angle brackets", "[x](<https://example.org/a<b>)",
     '<p><a href="https://example.org/a%3Cb" rel="noopener noreferrer">x</a></p>'),
    ("a javascript: link loses its address", "[x](javascript:alert(1))",
     '<p><a rel="noopener noreferrer">x</a></p>'),
    ("images are not shown", "![map](https://example.org/map.png)", "<p></p>"),
    ("headings sit below the page's own", "# Title\n\n## Part", "<h3>Title</h3>\n<h4>Part</h4>"),
    ("a lone ### sits right below the section", "### Before\n\ntext", "<h3>Before</h3>\n<p>text</p>"),
    ("headings never skip a level", "# A\n\n### B\n\n## C\n\n# D\n\n###### E",
     "<h3>A</h3>\n<h4>B</h4>\n<h4>C</h4>\n<h3>D</h3>\n<h4>E</h4>"),
    ("a deeper heading first, then a higher one", "### B\n\n# A\n\n## C",
     "<h3>B</h3>\n<h3>A</h3>\n<h4>C</h4>"),
    ("levels stop at h6", "# 1\n## 2\n### 3\n#### 4\n##### 5",
     "<h3>1</h3>\n<h4>2</h4>\n<h5>3</h5>\n<h6>4</h6>\n<h6>5</h6>"),
    ("one-paragraph items stay compact in a loose list", "- one\n\n- two",
     "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
    ("table alignment without a style attribute", "| a | b |\n|:--|--:|\n| 1 | 2 |",
     '<table><thead><tr><th align="left">a</th><th align="right">b</th></tr></thead><tbody>\n'
     '<tr><td align="left">1</td><td align="right">2</td></tr>\n</tbody></table>'),
    ("strikethrough", "~~old~~ new", "<p><del>old</del> new</p>"),
    ("entities are read", "&copy; 2026", "<p>© 2026</p>"),
]


@pytest.mark.parametrize("name, source, expected", GOLDEN, ids=[g[0] for g in GOLDEN])
def test_contributor_markdown_renders_as_expected(name, source, expected):
    assert render_markdown(source) == expected


def test_headings_go_on_from_the_level_they_sit_under():
    """A summary or a term's description sits under the page's <h1>; a download's text is the page."""
    assert render_markdown("## In short\n\ntext", demote=1) == "<h2>In short</h2>\n<p>text</p>"
    assert render_document("## Title\n\n#### Part") == "<h1>Title</h1>\n<h2>Part</h2>"
    assert render_inline("### one line") == "<h3>one line</h3>"  # a one-liner keeps what was written


def test_one_line_loses_its_paragraph():
    assert render_inline("Chaired the **TWG**") == "Chaired the <strong>TWG</strong>"
    assert render_inline("two\n\nparagraphs") == "<p>two</p>\n<p>paragraphs</p>"


def test_a_run_of_backticks_that_crashed_another_parser_renders():
    """markdown-it-pyrs panicked on this (found by tests/test_properties.py)."""
    assert render_markdown('":(<srcsvg_["_http://x`') == '<p>":(&lt;srcsvg_["_http://x`</p>'
