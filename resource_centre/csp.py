"""A Content-Security-Policy for every built page: only the site's own scripts, styles, fonts and images.

Material writes a few small inline scripts (palette, local storage scope) whose
text differs per page, so each page gets the SHA-256 hashes of exactly its own
inline scripts and styles; anything injected later (or by a record that got
past validation) has no hash and does not run.
"""
from __future__ import annotations

import base64
import hashlib
import re

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.DOTALL | re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL | re.IGNORECASE)
DATA_TYPES = ("application/json", "application/ld+json")


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
        "worker-src 'self' blob:",
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'none'",
    ]).replace("  ", " ")


def add_policy(page_html: str) -> str:
    """Insert the page's policy as the first element of <head>, before any script can run."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(page_html)}">'
    match = re.search(r"<head[^>]*>", page_html, re.IGNORECASE)
    if not match:
        return page_html
    return page_html[:match.end()] + "\n  " + meta + page_html[match.end():]
