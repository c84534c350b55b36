"""Open data: the published records as JSON, CSV and xlsx (per language and combined), their JSON Schemas, and Atom feeds.

Pure functions from content to bytes; the MkDocs adapter writes them into the
built site. Output is deterministic (sorted, no clock): dates come from records.
"""
from __future__ import annotations

import copy
import csv
import io
import json
import re
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

from ..records import case_study_fields
from ..records.kinds import BY_NAME
from ..records.model import Content, Record
from ..site.urls import record_url
from ..text.languages import Languages
from ..text.localise import EMPTY, EMPTY_LIST, Localised, lists_by_language, localise, localise_list

if TYPE_CHECKING:
    from ..records.schema import Schemas

KIND_FILES = {"case-study": "case-studies", "tool": "tools", "term": "glossary", "training": "trainings", "event": "events"}
CSV_COLUMNS = {
    "case-study": ["id", "title", "summary", "status", "illustrative", *case_study_fields.open_data_columns(),
                   "tools_used", "related", "tags", "last_reviewed", "next_review", "url"],
    "tool": ["id", "title", "summary", "status", "illustrative", "stages", "format", "audience", "duration",
             "licence", "tags", "last_reviewed", "next_review", "url"],
    "term": ["id", "term", "definition", "see_also", "url"],
    "training": ["id", "title", "summary", "status", "illustrative", "audience", "duration", "principles", "stages",
                 "sessions", "session_tools", "session_case_studies", "tags", "last_reviewed", "next_review", "url"],
    "event": ["id", "title", "status", "illustrative", "module", "start", "end", "timezone", "provinces", "venue",
              "languages", "organiser", "registration_url", "registration_email", "capacity", "tags",
              "last_reviewed", "next_review", "url"],
}
CSV_TEXT_COLUMNS = ("title", "summary", "partners", "duration", "tags", "term", "definition", "venue", "organiser")  # followed by <column>_lang
SCHEMA_FOLDER = "data/schema"


def _records(content: Content, kind: str) -> list[Record]:
    table = content.table(kind)
    return [table[k] for k in sorted(table)]


def _published_copy(node: Any, doc: str, needed: set[str]) -> Any:
    """A schema node as published: the project's own keywords (x-…, which only `validate` knows:
    taxonomies, files on disk) left out, and a reference into another schema file turned into a
    reference to the copy of its definition in the published file's own $defs."""
    if isinstance(node, list):
        return [_published_copy(item, doc, needed) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key.startswith("x-"):
            continue
        if key == "$ref" and isinstance(value, str):
            name, _, pointer = value.partition("#")
            if name and not pointer.startswith("/$defs/"):
                raise ValueError(f"schemas/{doc}: cannot publish the reference {value!r} (only <file>#/$defs/<name>)")
            if name and name != doc:
                needed.add(name)
            out[key] = "#" + pointer
        else:
            out[key] = _published_copy(value, doc, needed)
    return out


def _refs(node: Any) -> set[str]:
    """The $defs names a schema node refers to."""
    if isinstance(node, list):
        return set().union(*(_refs(item) for item in node)) if node else set()
    if not isinstance(node, dict):
        return set()
    own = {node["$ref"][len("#/$defs/"):]} if str(node.get("$ref", "")).startswith("#/$defs/") else set()
    return own.union(*(_refs(value) for value in node.values()))


def _document(title: str, description: str, item: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """A published schema: a list of ``item`` with the definitions it uses (and only those)."""
    used: set[str] = set()
    todo = _refs(item)
    while todo:
        name = todo.pop()
        if name not in used and name in defs:
            used.add(name)
            todo |= _refs(defs[name])
    doc: dict[str, Any] = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title,
                           "description": description, "type": "array", "items": item}
    if used:
        doc["$defs"] = {name: defs[name] for name in sorted(used)}
    return doc


def open_data_schemas(schemas: Schemas, kind: str, languages: Languages) -> tuple[dict[str, Any], dict[str, Any]]:
    """The JSON Schemas of a kind's open-data files, made from its record schema at every build.

    The record schema stays the one definition: the file with every language holds the records
    as written plus ``urls`` (tags always as the list per language, which a plain list is in the
    default language); the one-language files hold one text per field, each with its
    ``<field>_lang``, plus ``language`` and ``url``. The added fields are described by the
    default language's ``data_field_*`` words (locales/), as on the Open data page.
    """
    name, default = BY_NAME[kind].schema, languages.default
    defs: dict[str, Any] = {}
    record: dict[str, Any] = {}
    pending, seen = [name], set()
    while pending:
        doc = pending.pop()
        if doc in seen:
            continue
        seen.add(doc)
        needed: set[str] = set()
        copied = _published_copy(schemas.documents[doc], doc, needed)
        for key, value in copied.pop("$defs", {}).items():
            if defs.setdefault(key, value) != value:
                raise ValueError(f"schemas/{doc}: $defs/{key} differs from the definition of the same name in another file")
        if doc == name:
            record = copied
        pending += sorted(needed - seen)
    record.pop("$schema", None)
    codes = list(languages.codes)

    def t(key: str) -> str:
        return languages.t(default, key)

    def opened(holder: dict[str, Any], key: str) -> dict[str, Any]:
        """holder[key] with its $ref replaced by a copy of the definition, to change it there only."""
        node = holder[key]
        while str(node.get("$ref", "")).startswith("#/$defs/"):
            target = copy.deepcopy(defs[node["$ref"][len("#/$defs/"):]])
            node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        holder[key] = node
        return node

    every = copy.deepcopy(record)
    for field in list_fields(schemas, kind):  # the file with every language: always the list per language
        node = opened(every["properties"], field)
        every["properties"][field] = {"type": "object", "description": node.get("description", ""),
                                      "allOf": node.get("allOf", [])}
    every["properties"]["urls"] = {"type": "object", "description": t("data_field_urls"), "required": codes,
                                   "additionalProperties": False,
                                   "properties": {code: {"type": "string"} for code in codes}}
    every["required"] = list(every.get("required", [])) + ["urls"]

    one = copy.deepcopy(record)

    for path in text_paths(schemas, kind):
        last = max(i for i, part in enumerate(path) if part != "*")
        holder, key = {"record": one}, "record"
        for step in path[:last]:
            node = opened(holder, key)
            holder, key = (node, "items") if step == "*" else (node["properties"], step)
        parent, field = opened(holder, key), path[last]
        depth = len(path) - last - 1
        lang_schema: dict[str, Any] = {"enum": codes}
        for _ in range(depth):
            lang_schema = {"type": "array", "items": lang_schema}
        if depth:
            holder, key = parent["properties"], field
            for _ in range(depth):
                holder, key = opened(holder, key), "items"
            holder[key] = {"type": "string"}
        else:
            own = parent["properties"][field].get("description")
            parent["properties"][field] = {"type": "string", **({"description": own} if own else {})}
        parent["properties"][f"{field}_lang"] = {**lang_schema, "description": t("data_field_lang")}
        if field in parent.get("required", []):
            parent["required"] = list(parent["required"]) + [f"{field}_lang"]
    for field in list_fields(schemas, kind):  # one language's list, and the language it is in
        own = opened(one["properties"], field).get("description", "")
        one["properties"][field] = {"type": "array", "items": {"type": "string"}, "description": own}
        one["properties"][f"{field}_lang"] = {"enum": codes, "description": t("data_field_lang")}
    one["properties"]["language"] = {"enum": codes, "description": t("data_field_language")}
    one["properties"]["url"] = {"type": "string", "description": t("data_field_url")}
    one["required"] = list(one.get("required", [])) + ["language", "url"]
    title = record.get("title", kind)
    return (_document(languages.t(default, "data_schema_every", kind=title), t("open_data_intro"), every, defs),
            _document(languages.t(default, "data_schema_one", kind=title), t("open_data_languages_help"), one, defs))


def _schema_bytes(schema: dict[str, Any]) -> bytes:
    return (json.dumps(schema, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def schema_paths(name: str) -> tuple[str, str]:
    """Where a kind's open-data schemas are published: (the file with every language, the one-language files)."""
    return f"{SCHEMA_FOLDER}/{name}.schema.json", f"{SCHEMA_FOLDER}/{name}.one-language.schema.json"


def _is_text(node: dict[str, Any]) -> bool:
    """A schema of text per language: an object whose keys are constrained (language codes) and whose values are text."""
    values = node.get("additionalProperties")
    return node.get("type") == "object" and "propertyNames" in node and isinstance(values, dict) \
        and values.get("type") == "string"


def text_paths(schemas: Schemas, kind: str) -> list[tuple[str, ...]]:
    """Where a record of ``kind`` holds text per language ({en: …, km: …}), read from its schema.

    ``("title",)``, ``("partners", "*", "name")``, ``("steps", "*")`` ('*' = any list item): the
    one-language files replace these by one text and say its language, so the schema decides
    what is text, not a guess from the data's shape (a ``translation`` map looks like text too).
    """
    name = BY_NAME[kind].schema
    found: list[tuple[str, ...]] = []

    def walk(path: tuple[str, ...], depth: int) -> None:
        node = schemas.field_schema(name, tuple(0 if part == "*" else part for part in path))
        if _is_text(node):
            found.append(path)
            return
        if depth > 20:
            return
        for prop in node.get("properties") or {}:
            walk(path + (prop,), depth + 1)
        if isinstance(node.get("items"), dict):
            walk(path + ("*",), depth + 1)

    walk((), 0)
    return found


def _is_words(node: dict[str, Any]) -> bool:
    """A schema of words that may be one list (the default language's) or a list per language: tags."""
    types = node.get("type")
    return isinstance(types, list) and {"array", "object"} <= set(types) and isinstance(node.get("items"), dict)


def list_fields(schemas: Schemas, kind: str) -> list[str]:
    """The fields of a record of ``kind`` that hold words per language (tags), read from its schema:
    a one-language file gives that language's list and ``<field>_lang``, the file with every
    language the list per language."""
    name = BY_NAME[kind].schema
    return [field for field in schemas.field_schema(name, ()).get("properties") or {}
            if _is_words(schemas.field_schema(name, (field,)))]


def _lang_key(path: tuple[str, ...]) -> str:
    """Where a one-language file says the language of the text at ``path``: partners[].name_lang, steps_lang."""
    last = max(i for i, part in enumerate(path) if part != "*")
    return ".".join(path[:last + 1]).replace(".*", "[]") + "_lang"


def _in_language(value: Any, path: tuple[str, ...], texts: frozenset, lang: str, languages: Languages) -> Any:
    """``value`` (the part of a record at ``path``) with each text per language replaced by its text
    in ``lang`` (falling back field by field, as pages do) and a sibling ``<field>_lang`` naming the
    language that text is in, so a reuser can tell what is not translated yet."""
    if isinstance(value, list):
        return [_in_language(item, path + ("*",), texts, lang, languages) for item in value]
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for key, item in value.items():
        here = path + (key,)
        if here in texts:
            found = localise(item, lang, languages)
            out[key], out[f"{key}_lang"] = found.text, found.lang or lang
        elif here + ("*",) in texts and isinstance(item, list):
            each = [localise(text, lang, languages) for text in item]
            out[key], out[f"{key}_lang"] = [f.text for f in each], [f.lang or lang for f in each]
        else:
            out[key] = _in_language(item, here, texts, lang, languages)
    return out


def records_json(content: Content, kind: str, languages: Languages, lang: str | None, schemas: Schemas) -> bytes:
    """All published records of a kind; ``lang=None`` keeps every language (the combined file)."""
    texts = frozenset(text_paths(schemas, kind))
    lists = list_fields(schemas, kind)
    items = []
    for record in _records(content, kind):
        if lang is None:
            data = dict(record.data)
            for field in lists:
                if field in data:
                    data[field] = lists_by_language(data[field], languages)
            data["urls"] = {code: record_url(record.kind, record.id, code, languages.default) for code in languages.codes}
        else:
            data = _in_language(record.data, (), texts, lang, languages)
            for field in lists:
                if field in data:
                    words = localise_list(data[field], lang, languages)
                    data[field], data[f"{field}_lang"] = list(words.items), words.lang or lang
            data["language"] = lang
            data["url"] = record_url(record.kind, record.id, lang, languages.default)
        items.append(data)
    # One record per line: readable in a diff or a text editor, and written by json's C encoder
    # (indent= switches to the pure-Python one, several times slower at 1,000 records).
    lines = ",\n".join(json.dumps(item, ensure_ascii=False, separators=(",", ":")) for item in items)
    return (f"[\n{lines}\n]\n" if items else "[]\n").encode("utf-8")


def _row(record: Record, lang: str, languages: Languages, *, own: bool = False) -> dict[str, str]:
    """One spreadsheet row in ``lang``: each text falls back like on the pages, and ``<column>_lang``
    says which language it is in; ``own`` keeps only text written in ``lang`` (the combined file)."""
    data = record.data

    def loc(value: Any) -> Localised:
        found = localise(value, lang, languages)
        return EMPTY if own and found.fallback else found

    join = lambda values: "; ".join(str(v) for v in values or [])  # noqa: E731
    review, location, period = data.get("review") or {}, data.get("location") or {}, data.get("period") or {}
    row = {
        "id": record.id, "status": data.get("status", ""), "illustrative": "yes" if data.get("illustrative") else "no",
        "twgs": join(data.get("twgs")),
        "partner_types": join(dict.fromkeys(p.get("type") for p in data.get("partners") or [])),
        "scope": location.get("scope", ""),
        "provinces": join(location.get("provinces") or [p for p in [(data.get("place") or {}).get("province")] if p]),
        "countries": join(location.get("countries")), "start": period.get("start") or data.get("start") or "",
        "end": period.get("end") or data.get("end") or "",
        "principles": join(data.get("principles")), "stages": join(data.get("stages")),
        "tools_used": join(data.get("tools_used")), "related": join(data.get("related")),
        "last_reviewed": review.get("last_reviewed", ""), "next_review": review.get("next_review", ""),
        "format": data.get("format", ""), "audience": join(data.get("audience")),
        "licence": data.get("licence", ""), "see_also": join(data.get("see_also")), "url": record_url(record.kind, record.id, lang, languages.default),
        # training modules: their sessions and what the sessions use; events: their module, time zone and registration
        "sessions": str(len(data.get("agenda") or [])) if record.kind == "training" else "",
        "session_tools": join(dict.fromkeys(t for s in data.get("agenda") or [] for t in s.get("tools") or [])),
        "session_case_studies": join(dict.fromkeys(c for s in data.get("agenda") or [] for c in s.get("case_studies") or [])),
        "module": data.get("module", ""), "timezone": data.get("timezone", ""), "languages": join(data.get("languages")),
        "registration_url": (data.get("registration") or {}).get("url", ""),
        "registration_email": (data.get("registration") or {}).get("email", ""),
        "capacity": str(data.get("capacity", "")),
    }
    for column in CSV_TEXT_COLUMNS:
        if column == "tags":
            words = localise_list(data.get("tags"), lang, languages)
            words = EMPTY_LIST if own and words.fallback else words
            row[column], row[f"{column}_lang"] = join(words.items), words.lang
        elif column == "partners":
            names = [loc(p.get("name")) for p in data.get("partners") or []]
            row[column] = join(n.text for n in names) if any(names) else ""
            row[f"{column}_lang"] = join(n.lang for n in names)
        else:
            found = loc((data.get("place") or {}).get("venue") if column == "venue" else data.get(column))
            row[column], row[f"{column}_lang"] = found.text, found.lang
    return row


def records_table(content: Content, kind: str, languages: Languages, lang: str | None) -> tuple[list[str], list[list[str]]]:
    """The columns and rows of a kind's spreadsheet (CSV and xlsx alike).

    A one-language table follows each text column with ``<column>_lang``; the combined one has a
    column per language for each text (``title_en``, ``title_km``), holding only that language's
    own words: an empty cell where it has none yet.
    """
    columns: list[str] = []
    for column in CSV_COLUMNS[kind]:
        columns += [column, f"{column}_lang"] if column in CSV_TEXT_COLUMNS else [column]
    if lang is None:
        per_language = [c for c in CSV_COLUMNS[kind] if c in CSV_TEXT_COLUMNS or c == "url"]
        columns = [c for c in CSV_COLUMNS[kind] if c not in per_language] + \
            [f"{c}_{code}" for code in languages.codes for c in per_language]
    rows = []
    for record in _records(content, kind):
        if lang is not None:
            row = _row(record, lang, languages)
        else:
            row = _row(record, languages.default, languages)
            for code in languages.codes:
                own = _row(record, code, languages, own=True)
                row.update({f"{c}_{code}": own[c] for c in per_language})
        rows.append([str(row[c]) for c in columns])
    return columns, rows


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def spreadsheet_text(cell: str) -> str:
    """A CSV cell that a spreadsheet shows as the text it is, never runs.

    Excel and LibreOffice run a cell that begins with =, +, - or @ (or a tab or carriage return before
    one) as a formula when they open a CSV file, and a record's text comes from contributors and the
    submission form: a title such as ``=HYPERLINK("http://…", "Open")`` would become a live link, or
    worse (OWASP, "CSV injection"). Such a cell gets a leading apostrophe, which both read as "text";
    a plain number such as -5 is left as it is. The JSON files and the .xlsx workbook (whose cells are
    all written as text) hold the words as written."""
    if cell.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def records_csv(table: tuple[list[str], list[list[str]]]) -> bytes:
    """A :func:`records_table` as CSV; the combined file has one text column per language. Text a
    spreadsheet would run as a formula is marked as text (:func:`spreadsheet_text`); line breaks in a
    cell are written as "\\n"."""
    columns, rows = table
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    # One kind of line break in a cell: the writer quotes a cell holding "\n" (its line terminator) but
    # not one holding a lone "\r", which a reader then takes for the end of the row.
    writer.writerows([spreadsheet_text(cell.replace("\r\n", "\n").replace("\r", "\n")) for cell in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel reads Khmer as UTF-8 (LibreOffice asks)


def records_xlsx(table: tuple[list[str], list[list[str]]], *, title: str, created: str) -> bytes:
    """A :func:`records_table` (the CSV file's rows) as an Excel workbook, which every spreadsheet program opens with the
    Khmer intact (a CSV file needs its character set chosen in LibreOffice).

    Every cell is text, as in the CSV (an id, a date, a title starting with "=" stay as written);
    the file carries no clock: ``created`` is a date from the records (their newest review), and
    XlsxWriter dates the parts inside the zip 1980-01-01, so a rebuild gives the same bytes.
    """
    import xlsxwriter  # only when the files are written: keeps importing this module light

    columns, rows = table
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False,
                                     "strings_to_formulas": False, "strings_to_urls": False})
    book.set_properties({"title": title, "created": datetime.fromisoformat(created[:10]).replace(tzinfo=timezone.utc)})
    sheet = book.add_worksheet(title.split(".")[0][:31])  # a sheet name has at most 31 characters
    bold = book.add_format({"bold": True})
    for col, name in enumerate(columns):
        sheet.write_string(0, col, name, bold)
        width = max([len(name)] + [len(row[col]) for row in rows[:200]])
        sheet.set_column(col, col, min(max(width, 6), 60) + 2)
    for number, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if value:
                sheet.write_string(number, col, value)
    sheet.freeze_panes(1, 1)
    sheet.autofilter(0, 0, len(rows), len(columns) - 1)
    book.close()
    return out.getvalue()


FEED_PATH = "feeds/case-studies.{lang}.atom"  # overrides/partials/rc-extrahead.html links it from every page


def _xml_lang(text: Localised) -> str:
    """An xml:lang attribute for text that fell back to another language than its feed's."""
    return f' xml:lang="{text.lang}"' if text.fallback else ""


def atom_feed(content: Content, languages: Languages, lang: str, *, title: str, site_url: str) -> bytes:
    """New and updated case studies, newest review first, as Atom 1.0.

    ``title`` is the site's name in ``lang`` (also the entries' author). Entry ids hold the language:
    the same case study in another language's feed is another entry, which an aggregator following
    both feeds keeps apart. Text that fell back to another language says which (xml:lang).
    """
    records = sorted(content.case_studies.values(), key=lambda r: (r.last_reviewed, r.id), reverse=True)
    base = site_url.rstrip("/") + "/" if site_url else "../"  # relative to feeds/
    updated = (records[0].last_reviewed if records else "1970-01-01") + "T00:00:00Z"
    own = FEED_PATH.format(lang=lang)
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang}"' + (f' xml:base={quoteattr(base)}' if site_url else "") + ">",
             f"  <title>{escape(title)}</title>",
             f"  <id>urn:partnership-resource-centre:case-studies:{lang}</id>",
             f"  <updated>{updated}</updated>",
             f'  <link rel="self" href={quoteattr(base + own if site_url else own.rsplit("/", 1)[1])}/>',
             f'  <link rel="alternate" href={quoteattr(base + languages.folder(lang) + "case-studies/")}/>']
    for record in records:
        name = localise(record.get("title"), lang, languages)
        text = localise(record.get("summary"), lang, languages)
        lines += ["  <entry>",
                  f"    <title{_xml_lang(name)}>{escape(name.text)}</title>",
                  f"    <id>urn:partnership-resource-centre:case-study:{lang}:{record.id}</id>",
                  f"    <updated>{record.last_reviewed or '1970-01-01'}T00:00:00Z</updated>",
                  f'    <link rel="alternate" href={quoteattr(base + record_url(record.kind, record.id, lang, languages.default))}/>',
                  f"    <author><name>{escape(title)}</name></author>",
                  f"    <summary{_xml_lang(text)}>{escape(text.text)}</summary>",
                  "  </entry>"]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def open_data_files(content: Content, languages: Languages, *, site_name: str, site_url: str,
                    schemas: Schemas | None = None) -> dict[str, bytes]:
    """Every open-data file, by path relative to the site root (the schemas default to the project's)."""
    files: dict[str, bytes] = {}
    if schemas is None:
        from ..contribute.report import schemas_for  # the project's own schemas/ folder, as the pages use
        schemas = schemas_for(content, languages)
    for kind, name in KIND_FILES.items():
        every, one = schema_paths(name)
        files[every], files[one] = (_schema_bytes(doc) for doc in open_data_schemas(schemas, kind, languages))
        newest = max((r.last_reviewed for r in _records(content, kind)), default="") or "2000-01-01"
        for lang, stem in [(None, name)] + [(code, f"{name}.{code}") for code in languages.codes]:
            files[f"data/{stem}.json"] = records_json(content, kind, languages, lang, schemas)
            table = records_table(content, kind, languages, lang)
            files[f"data/{stem}.csv"] = records_csv(table)
            files[f"data/{stem}.xlsx"] = records_xlsx(table, title=stem, created=newest)
    for lang in languages.codes:  # site_name: mkdocs.yml's, for a language that names the site in none of its own
        files[FEED_PATH.format(lang=lang)] = atom_feed(content, languages, lang, site_url=site_url,
                                                       title=languages.site_name_in(lang, site_name))
    from ..site.ical import calendar_files  # the events' calendars: feeds too, and they need the site's address
    files.update(calendar_files(content, languages, site_name=site_name, site_url=site_url))
    from ..records.specialists import open_data as specialists_data  # only people whose record says open_data: true
    files.update(specialists_data(content, languages))
    return files


def field_description(languages: Languages, lang: str, kind: str, field: str, schema_text: str) -> tuple[str, str]:
    """What a field means, in ``lang`` when its locale file says it, and the language it is in.

    The schema's ``description`` is the default language's text (editors see it too); another
    language gives ``field_<kind>_<field>`` in its own locale file, or ``field_<field>`` for a
    field every kind shares (``id``, ``review`` ...). Missing there, the schema's text is shown,
    marked as the default language.
    """
    if lang != languages.default:
        own = languages.strings.get(lang, {})
        for key in (f"field_{kind}_{field}", f"field_{field}"):
            if isinstance(own.get(key), str):
                return own[key], lang
    return schema_text, languages.default


def data_page(content: Content, languages: Languages, lang: str, schemas: Schemas) -> str:
    """The page that documents the open data: files, formats and fields (from the schemas)."""
    from ..site.render import Ctx, front_matter, heading
    from ..text.markup import attr, md_text, render_markdown
    ctx = Ctx(content, languages, lang)
    up = "" if lang == languages.default else "../"

    def link(path: str) -> str:
        return f'<a href="{up}../{path}">{path.rsplit("/", 1)[-1]}</a>'

    def row(cells: list[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    # The words of these paragraphs are Markdown written in locales/ (code spans, bold).
    # A reference page that names every field of every kind: ranked below the records in the site search.
    body = [front_matter(title=ctx.t("open_data"), search={"boost": 0.5}), heading(1, ctx.t("open_data"), "open-data"),
            md_text(ctx.t("open_data_intro")), render_markdown(ctx.t("open_data_languages_help"), demote=0),
            render_markdown(ctx.t("open_data_csv_help"), demote=0)]
    for kind, name in KIND_FILES.items():
        label = {"case-study": "case_studies", "tool": "tools", "term": "glossary", "training": "trainings",
                 "event": "events"}[kind]
        every, one = schema_paths(name)
        files = [row([md_text(ctx.t("data_language")), "JSON", "CSV", md_text(ctx.t("data_spreadsheet"))]),
                 "| --- | --- | --- | --- |"]
        for code, stem in [(None, name)] + [(c, f"{name}.{c}") for c in languages.codes]:
            who = md_text(ctx.t("data_every_language") if code is None else languages.name(code, lang))
            files.append(row([who] + [link(f"data/{stem}.{ext}") for ext in ("json", "csv", "xlsx")]))
        schemas_line = f'<p class="rc-files">{ctx.t("data_schema_line", every=link(every), one=link(one))}</p>'
        body += [heading(2, ctx.t(label), name), "\n".join(files), schemas_line]
        schema = schemas.documents[BY_NAME[kind].schema]
        rows = [row([md_text(ctx.t("field")), md_text(ctx.t("meaning"))]), "| --- | --- |"]
        for field, sub in schema.get("properties", {}).items():
            desc, desc_lang = field_description(languages, lang, kind, field, schemas.resolve(sub).get("description", ""))
            text = attr(desc) if desc_lang == lang else f'<span lang="{desc_lang}">{attr(desc)}</span>'
            rows.append(row([f"`{field}`", text]))
        # What the published files add to the records (open_data_schemas says the same in the schemas).
        texts = ", ".join([f"`{_lang_key(path)}`" for path in text_paths(schemas, kind)]
                          + [f"`{field}_lang`" for field in list_fields(schemas, kind)])
        rows += [row(["`urls`", md_text(ctx.t("data_field_urls"))]),
                 row(["`language`", md_text(ctx.t("data_field_language"))]),
                 row(["`url`", md_text(ctx.t("data_field_url"))]),
                 row([texts, md_text(ctx.t("data_field_lang"))])]
        body.append("\n".join(rows))
    feeds = " · ".join(f'<a href="{up}../feeds/case-studies.{code}.atom">case-studies.{code}.atom</a>' for code in languages.codes)
    body += [heading(2, ctx.t("feeds"), "feeds"), md_text(ctx.t("feeds_intro")), f'<p class="rc-files">{feeds}</p>']
    from ..records.specialists import OPEN_DATA_FILE
    from ..records.specialists import open_data as specialists_data
    if specialists_data(content, languages):  # people who agreed to be in the open data, if any
        body += [heading(2, ctx.t("specialists"), "specialists"), md_text(ctx.t("data_specialists")),
                 f'<p class="rc-files">{link(OPEN_DATA_FILE)}</p>']
    return "\n\n".join(body) + "\n"
