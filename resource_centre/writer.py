"""Put generated pages on disk without ever touching what people wrote.

The generator owns a few folders under ``docs/<lang>/`` (gitignored). It keeps
a manifest of the files it wrote there, writes a file only when its content
changed (so ``mkdocs serve`` does not loop on its own output), deletes files it
wrote earlier that are no longer planned, and never overwrites a file it did not
write: a hand-written page always wins.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = ".resource-centre-generated.json"


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    kept_handwritten: list[str] = field(default_factory=list)
    owned: list[str] = field(default_factory=list)  # every file the generator now owns (written or unchanged)


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_generated(docs_dir: Path, files: dict[str, bytes]) -> WriteReport:
    """Make ``docs_dir`` hold exactly ``files`` (docs-relative path -> bytes) among generated files."""
    report = WriteReport()
    manifest_path = docs_dir / MANIFEST
    try:
        previous = set(json.loads(manifest_path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        previous = set()
    owned: set[str] = set()
    for rel, data in sorted(files.items()):
        target = docs_dir / rel
        if target.exists() and rel not in previous:
            report.kept_handwritten.append(rel)
            continue
        owned.add(rel)
        try:
            if target.read_bytes() == data:
                report.unchanged += 1
                continue
        except OSError:
            pass
        _atomic_write(target, data)
        report.written.append(rel)
    for rel in sorted(previous - owned):
        target = docs_dir / rel
        if rel in files:  # now hand-written: leave it
            continue
        if target.is_file():
            target.unlink()
            report.removed.append(rel)
        _remove_empty_parents(target.parent, docs_dir)
    report.owned = sorted(owned)
    new_manifest = json.dumps(report.owned, indent=0).encode()
    try:
        if manifest_path.read_bytes() == new_manifest:
            return report
    except OSError:
        pass
    _atomic_write(manifest_path, new_manifest)
    return report


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and stop in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
