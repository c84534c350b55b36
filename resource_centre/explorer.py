"""The filterable lists (case-study explorer, tool finder) as plain HTML plus data attributes.

Without JavaScript the page is the full list. With it, overrides/assets/javascripts/
explorer.js reads the facets from the cards' data attributes, so the data is made
once, at build time, from the records, needs no fetch (works from file://) and
costs a few hundred bytes per record.

"Filter by words" looks further than the cards: every record's text in every language
(title, summary, partners, places, body, tags) is cut down to its distinct words and
written once into ``<section>/words.js`` of the default language (``words_files``). The
page loads that script only when a reader types a word (a script element: it works from
file://, which fetch does not), so the lists weigh no more for readers who only tick boxes.
"""
from __future__ import annotations

import json
import posixpath
import re
from collections import Counter
from typing import Any, Iterable

from . import khmer
from .kinds import BY_NAME
from .languages import Languages
from .markup import attr
from .model import Content, Record
from .render import Ctx, Page, by_title, card, country_name, page_url

# Facets of each list: (facet key, taxonomy). The field paths come from the schemas.
CASE_FACETS = (("twgs", "twgs"), ("partner-types", "partner-types"), ("principles", "principles"),
               ("stages", "stages"), ("scopes", "scopes"), ("provinces", "provinces"))
TOOL_FACETS = (("stages", "stages"), ("formats", "formats"), ("audiences", "audiences"))

# The words file of each list, in the default language's folder (one file serves every language).
WORDS_FILE = "words.js"
# Fields that hold no words a reader would type: identifiers, dates, workflow, links to files.
_NO_WORDS = frozenset({"id", "status", "illustrative", "period", "review", "translation", "related",
                       "tools_used", "downloads", "licence", "url"})
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)")
# Between words: anything but letters, digits and combining marks (Khmer vowels and signs are marks;
# khan and the other Khmer punctuation are not). explorer.js normalise() applies the same rule.
_SEPARATORS = re.compile(r"(?:[^\w\u0300-\u036f\u17b4-\u17d3\u17dd]|_)+")
_KHMER_OR_NOT = re.compile("[\u1780-\u17ff]+|[^\u1780-\u17ff]+")


def normalise_words(text: str) -> list[str]:
    """The words of ``text`` as explorer.js compares them: folded as search folds Khmer (khmer.fold:
    NFC, clusters in canonical order, no invisible characters, Khmer digits as ASCII, so ២០១៩ finds
    2019 and សាស្រ្ត finds សាស្ត្រ), lower case, punctuation and Markdown as spaces."""
    text = khmer.fold(_LINK_TARGET.sub(" ", text)).lower()
    return _SEPARATORS.sub(" ", text).split()


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in _NO_WORDS:
                yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def search_words(content: Content, languages: Languages, record: Record) -> str:
    """Every distinct word a reader may type to find ``record``, in every language: its text
    (title, summary, partners, body, tags...), the labels of its taxonomy terms (places,
    TWGs...) and its countries' names. A word that is part of a longer one is left out, since
    explorer.js matches parts of words. Khmer is written without spaces between words, so its
    phrases would be long and nearly all distinct: they are kept as the pairs of neighbouring
    character clusters, as the site search indexes them (rc-search/khmer.js says why), and a
    typed Khmer word matches a record that has all its pairs (about 40 % of the phrases' size)."""
    texts = list(_strings(record.data))
    for taxonomy in content.taxonomy_fields.get(record.kind, {}):
        tax = content.taxonomies.get(taxonomy)
        for term in content.term_values(record, taxonomy):
            if tax is not None and term in tax.terms:
                texts.extend(_strings(tax.terms[term].get("label")))
    for code in (record.get("location") or {}).get("countries") or []:
        texts.extend(country_name(code, lang) for lang in languages.codes)
    latin: set[str] = set()
    pairs: set[str] = set()
    for text in texts:
        for word in normalise_words(text):
            for part in _KHMER_OR_NOT.findall(word):
                if "\u1780" <= part[0] <= "\u17ff":
                    clusters = khmer.clusters(part)
                    pairs.update(map("".join, zip(clusters, clusters[1:])))
                    pairs.update(clusters[-1:])
                else:
                    latin.add(part)
    kept = ""
    for word in sorted(latin, key=lambda w: (-len(w), w)):
        if word not in kept:
            kept += " " + word
    return (kept + " " + " ".join(sorted(pairs))).strip()


def words_files(content: Content, languages: Languages) -> list[Page]:
    """One ``<section>/words.js`` per list, in the default language's folder: record id -> words."""
    pages = []
    for kind, records in (("case-study", content.case_studies), ("tool", content.tools)):
        table = {r.id: search_words(content, languages, r) for r in records.values()}
        data = json.dumps(table, ensure_ascii=False, separators=(",", ":"))
        pages.append(Page(languages.default, f"{BY_NAME[kind].section}/{WORDS_FILE}",
                          f"(self.RCExplorerWords=self.RCExplorerWords||{{}})[{json.dumps(kind)}]={data};\n"))
    return pages


def words_href(ctx: Ctx, page: str, kind: str) -> str:
    """The link from list ``page`` of this language to the default language's words file."""
    def site_path(lang: str, path: str) -> str:
        return ("" if lang == ctx.languages.default else lang + "/") + path
    here = posixpath.dirname(site_path(ctx.lang, page_url(page, ctx.directory_urls))) or "."
    return posixpath.relpath(site_path(ctx.languages.default, f"{BY_NAME[kind].section}/{WORDS_FILE}"), here)


def facet_values(ctx: Ctx, record: Record, facets: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    return {key: ctx.content.term_values(record, taxonomy) for key, taxonomy in facets}


def card_with_data(ctx: Ctx, record: Record, facets, page: str) -> str:
    values = facet_values(ctx, record, facets)
    data = " ".join(f'data-{key}="{attr(" ".join(v))}"' for key, v in values.items() if v)
    period = record.get("period") or {}
    if period.get("start"):
        data += f' data-start="{period["start"][:4]}" data-end="{(period.get("end") or "")[:4]}"'
    html = card(ctx, record, page)
    return html.replace('<article class="rc-card">', f'<article class="rc-card" data-id="{record.id}" {data}>', 1)


def option_group(ctx: Ctx, key: str, legend: str, options: Iterable[tuple[str, str, int]]) -> str:
    """One facet's checkbox group: ``options`` are (value, label, count); a card matches a value
    when its ``data-<key>`` attribute lists it (explorer.js).

    A count shows as a number and is read as a sentence ("2 results"): visually hidden text, as
    a plain <span> may not carry an aria-label (and explorer.js updates both)."""
    boxes = "".join(
        f'<label class="rc-option"><input type="checkbox" name="{key}" value="{attr(value)}"> '
        f'<span>{attr(label)}</span> '
        f'<span class="rc-count" aria-hidden="true">{ctx.languages.number(ctx.lang, count)}</span>'
        f'<span class="rc-count-said rc-visually-hidden">{attr(ctx.t("results_count", count=count))}</span>'
        '</label>' for value, label, count in options)
    return f'<fieldset class="rc-facet"><legend>{attr(legend)}</legend>{boxes}</fieldset>'


def filter_form(ctx: Ctx, records: list[Record], facets, *, with_period: bool, extra: Iterable[str] = ()) -> str:
    """Checkbox groups for each facet that has values, in taxonomy order, with counts; ``extra``:
    groups of facets that are not taxonomies (:func:`option_group`), after them."""
    groups = []
    for key, taxonomy in facets:
        counts = Counter(v for r in records for v in ctx.content.term_values(r, taxonomy))
        tax = ctx.content.taxonomies.get(taxonomy)
        if not counts or tax is None:
            continue
        groups.append(option_group(ctx, key, ctx.loc(tax.label).text,
                                   [(term, ctx.label(taxonomy, term), counts[term]) for term in tax.terms if counts.get(term)]))
    groups += extra
    if with_period:
        years = sorted({int(y) for r in records for y in [((r.get("period") or {}).get("start") or "")[:4],
                                                           ((r.get("period") or {}).get("end") or "")[:4]] if y})
        if years:
            any_year = f'<option value="">{attr(ctx.t("period_any"))}</option>'
            opts = "".join(f'<option value="{y}">{ctx.languages.digits(ctx.lang, str(y))}</option>'
                           for y in range(years[0], years[-1] + 1))
            groups.append(
                f'<fieldset class="rc-facet"><legend>{attr(ctx.t("period"))}</legend>'
                f'<label class="rc-option">{attr(ctx.t("period_from"))} <select name="from">{any_year}{opts}</select></label>'
                f'<label class="rc-option">{attr(ctx.t("period_to"))} <select name="to">{any_year}{opts}</select></label>'
                "</fieldset>")
    return (
        f'<form class="rc-explorer__filters" role="search" aria-label="{attr(ctx.t("filters"))}" hidden>'
        f'<label class="rc-explorer__text">{attr(ctx.t("filter_text"))} <input type="search" name="words" autocomplete="off"></label>'
        f'<details class="rc-explorer__facets" open><summary>{attr(ctx.t("filters"))}</summary>{"".join(groups)}</details>'
        f'<button type="reset" class="md-button">{attr(ctx.t("clear_filters"))}</button>'
        "</form>"
    )


def explorer(ctx: Ctx, records: list[Record], facets, page: str, *, with_period: bool, kind: str) -> str:
    """The filters and every record's card, all HTML (a raw block to MkDocs: no Markdown to parse).

    The result bar (the count and a link down to the results) sits between the filters and the
    cards; the stylesheet keeps it in view while the filters are taller than the screen (a phone
    with the facets open), so ticking a box visibly changes something."""
    items = "\n".join(card_with_data(ctx, r, facets, page) for r in records)
    return (f'<div class="rc-explorer" {count_data(ctx, "results_count")}'
            f' data-words="{attr(words_href(ctx, page, kind))}" data-words-kind="{kind}">\n'
            + filter_form(ctx, records, facets, with_period=with_period)
            + '\n<div class="rc-explorer__bar" hidden><p class="rc-explorer__status" role="status" aria-live="polite"></p>'
            + f'<a class="rc-explorer__show md-button" href="#rc-results">{attr(ctx.t("show_results"))}</a></div>'
            + f'\n<div class="rc-cards" id="rc-results">\n{items}\n</div>\n'
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
# The lists have one heading: without the empty table of contents beside them, the facets fit
# beside the results on a desktop.
LIST_HIDE = ["toc"]
# The page's assets (front matter rc_assets, overrides/main.html): only pages with a list load explorer.js.
ASSET = "explorer"


def case_study_explorer(ctx: Ctx) -> str:
    from .render import front_matter, heading
    records = sorted(ctx.content.case_studies.values(),
                     key=lambda r: ((r.get("period") or {}).get("start", ""), r.id), reverse=True)
    body = [front_matter(title=ctx.t("case_studies"), search=LISTING, hide=LIST_HIDE),
            heading(1, ctx.t("case_studies"), "case-studies"),
            attr(ctx.t("explorer_intro", count=len(records))),
            explorer(ctx, records, CASE_FACETS, "case-studies/index.md", with_period=True, kind="case-study")]
    return "\n\n".join(body) + "\n"


def tool_finder(ctx: Ctx) -> str:
    from .render import front_matter, heading
    records = by_title(ctx, ctx.content.tools.values())
    body = [front_matter(title=ctx.t("tool_finder"), search=LISTING, hide=LIST_HIDE),
            heading(1, ctx.t("tool_finder"), "tool-finder"),
            attr(ctx.t("finder_intro", count=len(records))),
            explorer(ctx, records, TOOL_FACETS, "tools/finder.md", with_period=False, kind="tool")]
    return "\n\n".join(body) + "\n"
