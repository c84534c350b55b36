"""Start a new record from its schema: every field, in schema order, with what to write.

``resource-centre new case-study --title "..."`` writes a YAML file that

* names its schema on the first line, so editors with the YAML extension
  complete and underline fields;
* lists every field of the schema in the schema's property order, each under a
  ``#`` comment taken from the schema's ``description``;
* fills what can be known (id, status: draft, the title, review.last_reviewed);
* leaves each *required* field still to write empty, so ``resource-centre
  validate`` names exactly those fields, each with its line;
* comments out every optional field (``# field: ...``), so the file is valid
  apart from the required fields; removing the ``#`` brings one in.

Nothing here knows a record type by heart: the layout comes from the schema,
so a field added to a schema appears in new records without code changes.
"""
from __future__ import annotations

import textwrap
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from slugify import slugify

from ..records.kinds import BY_NAME, KINDS, Kind
from ..records.schema import SLUG, SLUG_MAX, Schemas

WIDTH = 100          # comment lines are wrapped to this width
MAX_CHOICES = 100    # characters of "ids you can use" shown in a comment before "…"
# Record types a contributor starts with `new` (taxonomies are edited by hand).
NEW_KINDS: tuple[str, ...] = tuple(k.name for k in KINDS if k.name != "taxonomy")


class ScaffoldError(Exception):
    """A request ``new`` cannot carry out; ``usage`` errors exit 2, others 1."""

    def __init__(self, message: str, usage: bool = False) -> None:
        super().__init__(message)
        self.message, self.usage = message, usage


@dataclass
class Hints:
    """What the project already holds, named in comments: taxonomy term ids and record ids."""

    taxonomies: dict[str, list[str]] = field(default_factory=dict)
    records: dict[str, list[str]] = field(default_factory=dict)


# --- names ---------------------------------------------------------------------------

def slug_for(title: str) -> str:
    """The ASCII slug of a title ('' when nothing sluggable is left)."""
    return slugify(title or "", max_length=SLUG_MAX, word_boundary=True, save_order=True)


def record_id(title: str, given_id: str | None = None) -> str:
    """The id of a new record: ``given_id`` if any, else the slug of ``title``."""
    if not (title or "").strip():
        raise ScaffoldError("the title is empty; give the record's name, e.g. --title \"Joint health sector review\"",
                            usage=True)
    if given_id is not None:
        if not SLUG.fullmatch(given_id) or len(given_id) > SLUG_MAX:
            raise ScaffoldError(f"--id '{given_id}' is not a slug: use lowercase ASCII letters, digits and single "
                                "hyphens, e.g. joint-health-review", usage=True)
        return given_id
    slug = slug_for(title)
    if not slug:
        raise ScaffoldError(f"the title '{title}' gives no file name (nothing in it can be written in ASCII "
                            "letters or digits); add --id, e.g. --id joint-health-review", usage=True)
    return slug


# --- YAML helpers ------------------------------------------------------------------

def _scalar(value: Any) -> str:
    """A value written as YAML on one line, quoted only when it must be."""
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**9)
    return text.removesuffix("\n...\n").rstrip("\n")


def _humanise(name: str) -> str:
    return name.replace("_", " ").replace("-", " ").capitalize()


def _comment(text: str, indent: str) -> list[str]:
    width = max(WIDTH - len(indent) - 2, 40)
    return [f"{indent}# {line}" for line in textwrap.wrap(text, width, break_on_hyphens=False)]


def _comment_out(lines: list[str], indent: str) -> list[str]:
    """Put '# ' after the indentation of each line, as an editor's 'toggle comment' does."""
    return [line[:len(indent)] + "# " + line[len(indent):] for line in lines]


# --- the record's lines ---------------------------------------------------------------

NAMES = {"id": "Id", "url": "URL"}
GENERIC = {"localisedText": "{name}, per language.", "localisedMarkdown": "{name}, in Markdown, per language."}


@dataclass
class _Writer:
    schemas: Schemas
    lang: str
    other_langs: list[str]
    presets: dict[tuple, list[str]]  # path -> value lines (the first follows "key:")
    hints: Hints

    def describe(self, name: str, schema: dict[str, Any], required: bool) -> str:
        """The comment above a field: its own description, or its definition's, named."""
        node = self.schemas.resolve(schema)
        human = NAMES.get(name, _humanise(name))
        own = (schema.get("description") or "").strip() if isinstance(schema, dict) else ""
        refs = self.schemas.refs(schema)
        if own:
            text = own
        elif refs and refs[0] in GENERIC:
            text = GENERIC[refs[0]].format(name=human)
        elif node.get("description"):
            text = node["description"].strip()
            if not text.lower().startswith(human.lower()):
                word = text.split(" ", 1)[0]
                first = text[:1] if len(word) > 1 and word.isupper() else text[:1].lower()
                text = f"{human}: {first}{text[1:]}"
        else:
            text = human
            if node.get("type") == "integer" and "minimum" in node and "maximum" in node:
                text += f": a whole number from {node['minimum']} to {node['maximum']}"
            text += "."
        if "enum" in node and not all(str(v) in text for v in node["enum"]):
            text += " One of: " + ", ".join(map(str, node["enum"])) + "."
        return text

    def choices(self, schema: dict[str, Any]) -> str:
        """'Ids from taxonomies/x.yml: a, b, …' for fields that take taxonomy terms or record ids."""
        node = self.schemas.resolve(schema)
        target = self.schemas.resolve(node["items"]) if isinstance(node.get("items"), dict) else node
        if "x-taxonomy" in target:
            name = target["x-taxonomy"]
            ids, intro = self.hints.taxonomies.get(name, []), f"Ids from taxonomies/{name}.yml"
        elif "x-ref" in target:
            kind = BY_NAME.get(target["x-ref"])
            ids = self.hints.records.get(target["x-ref"], [])
            intro = f"Ids of {kind.folder}/*.yml" if kind else "Ids"
            if not ids:
                return ""
        else:
            return ""
        if not ids:
            return f"{intro}."
        listed = ""
        for i, term in enumerate(ids):
            piece = (", " if i else "") + term
            if len(listed) + len(piece) > MAX_CHOICES:
                return f"{intro}: {listed}, …"
            listed += piece
        return f"{intro}: {listed}."

    def field(self, name: str, schema: dict[str, Any], required: bool, path: tuple, indent: str,
              shown: bool = False) -> list[str]:
        """Comment lines, then the field: written out when required, preset or ``shown``, else commented out."""
        lines = _comment(self.describe(name, schema, required), indent)
        if required:  # marked on the last line, never wrapped onto a line of its own
            lines[-1] += " (required)"
        choices = self.choices(schema)
        if choices:
            lines += _comment(choices, indent)
        body = self.body(name, schema, path, indent)
        if not (required or shown or path in self.presets):
            body = _comment_out(body, indent)
        return lines + body

    def body(self, name: str, schema: dict[str, Any], path: tuple, indent: str) -> list[str]:
        """``name: value`` lines at ``indent``: the preset value, or a placeholder to fill."""
        inner = indent + "  "
        if path in self.presets:
            first, *rest = self.presets[path]
            return [f"{indent}{name}:{(' ' + first) if first else ''}"] + [inner + line for line in rest]
        node = self.schemas.resolve(schema)
        if self.schemas.is_localised(schema):
            return [f"{indent}{name}:"] + self._localised(schema, inner)
        kind = node.get("type")
        if isinstance(kind, list) and "array" in kind:  # tags: a list, or a list per language; start with the list
            kind = "array"
        if kind == "object" and node.get("properties"):
            required = set(node.get("required") or [])
            # An object without required fields is shown whole: uncommenting it brings its fields too.
            whole = not required
            lines = [f"{indent}{name}:"]
            for child, sub in node["properties"].items():
                lines += self.field(child, sub, child in required, path + (child,), inner, shown=whole)
            return lines
        if kind == "object":  # a map such as translation: {km: draft}
            values = self.schemas.resolve(node.get("additionalProperties") or {})
            lines = [f"{indent}{name}:"]
            if "enum" in values:
                lines += _comment("One of: " + ", ".join(map(str, values["enum"])) + ".", inner)
            return lines + [f"{inner}{key}:" for key in (self.other_langs or [self.lang])]
        if kind == "array":
            items = self.schemas.items(schema)
            item = self.schemas.resolve(items)
            if self.schemas.is_localised(items):
                return [f"{indent}{name}:"] + self._list_item(self._localised(items, inner + "  "), inner)
            if item.get("type") == "object" and item.get("properties"):
                required = set(item.get("required") or [])
                fields: list[str] = []
                for child, sub in item["properties"].items():
                    fields += self.field(child, sub, child in required, path + (0, child), inner + "  ")
                return [f"{indent}{name}:"] + self._list_item(fields, inner)
            return [f"{indent}{name}: []"]
        if kind == "boolean":
            return [f"{indent}{name}: true"]
        return [f"{indent}{name}:"]

    def _localised(self, schema: dict[str, Any], indent: str) -> list[str]:
        return [f"{indent}{self.lang}:" + (" |" if self.schemas.is_markdown(schema) else "")]

    @staticmethod
    def _list_item(lines: list[str], indent: str) -> list[str]:
        """Make ``lines`` (written at indent + 2) the first item of a block list at ``indent``."""
        inner = indent + "  "
        out: list[str] = []
        started = False
        for line in lines:
            text = line[len(inner):] if line.startswith(inner) else line.lstrip()
            if not started and not text.startswith("#"):
                out.append(f"{indent}- {text}")
                started = True
            elif not started:
                out.append(f"{indent}{text}")   # comments before the item, at the list's indentation
            else:
                out.append(line)
        return out if started else [f"{indent}-"] + lines


def title_field(schemas: Schemas, kind: Kind) -> str:
    """The field that names a record: the first required localised-text field (title, term, label)."""
    doc = schemas.documents[kind.schema]
    required = doc.get("required") or []
    for name, sub in (doc.get("properties") or {}).items():
        if name in required and schemas.is_localised(sub):
            return name
    raise ScaffoldError(f"{kind.schema} has no required localised-text field to hold the title")


def render_record(schemas: Schemas, kind: Kind, record_id: str, title: str, lang: str, today: str,
                  languages: list[str] | None = None, hints: Hints | None = None) -> str:
    """The text of a new record file (pure: no files are read or written)."""
    doc = schemas.documents[kind.schema]
    title = unicodedata.normalize("NFC", " ".join(title.split()))
    languages = list(languages or [lang])
    others = [code for code in languages if code != lang]
    presets: dict[tuple, list[str]] = {("id",): [record_id],
                                       (title_field(schemas, kind),): ["", f"{lang}: {_scalar(title)}"]}
    props = doc.get("properties") or {}
    for name, sub in props.items():  # a new record starts as a draft (an event: planned); a one-value choice is made
        values = [str(v) for v in schemas.resolve(sub).get("enum") or []]
        if name == "status":
            presets[(name,)] = ["draft" if "draft" in values or not values else values[0]]
        elif len(values) == 1 and name in (doc.get("required") or []):
            presets[(name,)] = values
    if "review" in props:
        presets[("review", "last_reviewed")] = [today]
    writer = _Writer(schemas, lang, others, presets, hints or Hints())
    what = (doc.get("title") or kind.name).lower()
    lines = [
        f"# yaml-language-server: $schema=../schemas/{kind.schema}",
        f"# A new {what}. Lines starting with # are comments; the one above lets editors check this file.",
        "# 1. Fill in every field marked (required): `resource-centre validate` lists those still empty.",
        "# 2. To use an optional field, remove the # in front of its lines and keep the indentation.",
        "# Text is written per language (" + ", ".join(f"{code}:" for code in languages)
        + "); a language left out is shown in another one, with a notice.",
        "# How to write a good record: CONTRIBUTING.md",
    ]
    required = set(doc.get("required") or [])
    for name, sub in props.items():
        lines += writer.field(name, sub, name in required, (name,), "")
    return "\n".join(lines) + "\n"


# --- files --------------------------------------------------------------------------

def record_path(root: Path, kind: Kind, record_id: str) -> Path:
    return root / kind.folder / f"{record_id}.yml"


def project_hints(root: Path, schemas: Schemas) -> Hints:
    """Term ids of the project's taxonomies and ids of its records, read leniently (broken files are skipped)."""
    hints = Hints()
    for kind in KINDS:
        folder = root / kind.folder
        ids = sorted(p.stem for p in folder.glob("*.yml")) if folder.is_dir() else []
        hints.records[kind.name] = ids
    for path in sorted((root / BY_NAME["taxonomy"].folder).glob("*.yml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        terms = data.get("terms") if isinstance(data, dict) else None
        if isinstance(terms, list):
            hints.taxonomies[path.stem] = [t["id"] for t in terms if isinstance(t, dict) and isinstance(t.get("id"), str)]
    return hints


def parse_today(value: str | None) -> str:
    if not value:
        return date.today().isoformat()
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise ScaffoldError(f"--today '{value}' is not a date written YYYY-MM-DD", usage=True) from None


def create_record(root: Path, schemas: Schemas, kind_name: str, title: str, *, lang: str, languages: list[str],
                  today: str | None = None, given_id: str | None = None) -> Path:
    """Write a new record file and return its path; refuses to overwrite (ScaffoldError)."""
    kind = BY_NAME.get(kind_name)
    if kind is None or kind_name not in NEW_KINDS:
        raise ScaffoldError(f"unknown record type '{kind_name}'; use one of: {', '.join(NEW_KINDS)}", usage=True)
    if lang not in languages:
        raise ScaffoldError(f"--lang '{lang}' is not a language of this site; use one of: {', '.join(languages)} "
                            "(set in mkdocs.yml)", usage=True)
    new_id = record_id(title, given_id)
    day = parse_today(today)
    path = record_path(root, kind, new_id)
    rel = path.relative_to(root).as_posix()
    for existing in (path, path.with_suffix(".yaml")):
        if existing.exists():
            raise ScaffoldError(f"{existing.relative_to(root).as_posix()} already exists; edit that file, "
                                "or choose another --title or --id")
    text = render_record(schemas, kind, new_id, title, lang, day, languages, project_hints(root, schemas))
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{rel} already exists; edit that file, or choose another --title or --id") from None
    return path
