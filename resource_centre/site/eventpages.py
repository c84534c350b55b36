"""The events page of each language and each event's page.

The events page lists upcoming events first (soonest first), then past ones (latest
first), as of the build's date, and filters them by province, module and language with
the explorer's machinery (explorer.js reads each card's ``data-*`` attributes; without
JavaScript the page is the full list). It links the language's calendar feed, and each
event's page offers the event's own ``.ics`` (both made by :mod:`ical`).
"""
from __future__ import annotations

from collections import Counter

from markupsafe import Markup

from ..records.events import end_of, is_past, past_from, start_of
from ..records.kinds import EVENT, TRAINING
from ..records.model import Content, Record
from ..text.languages import Languages
from ..text.markup import attr, md_text, safe_url
from . import fragments
from .agenda_table import agenda_table
from .explorer import ASSET, explorer_block, filter_form, option_group
from .ical import FEED, ics_path
from .render import (
    Ctx,
    Page,
    assemble,
    block,
    facts,
    front_matter,
    heading,
    link,
    review_line,
    summary_block,
    tags_html,
)

FACETS = (("provinces", "provinces"),)  # the taxonomy facets; module and language are not taxonomies
LISTING = {"exclude": True}  # the events' own pages are found by search, not the list
NOW = "events-now"  # the script that moves events that ended after the build (rc_assets: overrides/main.html)


def when_text(ctx: Ctx, record: Record) -> str:
    """'20 January 2027, 08:30–16:00', or both days of an event over several days, in the page's digits."""
    start, end = start_of(record), end_of(record)
    day = ctx.languages.day
    hours = ctx.languages.digits(ctx.lang, f"{start:%H:%M}–{end:%H:%M}")
    if start.date() == end.date():
        return f"{day(ctx.lang, start.date().isoformat())}, {hours}"
    first = f"{day(ctx.lang, start.date().isoformat())} {ctx.languages.digits(ctx.lang, f'{start:%H:%M}')}"
    last = f"{day(ctx.lang, end.date().isoformat())} {ctx.languages.digits(ctx.lang, f'{end:%H:%M}')}"
    return f"{first} – {last}"


def _time(ctx: Ctx, record: Record) -> str:
    start = start_of(record)
    return f'<time datetime="{start.isoformat()}">{attr(when_text(ctx, record))}</time>'


def place_text(ctx: Ctx, record: Record, *, own: bool = True) -> str:
    place = record.get("place") or {}
    parts = [ctx.inline(place.get("venue"), html=True, own=own), attr(ctx.label("provinces", place.get("province")))]
    return ", ".join(p for p in parts if p)


def languages_text(ctx: Ctx, record: Record) -> str:
    return ", ".join(ctx.language_name(code) for code in record.get("languages") or [])


def status_text(ctx: Ctx, record: Record) -> str:
    return ctx.t(f"event_status_{record.get('status')}")


def event_card(ctx: Ctx, record: Record, page: str, *, when: str = "") -> str:
    """An event in a list: its title, when, where, status and languages, with the filters' data;
    ``when``: the words that say it is upcoming or past (the events page, one list of both)."""
    url = ctx.href(page, f"{EVENT.section}/{record.id}.md")
    card = Ctx(ctx.content, ctx.languages, ctx.lang, directory_urls=ctx.directory_urls)  # text of another page
    data = {"provinces": (record.get("place") or {}).get("province", ""), "module": record.get("module") or "",
            "languages": " ".join(record.get("languages") or [])}
    meta = [status_text(card, record), languages_text(card, record)]
    if record.get("illustrative"):
        meta.append(card.t("illustrative_badge"))
    return fragments.render(ctx.content.root, "event-card.html", url=url, id=record.id, status=record.get("status"),
                            data=[(key, value) for key, value in data.items() if value],
                            title=card.loc(record.get("title"), own=False), time=Markup(_time(card, record)),
                            place=Markup(place_text(card, record, own=False)), when=card.t(when) if when else "",
                            past_from=past_from(record).isoformat(), past_words=card.t("events_past"), meta=meta)


def split(events: list[Record], today: str) -> tuple[list[Record], list[Record]]:
    """Upcoming events, soonest first, and past ones, latest first."""
    upcoming = sorted((e for e in events if not is_past(e, today)), key=lambda r: (r.get("start"), r.id))
    past = sorted((e for e in events if is_past(e, today)), key=lambda r: (r.get("start"), r.id), reverse=True)
    return upcoming, past


def event_list(ctx: Ctx, events: list[Record], page: str, today: str) -> str:
    """Events as two lists of cards, upcoming then past (HTML, for a record page's section)."""
    upcoming, past = split(events, today)
    out = []
    for key, records in (("events_upcoming", upcoming), ("events_past", past)):
        if records:
            out.append(f"<p><strong>{attr(ctx.t(key))}</strong></p>")
            out.append('<div class="rc-cards">\n' + "\n".join(event_card(ctx, r, page) for r in records) + "\n</div>")
    return "\n".join(out)


def events_page(ctx: Ctx, today: str) -> str:
    page = f"{EVENT.section}/index.md"
    events = list(ctx.content.events.values())
    upcoming, past = split(events, today)
    modules = Counter(e.get("module") for e in events if e.get("module") in ctx.content.trainings)
    spoken = Counter(code for e in events for code in e.get("languages") or [])
    extra = []
    if modules:
        extra.append(option_group(ctx, "module", ctx.t("event_module"), sorted(
            ((m, ctx.loc(ctx.content.trainings[m].get("title"), own=False).text, n) for m, n in modules.items()),
            key=lambda option: option[1].casefold())))
    if spoken:
        extra.append(option_group(ctx, "languages", ctx.t("event_languages"),
                                  [(code, ctx.language_name(code), spoken[code]) for code in ctx.languages.codes
                                   if spoken.get(code)] +
                                  [(code, ctx.language_name(code), n) for code, n in sorted(spoken.items())
                                   if code not in ctx.languages.codes]))
    feed = ctx.href(page, FEED)
    # One list, upcoming then past, each card saying which: the explorer filters one list of cards.
    cards = "\n".join([event_card(ctx, r, page, when="events_upcoming") for r in upcoming]
                      + [event_card(ctx, r, page, when="events_past") for r in past])
    body = [front_matter(title=ctx.t("events"), search=LISTING, hide=["toc"], rc_assets=[NOW, ASSET]),
            heading(1, ctx.t("events"), "events"),
            md_text(ctx.t("events_intro", count=len(events))),
            f'<p class="rc-calendar"><a href="{attr(feed)}" type="text/calendar">{attr(ctx.t("events_feed"))}</a> '
            f'<small>{attr(ctx.t("events_feed_help"))}</small></p>',
            explorer_block(ctx, filter_form(ctx, events, FACETS, with_period=False, extra=extra), cards, "",
                           len(events))]
    return "\n\n".join(body) + "\n"


def event_page(ctx: Ctx, record: Record, today: str) -> str:
    here = EVENT.section
    page = f"{here}/{record.id}.md"
    module = ctx.content.trainings.get(record.get("module") or "")
    summary = record.get("summary") or (module.get("summary") if module else None)
    body = [summary_block(ctx, summary)] if summary else []
    rows = [(ctx.t("event_when"), _time(ctx, record)),
            (ctx.t("event_where"), place_text(ctx, record)),
            (ctx.t("event_status"), attr(status_text(ctx, record))),
            (ctx.t("event_languages"), attr(languages_text(ctx, record))),
            (ctx.t("event_organiser"), ctx.inline(record.get("organiser")))]
    if module:
        rows.insert(0, (ctx.t("event_module"), link(ctx, module, here)))
    if record.get("capacity"):
        rows.append((ctx.t("event_capacity"), ctx.languages.number(ctx.lang, record.get("capacity"))))
    registration = record.get("registration") or {}
    ways = []
    if registration.get("url") and safe_url(registration["url"]):
        ways.append(f'<a href="{attr(safe_url(registration["url"]))}" rel="noopener noreferrer">{attr(registration["url"])}</a>')
    if registration.get("email"):
        ways.append(f'<a href="mailto:{attr(registration["email"])}">{attr(registration["email"])}</a>')
    if registration.get("contact"):
        ways.append(ctx.inline(registration.get("contact")))
    if registration.get("deadline"):
        ways.append(attr(ctx.t("event_deadline", date=ctx.languages.day(ctx.lang, registration["deadline"]))))
    open_now = record.get("status") in ("planned", "full") and not is_past(record, today)
    if open_now:  # until it ends: then events-now.js takes the row away and says it has ended
        until = attr(past_from(record).isoformat())
        rows.append((ctx.t("event_registration"), f'<span data-rc-open-until="{until}">{"<br>".join(ways)}</span>'))
        body.append(f'<p class="rc-event-ended" data-rc-ended-from="{until}" hidden><strong>{attr(ctx.t("event_ended"))}</strong></p>')
    body += [heading(2, ctx.t("at_a_glance"), "at-a-glance"), facts(ctx, rows)]
    ics = ctx.href(page, ics_path(record))
    body.append(f'<p class="rc-calendar"><a class="md-button" href="{attr(ics)}" type="text/calendar" '
                f'download="{record.id}.ics">{attr(ctx.t("event_ics"))}</a></p>')
    if record.get("report"):
        body += [heading(2, ctx.t("event_report"), "report"), block(ctx, record.get("report"))]
    materials = [ctx.content.tools[t] for t in record.get("materials") or [] if t in ctx.content.tools]
    if materials:
        body += [heading(2, ctx.t("event_materials"), "materials"), "\n".join(f"- {link(ctx, t, here)}" for t in materials)]
    if module:
        body += [heading(2, ctx.t("agenda"), "agenda")]
        body.append(agenda_table(ctx, module, TRAINING.section, links=False))
    back = ctx.href(page, f"{here}/index.md")
    body.append(f'<p><a href="{attr(back)}">{attr(ctx.t("events_all"))}</a></p>')
    if tags := tags_html(ctx, record):
        body.append(tags)
    body.append(review_line(ctx, record))
    return assemble(ctx, record, body, **({"rc_assets": NOW} if open_now else {}))


def plan_events(content: Content, languages: Languages, *, directory_urls: bool, today: str) -> list[Page]:
    pages = []
    for lang in languages.codes:
        def ctx() -> Ctx:
            return Ctx(content, languages, lang, directory_urls=directory_urls)
        pages.append(Page(lang, f"{EVENT.section}/index.md", events_page(ctx(), today)))
        for record in content.events.values():
            pages.append(Page(lang, f"{EVENT.section}/{record.id}.md", event_page(ctx(), record, today)))
    return pages
