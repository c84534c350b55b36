"""The bad-record corpus: each case drops one broken file into the mini fixture."""
from __future__ import annotations

import contextlib
import io
import os
import re
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
    _put(project, case)
    return project


def _content(case: dict) -> bytes:
    return generated_content(case["generate"]) if "generate" in case else (FILES / case["file"]).read_bytes()


def _put(project: Path, case: dict, content: bytes | None = None) -> None:
    (project / case["target"]).parent.mkdir(parents=True, exist_ok=True)  # a kind the fixture has no record of
    (project / case["target"]).write_bytes(_content(case) if content is None else content)
    for link, points_to in (case.get("symlinks") or {}).items():
        os.symlink(points_to, project / link)


# Together: most cases write <folder>/bad.yml (id: bad); in one project each gets a name of its own
# of the same length (b00.yml, id: b00), so every line, column and byte count of its messages stays.
_BAD = re.compile(r"\bbad\.yml\b")
_BAD_ID = re.compile(rb"^(\xef\xbb\xbf)?id: bad(?=\r?$)", re.MULTILINE)
_BAD_HINT = re.compile(r"(set id: )bad\)")


def renamed(case: dict, index: int) -> dict:
    """``case`` with its ``bad.yml`` called ``b<index>.yml`` (the file and its id), in its messages too."""
    if not case["target"].endswith("/bad.yml"):
        return case
    stem = f"b{index:02d}"
    assert len(stem) == len("bad"), "a longer name would move columns and change byte counts"
    return {**case, "target": _BAD.sub(f"{stem}.yml", case["target"]),
            "expect": [_BAD_HINT.sub(rf"\g<1>{stem})", _BAD.sub(f"{stem}.yml", line)) for line in case["expect"]],
            "id": stem}


def together(cases: list[dict]) -> list[list[dict]]:
    """The cases renamed and put in as few projects as they fit (two).

    A case that breaks one of the fixture's records changes what every other file refers to (an
    unknown id's "did you mean" names only sound records), so those cases share a project only with
    each other, one per broken record; every case that adds a file of its own shares the other.
    """
    adding: list[dict] = []
    breaking: list[list[dict]] = []
    for index, case in enumerate(cases):
        case = renamed(case, index)
        if not (HERE / "fixtures" / "mini" / case["target"]).exists():
            adding.append(case)
            continue
        group = next((g for g in breaking if all(case["target"] != other["target"] for other in g)), None)
        if group is None:
            breaking.append(group := [])
        group.append(case)
    return [g for g in [adding, *breaking] if g]


def install_cases(project: Path, cases: list[dict]) -> Path:
    """The mini fixture with every case's file (renamed by :func:`together`) in it."""
    shutil.copytree(HERE / "fixtures" / "mini", project)
    for case in cases:
        content = _content(case)
        if "id" in case:
            content = _BAD_ID.sub(lambda m: (m.group(1) or b"") + b"id: " + case["id"].encode(), content, count=1)
        _put(project, case, content)
    return project


def validate_messages(project: Path) -> tuple[int, list[str], str]:
    """Run ``resource-centre validate`` in-process; returns exit code, message lines, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--root", str(project), "validate"])
    return code, out.getvalue().splitlines(), err.getvalue()
