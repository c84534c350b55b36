"""Put files on disk safely: the one atomic write, and the staging of a site's Markdown.

The generator never writes into the project's ``docs/``. It *stages* the site instead: a folder
holding a copy of ``docs/`` plus the generated pages, which the site engine then builds. Under
MkDocs the plugin stages into a temporary folder of its own and points ``docs_dir`` at it; for any
other engine ``resource-centre stage DIR`` writes the same folder where the pre-build step wants it.
Keeping generated pages out of ``docs/`` means a preview never sees its own writes as an edit, and
a contributor's working tree holds only what people wrote.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

# Versions before staging wrote their pages into docs/ and listed them here; such leftovers are
# not hand-written pages and are not staged.
OLD_MANIFEST = ".resource-centre-generated.json"


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all: a reader (or a crash) never sees half a file.

    The file keeps its permissions, and a new one gets the usual ones (0666 less the umask), not the
    0600 of a temporary file: a record stays readable by its group, a site file by the web server.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        mode = 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@dataclass
class StageReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    kept_handwritten: list[str] = field(default_factory=list)  # generated pages a hand-written file replaces
    generated: list[str] = field(default_factory=list)  # the generated files in the stage


def handwritten_files(docs_dir: Path) -> dict[str, Path]:
    """Every file people put in ``docs_dir`` (docs-relative POSIX path -> file), leftovers of old versions excluded."""
    if not docs_dir.is_dir():
        return {}
    try:
        leftovers = set(json.loads((docs_dir / OLD_MANIFEST).read_text(encoding="utf-8"))) | {OLD_MANIFEST}
    except (OSError, ValueError, TypeError):
        leftovers = set()
    found = {}
    for path in docs_dir.rglob("*"):
        rel = path.relative_to(docs_dir).as_posix()
        if path.is_file() and rel not in leftovers:
            found[rel] = path
    return found


def stage(target: Path, generated: dict[str, bytes], docs_dir: Path | None) -> StageReport:
    """Make ``target`` hold exactly ``docs_dir``'s files plus ``generated`` (docs-relative path -> bytes).

    A hand-written file wins over a generated one of the same path. Only files whose bytes changed
    are written and files no longer wanted are deleted, so restaging after one edit writes one page.
    """
    report = StageReport()
    handwritten = handwritten_files(docs_dir) if docs_dir is not None else {}
    wanted: dict[str, bytes | Path] = dict(handwritten)
    for rel, data in generated.items():
        if rel in handwritten:
            report.kept_handwritten.append(rel)
        else:
            wanted[rel] = data
            report.generated.append(rel)
    for rel, source in sorted(wanted.items()):
        path = target / rel
        data = source.read_bytes() if isinstance(source, Path) else source
        try:
            if path.stat().st_size == len(data) and path.read_bytes() == data:
                report.unchanged += 1
                continue
        except OSError:
            pass
        atomic_write(path, data)
        report.written.append(rel)
    if target.is_dir():
        for path in sorted(target.rglob("*"), reverse=True):
            rel = path.relative_to(target).as_posix()
            if path.is_file() and rel not in wanted:
                path.unlink()
                report.removed.append(rel)
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    report.generated.sort()
    report.kept_handwritten.sort()
    return report


STAGE_PREFIX = "resource-centre-stage-"


def new_stage_folder(parent: Path | None = None) -> Path:
    """A new temporary folder to stage a site in, named after this process.

    A build or preview removes its folder when it ends, but a process that is killed (SIGTERM, a
    closed terminal) cannot: the folders of processes that no longer run are removed here instead.
    """
    parent = Path(parent or tempfile.gettempdir())
    for old in parent.glob(f"{STAGE_PREFIX}*-*"):
        pid = old.name[len(STAGE_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(old, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{STAGE_PREFIX}{os.getpid()}-", dir=parent))


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def write_files(folder: Path, files: dict[str, bytes]) -> None:
    """Write each file (``folder``-relative path -> bytes) atomically, e.g. the open data into a built site."""
    for rel, data in files.items():
        atomic_write(folder / rel, data)


def move_over(source: Path, target: Path) -> int:
    """Move every file under ``source`` to the same place under ``target``, replacing what is there,
    then remove ``source``; the number of files moved.

    A site built in two folders at once (each language on its own core) becomes one, as if the
    second had been written after the first. Each file is renamed, not copied: one system call a file,
    and no reader of ``target`` sees half a file. Both folders must be on the same file system."""
    moved = 0
    for folder, _dirs, names in os.walk(source):
        destination = target / Path(folder).relative_to(source)
        destination.mkdir(parents=True, exist_ok=True)
        for name in names:
            os.replace(Path(folder) / name, destination / name)
            moved += 1
    shutil.rmtree(source, ignore_errors=True)
    return moved
