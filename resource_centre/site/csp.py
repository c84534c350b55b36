"""A Content-Security-Policy for every built page: only the site's own scripts, styles, fonts and images.

Material writes a few small inline scripts (palette, local storage scope) whose
text differs per page, so each page gets the SHA-256 hashes of exactly its own
inline scripts and styles; anything injected later (or by a record that got
past validation) has no hash and does not run.

:func:`finish_page` also drops the indentation the theme's templates leave in
every page (about 5 KB a page, 8 % of a Khmer case study) just before the policy
is added: a run of white space holding a line break becomes one line break, which
a browser renders the same, and <pre>, <textarea>, <code>, <script> and <style>
are left exactly as they were.
"""
from __future__ import annotations

import base64
import hashlib
import re

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.DOTALL | re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL | re.IGNORECASE)
DATA_TYPES = ("application/json", "application/ld+json")
HEAD = re.compile(r"<head[^>]*>", re.IGNORECASE)
# Elements whose white space matters (or whose hash is taken): kept byte for byte.
VERBATIM = re.compile(r"(<(pre|textarea|code|script|style)\b.*?</\2\s*>)", re.DOTALL | re.IGNORECASE)
INDENT = re.compile(r"[ \t]*\n\s*")  # what compaction replaces with one line break (its definition)


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def policy(page_html: str) -> str:
    scripts = sorted({_hash(body) for attrs, body in INLINE_SCRIPT.findall(page_html)
                      if not any(t in attrs for t in DATA_TYPES)})
    styles = sorted({_hash(body) for body in INLINE_STYLE.findall(page_html)})
    return "; ".join([
        "default-src 'self'",
        "script-src 'self' " + " ".join(scripts),
        "style-src 'self' " + " ".join(styles),
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self' blob:",  # 'self': the search worker and the site's service worker (rc-sw.js)
        "manifest-src 'self'",  # each language's web app manifest (resource_centre/editions/webapp.py)
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'none'",
    ]).replace("  ", " ")


def add_policy(page_html: str) -> str:
    """Insert the page's policy as the first element of <head>, before any script can run."""
    match = HEAD.search(page_html)
    if not match:
        return page_html
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(page_html)}">'
    return page_html[:match.end()] + "\n" + meta + page_html[match.end():]


POLICY_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">\n?')


def renew_policy(page_html: str) -> str:
    """The policy of a finished page whose inline scripts were changed afterwards (the offline
    edition's 404.html), so that the new scripts run and the old hashes go."""
    return add_policy(POLICY_META.sub("", page_html, count=1))


# An inline <svg> in an HTML page is in the SVG namespace without saying so (the HTML parser puts it there):
# the theme's icons repeat the declaration, 35 bytes each, about a dozen times a page.
SVG_NAMESPACE = '<svg xmlns="http://www.w3.org/2000/svg"'


def compact(page_html: str) -> str:
    """Collapse white space that holds a line break to one line break, outside verbatim elements, and
    drop the namespace declarations the HTML parser does not need (:data:`SVG_NAMESPACE`)."""
    parts = VERBATIM.split(page_html)
    # split() yields [text, element, tag name, text, element, tag name, ..., text]
    out = []
    for i, part in enumerate(parts):
        kind = i % 3
        if kind == 0:
            out.append(_collapse_lines(part).replace(SVG_NAMESPACE, "<svg"))
        elif kind == 1:
            out.append(part)
    return "".join(out)


def _collapse_lines(text: str) -> str:
    """``INDENT.sub("\\n", text)``, line by line: the regex tried a match at every space of the
    text (a Khmer page has thousands), this touches each line once (2.5 times faster, same bytes)."""
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    kept = [lines[0].rstrip(" \t")]
    for line in lines[1:-1]:
        line = line.lstrip().rstrip(" \t")
        if line:
            kept.append(line)
    kept.append(lines[-1].lstrip())
    return "\n".join(kept)


def finish_page(page_html: str) -> str:
    """What every built HTML page goes through last: compacted, then given its policy."""
    return add_policy(compact(page_html))
