"""Generated blocks inside hand-written pages.

A hand-written page (the home page, say) stays the author's; where it holds a
marker such as ``<!-- rc:latest-case-studies -->`` the generator puts a list
made from the records. Authors choose where lists go; the lists stay current.
"""
from __future__ import annotations

import posixpath
import re
from typing import Callable

from ..records.model import Content
from ..text.languages import Languages
from ..text.markup import attr, md_text
from .render import Ctx, cards

MARKER = re.compile(r"<!--\s*rc:([a-z-]+)\s*-->")
LATEST = 3


def _latest(ctx: Ctx, page: str) -> str:
    records = sorted(ctx.content.case_studies.values(), key=lambda r: (r.last_reviewed, r.id), reverse=True)
    return cards(ctx, records[:LATEST], page)


def _counts(ctx: Ctx, page: str) -> str:
    content = ctx.content
    items = [(len(content.case_studies), "case_study_count", "case-studies/index.md"),
             (len(content.tools), "tool_count", "tools/index.md"),
             (len(content.terms), "term_count", "glossary/index.md")]
    cells = []
    for count, key, path in items:
        # The whole sentence, in the language's word order and plural form, its number set apart
        # ("<strong>1</strong> tool", "ឧបករណ៍ចំនួន <strong>១</strong>"); the stylesheet shows the number first.
        before, number, after = ctx.languages.counted(ctx.lang, key, count)
        parts = [f"<span>{attr(before.strip())}</span>" if before.strip() else "", f"<strong>{attr(number)}</strong>",
                 f"<span>{attr(after.strip())}</span>" if after.strip() else ""]
        cells.append(f'<a class="rc-stat" href="{ctx.href(page, path)}">{" ".join(p for p in parts if p)}</a>')
    return '<div class="rc-stats">' + "".join(cells) + "</div>"


def _tools_by_stage(ctx: Ctx, page: str) -> str:
    from_dir = posixpath.dirname(page)
    up = "../" * len(from_dir.split("/")) if from_dir else ""
    stages = ctx.content.taxonomies.get("stages")
    rows = []
    for stage in (stages.terms if stages else {}):
        tools = [t for t in ctx.content.tools.values() if stage in (t.get("stages") or [])]
        if tools:
            rows.append(f"- [{md_text(ctx.label('stages', stage))}]({up}browse/stages/{stage}.md) "
                        f"<small>({attr(ctx.t('tool_count', count=len(tools)))})</small>")
    return "\n".join(rows)


def _search(ctx: Ctx, page: str) -> str:
    # A button that opens Material's own search dialog (explorer.js ticks its toggle, the checkbox
    # #__search): a real button, reached and pressed from the keyboard like any other, where a
    # <label for="__search"> dressed as one (role="button") did nothing on Enter.
    return (f'<button type="button" class="rc-search-invite md-button md-button--primary">'
            f'{attr(ctx.t("search_invite"))}</button>')


# The printed books exist only in the offline edition, where they are printed after the site is
# built: resource_centre/editions/export.py replaces this empty element with links to the page language's
# books (or removes it); online it shows nothing.
PRINTED_BOOKS_SLOT = '<div class="rc-printed-books" hidden></div>'


def _printed_books(ctx: Ctx, page: str) -> str:
    return PRINTED_BOOKS_SLOT


EDITIONS = ("zip", "zim", "webapp")  # the ways to read without a connection, each with its locale words


def editions_list(t: Callable[..., str]) -> list[tuple[str, str]]:
    """(name, when to use it) of each edition, in the words ``t(key)`` gives: the home pages, the
    offline start page and README.txt say the same thing from this one list."""
    return [(t(f"edition_{edition}"), t(f"edition_{edition}_when")) for edition in EDITIONS]


def _reading_offline(ctx: Ctx, page: str) -> str:
    items = "".join(f'<li><strong>{attr(ctx.t("labelled", label=name))}</strong> {attr(when)}</li>'
                    for name, when in editions_list(ctx.t))
    return (f'<section class="rc-editions" aria-labelledby="reading-offline">'
            f'<h2 id="reading-offline">{attr(ctx.t("editions_title"))}</h2><ul>{items}</ul></section>')


BLOCKS: dict[str, Callable[[Ctx, str], str]] = {
    "latest-case-studies": _latest,
    "counts": _counts,
    "tools-by-stage": _tools_by_stage,
    "search": _search,
    "printed-books": _printed_books,
    "reading-offline": _reading_offline,
}


def expand(markdown: str, content: Content, languages: Languages, lang: str, page: str, *,
           directory_urls: bool = True) -> str:
    """Replace every ``<!-- rc:NAME -->`` marker of ``page`` (its path in the language's docs);
    unknown names are left for the author to see."""
    def replace(match: re.Match) -> str:
        block = BLOCKS.get(match.group(1))
        ctx = Ctx(content, languages, lang, directory_urls=directory_urls)
        return block(ctx, page) if block else match.group(0)
    return MARKER.sub(replace, markdown)
