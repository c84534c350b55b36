"""Open data: the published records as JSON and CSV (per language and combined) and Atom feeds.

Pure functions from content to bytes; the MkDocs adapter writes them into the
built site. Output is deterministic (sorted, no clock): dates come from records.
"""
from __future__ import annotations

import csv
import io
import json
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from .languages import Languages
from .localise import Localised, localise
from .model import Content, Record

KIND_FILES = {"case-study": "case-studies", "tool": "tools", "term": "glossary"}
CSV_COLUMNS = {
    "case-study": ["id", "title", "summary", "status", "illustrative", "twgs", "partners", "partner_types",
                   "scope", "provinces", "countries", "start", "end", "principles", "stages", "tools_used",
                   "related", "tags", "last_reviewed", "next_review", "url"],
    "tool": ["id", "title", "summary", "status", "illustrative", "stages", "format", "audience", "duration",
             "licence", "tags", "last_reviewed", "next_review", "url"],
    "term": ["id", "term", "definition", "see_also", "url"],
}


def _records(content: Content, kind: str) -> list[Record]:
    table = {"case-study": content.case_studies, "tool": content.tools, "term": content.terms}[kind]
    return [table[k] for k in sorted(table)]


def page_url(record: Record, lang: str, languages: Languages) -> str:
    """Site-relative URL of a record's page in ``lang`` (directory URLs)."""
    prefix = "" if lang == languages.default else f"{lang}/"
    if record.kind == "term":
        return f"{prefix}glossary/#{record.id}"
    return f"{prefix}{KIND_FILES[record.kind]}/{record.id}/"


def _localised(value: Any, lang: str, languages: Languages) -> Any:
    """Replace every {en:…, km:…} map in ``value`` by its text in ``lang`` (with fallback)."""
    if isinstance(value, dict):
        if value and set(value) <= set(languages.codes) and all(isinstance(v, str) for v in value.values()):
            return localise(value, lang, languages).text
        return {k: _localised(v, lang, languages) for k, v in value.items() if k != "translation"}
    if isinstance(value, list):
        return [_localised(v, lang, languages) for v in value]
    return value


def records_json(content: Content, kind: str, languages: Languages, lang: str | None) -> bytes:
    """All published records of a kind; ``lang=None`` keeps every language (the combined file)."""
    items = []
    for record in _records(content, kind):
        data = dict(record.data) if lang is None else _localised(record.data, lang, languages)
        if lang is None:
            data["urls"] = {code: page_url(record, code, languages) for code in languages.codes}
        else:
            data["language"] = lang
            data["url"] = page_url(record, lang, languages)
        items.append(data)
    # One record per line: readable in a diff or a text editor, and written by json's C encoder
    # (indent= switches to the pure-Python one, several times slower at 1,000 records).
    lines = ",\n".join(json.dumps(item, ensure_ascii=False, separators=(",", ":")) for item in items)
    return (f"[\n{lines}\n]\n" if items else "[]\n").encode("utf-8")


def _row(record: Record, lang: str, languages: Languages) -> dict[str, str]:
    data = record.data
    loc = lambda value: localise(value, lang, languages).text  # noqa: E731
    join = lambda values: "; ".join(str(v) for v in values or [])  # noqa: E731
    review, location, period = data.get("review") or {}, data.get("location") or {}, data.get("period") or {}
    row = {
        "id": record.id, "title": loc(data.get("title")), "summary": loc(data.get("summary")),
        "status": data.get("status", ""), "illustrative": "yes" if data.get("illustrative") else "no",
        "twgs": join(data.get("twgs")), "partners": join(loc(p.get("name")) for p in data.get("partners") or []),
        "partner_types": join(dict.fromkeys(p.get("type") for p in data.get("partners") or [])),
        "scope": location.get("scope", ""), "provinces": join(location.get("provinces")),
        "countries": join(location.get("countries")), "start": period.get("start", ""), "end": period.get("end", ""),
        "principles": join(data.get("principles")), "stages": join(data.get("stages")),
        "tools_used": join(data.get("tools_used")), "related": join(data.get("related")), "tags": join(data.get("tags")),
        "last_reviewed": review.get("last_reviewed", ""), "next_review": review.get("next_review", ""),
        "format": data.get("format", ""), "audience": join(data.get("audience")), "duration": loc(data.get("duration")),
        "licence": data.get("licence", ""), "term": loc(data.get("term")), "definition": loc(data.get("definition")),
        "see_also": join(data.get("see_also")), "url": page_url(record, lang, languages),
    }
    return row


def records_csv(content: Content, kind: str, languages: Languages, lang: str | None) -> bytes:
    """A spreadsheet of the records; the combined file has one text column per language."""
    columns = list(CSV_COLUMNS[kind])
    localised = [c for c in columns if c in ("title", "summary", "partners", "duration", "term", "definition", "url")]
    if lang is None:
        columns = [c for c in columns if c not in localised] + [f"{c}_{code}" for code in languages.codes for c in localised]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for record in _records(content, kind):
        if lang is not None:
            writer.writerow(_row(record, lang, languages))
            continue
        row = _row(record, languages.default, languages)
        for code in languages.codes:
            per = _row(record, code, languages)
            row.update({f"{c}_{code}": per[c] for c in localised})
        writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM so spreadsheet programs read Khmer as UTF-8


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
             f'  <link rel="alternate" href={quoteattr(base + ("" if lang == languages.default else lang + "/") + "case-studies/")}/>']
    for record in records:
        name = localise(record.get("title"), lang, languages)
        text = localise(record.get("summary"), lang, languages)
        lines += ["  <entry>",
                  f"    <title{_xml_lang(name)}>{escape(name.text)}</title>",
                  f"    <id>urn:partnership-resource-centre:case-study:{lang}:{record.id}</id>",
                  f"    <updated>{record.last_reviewed or '1970-01-01'}T00:00:00Z</updated>",
                  f'    <link rel="alternate" href={quoteattr(base + page_url(record, lang, languages))}/>',
                  f"    <author><name>{escape(title)}</name></author>",
                  f"    <summary{_xml_lang(text)}>{escape(text.text)}</summary>",
                  "  </entry>"]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def site_name_in(languages: Languages, lang: str, default: str) -> str:
    """The site's name in ``lang``: its own (the i18n entry's site_name in mkdocs.yml), else ``default``."""
    return next((item.site_name for item in languages.items if item.code == lang and item.site_name), default)


def open_data_files(content: Content, languages: Languages, *, site_name: str, site_url: str) -> dict[str, bytes]:
    """Every open-data file, by path relative to the site root."""
    files: dict[str, bytes] = {}
    for kind, name in KIND_FILES.items():
        files[f"data/{name}.json"] = records_json(content, kind, languages, None)
        files[f"data/{name}.csv"] = records_csv(content, kind, languages, None)
        for lang in languages.codes:
            files[f"data/{name}.{lang}.json"] = records_json(content, kind, languages, lang)
            files[f"data/{name}.{lang}.csv"] = records_csv(content, kind, languages, lang)
    for lang in languages.codes:  # site_name: mkdocs.yml's, for a language that names the site in none of its own
        files[FEED_PATH.format(lang=lang)] = atom_feed(content, languages, lang, site_url=site_url,
                                                       title=site_name_in(languages, lang, site_name))
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


def data_page(content: Content, languages: Languages, lang: str, schemas) -> str:
    """The page that documents the open data: files, formats and fields (from the schemas)."""
    from .kinds import BY_NAME
    from .render import Ctx, front_matter, heading
    from .markup import attr, md_text
    ctx = Ctx(content, languages, lang)
    up = "" if lang == languages.default else "../"
    body = [front_matter(title=ctx.t("open_data")), heading(1, ctx.t("open_data"), "open-data"),
            md_text(ctx.t("open_data_intro"))]
    for kind, name in KIND_FILES.items():
        label = {"case-study": "case_studies", "tool": "tools", "term": "glossary"}[kind]
        links = [f'<a href="{up}../data/{name}.json">{name}.json</a>', f'<a href="{up}../data/{name}.csv">{name}.csv</a>']
        for code in languages.codes:
            links += [f'<a href="{up}../data/{name}.{code}.json">{name}.{code}.json</a>',
                      f'<a href="{up}../data/{name}.{code}.csv">{name}.{code}.csv</a>']
        body += [heading(2, ctx.t(label), name), '<p class="rc-files">' + " · ".join(links) + "</p>"]
        schema = schemas.documents[BY_NAME[kind].schema]
        rows = ["| " + md_text(ctx.t("field")) + " | " + md_text(ctx.t("meaning")) + " |", "| --- | --- |"]
        for field, sub in schema.get("properties", {}).items():
            desc, desc_lang = field_description(languages, lang, kind, field, schemas.resolve(sub).get("description", ""))
            text = attr(desc) if desc_lang == lang else f'<span lang="{desc_lang}">{attr(desc)}</span>'
            rows.append(f"| `{field}` | {text} |")
        body.append("\n".join(rows))
    feeds = " · ".join(f'<a href="{up}../feeds/case-studies.{code}.atom">case-studies.{code}.atom</a>' for code in languages.codes)
    body += [heading(2, ctx.t("feeds"), "feeds"), md_text(ctx.t("feeds_intro")), f'<p class="rc-files">{feeds}</p>']
    return "\n\n".join(body) + "\n"
