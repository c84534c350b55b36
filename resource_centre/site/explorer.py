"""The filterable lists (case-study explorer, tool finder) as plain HTML, cut into pages.

Without JavaScript a list is plain pages of cards (listing.py: at most ``page_size`` records on
each, a pager linking them), so every record is reached by links and no page grows with the
number of records. With it, overrides/assets/javascripts/explorer.js shows the filters, counted
at build time over the whole list; the first time a reader filters (or opens a shared address
that filters) it loads the list's ``cards.js`` of the page's language, every record's card and
facets, and shows the matching cards in place of the page's own. A script file, not JSON: it
loads from file:// (the offline edition), which fetch does not. A list short enough for one
page (:func:`explorer`) carries its facets on its cards instead and loads no cards file.

"Filter by words" looks further than the cards: every record's text in every language
(title, summary, partners, places, body, tags) is cut down to its distinct words and
written once into ``<section>/words.js`` of the default language (:func:`words_page`). The
page loads that script only when a reader types a word (a script element: it works from
file://, which fetch does not), so the lists weigh no more for readers who only tick boxes.
"""
from __future__ import annotations

import json
import posixpath
import re
from collections import Counter
from dataclasses import dataclass
from itertools import chain
from typing import Any, Callable, Iterable

from ..records import khmer
from ..records.kinds import BY_NAME
from ..records.model import Content, Record
from ..text.languages import Languages
from ..text.markup import attr
from .listing import ListingSettings, chunks, page_path, pager
from .render import Ctx, Page, by_title, card, country_name, front_matter, heading
from .urls import page_url

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
    return _normalise_part(_LINK_TARGET.sub(" ", text))


def _normalise_part(text: str) -> list[str]:
    """:func:`normalise_words` of text without Markdown link targets. Each rule acts within a run of
    characters between white space (folding within a cluster, lower case within a word), so a text's
    words are those of its space-separated parts, in order."""
    return _SEPARATORS.sub(" ", khmer.fold(text).lower()).split()


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


def search_words(content: Content, languages: Languages, record: Record,
                 known: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] | None = None) -> str:
    """Every distinct word a reader may type to find ``record``, in every language: its text
    (title, summary, partners, body, tags...), the labels of its taxonomy terms (places,
    TWGs...) and its countries' names. A word that is part of a longer one is left out, since
    explorer.js matches parts of words. Khmer is written without spaces between words, so its
    phrases would be long and nearly all distinct: they are kept as the pairs of neighbouring
    character clusters, as the site search indexes them (rc-search/khmer.js says why), and a
    typed Khmer word matches a record that has all its pairs (about 40 % of the phrases' size).

    ``known``: the words of each space-separated part already cut (:func:`_part_words`), shared by
    the records of one words file: records repeat words and phrases, so each is folded and cut once."""
    texts = list(_strings(record.data))
    for taxonomy in content.taxonomy_fields.get(record.kind, {}):
        tax = content.taxonomies.get(taxonomy)
        for term in content.term_values(record, taxonomy):
            if tax is not None and term in tax.terms:
                texts.extend(_strings(tax.terms[term].get("label")))
    for code in (record.get("location") or {}).get("countries") or []:
        texts.extend(country_name(code, lang) for lang in languages.codes)
    return words_of(texts, {} if known is None else known)


def words_of(texts: Iterable[str], known: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]) -> str:
    """The words :func:`search_words` keeps of ``texts``: the words of each space-separated part
    (:func:`_part_words`, looked up in ``known`` first, and added to it)."""
    parts: set[str] = set()
    for text in texts:
        parts.update(_LINK_TARGET.sub(" ", text).split())
    found = [known[part] if part in known else known.setdefault(part, _part_words(part)) for part in parts]
    latin = set(chain.from_iterable(words for words, _ in found))
    pairs = set(chain.from_iterable(pairs for _, pairs in found))
    return (_outermost(latin) + " " + " ".join(sorted(pairs))).strip()


def _part_words(part: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words of one space-separated part of a text as :func:`search_words` keeps them: (words
    in other scripts, pairs of neighbouring Khmer clusters and each Khmer run's last cluster)."""
    latin: list[str] = []
    pairs: list[str] = []
    for word in _normalise_part(part):
        for piece in _KHMER_OR_NOT.findall(word):
            if "\u1780" <= piece[0] <= "\u17ff":
                clusters = khmer.clusters(piece)
                pairs.extend(map("".join, zip(clusters, clusters[1:])))
                pairs.extend(clusters[-1:])
            else:
                latin.append(piece)
    return tuple(latin), tuple(pairs)


def _outermost(words: set[str]) -> str:
    """``words`` that are not part of another, longest first (then in order), each after a space:
    explorer.js matches parts of words, so the others would find nothing more."""
    kept = ""
    for word in sorted(words, key=lambda w: (-len(w), w)):
        if word not in kept:  # a word holds no space, so this is "not part of a kept word"
            kept += " " + word
    return kept


def words_table(content: Content, languages: Languages, records: Iterable[Record]) -> dict[str, str]:
    """Record id -> the words "Filter by words" finds it by (:func:`search_words`), for ``records``."""
    known: dict = {}  # the words of each part of a text, cut once for every record (search_words)
    return {r.id: search_words(content, languages, r, known) for r in records}


def words_page(languages: Languages, spec: ExplorerSpec, table: dict[str, str]) -> Page:
    """The list's ``<section>/words.js``, in the default language's folder, from its :func:`words_table`."""
    data = json.dumps(table, ensure_ascii=False, separators=(",", ":"))
    return Page(languages.default, f"{BY_NAME[spec.kind].section}/{WORDS_FILE}",
                f"(self.RCExplorerWords=self.RCExplorerWords||{{}})[{json.dumps(spec.kind)}]={data};\n")


def words_href(ctx: Ctx, page: str, kind: str) -> str:
    """The link from list ``page`` of this language to the default language's words file."""
    def site_path(lang: str, path: str) -> str:
        return ("" if lang == ctx.languages.default else lang + "/") + path
    here = posixpath.dirname(site_path(ctx.lang, page_url(page, ctx.directory_urls))) or "."
    return posixpath.relpath(site_path(ctx.languages.default, f"{BY_NAME[kind].section}/{WORDS_FILE}"), here)


def facet_values(ctx: Ctx, record: Record, facets: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    return {key: ctx.content.term_values(record, taxonomy) for key, taxonomy in facets}


def years(record: Record) -> tuple[str, str]:
    """The first and last year of a record's period ("" when it has none), as the filters compare them."""
    period = record.get("period") or {}
    return str(period.get("start") or "")[:4], str(period.get("end") or "")[:4]


# How a card that explorer() lists begins (overrides/partials/rc/specialist-card.html): the filters' data goes there.
CARD_OPENING = '<article class="rc-card">'


def card_with_data(ctx: Ctx, record: Record, facets, page: str, card_of=card) -> str:
    """A card carrying its facets in data attributes: explorer.js filters a one-page list from these."""
    values = facet_values(ctx, record, facets)
    data = " ".join(f'data-{key}="{attr(" ".join(v))}"' for key, v in values.items() if v)
    start, end = years(record)
    if start:
        data += f' data-start="{start}" data-end="{end}"'
    html = card_of(ctx, record, page)
    if not html.startswith(CARD_OPENING):  # a site's own card template changed it
        raise ValueError(f"overrides/partials/rc/: the card of {record.id} in a filtered list must open with "
                         f"{CARD_OPENING}, to which the filters' data is added; it opens with {html[:60]!r}")
    return html.replace(CARD_OPENING, f'<article class="rc-card" data-id="{record.id}" {data}>', 1)


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
        found = sorted({int(y) for r in records for y in years(r) if y})
        if found:
            any_year = f'<option value="">{attr(ctx.t("period_any"))}</option>'
            opts = "".join(f'<option value="{y}">{ctx.languages.digits(ctx.lang, str(y))}</option>'
                           for y in range(found[0], found[-1] + 1))
            groups.append(
                f'<fieldset class="rc-facet"><legend>{attr(ctx.t("period"))}</legend>'
                f'<label class="rc-option">{attr(ctx.t("period_from"))} <select name="from">{any_year}{opts}</select></label>'
                f'<label class="rc-option">{attr(ctx.t("period_to"))} <select name="to">{any_year}{opts}</select></label>'
                "</fieldset>")
    return (
        f'<form class="rc-explorer__filters" role="search" aria-label="{attr(ctx.t("filters"))}">'
        f'<label class="rc-explorer__text">{attr(ctx.t("filter_text"))} <input type="search" name="words" autocomplete="off"></label>'
        f'<details class="rc-explorer__facets"><summary>{attr(ctx.t("filters"))}</summary>{"".join(groups)}</details>'
        f'<button type="reset" class="md-button">{attr(ctx.t("clear_filters"))}</button>'
        "</form>"
    )


def explorer_block(ctx: Ctx, form: str, items: str, data: str, total: int, after: str = "") -> str:
    """The explorer's HTML around its cards: ``data`` are the root's attributes, ``total`` the number of
    records in the list, ``after`` the pager.

    The result bar (the count and a link down to the results) sits between the filters and the
    cards; the stylesheet keeps it in view while the filters are taller than the screen (a phone
    with the facets open), so ticking a box visibly changes something. The filters and the bar,
    its count written, are in the page's first layout, so nothing moves when explorer.js runs (the
    facets start folded; it opens them on a wide screen); a browser without scripts is given
    explorer-noscript.css, which takes them away (overrides/main.html)."""
    return (f'<div class="rc-explorer" {count_data(ctx, "results_count")} {data}>\n' + form
            + '\n<div class="rc-explorer__bar"><p class="rc-explorer__status" role="status" aria-live="polite">'
            + f'{attr(ctx.t("results_count", count=total))}</p>'
            + f'<a class="rc-explorer__show md-button" href="#rc-results">{attr(ctx.t("show_results"))}</a></div>'
            + f'\n<div class="rc-cards" id="rc-results">\n{items}\n</div>\n'
            + f'<p class="rc-explorer__more" hidden><button type="button" class="md-button">{attr(ctx.t("show_more"))}</button></p>\n'
            + f'<p class="rc-explorer__empty" hidden>{attr(ctx.t("no_matches"))}</p>\n{after}</div>')


def explorer(ctx: Ctx, records: list[Record], facets, page: str, *, with_period: bool, kind: str,
             card_of=card) -> str:
    """The filters and every record's card on one page, each card carrying its facets (a list short
    enough for one page; a longer one is cut into pages by :func:`explorer_pages`). ``card_of`` makes a
    record's card (render.card; the specialists directory has cards of its own)."""
    items = "\n".join(card_with_data(ctx, r, facets, page, card_of) for r in records)
    return explorer_block(ctx, filter_form(ctx, records, facets, with_period=with_period), items,
                           f'data-words="{attr(words_href(ctx, page, kind))}" data-words-kind="{kind}"', len(records))


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


@dataclass(frozen=True)
class ExplorerSpec:
    """One filterable list of the records of a kind, cut into pages (listing.py).

    A new kind gets an explorer by a spec (its facets are taxonomies named in its schema's
    x-taxonomy) and a line in pages.plan_pages: ``pages += explorer_pages(ctx, SPEC, listings)``.
    """

    kind: str                                # the records listed (kinds.py)
    first: str                               # docs path of the list's first page
    title: str                               # locale key of the page's title
    anchor: str                              # id of its heading
    intro: str                               # locale key of the sentence under it, given {count}
    facets: tuple[tuple[str, str], ...]      # (key in the URL, taxonomy)
    order: Callable[[Ctx, Iterable[Record]], list[Record]]
    with_period: bool = False                # a "from year, to year" filter on record.period
    card: Callable[[Ctx, Record, str], str] = card


def newest_first(ctx: Ctx, records: Iterable[Record]) -> list[Record]:
    return sorted(records, key=lambda r: ((r.get("period") or {}).get("start", ""), r.id), reverse=True)


CASE_EXPLORER = ExplorerSpec("case-study", "case-studies/index.md", "case_studies", "case-studies",
                             "explorer_intro", CASE_FACETS, newest_first, with_period=True)
TOOL_FINDER = ExplorerSpec("tool", "tools/finder.md", "tool_finder", "tool-finder", "finder_intro",
                           TOOL_FACETS, by_title)
EXPLORERS = (CASE_EXPLORER, TOOL_FINDER)

# The records of a list, with their cards and facets, for explorer.js: one file per list and language
# beside the list's first page, loaded the first time a reader filters.
CARDS_FILE = "cards.js"


def cards_path(spec: ExplorerSpec) -> str:
    return f"{posixpath.dirname(spec.first)}/{CARDS_FILE}"


def cards_file(ctx: Ctx, spec: ExplorerSpec, records: list[Record]) -> Page:
    """Every record of the list in the list's order: [id, card HTML (its link as from the first
    page), the facets' values (space-separated, in ``spec.facets`` order), first year, last year].

    A script that sets a global, not JSON: a script element loads from file://, which fetch and
    XHR do not in Chromium (the offline edition)."""
    rows = []
    for record in records:
        values = facet_values(ctx, record, spec.facets)
        rows.append([record.id, spec.card(ctx, record, spec.first), [" ".join(values[key]) for key, _ in spec.facets],
                     *years(record)])
    data = json.dumps({"facets": [key for key, _ in spec.facets], "records": rows},
                      ensure_ascii=False, separators=(",", ":"))
    return Page(ctx.lang, cards_path(spec),
                f"(self.RCExplorerCards=self.RCExplorerCards||{{}})[{json.dumps(spec.kind)}]={data};\n")


def explorer_blocks(ctx: Ctx, spec: ExplorerSpec, records: list[Record],
                    settings: ListingSettings) -> list[tuple[str, str]]:
    """(docs path, explorer HTML) of each page of the list: the filters, counted over every record,
    then the page's cards and the pager. The cards carry no facets: explorer.js loads them all from
    the cards file when a reader filters, and until then the page is a plain list of links."""
    form = filter_form(ctx, records, spec.facets, with_period=spec.with_period)
    parts = chunks(records, settings.page_size)
    blocks = []
    for number, part in enumerate(parts, 1):
        path = page_path(spec.first, number)
        data = (f'data-words="{attr(words_href(ctx, path, spec.kind))}" data-words-kind="{spec.kind}"'
                f' data-cards="{attr(ctx.href(path, cards_path(spec)))}" data-first="{attr(ctx.href(path, spec.first))}"'
                f' data-total="{len(records)}" data-page-size="{settings.page_size}"')
        items = "\n".join(spec.card(ctx, r, path) for r in part)
        blocks.append((path, explorer_block(ctx, form, items, data, len(records),
                                             pager(ctx, spec.first, number, len(parts)))))
    return blocks


def explorer_pages(ctx: Ctx, spec: ExplorerSpec, settings: ListingSettings = ListingSettings()) -> list[Page]:
    """The pages of a list of every record of ``spec.kind``, with its title and count, and its cards file."""
    records = spec.order(ctx, [r for r in ctx.content.records() if r.kind == spec.kind])
    title = ctx.t(spec.title)
    pages = []
    for number, (path, block) in enumerate(explorer_blocks(ctx, spec, records, settings), 1):
        shown = title if number == 1 else ctx.t("page_title", title=title, page=number)
        body = [front_matter(title=shown, search=LISTING, hide=LIST_HIDE, rc_assets=ASSET), heading(1, title, spec.anchor),
                attr(ctx.t(spec.intro, count=len(records))), block]
        pages.append(Page(ctx.lang, path, "\n\n".join(body) + "\n"))
    return pages + [cards_file(ctx, spec, records)]


def case_study_explorer(ctx: Ctx) -> str:
    """The first page of the case-study explorer."""
    return explorer_pages(ctx, CASE_EXPLORER)[0].text


def tool_finder(ctx: Ctx) -> str:
    """The first page of the tool finder."""
    return explorer_pages(ctx, TOOL_FINDER)[0].text
