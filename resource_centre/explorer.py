"""The filterable lists (case-study explorer, tool finder) as plain HTML plus data attributes.

Without JavaScript the page is the full list. With it, overrides/assets/javascripts/
explorer.js reads the facets from the cards' data attributes, so the data is made
once, at build time, from the records, needs no fetch (works from file://) and
costs a few hundred bytes per record.
"""
from __future__ import annotations

import json
from collections import Counter
from typing import Iterable

from .markup import attr
from .model import Record
from .render import Ctx, by_title, card

# Facets of each list: (facet key, taxonomy). The field paths come from the schemas.
CASE_FACETS = (("twgs", "twgs"), ("partner-types", "partner-types"), ("principles", "principles"),
               ("stages", "stages"), ("scopes", "scopes"), ("provinces", "provinces"))
TOOL_FACETS = (("stages", "stages"), ("formats", "formats"), ("audiences", "audiences"))


def facet_values(ctx: Ctx, record: Record, facets: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    return {key: ctx.content.term_values(record, taxonomy) for key, taxonomy in facets}


def card_with_data(ctx: Ctx, record: Record, facets, page: str) -> str:
    values = facet_values(ctx, record, facets)
    data = " ".join(f'data-{key}="{attr(" ".join(v))}"' for key, v in values.items() if v)
    period = record.get("period") or {}
    if period.get("start"):
        data += f' data-start="{period["start"][:4]}" data-end="{(period.get("end") or "")[:4]}"'
    html = card(ctx, record, page)
    return html.replace('<article class="rc-card">', f'<article class="rc-card" {data}>', 1)


def filter_form(ctx: Ctx, records: list[Record], facets, *, with_period: bool) -> str:
    """Checkbox groups for each facet that has values, in taxonomy order, with counts."""
    groups = []
    for key, taxonomy in facets:
        counts = Counter(v for r in records for v in ctx.content.term_values(r, taxonomy))
        tax = ctx.content.taxonomies.get(taxonomy)
        if not counts or tax is None:
            continue
        options = []
        for term in tax.terms:
            if counts.get(term):
                options.append(
                    f'<label class="rc-option"><input type="checkbox" name="{key}" value="{term}"> '
                    f'<span>{attr(ctx.label(taxonomy, term))}</span> '
                    f'<span class="rc-count" aria-label="{attr(ctx.t("results_count", count=counts[term]))}">'
                    f'{ctx.languages.number(ctx.lang, counts[term])}</span></label>')
        groups.append(f'<fieldset class="rc-facet"><legend>{attr(ctx.loc(tax.label).text)}</legend>'
                      + "".join(options) + "</fieldset>")
    if with_period:
        years = sorted({int(y) for r in records for y in [((r.get("period") or {}).get("start") or "")[:4],
                                                           ((r.get("period") or {}).get("end") or "")[:4]] if y})
        if years:
            opts = "".join(f'<option value="{y}">{ctx.languages.digits(ctx.lang, str(y))}</option>'
                           for y in range(years[0], years[-1] + 1))
            groups.append(
                f'<fieldset class="rc-facet"><legend>{attr(ctx.t("period"))}</legend>'
                f'<label class="rc-option">{attr(ctx.t("period_from"))} <select name="from"><option value=""></option>{opts}</select></label>'
                f'<label class="rc-option">{attr(ctx.t("period_to"))} <select name="to"><option value=""></option>{opts}</select></label>'
                "</fieldset>")
    return (
        f'<form class="rc-explorer__filters" role="search" aria-label="{attr(ctx.t("filters"))}" hidden>'
        f'<label class="rc-explorer__text">{attr(ctx.t("filter_text"))} <input type="search" name="q" autocomplete="off"></label>'
        f'<details class="rc-explorer__facets" open><summary>{attr(ctx.t("filters"))}</summary>{"".join(groups)}</details>'
        f'<button type="reset" class="md-button">{attr(ctx.t("clear_filters"))}</button>'
        f'<p class="rc-explorer__status" role="status" aria-live="polite"></p>'
        "</form>"
    )


def explorer(ctx: Ctx, records: list[Record], facets, page: str, *, with_period: bool) -> str:
    """The filters and every record's card, all HTML (a raw block to MkDocs: no Markdown to parse)."""
    items = "\n".join(card_with_data(ctx, r, facets, page) for r in records)
    return (f'<div class="rc-explorer" {count_data(ctx, "results_count")}>\n'
            + filter_form(ctx, records, facets, with_period=with_period)
            + f'\n<div class="rc-cards">\n{items}\n</div>\n'
            + f'<p class="rc-explorer__empty" hidden>{attr(ctx.t("no_matches"))}</p>\n</div>')


def count_data(ctx: Ctx, key: str) -> str:
    """Data attributes for explorer.js to say a count as this page does: the plural forms of ``key``
    (from locales/), the language whose CLDR plural rules pick among them (the browser's
    Intl.PluralRules: the same CLDR rules Babel applies here), and that language's digits."""
    code, forms = ctx.languages.plural_forms(ctx.lang, key)
    table = ctx.languages.digits(code, "0123456789")
    return (f'data-status="{attr(json.dumps(forms, ensure_ascii=False))}" data-plural-lang="{attr(code)}"'
            f' data-digits="{attr(table)}"')


# Lists of records stay out of the search index (Material's front matter): the records'
# own pages are found instead, and at 1,000 records a list would be the largest entry of
# the index every reader downloads before the first search.
LISTING = {"exclude": True}


def case_study_explorer(ctx: Ctx) -> str:
    from .render import front_matter, heading
    records = sorted(ctx.content.case_studies.values(),
                     key=lambda r: ((r.get("period") or {}).get("start", ""), r.id), reverse=True)
    body = [front_matter(title=ctx.t("case_studies"), search=LISTING), heading(1, ctx.t("case_studies"), "case-studies"),
            attr(ctx.t("explorer_intro", count=len(records))),
            explorer(ctx, records, CASE_FACETS, "case-studies/index.md", with_period=True)]
    return "\n\n".join(body) + "\n"


def tool_finder(ctx: Ctx) -> str:
    from .render import front_matter, heading
    records = by_title(ctx, ctx.content.tools.values())
    body = [front_matter(title=ctx.t("tool_finder"), search=LISTING), heading(1, ctx.t("tool_finder"), "tool-finder"),
            attr(ctx.t("finder_intro", count=len(records))),
            explorer(ctx, records, TOOL_FACETS, "tools/finder.md", with_period=False)]
    return "\n\n".join(body) + "\n"
