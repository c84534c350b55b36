"""Lists of records cut into pages of at most ``page_size`` records: the explorers and term pages.

A list of 1,000 records in one page was 1.7 MB of Khmer HTML (issue 20). Each page of a list holds
at most ``page_size`` cards, so its weight does not grow with the number of records: page 1 at the
list's own address, pages 2, 3... at ``<list>/page/<n>/``, each linked from a pager, so readers
without JavaScript and search engines reach every record by following links. The explorers'
script filters the whole list from a data file loaded when a reader first filters (explorer.py).

The page size is the deployment's choice, in mkdocs.yml (read by both the plugin and
``stage_site``, like ``extra.submit``)::

    extra:
      listings:
        page_size: 40   # records per page of a list (default 40: a Khmer page stays under 150 KB)
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence, TypeVar

from ..text.markup import attr

T = TypeVar("T")

# Cards of 1,000 synthetic case studies weigh up to 2.3 KB each in Khmer and a page's frame (header,
# navigation, filters, pager) about 45 KB: 40 cards keep a page under 150 KB (benchmarks/make_records.py).
DEFAULT_PAGE_SIZE = 40
PREV, NEXT = ' rel="prev"', ' rel="next"'


@dataclass(frozen=True)
class ListingSettings:
    """How lists are cut into pages: at most ``page_size`` records on each."""

    page_size: int = DEFAULT_PAGE_SIZE

    @classmethod
    def from_extra(cls, extra: Mapping[str, Any] | None) -> ListingSettings:
        """Read ``extra.listings`` of mkdocs.yml; a bad value raises ValueError naming the setting."""
        block = (extra or {}).get("listings")
        if block is None:
            return cls()
        if not isinstance(block, Mapping):
            raise ValueError("mkdocs.yml: extra.listings: expected a mapping with page_size")
        for key in block:
            if key != "page_size":
                raise ValueError(f"mkdocs.yml: extra.listings.{key}: unknown setting (expected page_size)")
        size = block.get("page_size", DEFAULT_PAGE_SIZE)
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise ValueError(f"mkdocs.yml: extra.listings.page_size: expected a whole number of at least 1, found {size!r}")
        return cls(page_size=size)


def chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """``items`` cut into runs of at most ``size``; an empty list is one empty page (the list's own)."""
    return [items[start:start + size] for start in range(0, len(items), size)] or [items[:0]]


def page_path(first: str, number: int) -> str:
    """The docs path of page ``number`` of the list whose first page is ``first``.

    ``case-studies/index.md`` -> ``case-studies/page/2.md``; ``tools/finder.md`` ->
    ``tools/finder/page/2.md``: under the list's own address in both URL styles.
    """
    if number == 1:
        return first
    stem = first[:-len(".md")]
    folder = stem[:-len("/index")] if stem.endswith("/index") else stem
    return f"{folder}/page/{number}.md"


def _window(number: int, count: int) -> list[int | None]:
    """The page numbers a pager shows: the first, the last, and two either side of the current one;
    None where numbers are left out. Bounded, so the pager does not grow with the list."""
    shown = sorted({1, count, *range(max(1, number - 2), min(count, number + 2) + 1)})
    out: list[int | None] = []
    for page in shown:
        if out and page - (out[-1] or 0) > 1:
            out.append(None)
        out.append(page)
    return out


def pager(ctx, first: str, number: int, count: int) -> str:
    """Links to the previous and next pages and to nearby page numbers ("" for a list of one page).

    ``ctx`` is a render.Ctx (its links and words); plain links, so they work without JavaScript."""
    if count < 2:
        return ""
    here = page_path(first, number)

    def link(to: int, text: str, extra: str = "") -> str:
        return f'<a href="{attr(ctx.href(here, page_path(first, to)))}"{extra}>{text}</a>'

    def numbered(page: int) -> str:
        return f' aria-label="{attr(ctx.t("page_number", page=page))}"'

    items = []
    if number > 1:
        items.append(f'<li class="rc-pager__step">{link(number - 1, attr(ctx.t("page_previous")), PREV)}</li>')
    for page in _window(number, count):
        if page is None:
            items.append('<li class="rc-pager__gap" aria-hidden="true">…</li>')
        elif page == number:
            items.append(f'<li><a aria-current="page"{numbered(page)}>{ctx.languages.number(ctx.lang, page)}</a></li>')
        else:
            items.append(f'<li>{link(page, ctx.languages.number(ctx.lang, page), numbered(page))}</li>')
    if number < count:
        items.append(f'<li class="rc-pager__step">{link(number + 1, attr(ctx.t("page_next")), NEXT)}</li>')
    said = attr(ctx.t("page_of", page=number, pages=count))
    return (f'<nav class="rc-pager" aria-label="{attr(ctx.t("pages"))}"><p class="rc-pager__where">{said}</p>'
            f'<ul>{"".join(items)}</ul></nav>')
