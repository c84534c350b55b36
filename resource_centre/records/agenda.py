"""A training module's agenda: sessions at clock times, in order.

The schema checks each time's form (HH:MM); this checks what it cannot: a session
ends after it starts, and each session starts no earlier than the one before ends.
"""
from __future__ import annotations

import re
from typing import Any

from .problems import ProblemList
from .yamlload import Document

CLOCK = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")


def minutes(value: Any) -> int | None:
    """Minutes after midnight of an ``HH:MM`` time (None when it is not one)."""
    if not isinstance(value, str) or not CLOCK.fullmatch(value):
        return None
    hours, mins = value.split(":")
    return int(hours) * 60 + int(mins)


def check_agenda(doc: Document, file: str, problems: ProblemList) -> None:
    agenda = doc.data.get("agenda") if isinstance(doc.data, dict) else None
    previous_end: tuple[int, str] | None = None
    for i, session in enumerate(agenda if isinstance(agenda, list) else []):
        if not isinstance(session, dict):
            continue
        start, end = minutes(session.get("start")), minutes(session.get("end"))
        if start is not None and end is not None and end <= start:
            line, col = doc.position(("agenda", i, "end"))
            problems.add(file, line, col, f"agenda[{i}].end: {session['end']} is not after start {session['start']}",
                         "a session ends after it starts (times are HH:MM on the 24-hour clock)")
        if start is not None and previous_end is not None and start < previous_end[0]:
            line, col = doc.position(("agenda", i, "start"))
            problems.add(file, line, col, f"agenda[{i}].start: {session['start']} is before the previous session "
                         f"ends ({previous_end[1]})", "list the sessions in the order of the day, without overlaps")
        if end is not None:
            previous_end = (end, session["end"])
