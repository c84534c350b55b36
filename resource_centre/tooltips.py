"""Glossary terms explained where they are used: the first use on a page gets a tooltip.

Works on the rendered HTML (after Markdown), so it reaches contributor text too,
which arrives as sanitised HTML. Material's ``content.tooltips`` feature shows
``<abbr title>`` as a styled tooltip. Text in links, headings and code is left alone.

Runs on every page, so it is built for speed: one compiled pattern per language
(made once per build), the terms as one trie-shaped alternation with the
word-boundary look-arounds written once around it, and the tooltip holds only the
definition's first sentence (the glossary page has the rest), which keeps pages small.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .languages import Languages
from .localise import localise
from .model import Content

TAG = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)")
SENTENCE = re.compile(r"^(.{12,}?[.!?។៕])(?=\s|$)", re.DOTALL)
TITLE_CHARS = 64  # longest tooltip text, in characters (a phone shows about this much)
SKIP = {"a", "abbr", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "script", "style", "button",
        "label", "select", "option", "textarea", "summary", "dt", "nav", "header", "footer", "svg", "title"}
VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "col", "area", "base", "embed", "param", "track"}


@dataclass
class Glossary:
    pattern: re.Pattern | None
    definitions: dict[str, str]  # casefolded term -> short definition (the tooltip text)
    titles: dict[str, str] = field(default_factory=dict)  # casefolded term -> escaped title attribute


def glossary_for(content: Content, languages: Languages, lang: str) -> Glossary:
    """The terms of ``lang`` (only those written in that language) and their definitions."""
    definitions: dict[str, str] = {}
    for record in content.terms.values():
        term = localise(record.get("term"), lang, languages)
        definition = localise(record.get("definition"), lang, languages)
        if term and not term.fallback and definition and len(term.text) >= 3:
            definitions.setdefault(term.text.casefold(), short_definition(definition.text))
    if not definitions:
        return Glossary(None, {})
    # Latin terms need word boundaries; Khmer has no spaces between words, so a Khmer term matches anywhere.
    latin = [t for t in definitions if t[:1].isascii()]
    other = [t for t in definitions if not t[:1].isascii()]
    parts = ([rf"(?<![\w-]){_trie_pattern(latin)}(?![\w-])"] if latin else []) + ([_trie_pattern(other)] if other else [])
    titles = {key: html.escape(text, quote=True) for key, text in definitions.items()}
    return Glossary(re.compile("|".join(parts), re.IGNORECASE), definitions, titles)


def _trie_pattern(words: list[str]) -> str:
    """One alternation of ``words`` as a trie ("partner(?:ship(?: broker)?)?"): the longest match wins
    as with longest-first alternatives, and each position is tried letter by letter, not word by word
    (twice as fast over a page's text)."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [re.escape(char) + pattern(sub) for char, sub in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" not in node:
            return body
        return f"(?:{body})?"
    return pattern(trie)


def short_definition(text: str, limit: int = TITLE_CHARS) -> str:
    """The first sentence, at most ``limit`` characters (cut at a space, with an ellipsis)."""
    text = " ".join(text.split())
    sentence = SENTENCE.match(text)
    if sentence:
        text = sentence.group(1)
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:–—") + "…"


def annotate(page_html: str, glossary: Glossary) -> str:
    """Wrap the first use of each glossary term in the page's text in an ``<abbr title>``."""
    if glossary.pattern is None or not glossary.pattern.search(page_html):
        return page_html
    used: set[str] = set()
    stack: list[str] = []
    skipping = 0  # how many open elements in ``stack`` are in SKIP
    out: list[str] = []
    left = len(glossary.definitions)
    for piece in TAG.split(page_html):
        if not piece:
            continue
        if piece[0] == "<":
            skipping += _track(piece, stack)
            out.append(piece)
        elif skipping or len(used) == left:
            out.append(piece)
        else:
            out.append(_annotate_text(piece, glossary, used))
    return "".join(out)


def _track(tag: str, stack: list[str]) -> int:
    """Follow the open elements; returns the change in the number of open SKIP elements."""
    kind = _tag_kind(tag)
    if kind is None:
        return 0
    closing, name = kind
    if not closing:
        stack.append(name)
        return 1 if name in SKIP else 0
    change = 0
    if name in stack:
        while stack:
            popped = stack.pop()
            change -= popped in SKIP
            if popped == name:
                break
    return change


@lru_cache(maxsize=4096)
def _tag_kind(tag: str) -> tuple[bool, str] | None:
    """(closing?, name) of an opening or closing tag; None for comments, void and self-closed elements."""
    if tag.startswith("<!"):
        return None
    match = TAG_NAME.match(tag)
    if not match:
        return None
    name = match.group(2).lower()
    if name in VOID or tag.rstrip().endswith("/>"):
        return None
    return match.group(1) == "/", name


def _annotate_text(text: str, glossary: Glossary, used: set[str]) -> str:
    def replace(match: re.Match) -> str:
        key = match.group(0).casefold()
        if key in used or key not in glossary.definitions:
            return match.group(0)
        used.add(key)
        return f'<abbr class="rc-term" title="{glossary.titles[key]}">{match.group(0)}</abbr>'
    return glossary.pattern.sub(replace, text)
