"""Staging: docs/ plus the generated pages in a folder of their own (resource_centre/output/writer.py),
and `resource-centre stage DIR`, which writes that folder for another engine."""
from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

from conftest import make_project, mkdocs

from resource_centre.output.writer import OLD_MANIFEST, atomic_write, new_stage_folder, stage


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_stage_holds_docs_and_generated_pages_and_a_hand_written_page_wins(tmp_path):
    docs = tmp_path / "docs"
    (docs / "en").mkdir(parents=True)
    (docs / "en" / "index.md").write_text("# Home\n")
    (docs / "en" / "tools.md").write_text("# Our own tools page\n")
    report = stage(tmp_path / "out", {"en/tools.md": b"generated", "en/x.md": b"x"}, docs)
    assert tree(tmp_path / "out") == {"en/index.md": b"# Home\n", "en/tools.md": b"# Our own tools page\n",
                                      "en/x.md": b"x"}
    assert report.kept_handwritten == ["en/tools.md"] and report.generated == ["en/x.md"]
    assert tree(docs) == {"en/index.md": b"# Home\n", "en/tools.md": b"# Our own tools page\n"}


def test_restaging_writes_only_what_changed_and_removes_what_is_gone(tmp_path):
    out = tmp_path / "out"
    stage(out, {"en/a.md": b"a", "en/b/c.md": b"c", "en/d.md": b"d"}, None)
    before = (out / "en" / "a.md").stat().st_mtime_ns
    report = stage(out, {"en/a.md": b"a", "en/d.md": b"D"}, None)
    assert report.written == ["en/d.md"] and report.unchanged == 1 and report.removed == ["en/b/c.md"]
    assert (out / "en" / "a.md").stat().st_mtime_ns == before
    assert not (out / "en" / "b").exists()  # an emptied folder goes too
    assert tree(out) == {"en/a.md": b"a", "en/d.md": b"D"}


def test_pages_an_older_version_left_in_docs_are_not_staged(tmp_path):
    """Versions before staging wrote generated pages into docs/ and listed them in a manifest."""
    docs = tmp_path / "docs"
    (docs / "en" / "case-studies").mkdir(parents=True)
    (docs / "en" / "case-studies" / "old.md").write_text("stale")
    (docs / "en" / "about.md").write_text("# About\n")
    (docs / OLD_MANIFEST).write_text(json.dumps(["en/case-studies/old.md"]))
    stage(tmp_path / "out", {"en/case-studies/new.md": b"new"}, docs)
    assert tree(tmp_path / "out") == {"en/about.md": b"# About\n", "en/case-studies/new.md": b"new"}


def test_an_atomic_write_keeps_a_files_permissions_and_gives_a_new_one_the_usual_ones(tmp_path):
    record = tmp_path / "record.yml"
    record.write_text("old")
    os.chmod(record, 0o640)
    atomic_write(record, b"new")
    assert record.read_bytes() == b"new" and stat.S_IMODE(record.stat().st_mode) == 0o640
    mask = os.umask(0o022)
    try:
        atomic_write(tmp_path / "new.txt", b"x")
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o644  # not a temporary file's 0600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".tmp-")] == []


def test_the_stage_command_writes_what_the_plugin_builds(tmp_path):
    """`resource-centre stage DIR` + a build without our plugin gives the same pages as the plugin's build."""
    project = make_project(tmp_path / "p")
    docs = tree(project / "docs")
    result = subprocess.run([sys.executable, "-m", "resource_centre", "stage", str(tmp_path / "staged")],
                            cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "file(s) written" in result.stderr
    staged = tree(tmp_path / "staged")
    assert "en/case-studies/provincial-education.md" in staged and "km/glossary/index.md" in staged
    assert {rel: staged[rel] for rel in docs} == docs  # a copy of docs/
    assert tree(project / "docs") == docs
    mkdocs(project, "build")
    built = {p.relative_to(project / "site").as_posix() for p in (project / "site").rglob("index.html")}
    config = (project / "mkdocs.yml").read_text().replace("  - resource-centre\n", "")
    config = config.replace("docs_dir: docs", f"docs_dir: {tmp_path / 'staged'}").replace("site_dir: site", "site_dir: site2")
    (project / "mkdocs.floor.yml").write_text(config)
    mkdocs(project, "build", "-f", "mkdocs.floor.yml")
    plain = {p.relative_to(project / "site2").as_posix() for p in (project / "site2").rglob("index.html")}
    assert plain == built


def test_the_stage_command_refuses_a_folder_inside_the_sources(tmp_path):
    project = make_project(tmp_path / "p")
    result = subprocess.run([sys.executable, "-m", "resource_centre", "stage", "docs/out"], cwd=project,
                            capture_output=True, text=True)
    assert result.returncode == 2 and "inside the project's sources" in result.stderr
    assert not (project / "docs" / "out").exists()


def test_a_killed_process_s_stage_folder_is_removed_by_the_next_one(tmp_path):
    """A preview ended by SIGTERM cannot remove its staged copy; the next build or preview does."""
    import subprocess as sp

    finished = sp.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = tmp_path / f"resource-centre-stage-{finished.stdout.strip()}-abc"
    (dead / "en").mkdir(parents=True)
    alive = tmp_path / f"resource-centre-stage-{os.getpid()}-def"
    alive.mkdir()
    new = new_stage_folder(tmp_path)
    assert not dead.exists() and alive.exists() and new.is_dir()
    assert new.name.startswith(f"resource-centre-stage-{os.getpid()}-")
