"""The bad-record corpus: each case drops one broken file into the mini fixture."""
from __future__ import annotations

import contextlib
import io
import os
import shutil
from pathlib import Path

from resource_centre.cli import main

HERE = Path(__file__).resolve().parent
CASES_FILE = HERE / "bad_records" / "cases.yml"
FILES = HERE / "bad_records" / "files"


def generated_content(name: str) -> bytes:
    """Cases too big or too odd to keep as files."""
    if name == "ten-megabytes":
        return b"id: bad\nsummary:\n  en: " + b"x" * 10_000_000 + b"\n"
    if name == "deep-nesting":
        return b"id: bad\ntitle: " + b"[" * 5000 + b"]" * 5000 + b"\n"
    raise KeyError(name)


def install_case(project: Path, case: dict) -> Path:
    shutil.copytree(HERE / "fixtures" / "mini", project)
    target = project / case["target"]
    if "generate" in case:
        target.write_bytes(generated_content(case["generate"]))
    else:
        shutil.copyfile(FILES / case["file"], target)
    for link, points_to in (case.get("symlinks") or {}).items():
        os.symlink(points_to, project / link)
    return project


def validate_messages(project: Path) -> tuple[int, list[str], str]:
    """Run ``resource-centre validate`` in-process; returns exit code, message lines, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--root", str(project), "validate"])
    return code, out.getvalue().splitlines(), err.getvalue()
