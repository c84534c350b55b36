"""Page compaction does exactly what its definition (csp.INDENT) says, however the text looks."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from resource_centre.site import csp

PIECES = st.sampled_from([" ", "\t", "\n", "\r", "\u00a0", "\u200b", "  \n  ", "a", "ក", "<p>", "</p>",
                          "<pre> x\n  y </pre>", "<code>\n a </code>", "<script>\n var a; \n</script>", "x y"])


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_compaction_is_the_indent_rule_outside_verbatim_elements(text):
    parts = csp.VERBATIM.split(text)
    expected = "".join(csp.INDENT.sub("\n", part) if i % 3 == 0 else part
                       for i, part in enumerate(parts) if i % 3 != 2)
    assert csp.compact(text) == expected


def test_verbatim_elements_are_kept_byte_for_byte():
    page = "<div>\n    <pre>  a\n    b</pre>\n    <p>x</p>\n</div>\n"
    assert csp.compact(page) == "<div>\n<pre>  a\n    b</pre>\n<p>x</p>\n</div>\n"


def test_inline_svg_icons_lose_only_their_namespace_declaration():
    from resource_centre.site.csp import compact

    page = ('<p><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M1 1"/></svg></p>\n'
            '<pre><svg xmlns="http://www.w3.org/2000/svg"></svg></pre>')
    assert compact(page) == ('<p><svg viewBox="0 0 24 24"><path d="M1 1"/></svg></p>\n'
                             '<pre><svg xmlns="http://www.w3.org/2000/svg"></svg></pre>')
