"""The assessment of a tool's page: a questionnaire to print, fill in, collect, compare and repeat.

Without JavaScript the block is the printable questionnaire (questions by theme, the scale
as boxes to tick, the free-text prompts). With JavaScript,
``overrides/assets/javascripts/assessment.js`` turns the same form into the participant's
view (their scores and an answer code) and adds the facilitator's tools: collect codes,
files and paper forms, compare the groups, save rounds in the browser. Everything the
script needs (questions, scale, groups, words, digits) travels in one JSON block, so it
works from file:// and sends nothing anywhere.

No MkDocs imports: a record and the page's language in, HTML out.
"""
from __future__ import annotations

import re
from typing import Any

from ..records.model import Record
from ..text.markup import attr, json_for_script
from .render import Ctx, heading, render_markdown

ASSET = "assessment"  # the page's rc_assets: overrides/main.html loads assessment.js and .css
DATA_ID = "rc-assessment-data"
DEFAULT_GROUPS = ("government", "development-partner")  # the schema's default for `groups`
# Interface strings the script reads (the page language, falling back like every string).
SCRIPT_STRINGS = (
    "assess_question", "assess_show", "assess_missing", "assess_missing_group", "assess_my_scores",
    "assess_theme", "assess_score", "assess_average", "assess_code_title", "assess_code_help", "assess_copy",
    "assess_copied", "assess_copy_failed", "assess_save_file", "assess_collect_title", "assess_collect_help",
    "assess_codes_label", "assess_add_codes", "assess_files_label", "assess_paper_title", "assess_add_paper",
    "assess_choose", "assess_added", "assess_nothing_added", "assess_bad_code_form", "assess_bad_code_version",
    "assess_bad_code_check", "assess_bad_code_group", "assess_bad_code_answers", "assess_bad_file",
    "assess_bad_paper", "assess_participants", "assess_participant_count", "assess_remove", "assess_removed",
    "assess_clear", "assess_compare_title", "assess_compare_help", "assess_agenda", "assess_question_col", "assess_group_col", "assess_code_col", "assess_difference",
    "assess_spread", "assess_all", "assess_none_yet", "assess_chart_title", "assess_rounds_title",
    "assess_partnership", "assess_date", "assess_save_round", "assess_saved", "assess_need_name",
    "assess_rounds_of", "assess_no_rounds", "assess_open_round", "assess_delete_round", "assess_delete_confirm",
    "assess_deleted", "assess_opened", "assess_over_time", "assess_round", "assess_export_json",
    "assess_export_csv", "assess_imported", "assess_print", "assess_sheet_title", "assess_group",
)
_BLANK_LINES = re.compile(r"\n\s*\n")


def themes(ctx: Ctx, block: dict[str, Any]) -> list[dict[str, Any]]:
    """Each theme's title in the page's language (its own, else its principle's label) and its questions."""
    out = []
    for theme in block.get("themes") or []:
        title = ctx.loc(theme["title"]).text if theme.get("title") else ctx.label("principles", theme["principle"])
        out.append({"title": title, "questions": theme.get("questions") or []})
    return out


def spec(ctx: Ctx, record: Record) -> dict[str, Any]:
    """What assessment.js needs, in the page's language: the script never reads the record itself."""
    block = record.get("assessment")
    number = ctx.languages.number(ctx.lang, 1.5)
    return {
        "tool": record.id,
        "code": block["code"],
        "title": ctx.loc(record.get("title")).text,
        "digits": ctx.languages.strings.get(ctx.lang, {}).get("digits") or "0123456789",
        "decimal": number[1] if len(number) == 3 else ".",
        "scale": [{"value": p["value"], "label": ctx.loc(p["label"]).text} for p in block["scale"]],
        "groups": [{"id": g, "label": ctx.label("partner-types", g)} for g in block.get("groups") or DEFAULT_GROUPS],
        "themes": [{"title": t["title"], "questions": [{"id": q["id"], "text": ctx.loc(q["text"]).text}
                                                        for q in t["questions"]]} for t in themes(ctx, block)],
        "t": {key: ctx.t(key) for key in SCRIPT_STRINGS},
    }


def assessment_html(ctx: Ctx, record: Record) -> str:
    """The questionnaire section of a tool page (one HTML block: no blank line, so Markdown leaves it
    whole), with the data for the script. Empty when the tool has no assessment."""
    block = record.get("assessment")
    if not block:
        return ""
    num = lambda n: ctx.languages.number(ctx.lang, n)  # noqa: E731 - one short formatter, used below
    groups = block.get("groups") or DEFAULT_GROUPS
    parts = ['<section class="rc-assess" aria-labelledby="assessment">',
             f'<p class="rc-assess__intro">{attr(ctx.t("assess_intro"))}</p>',
             f'<p class="rc-assess__private rc-notice" role="note">{attr(ctx.t("assess_private"))}</p>',
             f'<p class="rc-assess__nojs">{attr(ctx.t("assess_nojs"))}</p>',
             '<form id="rc-assess-form" class="rc-assess__form" novalidate>',
             '<fieldset class="rc-assess__group"><legend>' + attr(ctx.t("assess_group")) + "</legend>"]
    for group in groups:
        parts.append(f'<label class="rc-assess__choice"><input type="radio" name="group" value="{attr(group)}">'
                     f' <span>{attr(ctx.label("partner-types", group))}</span></label>')
    parts.append("</fieldset>")
    number = 0
    for theme in themes(ctx, block):
        parts.append(f'<fieldset class="rc-assess__theme"><legend>{attr(theme["title"])}</legend>')
        for question in theme["questions"]:
            number += 1
            qid = attr(question["id"])
            text = ctx.loc(question["text"])
            lang = f' lang="{text.lang}"' if text.fallback else ""
            described = f' aria-describedby="rc-qg-{qid}"' if question.get("guidance") else ""
            parts.append(f'<fieldset class="rc-assess__question" id="rc-q-{qid}"{described}>'
                         f'<legend><span class="rc-assess__number">{attr(ctx.t("assess_question", number=num(number)))}</span> '
                         f'<span{lang}>{attr(text.text)}</span></legend>')
            parts.append('<div class="rc-assess__scale">')
            for point in block["scale"]:
                label = ctx.loc(point["label"])
                plang = f' lang="{label.lang}"' if label.fallback else ""
                parts.append(f'<label class="rc-assess__point"><input type="radio" name="q-{qid}" '
                             f'value="{point["value"]}"> <span class="rc-assess__value">{attr(num(point["value"]))}</span> '
                             f'<span{plang}>{attr(label.text)}</span></label>')
            parts.append("</div>")
            if question.get("guidance"):
                guidance = ctx.loc(question["guidance"])
                glang = f' lang="{guidance.lang}"' if guidance.fallback else ""
                parts.append(f'<div class="rc-assess__guidance" id="rc-qg-{qid}"{glang}>'
                             f'{render_markdown(guidance.text).strip()}</div>')
            parts.append("</fieldset>")
        parts.append("</fieldset>")
    prompts = block.get("prompts") or []
    if prompts:
        parts.append(f'<fieldset class="rc-assess__prompts"><legend>{attr(ctx.t("assess_prompts"))}</legend>')
        for i, prompt in enumerate(prompts):
            text = ctx.loc(prompt)
            plang = f' lang="{text.lang}"' if text.fallback else ""
            parts.append(f'<label class="rc-assess__prompt" for="rc-prompt-{i}"{plang}>{attr(text.text)}</label>'
                         f'<textarea id="rc-prompt-{i}" rows="3"></textarea>')
        parts.append("</fieldset>")
    parts += ["</form>", '<div id="rc-assess-app" class="rc-assess__app" hidden></div>', "</section>",
              f'<script type="application/json" id="{DATA_ID}">{json_for_script(spec(ctx, record))}</script>']
    return heading(2, ctx.t("assess_title"), "assessment") + "\n\n" + _BLANK_LINES.sub("\n", "\n".join(parts))
