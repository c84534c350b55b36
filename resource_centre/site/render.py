"""The building blocks of generated pages: the page context, headings, blocks, links, notices and cards.

The pages of each kind are made from them in their own modules (record_pages, trainings,
eventpages, specialist_pages, explorer).

Generated pages are Markdown so that MkDocs resolves (and, in strict mode,
checks) every internal link for both URL styles; contributor text inside them
arrives as sanitised HTML from :mod:`markup`. Headings get explicit ids because
Khmer headings otherwise get empty anchors.
"""
from __future__ import annotations

import html
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable, Iterator

import yaml
from babel import Locale
from markupsafe import Markup, escape

from ..records import translations
from ..records.kinds import BY_NAME
from ..records.model import Content, Record
from ..text import markup
from ..text.languages import Languages, language_folder
from ..text.localise import Localised, localise, localise_list
from ..text.markup import attr, md_text, safe_url
from . import fragments
from .listing import chunks, page_path, pager
from .urls import href

_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
# Taxonomies that get pages of their own, in the order the browse page lists them.
BROWSE_ORDER = ("twgs", "principles", "stages", "partner-types", "provinces", "scopes", "formats", "audiences")


@dataclass
class Page:
    """One generated page: the Markdown for ``docs/<lang>/<path>``."""

    lang: str
    path: str
    text: str


@dataclass
class Ctx:
    """What every renderer needs: the content, the languages, and the page language."""

    content: Content
    languages: Languages
    lang: str
    # The languages the page's OWN text fell back to (its notice says so); text of the records it
    # links to or lists is marked with its language where it stands, and is not counted here.
    fallbacks: set[str] = field(default_factory=set)
    # Cards already made in this language, shared by the pages of one plan: (record, link) -> HTML.
    # A record is listed on every term page it uses.
    cards: dict[tuple[str, str, str], str] = field(default_factory=dict)
    directory_urls: bool = True  # MkDocs' use_directory_urls (off in the offline edition)

    def t(self, key: str, **values) -> str:
        return self.languages.t(self.lang, key, **values)

    def loc(self, value, *, own: bool = True) -> Localised:
        """``value`` in the page's language; ``own=False`` for text of another record (a link, a card)."""
        result = localise(value, self.lang, self.languages)
        if result.fallback and own:
            self.fallbacks.add(result.lang)
        return result

    def language_name(self, code: str) -> str:
        """The name of language ``code`` in the page's language."""
        return self.languages.name(code, self.lang)

    def inline(self, value, *, html: bool = False, own: bool = True) -> str:
        """Plain localised text for generated Markdown (or, with ``html``, HTML), marked with its
        language when it fell back."""
        text = self.loc(value, own=own)
        escaped = attr(text.text) if html else md_text(text.text)
        return f'<span lang="{text.lang}">{escaped}</span>' if text.fallback else escaped

    def href(self, from_page: str, to_page: str) -> str:
        """A link in generated HTML, where MkDocs does not resolve links: see :func:`href`."""
        return href(from_page, to_page, self.directory_urls)

    def label(self, taxonomy: str, term: str) -> str:
        tax = self.content.taxonomies.get(taxonomy)
        if not tax or term not in tax.terms:
            return term
        return self.loc(tax.terms[term].get("label")).text or term


# Contributor text to HTML ------------------------------------------------

class RenderedTexts:
    """The HTML of contributor texts, kept between the plans of a long-running preview.

    Under `mkdocs serve` every edit re-plans every page; most of that time is Markdown of
    contributor text that did not change. A plan made inside :func:`keeping_rendered` looks each
    text up here first; afterwards, texts the plan did not use are dropped, so this holds one
    site's texts at most. Owned by the caller's session, not the module.
    """

    def __init__(self) -> None:
        self._kept: dict[tuple[str, str, int], str] = {}
        self._used: dict[tuple[str, str, int], str] = {}

    def get(self, key: tuple[str, str, int], make: Callable[[], str]) -> str:
        html = self._used.get(key)
        if html is None:
            html = self._kept[key] if key in self._kept else make()
            self._used[key] = html
        return html

    def end_plan(self) -> None:
        self._kept, self._used = self._used, {}


_KEPT: ContextVar[RenderedTexts | None] = ContextVar("rendered_texts", default=None)


@contextmanager
def keeping_rendered(texts: RenderedTexts | None) -> Iterator[None]:
    """Render contributor text through ``texts`` (None: render every time) for the calls inside."""
    token = _KEPT.set(texts)
    try:
        yield
    finally:
        _KEPT.reset(token)
        if texts is not None:
            texts.end_plan()


def render_markdown(text: str, *, demote: int = 2) -> str:
    """Contributor Markdown as HTML whose headings go on below the page's heading of level ``demote``."""
    kept = _KEPT.get()
    if kept is None:
        return markup.render_markdown(text, demote=demote)
    return kept.get(("block", text, demote), lambda: markup.render_markdown(text, demote=demote))


def render_inline(text: str) -> str:
    kept = _KEPT.get()
    if kept is None:
        return markup.render_inline(text)
    return kept.get(("inline", text, 0), lambda: markup.render_inline(text))


# Small pieces ----------------------------------------------------------

def facts(ctx: Ctx, rows: list[tuple[str, str]]) -> str:
    """A list of facts (partners, period, location) as a definition list that reflows on phones
    (overrides/partials/rc/facts.html); ``rows``: (plain label, Markdown value)."""
    if not rows:
        return ""
    return fragments.render(ctx.content.root, "facts.html", rows=[(label, Markup(value)) for label, value in rows])


def front_matter(**meta) -> str:
    """YAML front matter. Themes print title and description into HTML unescaped, so escape them here."""
    for key in ("title", "description"):
        if isinstance(meta.get(key), str):
            meta[key] = html.escape(" ".join(meta[key].split()), quote=True)
    # libyaml's emitter: the same YAML as yaml.safe_dump, ten times faster (one call per generated page).
    return "---\n" + yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=True, width=1000) + "---\n"


def dated(records: Iterable[Record]) -> dict[str, str]:
    """Front matter dating a page by the newest review of the records it shows (``rc_lastmod``, the
    sitemap's lastmod in overrides/sitemap.xml): search engines revisit what changed, and a page that
    shows no reviewed record claims no date rather than the build's."""
    newest = max((r.last_reviewed for r in records if r.last_reviewed), default="")
    return {"rc_lastmod": newest} if newest else {}


def heading(level: int, text: str, anchor: str, lang_attr: str = "", *, searched: bool = True) -> str:
    """A Markdown heading with its anchor; ``searched=False`` leaves its section out of the site search
    (Material's data-search-exclude): lists of links that would outrank the pages they link to."""
    extra = (f" lang={lang_attr}" if lang_attr else "") + ("" if searched else " data-search-exclude")
    return f"{'#' * level} {md_text(text, quote=False)} {{ #{anchor}{extra} }}"


def block(ctx: Ctx, value, *, inline: bool = False, demote: int = 2) -> str:
    """Contributor Markdown as a sanitised HTML block, marked when it fell back; its headings go on
    below the page's heading of level ``demote`` (a section's <h2>, or the title's <h1>).

    A raw HTML block at the top level of the page's Markdown, which Python-Markdown passes on as it
    is: no ``markdown`` attribute, which md_in_html would leave in the page (it is not HTML)."""
    text = ctx.loc(value)
    if not text:
        return ""
    body = render_inline(text.text) if inline else render_markdown(text.text, demote=demote)
    if text.fallback:
        return f'<div class="rc-md rc-fallback" lang="{text.lang}">\n{body}\n</div>'
    return f'<div class="rc-md">\n{body}\n</div>'


def summary_block(ctx: Ctx, value) -> str:
    """A record's summary under its page's title ("" when it has none): plain text, as the schema
    has it (localisedText, not localisedMarkdown) and as its card, the front matter's description,
    the open data and the feeds show it, so ``*word*`` reads the same everywhere."""
    text = ctx.loc(value)
    if not text:
        return ""
    inner = f'<div class="rc-md rc-fallback" lang="{text.lang}">' if text.fallback else '<div class="rc-md">'
    return f'<div class="rc-summary">{inner}\n<p>{attr(text.text)}</p>\n</div></div>'


def link(ctx: Ctx, record: Record, from_dir: str) -> str:
    section = BY_NAME[record.kind].section
    prefix = "" if from_dir == section else ("../" * len(from_dir.split("/")) if from_dir else "") + section + "/"
    return f"[{ctx.inline(record.get('title'), own=False)}]({prefix}{record.id}.md)"


def term_link(ctx: Ctx, taxonomy: str, term: str, from_dir: str) -> str:
    up = "../" * len(from_dir.split("/")) if from_dir else ""
    return f"[{md_text(ctx.label(taxonomy, term))}]({up}browse/{taxonomy}/{term}.md){{ .rc-chip }}"


def chips(ctx: Ctx, taxonomy: str, terms: Iterable[str], from_dir: str) -> str:
    return separated(ctx, [term_link(ctx, taxonomy, t, from_dir) for t in terms])


@lru_cache(maxsize=None)
def list_separator(lang: str) -> str:
    """What the language writes between the items of a list (CLDR's, through Babel: ", ")."""
    try:
        middle = Locale.parse(lang).list_patterns["standard"]["middle"]
    except (ValueError, LookupError):
        return ", "
    return middle.replace("{0}", "").replace("{1}", "") or ", "


def separated(ctx: Ctx, parts: list[str]) -> str:
    """Items shown side by side (chips, places) with the language's list separator between them.

    On screen each chip is a box of its own and the separator is hidden (resource-centre.css), but
    screen readers read it and paper prints it, so "Provincial, Kampong Thom, Cambodia" never runs
    together into "Provincial Kampong Thom Cambodia".
    """
    return f'<span class="rc-sep">{html.escape(list_separator(ctx.lang))}</span>'.join(parts)


# Notices: what a reader should know about the page's own text (illustrative, draft translation,
# not yet translated), each said once, in one compact block under the title. On a phone three
# separate boxes used to fill the whole first screen before the summary.
Notice = tuple[str, str]  # (kind, text): the kind names its class, rc-notice--<kind>


def notice_block(ctx: Ctx, notices: list[Notice]) -> str:
    """The page's notices as one block of running text ("" when there is nothing to say), made by
    overrides/partials/rc/notice.html.

    An <aside>, so that glossary terms in it are not linked (tooltips.SKIP): the first use of a
    term is the page's own.
    """
    if not notices:
        return ""
    return fragments.render(ctx.content.root, "notice.html", notices=notices)


# What a page says of an illustrative record, by kind (a kind not named here: the tool's words).
ILLUSTRATIVE = {"case-study": "illustrative_case", "training": "illustrative_training", "event": "illustrative_event"}


def notices(ctx: Ctx, record: Record) -> list[Notice]:
    """What a record says about itself: an illustrative example, a draft translation."""
    out = []
    if record.get("illustrative"):
        out.append(("illustrative", ctx.t(ILLUSTRATIVE.get(record.kind, "illustrative_tool"))))
    if translations.is_draft(record, ctx.lang, _patterns(ctx)):
        out.append(draft_notice(ctx))
    page = f"{BY_NAME[record.kind].section}/{record.id}.md"
    out += outdated_notices(ctx, [(None, record)], page)
    return out


def _patterns(ctx: Ctx) -> dict[str, list[tuple]]:
    return translations.patterns_for(translations.schemas_for(ctx.content, ctx.languages))


def field_label(ctx: Ctx, path: tuple) -> str:
    """A field's name in the page's language: "Lessons", "Role (Partners 2)", "Steps 3"."""
    def word(name: str) -> str:
        for key in (f"translation_field_{name}", name):
            try:
                return ctx.t(key)
            except KeyError:
                continue
        return name.replace("_", " ")

    names = [p for p in path if isinstance(p, str)]
    at = next((i for i, p in enumerate(path) if isinstance(p, int)), None)
    if at is None or at == 0:
        return word(names[-1])
    number = ctx.languages.number(ctx.lang, path[at] + 1)
    if at == len(path) - 1:
        return f"{word(path[at - 1])} {number}"
    return f"{word(names[-1])} ({word(path[at - 1])} {number})"


def outdated_notices(ctx: Ctx, records: list[tuple[str | None, Record]], page: str) -> list[Notice]:
    """"The Khmer text of *Lessons* was written for an earlier version of the English", once for the
    page, naming every outdated field (``records``: (anchor on the page or None, record)), with a
    link to the same page in the default language."""
    default = ctx.languages.default
    if ctx.lang == default:
        return []
    labels, anchor = [], None
    for where, record in records:
        states = translations.page_states(ctx.content, ctx.languages, record, ctx.lang)
        fields = [field_label(ctx, path) for path, state in states.items() if state == "outdated"]
        if where is not None and fields:
            title = ctx.loc(record.get("term") or record.get("title"), own=False).text
            fields = [f"{ctx.t('labelled', label=title)} {name}" for name in fields]
        if fields and anchor is None:
            anchor = where
        labels += fields
    if not labels:
        return []
    prefix = {code: language_folder(code, default) for code in (default, ctx.lang)}
    url = ctx.href(prefix[ctx.lang] + page, prefix[default] + page) + (f"#{anchor}" if anchor else "")
    source = ctx.language_name(default)
    sentence = ctx.t("outdated_translation", language=ctx.language_name(ctx.lang), fields="\0", source=source)
    before, after = " ".join(sentence.split()).split("\0")
    text = fragments.render(ctx.content.root, "outdated.html", before=before, after=after, fields=labels,
                            separator=list_separator(ctx.lang), url=url, source=default,
                            link=ctx.t("outdated_translation_link", source=source))
    return [("outdated-translation", Markup(text))]


def draft_notice(ctx: Ctx) -> Notice:
    return "draft-translation", ctx.t("draft_translation", language=ctx.language_name(ctx.lang))


def fallback_notices(ctx: Ctx, *, whole: bool) -> list[Notice]:
    """"Not yet in <language>": only about the page's own text (``ctx.fallbacks``), all of it
    (``whole``: the title fell back) or parts of it (a section, a partner's name)."""
    if not ctx.fallbacks:
        return []
    names = ", ".join(ctx.language_name(c) for c in sorted(ctx.fallbacks))
    return [("untranslated", ctx.t("not_translated" if whole else "partly_translated", language=names))]


def review_line(ctx: Ctx, record: Record) -> str:
    review = record.get("review") or {}
    if not review.get("last_reviewed"):
        return ""
    text = ctx.t("last_reviewed", date=ctx.languages.day(ctx.lang, review["last_reviewed"]))
    if review.get("next_review"):
        text += " · " + ctx.t("next_review", date=ctx.languages.day(ctx.lang, review["next_review"]))
    return f'<p class="rc-review"><small>{attr(text)}</small></p>'


def assemble(ctx: Ctx, record: Record, body: list[str], **meta) -> str:
    """Title, notices and body of a record page; the fallback notice is known only at the end.
    ``meta`` adds front matter, e.g. rc_assets for the scripts only this page needs."""
    title = ctx.loc(record.get("title"))
    summary = ctx.loc(record.get("summary"))
    head = [front_matter(title=title.text, description=summary.text, **dated([record]), **meta),
            heading(1, title.text, "title", title.lang if title.fallback else ""),
            notice_block(ctx, notices(ctx, record) + fallback_notices(ctx, whole=title.fallback))]
    return "\n\n".join([h for h in head if h] + [b for b in body if b]) + "\n"


def sources_and_tags(ctx: Ctx, record: Record) -> list[str]:
    out = []
    sources = record.get("sources") or []
    if sources:
        rows = []
        for source in sources:
            title = md_text(source["title"])
            url = safe_url(source.get("url") or "")
            text = f'<a href="{attr(url)}" rel="noopener noreferrer">{title}</a>' if url else title
            meta = ", ".join(md_text(str(source[k])) for k in ("publisher", "year") if source.get(k))
            line = text + (f" — {meta}" if meta else "")
            # The document's own language, where it differs from the page's (a Khmer page citing an English report).
            language = source.get("language") or ctx.lang
            rows.append(f'- <span lang="{attr(language)}">{line}</span>' if language != ctx.lang else f"- {line}")
        out += [heading(2, ctx.t("sources"), "sources"), "\n".join(rows)]
    if tags := tags_html(ctx, record):
        out.append(tags)
    out.append(review_line(ctx, record))
    return out


def tags_html(ctx: Ctx, record: Record) -> str:
    """A record's tags in the page's language ('' when it has none), on its page and its card.

    Tags are words, not boxes: the list separator shows ("health check, TWG"), on screen as on
    paper. Tags in another language (a record with English tags only, on a Khmer page) are marked
    with their language, and, being keywords rather than the page's text, do not add to its
    "not yet translated" notice.
    """
    values = tags_values(ctx, record)
    return fragments.render(ctx.content.root, "tags.html", tags=values) if values else ""


def tags_values(ctx: Ctx, record: Record) -> dict | None:
    """What overrides/partials/rc/tags.html is given (None when the record has no tags)."""
    tags = localise_list(record.get("tags"), ctx.lang, ctx.languages)
    if not tags:
        return None
    return {"label": ctx.t("labelled", label=ctx.t("tags")), "words": tags.items,
            "lang": tags.lang if tags.fallback else "", "separator": list_separator(ctx.lang)}


def country_name(code: str, lang: str) -> str:
    try:
        return Locale.parse(lang).territories.get(code, code)
    except (ValueError, LookupError):
        return code


# Index pages -----------------------------------------------------------

def card(ctx: Ctx, record: Record, page: str) -> str:
    """A record in a list on ``page``: linked title, summary and its main terms.

    Only the link depends on the page, so a card is made once per language and link: every term
    page lists a record with the same link. The card has a context of its own: its text is the
    listed record's, which says its language where it falls back but is not the page's own text.
    """
    link = ctx.href(page, f"{BY_NAME[record.kind].section}/{record.id}.md")
    key = (record.kind, record.id, link)
    if key not in ctx.cards:
        ctx.cards[key] = _card_linked(ctx, record, link)
    return ctx.cards[key]


# Where a card's link goes: a record's card is rendered once per language with this in place of its
# link, and each page's link is put there (a record is listed from several folders: the explorer,
# every term page it uses). No record's link is this text.
_LINK_MARK = "rc-card-link-mark"


def _card_linked(ctx: Ctx, record: Record, link: str) -> str:
    """The card of ``record`` with ``link``: the language's card with its link put in, when the template
    wrote the link once, as given (the link needs no escaping); else rendered with the link."""
    own = Ctx(ctx.content, ctx.languages, ctx.lang, directory_urls=ctx.directory_urls)
    unlinked = (record.kind, record.id, _LINK_MARK)
    if unlinked not in ctx.cards:
        ctx.cards[unlinked] = _card(own, record, _LINK_MARK)
    html = ctx.cards[unlinked]
    if html.count(_LINK_MARK) == 1 and str(escape(link)) == link:
        return html.replace(_LINK_MARK, link)
    return _card(own, record, link)


def _card(ctx: Ctx, record: Record, link: str) -> str:
    """The card's HTML, made by overrides/partials/rc/card.html from the record's plain values."""
    meta = []
    if record.kind == "case-study":
        meta = [ctx.label("twgs", t) for t in record.get("twgs") or []]
        period = record.get("period") or {}
        if period.get("start"):
            meta.append(ctx.languages.period(ctx.lang, str(period["start"])[:4], str(period.get("end") or "")[:4] or None))
    else:
        if record.get("format"):
            meta.append(ctx.label("formats", record.get("format")))
    if record.get("illustrative"):
        meta.append(ctx.t("illustrative_badge"))
    return fragments.render(ctx.content.root, "card.html", url=link, title=ctx.loc(record.get("title")),
                            summary=ctx.loc(record.get("summary")), tags=tags_values(ctx, record), meta=meta)


def cards(ctx: Ctx, records: Iterable[Record], page: str) -> str:
    """Records as cards on ``page`` (its path, e.g. ``browse/twgs/health.md``), in HTML."""
    records = list(records)
    if not records:
        return md_text(ctx.t("no_records"))
    return '<div class="rc-cards">\n' + "\n".join(card(ctx, r, page) for r in records) + "\n</div>"


def by_title(ctx: Ctx, records: Iterable[Record]) -> list[Record]:
    return sorted(records, key=lambda r: ctx.loc(r.get("title"), own=False).text.casefold())


def tool_index(ctx: Ctx) -> str:
    """Tools grouped by partnering stage, in the order of the stages taxonomy."""
    body = [front_matter(title=ctx.t("tools"), **dated(ctx.content.tools.values())), heading(1, ctx.t("tools"), "tools"),
            md_text(ctx.t("tool_count", count=len(ctx.content.tools)))]
    stages = ctx.content.taxonomies.get("stages")
    tools = by_title(ctx, ctx.content.tools.values())
    for stage in (stages.terms if stages else {}):
        members = [t for t in tools if stage in (t.get("stages") or [])]
        if members:
            body += [heading(2, ctx.label("stages", stage), stage), cards(ctx, members, "tools/index.md")]
    loose = [t for t in tools if not t.get("stages")]
    if loose:
        body += [heading(2, ctx.t("other_stage"), "any-stage"), cards(ctx, loose, "tools/index.md")]
    return "\n\n".join(body) + "\n"


def glossary_page(ctx: Ctx) -> str:
    terms = sorted(ctx.content.terms.values(), key=lambda r: ctx.loc(r.get("term")).text.casefold())
    # Definitions written in the page's language, and those of them that are draft translations:
    # when all are drafts the page says so once; when some are, it says which.
    written = [r for r in terms if not ctx.loc(r.get("definition")).fallback]
    drafts = {r.id for r in written if translations.is_draft(r, ctx.lang, _patterns(ctx))}
    mixed = bool(drafts) and len(drafts) < len(written)
    body = [front_matter(title=ctx.t("glossary")), heading(1, ctx.t("glossary"), "glossary"),
            md_text(ctx.t("term_count", count=len(terms)))]
    for record in terms:
        term = ctx.loc(record.get("term"))
        body.append(heading(2, term.text, record.id, term.lang if term.fallback else ""))
        if mixed and record.id in drafts:
            body.append(f'<p class="rc-draft-mark"><small>{attr(ctx.t("draft_badge"))}</small></p>')
        body.append(block(ctx, record.get("definition")))
        see = ctx.content.see_also(record.id)
        if see:
            links = ", ".join(f"[{md_text(ctx.loc(ctx.content.terms[s].get('term')).text)}](#{s})" for s in see)
            body.append(f"*{md_text(ctx.t('labelled', label=ctx.t('see_also')))}* {links}")
    said = [("draft-translation", ctx.t("draft_translation_some"))] if mixed else [draft_notice(ctx)] if drafts else []
    said += outdated_notices(ctx, [(r.id, r) for r in terms], "glossary/index.md")
    notice = notice_block(ctx, said + fallback_notices(ctx, whole=not written))
    if notice:
        body.insert(2, notice)
    return "\n\n".join(body) + "\n"


def browse_index(ctx: Ctx) -> str:
    body = [front_matter(title=ctx.t("browse"), search={"exclude": True}),  # a list of lists
            heading(1, ctx.t("browse"), "browse")]
    for tax_id in taxonomy_order(ctx.content):
        tax = ctx.content.taxonomies[tax_id]
        rows = []
        for term in tax.terms:
            cases, tools = ctx.content.tagged(tax_id, term)
            if cases or tools:
                rows.append(f"- [{md_text(ctx.label(tax_id, term))}]({tax_id}/{term}.md) "
                            f"<small>({ctx.languages.number(ctx.lang, len(cases) + len(tools))})</small>")
        if rows:
            body += [heading(2, ctx.loc(tax.label).text, tax_id), "\n".join(rows)]
    return "\n\n".join(body) + "\n"


def taxonomy_order(content: Content) -> list[str]:
    known = [t for t in BROWSE_ORDER if t in content.taxonomies]
    return known + sorted(t for t in content.taxonomies if t not in known)


def term_page(ctx: Ctx, tax_id: str, term: str) -> str:
    """The page of a taxonomy term listing every record tagged with it (one page: see term_pages)."""
    return term_pages(ctx, tax_id, term)[0]


TERM_PAGE_SEARCH_BOOST = 0.5  # Material's front matter search.boost: below 1 ranks a page lower


def term_pages(ctx: Ctx, tax_id: str, term: str, page_size: int | None = None) -> list[str]:
    """The pages of a term: its case studies, then its tools, by title, at most ``page_size`` records
    on a page (None: all on one), at ``listing.page_path(f"browse/{tax_id}/{term}.md", n)``.
    The term's description is on the first page; every page has its title and the pager."""
    tax = ctx.content.taxonomies[tax_id]
    label = ctx.label(tax_id, term)
    cases, tools = ctx.content.tagged(tax_id, term)
    eyebrow = f'<p class="rc-eyebrow">{attr(ctx.loc(tax.label).text)}</p>'
    whole = ctx.loc(tax.terms[term].get("label")).fallback
    shared = set(ctx.fallbacks)  # what every page's own text fell back to (the description: page 1 only)
    groups = (("case_studies", "case-studies", by_title(ctx, cases)), ("tools", "tools", by_title(ctx, tools)))
    listed = [(key, record) for key, _, records in groups for record in records]
    parts = chunks(listed, page_size or len(listed) or 1)
    first = f"browse/{tax_id}/{term}.md"
    texts = []
    for number, part in enumerate(parts, 1):
        here = page_path(first, number)
        # Page 1 is the term's entry in the site search, ranked below the records it lists (a list of
        # titles matches many queries, and a reader looks for the record); the next pages would only
        # repeat its title there.
        search = {"boost": TERM_PAGE_SEARCH_BOOST} if number == 1 else {"exclude": True}
        meta = {"search": search, **dated(cases + tools)}
        title = label if number == 1 else ctx.t("page_title", title=label, page=number)
        body = [front_matter(title=title, **meta), heading(1, label, "term"), eyebrow]
        description = tax.terms[term].get("description")
        if number == 1 and description:
            body.append(block(ctx, description, demote=1))
        page_ctx = ctx if number == 1 else Ctx(ctx.content, ctx.languages, ctx.lang, set(shared), ctx.cards,
                                               ctx.directory_urls)
        for key, anchor, _ in groups:
            members = [record for group, record in part if group == key]
            if members:
                body += [heading(2, ctx.t(key), anchor), cards(ctx, members, here)]
        if nav := pager(ctx, first, number, len(parts)):
            body.append(nav)
        notice = notice_block(ctx, fallback_notices(page_ctx, whole=whole))
        if notice:
            body.insert(2, notice)
        texts.append("\n\n".join(body) + "\n")
    return texts
