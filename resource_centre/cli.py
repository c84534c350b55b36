"""The ``resource-centre`` command line. Exit codes: 0 success, 1 problems found, 2 usage error."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .contribute.scaffold import NEW_KINDS
from .contribute.translations_cli import add_parser as add_translations_parser
from .records.kinds import BY_NAME
from .records.project import open_project


def cmd_validate(args: argparse.Namespace) -> int:
    from .contribute.scaffold import ScaffoldError, parse_today

    project = open_project(Path(args.root))
    try:
        today = parse_today(args.today)
    except ScaffoldError as exc:
        print(f"resource-centre validate: {exc.message}", file=sys.stderr)
        return 2
    _, problems = project.load(today)
    found = problems.sorted()
    warnings = problems.sorted_warnings()
    for problem in sorted(found + warnings, key=lambda p: (p.file, p.line, p.column, p.message)):
        print(problem)
        if args.github:
            kind = "warning" if problem.severity == "warning" else "error"
            print(f"::{kind} file={problem.file},line={problem.line},col={problem.column}::{problem.message}"
                  + (f" ({problem.hint})" if problem.hint else ""))
    said = f", {len(warnings)} warning(s)" if warnings else ""
    if found:
        files = len({p.file for p in found})
        print(f"{len(found)} problem(s) in {files} file(s){said}", file=sys.stderr)
        return 1
    print(f"All records are valid{said}." if warnings else "All records are valid.", file=sys.stderr)
    return 0


def cmd_fix(args: argparse.Namespace) -> int:
    """Rewrite Khmer text in canonical form in place (resource_centre/records/khmer.py says which forms)."""
    from .records.khmer import fix_files

    if not args.khmer:
        print("resource-centre fix: say what to fix: --khmer", file=sys.stderr)
        return 2
    project = open_project(Path(args.root))
    try:
        changed = fix_files(project.root, [Path(p) for p in args.paths], dry_run=args.dry_run)
    except FileNotFoundError as exc:
        print(f"resource-centre fix: {exc}", file=sys.stderr)
        return 2
    for line in changed:
        print(line)
    files = len({line.split(":", 1)[0] for line in changed})
    verb = "would change" if args.dry_run else "changed"
    print(f"{verb} {len(changed)} place(s) in {files} file(s)" if changed else "Khmer text is already in canonical form.",
          file=sys.stderr)
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from .contribute.scaffold import ScaffoldError, create_record
    from .records.schema import load_schemas
    from .site.urls import record_url

    project = open_project(Path(args.root))
    languages = project.languages
    lang = args.lang or languages.default
    schemas = load_schemas(str(project.schemas_dir.resolve()))
    try:
        path = create_record(project.root, schemas, args.kind, args.title, lang=lang, languages=languages.codes,
                             today=args.today, given_id=args.id)
    except ScaffoldError as exc:
        print(f"resource-centre new: {exc.message}", file=sys.stderr)
        return 2 if exc.usage else 1
    rel = path.relative_to(project.root).as_posix()
    kind = BY_NAME[args.kind]
    _, problems = project.load()
    to_fill = [p for p in problems.sorted() if p.file == rel]
    print(f"Wrote {rel}")
    print("Next steps:")
    print(f"  1. Open {rel} and fill in the fields marked (required); optional fields are")
    print("     commented out with # (remove the # to use one). Still to fill:")
    for problem in to_fill:
        print(f"       {problem}")
    if not to_fill:
        print("       nothing: the record is valid.")
    print("  2. Preview it: scripts/build serve (or .venv/bin/mkdocs serve), then open")
    print(f"     http://127.0.0.1:8000/{record_url(kind.name, path.stem, lang, languages.default)}")
    status = (schemas.documents[kind.schema].get("properties") or {}).get("status")
    choices = (schemas.resolve(status).get("enum") or []) if status else []
    if "draft" in choices:  # the state that shows it: published, or active for a specialist
        ready = next(c for c in choices if c != "draft")
        print(f"     While it says status: draft it shows only in this preview; set status: {ready} when it is ready.")
    print("  3. Check it: resource-centre validate (it names each field still to fix, with its line).")
    print("  4. Open a pull request; see CONTRIBUTING.md.")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from .contribute.report import build_report, report_markdown, report_text
    from .contribute.scaffold import ScaffoldError, parse_today
    from .records.schema import load_schemas

    project = open_project(Path(args.root))
    try:
        today = parse_today(args.today)
    except ScaffoldError as exc:
        print(f"resource-centre report: {exc.message}", file=sys.stderr)
        return 2
    lang = args.lang or project.languages.default
    if lang not in project.languages.codes:
        print(f"resource-centre report: --lang '{lang}' is not a language of this site; use one of: "
              f"{', '.join(project.languages.codes)}", file=sys.stderr)
        return 2
    content, problems = project.load()
    schemas = load_schemas(str(project.schemas_dir.resolve()))
    if args.format == "markdown":
        print(report_markdown(content, project.languages, lang, today, schemas), end="")
    else:
        report = build_report(content, project.languages.codes, schemas, today)
        if args.format == "json":
            data = report.to_json()
            data["problems"] = len(problems.sorted())
            print(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            names = {item.code: item.name for item in project.languages.items}
            print(report_text(report, names, len(problems.sorted())), end="")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .editions.export import ARCHIVE_PREFIX, ExportError, export

    project = open_project(Path(args.root))
    dist = (Path(args.root) / args.dist).resolve()
    try:
        result = export(project, dist, pdf=not args.no_pdf, zim=args.zim)
    except ExportError as exc:
        kept = "; the previous archive was left as it was" if list(dist.glob(f"{ARCHIVE_PREFIX}-*.zip")) else ""
        print(f"resource-centre export: {exc}{kept}", file=sys.stderr)
        return 1
    print(f"{result.archive} ({result.size / 1e6:.1f} MB, {result.files} files)")
    for kind, size in result.by_kind.most_common():
        print(f"  {kind:<12} {size / 1e6:7.2f} MB")
    for book in result.books:
        print(f"{book} ({book.stat().st_size / 1e6:.1f} MB)")
    if result.zim is not None:
        print(f"{result.zim.path} ({result.zim.size / 1e6:.1f} MB, {result.zim.entries} entries, "
              f"{len(result.zim.front_articles)} articles)")
    return 0


def cmd_stage(args: argparse.Namespace) -> int:
    """Write docs/ plus the generated pages into a folder, for an engine other than MkDocs to build."""
    from .build.generate import stage_site

    project = open_project(Path(args.root))
    target = Path(args.folder).resolve()
    if project.root == target or project.root in target.parents and target.parts[len(project.root.parts)] in (
            "docs", *[k.folder for k in BY_NAME.values()]):
        print(f"resource-centre stage: {args.folder} is inside the project's sources; choose another folder",
              file=sys.stderr)
        return 2
    try:
        generated, report = stage_site(project, target, drafts=args.drafts)
    except ValueError as exc:  # a bad extra.submit in mkdocs.yml
        print(f"resource-centre stage: {exc}", file=sys.stderr)
        return 2
    for problem in generated.problems:
        print(problem)
    print(f"{target}: {len(report.written)} file(s) written, {report.unchanged} unchanged, "
          f"{len(report.removed)} removed ({len(report.generated)} generated)", file=sys.stderr)
    return 1 if generated.problems else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="resource-centre",
                                     description="Partnership Resource Centre: check records and build the site.")
    parser.add_argument("--root", default=".", help="project folder (holds mkdocs.yml); default: current folder")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    validate = sub.add_parser("validate", help="check every record; print each problem as file:line:column: message")
    validate.add_argument("--github", action="store_true", help="also print GitHub Actions ::error annotations")
    validate.add_argument("--today", metavar="YYYY-MM-DD",
                          help="the date events are compared with: a past event still planned is a warning (default: today)")
    validate.set_defaults(func=cmd_validate)

    fix = sub.add_parser("fix", help="rewrite Khmer text in canonical form in place (--khmer)",
                         description="Rewrite each Khmer cluster that `validate` warns about in its canonical form "
                                     "(subscript order, split vowels, invisible characters, doubled coeng), in place, "
                                     "changing nothing else in the file (comments, order and layout are kept), "
                                     "and print each change as file:line:column: before -> after.")
    fix.add_argument("--khmer", action="store_true", help="Khmer text in canonical form (the only fix so far)")
    fix.add_argument("--dry-run", action="store_true", help="print what would change, change nothing")
    fix.add_argument("paths", nargs="*", metavar="PATH",
                     help="record files or folders, from the project folder (default: every record folder)")
    fix.add_argument("--root", default=argparse.SUPPRESS, help="project folder (same as before the command)")
    fix.set_defaults(func=cmd_fix)

    new = sub.add_parser("new", help="start a new record: every field of its schema, with what to write",
                         description="Write casestudies/<slug>.yml (or tools/, glossary/) from the schema: "
                                     "every field in order with its description; required fields left to fill, "
                                     "optional ones commented out. Never overwrites a record.")
    new.add_argument("kind", choices=NEW_KINDS, help="the type of record")
    new.add_argument("--title", required=True, help="the record's name; its slug becomes the id and file name")
    new.add_argument("--id", help="the id (file name) to use instead of the title's slug, e.g. for a Khmer title")
    new.add_argument("--lang", help="the language you write in (default: the site's default language)")
    new.add_argument("--today", metavar="YYYY-MM-DD", help="date to write as review.last_reviewed (default: today)")
    new.add_argument("--root", default=argparse.SUPPRESS, help="project folder (same as before the command)")
    new.set_defaults(func=cmd_new)

    report = sub.add_parser("report", help="translation coverage, overdue reviews, drafts and term counts",
                            description="Report on the records: localised text present and missing per language, "
                                        "draft translations, reviews whose next_review has passed, drafts, and the "
                                        "number of case studies and tools per taxonomy term. Always exits 0.")
    report.add_argument("--format", choices=["text", "json", "markdown"], default="text", help="default: text")
    report.add_argument("--lang", help="language of the Markdown report (default: the site's default language)")
    report.add_argument("--today", metavar="YYYY-MM-DD", help="the date reviews are compared with (default: today)")
    report.add_argument("--root", default=argparse.SUPPRESS, help="project folder (same as before the command)")
    report.set_defaults(func=cmd_report)

    export = sub.add_parser("export", help="the offline edition: one zip that opens from disk, and the printed books",
                            description="Build the site in offline mode (file://, no network) into "
                                        "dist/partnership-resource-centre-offline-<newest review>.zip, plus one "
                                        "toolbook and one case-study book (PDF) per language. The archive is "
                                        "replaced only when the new one is complete.")
    export.add_argument("--dist", default="dist", help="folder for the archive and the PDFs (default: dist)")
    export.add_argument("--no-pdf", action="store_true", help="skip the printed books (no browser needed)")
    export.add_argument("--zim", action="store_true",
                        help="also write the Kiwix edition (dist/partnership-resource-centre-<date>.zim) from the same build")
    export.add_argument("--root", default=argparse.SUPPRESS, help="project folder (same as before the command)")
    export.set_defaults(func=cmd_export)

    staged = sub.add_parser("stage", help="write docs/ plus the generated pages into a folder, for another engine",
                            description="Make FOLDER hold a copy of docs/ and every generated page (as mkdocs.yml "
                                        "asks: URL style, languages, extra.submit): the Markdown the MkDocs plugin "
                                        "builds, for a pre-build step that feeds another engine (set its docs_dir "
                                        "to FOLDER). Only changed files are written; files no longer wanted are "
                                        "removed. Records with problems are left out and listed (exit 1).")
    staged.add_argument("folder", metavar="FOLDER", help="where to write (created if missing; it becomes a copy)")
    staged.add_argument("--drafts", action="store_true", help="include records whose status is draft")
    staged.add_argument("--root", default=argparse.SUPPRESS, help="project folder (same as before the command)")
    staged.set_defaults(func=cmd_stage)

    add_translations_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    if not (Path(args.root) / "mkdocs.yml").is_file() and not any((Path(args.root) / d).is_dir() for d in ("casestudies", "tools")):
        print(f"resource-centre: {Path(args.root).resolve()} holds no mkdocs.yml or records; use --root", file=sys.stderr)
        return 2
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
