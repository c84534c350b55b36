"""The translator round trip: every text to translate out as a PO or XLIFF file, the translations back in.

Translators work in translation tools (Poedit, Weblate, OmegaT, Crowdin), which read gettext PO and
XLIFF, not YAML records. :func:`export_units` writes one unit per localised field (and per interface
string of ``locales/<lang>.yml``): the source text, today's translation (fuzzy / needs review when
it is outdated), a stable context ``record-id#field.path`` (``@locales#key`` for interface strings)
and a comment with the record's title and page. :func:`import_file` reads a file back and writes
only what was translated, through :mod:`yamledit` (every other byte of every file kept), after the
changed records have passed every check ``resource-centre validate`` makes: when any unit fails,
nothing is written. Units whose source text changed since the export are conflicts, left out.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import yaml

from ..records.kinds import BY_NAME
from ..records.project import Project
from ..records.translations import (
    STATES,
    TITLE_FIELDS,
    FieldState,
    TranslationError,
    all_records,
    block_entries,
    check_changes,
    collect,
    edit_record_text,
    fingerprint,
    normalise,
    parse_field,
    patterns_for,
    record_keys,
    schemas_for,
    write_files,
)
from ..text.languages import language_folder
from ..text.localise import localise

FORMATS = ("po", "xliff")
PARTS = ("records", "interface")
LOCALES = "@locales"  # the context of interface strings: '@' is never part of a record id
XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
# XLIFF 1.2 target states that ask for a review: read as PO's fuzzy.
NEEDS_REVIEW = ("needs-review-translation", "needs-review-adaptation", "needs-review-l10n")
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@dataclass
class Unit:
    """One text to translate."""

    context: str          # record-id#field.path, or @locales#key(.category)
    source: str
    target: str
    state: str            # missing | draft | outdated | current
    comment: str = ""
    line: int = 0         # where it was read from, in an imported file
    fuzzy: bool = False   # read: the tool says it still needs work


class ImportFailed(Exception):
    """Units that cannot be imported: one message per unit, ``file:line: context: what``."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


# --- what there is to translate ----------------------------------------------------------------

def _page(kind: str, record_id: str, lang: str, default: str) -> str:
    """Site-relative address of a record's page in ``lang`` (taxonomies: the browse page)."""
    prefix = language_folder(lang, default)
    if kind == "taxonomy":
        return f"{prefix}browse/#{record_id}"
    if kind == "term":
        return f"{prefix}glossary/#{record_id}"
    return f"{prefix}{BY_NAME[kind].section}/{record_id}/"


def record_units(project: Project, lang: str) -> list[Unit]:
    """A unit for every field of every record with source text, in record and schema order."""
    content, _ = project.load()
    languages = project.languages
    default = languages.default
    status = collect(content, languages)
    records = {(r.kind, r.id): r for r in all_records(content)}
    keys = record_keys(records.values())
    by_key = {keys[k]: r for k, r in records.items()}
    units = []
    for item in status.fields:
        if item.lang != lang or item.source is None:
            continue
        record = by_key[item.record]
        value = _at(record.data, item.path)
        title = localise(record.get(TITLE_FIELDS.get(record.kind, "title")), default, languages).text or record.id
        comment = f"{title} ({item.file}) — {_page(record.kind, record.id, lang, default)}"
        units.append(Unit(f"{item.record}#{item.field}", value[default].strip(),
                          (value.get(lang) or "").strip(), item.state, comment))
    return units


def interface_units(project: Project, lang: str) -> list[Unit]:
    """A unit for every interface string of the default language's locale file (plural forms by the
    categories ``lang`` has: Khmer has one, 'other'). Interface strings are missing or current."""
    from ..text.languages import PLURAL_CATEGORIES, _plural_rule

    default = project.languages.default
    source = _locale(project, default)
    target = _locale(project, lang)
    rule = _plural_rule(lang)
    categories = [c for c in PLURAL_CATEGORIES if rule is None or c in rule.tags or c == "other"]
    units = []
    for key, text in source.items():
        if key == "digits":  # a setting of each language, not words
            continue
        comment = f"locales/{default}.yml: {key}"
        if isinstance(text, dict):
            mine = target.get(key)
            mine = mine if isinstance(mine, dict) else {c: mine for c in categories} if isinstance(mine, str) else {}
            for category in categories:
                units.append(Unit(f"{LOCALES}#{key}.{category}", str(text.get(category, text["other"])).strip(),
                                  str(mine.get(category) or "").strip(), "current" if mine.get(category) else "missing",
                                  comment + f" (plural form '{category}')"))
        else:
            mine = target.get(key)
            units.append(Unit(f"{LOCALES}#{key}", str(text).strip(), str(mine).strip() if isinstance(mine, str) else "",
                              "current" if isinstance(mine, str) and mine.strip() else "missing", comment))
    return units


def _locale(project: Project, lang: str) -> dict[str, Any]:
    path = project.locales_dir / f"{lang}.yml"
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}) if path.is_file() else {}


def _at(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


def export_units(project: Project, lang: str, *, only: set[str] | None = None,
                 parts: tuple[str, ...] = PARTS) -> list[Unit]:
    """The units of ``lang`` to write, keeping those in the states of ``only`` (all when None)."""
    units = (record_units(project, lang) if "records" in parts else []) + \
        (interface_units(project, lang) if "interface" in parts else [])
    return [u for u in units if only is None or u.state in only]


# --- writing ------------------------------------------------------------------------------------

def to_po(units: list[Unit], lang: str, default: str) -> str:
    """A gettext PO file (``msgfmt --check`` accepts it): msgctxt the context, msgid the source,
    msgstr the translation, ``#, fuzzy`` when it is outdated, ``#.`` the comment."""
    import polib

    po = polib.POFile(wrapwidth=0)
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M+0000")
    po.metadata = {
        "Project-Id-Version": "Partnership Resource Centre",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": now,
        "PO-Revision-Date": now,
        "Last-Translator": "",
        "Language-Team": "",
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": default,
    }
    for unit in units:
        po.append(polib.POEntry(msgctxt=unit.context, msgid=unit.source, msgstr=unit.target,
                                comment=unit.comment, flags=["fuzzy"] if unit.state == "outdated" else []))
    return str(po) + "\n"


_XLIFF_STATE = {"missing": None, "outdated": "needs-review-translation", "draft": "translated", "current": "final"}


def to_xliff(units: list[Unit], lang: str, default: str, original: str = "partnership-resource-centre") -> str:
    """An XLIFF 1.2 file: a trans-unit per unit, its id the context, the target's state saying
    whether it needs review (outdated), is a draft (translated) or reviewed (final)."""
    ET.register_namespace("", XLIFF_NS)
    root = ET.Element(f"{{{XLIFF_NS}}}xliff", version="1.2")
    file = ET.SubElement(root, f"{{{XLIFF_NS}}}file", {"original": original, "source-language": default,
                                                         "target-language": lang, "datatype": "plaintext"})
    body = ET.SubElement(file, f"{{{XLIFF_NS}}}body")
    for unit in units:
        attrs = {"id": unit.context, "resname": unit.context, "{http://www.w3.org/XML/1998/namespace}space": "preserve"}
        if unit.state == "current":
            attrs["approved"] = "yes"
        element = ET.SubElement(body, f"{{{XLIFF_NS}}}trans-unit", attrs)
        ET.SubElement(element, f"{{{XLIFF_NS}}}source").text = unit.source
        if unit.target:
            ET.SubElement(element, f"{{{XLIFF_NS}}}target", state=_XLIFF_STATE[unit.state]).text = unit.target
        if unit.comment:
            ET.SubElement(element, f"{{{XLIFF_NS}}}note", {"from": "developer"}).text = unit.comment
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


# --- reading ------------------------------------------------------------------------------------

_PO_LINE = re.compile(r'^\s*(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[[0-9]+\])?)\s+"(?:[^"\\]|\\.)*"|'
                      r'"(?:[^"\\]|\\.)*")?\s*$')


def read_po(path: Path, shown: str) -> list[Unit]:
    """The units of a PO file. polib forgives a broken quote by cutting the text short, so every line
    is first checked for what PO allows: a comment, a keyword and one quoted string, or a string."""
    import polib

    text = _read_text(path, shown)
    for number, line in enumerate(text.splitlines(), 1):
        if not _PO_LINE.match(line):
            what = "a quoted string is not closed" if line.count('"') % 2 else "this line is not PO"
            raise ImportFailed([f"{shown}:{number}: {what}: {line.strip()[:60]}"])
    try:
        po = polib.pofile(text)
    except (OSError, ValueError) as exc:
        raise ImportFailed([f"{shown}: {exc}"]) from None
    return [Unit(entry.msgctxt or "", entry.msgid, entry.msgstr, "", line=entry.linenum,
                 fuzzy="fuzzy" in entry.flags) for entry in po if entry.msgid or entry.msgctxt]


def read_xliff(path: Path, shown: str) -> list[Unit]:
    """The units of an XLIFF 1.2 file (2.0's <unit>/<segment> too), with the line of each."""
    from lxml import etree

    try:
        tree = etree.fromstring(path.read_bytes(), etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else 1
        raise ImportFailed([f"{shown}:{line}: not well-formed XML: {exc.msg}"]) from None
    units = []
    for element in tree.iter("{*}trans-unit", "{*}unit"):
        source = element.find(".//{*}source")
        target = element.find(".//{*}target")
        state = (target.get("state") if target is not None else None) or \
            (element.find(".//{*}segment").get("state") if element.find(".//{*}segment") is not None else None)
        units.append(Unit(element.get("resname") or element.get("id") or "",
                          "".join(source.itertext()) if source is not None else "",
                          "".join(target.itertext()) if target is not None else "", "",
                          line=element.sourceline or 0,
                          fuzzy=state in NEEDS_REVIEW))
    return units


def _read_text(path: Path, shown: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ImportFailed([f"{shown}: byte {exc.start} is not UTF-8; save the file as UTF-8"]) from None


def read_units(path: Path, shown: str) -> list[Unit]:
    """The units of a PO or XLIFF file, told apart by its name (or its first bytes)."""
    suffix = path.suffix.lower()
    if suffix in (".po", ".pot"):
        return read_po(path, shown)
    if suffix in (".xlf", ".xliff", ".xml"):
        return read_xliff(path, shown)
    head = path.read_bytes()[:200].lstrip()
    return read_xliff(path, shown) if head.startswith(b"<") else read_po(path, shown)


# --- importing ----------------------------------------------------------------------------------

@dataclass
class ImportResult:
    written: list[tuple[str, str, str]] = field(default_factory=list)  # (file, field or key, state)
    conflicts: list[str] = field(default_factory=list)
    fuzzy: int = 0
    unchanged: int = 0
    untranslated: int = 0


def _keep_ending(new: str, old: str, source: str) -> str:
    """Translation tools drop a text's final line break (PO asks msgid and msgstr to agree on it):
    the record's own convention is kept, or the source's when there was no text."""
    new = new.strip("\n")
    ends = old.endswith("\n") if old else source.endswith("\n")
    return new + "\n" if ends and "\n" in new else new


def import_file(project: Project, path: Path, *, reviewed: bool = False, lang: str | None = None,
                shown: str | None = None) -> ImportResult:
    """Write the translations of a PO or XLIFF file into the records (and locale file); see the module."""
    shown = shown or str(path)
    units = read_units(path, shown)
    lang = lang or _language_of(path)
    languages = project.languages
    default = languages.default
    if lang not in languages.codes or lang == default:
        raise ImportFailed([f"{shown}: the file's language '{lang}' is not a language translated from {default} "
                            f"(the file names its Language:/target-language, or give --lang)"])
    content, _ = project.load()
    patterns = patterns_for(schemas_for(content, languages))
    status = collect(content, languages)
    records = {(r.kind, r.id): r for r in all_records(content)}
    keys = record_keys(records.values())
    by_key = {keys[k]: r for k, r in records.items()}
    states: dict[tuple[str, str], FieldState] = {(f.record, f.field): f for f in status.fields if f.lang == lang}

    result = ImportResult()
    errors: list[str] = []
    texts: dict[str, dict[tuple, str]] = {}           # file -> path -> new text
    updates: dict[str, dict[str, dict]] = {}           # file -> field -> new state
    locale_texts: dict[tuple, str] = {}
    where: dict[tuple[str, str], Unit] = {}            # (file, field) -> unit, for messages
    state = "current" if reviewed else "draft"
    locale_source = _locale(project, default)
    locale_target = _locale(project, lang)
    for unit in units:
        key, _, name = unit.context.partition("#")
        prefix = f"{shown}:{unit.line}: {unit.context or '(no context)'}"
        if not unit.target.strip():
            if unit.target:
                errors.append(f"{prefix}: the translation is empty (only spaces); translate it or leave it out")
            else:
                result.untranslated += 1
            continue
        if key == LOCALES and project.locales_dir.parent != project.root:
            errors.append(f"{prefix}: this project has no locales/ folder of its own to write interface strings into")
            continue
        if key == LOCALES:
            problem = _locale_unit(unit, name, locale_source, locale_target, locale_texts, result,
                                   f"{project.locales_dir.name}/{lang}.yml", state)
            if problem:
                errors.append(f"{prefix}: {problem}")
            continue
        record = by_key.get(key)
        if record is None:
            errors.append(f"{prefix}: no record has the id '{key}' (or it has problems: run `resource-centre validate`)"
                          if key else
                          f"{prefix}: the unit has no context (record-id#field); export the file again")
            continue
        item = states.get((key, name))
        path_ = parse_field(name)
        if item is None or path_ is None:
            errors.append(f"{prefix}: {record.file} has no text field '{name}'")
            continue
        value = _at(record.data, item.path)
        source = value.get(default) or ""
        if fingerprint(unit.source) != fingerprint(source):
            result.conflicts.append(f"{shown}:{unit.line}: {unit.context}: the {default} text changed since the "
                                    f"file was made; not written (export again and translate the new text)")
            continue
        if unit.fuzzy:
            result.fuzzy += 1
            continue
        old = value.get(lang) or ""
        text = _keep_ending(unit.target, old, source)
        same = normalise(text) == normalise(old)
        if same and not (item.state == "outdated" or (reviewed and item.state != "current")):
            result.unchanged += 1
            continue
        if not same:
            texts.setdefault(record.file, {})[item.path] = text
        updates.setdefault(record.file, {})[name] = {"state": state, "source": item.source}
        where[(record.file, name)] = unit
        result.written.append((record.file, name, state))

    changed: dict[str, str] = {}  # record file -> its new text
    files = {r.file: r for r in records.values()}
    for file in sorted(set(texts) | set(updates)):
        record = files[file]
        full = {**block_entries(record, lang, patterns, languages), **updates.get(file, {})}
        original = (project.root / file).read_text(encoding="utf-8")
        try:
            changed[file] = edit_record_text(original, lang, texts.get(file, {}), updates.get(file, {}), full)
        except Exception as exc:  # yamledit.EditError, or a file that changed under us
            errors.append(f"{shown}: {file}: {exc}")
    locale_path = project.locales_dir / f"{lang}.yml"
    locale_text = None
    if locale_texts:
        try:
            locale_text = _edit_locale(locale_path, locale_texts)
        except TranslationError as exc:
            errors.append(f"{shown}: {project.locales_dir.name}/{lang}.yml: {exc}")
    if not errors and changed:
        for problem in check_changes(project, changed):
            unit = next((u for (file, name), u in where.items()
                         if file == problem.file and problem.message.startswith(f"{name}.{lang}:")), None)
            message = f"{problem.message}" + (f" ({problem.hint})" if problem.hint else "")
            errors.append(f"{shown}:{unit.line}: {unit.context}: {message}" if unit else f"{shown}: {problem}")
    if errors:
        raise ImportFailed(errors)
    write_files(project.root, changed)
    if locale_text is not None:
        write_files(locale_path.parent, {locale_path.name: locale_text})
    return result


def _language_of(path: Path) -> str:
    """The target language a PO (Language:) or XLIFF (target-language) file names."""
    head = path.read_bytes()[:4000].decode("utf-8", "replace")
    match = re.search(r'"Language: ([A-Za-z_-]+)\\n"', head) or re.search(r'target-language="([A-Za-z_-]+)"', head)
    return match.group(1) if match else ""


def _locale_unit(unit: Unit, name: str, source: dict, target: dict, out: dict[tuple, str],
                 result: ImportResult, file: str, state: str) -> str:
    """Check one interface-string unit and note its change; a message when it cannot be imported."""
    key, _, category = name.partition(".")
    original = source.get(key)
    if original is None or (category and not isinstance(original, dict)) or (isinstance(original, dict) and not category):
        return f"locales have no interface string '{name}'"
    text = original.get(category, original["other"]) if category else original
    if fingerprint(unit.source) != fingerprint(str(text)):
        result.conflicts.append(f"{unit.context}: the text changed since the file was made; not written")
        return ""
    if unit.fuzzy:
        result.fuzzy += 1
        return ""
    unknown = sorted(set(PLACEHOLDER.findall(unit.target)) - set(PLACEHOLDER.findall(str(text))))
    if unknown:
        return (f"the translation uses {{{unknown[0]}}}, which the source text does not have "
                f"(keep {', '.join('{' + p + '}' for p in sorted(set(PLACEHOLDER.findall(str(text))))) or 'no placeholders'})")
    mine = target.get(key)
    old = mine.get(category) if category and isinstance(mine, dict) else mine  # one text for every form, or none
    if isinstance(old, str) and normalise(old) == normalise(unit.target):
        result.unchanged += 1
        return ""
    out[(key, category) if category else (key,)] = unit.target.strip("\n")
    result.written.append((file, name, state))
    return ""


def _edit_locale(path: Path, changes: dict[tuple, str]) -> str:
    """The locale file with the changed strings, every other byte kept."""
    from yaml.nodes import MappingNode

    from ..records.yamledit import EditError, apply, compose, find, set_entries
    from ..text.languages import check_strings

    text = path.read_text(encoding="utf-8") if path.is_file() else "{}\n"
    try:
        root = compose(text)
        edits = []
        plain = {k[0]: v for k, v in changes.items() if len(k) == 1}
        plural: dict[str, dict[str, str]] = {}
        for k, v in changes.items():
            if len(k) == 2:
                plural.setdefault(k[0], {})[k[1]] = v
        for key, forms in plural.items():
            node = find(root, (key,))
            if isinstance(node, MappingNode):
                edits += set_entries(text, root, node, forms)
            else:
                plain[key] = forms  # type: ignore[assignment]
        edits += set_entries(text, root, root, plain)
        changed = apply(text, edits)
        data = yaml.safe_load(changed)
        check_strings(data, path.name)
    except (EditError, yaml.YAMLError, ValueError) as exc:
        raise TranslationError(str(exc)) from None
    return changed


def states_summary(units: list[Unit]) -> str:
    """'3 missing, 1 outdated, ...' for the units written."""
    counts = {s: 0 for s in STATES}
    for unit in units:
        counts[unit.state] += 1
    return ", ".join(f"{counts[s]} {s}" for s in STATES)
