"""JSON Schema checks, with messages written for contributors rather than programmers.

The schemas in ``schemas/`` are the one description of the records. Three
project keywords extend them: ``x-taxonomy`` (a term id of a taxonomy),
``x-ref`` (the id of another record) and ``x-file`` (a file under a folder);
``x-country`` marks ISO country codes. They are checked here, inside the same
validation pass, so their errors carry the same paths and line numbers.
"""
from __future__ import annotations

import difflib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import jsonschema_rs
from babel import Locale
from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable

from .kinds import BY_NAME

TYPE_NAMES = {"object": "a mapping of fields", "array": "a list", "string": "text",
              "integer": "a whole number", "number": "a number", "boolean": "true or false"}


@dataclass
class References:
    """What x-keywords check against: taxonomy terms, record ids, files on disk."""

    taxonomies: dict[str, set[str]] = field(default_factory=dict)
    records: dict[str, set[str]] = field(default_factory=dict)
    root: Path = Path(".")
    countries: frozenset[str] = frozenset()
    languages: tuple[str, ...] = ()
    # kind -> {id: file} for files whose name promises an id they do not give, because they cannot
    # be read or say another id: a reference to one of those ids is not wrong in itself, so it
    # names the file to fix first instead of saying the id does not exist.
    troubled: dict[str, dict[str, str]] = field(default_factory=dict)


# Record rules that JSON Schema cannot say, read by `validate` and sent to the submit form's script
# (which checks the same things in the browser), so each is written once. ---------------------

# An id (the file name): common.schema.json's `slug` pattern (tests/test_validate.py holds them equal).
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 80
INVISIBLE = re.compile("[\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
RAW_HTML = re.compile(r"<\s*/?\s*(script|iframe|style|object|embed|form|link|meta|base|svg|math|frame|frameset)\b"
                      r"|<[^>]*\bon[a-z]+\s*=", re.IGNORECASE)
BAD_LINK = re.compile(r"(\]\(\s*<?|<|^\s*\[[^\]]+\]:\s*<?|\bhref\s*=\s*[\"']?)\s*(javascript|vbscript|data)\s*:",
                      re.IGNORECASE | re.MULTILINE)
# Fields whose text names something: no invisible characters allowed there.
NAME_FIELDS = {"id", "title", "term", "label", "name"}


@dataclass(frozen=True)
class DateOrder:
    """Two dates of a record that come in order: ``later`` is not before ``earlier``.

    Only values in the form ``pattern`` are compared (one the schema refuses already has its
    message). With ``coarser``, the two are compared at the coarser of the two (a period from
    2019-05 to 2019 ends within its year). ``form_message`` is the submit form's interface string.
    """

    earlier: tuple[str, str]
    later: tuple[str, str]
    pattern: str
    coarser: bool
    message: str        # {later}, {earlier}: the two values
    hint: str
    form_message: str

    def broken(self, earlier: Any, later: Any) -> bool:
        """True when both values are well-formed text and out of order (a year YAML read as a
        number is made text first: :func:`model.year_text`)."""
        if not all(isinstance(v, str) and re.fullmatch(self.pattern, v) for v in (earlier, later)):
            return False
        length = min(len(earlier), len(later)) if self.coarser else max(len(earlier), len(later))
        return later[:length] < earlier[:length]


DATE_ORDERS = (
    DateOrder(("review", "last_reviewed"), ("review", "next_review"), "[0-9]{4}-[0-9]{2}-[0-9]{2}", False,
              "review.next_review: {later} is before last_reviewed {earlier}", "the next review comes after the last one",
              "submit_error_next_before_last"),
    DateOrder(("period", "start"), ("period", "end"), "[0-9]{4}(?:-[0-9]{2})?", True,
              "period.end: {later} is before start {earlier}", "swap them or fix the year",
              "submit_error_end_before_start"),
)


@lru_cache(maxsize=1)
def countries() -> tuple[str, ...]:
    """The ISO 3166-1 alpha-2 codes a record may give (``x-country``), in order."""
    return tuple(sorted(code for code in Locale("en").territories if re.fullmatch(r"[A-Z]{2}", code)))


def _fix_first(file: str) -> str:
    return f"fix {file} first, then validate again"


_WORD = re.compile(r"[^\W_]{3,}")


def suggest(word: str, choices: Any) -> str:
    """``did you mean 'x'?`` for a near miss, or ''.

    A near miss is a misspelling (difflib) or, failing that, the same words in another
    order or with some left out: ``education-provincial`` or ``battambang-education``
    for ``provincial-education-partnership-battambang``, as people recall an id.
    """
    options = sorted(map(str, choices))
    match = difflib.get_close_matches(str(word), options, n=1, cutoff=0.6)
    if match:
        return f"did you mean '{match[0]}'?"
    words = set(_WORD.findall(str(word).lower()))
    if not words:
        return ""
    scored = sorted(((len(words & set(_WORD.findall(option.lower()))), option) for option in options),
                    key=lambda pair: -pair[0])
    if scored and 2 * scored[0][0] >= len(words) and (len(scored) == 1 or scored[1][0] < scored[0][0]):
        return f"did you mean '{scored[0][1]}'?"
    return ""


def _error(message: str, hint: str = "") -> ValidationError:
    error = ValidationError(message)
    error.hint = hint  # type: ignore[attr-defined]
    return error


def _x_taxonomy(refs: References):
    def check(validator, name, instance, schema) -> Iterator[ValidationError]:
        if not isinstance(instance, str):
            return
        terms = refs.taxonomies.get(name)
        troubled = refs.troubled.get("taxonomy", {}).get(name)
        if terms is None and troubled:
            yield _error(f"'{instance}' cannot be checked: the taxonomy '{name}' has a problem of its own",
                         _fix_first(troubled))
        elif terms is None:
            yield _error(f"taxonomy '{name}' is missing", f"add taxonomies/{name}.yml")
        elif instance not in terms:
            hint = suggest(instance, terms) or f"see taxonomies/{name}.yml for the allowed ids"
            yield _error(f"'{instance}' is not a term of the {name} taxonomy", hint)
    return check


def _x_ref(refs: References):
    def check(validator, kind, instance, schema) -> Iterator[ValidationError]:
        if not isinstance(instance, str):
            return
        ids = refs.records.get(kind, set())
        troubled = refs.troubled.get(kind, {}).get(instance)
        if instance not in ids and troubled:
            yield _error(f"the {kind} '{instance}' has a problem of its own", _fix_first(troubled))
        elif instance not in ids:
            folder = BY_NAME[kind].folder if kind in BY_NAME else kind
            yield _error(f"no {kind} has the id '{instance}'",
                         suggest(instance, ids) or f"ids are the file names in {folder}/, without .yml")
    return check


def _x_file(refs: References):
    def check(validator, folder, instance, schema) -> Iterator[ValidationError]:
        if not isinstance(instance, str):
            return
        base = (refs.root / folder).resolve()
        target = (refs.root / folder / instance)
        try:
            resolved = target.resolve()
        except (OSError, RuntimeError):
            yield _error(f"cannot resolve download '{instance}'")
            return
        if base != resolved and base not in resolved.parents:
            yield _error(f"download '{instance}' points outside {folder}/", f"put the file in {folder}/")
        elif not resolved.is_file():
            yield _error(f"download '{instance}' does not exist in {folder}/", f"add the file {folder}/{instance}")
    return check


def _x_country(refs: References):
    def check(validator, enabled, instance, schema) -> Iterator[ValidationError]:
        if enabled and isinstance(instance, str) and refs.countries and instance not in refs.countries:
            yield _error(f"'{instance}' is not an ISO 3166-1 country code", suggest(instance, refs.countries) or "e.g. KH for Cambodia")
    return check


def _x_language(refs: References):
    def check(validator, enabled, instance, schema) -> Iterator[ValidationError]:
        if (enabled and isinstance(instance, str) and refs.languages and instance not in refs.languages
                and instance.isalpha() and instance.islower() and len(instance) <= 3):
            yield _error(f"'{instance}' is not a language of this site",
                         "site languages: " + ", ".join(refs.languages) + " (set in mkdocs.yml)")
    return check


def _x_checks(refs: References) -> dict[str, Any]:
    return {"x-taxonomy": _x_taxonomy(refs), "x-ref": _x_ref(refs), "x-file": _x_file(refs),
            "x-country": _x_country(refs), "x-language": _x_language(refs)}


def _is_date(value: Any) -> bool:
    """The ``date`` format as jsonschema's FormatChecker reads it (a real calendar day)."""
    return not isinstance(value, str) or _format_checker.conforms(value, "date")


_format_checker = FormatChecker()
_FAST_BASE = "file:///resource-centre/schemas/"


def _fast_keyword(check):
    """A jsonschema-rs keyword class that runs one of our x-keyword checks (the same function)."""
    class Keyword:
        def __init__(self, parent_schema: dict, value: Any, schema_path: Any) -> None:
            self.value, self.schema = value, parent_schema

        def validate(self, instance: Any) -> None:
            for error in check(None, self.value, instance, self.schema):
                raise ValueError(error.message)
    return Keyword


def _qualified(node: Any, doc_name: str) -> Any:
    """``node`` with every ``$ref`` within its own document (``#/$defs/x``) made to name it
    (``common.schema.json#/$defs/x``), so a node found anywhere can be resolved by itself."""
    if isinstance(node, dict):
        return {k: (doc_name + v if k == "$ref" and isinstance(v, str) and v.startswith("#") else _qualified(v, doc_name))
                for k, v in node.items()}
    if isinstance(node, list):
        return [_qualified(v, doc_name) for v in node]
    return node


class Schemas:
    """The record schemas of one ``schemas/`` folder, ready to validate with and to read.

    Every ``$ref`` in :attr:`documents` names its document (see :func:`_qualified`) and is followed
    by ``referencing``'s registry, the one resolver of the program: validation, the field walks
    (:func:`schema_nodes`), the scaffold's layout, the submit form's self-contained schema and the
    open-data schemas all read references through it.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.documents: dict[str, dict[str, Any]] = {}
        for path in sorted(folder.glob("*.schema.json")):
            self.documents[path.name] = _qualified(json.loads(path.read_text(encoding="utf-8")), path.name)
        self.registry = Registry().with_resources(
            (name, Resource.from_contents(doc)) for name, doc in self.documents.items()
        )
        self._targets: dict[str, Any] = {}

    def validator(self, schema_name: str, refs: References) -> Draft202012Validator:
        """The validator whose errors become contributors' messages (every error, with its path)."""
        cls = validators.extend(Draft202012Validator, _x_checks(refs))
        return cls(self.documents[schema_name], registry=self.registry, format_checker=_format_checker)

    def fast_check(self, schema_name: str, refs: References):
        """A yes/no check of a record by jsonschema-rs (Rust), about a hundred times faster.

        Most records are sound, so validation asks this first and runs :meth:`validator`
        (which can say what is wrong and where) only for records it rejects. It checks
        the same schema with the same x-keyword functions and date format, and
        ``tests/test_bad_records.py`` holds both to the same messages on every bad record.
        """
        registry = jsonschema_rs.Registry([(_FAST_BASE + name, doc) for name, doc in self.documents.items()])
        validator = jsonschema_rs.validator_for(
            self.documents[schema_name], registry=registry, base_uri=_FAST_BASE + schema_name,
            keywords={name: _fast_keyword(check) for name, check in _x_checks(refs).items()},
            formats={"date": _is_date}, validate_formats=True)

        def check(data: Any) -> bool:
            try:
                return validator.is_valid(data)
            except Exception:  # a value Rust cannot read (not JSON-like): let jsonschema explain
                return False
        return check

    def lookup(self, ref: str) -> Any:
        """What ``ref`` (``<document>#<pointer>``) points to; KeyError when it points nowhere."""
        if ref not in self._targets:
            try:
                self._targets[ref] = self.registry.resolver().lookup(ref).contents
            except Unresolvable:
                raise KeyError(ref) from None
        return self._targets[ref]

    def chain(self, schema: Any) -> list[tuple[str, Any]]:
        """The ``$ref``s a schema goes through to its definition, each with what it points to
        (localisedMarkdown -> localisedText), stopping at a reference to nowhere."""
        out: list[tuple[str, Any]] = []
        node = schema
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and len(out) < 10:
            try:
                target = self.lookup(node["$ref"])
            except KeyError:
                break
            out.append((node["$ref"], target))
            node = target
        return out

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        """``schema`` laid over the definitions its $refs lead to (its own keys win), so its
        description, properties and kind of value can be read."""
        merged: dict[str, Any] = {}
        for layer in reversed([schema] + [target for _, target in self.chain(schema)]):
            merged.update({k: v for k, v in layer.items() if k != "$ref"} if isinstance(layer, dict) else {})
        return merged

    def refs(self, schema: dict[str, Any]) -> list[str]:
        """The definitions a schema goes through, e.g. ['localisedMarkdown', 'localisedText']."""
        return [ref.rsplit("/", 1)[-1] for ref, _ in self.chain(schema)]

    def is_localised(self, schema: dict[str, Any]) -> bool:
        """True for text keyed by language code ({en: ..., km: ...}): the localisedText definition."""
        node = self.resolve(schema)
        extra = node.get("additionalProperties")
        return (node.get("type") == "object" and "propertyNames" in node and not node.get("properties")
                and isinstance(extra, dict) and self.resolve(extra).get("type") == "string")

    def is_markdown(self, schema: dict[str, Any]) -> bool:
        return "localisedMarkdown" in self.refs(schema)

    def items(self, schema: dict[str, Any]) -> dict[str, Any]:
        items = self.resolve(schema).get("items")
        return items if isinstance(items, dict) else {}

    def field_schema(self, schema_name: str, path: tuple) -> dict[str, Any]:
        """The schema of the field at ``path`` in a record, with the field's own keys over its definition's.

        An error names the definition that failed (the shared ``slug``), whose description
        fits every slug; a hint must be the one written for the field (a partner's ``type``).
        """
        if schema_name not in self.documents:
            return {}
        node = self.resolve(self.documents[schema_name])
        for part in path:
            if isinstance(part, int):
                child = node.get("items")
            else:
                child = (node.get("properties") or {}).get(part, node.get("additionalProperties"))
            if not isinstance(child, dict):
                return {}
            node = self.resolve(child)
        return node


@dataclass
class Finding:
    """One schema problem, located by a path into the record."""

    path: tuple
    message: str
    hint: str = ""
    at_key: bool = False


def field_name(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(record)"


def findings(errors: Iterable[ValidationError], schemas: Schemas, schema_name: str = "") -> list[Finding]:
    """Every problem of one record, each said once.

    A key that is not a language code (``{en: Ministry of Health, Kampong Cham}`` makes
    ``Kampong Cham`` a key) says everything about its value too, and a taxonomy or
    record id that is not a slug is already "not a term" or "no record has the id":
    the errors that follow from those are left out.
    """
    errors = list(errors)
    bad_keys = [tuple(e.absolute_path) + (e.instance,) for e in errors
                if "propertyNames" in e.absolute_schema_path and isinstance(e.instance, str)]
    looked_up = {tuple(e.absolute_path) for e in errors if e.validator in ("x-taxonomy", "x-ref")}
    found: list[Finding] = []
    for error in errors:
        path = tuple(error.absolute_path)
        if any(path[:len(key)] == key for key in bad_keys):
            continue
        if error.validator == "pattern" and path in looked_up:
            continue
        found.extend(describe(error, schemas, schema_name))
    return found


def describe(error: ValidationError, schemas: Schemas, schema_name: str = "") -> list[Finding]:
    """Turn a jsonschema error into contributor-friendly findings.

    ``schema_name`` (the record's schema) lets a hint use the description written for
    the field rather than the one of the shared definition it refers to.
    """
    path = tuple(error.absolute_path)
    keyword, value, schema = error.validator, error.instance, error.schema
    hint = getattr(error, "hint", "")
    where = field_name(path)
    field = schemas.field_schema(schema_name, path) if schema_name else {}
    field_desc = (field or schemas.resolve(schema)).get("description", "")
    if keyword in ("x-taxonomy", "x-ref", "x-file", "x-country", "x-language"):
        return [Finding(path, f"{where}: {error.message}", hint)]
    if keyword == "required":
        missing = error.message.split("'")[1] if "'" in error.message else str(error.validator_value)
        props = schemas.resolve(schema).get("properties", {})
        desc = schemas.resolve(props.get(missing, {})).get("description", "")
        return [Finding(path, f"{where}: missing required field '{missing}'", f"add `{missing}:`" + (f" — {desc}" if desc else ""), at_key=False)]
    if keyword == "additionalProperties" and isinstance(value, dict):
        known = schemas.resolve(schema).get("properties", {})
        findings = []
        for extra in [k for k in value if k not in known]:
            hint = suggest(extra, known) or "allowed here: " + ", ".join(known)
            findings.append(Finding(path + (extra,), f"{field_name(path + (extra,))}: unknown field '{extra}'", hint, at_key=True))
        return findings
    if keyword == "type":
        expected = error.validator_value
        names = " or ".join(TYPE_NAMES.get(t, t) for t in ([expected] if isinstance(expected, str) else expected))
        found = {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number",
                 float: "a number", type(None): "nothing"}.get(type(value), type(value).__name__)
        hint = ""
        if value is None:
            return [Finding(path, f"{where}: is empty; expected {names}",
                            "write the value after the colon, or delete the line if the field is optional"
                            + (f" — {field_desc}" if field_desc else ""))]
        if expected == "boolean" and isinstance(value, str) and value.lower() in {"yes", "no", "on", "off", "y", "n"}:
            hint = "write true or false; in records (YAML 1.2) yes and no are text"
        if expected == "object" and isinstance(value, str):
            hint = "localised text is written per language, e.g. `en: ...` on the next line, indented"
        if "array" in ([expected] if isinstance(expected, str) else expected) and isinstance(value, str):
            hint = "write the items in square brackets, separated by commas, e.g. [health, TWG]"
        return [Finding(path, f"{where}: expected {names}, found {found}", hint or field_desc)]
    if value is None and keyword in ("enum", "const"):
        choices = error.validator_value if keyword == "enum" else [error.validator_value]
        return [Finding(path, f"{where}: is empty; use " + ("one of: " if len(choices) > 1 else "")
                        + ", ".join(map(str, choices)),
                        "write it after the colon" + (f" — {field_desc}" if field_desc else ""))]
    if value is None and keyword not in ("required", "additionalProperties", "minProperties", "propertyNames"):
        return [Finding(path, f"{where}: is empty",
                        "write the value after the colon, or delete the line if the field is optional"
                        + (f" — {field_desc}" if field_desc else ""))]
    if keyword == "enum":
        choices = error.validator_value
        return [Finding(path, f"{where}: '{value}' is not allowed; use one of: {', '.join(map(str, choices))}",
                        suggest(value, choices))]
    if keyword == "format" and error.validator_value == "date":
        return [Finding(path, f"{where}: '{value}' is not a valid date", "write a real date as YYYY-MM-DD")]
    if keyword == "pattern" and schemas.resolve(schema).get("x-language"):
        hint = ("in {…} text that contains a comma must be quoted, e.g. {en: \"a, b\"}" if " " in str(value)
                else "use a site language such as en or km")
        return [Finding(path, f"{where}: '{value}' is not a language code", hint)]
    if keyword == "pattern":
        desc = schemas.resolve(schema).get("description", "")
        foreign = [ch for ch in str(value) if ord(ch) > 127]
        if foreign:
            names = ", ".join(f"'{ch}' ({unicodedata.name(ch, hex(ord(ch)))})" for ch in dict.fromkeys(foreign))
            desc = f"it contains {names}, which only looks like ASCII; " + desc
        return [Finding(path, f"{where}: '{value}' is not in the expected form", desc)]
    if keyword == "minProperties" and "array" in (field.get("type") or ()):  # tags: a list, or a list per language
        return [Finding(path, f"{where}: needs a list in at least one language", "e.g. `en: [health, TWG]`")]
    if keyword == "minProperties":
        return [Finding(path, f"{where}: needs text in at least one language", "e.g. `en: ...`")]
    if keyword == "minItems" and value == []:
        return [Finding(path, f"{where}: is an empty list", "write at least one item in the brackets, or delete the line")]
    if keyword == "minItems":
        return [Finding(path, f"{where}: needs at least {error.validator_value} item(s)")]
    if keyword == "uniqueItems":
        return [Finding(path, f"{where}: lists the same item twice", "remove the duplicate")]
    if keyword == "minLength":
        return [Finding(path, f"{where}: is empty", "write the text or remove the field")]
    if keyword == "maxLength":
        return [Finding(path, f"{where}: is longer than {error.validator_value} characters")]
    if keyword == "propertyNames":
        bad = value if isinstance(value, str) else error.message
        return [Finding(path, f"{where}: '{bad}' is not a language code", "use a site language such as en or km")]
    if keyword in ("minimum", "maximum") and field_desc:
        return [Finding(path, f"{where}: {value} is not in the expected form", field_desc)]
    if keyword in ("minimum", "maximum"):
        return [Finding(path, f"{where}: {value} is out of range ({keyword} {error.validator_value})")]
    return [Finding(path, f"{where}: {error.message}")]


@lru_cache(maxsize=8)
def load_schemas(folder: str) -> Schemas:
    return Schemas(Path(folder))


def keyword_paths(schemas: Schemas, schema_name: str, keyword: str, *,
                  skip: str | None = None) -> dict[str, list[tuple]]:
    """Where a schema uses ``keyword`` (e.g. x-taxonomy): value -> field paths ('*' = any list item).

    Lets the rest of the program ask "which fields hold principle ids?" of the
    schema instead of knowing it a second time. A field marked ``skip: false`` in the
    schema is not looked into (e.g. ``x-classifies: false`` on a block whose terms describe
    the block, not the record).
    """
    found: dict[str, list[tuple]] = {}
    for path, node in schema_nodes(schemas.documents[schema_name], schemas.resolve, skip=skip):
        if keyword in node:
            found.setdefault(node[keyword], []).append(path)
    return found


def schema_nodes(root: dict[str, Any], resolve: Callable[[dict[str, Any]], dict[str, Any]], *,
                 skip: str | None = None) -> Iterator[tuple[tuple, dict[str, Any]]]:
    """Every field of a schema as (path pattern, its schema with $refs followed), parents first:
    the one walk over the fields that :func:`keyword_paths` and the translation tools read.
    '*' in a path is any list item; a field marked ``skip: false`` is not looked into."""
    def walk(node: Any, path: tuple, depth: int) -> Iterator[tuple[tuple, dict[str, Any]]]:
        if depth > 20 or not isinstance(node, dict):
            return
        node = resolve(node)
        if skip and node.get(skip) is False:
            return
        yield path, node
        for name, sub in (node.get("properties") or {}).items():
            yield from walk(sub, path + (name,), depth + 1)
        if isinstance(node.get("items"), dict):
            yield from walk(node["items"], path + ("*",), depth + 1)
    yield from walk(root, (), 0)


def values_at(data: Any, pattern: tuple) -> list[Any]:
    """All values in ``data`` at a field path pattern from :func:`keyword_paths`."""
    return [value for _, value in values_with_paths(data, pattern)]


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
