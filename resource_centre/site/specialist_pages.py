"""The specialists directory (one per language) and a page per specialist.

Made only from :attr:`Content.specialists`, the published records (consented fields only; see
:mod:`specialists`), with the explorer's filters. Three choices about personal data:

* no structured data: nothing here (or in the theme) writes schema.org ``Person`` markup or
  any other JSON-LD, microdata or RDFa about a person;
* ``noindex``: the directory and each specialist's page ask search engines not to index them
  (``rc_robots`` front matter, read by overrides/partials/rc-site-meta.html) and are left out of
  the sitemap. A person's consent is to be listed in the resource centre; a search engine's
  copy would outlive a withdrawal by months. The site's own search finds them, online and
  offline, and forgets them with the next build;
* the languages and trainings facets are made here as taxonomies of the directory alone (a
  language's name in each site language, a training module's title), so the explorer's filters,
  counts and URL state work for them as for any taxonomy.
"""
from __future__ import annotations

import dataclasses
import json

from ..records import translations
from ..records.kinds import BY_NAME, TRAINING
from ..records.model import Content, Record, Taxonomy
from ..records.specialists import KIND
from ..text.languages import Languages
from ..text.markup import attr, md_text
from . import fragments
from .explorer import ASSET, LIST_HIDE, LISTING, explorer, search_words
from .render import (
    Ctx,
    Notice,
    Page,
    block,
    draft_notice,
    facts,
    fallback_notices,
    front_matter,
    heading,
    list_separator,
    notice_block,
    outdated_notices,
    separated,
    term_link,
)

SECTION = BY_NAME[KIND].section
DIRECTORY = f"{SECTION}/index.md"
WORDS = f"{SECTION}/words.js"
ROBOTS = "noindex"
LANGUAGES_FACET = "specialist-languages"
TRAININGS_FACET = "specialist-trainings"
# (facet key in the URL and data attributes, taxonomy): principle, stage, sector, language, province, training.
FACETS = (("principles", "principles"), ("stages", "stages"), ("twgs", "twgs"), ("languages", LANGUAGES_FACET),
          ("provinces", "provinces"), ("trainings", TRAININGS_FACET))


def directory_content(content: Content, languages: Languages) -> Content:
    """``content`` with the directory's own two facets as taxonomies: the languages specialists work
    in (named by Babel in each site language) and the training modules they deliver."""
    codes = sorted({c for r in content.specialists.values() for c in r.get("languages") or []},
                   key=lambda c: languages.name(c, languages.default).casefold())
    spoken = Taxonomy(LANGUAGES_FACET, {lang: languages.t(lang, "specialist_languages") for lang in languages.codes},
                      {c: {"id": c, "label": {lang: languages.name(c, lang) for lang in languages.codes}} for c in codes})
    delivered = Taxonomy(TRAININGS_FACET, {lang: languages.t(lang, "specialist_trainings") for lang in languages.codes},
                         {i: {"id": i, "label": r.get("title")} for i, r in content.trainings.items()})
    fields = dict(content.taxonomy_fields)
    fields[KIND] = {**fields.get(KIND, {}), LANGUAGES_FACET: [("languages", "*")], TRAININGS_FACET: [("trainings", "*")]}
    return dataclasses.replace(content, taxonomies={**content.taxonomies, LANGUAGES_FACET: spoken,
                                                    TRAININGS_FACET: delivered}, taxonomy_fields=fields)


def by_name(ctx: Ctx, records) -> list[Record]:
    return sorted(records, key=lambda r: (ctx.loc(r.get("name"), own=False).text.casefold(), r.id))


def _card(ctx: Ctx, record: Record, page: str) -> str:
    """A specialist in the directory: name, organisation, and the languages and places they work in."""
    meta = [ctx.label("partner-types", record.get("partner_type"))] if record.get("partner_type") else []
    meta += [ctx.language_name(c) for c in record.get("languages") or []]
    if record.get("illustrative"):
        meta.append(ctx.t("illustrative_badge"))
    organisation = ctx.loc(record.get("organisation"), own=False) if record.get("organisation") else None
    return fragments.render(ctx.content.root, "specialist-card.html", url=ctx.href(page, f"{SECTION}/{record.id}.md"),
                            name=ctx.loc(record.get("name"), own=False), organisation=organisation, meta=meta)


def directory_page(ctx: Ctx) -> str:
    """The directory: every listed specialist as a card, filtered in the page by explorer.js."""
    ctx = dataclasses.replace(ctx, content=directory_content(ctx.content, ctx.languages))
    records = by_name(ctx, ctx.content.specialists.values())
    said: list[Notice] = []
    if any(r.get("illustrative") for r in records):
        said.append(("illustrative", ctx.t("illustrative_specialists")))
    body = [front_matter(title=ctx.t("specialists"), search=LISTING, hide=LIST_HIDE, rc_robots=ROBOTS,
                         rc_assets=ASSET),
            heading(1, ctx.t("specialists"), "specialists"), notice_block(ctx, said),
            md_text(ctx.t("specialists_intro", count=len(records))),
            f'<p class="rc-consent-note"><small>{attr(ctx.t("specialists_consent"))}</small></p>',
            explorer(ctx, records, FACETS, DIRECTORY, with_period=False, kind=KIND, card_of=_card)]
    return "\n\n".join(b for b in body if b) + "\n"


def _terms(ctx: Ctx, taxonomy: str, terms, here: str) -> str:
    """Terms as chips: a link to the term's page where it has one (it lists case studies or tools)."""
    parts = []
    for term in terms:
        cases, tools = ctx.content.tagged(taxonomy, term)
        parts.append(term_link(ctx, taxonomy, term, here) if cases or tools
                     else f'<span class="rc-chip">{attr(ctx.label(taxonomy, term))}</span>')
    return separated(ctx, parts)


def specialist_page(ctx: Ctx, record: Record) -> str:
    """One specialist: what they know, where and in which languages they work, how to reach them."""
    page = f"{SECTION}/{record.id}.md"
    name = ctx.loc(record.get("name"))
    organisation = ctx.loc(record.get("organisation"))
    body = []
    if record.get("bio"):
        body.append(block(ctx, record.get("bio"), demote=1))
    rows: list[tuple[str, str]] = []
    if organisation:
        rows.append((ctx.t("specialist_organisation"), ctx.inline(record.get("organisation"))))
    if record.get("partner_type"):
        rows.append((ctx.t("type"), _terms(ctx, "partner-types", [record.get("partner_type")], SECTION)))
    for key, taxonomy, label in (("twgs", "twgs", "twgs"), ("principles", "principles", "principles"),
                                 ("stages", "stages", "stages"), ("provinces", "provinces", "specialist_provinces")):
        if record.get(key):
            rows.append((ctx.t(label), _terms(ctx, taxonomy, record.get(key), SECTION)))
    if record.get("languages"):
        names = [ctx.language_name(c) for c in record.get("languages")]
        rows.append((ctx.t("specialist_languages"), md_text(list_separator(ctx.lang).join(names))))
    modules = ctx.content.trainings
    delivered = [modules[i] for i in record.get("trainings") or [] if i in modules]
    if delivered:
        section = TRAINING.section
        links = [f"[{ctx.inline(m.get('title'), own=False)}](../{section}/{m.id}.md){{ .rc-chip }}" for m in delivered]
        rows.append((ctx.t("specialist_trainings"), separated(ctx, links)))
    if rows:
        body += [heading(2, ctx.t("at_a_glance"), "at-a-glance"), facts(ctx, rows)]
    reach = []
    if record.get("work_email"):
        email = record.get("work_email")
        reach.append(f'- {attr(ctx.t("labelled", label=ctx.t("specialist_email")))} '
                     f'<a href="mailto:{attr(email)}">{attr(email)}</a>')
    if record.get("organisation_contact"):
        reach.append(f'- {attr(ctx.t("labelled", label=ctx.t("specialist_through_organisation")))} '
                     f'{ctx.inline(record.get("organisation_contact"))}')
    if record.get("phone"):
        phone = record.get("phone")
        reach.append(f'- {attr(ctx.t("labelled", label=ctx.t("specialist_phone")))} '
                     f'<a href="tel:{attr(phone.replace(" ", ""))}">{attr(phone)}</a>')
    if reach:
        body += [heading(2, ctx.t("specialist_reach"), "contact"), "\n".join(reach)]
    body.append(f'<p class="rc-consent-note"><small>{attr(ctx.t("specialist_consent_line"))}</small></p>')
    said: list[Notice] = []
    if record.get("illustrative"):
        said.append(("illustrative", ctx.t("illustrative_specialist")))
    if translations.is_draft(record, ctx.lang,
                             translations.patterns_for(translations.schemas_for(ctx.content, ctx.languages))):
        said.append(draft_notice(ctx))
    said += outdated_notices(ctx, [(None, record)], page)
    head = [front_matter(title=name.text, description=organisation.text if organisation else name.text,
                         rc_robots=ROBOTS),
            heading(1, name.text, "title", name.lang if name.fallback else ""),
            notice_block(ctx, said + fallback_notices(ctx, whole=name.fallback))]
    return "\n\n".join([h for h in head if h] + [b for b in body if b]) + "\n"


def words_file(content: Content, languages: Languages) -> Page:
    """What "Filter by words" searches in the directory: each specialist's published words."""
    table = {r.id: search_words(content, languages, r) for r in content.specialists.values()}
    data = json.dumps(table, ensure_ascii=False, separators=(",", ":"))
    return Page(languages.default, WORDS,
                f"(self.RCExplorerWords=self.RCExplorerWords||{{}})[{json.dumps(KIND)}]={data};\n")


def plan_specialists(content: Content, languages: Languages, ctx_for) -> list[Page]:
    """The directory and every specialist's page in every language, and the directory's words file.

    ``ctx_for(lang)`` makes the page context (pages.plan_pages shares its cards per language)."""
    pages = []
    for lang in languages.codes:
        pages.append(Page(lang, DIRECTORY, directory_page(ctx_for(lang))))
        for record in content.specialists.values():
            pages.append(Page(lang, f"{SECTION}/{record.id}.md", specialist_page(ctx_for(lang), record)))
    pages.append(words_file(content, languages))
    return pages
