"""The "Submit a case study" page: a form made from the case-study schema, for contributors without git.

Everything the form needs travels inside the page as one JSON block (the
schema with every ``$ref`` inlined, the taxonomy choices with labels in the
reader's language, the site languages, the ids other records may point to, and
the interface words), so ``overrides/assets/javascripts/submit-form.js`` builds
and checks the form with no fetch: it works from file:// and sends nothing.
The script checks with the same schema the validator uses, plus the few
record-level checks :mod:`validate` adds (dates in order, unsafe text).

No MkDocs imports: content, languages and schemas in, Markdown out.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any, Mapping
from urllib.parse import quote, urlencode

from ..records.kinds import CASE_STUDY
from ..records.model import Content
from ..records.schema import (
    BAD_LINK,
    CONTROL,
    DATE_ORDERS,
    INVISIBLE,
    NAME_FIELDS,
    RAW_HTML,
    Schemas,
    countries,
    suggest,
)
from ..site.render import Ctx, front_matter, heading
from ..text.languages import Languages
from ..text.markup import attr, json_for_script, md_text

SCHEMA_NAME = CASE_STUDY.schema
RECORDS_FOLDER = CASE_STUDY.folder
# Keywords whose value is one subschema / a list of subschemas / a map of name -> subschema.
_ONE = ("items", "additionalProperties", "propertyNames", "contains", "not", "if", "then", "else",
        "unevaluatedItems", "unevaluatedProperties")
_LIST = ("allOf", "anyOf", "oneOf", "prefixItems")
_MAP = ("properties", "patternProperties", "dependentSchemas")
# Keywords that only annotate: a $ref's siblings may override them without changing what is valid.
_ANNOTATIONS = {"title", "description", "$comment", "examples", "default", "deprecated", "readOnly", "writeOnly"}
# Values filled in by the form rather than typed: (field path, value); "@today" is the date of filling in.
AUTO = {"status": "draft", "review": {"last_reviewed": "@today"}}
# Fields the form asks for although a record may leave them out: every case-study page says where
# and when, and the form marks their required parts (Scope, Start) with * — so it enforces them.
FORM_REQUIRED = ("location", "period")
# Fields shown as a multi-line box (Markdown sections are found from the schema, see markdown_fields).
MULTILINE = ("summary",)
# Interface strings the script reads, by key (the page language, falling back like every string).
SCRIPT_STRINGS = (
    "submit_required", "submit_required_note", "submit_any_language", "submit_choose", "submit_choose_all",
    "submit_list_help", "submit_download", "submit_copy", "submit_copied", "submit_copy_failed",
    "submit_downloaded", "submit_output_label", "submit_add", "submit_remove", "submit_item", "submit_removed",
    "submit_added", "submit_errors_one", "submit_errors_other", "submit_id_auto",
    "submit_error_required", "submit_error_any_language", "submit_error_min_items", "submit_error_max_items",
    "submit_error_empty", "submit_error_max_length", "submit_error_pattern", "submit_error_slug",
    "submit_error_year_month", "submit_error_url", "submit_error_country", "submit_error_unknown_country",
    "submit_error_date", "submit_error_choice", "submit_error_unique", "submit_error_integer", "submit_error_type",
    "submit_error_minimum", "submit_error_maximum", "submit_error_unknown_field", "submit_error_language",
    "submit_error_html", "submit_error_link", "submit_error_control", "submit_error_invisible",
    "submit_error_end_before_start", "submit_error_next_before_last", "submit_error_id_taken",
)
# Which interface string explains a failed pattern of a shared definition (common.schema.json#/$defs/NAME).
PATTERN_MESSAGES = {"slug": "submit_error_slug", "yearMonth": "submit_error_year_month", "url": "submit_error_url",
                    "date": "submit_error_date", "languageCode": "submit_error_language"}


# The schema, self-contained ------------------------------------------------

def _target(schemas: Schemas, ref: str, trail: tuple[str, ...]) -> Any:
    try:
        return schemas.lookup(ref)
    except KeyError:
        raise ValueError(f"$ref to nowhere: '{ref}'" + (f" (from {trail[-1]})" if trail else "")) from None


def _inline(node: Any, schemas: Schemas, trail: tuple[str, ...]) -> Any:
    if not isinstance(node, dict):
        return node
    node = dict(node)
    if "$ref" in node:
        ref = node.pop("$ref")
        if ref in trail:
            raise ValueError(f"recursive $ref {ref} cannot be inlined")
        resolved = _inline(_target(schemas, ref, trail), schemas, trail + (ref,))
        resolved = {k: v for k, v in resolved.items() if k not in ("$schema", "$id", "$defs", "definitions")}
        siblings = _inline(node, schemas, trail)
        clash = [k for k in siblings if k in resolved and k not in _ANNOTATIONS and siblings[k] != resolved[k]]
        if clash:  # both constrain the same keyword: keep both constraints, as $ref with siblings does
            return {**{k: v for k, v in siblings.items()}, "allOf": [resolved] + siblings.get("allOf", [])}
        merged = dict(resolved)
        merged.update(siblings)  # the siblings' description (and x- keywords) win, as Schemas.resolve does
        return merged
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("$defs", "definitions"):
            continue
        if key in _ONE and isinstance(value, dict):
            out[key] = _inline(value, schemas, trail)
        elif key in _LIST and isinstance(value, list):
            out[key] = [_inline(v, schemas, trail) for v in value]
        elif key in _MAP and isinstance(value, dict):
            out[key] = {name: _inline(v, schemas, trail) for name, v in value.items()}
        else:
            out[key] = copy.deepcopy(value)
    return out


def bundled_schema(schemas: Schemas, name: str = SCHEMA_NAME) -> dict[str, Any]:
    """The schema ``name`` with every ``$ref`` inlined: valid on its own, descriptions kept.

    A ``$ref`` with sibling keywords becomes the referenced schema with the
    siblings laid over it (annotations such as ``description`` are replaced,
    project keywords such as ``x-taxonomy`` added); if a sibling would replace a
    different constraint, both are kept with ``allOf``.
    """
    return _inline(schemas.documents[name], schemas, ())


def markdown_fields(schemas: Schemas, name: str = SCHEMA_NAME) -> list[str]:
    """Dotted paths (array items left out) of the fields that hold Markdown (``$defs/localisedMarkdown``)."""
    found: list[str] = []

    def walk(node: Any, path: tuple[str, ...], depth: int) -> None:
        if not isinstance(node, dict) or depth > 30:
            return
        ref = node.get("$ref", "")
        if ref.endswith("/localisedMarkdown"):
            found.append(".".join(path))
            return
        if ref:
            walk(_target(schemas, ref, ()), path, depth + 1)
        for prop, sub in (node.get("properties") or {}).items():
            walk(sub, path + (prop,), depth + 1)
        if isinstance(node.get("items"), dict):
            walk(node["items"], path, depth + 1)

    walk(schemas.documents[name], (), 0)
    return found


def _field_paths(schema: dict[str, Any], path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], dict[str, Any]]]:
    """Every named field of the bundled schema, parents first, with its subschema."""
    out = []
    for prop, sub in (schema.get("properties") or {}).items():
        out.append((path + (prop,), sub))
        out += _field_paths(sub, path + (prop,))
        if isinstance(sub.get("items"), dict):
            out += _field_paths(sub["items"], path + (prop,))
    return out


def _keyword_values(schema: Any, keyword: str) -> set[str]:
    found: set[str] = set()
    if isinstance(schema, dict):
        if isinstance(schema.get(keyword), str):
            found.add(schema[keyword])
        for value in schema.values():
            found |= _keyword_values(value, keyword)
    elif isinstance(schema, list):
        for value in schema:
            found |= _keyword_values(value, keyword)
    return found


# The spec the script reads ---------------------------------------------------

def _own(languages: Languages, lang: str, key: str) -> str | None:
    """An interface string written in ``lang`` itself (no fallback), or None."""
    value = languages.strings.get(lang, {}).get(key)
    return value if isinstance(value, str) else None


def _has(languages: Languages, key: str) -> bool:
    return any(key in strings for strings in languages.strings.values())


def _field_texts(ctx: Ctx, schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Label, help and option labels of every field, in the page language.

    Labels: ``submit_label_<path>`` (dots as underscores), else the string named like the
    field (e.g. ``partners``), else the field name. Help: ``submit_help_<path>`` written in
    the page language, else (choices) ``submit_choose_all``, else the schema's description.
    """
    languages, lang = ctx.languages, ctx.lang
    texts: dict[str, dict[str, Any]] = {}
    for path, sub in _field_paths(schema):
        dotted, key = ".".join(path), "_".join(path)
        if _has(languages, f"submit_label_{key}"):
            label = ctx.t(f"submit_label_{key}")
        elif _has(languages, path[-1]):
            label = ctx.t(path[-1])
        else:
            label = path[-1].replace("_", " ").capitalize()
        help_text = _own(languages, lang, f"submit_help_{key}")
        if help_text is None:
            items = sub.get("items") if isinstance(sub.get("items"), dict) else {}
            if items.get("x-taxonomy") or items.get("x-ref"):
                help_text = ctx.t("submit_choose_all")
            elif sub.get("x-taxonomy") or sub.get("x-ref"):
                help_text = ""
            elif lang == languages.default or not _has(languages, f"submit_help_{key}"):
                help_text = sub.get("description", "")
            else:
                help_text = ctx.t(f"submit_help_{key}")
        entry: dict[str, Any] = {"label": label, "help": help_text}
        values = (sub.get("additionalProperties") or {}).get("enum") if isinstance(sub.get("additionalProperties"), dict) else None
        values = values or sub.get("enum")
        if values:
            entry["options"] = {str(v): ctx.t(f"submit_option_{v}") if _has(languages, f"submit_option_{v}") else str(v)
                                for v in values}
        if _has(languages, f"submit_add_{key}"):
            entry["add"] = ctx.t(f"submit_add_{key}")
        if _has(languages, f"submit_item_{key}"):
            entry["item"] = ctx.t(f"submit_item_{key}")
        texts[dotted] = entry
    return texts


def form_spec(content: Content, languages: Languages, lang: str, schemas: Schemas) -> dict[str, Any]:
    """Everything submit-form.js needs to build, check and save a case study, in language ``lang``."""
    ctx = Ctx(content, languages, lang)
    schema = bundled_schema(schemas)
    taxonomies = {}
    for name in sorted(_keyword_values(schema, "x-taxonomy")):
        tax = content.taxonomies.get(name)
        if tax is None:
            continue
        taxonomies[name] = {"label": ctx.loc(tax.label).text or name,
                            "terms": [{"id": term, "label": ctx.label(name, term)} for term in tax.terms]}
    records = {}
    for kind in sorted(_keyword_values(schema, "x-ref")):
        table = content.table(kind)
        items = [{"id": r.id, "label": ctx.loc(r.get("title") or r.get("term")).text or r.id} for r in table.values()]
        records[kind] = sorted(items, key=lambda item: item["label"].casefold())
    common = schemas.documents.get("common.schema.json", {}).get("$defs", {})
    pattern_messages = {common[name]["pattern"]: ctx.t(key) for name, key in PATTERN_MESSAGES.items()
                        if isinstance(common.get(name), dict) and "pattern" in common[name]}
    return {
        "version": 1,
        "lang": lang,
        "default_language": languages.default,
        "languages": [{"code": item.code, "name": languages.name(item.code, lang),
                       "default": item.code == languages.default} for item in languages.items],
        "schema": schema,
        "schema_comment": f"# yaml-language-server: $schema=../schemas/{SCHEMA_NAME}",
        "folder": RECORDS_FOLDER,
        "taxonomies": taxonomies,
        "records": records,
        "existing_ids": sorted(content.case_studies),
        "countries": list(countries()),
        "fields": _field_texts(ctx, schema),
        "multiline": list(MULTILINE) + markdown_fields(schemas),
        "auto": AUTO,
        "form_required": list(FORM_REQUIRED),
        "derive_id_from": "title",
        "id_prefix": CASE_STUDY.name,
        "checks": {
            "raw_html": RAW_HTML.pattern, "bad_link": BAD_LINK.pattern, "control": CONTROL.pattern,
            "invisible": INVISIBLE.pattern, "name_fields": sorted(NAME_FIELDS),
            "ordered": [{"earlier": ".".join(rule.earlier), "later": ".".join(rule.later), "pattern": rule.pattern,
                         "coarser": rule.coarser, "message": rule.form_message} for rule in DATE_ORDERS],
        },
        "pattern_messages": pattern_messages,
        "strings": {key: ctx.t(key) for key in SCRIPT_STRINGS},
    }


# The page --------------------------------------------------------------------

# The repository's issue form for proposals (.github/ISSUE_TEMPLATE/): the link opens it, with its box
# for the text the form made.
ISSUE_TEMPLATE = "propose-a-case-study.yml"
_EMAIL = re.compile(r"[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+")
_WEB = re.compile(r"https?://[^\s<>\"]+")


@dataclass(frozen=True)
class SendTo:
    """Where contributors send the file the form makes; a way left empty is not shown on the page.

    Set in mkdocs.yml under ``extra: submit:`` (``email``, ``github_issues``), because the
    address of a TWG secretariat and the repository belong to a deployment, not to the code.
    """
    email: str = ""
    github_issues: str = ""

    @classmethod
    def from_extra(cls, extra: Mapping[str, Any] | None) -> SendTo:
        """Read ``extra.submit`` of mkdocs.yml; a bad value raises ValueError naming the setting."""
        block = (extra or {}).get("submit")
        if block is None:
            return cls()
        if not isinstance(block, Mapping):
            raise ValueError("mkdocs.yml: extra.submit: expected a mapping with email and github_issues")
        known = ("email", "github_issues")
        for key in block:
            if key not in known:
                hint = suggest(str(key), known)
                raise ValueError(f"mkdocs.yml: extra.submit.{key}: unknown setting"
                                 + (f" ({hint})" if hint else f" (expected {' or '.join(known)})"))
        values = {key: "" if block.get(key) is None else block.get(key) for key in known}
        for key, value in values.items():
            if not isinstance(value, str):
                raise ValueError(f"mkdocs.yml: extra.submit.{key}: expected text, found {value!r}")
            values[key] = value.strip()
        if values["email"] and not _EMAIL.fullmatch(values["email"]):
            raise ValueError(f"mkdocs.yml: extra.submit.email: '{values['email']}' is not an email address"
                             " (e.g. twg-secretariat@example.org)")
        if values["github_issues"] and not _WEB.fullmatch(values["github_issues"]):
            raise ValueError(f"mkdocs.yml: extra.submit.github_issues: '{values['github_issues']}' is not a web "
                             "address (e.g. https://github.com/OWNER/REPO/issues)")
        return cls(**values)


def _with_link(text: str, href: str, label: str, extra: str = "") -> str:
    """An interface string with ``{link}`` in it, as HTML: the text escaped, the link made from ``label``."""
    before, _, after = text.partition("{link}")
    before = attr(before) + (" " if before[-1:].isspace() else "")
    after = (" " if after[:1].isspace() else "") + attr(after)
    return f'{before}<a href="{attr(href)}"{extra}>{attr(label)}</a>{after}'


def send_steps(ctx: Ctx, send_to: SendTo) -> str:
    """The third step, "send the file": one line per way configured, or whom to ask when none is."""
    subject = ctx.t("submit_issue_title")
    ways = []
    if send_to.email:
        href = f"mailto:{quote(send_to.email, safe='@+')}?subject={quote(subject)}"
        ways.append(_with_link(ctx.t("submit_send_email"), href, send_to.email))
    if send_to.github_issues:
        href = send_to.github_issues.rstrip("/") + "/new?" + urlencode({"template": ISSUE_TEMPLATE})
        text = ctx.t("submit_send_github", title=subject, link="{link}")  # {link} stays for _with_link
        ways.append(_with_link(text, href, ctx.t("submit_open_issue"), ' rel="noopener noreferrer"'))
    if not ways:
        return attr(ctx.t("submit_step_send_ask"))
    lead = ctx.t("submit_step_send") if len(ways) > 1 else ctx.t("submit_step_send_one")
    return attr(lead) + "<ul>" + "".join(f"<li>{way}</li>" for way in ways) + "</ul>"


def submit_page(content: Content, languages: Languages, lang: str, schemas: Schemas, *,
                send_to: SendTo = SendTo()) -> str:
    """The Markdown of ``docs/<lang>/contribute/submit.md``; ``send_to`` says where the file goes."""
    ctx = Ctx(content, languages, lang)
    spec = form_spec(content, languages, lang, schemas)
    title = ctx.t("submit_title")
    steps = (
        '<ol class="rc-submit__steps">'
        f'<li>{attr(ctx.t("submit_step_fill"))}</li>'
        f'<li>{attr(ctx.t("submit_step_download"))}</li>'
        f'<li>{send_steps(ctx, send_to)}</li>'
        '</ol>'
    )
    body = [
        front_matter(title=title, description=ctx.t("submit_description"), rc_assets="submit-form"),
        heading(1, title, "submit"),
        md_text(ctx.t("submit_intro")),
        heading(2, ctx.t("submit_steps_title"), "how-to-submit"),
        steps,
        f'<p class="rc-submit__privacy">{attr(ctx.t("submit_privacy"))}</p>',
        f'<p class="rc-submit__after">{attr(ctx.t("submit_after"))}</p>',
        heading(2, ctx.t("submit_form_title"), "submit-form"),
        f'<p class="rc-submit__nojs rc-notice" role="note">{attr(ctx.t("submit_nojs"))}</p>',
        '<form id="rc-submit-form" class="rc-submit" novalidate hidden aria-labelledby="submit-form"></form>',
        f'<script type="application/json" id="rc-submit-spec">{json_for_script(spec)}</script>',
    ]
    return "\n\n".join(body) + "\n"
