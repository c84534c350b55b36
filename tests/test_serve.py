"""`mkdocs serve` shows drafts and reloads when a YAML record changes."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import make_project


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float = 60) -> float:
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if text in fetch(url):
            return time.monotonic() - start
        time.sleep(0.2)
    raise AssertionError(f"{text!r} did not appear at {url} within {seconds}s")


# As `scripts/build serve` runs it. Not --no-livereload: in MkDocs 1.6 that also stops every file watch.
@pytest.fixture
def served(tmp_path):
    project = make_project(tmp_path / "p")
    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
                               cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(f"http://127.0.0.1:{port}/", "Partnership Resource Centre", 120)
        yield project, f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_serve_shows_drafts_and_reloads_an_edited_record(served):
    project, base = served
    assert "A draft case" in fetch(base + "case-studies/draft-case/")
    record = project / "casestudies" / "provincial-education.yml"
    record.write_text(record.read_text().replace("Provincial education partnership", "Provincial schools partnership"))
    wait_for(base + "case-studies/provincial-education/", "Provincial schools partnership", 60)
    wait_for(base + "km/case-studies/provincial-education/", "Provincial schools partnership", 30)
    assert "Provincial schools partnership" in fetch(base + "case-studies/")
    # Generated pages of the preview are written only when changed, and nothing else in docs/ moved.
    assert (project / "docs" / "en" / "index.md").read_text().startswith("---")


def test_the_preview_search_index_stays_one_entry_per_page_across_edits(served):
    """Under --dirty, Material merges each rebuild into its kept index and i18n appended every
    language again: the index doubled with every edit until the plugin kept one entry per location."""
    import json

    project, base = served
    counts = []
    record = project / "casestudies" / "provincial-education.yml"
    old = "Provincial education partnership"
    for title in ("Provincial schools partnership", "Provincial learning partnership"):
        record.write_text(record.read_text().replace(old, title))
        old = title
        wait_for(base + "case-studies/provincial-education/", title, 60)
        wait_for(base + "search/search_index.json", title, 30)
        docs = json.loads(fetch(base + "search/search_index.json"))["docs"]
        locations = [d["location"] for d in docs]
        assert len(locations) == len(set(locations))
        assert not any(loc.startswith("km/") for loc in locations)
        counts.append(len(docs))
    assert counts[0] == counts[1]
