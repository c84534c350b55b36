"""One sitemap from the sitemaps of a site whose languages were built apart.

The i18n plugin hands the sitemap template (``overrides/sitemap.xml``) every language's pages built so
far, so the sitemap the last language's build writes lists them all. Built each on its own core
(``engine/languages_apart.py``), every language's build writes only its own entries; these functions put them
back together as the template would have written them in one build, ``sitemap.xml.gz`` included.
"""
from __future__ import annotations

import gzip
import io
from pathlib import Path

from .writer import atomic_write


def joined(first: str, then: str) -> str:
    """``first``'s entries, then ``then``'s, under ``first``'s ``<urlset>``: two outputs of one template."""
    head_end = then.index(">", then.index("<urlset")) + 1
    return first[:first.rindex("</urlset>")].rstrip() + then[head_end:]


def join_sitemap(site: Path, first: str) -> None:
    """Put ``first`` (the sitemap this build wrote before the other languages' files replaced it) in
    front of ``site``'s ``sitemap.xml``, and gzip the result as MkDocs does (``sitemap.xml.gz``,
    keeping the date in its header: a reproducible build's)."""
    path = site / "sitemap.xml"
    if not path.is_file():
        return
    text = joined(first, path.read_text(encoding="utf-8")).encode("utf-8")
    atomic_write(path, text)
    packed = path.with_name(path.name + ".gz")
    if packed.is_file():
        mtime = int.from_bytes(packed.read_bytes()[4:8], "little")
        buffer = io.BytesIO()
        with gzip.GzipFile(fileobj=buffer, filename=str(packed), mode="wb", mtime=mtime) as out:
            out.write(text)
        atomic_write(packed, buffer.getvalue())
