"""The page of a case study and the page of a tool, made from render's building blocks.

Kept apart from :mod:`render` so that the pieces a page adds from other features (the health
check's form, the trainings that use a tool) are imported here, above them, and not by render.
"""
from __future__ import annotations

from typing import Callable

from ..records.case_study_fields import FACTS as CASE_STUDY_FACTS
from ..records.case_study_fields import Fact
from ..records.model import Record
from ..text.markup import attr, md_text
from .assessment import ASSET, assessment_html
from .printable import is_text_download, printable_path
from .render import (
    Ctx,
    assemble,
    block,
    chips,
    country_name,
    facts,
    heading,
    link,
    render_inline,
    render_markdown,
    separated,
    sources_and_tags,
    summary_block,
    term_link,
)
from .trainings import used_in_trainings

SECTIONS = ("context", "how_it_worked", "challenges", "results", "lessons")


def case_study_page(ctx: Ctx, record: Record) -> str:
    here = "case-studies"
    body = [summary_block(ctx, record.get("summary"))]
    rows = [(ctx.t(fact.label), FACT_VALUES[fact.shows](ctx, fact, value, here))
            for fact in CASE_STUDY_FACTS if (value := record.get(fact.field))]
    if rows:
        body += [heading(2, ctx.t("at_a_glance"), "at-a-glance"), facts(ctx, rows)]
    sections = record.get("sections") or {}
    for key in SECTIONS:
        if sections.get(key):
            body += [heading(2, ctx.t(key), key.replace("_", "-")), block(ctx, sections[key])]
    factors = record.get("success_factors") or []
    if factors:
        items = "\n".join(f"<li>{_inline_html(ctx, f)}</li>" for f in factors)
        body += [heading(2, ctx.t("success_factors"), "success-factors"), f'<ul class="rc-factors">\n{items}\n</ul>']
    tools = [ctx.content.tools[t] for t in record.get("tools_used") or [] if t in ctx.content.tools]
    if tools:
        body += [heading(2, ctx.t("tools_used"), "tools-used"), "\n".join(f"- {link(ctx, t, here)}" for t in tools)]
    related = [ctx.content.case_studies[i] for i in ctx.content.related(record.id)]
    if related:
        body += [heading(2, ctx.t("related"), "related"), "\n".join(f"- {link(ctx, r, here)}" for r in related)]
    body += used_in_trainings(ctx, record, here)
    body += sources_and_tags(ctx, record)
    return assemble(ctx, record, body)


# A case study's facts (case_study_fields.FACTS) as Markdown for the fact table, by how each is shown.

def _terms_fact(ctx: Ctx, fact: Fact, terms: list[str], here: str) -> str:
    return chips(ctx, fact.taxonomy, terms, here)


def _partners_fact(ctx: Ctx, fact: Fact, partners: list[dict], here: str) -> str:
    lines = []
    for partner in partners:
        role = ctx.inline(partner.get("role")) if partner.get("role") else ""
        lines.append(f"- **{ctx.inline(partner.get('name'))}** {term_link(ctx, 'partner-types', partner.get('type'), here)}"
                     + (f"<br>{role}" if role else ""))
    return "\n".join(lines)


def _place_fact(ctx: Ctx, fact: Fact, location: dict, here: str) -> str:
    parts = [term_link(ctx, "scopes", location["scope"], here)]
    parts += [term_link(ctx, "provinces", p, here) for p in location.get("provinces") or []]
    parts += [md_text(country_name(c, ctx.lang)) for c in location.get("countries") or []]
    return separated(ctx, parts)


def _period_fact(ctx: Ctx, fact: Fact, period: dict, here: str) -> str:
    return md_text(ctx.languages.period(ctx.lang, period["start"], period.get("end")))


FACT_VALUES: dict[str, Callable[[Ctx, Fact, object, str], str]] = {
    "terms": _terms_fact, "partners": _partners_fact, "place": _place_fact, "period": _period_fact}


def _inline_html(ctx: Ctx, value) -> str:
    text = ctx.loc(value)
    html = render_inline(text.text)
    return f'<span lang="{text.lang}">{html}</span>' if text.fallback else html


def tool_page(ctx: Ctx, record: Record) -> str:
    here = "tools"
    body = [summary_block(ctx, record.get("summary"))]
    rows: list[tuple[str, str]] = []
    if record.get("format"):
        rows.append((ctx.t("format"), term_link(ctx, "formats", record.get("format"), here)))
    if record.get("stages"):
        rows.append((ctx.t("stages"), chips(ctx, "stages", record.get("stages"), here)))
    if record.get("audience"):
        rows.append((ctx.t("audience"), chips(ctx, "audiences", record.get("audience"), here)))
    if record.get("duration"):
        rows.append((ctx.t("duration"), ctx.inline(record.get("duration"))))
    if rows:
        body += [heading(2, ctx.t("at_a_glance"), "at-a-glance"), facts(ctx, rows)]
    for key, anchor in (("purpose", "purpose"), ("when_to_use", "when-to-use")):
        if record.get(key):
            body += [heading(2, ctx.t(key), anchor), block(ctx, record.get(key))]
    steps = record.get("steps") or []
    if steps:
        items = "\n".join(f"<li>{_step_html(ctx, s)}</li>" for s in steps)
        body += [heading(2, ctx.t("steps"), "steps"), f'<ol class="rc-steps">\n{items}\n</ol>']
    questionnaire = assessment_html(ctx, record)
    body.append(questionnaire)
    downloads = record.get("downloads") or []
    if downloads:
        rows = []
        for item in downloads:
            label = ctx.loc(item.get("title")).text or item["file"].rsplit("/", 1)[-1]
            language = md_text(ctx.language_name(item["language"]))
            if is_text_download(item):  # offered as its printable page; the text file is only its source
                url = ctx.href(f"{here}/{record.id}.md", printable_path(item))
                rows.append(f'- <a class="rc-download" href="{attr(url)}" hreflang="{attr(item["language"])}" '
                            f'type="text/html">{attr(label)}</a> ({language})')
            else:
                rows.append(f"- [{md_text(label)}](files/{item['file']}){{ download }} ({language})")
        body += [heading(2, ctx.t("downloads"), "downloads"), "\n".join(rows)]
    users = [ctx.content.case_studies[i] for i in ctx.content.tool_users().get(record.id, [])]
    if users:
        body += [heading(2, ctx.t("used_in"), "used-in"), "\n".join(f"- {link(ctx, c, here)}" for c in users)]
    body += used_in_trainings(ctx, record, here)
    credit = ctx.loc(record.get("credit"))
    if credit or record.get("licence"):
        parts = []
        if credit:
            text = render_inline(credit.text)  # contributor Markdown: *Making Partnerships Effective* in italics
            parts.append(f"{attr(ctx.t('labelled', label=ctx.t('credit')))} "
                         + (f'<span lang="{credit.lang}">{text}</span>' if credit.fallback else text))
        if record.get("licence"):
            parts.append(f"{attr(ctx.t('labelled', label=ctx.t('licence')))} {attr(record.get('licence'))}")
        body.append(f'<p class="rc-credit">{" · ".join(parts)}</p>')
    body += sources_and_tags(ctx, record)
    return assemble(ctx, record, body, **({"rc_assets": ASSET} if questionnaire else {}))


def _step_html(ctx: Ctx, value) -> str:
    text = ctx.loc(value)
    html = render_markdown(text.text)  # under the "Steps" <h2>
    return f'<div lang="{text.lang}" class="rc-fallback">{html}</div>' if text.fallback else html
