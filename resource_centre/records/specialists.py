"""Partnership specialists: people, listed only with their recorded consent.

A specialist record holds personal data, so three rules are kept here, in one place:

* consent first: ``validate`` refuses a record whose ``consent`` is missing (the schema requires
  it) and any personal field that is written but not named in ``consent.fields``: the records
  live in a public repository, so a field written is a field published;
* only consented fields leave this module: :func:`published_record` makes the record every page,
  search index, words file and data file is made from, holding the consented fields and
  nothing else (not the consent itself);
* ``status: withdrawn`` is checked like any record but never enters the content
  (:func:`published_record` returns None), so no output can hold the person.

Which fields a person can agree to publish is read from the schema (the values allowed in
``consent.fields``), so a field added there needs no change here.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from ..text.languages import Languages
from .model import Content, Record
from .problems import ProblemList
from .schema import Schemas
from .yamlload import Document

KIND = "specialist"
SCHEMA = "specialist.schema.json"
# Fields about the record, not the person: kept in the published record without consent.
RECORD_FIELDS = ("id", "status", "illustrative", "translation", "open_data")
# Ways to reach a person that go through work, not their private life: one is required.
CONTACT_FIELDS = ("work_email", "organisation_contact")
RENEW_AFTER_YEARS = 2


@dataclass
class Specialist(Record):
    """A specialist as published: ``data`` holds only the consented fields (and ``RECORD_FIELDS``).

    ``consent_date`` is kept beside the data, not in it, for the Status page's renewal list."""

    consent_date: str = ""


def consentable(schemas: Schemas) -> tuple[str, ...]:
    """The fields a person may agree to publish: the values ``consent.fields`` allows."""
    item = schemas.field_schema(SCHEMA, ("consent", "fields", 0))
    return tuple(item.get("enum") or ())


def published_record(data: dict[str, Any], file: str, schemas: Schemas) -> Specialist | None:
    """The record pages and files are made from, or None for a withdrawn person."""
    if data.get("status") == "withdrawn":
        return None
    consent = data.get("consent") or {}
    agreed = set(consent.get("fields") or ()) & set(consentable(schemas))
    view = {key: value for key, value in data.items() if key in agreed or key in RECORD_FIELDS}
    return Specialist(KIND, data["id"], view, file, consent_date=str(consent.get("date") or ""))


def check_record(doc: Document, file: str, problems: ProblemList, schemas: Schemas) -> None:
    """What the schema cannot say: every personal field written is consented, and there is a way
    to reach the person that is not a private phone. (The schema checks the training ids: x-ref.)"""
    data = doc.data
    consent = data.get("consent")
    if not isinstance(consent, dict):
        return  # the schema's "missing required field 'consent'" says what to add
    fields = consent.get("fields")
    agreed = {f for f in fields if isinstance(f, str)} if isinstance(fields, list) else set()
    # With no field agreed yet (a new record), the schema's message about consent.fields says it all.
    for key in consentable(schemas) if agreed else ():
        if key not in data or key in agreed:
            continue
        line, col = doc.position((key,), key=True)
        if key == "phone":
            problems.add(file, line, col, "phone: a phone number is published only with the person's consent, "
                         "and phone is not in consent.fields",
                         "remove the number, or add phone to consent.fields once the person has agreed to it")
        else:
            problems.add(file, line, col, f"{key}: not in consent.fields, so it may not be published "
                         "(records are public)",
                         f"add {key} to consent.fields once the person has agreed to it, or remove the field")
    spoken = data.get("languages")
    for i, code in enumerate(spoken if isinstance(spoken, list) else []):
        if isinstance(code, str) and code not in language_codes():
            line, col = doc.position(("languages", i))
            problems.add(file, line, col, f"languages[{i}]: '{code}' is not an ISO 639 language code",
                         "e.g. km for Khmer, en for English, fr for French")  # near misses mislead: kh is a country
    if data.get("status") != "withdrawn" and not any(data.get(key) for key in CONTACT_FIELDS):
        line, col = doc.position(("consent",), key=True)
        problems.add(file, line, col, "(record): gives no way to reach the person",
                     "add work_email (a work address) or organisation_contact (how to reach them through "
                     "their organisation), and name it in consent.fields")


@lru_cache(maxsize=1)
def language_codes() -> frozenset[str]:
    """ISO 639 codes of the languages CLDR names (through Babel): what ``languages`` may hold."""
    from babel import Locale

    return frozenset(code for code in Locale("en").languages if "_" not in code)


def renewal_date(consented: str) -> str:
    """The day a consent given on ``consented`` is due for renewal: two years on (28 February for
    a 29 February)."""
    day = date.fromisoformat(consented)
    try:
        return day.replace(year=day.year + RENEW_AFTER_YEARS).isoformat()
    except ValueError:
        return day.replace(year=day.year + RENEW_AFTER_YEARS, day=28).isoformat()


def consents_due(content: Content, today: str) -> list[Specialist]:
    """Listed specialists whose consent is two years old or more on ``today`` (YYYY-MM-DD), oldest
    first. ``today`` is passed in, so the answer depends on nothing but the arguments."""
    due = [r for r in content.specialists.values()
           if isinstance(r, Specialist) and r.consent_date and renewal_date(r.consent_date) <= today]
    return sorted(due, key=lambda r: (r.consent_date, r.id))


OPEN_DATA_FILE = "data/specialists.json"


def open_data(content: Content, languages: Languages) -> dict[str, bytes]:
    """``data/specialists.json``: the listed people whose record says ``open_data: true`` (with their
    consented fields only, and each page's address per language), or no file when there are none.
    Everyone else stays out of every data file and feed."""
    people = []
    for record in sorted(content.specialists.values(), key=lambda r: r.id):
        if record.get("open_data") is True and record.get("status") == "active":
            item = {k: v for k, v in record.data.items() if k not in ("status", "open_data", "translation")}
            item["urls"] = {lang: languages.folder(lang) + f"specialists/{record.id}/"
                            for lang in languages.codes}
            people.append(item)
    if not people:
        return {}
    return {OPEN_DATA_FILE: (json.dumps(people, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")}
