"""Which version of the source text each translation was made from, field by field.

A bilingual collection lives for years: its default-language text (the *source*) is corrected and
extended, and unless someone notices, the other languages go on saying the old thing. So every
translated field can record, in its record's ``translation:`` block, the state of its translation
and a short fingerprint of the source text it was made from::

    translation:
      en: reviewed
      km:
        title: {state: current, source: 3f9a1c2b}
        sections.lessons: {state: draft, source: 0b51e7aa}

When the source text of a field changes, its fingerprint no longer matches and the translation is
*outdated* -- that field only, not the whole record. The older one-word form (``km: draft``,
``km: reviewed``) still reads as "every field draft" / "every field current", without fingerprints.
A language with no entry is taken as current (as pages have always shown it); a language that lists
its fields but not this one is draft (no one said it was reviewed).

The fingerprint is of the *normalised* text (Unicode NFC, spacing and line wrapping ignored), so
re-wrapping a paragraph by hand does not make its translations outdated; changing a word does.
Languages are read from the site configuration: nothing here names one.
"""
from __future__ import annotations

import base64
import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from ..text.languages import Languages
from .kinds import BY_NAME, KINDS
from .model import Content, Record
from .schema import Schemas, field_name, load_schemas, schema_nodes, values_with_paths

# The states of one field in one language, from most to least work left.
STATES = ("missing", "outdated", "draft", "current")
# What a translation block may store per field; the one-word form of a whole language maps onto them.
STORED_STATES = ("draft", "current")
WHOLE_LANGUAGE = {"draft": "draft", "reviewed": "current"}
FINGERPRINT_LENGTH = 8
TITLE_FIELDS = {"case-study": "title", "tool": "title", "term": "term", "taxonomy": "label",
                "specialist": "name"}


def normalise(text: str) -> str:
    """The text as far as its meaning goes: NFC, paragraphs kept, spacing and line wrapping ignored."""
    text = unicodedata.normalize("NFC", text)
    paragraphs = re.split(r"\n[ \t]*\n", text.strip())
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def fingerprint(text: str) -> str:
    """A short fingerprint of a source text, stored beside a translation made from it.

    Eight characters of base 32 (a-z, 2-7): as short as hex's, and (unlike hex's) practically never
    all digits, which YAML would read as a number when written without quotes.
    """
    digest = hashlib.sha256(normalise(text).encode("utf-8")).digest()
    return base64.b32encode(digest[:5]).decode("ascii").lower()[:FINGERPRINT_LENGTH]


# --- where the localised text is ------------------------------------------------------

def localised_paths(schemas: Schemas, schema_name: str) -> list[tuple]:
    """Field path patterns ('*' = any list item) of every localised-text value a record type has.

    Only text ({en: "...", km: "..."}): ``tags``, a list of keywords per language, is left out on
    purpose. Each language's keywords are chosen for its readers, not translated one for one from
    a source, so a fingerprint of the English list would call a good Khmer list outdated whenever an
    English keyword is added; and keywords may hold commas, which a list joined into one PO unit
    could not give back. A language's tags are as reviewed as its ``translation`` entry says.
    """
    return [path for path, node in schema_nodes(schemas.documents[schema_name], schemas.resolve)
            if schemas.is_localised(node)]


_patterns: dict[int, tuple[Schemas, dict[str, list[tuple]]]] = {}


def patterns_for(schemas: Schemas) -> dict[str, list[tuple]]:
    """kind -> its localised field patterns, worked out once per set of schemas."""
    kept = _patterns.get(id(schemas))
    if kept is None or kept[0] is not schemas:
        kept = _patterns[id(schemas)] = (schemas, {k.name: localised_paths(schemas, k.schema) for k in KINDS})
    return kept[1]


def schemas_for(content: Content, languages: Languages) -> Schemas:
    """The schemas of the project ``content`` was loaded from."""
    from .project import Project  # the project knows where its schemas are

    return load_schemas(str(Project(content.root, languages).schemas_dir.resolve()))


def taxonomy_records(content: Content) -> list[Record]:
    """Taxonomies as records, so their labels count as text to translate too (with their own
    ``translation:`` block, which :class:`~resource_centre.records.model.Taxonomy` does not keep)."""
    from .yamlload import LoadError, load_file

    out = []
    for tax in content.taxonomies.values():
        data: dict[str, Any] = {"id": tax.id, "label": tax.label, "terms": list(tax.terms.values())}
        if tax.description:
            data["description"] = tax.description
        path = content.root / BY_NAME["taxonomy"].folder / f"{tax.id}.yml"
        try:
            block = load_file(path).data.get("translation") if path.is_file() else None
        except LoadError:
            block = None
        if isinstance(block, dict):
            data["translation"] = block
        out.append(Record("taxonomy", tax.id, data, f"{BY_NAME['taxonomy'].folder}/{tax.id}.yml"))
    return out


# --- field paths ---------------------------------------------------------------------------

_PART = re.compile(r"([a-z_]+)|\[([0-9]+)\]")


def parse_field(name: str) -> tuple | None:
    """``partners[0].role`` -> ('partners', 0, 'role'); None when it is not a field path."""
    parts: list[Any] = []
    for piece in name.split("."):
        if not piece:
            return None
        at = 0
        while at < len(piece):
            match = _PART.match(piece, at)
            if not match or (at == 0) != bool(match.group(1)):
                return None
            parts.append(match.group(1) if match.group(1) else int(match.group(2)))
            at = match.end()
    return tuple(parts) if parts else None


# --- states ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Stored:
    """What a translation block says about one field in one language."""

    state: str                 # draft | current
    source: str | None = None  # fingerprint of the source it was made from, when recorded


def stored(block: Any, lang: str, field: str) -> Stored | None:
    """The stored state of ``field`` in ``lang``; None when the language has no entry at all."""
    entry = block.get(lang) if isinstance(block, dict) else None
    if isinstance(entry, str):
        return Stored(WHOLE_LANGUAGE.get(entry, "draft"))
    if isinstance(entry, dict):
        item = entry.get(field)
        if isinstance(item, str):
            return Stored(item if item in STORED_STATES else "draft")
        if isinstance(item, dict):
            state = item.get("state")
            source = item.get("source")
            return Stored(state if state in STORED_STATES else "draft", source if isinstance(source, str) else None)
        return Stored("draft")  # the language lists its fields, and not this one
    return None


def _has_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def state_of(source: Any, text: Any, entry: Stored | None) -> str:
    """The state of one translation: its text, the source text, and what the block stores."""
    if not _has_text(text):
        return "missing"
    if entry is None:
        return "current"
    if entry.source and _has_text(source) and entry.source != fingerprint(source):
        return "outdated"
    return entry.state


@dataclass(frozen=True)
class FieldState:
    """One localised field of one record in one language."""

    record: str      # the record's key: its id, or folder/id when two kinds share the id
    kind: str
    file: str
    field: str       # field path, e.g. sections.lessons
    path: tuple
    lang: str
    state: str
    source: str | None  # fingerprint of today's source text (None when there is none)

    def to_json(self) -> dict[str, str]:
        return {"record": self.record, "field": self.field, "lang": self.lang, "state": self.state}


def localised_values(record: Record, patterns: dict[str, list[tuple]]) -> Iterator[tuple[tuple, dict]]:
    """Every localised-text value of a record, with its concrete path, in schema order."""
    for pattern in patterns.get(record.kind, []):
        for path, value in values_with_paths(record.data, pattern):
            if isinstance(value, dict):
                yield path, value


def record_states(record: Record, patterns: dict[str, list[tuple]], languages: Languages,
                  key: str | None = None) -> list[FieldState]:
    """Every (field, language) state of one record; the default language is the source."""
    default = languages.default
    block = record.get("translation")
    out = []
    for path, value in localised_values(record, patterns):
        name = field_name(path)
        source = value.get(default)
        print_source = fingerprint(source) if _has_text(source) else None
        for lang in languages.codes:
            if lang == default:
                state = "current" if _has_text(source) else "missing"
            else:
                state = state_of(source, value.get(lang), stored(block, lang, name))
            out.append(FieldState(key or record.id, record.kind, record.file, name, path, lang, state, print_source))
    return out


def record_keys(records: Iterable[Record]) -> dict[tuple[str, str], str]:
    """(kind, id) -> the key commands and translation files use: the id, or folder/id when ambiguous."""
    records = list(records)
    seen = Counter(r.id for r in records)
    return {(r.kind, r.id): r.id if seen[r.id] == 1 else f"{BY_NAME[r.kind].folder}/{r.id}" for r in records}


def all_records(content: Content) -> list[Record]:
    """Every record whose text is translated: case studies, tools, glossary terms and taxonomies."""
    return list(content.records()) + taxonomy_records(content)


@dataclass
class Status:
    """The state of every localised field in every language."""

    fields: list[FieldState]
    languages: list[str]
    default: str

    def not_current(self, lang: str | None = None) -> list[FieldState]:
        return [f for f in self.fields if f.state != "current" and (lang is None or f.lang == lang)]

    def counts(self) -> dict[str, dict[str, int]]:
        """lang -> state -> number of fields (every state present, zero included)."""
        out = {lang: {state: 0 for state in STATES} for lang in self.languages}
        for item in self.fields:
            out[item.lang][item.state] += 1
        return out


def collect(content: Content, languages: Languages, schemas: Schemas | None = None) -> Status:
    """The :class:`Status` of every record of ``content`` (pure but for reading taxonomy files)."""
    patterns = patterns_for(schemas or schemas_for(content, languages))
    records = all_records(content)
    keys = record_keys(records)
    fields: list[FieldState] = []
    for record in records:
        fields += record_states(record, patterns, languages, keys[(record.kind, record.id)])
    return Status(fields, languages.codes, languages.default)


def page_states(content: Content, languages: Languages, record: Record, lang: str) -> dict[tuple, str]:
    """field path -> state of ``record``'s text in ``lang``, for its page (fields with text only)."""
    patterns = patterns_for(schemas_for(content, languages))
    return {f.path: f.state for f in record_states(record, patterns, languages)
            if f.lang == lang and f.state != "missing"}


def is_draft(record: Record, lang: str, patterns: dict[str, list[tuple]]) -> bool:
    """True when some text of ``record`` in ``lang`` is a draft translation (not yet reviewed)."""
    block = record.get("translation")
    for path, value in localised_values(record, patterns):
        if _has_text(value.get(lang)):
            entry = stored(block, lang, field_name(path))
            if entry is not None and entry.state == "draft":
                return True
    return False


# --- what a reviewer or an import records ------------------------------------------------------

def block_entries(record: Record, lang: str, patterns: dict[str, list[tuple]], languages: Languages) -> dict[str, dict]:
    """The per-field map of ``lang`` that says exactly what the block says today.

    Used before a field of a language given in one word (``km: draft``) gets a state of its own:
    every other field keeps its state, written out (without a fingerprint, since none was recorded).
    """
    block = record.get("translation")
    entry = block.get(lang) if isinstance(block, dict) else None
    if isinstance(entry, dict):
        return {name: dict(value) if isinstance(value, dict) else {"state": value} for name, value in entry.items()}
    out: dict[str, dict] = {}
    for path, value in localised_values(record, patterns):
        if not _has_text(value.get(lang)):
            continue
        now = stored(block, lang, field_name(path))
        state = now.state if now else "current"
        if state != "draft":  # draft is what an unlisted field is
            out[field_name(path)] = {"state": state}
    return out


class TranslationError(Exception):
    """A change that cannot be made; ``str()`` names the file (and line) and what to do."""


def edit_record_text(text: str, lang: str, texts: dict[tuple, str], updates: dict[str, dict],
                     full: dict[str, dict]) -> str:
    """``text`` (a record file) with the ``lang`` text of some fields and their states changed.

    ``texts``: path of a localised field -> its new text in ``lang``. ``updates``: field name ->
    ``{state, source}`` for the translation block; ``full`` is the language's whole map after them,
    written out when the block still gives the language in one word or in a flow map.
    Every other byte of the file is kept; the result is read back and compared with what was meant.
    """
    import copy

    from yaml.nodes import MappingNode

    from .yamledit import EditError, apply, compose, find, set_entries
    from .yamlload import LoadError, parse

    root = compose(text)
    before = parse(text).data
    expected = copy.deepcopy(before)
    edits = []
    for path, value in texts.items():
        node = find(root, path)
        if not isinstance(node, MappingNode):
            raise EditError(f"{field_name(path)} is not text by language in this file")
        edits += set_entries(text, root, node, {lang: value})
        target = expected
        for part in path:
            target = target[part]
        target[lang] = value
    if updates:
        block = find(root, ("translation",))
        entry = find(root, ("translation", lang))
        states = expected.setdefault("translation", {})
        if isinstance(block, MappingNode) and not block.flow_style and block.value \
                and isinstance(entry, MappingNode) and not entry.flow_style and entry.value:
            edits += set_entries(text, root, entry, updates)
            states[lang].update(updates)
        elif block is None or (isinstance(block, MappingNode) and not block.flow_style and block.value):
            states[lang] = full
            edits += set_entries(text, root, root if block is None else block,
                                 {"translation": {lang: full}} if block is None else {lang: full})
        elif isinstance(block, MappingNode):  # {en: reviewed, km: draft}: written as lines of its own
            states[lang] = full
            edits += set_entries(text, root, root, {"translation": states})
        else:
            raise EditError("translation: is not a mapping of languages")
    changed = apply(text, edits)
    try:
        after = parse(changed).data
    except LoadError as exc:  # never expected: the edit made YAML that does not read
        raise EditError(f"the changed file would not read back (line {exc.line}: {exc.message})") from None
    if after != expected:
        raise EditError("the changed file would not read back as intended")
    return changed


def check_changes(project: Any, changed: dict[str, str]) -> list[Any]:
    """The problems ``resource-centre validate`` would find in the changed files and not before.

    The project is mirrored in a temporary folder (links to every file, the changed files
    written out) and loaded there, so every rule of the records applies, not a copy of them.
    """
    import shutil
    import tempfile
    from pathlib import Path

    from .validate import load_content

    root = Path(project.root)
    _, before = project.load()
    known = {(p.file, p.message) for p in before.sorted()}
    with tempfile.TemporaryDirectory(prefix="rc-translations-") as tmp:
        mirror = Path(tmp)
        for kind in KINDS:
            folder = root / kind.folder
            if not folder.is_dir():
                continue
            (mirror / kind.folder).mkdir(parents=True, exist_ok=True)
            for item in folder.iterdir():
                (mirror / kind.folder / item.name).symlink_to(item)
        for rel, text in changed.items():
            target = mirror / rel
            if target.is_symlink():
                target.unlink()
            target.write_text(text, encoding="utf-8")
        _, after = load_content(mirror, project.schemas_dir, project.languages.codes)
        shutil.rmtree(mirror, ignore_errors=True)
    return [p for p in after.sorted() if p.file in changed and (p.file, p.message) not in known]


def write_files(root: Any, changed: dict[str, str]) -> None:
    """Write every changed file, each atomically (all were checked before the first is written)."""
    from pathlib import Path

    from ..output.writer import atomic_write

    for rel, text in sorted(changed.items()):
        atomic_write(Path(root) / rel, text.encode("utf-8"))


def find_record(content: Content, key: str) -> Record | None:
    """The record a command names: by id, or folder/id (``glossary/ownership``), taxonomies too."""
    records = all_records(content)
    keys = record_keys(records)
    for record in records:
        if key in (keys[(record.kind, record.id)], f"{BY_NAME[record.kind].folder}/{record.id}"):
            return record
    return None


def mark_current(project: Any, key: str, fields: list[str], lang: str) -> tuple[str, list[str]]:
    """Record that a reviewer checked ``lang``'s text of these fields (all when none are named)
    against today's source text: (the file changed, the fields marked)."""
    from .yamledit import EditError

    content, _ = project.load()
    languages: Languages = project.languages
    if lang not in languages.codes or lang == languages.default:
        others = [c for c in languages.codes if c != languages.default]
        raise TranslationError(f"--lang '{lang}' is not a language translated from {languages.default}; "
                               f"use one of: {', '.join(others)}")
    record = find_record(content, key)
    if record is None:
        raise TranslationError(f"no record has the id '{key}' (or it has problems: run `resource-centre validate`)")
    patterns = patterns_for(schemas_for(content, languages))
    states = {f.field: f for f in record_states(record, patterns, languages) if f.lang == lang}
    for name in fields:
        if name not in states:
            known = ", ".join(states) or "none"
            raise TranslationError(f"{record.file}: '{name}' is not a text field of this record (its fields: {known})")
        if states[name].state == "missing":
            raise TranslationError(f"{record.file}: {name} has no {lang} text to mark current")
        if states[name].source is None:
            raise TranslationError(f"{record.file}: {name} has no {languages.default} text to compare with")
    chosen = fields or [n for n, f in states.items() if f.state != "missing" and f.source is not None]
    updates = {name: {"state": "current", "source": states[name].source} for name in chosen}
    full = {**block_entries(record, lang, patterns, languages), **updates}
    path = project.root / record.file
    text = path.read_text(encoding="utf-8")
    try:
        changed = edit_record_text(text, lang, {}, updates, full)
    except EditError as exc:
        raise TranslationError(f"{record.file}: {exc}") from None
    if changed != text:
        problems = check_changes(project, {record.file: changed})
        if problems:
            raise TranslationError("\n".join(str(p) for p in problems))
        write_files(project.root, {record.file: changed})
    return record.file, chosen


def changed_since(project: Any, status: Status, ref: str, lang: str | None = None) -> list[FieldState]:
    """Translations a change since git commit ``ref`` made outdated: the source text of the field
    changed and its translation did not. Found by comparing with the files at ``ref``, so it holds
    for records whose translation block records no fingerprints (``km: draft``) too."""
    import subprocess
    from pathlib import Path

    from .yamlload import LoadError, load_file, parse

    root = Path(project.root)
    try:
        prefix = subprocess.run(["git", "rev-parse", "--show-prefix"], cwd=root, capture_output=True,
                                text=True, check=True).stdout.strip()
        subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd=root,
                       capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        raise TranslationError(f"--since {ref}: not a commit of a git repository at {root}") from None

    def then_and_now(file: str) -> tuple[Any, Any]:
        shown = subprocess.run(["git", "show", f"{ref}:{prefix}{file}"], cwd=root, capture_output=True)
        try:
            return (parse(shown.stdout.decode("utf-8")).data if shown.returncode == 0 else None,
                    load_file(root / file).data)
        except (LoadError, UnicodeDecodeError):
            return None, None

    default = status.default
    files: dict[str, tuple[Any, Any]] = {}
    out = []
    for item in status.fields:
        if item.lang == default or (lang and item.lang != lang) or item.state == "missing":
            continue
        if item.file not in files:
            files[item.file] = then_and_now(item.file)
        old, new = (_at(data, item.path) for data in files[item.file])
        if not (isinstance(old, dict) and isinstance(new, dict) and _has_text(old.get(default))):
            continue
        source_changed = normalise(old[default]) != normalise(new.get(default) or "")
        if source_changed and normalise(old.get(item.lang) or "") == normalise(new.get(item.lang) or ""):
            out.append(FieldState(item.record, item.kind, item.file, item.field, item.path, item.lang,
                                  "outdated", item.source))
    return out


def _at(data: Any, path: tuple) -> Any:
    for part in path:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data
