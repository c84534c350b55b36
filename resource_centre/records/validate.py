"""Load every record, check it, and build the :class:`Content` the site is made from.

Nothing here stops at the first problem: every file is read, every problem of
every file is collected, and the records that are sound still make a site.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any, Iterator

from . import khmer, specialists
from .agenda import check_agenda
from .events import check_event
from .kinds import KINDS, Kind
from .model import Content, Record, Taxonomy, year_text
from .problems import ProblemList
from .schema import (
    BAD_LINK,
    CONTROL,
    DATE_ORDERS,
    INVISIBLE,
    NAME_FIELDS,
    RAW_HTML,
    SLUG,
    References,
    Schemas,
    countries,
    field_name,
    findings,
    keyword_paths,
    load_schemas,
)
from .yamlload import Document, LoadError, load_file, walk_strings

# What every BAD_LINK match contains, found without BAD_LINK's slow alternatives (in lowered text).
_SCHEME_HINT = re.compile(r"(?:script|data)\s*:")


def check_text(doc: Document, file: str, problems: ProblemList) -> None:
    """Text that would mislead readers or attack the site, in any field."""
    for path, text in walk_strings(doc.data):
        for message, hint in _text_problems(path, text):
            line, col = doc.position(path)
            problems.add(file, line, col, f"{field_name(path)}: {message}", hint)


def _text_problems(path: tuple, text: str) -> Iterator[tuple[str, str]]:
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        yield ("text is not in Unicode NFC form",
               "retype the accented or Khmer characters, or save the file normalised to NFC")
    if CONTROL.search(text):
        yield "contains an invisible control character", "delete it and retype the text around it"
    if any(isinstance(p, str) and p in NAME_FIELDS for p in path) and INVISIBLE.search(text):
        char = INVISIBLE.search(text).group()
        yield (f"contains the invisible character U+{ord(char):04X}",
               "names and titles must not contain zero-width or direction characters")
    match = RAW_HTML.search(text) if "<" in text else None  # both of its forms start with <
    if match:
        yield (f"raw HTML '{match.group()[:20]}' is not allowed",
               "write plain Markdown; scripts, frames, styles and event handlers are refused")
    match = BAD_LINK.search(text) if ":" in text and _SCHEME_HINT.search(text.lower()) else None
    if match:
        yield (f"link with a '{match.group(2).lower()}:' address is not allowed",
               "links must start with https://, http://, mailto: or be relative")


def check_dates(doc: Document, file: str, problems: ProblemList) -> None:
    """Dates that come in order (:data:`schema.DATE_ORDERS`, which the submit form checks too).
    Only well-formed values are compared: one the schema refuses already has its message, and a
    second one about its order would only repeat it."""
    for rule in DATE_ORDERS:
        values = []
        for field, key in (rule.earlier, rule.later):
            holder = doc.data.get(field)
            values.append(year_text(holder.get(key)) if isinstance(holder, dict) else None)
        if rule.broken(*values):
            line, col = doc.position(rule.later)
            problems.add(file, line, col, rule.message.format(earlier=values[0], later=values[1]), rule.hint)


PAGE_SUFFIXES = (".md", ".markdown", ".html", ".htm")


def check_downloads(doc: Document, file: str, problems: ProblemList) -> None:
    """A download that MkDocs would turn into a page (or run as HTML) is refused."""
    downloads = doc.data.get("downloads")
    for i, item in enumerate(downloads if isinstance(downloads, list) else []):
        name = item.get("file") if isinstance(item, dict) else None
        if isinstance(name, str) and name.lower().endswith(PAGE_SUFFIXES):
            line, col = doc.position(("downloads", i, "file"))
            problems.add(file, line, col, f"downloads[{i}].file: '{name}' would become a web page, not a download",
                         "offer it as .pdf, .docx, .xlsx or .txt")


class KeptChecks:
    """What a long-running preview keeps between loads of the records.

    Under `mkdocs serve` every edit re-checks every record. The schema check (jsonschema) is most of
    that time, and its findings depend only on the file and on what it may refer to, so a preview
    keeps each file's parse by (file, time, size) and its findings by (file, time, size, context),
    and checks again only what changed. What a load did not use is dropped after it, so this holds
    one project's records at most. Owned by the caller (the plugin's session), not the module:
    two projects loaded in one process never share it.
    """

    def __init__(self) -> None:
        self.parsed: dict[tuple[str, int, int], Document] = {}
        self.findings: dict[tuple, list[tuple[int, int, str, str]]] = {}
        self.used: set[tuple] = set()
        # What the last load checked records against: :func:`check_one` checks an edited file against it.
        self.refs: References | None = None
        self.schemas: Schemas | None = None

    def load(self, path: Path) -> Document:
        """load_file, kept per (file, time, size) (records are never changed after loading)."""
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        if key not in self.parsed:
            self.parsed[key] = load_file(path)
        self.used.add(key)
        return self.parsed[key]

    def forget_unused(self) -> None:
        """Drop what edited or removed files left behind; start counting the next load."""
        for kept in (self.parsed, self.findings):
            for key in [k for k in kept if k not in self.used]:
                del kept[key]
        self.used = set()


def _context_key(refs: References, root: Path, schemas: Schemas) -> tuple:
    """What a record's schema findings depend on besides the record: ids, terms, languages, files,
    and which files have problems of their own (a reference to one of them says so)."""
    files = root / "tools" / "files"
    listing = tuple(sorted((p.as_posix(), p.stat().st_size, p.stat().st_mtime_ns)
                           for p in files.rglob("*") if p.is_file())) if files.is_dir() else ()
    return (id(schemas), refs.languages, listing,
            tuple(sorted((k, tuple(sorted(v.items()))) for k, v in refs.troubled.items())),
            tuple(sorted((k, tuple(sorted(v))) for k, v in refs.records.items())),
            tuple(sorted((k, tuple(sorted(v))) for k, v in refs.taxonomies.items())))


def load_content(root: Path, schemas_dir: Path, languages: list[str],
                 today: str | None = None, kept: KeptChecks | None = None) -> tuple[Content, ProblemList]:
    """Read and check every record under ``root``; return the sound ones and every problem.

    ``today`` (YYYY-MM-DD, default the real date) is what an event's date is compared with:
    a past event still ``planned`` is a warning. ``kept``: a preview's parses and findings of
    earlier loads (see :class:`KeptChecks`)."""
    today = today or date.today().isoformat()
    problems = ProblemList()
    schemas: Schemas = load_schemas(str(schemas_dir.resolve()))
    docs: dict[str, list[tuple[Path, str, Document]]] = {kind.name: [] for kind in KINDS}
    troubled: dict[str, dict[str, str]] = {kind.name: {} for kind in KINDS}  # see References.troubled

    for kind in KINDS:
        folder = root / kind.folder
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            rel = path.relative_to(root).as_posix()
            if path.suffix == ".yaml":
                problems.add(rel, 1, 1, "record files must end in .yml", f"rename it to {path.stem}.yml")
                troubled[kind.name].setdefault(path.stem, rel)
                continue
            if path.suffix != ".yml" or not path.is_file():
                continue
            if not SLUG.fullmatch(path.stem):
                problems.add(rel, 1, 1, f"file name '{path.name}' is not a lowercase slug",
                             "use lowercase ASCII letters, digits and hyphens, e.g. joint-health-review.yml")
            try:
                doc = kept.load(path) if kept is not None else load_file(path)
            except LoadError as exc:
                problems.add(rel, exc.line, exc.column, exc.message, exc.hint)
                troubled[kind.name].setdefault(path.stem, rel)
                continue
            docs[kind.name].append((path, rel, doc))

    refs = References(root=root, countries=frozenset(countries()), languages=tuple(languages))
    refs.records = {name: {_id_of(p, d) for p, _, d in items} for name, items in docs.items()}
    for name, items in docs.items():  # a changed id: references to the file's name wait for it
        troubled[name].update((p.stem, rel) for p, rel, d in items if _id_of(p, d) != p.stem)
    refs.troubled = troubled
    # Term ids of every parsed taxonomy, sound or not, so one broken taxonomy does not
    # flood every record that uses it with errors of its own.
    refs.taxonomies = {_id_of(p, d): _term_ids(d) for p, _, d in docs["taxonomy"]}
    # Taxonomies are validated first; only sound ones are offered to the other records.
    context = _context_key(refs, root, schemas) if kept is not None else None
    content = Content(root)
    # The fields whose terms classify a record: its term pages, the explorer's facets, the browse counts.
    content.taxonomy_fields = {k.name: keyword_paths(schemas, k.schema, "x-taxonomy", skip="x-classifies")
                               for k in KINDS}
    for kind in KINDS:
        seen: dict[str, str] = {}
        sound = schemas.fast_check(kind.schema, refs) if docs[kind.name] else None
        for path, rel, doc in docs[kind.name]:
            before = len(problems)
            _check_record(kind, path, rel, doc, schemas, refs, problems, seen, context, sound, today, kept)
            if len(problems) == before:
                _add(content, kind, rel, doc.data, schemas)
    if kept is not None:
        kept.forget_unused()
        kept.refs, kept.schemas = refs, schemas
    return content, problems


def check_one(kind: Kind, path: Path, root: Path, kept: KeptChecks,
              today: str | None = None) -> tuple[Record | None, ProblemList]:
    """One record file read and checked again against the ids and terms of the last full load.

    What a preview shows at once after an edit of that file alone (its id and file name unchanged),
    before the next full load confirms it: the record, or None with its problems. Checks that
    span records (an id used twice, references made to this file by others) wait for that load."""
    problems = ProblemList()
    if kept.refs is None or kept.schemas is None:
        raise ValueError("check_one needs a full load first")
    rel = path.relative_to(root).as_posix()
    try:
        doc = load_file(path)
    except LoadError as exc:
        problems.add(rel, exc.line, exc.column, exc.message, exc.hint)
        return None, problems
    _check_record(kind, path, rel, doc, kept.schemas, kept.refs, problems, {}, None,
                  kept.schemas.fast_check(kind.schema, kept.refs), today or date.today().isoformat())
    if len(problems):
        return None, problems
    scratch = Content(root)
    _add(scratch, kind, rel, doc.data, kept.schemas)
    return scratch.table(kind.name).get(_id_of(path, doc)), problems


def _term_ids(doc: Document) -> set[str]:
    terms = doc.data.get("terms")
    return {t["id"] for t in terms if isinstance(t, dict) and isinstance(t.get("id"), str)} if isinstance(terms, list) else set()


def _id_of(path: Path, doc: Document) -> str:
    value = doc.data.get("id")
    return value if isinstance(value, str) else path.stem


def _schema_findings(kind: Kind, path: Path, doc: Document, schemas: Schemas, refs: References,
                     context: tuple | None, sound=None, kept: KeptChecks | None = None) -> list[tuple[int, int, str, str]]:
    """(line, column, message, hint) of every schema error in ``doc``, kept for a preview.

    ``sound`` is the fast yes/no check; only a record it rejects is walked error by error.
    """
    key = None
    if context is not None and kept is not None:
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size, context)
        kept.used.add(key)
        if key in kept.findings:
            return kept.findings[key]
    found: list[tuple[int, int, str, str]] = []
    if sound is not None and sound(doc.data):
        if kept is not None and key is not None:
            kept.findings[key] = found
        return found
    for finding in findings(schemas.validator(kind.schema, refs).iter_errors(doc.data), schemas, kind.schema):
        line, col = doc.position(finding.path, key=finding.at_key)
        found.append((line, col, finding.message, finding.hint))
    if kept is not None and key is not None:
        kept.findings[key] = found
    return found


def _check_record(kind: Kind, path: Path, rel: str, doc: Document, schemas: Schemas, refs: References,
                  problems: ProblemList, seen: dict[str, str], context: tuple | None = None,
                  sound=None, today: str = "", kept: KeptChecks | None = None) -> None:
    for line, col, message, hint in _schema_findings(kind, path, doc, schemas, refs, context, sound, kept):
        problems.add(rel, line, col, message, hint)
    record_id = doc.data.get("id")
    if isinstance(record_id, str):
        line, col = doc.position(("id",))
        if record_id != path.stem:
            hint = (f"rename the file to {record_id}.yml or set id: {path.stem}" if SLUG.fullmatch(record_id)
                    else f"set id: {path.stem}")
            problems.add(rel, line, col, f"id: '{record_id}' does not match the file name '{path.name}'", hint)
        if record_id in seen:
            problems.add(rel, line, col, f"id: '{record_id}' is already used by {seen[record_id]}",
                         "every record needs its own id")
        seen.setdefault(record_id, rel)
    if kind.name == "taxonomy":
        term_lines: dict[str, int] = {}
        for i, term in enumerate(doc.data.get("terms") or []):
            if isinstance(term, dict) and isinstance(term.get("id"), str):
                if term["id"] in term_lines:
                    line, col = doc.position(("terms", i, "id"))
                    problems.add(rel, line, col, f"terms[{i}].id: '{term['id']}' is listed twice "
                                 f"(first on line {term_lines[term['id']]})", "remove one")
                term_lines.setdefault(term["id"], doc.position(("terms", i, "id"))[0])
    check_dates(doc, rel, problems)
    check_text(doc, rel, problems)
    khmer.check_record(doc, rel, problems, refs.languages, path)
    check_downloads(doc, rel, problems)
    check_assessment(doc, rel, problems)
    if kind.name == specialists.KIND:
        specialists.check_record(doc, rel, problems, schemas)
    if kind.name == "training":
        check_agenda(doc, rel, problems)
    if kind.name == "event":
        check_event(doc, rel, problems, today or date.today().isoformat())


def check_assessment(doc: Document, file: str, problems: ProblemList) -> None:
    """What the schema cannot say about an assessment: answers are stored by question id and by
    scale value (in codes and saved rounds), so both must be unique; a theme needs a title."""
    block = doc.data.get("assessment")
    if not isinstance(block, dict):
        return
    first: dict[Any, int] = {}
    scale = block.get("scale")
    for i, point in enumerate(scale if isinstance(scale, list) else []):
        value = point.get("value") if isinstance(point, dict) else None
        if isinstance(value, int):
            line, col = doc.position(("assessment", "scale", i, "value"))
            if value in first:
                problems.add(file, line, col, f"assessment.scale[{i}].value: {value} is used twice "
                             f"(first on line {first[value]})", "give every point of the scale its own value")
            first.setdefault(value, line)
    first = {}
    themes = block.get("themes")
    for t, theme in enumerate(themes if isinstance(themes, list) else []):
        if not isinstance(theme, dict):
            continue
        if not theme.get("principle") and not theme.get("title"):
            line, col = doc.position(("assessment", "themes", t))
            problems.add(file, line, col, f"assessment.themes[{t}]: has neither a principle nor a title",
                         "add `principle:` (an id from taxonomies/principles.yml) or `title:`")
        questions = theme.get("questions")
        for q, question in enumerate(questions if isinstance(questions, list) else []):
            qid = question.get("id") if isinstance(question, dict) else None
            if isinstance(qid, str):
                line, col = doc.position(("assessment", "themes", t, "questions", q, "id"))
                if qid in first:
                    problems.add(file, line, col, f"assessment.themes[{t}].questions[{q}].id: '{qid}' is used "
                                 f"twice (first on line {first[qid]})", "every question needs its own id")
                first.setdefault(qid, line)


def _add(content: Content, kind: Kind, rel: str, data: dict[str, Any], schemas: Schemas) -> None:
    if kind.name == specialists.KIND:  # consented fields only; a withdrawn person never enters the content
        person = specialists.published_record(data, rel, schemas)
        if person is not None:
            content.specialists[person.id] = person
        return
    if kind.name == "taxonomy":
        content.taxonomies[data["id"]] = Taxonomy(
            id=data["id"], label=data["label"], description=data.get("description") or {},
            terms={t["id"]: t for t in data["terms"]})
        return
    record = Record(kind.name, data["id"], data, rel)
    content.table(kind.name)[record.id] = record


