"""Glossary terms explained where they are used: the first use on a page gets a tooltip.

Works on the rendered HTML (after Markdown), so it reaches contributor text too,
which arrives as sanitised HTML. Material's ``content.tooltips`` feature shows
``<abbr title>`` as a styled tooltip. Text in links, headings and code is left alone.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .languages import Languages
from .localise import localise
from .model import Content

TAG = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
SKIP = {"a", "abbr", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "script", "style", "button",
        "label", "select", "option", "textarea", "summary", "dt", "nav", "header", "footer", "svg", "title"}
VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "col", "area", "base", "embed", "param", "track"}


@dataclass
class Glossary:
    pattern: re.Pattern | None
    definitions: dict[str, str]  # casefolded term -> definition


def glossary_for(content: Content, languages: Languages, lang: str) -> Glossary:
    """The terms of ``lang`` (only those written in that language) and their definitions."""
    definitions: dict[str, str] = {}
    for record in content.terms.values():
        term = localise(record.get("term"), lang, languages)
        definition = localise(record.get("definition"), lang, languages)
        if term and not term.fallback and definition and len(term.text) >= 3:
            definitions.setdefault(term.text.casefold(), definition.text)
    if not definitions:
        return Glossary(None, {})
    alternatives = sorted(definitions, key=len, reverse=True)
    # Latin terms need word boundaries; Khmer has no spaces between words, so a Khmer term matches anywhere.
    parts = [re.escape(t) if not t[:1].isascii() else rf"(?<![\w-]){re.escape(t)}(?![\w-])" for t in alternatives]
    return Glossary(re.compile("|".join(parts), re.IGNORECASE), definitions)


def annotate(page_html: str, glossary: Glossary) -> str:
    """Wrap the first use of each glossary term in the page's text in an ``<abbr title>``."""
    if glossary.pattern is None:
        return page_html
    used: set[str] = set()
    stack: list[str] = []
    out: list[str] = []
    for piece in TAG.split(page_html):
        if not piece:
            continue
        if piece.startswith("<"):
            _track(piece, stack)
            out.append(piece)
            continue
        if any(tag in SKIP for tag in stack):
            out.append(piece)
            continue
        out.append(_annotate_text(piece, glossary, used))
    return "".join(out)


def _track(tag: str, stack: list[str]) -> None:
    match = re.match(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)", tag)
    if not match or tag.startswith("<!"):
        return
    closing, name = match.group(1) == "/", match.group(2).lower()
    if name in VOID or tag.rstrip().endswith("/>"):
        return
    if not closing:
        stack.append(name)
    elif name in stack:
        while stack and stack.pop() != name:
            pass


def _annotate_text(text: str, glossary: Glossary, used: set[str]) -> str:
    def replace(match: re.Match) -> str:
        key = match.group(0).casefold()
        if key in used or key not in glossary.definitions:
            return match.group(0)
        used.add(key)
        title = html.escape(glossary.definitions[key], quote=True)
        return f'<abbr class="rc-term" title="{title}">{match.group(0)}</abbr>'
    return glossary.pattern.sub(replace, text)
