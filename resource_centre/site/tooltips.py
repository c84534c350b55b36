"""Glossary terms explained where they are used: the first use on a page links to its entry.

Works on the rendered HTML (after Markdown), so it reaches contributor text too,
which arrives as sanitised HTML. The first use of each term on a page becomes a
link to the term's entry on the glossary page (so it is reached by keyboard and
touch too), made with :func:`render.href` for both URL styles. Text in links,
headings, code and the page's notices is left alone.

The definition is not written into every page: the whole first sentence of every
definition would add kilobytes to a long Khmer case study (which must stay under
60 KB), and the same forty sentences to each of thousands of pages. Each language
gets one small script, ``glossary/definitions.js`` (:func:`definitions_script`,
cached by the browser after the first page), that shows a term link's definition
in a tooltip on hover and keyboard focus (at the body's size, so Khmer is legible,
and dismissed with Escape). It does its own work rather than give each link a
``title`` for Material's ``content.tooltips``: that feature mounts a component on
every titled element of every page at start-up, about a tenth of a phone's
main-thread time on load (issue 20), where this script does nothing until a term
is pointed at. Without JavaScript the link still leads to the definition.

Runs on every page, so it is built for speed: one compiled pattern per language
(made once per build), the terms as one trie-shaped alternation with the
word-boundary look-arounds written once around it.
"""
from __future__ import annotations

import html
import json
import posixpath
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..records.kinds import TERM
from ..records.model import Content
from ..text.languages import Languages
from ..text.localise import localise
from ..text.markup import render_inline
from .urls import href

TAG = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)")
# Where a sentence ends: Khmer's khan (។) or bariyoosan (៕) wherever it stands; a Latin full stop,
# question or exclamation mark only before the start of another sentence (so "e.g. the" and
# "2.5" go on) or at the end of the text.
SENTENCE_END = re.compile(r"[\u17d4\u17d5]|[.!?](?=\s+[\"“‘(\[]?[A-Z0-9\u1780-\u17ff]|\s*$)")
SENTENCE_MIN = 12  # a sentence is at least this long: "Dr. Sok" is not one
BLOCK_BREAK = re.compile(r"</p>|<br\s*/?>|</li>", re.IGNORECASE)
SKIP = {"a", "abbr", "aside", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "script", "style", "button",
        "label", "select", "option", "textarea", "summary", "dt", "nav", "header", "footer", "svg", "title"}
VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "col", "area", "base", "embed", "param", "track"}
GLOSSARY_PAGE = f"{TERM.section}/index.md"
SCRIPT = "definitions.js"  # beside the glossary page of each language


@dataclass
class Glossary:
    pattern: re.Pattern | None
    ids: dict[str, str]  # casefolded term -> the term's id (its anchor on the glossary page)
    definitions: dict[str, str] = field(default_factory=dict)  # id -> first sentence of its definition


def glossary_for(content: Content, languages: Languages, lang: str) -> Glossary:
    """The terms of ``lang`` (only those written in that language) and their definitions."""
    ids: dict[str, str] = {}
    definitions: dict[str, str] = {}
    for record in content.terms.values():
        term = localise(record.get("term"), lang, languages)
        definition = localise(record.get("definition"), lang, languages)
        if term and not term.fallback and definition and len(term.text) >= 3:
            ids.setdefault(term.text.casefold(), record.id)
            definitions[record.id] = first_sentence(definition.text)
    if not ids:
        return Glossary(None, {})
    # Latin terms need word boundaries; Khmer has no spaces between words, so a Khmer term matches anywhere.
    latin = [t for t in ids if t[:1].isascii()]
    other = [t for t in ids if not t[:1].isascii()]
    parts = ([rf"(?<![\w-]){_trie_pattern(latin)}(?![\w-])"] if latin else []) + ([_trie_pattern(other)] if other else [])
    return Glossary(re.compile("|".join(parts), re.IGNORECASE), ids, definitions)


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
        branches = [chain(char, sub) for char, sub in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" not in node:
            return body
        return f"(?:{body})?"

    def chain(char: str, node: dict) -> str:
        # A run of single-child nodes is written in one go, so nesting grows with the branch points,
        # not with a term's length (a term of a few thousand letters would exceed Python's recursion limit).
        letters = [char]
        while len(node) == 1 and "" not in node:
            (char, node), = node.items()
            letters.append(char)
        return re.escape("".join(letters)) + pattern(node)
    return pattern(trie)


def first_sentence(markdown: str) -> str:
    """The first sentence of a definition as plain text, whole: the tooltip of its term.

    The definition is contributor Markdown (the glossary page renders it so); the tooltip shows
    its words without the marks. A definition with no sentence end is shown whole.
    """
    text = BLOCK_BREAK.sub(" ", render_inline(markdown))
    text = " ".join(html.unescape(TAG.sub("", text)).split())
    for end in SENTENCE_END.finditer(text):
        if end.end() >= SENTENCE_MIN:
            return text[:end.end()]
    return text


# Shows the definition of the term link under the pointer or the keyboard focus in one tooltip element,
# made on first use (WAI-ARIA's tooltip pattern: role=tooltip, aria-describedby while shown; WCAG 1.4.13:
# it stays while the pointer is over it and Escape hides it). Listeners on the document, so a page's start-up
# costs nothing but reading this file.
_TOOLTIP_JS = """\
(function (definitions) {
  "use strict";
  var tip = null, owner = null, timer = 0, GAP = 6, EDGE = 8;
  function termOf(node) {
    var link = node && node.closest ? node.closest("a.rc-term") : null;
    return link && definitions[link.hash.slice(1)] ? link : null;
  }
  function place(link) {
    var box = link.getBoundingClientRect(), width = tip.offsetWidth, height = tip.offsetHeight;
    var left = Math.max(EDGE, Math.min(box.left, document.documentElement.clientWidth - width - EDGE));
    var top = box.bottom + GAP + height > window.innerHeight && box.top > height + GAP ? box.top - GAP - height : box.bottom + GAP;
    tip.style.left = left + window.scrollX + "px";
    tip.style.top = top + window.scrollY + "px";
  }
  function show(link) {
    clearTimeout(timer);
    if (!tip) {
      tip = document.createElement("div");
      tip.id = "rc-term-tip";
      tip.className = "rc-term-tip";
      tip.setAttribute("role", "tooltip");
      tip.addEventListener("mouseenter", function () { clearTimeout(timer); });
      tip.addEventListener("mouseleave", hideSoon);
      document.body.appendChild(tip);
    }
    if (owner && owner !== link) owner.removeAttribute("aria-describedby");
    owner = link;
    tip.textContent = definitions[link.hash.slice(1)];
    tip.hidden = false;
    link.setAttribute("aria-describedby", tip.id);
    place(link);
  }
  function hide() {
    clearTimeout(timer);
    if (!tip || tip.hidden) return;
    tip.hidden = true;
    if (owner) owner.removeAttribute("aria-describedby");
    owner = null;
  }
  function hideSoon() {
    clearTimeout(timer);
    timer = setTimeout(hide, 200);
  }
  document.addEventListener("mouseover", function (event) {
    var link = termOf(event.target);
    if (link) show(link);
  });
  document.addEventListener("mouseout", function (event) {
    if (termOf(event.target) && !termOf(event.relatedTarget)) hideSoon();
  });
  document.addEventListener("focusin", function (event) {
    var link = termOf(event.target);
    if (link) show(link); else hide();
  });
  document.addEventListener("focusout", function (event) {
    if (termOf(event.target)) hide();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hide();
  });
})"""


def definitions_script(glossary: Glossary) -> str:
    """``glossary/definitions.js`` of one language: the tooltip of every term link, and the definitions.

    Loaded with ``defer`` by the pages that link a term. The definitions are JSON inside the script, so
    it also works over file:// (the offline editions), where a script cannot fetch a file.
    """
    data = json.dumps(glossary.definitions, ensure_ascii=False, sort_keys=True, indent=0)
    data = data.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("</", "<\\/")
    return ("// Glossary definitions for the tooltips of term links (resource_centre/site/tooltips.py).\n"
            f"{_TOOLTIP_JS}({data});\n")


def annotate(page_html: str, glossary: Glossary, page: str, directory_urls: bool) -> str:
    """Link the first use of each glossary term in the page's text to its glossary entry.

    ``page`` is the page's path in its language's docs folder ("case-studies/x.md"), as the
    planner names pages; the links are relative, for either URL style, like every other.
    Adds the deferred definitions script when a term was linked.
    """
    if glossary.pattern is None or not glossary.pattern.search(page_html):
        return page_html
    entry = href(page, GLOSSARY_PAGE, directory_urls)
    used: set[str] = set()
    stack: list[str] = []
    skipping = 0  # how many open elements in ``stack`` are in SKIP
    out: list[str] = []
    left = len(glossary.ids)
    for piece in TAG.split(page_html):
        if not piece:
            continue
        if piece[0] == "<":
            skipping += _track(piece, stack)
            out.append(piece)
        elif skipping or len(used) == left:
            out.append(piece)
        else:
            out.append(_annotate_text(piece, glossary, used, entry))
    if not used:
        return page_html
    out.append(f'\n<script src="{_beside(entry, SCRIPT)}" defer></script>')
    return "".join(out)


def _beside(link: str, name: str) -> str:
    """A file in the folder of the page ``link`` leads to ("../glossary/" or "../glossary/index.html")."""
    if link.endswith("/"):
        return link + name
    folder = posixpath.dirname(link)
    return f"{folder}/{name}" if folder else name


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


def _annotate_text(text: str, glossary: Glossary, used: set[str], entry: str) -> str:
    def replace(match: re.Match) -> str:
        key = match.group(0).casefold()
        if key in used or key not in glossary.ids:
            return match.group(0)
        used.add(key)
        return f'<a class="rc-term" href="{entry}#{glossary.ids[key]}">{match.group(0)}</a>'
    return glossary.pattern.sub(replace, text)
