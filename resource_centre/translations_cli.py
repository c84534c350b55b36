"""``resource-centre translations``: which translations are not in step, and the translator round trip.

Kept apart from :mod:`cli` so the command's options and messages live with it; ``cli`` only
registers it (:func:`add_parser`). Exit codes as everywhere: 0 done, 1 problems, 2 usage error.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .project import Project, open_project
from .translations import STATES, FieldState, Status, TranslationError, collect, mark_current


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
    from .yamlload import LoadError, load_file

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
        from .translations import changed_since

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

    def usage(args: argparse.Namespace) -> int:
        main.print_help(sys.stderr)
        return 2
    main.set_defaults(func=usage)
