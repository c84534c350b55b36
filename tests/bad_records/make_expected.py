"""Regenerate tests/bad_records/cases.yml from the current messages, for review in a diff.

Golden files pair each bad record with the exact messages it must produce; run
this after changing a message on purpose, then read the diff before committing.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from bad_records_lib import CASES_FILE, install_case, validate_messages  # noqa: E402

cases = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
for case in cases:
    with tempfile.TemporaryDirectory() as tmp:
        project = install_case(Path(tmp) / "p", case)
        case["expect"] = validate_messages(project)[1]
        shutil.rmtree(project)
CASES_FILE.write_text(yaml.safe_dump(cases, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
print(f"{len(cases)} cases written to {CASES_FILE}")
