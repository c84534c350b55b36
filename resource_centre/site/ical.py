"""Events as iCalendar (RFC 5545): a feed per language that calendar apps subscribe to, and one
file per event, made with the maintained ``icalendar`` library rather than by hand (folding,
escaping and time zones are where hand-written calendars go wrong).

Times are written with ``TZID=Asia/Phnom_Penh`` and the VTIMEZONE block that defines it, so a
calendar shows the local time in Cambodia and converts it for readers elsewhere. Output is
deterministic: DTSTAMP is the record's last review, not the build's clock.
"""
from __future__ import annotations

from datetime import datetime, timezone
from functools import lru_cache
from typing import Callable

from icalendar import Calendar, Event, Timezone

from ..records.events import DEFAULT_ZONE, end_of, start_of
from ..records.kinds import EVENT
from ..records.model import Content, Record
from ..text.languages import Languages
from ..text.localise import localise
from .urls import record_url

PRODID = "-//Partnership Resource Centre//events//EN"
# iCalendar STATUS of an event: a full event still takes place; a held one took place.
STATUS = {"planned": "CONFIRMED", "full": "CONFIRMED", "held": "CONFIRMED", "cancelled": "CANCELLED"}
FEED = f"{EVENT.section}/calendar.ics"  # per language, under the language's folder


def ics_path(record: Record) -> str:
    """An event's own calendar file, relative to a language's folder, beside its page."""
    return f"{EVENT.section}/{record.id}.ics"


def event_uid(record: Record, lang: str) -> str:
    """The event's UID in ``lang``'s calendar: one per event and language, stable across builds
    (a calendar that subscribes to both languages keeps them apart, as the Atom feeds do)."""
    return f"{record.id}.{lang}@partnership-resource-centre"


def _stamp(record: Record) -> datetime:
    reviewed = record.last_reviewed or "2000-01-01"
    return datetime.fromisoformat(reviewed).replace(tzinfo=timezone.utc)


def vevent(content: Content, languages: Languages, record: Record, lang: str, url: str) -> Event:
    """One event in ``lang``: title, times in its zone, place, status, description and its page."""
    event = Event()
    event.add("uid", event_uid(record, lang))
    event.add("dtstamp", _stamp(record))
    event.add("dtstart", start_of(record))
    event.add("dtend", end_of(record))
    event.add("summary", localise(record.get("title"), lang, languages).text)
    place = record.get("place") or {}
    province = content.taxonomies.get("provinces")
    label = province.terms.get(place.get("province"), {}).get("label") if province else None
    where = [localise(place.get("venue"), lang, languages).text, localise(label, lang, languages).text]
    event.add("location", ", ".join(w for w in where if w))
    summary = record.get("summary")
    module = content.trainings.get(record.get("module") or "")
    if not summary and module is not None:
        summary = module.get("summary")
    lines = [localise(summary, lang, languages).text] if summary else []
    lines.append(languages.t(lang, "ical_more", url=url) if url else "")
    event.add("description", "\n\n".join(line for line in lines if line))
    event.add("status", STATUS[record.get("status")])
    if url:
        event.add("url", url)
    event.add("sequence", 0)
    return event


@lru_cache(maxsize=1)
def _zone() -> Timezone:
    """The VTIMEZONE of Asia/Phnom_Penh, made once: icalendar works out its rules from the zone data,
    which took most of the time of writing every event's file."""
    return Timezone.from_tzid(DEFAULT_ZONE)


def calendar(content: Content, languages: Languages, lang: str, records: list[Record], *,
             name: str, url_of: Callable[[Record], str]) -> bytes:
    """``records`` as one iCalendar file in ``lang``; ``url_of(record)`` is the event page's address
    ("" when the site's address is not known: a calendar needs absolute URLs)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", DEFAULT_ZONE)
    events = sorted(records, key=lambda r: (r.get("start"), r.id))
    if events:
        cal.add_component(_zone())
    for record in events:
        cal.add_component(vevent(content, languages, record, lang, url_of(record)))
    return cal.to_ical()


def calendar_files(content: Content, languages: Languages, *, site_name: str, site_url: str) -> dict[str, bytes]:
    """The feed of every language and each event's own file, by path from the site's root."""

    base = site_url.rstrip("/") + "/" if site_url else ""
    files: dict[str, bytes] = {}
    for lang in languages.codes:
        prefix = languages.folder(lang)

        def url_of(record: Record) -> str:
            return base + record_url(record.kind, record.id, lang, languages.default) if base else ""
        name = f'{languages.site_name_in(lang, site_name)}: {languages.t(lang, "events")}'
        events = list(content.events.values())
        files[prefix + FEED] = calendar(content, languages, lang, events, name=name, url_of=url_of)
        for record in events:
            title = localise(record.get("title"), lang, languages).text
            files[prefix + ics_path(record)] = calendar(content, languages, lang, [record], name=title, url_of=url_of)
    return files
