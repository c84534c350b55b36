"""The ``resource-centre`` command line. Exit codes: 0 success, 1 problems found, 2 usage error."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .project import open_project


def cmd_validate(args: argparse.Namespace) -> int:
    project = open_project(Path(args.root))
    _, problems = project.load()
    found = problems.sorted()
    for problem in found:
        print(problem)
        if args.github:
            print(f"::error file={problem.file},line={problem.line},col={problem.column}::{problem.message}"
                  + (f" ({problem.hint})" if problem.hint else ""))
    if found:
        files = len({p.file for p in found})
        print(f"{len(found)} problem(s) in {files} file(s)", file=sys.stderr)
        return 1
    print("All records are valid.", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="resource-centre",
                                     description="Partnership Resource Centre: check records and build the site.")
    parser.add_argument("--root", default=".", help="project folder (holds mkdocs.yml); default: current folder")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    validate = sub.add_parser("validate", help="check every record; print each problem as file:line:column: message")
    validate.add_argument("--github", action="store_true", help="also print GitHub Actions ::error annotations")
    validate.set_defaults(func=cmd_validate)
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
