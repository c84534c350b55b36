"""``resource-centre translations``: which translations are not in step, and the translator round trip.

Kept apart from :mod:`cli` so the command's options and messages live with it; ``cli`` only
registers it (:func:`add_parser`). Exit codes as everywhere: 0 done, 1 problems, 2 usage error.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..records.project import Project, open_project
from ..records.translations import STATES, FieldState, Status, TranslationError, collect, mark_current


def _language(project: Project, lang: str | None, *, translated: bool = False) -> str | None:
    """``lang`` checked against the site's languages (None stays None); raises SystemExit(2) on a bad one."""
    codes = [c for c in project.languages.codes if not translated or c != project.languages.default]
    if lang is not None and lang not in codes:
        print(f"resource-centre translations: --lang '{lang}' is not a language "
              f"{'translated from ' + project.languages.default if translated else 'of this site'}; "
              f"use one of: {', '.join(codes)}", file=sys.stderr)
        raise SystemExit(2)
    return lang


def status_text(status: Status, lang: str | None, names: dict[str, str]) -> str:
    """Every field that is not current, one line each by file, then the counts per language."""
    out = []
    for item in status.not_current(lang):
        out.append(f"{item.file}: {item.field} [{item.lang}] {item.state}")
    if not out:
        out.append("Every translation is current.")
    out.append("")
    for code, counts in status.counts().items():
        if lang is None or code == lang:
            out.append(f"{code} {names.get(code, code)}: " + ", ".join(f"{counts[s]} {s}" for s in STATES))
    return "\n".join(out) + "\n"


def github_notices(items: list[FieldState], project: Project) -> list[str]:
    """``::notice`` lines GitHub shows on the line of the source text each outdated translation was made from."""
    from ..records.yamlload import LoadError, load_file

    default = project.languages.default
    out = []
    docs: dict[str, object] = {}
    for item in items:
        if item.state != "outdated":
            continue
        if item.file not in docs:
            try:
                docs[item.file] = load_file(project.root / item.file)
            except LoadError:
                docs[item.file] = None
        doc = docs[item.file]
        line = doc.position(item.path + (default,))[0] if doc is not None else 1
        out.append(f"::notice file={item.file},line={line},title=Translation outdated::{item.field}: the "
                   f"{item.lang} translation of this field is now outdated (update it, or run `resource-centre "
                   f"translations mark-current {item.record} {item.field} --lang {item.lang}` if it still says the same)")
    return out


def cmd_status(args: argparse.Namespace) -> int:
    project = open_project(Path(args.root))
    lang = _language(project, args.lang)
    content, _ = project.load()
    status = collect(content, project.languages)
    items = status.not_current(lang)
    if args.since:
        from ..records.translations import changed_since

        try:
            items = changed_since(project, status, args.since, lang)
        except TranslationError as exc:
            print(f"resource-centre translations status: {exc}", file=sys.stderr)
            return 2
    if args.format == "json":
        print(json.dumps([i.to_json() for i in items], ensure_ascii=False, indent=2))
    elif args.format == "markdown":
        from .report import translations_markdown

        print(translations_markdown(status, content, project.languages, project.languages.default, only=lang), end="")
    else:
        names = {item.code: item.name for item in project.languages.items}
        if args.since:
            print("\n".join(f"{i.file}: {i.field} [{i.lang}] {i.state}" for i in items) or
                  f"No translation was made outdated since {args.since}.")
        else:
            print(status_text(status, lang, names), end="")
    if args.github:
        for line in github_notices(items, project):
            print(line)
    return 0


def cmd_mark_current(args: argparse.Namespace) -> int:
    project = open_project(Path(args.root))
    _language(project, args.lang, translated=True)
    try:
        file, fields = mark_current(project, args.record, args.fields, args.lang)
    except TranslationError as exc:
        print(f"resource-centre translations mark-current: {exc}", file=sys.stderr)
        return 1
    print(f"{file}: marked current in {args.lang}: {', '.join(fields) if fields else 'nothing (no text in it yet)'}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .translations_io import PARTS, export_units, states_summary, to_po, to_xliff

    project = open_project(Path(args.root))
    lang = _language(project, args.lang, translated=True)
    only = set(args.only.split(",")) if args.only else None
    parts = tuple(args.include.split(","))
    for option, given, allowed in (("--only", only or set(), STATES), ("--include", set(parts), PARTS)):
        unknown = sorted(given - set(allowed))
        if unknown:
            print(f"resource-centre translations export: {option}: '{unknown[0]}' is not one of: {', '.join(allowed)}",
                  file=sys.stderr)
            return 2
    fmt = args.format or ("xliff" if args.output and Path(args.output).suffix.lower() in (".xlf", ".xliff") else "po")
    units = export_units(project, lang, only=only, parts=parts)
    write = to_xliff if fmt == "xliff" else to_po
    text = write(units, lang, project.languages.default)
    if args.output:
        from ..records.translations import write_files

        target = Path(args.output)
        write_files(target.parent.resolve(), {target.name: text})
        print(f"{args.output}: {len(units)} units ({states_summary(units)})", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from .translations_io import ImportFailed, import_file

    project = open_project(Path(args.root))
    if args.lang:
        _language(project, args.lang, translated=True)
    path = Path(args.file)
    if not path.is_file():
        print(f"resource-centre translations import: {args.file}: no such file", file=sys.stderr)
        return 2
    try:
        result = import_file(project, path, reviewed=args.reviewed, lang=args.lang, shown=args.file)
    except ImportFailed as exc:
        for message in exc.messages:
            print(message, file=sys.stderr)
        print(f"Nothing was written: fix the {'unit' if len(exc.messages) == 1 else 'units'} above and import again.",
              file=sys.stderr)
        return 1
    for file, name, state in result.written:
        print(f"{file}: {name} ({state})")
    for conflict in result.conflicts:
        print(f"conflict: {conflict}", file=sys.stderr)
    files = len({file for file, _, _ in result.written})
    print(f"{len(result.written)} translation(s) written in {files} file(s); {len(result.conflicts)} conflict(s); "
          f"{result.unchanged} unchanged, {result.fuzzy} still fuzzy (not written), "
          f"{result.untranslated} untranslated", file=sys.stderr)
    return 1 if result.conflicts else 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``translations`` and its subcommands on the main parser's subcommands."""
    main = sub.add_parser("translations", help="translations not in step with their source; PO/XLIFF round trip",
                          description="Which translated fields are missing, draft, outdated (the source text "
                                      "changed since they were made) or current, and the round trip through "
                                      "translation tools.")
    main.add_argument("--root", default=argparse.SUPPRESS, help="project folder (same as before the command)")
    commands = main.add_subparsers(dest="translations_command", metavar="SUBCOMMAND")

    status = commands.add_parser("status", help="every field whose translation is not current",
                                 description="List every localised field that is not current in some language "
                                             "(missing, draft or outdated), then the counts per language. Always exits 0.")
    status.add_argument("--lang", help="only this language")
    status.add_argument("--format", choices=["text", "json", "markdown"], default="text", help="default: text")
    status.add_argument("--github", action="store_true",
                        help="also print a GitHub Actions ::notice on the source line of each outdated translation")
    status.add_argument("--since", metavar="GIT_REF",
                        help="only fields whose source text changed since this commit while their translation "
                             "did not (what a pull request made outdated)")
    status.add_argument("--root", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    status.set_defaults(func=cmd_status)

    mark = commands.add_parser("mark-current", help="record that a reviewer checked a translation against today's source",
                               description="Mark the translation of the named fields (every translated field when "
                                           "none is named) current: reviewed, and made from today's source text.")
    mark.add_argument("record", help="the record's id (or folder/id, e.g. glossary/ownership)")
    mark.add_argument("fields", nargs="*", metavar="FIELD", help="field paths as status prints them, e.g. sections.lessons")
    mark.add_argument("--lang", required=True, help="the language of the translation")
    mark.add_argument("--root", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    mark.set_defaults(func=cmd_mark_current)

    export = commands.add_parser("export", help="every text to translate as a PO or XLIFF file",
                                 description="One unit per localised field (and per interface string): the source "
                                             "text, today's translation (fuzzy / needs review when outdated), the "
                                             "context record-id#field.path and a comment with the record's title "
                                             "and page.")
    export.add_argument("--lang", required=True, help="the language to translate into")
    export.add_argument("--format", choices=["po", "xliff"], help="default: from -o's extension (.xlf, .xliff), else po")
    export.add_argument("-o", "--output", metavar="FILE", help="write here (default: standard output)")
    export.add_argument("--only", metavar="STATES", help="only units in these states, e.g. missing,outdated")
    export.add_argument("--include", default="records,interface", metavar="PARTS",
                        help="records, interface (locales/<lang>.yml) or both (default)")
    export.add_argument("--root", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    export.set_defaults(func=cmd_export)

    imp = commands.add_parser("import", help="write the translations of a PO or XLIFF file into the records",
                              description="Write each translated unit back into its record (or locales/<lang>.yml), "
                                          "keeping every other byte of the files; each becomes draft (current "
                                          "with --reviewed). Units whose source changed since the export are "
                                          "conflicts and are not written; if any unit is wrong, nothing is written.")
    imp.add_argument("file", help="the .po, .xlf or .xliff file")
    imp.add_argument("--reviewed", action="store_true", help="the translations were reviewed: mark them current")
    imp.add_argument("--lang", help="the file's language, when it does not say (PO Language:, XLIFF target-language)")
    imp.add_argument("--root", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    imp.set_defaults(func=cmd_import)

    def usage(args: argparse.Namespace) -> int:
        main.print_help(sys.stderr)
        return 2
    main.set_defaults(func=usage)
