"""The state of the collection: translation coverage, reviews due, drafts, and how each term is used.

``resource-centre report`` prints it for editors (text, JSON or Markdown);
:func:`report_markdown` renders it in a site language for a "Status" page.
Everything is read from the loaded :class:`~resource_centre.records.model.Content` and
the schemas: which values are localised text comes from the schema's
``localisedText`` definition, which fields hold taxonomy terms from ``x-taxonomy``.
"""
from __future__ import annotations

import functools
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from ..records.events import past_planned
from ..records.khmer import Spelling, record_texts, spelling_variants
from ..records.kinds import KINDS
from ..records.model import Content, Record
from ..records.schema import Schemas, field_name, values_with_paths
from ..records.specialists import consents_due
from ..records.translations import (  # noqa: F401
    STATES,
    TITLE_FIELDS,
    Status,
    all_records,
    collect,
    is_draft,
    patterns_for,
    schemas_for,
)
from ..site.render import heading as _heading
from ..text.languages import Languages
from ..text.localise import localise
from ..text.markup import md_text

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
    # Khmer words written in more than one way (khmer.spelling_variants): each word's spellings.
    spellings: list[list[Spelling]] = field(default_factory=list)
    # Listed specialists whose consent is two years old or more (date: when it was given), oldest first.
    consents: list[Item] = field(default_factory=list)
    # Events that ended before the report's date but still say status: planned (date: their end), oldest first.
    past_events: list[Item] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for lang, cov in self.coverage.items():
            data["coverage"][lang].update(total=cov.total, percent=cov.percent)
        return data


def _item(record: Record, **extra: Any) -> Item:
    title = record.get(TITLE_FIELDS.get(record.kind, "title"))
    return Item(record.kind, record.id, record.file, dict(title) if isinstance(title, dict) else {}, **extra)


def _sorted(items: list[Item]) -> list[Item]:
    return sorted(items, key=lambda i: (KIND_ORDER.get(i.kind, 99), i.file))


# --- the report ------------------------------------------------------------------------

def build_report(content: Content, languages: list[str], schemas: Schemas, today: str) -> Report:
    """Everything the report says, as data (pure: reads nothing but its arguments)."""
    patterns = patterns_for(schemas)
    coverage = {lang: Coverage(lang) for lang in languages}
    missing: dict[str, list[Item]] = {lang: [] for lang in languages}
    draft_translations: dict[str, list[Item]] = {lang: [] for lang in languages}
    overdue: list[Item] = []
    drafts: list[Item] = []

    records = all_records(content)
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
        for lang in languages:
            if is_draft(record, lang, patterns):
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
              "taxonomy": len(content.taxonomies), "training": len(content.trainings), "event": len(content.events)}
    return Report(
        today=today, languages=list(languages), counts=counts, coverage=coverage,
        missing={lang: _sorted(items) for lang, items in missing.items()},
        draft_translations={lang: _sorted(items) for lang, items in draft_translations.items()},
        overdue=sorted(overdue, key=lambda i: (i.date, i.file)),
        drafts=_sorted(drafts),
        terms=dict(sorted(terms.items())),
        taxonomy_labels={tax_id: dict(tax.label) for tax_id, tax in sorted(content.taxonomies.items())},
        spellings=spelling_variants(record_texts(records)),
        consents=[_item(r, date=r.consent_date) for r in consents_due(content, today)],
        past_events=[_item(r, date=r.get("end")[:10]) for r in past_planned(content.events, today)],
    )


# --- plain text (the command line) --------------------------------------------------

KIND_NAMES = {"case-study": ("case study", "case studies"), "tool": ("tool", "tools"),
              "term": ("glossary term", "glossary terms"), "taxonomy": ("taxonomy", "taxonomies"),
              "training": ("training module", "training modules"), "event": ("event", "events")}


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
    out += ["", "Specialists' consent to renew (given two years ago or more; ask again, or set status: withdrawn):"]
    out += [f"  {item.file}: consent given {item.date}" for item in report.consents] or ["  none"]
    out += ["", f"Past events still planned (ended before {report.today}; set status: held or cancelled):"]
    out += [f"  {item.file}: ended {item.date}" for item in report.past_events] or ["  none"]
    out += ["", "Drafts (status: draft; shown only by `mkdocs serve`):"]
    out += [f"  {item.file}" for item in report.drafts] or ["  none"]
    out += ["", "Records per taxonomy term (case studies, tools):"]
    for tax_id, rows in report.terms.items():
        out.append(f"  {tax_id}:")
        width = max((len(r.term) for r in rows), default=0)
        out += [f"    {r.term:<{width}}  {r.case_studies:>3}  {r.tools:>3}" for r in rows]
    out += ["", "Khmer words spelled in more than one way (search finds every spelling; settle on one):"]
    out += ["  " + "; ".join(f"{s.written} in {_english(len(s.files), 'record', 'records')} ({', '.join(s.files)})"
                             for s in word) for word in report.spellings] or ["  none"]
    return "\n".join(out) + "\n"


# --- Markdown in a site language (the "Status" page) ---------------------------------

def _title(item_title: dict[str, str], item_id: str, lang: str, languages: Languages) -> str:
    return localise(item_title, lang, languages).text or item_id


def translations_markdown(status: Status, content: Content, languages: Languages, lang: str, *,
                          only: str | None = None, level: int = 2) -> str:
    """Translations not in step with their source, in site language ``lang``: the fields per state
    for each language, then each record with work left, its fields grouped by language and state."""
    def t(key: str, **values: Any) -> str:
        return languages.t(lang, key, **values)

    number = functools.partial(languages.number, lang)
    codes = [c for c in languages.codes if c != languages.default and (only is None or c == only)]
    counts = status.counts()
    out = [_heading(level, t("status_step"), "translations-in-step"), "", md_text(t("status_step_intro", language=languages.name(languages.default, lang))), "",
           "| " + " | ".join(md_text(t(k)) for k in ["status_language"] + [f"status_state_{s}" for s in STATES]) + " |",
           "| --- |" + " ---: |" * len(STATES)]
    for code in codes:
        out.append(f"| {md_text(languages.name(code, lang))} | "
                   + " | ".join(number(counts[code][s]) for s in STATES) + " |")
    out.append("")
    titles = {(r.kind, r.id): r.get(TITLE_FIELDS.get(r.kind, "title")) for r in all_records(content)}
    by_record: dict[tuple[str, str], list] = {}
    for item in status.fields:
        if item.lang in codes and item.state != "current":
            by_record.setdefault((item.file, item.record), []).append(item)
    rows = []
    for (file, key), items in sorted(by_record.items(), key=lambda kv: (KIND_ORDER.get(kv[1][0].kind, 99), kv[0][0])):
        title = localise(titles.get((items[0].kind, key.rsplit("/", 1)[-1])), lang, languages).text or key
        cells = []
        for code in codes:
            mine = [i for i in items if i.lang == code]
            parts = []
            for state in STATES[:-1]:
                fields = [i.field for i in mine if i.state == state]
                if fields and state == "outdated":
                    parts.append(f"**{md_text(t('status_state_outdated'))}** (" + ", ".join(f"`{f}`" for f in fields) + ")")
                elif fields:  # a count in brackets: no colon, whose form differs by language (Khmer ៖)
                    parts.append(f"{md_text(t(f'status_state_{state}'))} ({number(len(fields))})")
            cells.append("; ".join(parts) if parts else md_text(t("status_state_current")))
        rows.append(f"| {md_text(title)} (`{file}`) | " + " | ".join(cells) + " |")
    if rows:
        out += [f"| {md_text(t('status_record'))} | " + " | ".join(md_text(languages.name(c, lang)) for c in codes) + " |",
                "| --- |" + " --- |" * len(codes)] + rows
    else:
        out.append(md_text(t("status_none")))
    return "\n".join(out) + "\n"


def report_markdown(content: Content, languages: Languages, lang: str, today: str | None = None,
                    schemas: Schemas | None = None, *, heading: bool = True, report: Report | None = None,
                    status: Status | None = None) -> str:
    """The report as Markdown in site language ``lang``, with the words of ``locales/<lang>.yml``.

    Record titles are shown in ``lang`` (falling back like pages do); file names
    are given too, since the report is for the people who edit them. ``report``: the report
    already built (it is the same for every language; the site's pages build it once), and ``status``
    the translations' (:func:`~resource_centre.records.translations.collect`), likewise.
    """
    today = today or date.today().isoformat()
    schemas = schemas or schemas_for(content, languages)
    report = report or build_report(content, languages.codes, schemas, today)

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

    out += [translations_markdown(status or collect(content, languages, schemas), content, languages, lang)]

    def dated_records(title: str, anchor: str, intro: str | None, when: str, items: list) -> list[str]:
        """A section listing records with one date each (a review due, a consent given, an event's end)."""
        lines = [_heading(2, t(title), anchor), ""] + ([md_text(t(intro)), ""] if intro else [])
        if items:
            lines += [f"| {md_text(t('status_record'))} | {md_text(t(when))} |", "| --- | --- |"]
            lines += [f"| {record(item)} | {languages.day(lang, item.date)} |" for item in items]
        else:
            lines.append(md_text(t("status_none")))
        return lines + [""]

    out += dated_records("status_overdue", "reviews-overdue", None, "status_review_due", report.overdue)
    out += dated_records("status_consents", "consents", "status_consents_intro", "status_consent_given",
                         report.consents)
    out += dated_records("status_past_planned", "past-events", "status_past_planned_intro", "status_event_ended",
                         report.past_events)

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
