"""A training module's day as its pages show it: the agenda table, session times and methods.

Used by the module's page, its packs (trainings) and the page of an event that runs it (eventpages).
"""
from __future__ import annotations

from typing import Iterable

from ..records.kinds import CASE_STUDY, TOOL
from ..records.model import Record
from ..text.markup import attr, md_text
from .render import Ctx, separated, term_link


def clock(ctx: Ctx, value: str) -> str:
    """A time of day in the page's digits."""
    return ctx.languages.digits(ctx.lang, value)


def method_label(ctx: Ctx, method: str) -> str:
    """How a session is run, in the page's language (the schema's enum value: locales' method_<value>)."""
    return ctx.t("method_" + method.replace("-", "_"))


def term_chips(ctx: Ctx, taxonomy: str, terms: Iterable[str], here: str) -> str:
    """Terms as chips linking to their pages; a term whose page does not exist (no case study or
    tool uses it, so the browse pages leave it out) is shown as its label."""
    parts = []
    for term in terms:
        cases, tools = ctx.content.tagged(taxonomy, term)
        parts.append(term_link(ctx, taxonomy, term, here) if cases or tools else md_text(ctx.label(taxonomy, term)))
    return separated(ctx, parts)


def agenda_table(ctx: Ctx, record: Record, here: str, *, links: bool = True) -> str:
    """The day as an HTML table: time, session, method, and what the session uses."""
    rows = []
    for i, session in enumerate(record.get("agenda") or [], start=1):
        uses = []
        for kind, field, table in ((TOOL, "tools", ctx.content.tools), (CASE_STUDY, "case_studies", ctx.content.case_studies)):
            for ref in session.get(field) or []:
                if ref not in table:
                    continue
                title = ctx.inline(table[ref].get("title"), html=True, own=False)
                if links:
                    title = f'<a href="{attr(ctx.href(f"{here}/{record.id}.md", f"{kind.section}/{ref}.md"))}">{title}</a>'
                uses.append(title)
        time = f"{clock(ctx, session['start'])}–{clock(ctx, session['end'])}"
        title = ctx.inline(session.get("title"), html=True)
        cell = f'<a href="#session-{i}">{title}</a>' if links else title
        method = attr(method_label(ctx, session["method"]))
        rows.append(f'<tr><td class="rc-agenda__time">{time}</td><td>{cell}</td><td>{method}</td>'
                    f'<td>{"<br>".join(uses)}</td></tr>')
    head = "".join(f'<th scope="col">{attr(ctx.t(key))}</th>' for key in ("agenda_time", "agenda_session",
                                                                         "agenda_method", "agenda_uses"))
    return (f'<div class="rc-agenda"><table class="rc-agenda__table">\n<thead><tr>{head}</tr></thead>\n<tbody>\n'
            + "\n".join(rows) + "\n</tbody>\n</table></div>")
