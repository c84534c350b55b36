"""Training events: what the schema cannot say about a dated event, and when it is.

An event's ``start`` and ``end`` are local times (``YYYY-MM-DDTHH:MM``) in its ``timezone``;
this module is the one place that turns them into aware datetimes, so validation, the
events page and the iCalendar files agree on what "past" means.
"""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from .model import Record
from .problems import ProblemList
from .yamlload import Document

LOCAL_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}")
DEFAULT_ZONE = "Asia/Phnom_Penh"
# Only a held event has taken place, so only it has a report and materials.
AFTER_THE_EVENT = ("report", "materials")


def when(value: Any, zone: str = DEFAULT_ZONE) -> datetime | None:
    """A record's local time as an aware datetime in ``zone`` (None when it is not well formed)."""
    if not isinstance(value, str) or not LOCAL_TIME.fullmatch(value):
        return None
    try:
        return datetime.fromisoformat(value).replace(tzinfo=ZoneInfo(zone))
    except ValueError:  # 2027-02-30T09:00: the pattern allows it, the calendar does not
        return None


def start_of(record: Record) -> datetime:
    return when(record.get("start"), record.get("timezone") or DEFAULT_ZONE)  # type: ignore[return-value]


def end_of(record: Record) -> datetime:
    return when(record.get("end"), record.get("timezone") or DEFAULT_ZONE)  # type: ignore[return-value]


def is_past(record: Record, today: str) -> bool:
    """Whether the event ended before ``today`` (YYYY-MM-DD, in the event's time zone)."""
    return end_of(record).date() < date.fromisoformat(today)


def past_from(record: Record) -> datetime:
    """The moment the event becomes past, as :func:`is_past` decides it: the midnight after its last day, in its zone.

    Pages are built on one day and read on later ones: the events page and an event's page carry this
    moment, so the reader's browser moves an event that has since ended (overrides/assets/javascripts/events-now.js).
    """
    end = end_of(record)
    return datetime.combine(end.date() + timedelta(days=1), time(0), tzinfo=end.tzinfo)


def check_event(doc: Document, file: str, problems: ProblemList, today: str) -> None:
    """An event that ends before it starts or on a day that does not exist (errors); a report or
    materials on an event that was not held (errors); an event whose end is before ``today`` but
    is still ``planned`` (a warning: someone should say it was held or cancelled)."""
    data = doc.data
    if not isinstance(data, dict):
        return
    zone = data.get("timezone") if data.get("timezone") == DEFAULT_ZONE else DEFAULT_ZONE
    times = {}
    for key in ("start", "end"):
        value = data.get(key)
        times[key] = when(value, zone)
        if isinstance(value, str) and LOCAL_TIME.fullmatch(value) and times[key] is None:
            line, col = doc.position((key,))
            problems.add(file, line, col, f"{key}: '{value}' is not a date in the calendar",
                         "check the day of the month")
    start, end = times["start"], times["end"]
    if start and end and end < start:
        line, col = doc.position(("end",))
        problems.add(file, line, col, f"end: {data['end']} is before start {data['start']}",
                     "an event ends after it starts: swap them or fix the date")
    status = data.get("status")
    if status in ("planned", "full", "cancelled"):
        for key in AFTER_THE_EVENT:
            if key in data:
                line, col = doc.position((key,), key=True)
                what = "a report" if key == "report" else "materials"
                problems.add(file, line, col, f"{key}: only a held event has {what} (this one is {status})",
                             f"set status: held once it has taken place, or remove {key}")
    if status == "planned" and end and end.date() < date.fromisoformat(today):
        line, col = doc.position(("status",))
        problems.warn(file, line, col, f"status: the event ended on {end.date().isoformat()} but is still planned",
                      "set status: held (and add a short report) or cancelled")


def past_planned(events: dict[str, Record], today: str) -> list[Record]:
    """Events that ended before ``today`` and still say ``planned`` (the Status page lists them)."""
    return sorted((r for r in events.values() if r.get("status") == "planned" and is_past(r, today)),
                  key=lambda r: (r.get("end"), r.id))
