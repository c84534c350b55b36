"""The preview's first step after an edit (resource_centre/engine/live.py): what counts as an edit of
one record, and the check of that file alone, held to the full load's messages on every bad record."""
from __future__ import annotations

import os
import shutil
import threading

import pytest
import yaml
from bad_records_lib import CASES_FILE, _content
from conftest import FIXTURES

from resource_centre.engine.live import Background, edited_records, replace_search_entries, snapshot
from resource_centre.records.kinds import CASE_STUDY, KINDS, TOOL
from resource_centre.records.project import open_project
from resource_centre.records.validate import KeptChecks, check_one

CASES = [c for c in yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
         if c["target"] in ("casestudies/bad.yml", "tools/bad.yml") and not c.get("symlinks")]


def sound_project(root):
    """The mini fixture with a sound record at casestudies/bad.yml and tools/bad.yml (id: bad)."""
    shutil.copytree(FIXTURES / "mini", root)
    for folder, source in (("casestudies", "provincial-education.yml"), ("tools", None)):
        if source is None:
            source = sorted(p.name for p in (root / folder).glob("*.yml"))[0]
        text = (root / folder / source).read_text(encoding="utf-8")
        (root / folder / "bad.yml").write_text(text.replace(f"id: {source[:-4]}", "id: bad", 1), encoding="utf-8")
    return open_project(root)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_one_file_checked_alone_gives_the_full_loads_messages_for_it(tmp_path, case):
    project = sound_project(tmp_path / "p")
    kept = KeptChecks()
    content, problems = project.load(kept=kept)
    assert not list(problems)
    path = project.root / case["target"]
    path.write_bytes(_content(case))
    kind = CASE_STUDY if case["target"].startswith("casestudies/") else TOOL
    record, alone = check_one(kind, path, project.root, kept)
    _, full = project.load()
    expected = [str(p) for p in full.sorted() if p.file == case["target"]]
    assert expected, "the case is a problem of that file"
    assert [str(p) for p in alone.sorted()] == expected
    assert record is None


def test_a_sound_file_checked_alone_is_its_record(tmp_path):
    project = sound_project(tmp_path / "p")
    kept = KeptChecks()
    content, _ = project.load(kept=kept)
    path = project.root / "casestudies" / "bad.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("Provincial education partnership", "Renamed"),
                    encoding="utf-8")
    record, problems = check_one(CASE_STUDY, path, project.root, kept)
    assert not list(problems)
    assert record is not None and record.id == "bad" and record.get("title") == {"en": "Renamed"}
    assert content.case_studies["bad"].get("title") != record.get("title")


def test_only_an_edit_of_existing_case_studies_and_tools_is_one_records_edit(tmp_path):
    project = sound_project(tmp_path / "p")
    root = project.root

    def files():
        return snapshot(sorted(p for k in KINDS if (root / k.folder).is_dir() for p in (root / k.folder).rglob("*")))

    def touch(path):
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))

    before = files()
    assert edited_records(before, files(), root) == []
    case, tool = root / "casestudies" / "bad.yml", root / "tools" / "bad.yml"
    touch(case)
    touch(tool)
    assert edited_records(before, files(), root) == [(CASE_STUDY, case), (TOOL, tool)]
    before = files()
    touch(next((root / "glossary").glob("*.yml")))  # the glossary: every page's tooltips
    assert edited_records(before, files(), root) is None
    before = files()
    (root / "casestudies" / "new.yml").write_text(case.read_text(encoding="utf-8"), encoding="utf-8")
    assert edited_records(before, files(), root) is None  # added: the lists change shape
    before = files()
    case.unlink()
    assert edited_records(before, files(), root) is None


def test_a_rebuilt_pages_search_entries_replace_its_old_ones():
    entries = [{"location": "a/", "title": "A"}, {"location": "a/#x", "title": "old"},
               {"location": "b/", "title": "B"}, {"location": "a/", "title": "A2"}, {"location": "a/#y", "title": "new"}]
    replace_search_entries(entries, 3, {"a/"})
    assert entries == [{"location": "b/", "title": "B"}, {"location": "a/", "title": "A2"},
                       {"location": "a/#y", "title": "new"}]


def test_the_second_pass_runs_again_when_asked_during_a_run_and_knows_it_was_overtaken():
    runs: list[tuple[int, int]] = []
    started, release = threading.Event(), threading.Event()
    second = Background(lambda run: (runs.append((run, second.asked)), started.set(), release.wait(10)))
    second.request()
    assert started.wait(10)
    second.request()  # an edit while it runs: its result is out of date, and it runs once more
    second.request()
    release.set()
    deadline = threading.Event()
    for _ in range(100):
        if len(runs) == 2 and (second._thread is None or not second._thread.is_alive()):
            break
        deadline.wait(0.05)
    assert [run for run, _ in runs] == [1, 3]
