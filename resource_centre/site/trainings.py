"""Training modules' pages: the list of modules, each module's page, and its two printable packs.

A module names the tools and case studies its sessions use; those pages link back to the
module (:func:`used_in_trainings`), so the relation is written once, in the module. The
facilitator pack and the participant handout are standalone A4 pages (the same shell as a
tool's printable download, :func:`printable.document_page`): the agenda with its times, each
session's plan (and, in the facilitator's pack, the notes for the facilitator), and the text
of the tools the sessions use, so a facilitator can run the day from paper alone.
"""
from __future__ import annotations

from datetime import date

from ..records.kinds import CASE_STUDY, TOOL, TRAINING
from ..records.model import Content, Record
from ..text.languages import Languages
from ..text.localise import localise
from ..text.markup import attr, md_text
from .agenda_table import agenda_table, clock, method_label, term_chips
from .printable import document_page
from .render import (
    Ctx,
    Page,
    assemble,
    block,
    by_title,
    cards,
    facts,
    front_matter,
    heading,
    href,
    link,
    render_markdown,
    sources_and_tags,
    summary_block,
)

PACKS = ("facilitator", "handout")  # the facilitator pack, the participant handout


def pack_path(record: Record, which: str) -> str:
    """The printable pack of a module, relative to a language's folder: ``trainings/<id>-<which>.html``."""
    return f"{TRAINING.section}/{record.id}-{which}.html"


def sessions_using(content: Content, kind: str, record_id: str) -> list[Record]:
    """The modules whose agenda uses the tool or case study ``record_id``, in the order of their ids."""
    field = "tools" if kind == TOOL.name else "case_studies"
    return [module for _, module in sorted(content.trainings.items())
            if any(record_id in (s.get(field) or []) for s in module.get("agenda") or [])]


def used_records(content: Content, module: Record, kind: str) -> list[Record]:
    """The tools (or case studies) a module's sessions use, once each, in the order of the day."""
    field, table = ("tools", content.tools) if kind == TOOL.name else ("case_studies", content.case_studies)
    ids = dict.fromkeys(i for s in module.get("agenda") or [] for i in s.get(field) or [])
    return [table[i] for i in ids if i in table]


def used_in_trainings(ctx: Ctx, record: Record, here: str) -> list[str]:
    """The section of a tool's or case study's page that lists the modules using it (none: nothing)."""
    modules = sessions_using(ctx.content, record.kind, record.id)
    if not modules:
        return []
    # Out of the site search: every tool and case study a module uses has this section, whose title
    # ("training") outranked the pages about training for queries such as "teacher training".
    return [heading(2, ctx.t("used_in_trainings"), "used-in-trainings", searched=False),
            "\n".join(f"- {link(ctx, m, here)}" for m in modules)]


def training_page(ctx: Ctx, record: Record, *, today: str) -> str:
    here = TRAINING.section
    body = [summary_block(ctx, record.get("summary"))]
    rows: list[tuple[str, str]] = [(ctx.t("audience"), term_chips(ctx, "audiences", record.get("audience"), here)),
                                   (ctx.t("duration"), ctx.inline(record.get("duration")))]
    for key in ("principles", "stages"):
        if record.get(key):
            rows.append((ctx.t(key), term_chips(ctx, key, record.get(key), here)))
    body += [heading(2, ctx.t("at_a_glance"), "at-a-glance"), facts(ctx, rows)]
    items = "\n".join(f"<li>{ctx.inline(o, html=True)}</li>" for o in record.get("objectives") or [])
    body += [heading(2, ctx.t("objectives"), "objectives"), f'<ul class="rc-objectives">\n{items}\n</ul>']
    if record.get("prerequisites"):
        body += [heading(2, ctx.t("prerequisites"), "prerequisites"), block(ctx, record.get("prerequisites"))]
    body += [heading(2, ctx.t("agenda"), "agenda"), agenda_table(ctx, record, here)]
    packs = " · ".join(f'<a class="rc-download" href="{attr(ctx.href(f"{here}/{record.id}.md", pack_path(record, which)))}" '
                       f'type="text/html">{attr(ctx.t("pack_" + which))}</a>' for which in PACKS)
    body += [f'<p class="rc-packs"><strong>{attr(ctx.t("labelled", label=ctx.t("packs")))}</strong> {packs}</p>']
    body.append(heading(2, ctx.t("sessions"), "sessions"))
    for i, session in enumerate(record.get("agenda") or [], start=1):
        title = ctx.loc(session.get("title"))
        time = f"{clock(ctx, session['start'])}–{clock(ctx, session['end'])}"
        body.append(heading(3, f"{time} {title.text}", f"session-{i}", title.lang if title.fallback else ""))
        body.append(f'<p class="rc-eyebrow">{attr(method_label(ctx, session["method"]))}</p>')
        if session.get("plan"):
            body.append(block(ctx, session.get("plan"), demote=3))
    for kind, key, anchor in ((TOOL, "tools_used", "tools-used"), (CASE_STUDY, "case_studies", "case-studies")):
        used = used_records(ctx.content, record, kind.name)
        if used:
            body += [heading(2, ctx.t(key), anchor), "\n".join(f"- {link(ctx, r, here)}" for r in used)]
    from .eventpages import event_list  # the module's events, as the events page lists them
    events = [e for e in ctx.content.events.values() if e.get("module") == record.id]
    if events:
        body += [heading(2, ctx.t("events"), "events"), event_list(ctx, events, f"{here}/{record.id}.md", today)]
    credit = ctx.loc(record.get("credit"))
    if credit:
        text = render_markdown(credit.text, demote=2)
        body.append(f'<div class="rc-credit"{f" lang={credit.lang}" if credit.fallback else ""}>'
                    f'<strong>{attr(ctx.t("labelled", label=ctx.t("credit")))}</strong> {text}</div>')
    body += sources_and_tags(ctx, record)
    return assemble(ctx, record, body)


def training_index(ctx: Ctx) -> str:
    """Every module, by title, with the pages of events and packs a click away."""
    records = by_title(ctx, ctx.content.trainings.values())
    page = f"{TRAINING.section}/index.md"
    body = [front_matter(title=ctx.t("trainings"), search={"exclude": True}), heading(1, ctx.t("trainings"), "trainings"),
            md_text(ctx.t("trainings_intro", count=len(records))),
            f'<p><a href="{attr(ctx.href(page, "events/index.md"))}">{attr(ctx.t("events_link"))}</a></p>',
            cards(ctx, records, page)]
    return "\n\n".join(body) + "\n"


# The packs ----------------------------------------------------------------

def pack_html(ctx: Ctx, record: Record, which: str) -> str:
    """The body of a module's facilitator pack or participant handout, in ``ctx.lang``."""
    here = TRAINING.section
    title = ctx.loc(record.get("title"))
    parts = [f'<p class="rc-eyebrow">{attr(ctx.t("pack_" + which))}</p>',
             f"<h1>{attr(title.text)}</h1>",
             f'<p>{attr(ctx.loc(record.get("summary")).text)}</p>',
             f'<p><strong>{attr(ctx.t("labelled", label=ctx.t("duration")))}</strong> {ctx.inline(record.get("duration"), html=True)}</p>']
    if record.get("illustrative"):
        parts.append(f'<p class="rc-notice">{attr(ctx.t("illustrative_training"))}</p>')
    items = "".join(f"<li>{ctx.inline(o, html=True)}</li>" for o in record.get("objectives") or [])
    parts += [f"<h2>{attr(ctx.t('objectives'))}</h2>", f"<ul>{items}</ul>",
              f"<h2>{attr(ctx.t('agenda'))}</h2>", agenda_table(ctx, record, here, links=False),
              f"<h2>{attr(ctx.t('sessions'))}</h2>"]
    for session in record.get("agenda") or []:
        time = f"{clock(ctx, session['start'])}–{clock(ctx, session['end'])}"
        parts.append(f"<h3>{time} {ctx.inline(session.get('title'), html=True)}</h3>")
        parts.append(f'<p><em>{attr(method_label(ctx, session["method"]))}</em></p>')
        if session.get("plan"):
            parts.append(_markdown(ctx, session["plan"], demote=3))
        if which == "facilitator" and session.get("facilitator_notes"):
            parts.append(f'<div class="rc-pack__notes"><p><strong>{attr(ctx.t("labelled", label=ctx.t("facilitator_notes")))}'
                         f"</strong></p>{_markdown(ctx, session['facilitator_notes'], demote=4)}</div>")
    tools = used_records(ctx.content, record, TOOL.name)
    if tools:
        parts.append(f"<h2>{attr(ctx.t('pack_tools'))}</h2>")
        for tool in tools:
            parts.append(f'<section class="rc-pack__tool"><h3>{ctx.inline(tool.get("title"), html=True, own=False)}</h3>'
                         f'<p>{attr(ctx.loc(tool.get("summary"), own=False).text)}</p>')
            for key in ("purpose", "when_to_use"):
                if tool.get(key):
                    parts.append(f"<h4>{attr(ctx.t(key))}</h4>{_markdown(ctx, tool.get(key), demote=4)}")
            steps = tool.get("steps") or []
            if steps:
                items = "".join(f"<li>{_markdown(ctx, s, demote=4)}</li>" for s in steps)
                parts.append(f"<h4>{attr(ctx.t('steps'))}</h4><ol>{items}</ol>")
            parts.append("</section>")
    cases = used_records(ctx.content, record, CASE_STUDY.name)
    if cases:
        parts.append(f"<h2>{attr(ctx.t('case_studies'))}</h2>")
        parts += [f'<h3>{ctx.inline(c.get("title"), html=True, own=False)}</h3>'
                  f'<p>{attr(ctx.loc(c.get("summary"), own=False).text)}</p>' for c in cases]
    return "\n".join(parts)


def _markdown(ctx: Ctx, value, *, demote: int) -> str:
    text = ctx.loc(value, own=False)
    body = render_markdown(text.text, demote=demote)
    return f'<div lang="{text.lang}">{body}</div>' if text.fallback else body


def pack_page(ctx: Ctx, record: Record, which: str) -> str:
    """The standalone printable page of one pack."""
    path = pack_path(record, which)
    title = localise(record.get("title"), ctx.lang, ctx.languages)
    heading_text = f'{ctx.t("pack_" + which)}: {title.text}'
    back = (f"{TRAINING.section}/{record.id}.md", ctx.t("pack_back"), title)
    return document_page(heading_text, pack_html(ctx, record, which), ctx.lang, ctx.lang, ctx.languages,
                         lambda to: href(path, to, ctx.directory_urls), back)


# The plan -------------------------------------------------------------------

def plan_trainings(content: Content, languages: Languages, *, directory_urls: bool = True,
                   today: str | None = None) -> list[Page]:
    """Every page of the training modules and events, in every language.

    ``today`` (YYYY-MM-DD, default the build's date) splits the events into upcoming and past.
    """
    from .eventpages import plan_events

    today = today or date.today().isoformat()
    pages: list[Page] = []
    for lang in languages.codes:
        def ctx() -> Ctx:
            return Ctx(content, languages, lang, directory_urls=directory_urls)
        pages.append(Page(lang, f"{TRAINING.section}/index.md", training_index(ctx())))
        for record in content.trainings.values():
            pages.append(Page(lang, f"{TRAINING.section}/{record.id}.md", training_page(ctx(), record, today=today)))
            for which in PACKS:
                pages.append(Page(lang, pack_path(record, which), pack_page(ctx(), record, which)))
    return pages + plan_events(content, languages, directory_urls=directory_urls, today=today)
