"""What the live preview (`mkdocs serve`) adds to each page it sends, and why.

MkDocs' preview server appends an inline ``<script>`` to every HTML page it
serves, to reload the page after a rebuild. Every page carries a
Content-Security-Policy that allows only the hashes of its own inline scripts
(csp.py), so the browser refused that script and the preview never reloaded.
Rather than weaken the policy, the preview sends a same-origin script of ours
(:data:`LIVERELOAD_SCRIPT`) in its place, given the server's epoch and a request
id as data attributes; it speaks MkDocs' ``/livereload/<epoch>/<request_id>``
long-poll protocol. The policy already allows it (``script-src 'self'``).

The preview leaves a record with problems out, so a page can keep showing that
record's last good version: each page is sent with a banner naming every
problem (``file:line:column`` and the message, as ``resource-centre validate``
prints them) in the page's language, until they are fixed.

This is added when a page is *sent*, not when it is built: the preview rebuilds
only the pages that changed (``--dirty``), and every page must show the current
problems. Nothing here is ever part of ``mkdocs build`` output.
"""
from __future__ import annotations

import html
import re
from typing import Mapping, Sequence

from ..records.problems import Problem
from ..text.languages import Languages

# Docs-relative path of the script (overrides/assets/javascripts/); left out of `mkdocs build`.
LIVERELOAD_SCRIPT = "assets/javascripts/rc-livereload.js"

_HTML_LANG = re.compile(rb"<html\b[^>]*?\blang=\"([^\"]+)\"", re.IGNORECASE)
_BODY = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)
# Material's page container, just below the header: the banner goes before it, across the page.
_CONTAINER = b'<div class="md-container"'


def problems_banner(problems: Sequence[Problem], languages: Languages, lang: str) -> str:
    """The banner saying which records the preview left out and why, in ``lang``; "" when there are none."""
    if not problems:
        return ""
    items = "".join(
        f'<li><code>{html.escape(f"{p.file}:{p.line}:{p.column}")}</code> '
        f'{html.escape(p.message + (f" ({p.hint})" if p.hint else ""))}</li>'
        for p in problems)
    return ('<div class="rc-preview-problems" role="alert"><div class="md-grid">'
            f'<p class="rc-preview-problems__title">{html.escape(languages.t(lang, "preview_problems_title"))}</p>'
            f'<p>{html.escape(languages.t(lang, "preview_problems_intro"))}</p>'
            f'<ul>{items}</ul></div></div>')


def problems_banners(problems: Sequence[Problem], languages: Languages) -> dict[str, str]:
    """:func:`problems_banner` for every site language, made once per build rather than per page sent."""
    return {code: problems_banner(problems, languages, code) for code in languages.codes}


def preview_page(page: bytes, *, script_url: str, epoch: int, request_id: int,
                 banners: Mapping[str, str], default: str) -> bytes:
    """A built page as the preview sends it: with the problems banner of its language and our reload script.

    ``banners`` maps a language code to its banner (see :func:`problems_banners`); the page's
    language is read from ``<html lang>``, and a language without a banner gets ``default``'s.
    """
    match = _HTML_LANG.search(page)
    lang = match.group(1).decode("ascii", "replace") if match else default
    banner = (banners.get(lang) or banners.get(default) or "").encode("utf-8")
    if banner:
        at = page.find(_CONTAINER)
        if at < 0:
            body = _BODY.search(page)
            at = body.end() if body else 0
        page = page[:at] + banner + page[at:]
    script = (f'<script src="{html.escape(script_url)}" data-epoch="{int(epoch)}" '
              f'data-request="{int(request_id)}"></script>').encode("utf-8")
    end = page.rfind(b"</body>")
    if end < 0:
        end = len(page)
    return page[:end] + script + page[end:]
