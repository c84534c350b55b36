"""Contributor Markdown to safe HTML, and plain text made safe inside generated Markdown.

Records come from many hands, so their Markdown is rendered here (CommonMark, as
GitHub shows it), with raw HTML shown as text, and the result is cleaned by nh3 (the Ammonia sanitiser) with an
allow-list of tags and URL schemes. Only the cleaned HTML reaches the page.
"""
from __future__ import annotations

import html
import re

import cmarkgfm
import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "del", "ul", "ol", "li", "blockquote", "code", "pre",
                "a", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "hr", "abbr", "sup", "sub"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}, "h3": {"id"},
                      "h4": {"id"}, "h5": {"id"}, "h6": {"id"}}
URL_SCHEMES = {"http", "https", "mailto"}
EXTENSIONS = ["table", "strikethrough", "autolink"]

# Raw HTML in contributor text is shown as text. cmark would drop it, so every '<' that does
# not open an autolink (<https://...>, <name@host>) or a link address (](<...>)) reaches cmark
# as a control character, which validation never lets into a record, and comes back as &lt;.
_LT = "\x01"
_KEEP_LT = re.compile(r"<(?=[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>|[\w.!#$%&'*+/=?^`{|}~-]+@[\w.-]+>)|(?<=\]\()<")


def _as_text_lt(text: str) -> str:
    return "<".join(part.replace("<", _LT) for part in _KEEP_LT.split(text.replace(_LT, "")))


def render_markdown(text: str, *, demote: int = 2) -> str:
    """Render contributor Markdown to sanitised HTML; headings are demoted below the page's own.

    cmark-gfm (GitHub's CommonMark, with tables, strikethrough and bare-URL links) renders
    a case study's text in well under a millisecond, against some ten with Python-Markdown;
    at a thousand bilingual records that is most of the generator's time.
    """
    body = cmarkgfm.markdown_to_html_with_extensions(_as_text_lt(text), options=0, extensions=EXTENSIONS)
    body = body.replace(_LT, "&lt;")
    if demote:
        body = re.sub(r"<(/?)h([1-6])\b", lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + demote, 6)}", body)
    return clean_html(body).strip()


def clean_html(body: str) -> str:
    return nh3.clean(
        body,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render_inline(text: str) -> str:
    """One line of contributor Markdown (a success factor, a step title) without the <p>."""
    body = render_markdown(text, demote=0)
    if body.startswith("<p>") and body.endswith("</p>") and body.count("<p>") == 1:
        return body[3:-4]
    return body


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def md_text(text: str) -> str:
    """Plain text (a title, a name) placed in generated Markdown: shown exactly as written."""
    flat = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(flat, quote=True))


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
