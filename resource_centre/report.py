"""The state of the collection: translation coverage, reviews due, drafts, and how each term is used.

``resource-centre report`` prints it for editors (text, JSON or Markdown);
:func:`report_markdown` renders it in a site language for a "Status" page.
Everything is read from the loaded :class:`~resource_centre.model.Content` and
the schemas: which values are localised text comes from the schema's
``localisedText`` definition, which fields hold taxonomy terms from ``x-taxonomy``.
"""
from __future__ import annotations

import functools
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Iterator

from .kinds import KINDS
from .languages import Languages
from .localise import localise
from .markup import md_text
from .model import Content, Record
from .render import heading as _heading
from .scaffold import SchemaReader
from .schema import Schemas, field_name, load_schemas

TITLE_FIELDS = {"case-study": "title", "tool": "title", "term": "term", "taxonomy": "label"}
KIND_ORDER = {kind.name: i for i, kind in enumerate(KINDS)}


@dataclass
class Coverage:
    lang: str
    present: int = 0
    missing: int = 0

    @property
    def total(self) -> int:
        return self.present + self.missing

    @property
    def percent(self) -> int:
        """Whole percent of texts present, rounded down (100 only when nothing is missing)."""
        return 100 if not self.total else (100 * self.present) // self.total


@dataclass
class Item:
    """One record in a list of the report."""

    kind: str
    id: str
    file: str
    title: dict[str, str] = field(default_factory=dict)
    fields: list[str] = field(default_factory=list)   # missing text: which fields
    date: str = ""                                    # overdue: when the review was due
    days: int = 0                                     # overdue: by how many days


@dataclass
class TermCount:
    taxonomy: str
    term: str
    label: dict[str, str]
    case_studies: int
    tools: int


@dataclass
class Report:
    today: str
    languages: list[str]
    counts: dict[str, int]                              # kind -> number of valid records
    coverage: dict[str, Coverage]                       # lang -> texts present / missing
    missing: dict[str, list[Item]]                      # lang -> records with text missing in it
    draft_translations: dict[str, list[Item]]           # lang -> records whose text in it is a draft
    overdue: list[Item]
    drafts: list[Item]
    terms: dict[str, list[TermCount]]                   # taxonomy -> its terms, in file order
    taxonomy_labels: dict[str, dict[str, str]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for lang, cov in self.coverage.items():
            data["coverage"][lang].update(total=cov.total, percent=cov.percent)
        return data


# --- where the localised text is -------------------------------------------------------

def localised_paths(reader: SchemaReader, schema_name: str) -> list[tuple]:
    """Field path patterns ('*' = any list item) of every localised-text value a record type has."""
    found: list[tuple] = []

    def walk(node: dict[str, Any], path: tuple, depth: int) -> None:
        if depth > 20 or not isinstance(node, dict):
            return
        if reader.is_localised(node):
            found.append(path)
            return
        resolved = reader.resolve(node)
        for name, sub in (resolved.get("properties") or {}).items():
            walk(sub, path + (name,), depth + 1)
        if isinstance(resolved.get("items"), dict):
            walk(resolved["items"], path + ("*",), depth + 1)

    walk(reader.documents[schema_name], (), 0)
    return found


def values_with_paths(data: Any, pattern: tuple, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """The values at a path pattern, each with its concrete path (list indexes filled in)."""
    if not pattern:
        yield path, data
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        for i, item in enumerate(data if isinstance(data, list) else []):
            yield from values_with_paths(item, rest, path + (i,))
    elif isinstance(data, dict) and head in data:
        yield from values_with_paths(data[head], rest, path + (head,))


def _taxonomy_records(content: Content) -> list[Record]:
    """Taxonomies as records, so their labels count as text to translate too."""
    out = []
    for tax in content.taxonomies.values():
        data: dict[str, Any] = {"id": tax.id, "label": tax.label, "terms": list(tax.terms.values())}
        if tax.description:
            data["description"] = tax.description
        out.append(Record("taxonomy", tax.id, data, f"taxonomies/{tax.id}.yml"))
    return out


def _item(record: Record, **extra: Any) -> Item:
    title = record.get(TITLE_FIELDS.get(record.kind, "title"))
    return Item(record.kind, record.id, record.file, dict(title) if isinstance(title, dict) else {}, **extra)


def _sorted(items: list[Item]) -> list[Item]:
    return sorted(items, key=lambda i: (KIND_ORDER.get(i.kind, 99), i.file))


# --- the report ------------------------------------------------------------------------

def build_report(content: Content, languages: list[str], schemas: Schemas, today: str) -> Report:
    """Everything the report says, as data (pure: reads nothing but its arguments)."""
    reader = SchemaReader(schemas)
    patterns = {kind.name: localised_paths(reader, kind.schema) for kind in KINDS}
    coverage = {lang: Coverage(lang) for lang in languages}
    missing: dict[str, list[Item]] = {lang: [] for lang in languages}
    draft_translations: dict[str, list[Item]] = {lang: [] for lang in languages}
    overdue: list[Item] = []
    drafts: list[Item] = []

    records = list(content.records()) + _taxonomy_records(content)
    for record in records:
        gaps: dict[str, list[str]] = {lang: [] for lang in languages}
        for pattern in patterns.get(record.kind, []):
            for path, value in values_with_paths(record.data, pattern):
                if not isinstance(value, dict):
                    continue
                for lang in languages:
                    text = value.get(lang)
                    if isinstance(text, str) and text.strip():
                        coverage[lang].present += 1
                    else:
                        coverage[lang].missing += 1
                        gaps[lang].append(field_name(path))
        for lang in languages:
            if gaps[lang]:
                missing[lang].append(_item(record, fields=gaps[lang]))
        states = record.get("translation")
        for lang, state in (states.items() if isinstance(states, dict) else []):
            if state == "draft" and lang in draft_translations:
                draft_translations[lang].append(_item(record))
        review = record.get("review")
        due = review.get("next_review") if isinstance(review, dict) else None
        if isinstance(due, str) and due < today:
            try:
                days = (date.fromisoformat(today) - date.fromisoformat(due)).days
            except ValueError:
                days = 0
            overdue.append(_item(record, date=due, days=days))
        if record.kind != "taxonomy" and record.get("status") == "draft":
            drafts.append(_item(record))

    terms: dict[str, list[TermCount]] = {}
    for tax_id, tax in content.taxonomies.items():
        rows = []
        for term_id, term in tax.terms.items():
            cases, tools = content.tagged(tax_id, term_id)
            label = term.get("label")
            rows.append(TermCount(tax_id, term_id, dict(label) if isinstance(label, dict) else {},
                                  len(cases), len(tools)))
        terms[tax_id] = rows

    counts = {"case-study": len(content.case_studies), "tool": len(content.tools), "term": len(content.terms),
              "taxonomy": len(content.taxonomies)}
    return Report(
        today=today, languages=list(languages), counts=counts, coverage=coverage,
        missing={lang: _sorted(items) for lang, items in missing.items()},
        draft_translations={lang: _sorted(items) for lang, items in draft_translations.items()},
        overdue=sorted(overdue, key=lambda i: (i.date, i.file)),
        drafts=_sorted(drafts),
        terms=dict(sorted(terms.items())),
        taxonomy_labels={tax_id: dict(tax.label) for tax_id, tax in sorted(content.taxonomies.items())},
    )


def schemas_for(content: Content, languages: Languages) -> Schemas:
    from .project import Project  # the project knows where its schemas are
    return load_schemas(str(Project(content.root, languages).schemas_dir.resolve()))


# --- plain text (the command line) --------------------------------------------------

KIND_NAMES = {"case-study": ("case study", "case studies"), "tool": ("tool", "tools"),
              "term": ("glossary term", "glossary terms"), "taxonomy": ("taxonomy", "taxonomies")}


def _english(count: int, one: str, other: str) -> str:
    """A count in the command line's English, by English's CLDR plural rule (one for 1, else other)."""
    return f"{count} {one if count == 1 else other}"


def report_text(report: Report, language_names: dict[str, str] | None = None,
                problems: int = 0) -> str:
    names = language_names or {}
    out = [f"Partnership Resource Centre: report of {report.today}",
           ", ".join(_english(n, *KIND_NAMES[k]) for k, n in report.counts.items()) + " (valid records only)"]
    if problems:
        keep = "keeps" if problems == 1 else "keep"
        out.append(f"{_english(problems, 'problem', 'problems')} {keep} some records out of these figures: "
                   "run `resource-centre validate`.")
    out += ["", "Translation coverage (localised texts written / all localised texts):"]
    for lang, cov in report.coverage.items():
        out.append(f"  {lang}  {names.get(lang, lang):<10} {cov.present:>5} / {cov.total:<5} {cov.percent:>3}%"
                   f"   {cov.missing} missing")
    for lang, items in report.missing.items():
        if items:
            out += ["", f"Text missing in {lang} ({names.get(lang, lang)}):"]
            out += [f"  {item.file}: {', '.join(item.fields)}" for item in items]
    for lang, items in report.draft_translations.items():
        if items:
            out += ["", f"Draft translations in {lang} (not yet reviewed by a native speaker):"]
            out += [f"  {item.file}" for item in items]
    out += ["", f"Reviews overdue (review.next_review before {report.today}):"]
    out += [f"  {item.file}: due {item.date} ({_english(item.days, 'day', 'days')} ago)"
            for item in report.overdue] or ["  none"]
    out += ["", "Drafts (status: draft; shown only by `mkdocs serve`):"]
    out += [f"  {item.file}" for item in report.drafts] or ["  none"]
    out += ["", "Records per taxonomy term (case studies, tools):"]
    for tax_id, rows in report.terms.items():
        out.append(f"  {tax_id}:")
        width = max((len(r.term) for r in rows), default=0)
        out += [f"    {r.term:<{width}}  {r.case_studies:>3}  {r.tools:>3}" for r in rows]
    return "\n".join(out) + "\n"


# --- Markdown in a site language (the "Status" page) ---------------------------------

def _title(item_title: dict[str, str], item_id: str, lang: str, languages: Languages) -> str:
    return localise(item_title, lang, languages).text or item_id


def report_markdown(content: Content, languages: Languages, lang: str, today: str | None = None,
                    schemas: Schemas | None = None, *, heading: bool = True) -> str:
    """The report as Markdown in site language ``lang``, with the words of ``locales/<lang>.yml``.

    Record titles are shown in ``lang`` (falling back like pages do); file names
    are given too, since the report is for the people who edit them.
    """
    today = today or date.today().isoformat()
    schemas = schemas or schemas_for(content, languages)
    report = build_report(content, languages.codes, schemas, today)

    def t(key: str, **values: Any) -> str:
        return languages.t(lang, key, **values)

    def name(code: str) -> str:
        configured = {item.code: item.name for item in languages.items}
        try:
            from babel import Locale
            return Locale.parse(lang).languages.get(code) or configured.get(code, code)
        except (ValueError, LookupError):
            return configured.get(code, code)

    def record(item: Item) -> str:
        return f"{md_text(_title(item.title, item.id, lang, languages))} (`{item.file}`)"

    out: list[str] = []
    if heading:
        out += [_heading(1, t("status_title"), "status"), ""]
    number = functools.partial(languages.number, lang)
    out += [md_text(t("status_intro")), "", md_text(t("status_as_of", date=languages.day(lang, today))), ""]

    out += [_heading(2, t("status_translation"), "translation"), "",
            f"| {md_text(t('status_language'))} | {md_text(t('status_present'))} | {md_text(t('status_missing'))} | {md_text(t('status_coverage'))} |",
            "| --- | ---: | ---: | ---: |"]
    for code, cov in report.coverage.items():
        out.append(f"| {md_text(name(code))} | {number(cov.present)} | {number(cov.missing)} | {number(cov.percent)}% |")
    out.append("")
    for code, items in report.missing.items():
        if not items:
            continue
        out += [_heading(3, t("status_missing_in", language=name(code)), f"missing-{code}"), "",
                f"| {md_text(t('status_record'))} | {md_text(t('status_fields'))} |", "| --- | --- |"]
        out += [f"| {record(item)} | {', '.join(f'`{f}`' for f in item.fields)} |" for item in items]
        out.append("")

    out += [_heading(2, t("status_draft_translations"), "draft-translations"), ""]
    any_draft = False
    for code, items in report.draft_translations.items():
        if items:
            any_draft = True
            out.append(f"- **{md_text(name(code))}:** " + "; ".join(record(item) for item in items))
    out += ([""] if any_draft else [md_text(t("status_none")), ""])

    out += [_heading(2, t("status_overdue"), "reviews-overdue"), ""]
    if report.overdue:
        out += [f"| {md_text(t('status_record'))} | {md_text(t('status_review_due'))} |", "| --- | --- |"]
        out += [f"| {record(item)} | {languages.day(lang, item.date)} |" for item in report.overdue]
    else:
        out.append(md_text(t("status_none")))
    out.append("")

    out += [_heading(2, t("status_drafts"), "drafts"), ""]
    out += [f"- {record(item)}" for item in report.drafts] or [md_text(t("status_none"))]
    out.append("")

    out += [_heading(2, t("status_terms"), "terms"), ""]
    for tax_id, rows in report.terms.items():
        label = localise(report.taxonomy_labels.get(tax_id, {}), lang, languages).text or tax_id
        out += [_heading(3, label, f"terms-{tax_id}"), "",
                f"| {md_text(t('status_term'))} | {md_text(t('case_studies'))} | {md_text(t('tools'))} |", "| --- | ---: | ---: |"]
        for row in rows:
            term = localise(row.label, lang, languages).text or row.term
            out.append(f"| {md_text(term)} | {number(row.case_studies)} | {number(row.tools)} |")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
