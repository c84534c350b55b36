"""Contributor Markdown to safe HTML, and plain text made safe inside generated Markdown.

Records come from many hands, so their Markdown is rendered here (CommonMark with
tables and strikethrough, as contributors know it from GitHub), with raw HTML shown as text,
and the result is cleaned by nh3 (the Ammonia sanitiser) with an allow-list of tags
and URL schemes. Only the cleaned HTML reaches the page.
"""
from __future__ import annotations

import html
import json
import re
from typing import Any

import nh3
import pyromark

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "del", "ul", "ol", "li", "blockquote", "code", "pre",
                "a", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "hr", "abbr", "sup", "sub"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}, "h3": {"id"},
                      "h4": {"id"}, "h5": {"id"}, "h6": {"id"}}
URL_SCHEMES = {"http", "https", "mailto"}
_OPTIONS = pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_STRIKETHROUGH

# Raw HTML in contributor text is shown as text. CommonMark passes it through, so every '<'
# that does not open an autolink (<https://...>, <name@host>) or a link address (](<...>))
# reaches the parser as a control character (validation lets none into a record) and comes
# back as &lt; (or %3C inside a link address).
_LT = "\x01"
_KEEP_LT = re.compile(r"<(?:(?=[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>|[\w.!#$%&'*+/=?^`{|}~-]+@[\w.-]+>)|(?<=\]\(<))")
_ADDRESS = re.compile(r'(?:href|src)="[^"]*"')
_ALIGN = re.compile(r'<(t[hd]) style="text-align: (left|center|right)">')
# CommonMark wraps each item of a list with blank lines between items in <p>: one-paragraph items
# are shown without it, as before, since a long Khmer case study has no bytes to spare (60 KB).
_LOOSE_ITEM = re.compile(r"<li>\s*<p>((?:(?!</?p>|</?li>).)*)</p>\s*</li>", re.DOTALL)


def render_document(text: str) -> str:
    """A whole document in contributor Markdown (a download's text file) as sanitised HTML.

    Unlike a field of a record, the document is the page: its first heading is the page's
    <h1> and the next levels its sections.
    """
    return render_markdown(text, demote=0, tags=ALLOWED_TAGS | {"h1", "h2"})


def render_markdown(text: str, *, demote: int | None = 2, tags: set[str] = ALLOWED_TAGS) -> str:
    """Render contributor Markdown to sanitised HTML; its headings go on below the page's heading of
    level ``demote`` (:func:`outline`; None leaves them as written).

    pyromark (pulldown-cmark, the Rust CommonMark parser of rustdoc and mdBook) renders the
    text of a hundred case studies in 0.006 s, against 0.53 s with Python-Markdown: at a
    thousand bilingual records that was most of the generator's time. Table alignment comes
    as a style attribute, which the page's Content-Security-Policy would block, so it is
    turned back into ``align``.
    """
    source = text.replace(_LT, "")
    if "<" in source:
        source = "<".join(part.replace("<", _LT) for part in _KEEP_LT.split(source))
    body = pyromark.html(source, options=_OPTIONS)
    if "%01" in body and "%01" not in text:  # a '<' inside <...> link address, percent-encoded
        body = _ADDRESS.sub(lambda m: m.group(0).replace("%01", "%3C"), body)
    body = body.replace(_LT, "&lt;")
    body = _ALIGN.sub(r'<\1 align="\2">', body)
    if "<li>" in body:
        body = _LOOSE_ITEM.sub(r"<li>\1</li>", body)
    if demote is not None and "<h" in body:
        body = outline(body, demote)
        tags = tags | {f"h{level}" for level in range(demote + 1, 7)}
    return clean_html(body, tags=tags).strip()


_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")


def outline(body: str, under: int) -> str:
    """Renumber the headings of rendered text so that they go on from the page's level ``under``
    without skipping one (a checker and a screen reader's list of headings read a jump from
    <h2> to <h5> as missing sections).

    A heading goes one level below the nearest heading before it that the writer gave a higher
    level (a smaller number), or right below the page's heading when there is none: a text that
    uses only ``###`` gets <h3> under a section's <h2>, and ``#``, ``##``, ``###`` become <h3>,
    <h4>, <h5>. Levels stop at <h6>, the last HTML has.
    """
    stack: list[tuple[int, int]] = []  # (the writer's level, the level given), outermost first
    given = under + 1

    def renumber(match: re.Match) -> str:
        nonlocal given
        if not match.group(1):
            written = int(match.group(2))
            while stack and stack[-1][0] >= written:
                stack.pop()
            given = min((stack[-1][1] if stack else under) + 1, 6)
            stack.append((written, given))
        return f"<{match.group(1)}h{given}"

    return _HEADING_TAG.sub(renumber, body)


def clean_html(body: str, *, tags: set[str] = ALLOWED_TAGS) -> str:
    return nh3.clean(
        body,
        tags=tags,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render_inline(text: str) -> str:
    """One line of contributor Markdown (a success factor, a step title) without the <p>."""
    body = render_markdown(text, demote=None)
    if body.startswith("<p>") and body.endswith("</p>") and body.count("<p>") == 1:
        return body[3:-4]
    return body


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def md_text(text: str, *, quote: bool = True) -> str:
    """Plain text (a title, a name) placed in generated Markdown: shown exactly as written.

    ``quote=False`` leaves quotes as they are, for a heading: the table of contents escapes a
    heading's text again, and showed an escaped apostrophe as "&#x27;"."""
    flat = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(flat, quote=quote))


def safe_url(url: str) -> str | None:
    """The URL if its scheme is one a page may link to (http, https, mailto), else None.

    Validation already rejects other schemes; this keeps a record that bypassed it harmless.
    """
    cleaned = re.sub(r"[\x00-\x20]", "", str(url))
    scheme = cleaned.split(":", 1)[0].lower() if ":" in cleaned else ""
    return str(url).strip() if scheme in URL_SCHEMES else None


def attr(text: str) -> str:
    """Plain text inside an HTML attribute."""
    return html.escape(" ".join(str(text).split()), quote=True)


_UNSAFE_IN_HTML = re.compile("[\x7f-\x9f\u2028\u2029]")


def json_for_script(data: Any) -> str:
    """``data`` as JSON that is safe inside <script type="application/json"> and in generated Markdown.

    ``<``, ``>`` and ``&`` are written as \\u escapes, so neither ``</script>`` nor a
    comment or tag-like text can appear in the block (JSON.parse restores them). So are the
    control characters U+007F-U+009F (a form spec's own pattern for them holds them), which an HTML
    document may not contain, and the line separators U+2028 and U+2029.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = _UNSAFE_IN_HTML.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
    assert "</" not in text and "\n" not in text
    return text
