"""What the first search downloads: a trimmed index, and the rest of the text on demand.

Material's search downloads the whole index of the reader's language before it answers
the first query. At 1,000 bilingual case studies of about 1,500 words each, one language's
index is several megabytes (gzip), too much for a phone in a province. So when an index is
larger than a budget, it is written in two parts:

* the index Material downloads (``search_index.json``): every entry, with its title and
  tags, and its text cut after as many characters as fit in the budget (:data:`LIMITS`;
  whole blocks kept, the cut block ending in "…"), so titles, summaries, headings and the start of every section are
  searchable at once, and result snippets look as before;
* ``search_rest.json`` (``search_rest.js`` for the offline edition, loaded with a script
  element over file://): the full text of the entries that were cut, by position.

The search worker (``overrides/assets/javascripts/rc-search/worker.js``) loads the rest
only when a query finds fewer than ten pages in the trimmed index, then rebuilds Material's
index with the full text and answers the query again. Below the budget nothing changes, so
small sites (the bundled content) keep exactly one index per language.

A large index is also split in stages (:func:`split_first_stage`), because a search answers only
once its index is built, and lunr builds about 2 MB of text a second (English; Khmer, with its cluster
pairs, 0.5 MB): at 1,000 case studies that is seconds before the first answer. So the index
Material downloads holds, for each entry, its title, tags and the start of a page's text
(:data:`FIRST_TEXT` characters; a section's text is left out): the *first stage*, which the worker
searches at once with a small index of its own (``rc-search/first.js``); ``search_text.json``
(``.js`` offline) holds the text cut as above, which the worker loads and builds into Material's
index in the background, answering again when that is ready.

Pure functions over the parsed index: no MkDocs imports.
"""
from __future__ import annotations

import gzip
import html
import json
import re
import unicodedata

# Characters of text per index entry in the first download, tried longest first.
LIMITS = (1600, 800, 400, 200, 100, 0)
REST_KEY = "rc_rest"  # in the index's config: where the rest is, relative to the site root
REST_JS_PREFIX = "var __rcSearchRest = "
TEXT_KEY = "rc_text"  # in the index's config: where the first stage's texts are, relative to the site root
TEXT_JS_PREFIX = "var __rcSearchText = "
# Characters of text in an index above which it is searched in stages: a first answer from titles,
# tags and a page's first lines at once, then Material's from the full text. lunr's build is what it
# saves, and it is not cheap on a small index either: the bundled records, about 250,000 characters a
# language, answered a first view's query in 301 ms (en) / 739 ms (km) without stages, in 53 / 71 ms
# with them (their full answer then 602 / 1,022 ms), benchmarks/README.md, 2026-12-03. Below this, the
# first answer would be replaced by Material's a moment later for little gain: lunr builds 100,000
# characters in about 80 ms (en) / 200 ms (km, whose cluster pairs double its terms), in proportion.
FIRST_STAGE_ABOVE = 100_000
# Characters of a page's text (not a section's) kept in the first stage: its summary's start.
FIRST_TEXT = 160


def dumps_utf8(data) -> str:
    """Compact JSON, as Material writes it, but with characters instead of escapes: the form whose
    size the budget counts and :mod:`search_index` writes."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)


_BLOCK = re.compile(r"(<(p|ul|ol|table|pre|blockquote|dl|div|h[1-6])\b.*?</\2>)", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def gzip_size(text: str | bytes) -> int:
    """Bytes of ``text`` as a server sends it (UTF-8, gzip level 6)."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def _sampled_ratio(data: bytes, pieces: int = 4, size: int = 256 * 1024) -> float:
    """gzip bytes per raw byte, from ``pieces`` slices spread over ``data`` (all of it if small)."""
    if len(data) <= pieces * size:
        return gzip_size(data) / max(1, len(data))
    step = len(data) // pieces
    sample = [data[i * step:i * step + size] for i in range(pieces)]
    return sum(gzip_size(part) for part in sample) / (pieces * size)


def plain(markup: str) -> str:
    """The text of ``markup``: tags dropped, entities read, white space collapsed."""
    return " ".join(html.unescape(_TAG.sub(" ", markup)).split())


def _cut_plain(text: str, limit: int) -> str:
    """``text`` cut to about ``limit`` characters at a space, never inside a Khmer cluster."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    else:  # one long Khmer phrase: step back over combining marks and a dangling coeng
        while cut and (unicodedata.category(cut[-1]).startswith("M") or cut[-1] == "\u17d2"
                       or unicodedata.category(text[len(cut)]).startswith("M")):
            cut = cut[:-1]
    return cut.rstrip(" ,;:") + "…"


def trim_text(markup: str, limit: int) -> str:
    """Whole top-level blocks of ``markup`` while they fit in ``limit`` characters of text, then the cut one."""
    return _Text(markup).trim(limit)


class _Text:
    """One entry's text, measured once: the budget tries several limits on every entry of the index."""

    def __init__(self, markup: str) -> None:
        self.markup = markup
        self.length = len(plain(markup))
        self._blocks: list[tuple[str, int]] | None = None

    @property
    def blocks(self) -> list[tuple[str, int]]:
        if self._blocks is None:
            self._blocks = [(m.group(1), len(plain(m.group(1)))) for m in _BLOCK.finditer(self.markup)]
        return self._blocks

    def trim(self, limit: int) -> str:
        if self.length <= limit:
            return self.markup
        if limit <= 0:
            return ""
        kept: list[str] = []
        used = 0
        for block, size in self.blocks:
            if used + size <= limit:
                kept.append(block)
                used += size + 1
                continue
            rest = limit - used
            if rest >= 40 or not kept:
                kept.append("<p>" + _escape(_cut_plain(plain(block), max(rest, 40))) + "</p>")
            break
        if not kept:  # text without blocks
            return _escape(_cut_plain(plain(self.markup), limit))
        return " ".join(kept)


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _trimmed(index: dict, texts: list, limit: int) -> tuple[dict, list]:
    docs, rest = [], []
    for position, (doc, text) in enumerate(zip(index.get("docs", []), texts)):
        short = text.trim(limit) if text is not None else doc.get("text")
        if text is not None and short != text.markup:
            rest.append([position, text.markup])
            doc = dict(doc, text=short)
        docs.append(doc)
    return dict(index, docs=docs), rest


def split_for_first_search(index: dict, rest_path: str, *, budget_bytes: int) -> tuple[dict, list | None]:
    """(index to download first, rest or None) for one language's index.

    ``budget_bytes`` is the gzip size the first download should fit in: an index that fits
    is returned whole; else each entry's text is cut to the longest of :data:`LIMITS`
    characters that makes it fit (the shortest if none does). ``rest_path`` is where the
    rest will be, relative to the site root, without extension; the rest is a list of
    ``[position, full text]`` for the entries whose text was cut.
    """
    whole = dumps_utf8(index).encode("utf-8")
    # Compressing tens of megabytes is the slow part (1.6 s of a Khmer index at N = 1,000), so the
    # compression ratio is read from samples, and only a candidate whose estimate is near the
    # budget is compressed whole to decide.
    ratio = _sampled_ratio(whole)
    if len(whole) * ratio <= budget_bytes * 1.25 and gzip_size(whole) <= budget_bytes:
        return index, None
    texts = [_Text(doc["text"]) if isinstance(doc.get("text"), str) and doc["text"] else None
             for doc in index.get("docs", [])]
    for limit in LIMITS:
        head, rest = _trimmed(index, texts, limit)
        text = dumps_utf8(head).encode("utf-8")
        if limit and len(text) * ratio > budget_bytes * 1.25:
            continue
        if gzip_size(text) <= budget_bytes:
            break
    if not rest:
        return index, None
    config = dict(index.get("config", {}), **{REST_KEY: rest_path})
    return dict(head, config=config), rest


def text_size(index: dict) -> int:
    """Characters of text over the index's entries: what lunr's build time grows with."""
    return sum(len(doc["text"]) for doc in index.get("docs", []) if isinstance(doc.get("text"), str))


def split_first_stage(index: dict, text_path: str, *, above: int = FIRST_STAGE_ABOVE) -> tuple[dict, list | None]:
    """(first stage, texts or None): an index with more than ``above`` characters of text, in stages.

    The first stage keeps every entry (its location, title, tags and boost, which the worker
    searches first) with the text of a page cut to :data:`FIRST_TEXT` characters and a section's
    left out; the texts are ``[[position, text], ...]`` of every entry whose text changed, which
    the worker puts back to build Material's index. ``text_path`` (relative to the site root,
    without extension) is kept in the first stage's config as ``rc_text``. An index of
    ``above`` characters or fewer is returned as it is, with None.
    """
    if text_size(index) <= above:
        return index, None
    docs, texts = [], []
    for position, doc in enumerate(index.get("docs", [])):
        text = doc.get("text")
        if isinstance(text, str) and text:
            short = "" if "#" in str(doc.get("location", "")) else trim_text(text, FIRST_TEXT)
            if short != text:
                texts.append([position, text])
                doc = dict(doc, text=short)
        docs.append(doc)
    config = dict(index.get("config", {}), **{TEXT_KEY: text_path})
    return dict(index, config=config, docs=docs), texts
