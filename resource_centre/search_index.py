"""Material's search index, written as real UTF-8 (plain Python: no MkDocs imports).

Material's search plugin writes ``search/search_index.json`` with :func:`json.dumps`'
default ``ensure_ascii=True``, so every Khmer letter becomes a six-byte ``\\u17xx``
escape where UTF-8 needs three. The offline plugin then copies that text into
``search/search_index.js`` (``var __index = {...}``) for the file:// edition. Khmer
pages are mostly letters, so rewriting both files with real UTF-8 makes them about
40 % smaller (measured on the fixture: see ``tests/test_search_khmer.py``), which is
what every reader downloads before the first search.

The rewrite changes bytes only: the parsed index is identical, so Material's client
and the project's Khmer search worker (``overrides/assets/javascripts/rc-search/``)
read it unchanged. It is idempotent and writes each file atomically.

When to call it: once, after the *last* writer of the index. With
mkdocs-static-i18n the final, two-language index is written by the i18n plugin's
``on_post_build`` (priority -100) after it has built the other languages, and the
offline plugin (also -100, listed after i18n) inlines it into ``search_index.js``;
so call :func:`write_utf8_index` from an ``on_post_build`` with a lower priority
(the resource-centre plugin's runs at -200), skipping the inner one-language builds
that i18n runs (while ``i18n.building`` is true), whose index is overwritten anyway.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

# The offline plugin's exact prefix (material/plugins/offline/plugin.py).
JS_PREFIX = "var __index = "
# U+2028/U+2029 are legal in JSON strings and (since ES2019) in JS string literals,
# but older JS engines reject them raw in a script: keep them escaped in the .js file.
_JS_UNSAFE = {"\u2028": "\\u2028", "\u2029": "\\u2029"}


@dataclass(frozen=True)
class Rewritten:
    """One rewritten file: its path and its size before and after."""
    path: Path
    before: int
    after: int


def _index_paths(path: str | os.PathLike) -> tuple[Path, Path]:
    """Accept the site folder, its search/ folder, or the search_index.json file itself."""
    p = Path(path)
    if p.is_dir():
        p = p / "search_index.json" if p.name == "search" else p / "search" / "search_index.json"
    return p, p.with_name("search_index.js")


def dumps_utf8(data) -> str:
    """Compact JSON, as Material writes it, but with characters instead of escapes."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)


def _atomic_write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_utf8_index(path: str | os.PathLike) -> list[Rewritten]:
    """Rewrite search_index.json (and search_index.js, if the offline plugin wrote it) as UTF-8.

    ``path`` is the built site folder (or its ``search/`` folder, or the JSON file).
    Returns what was rewritten; an absent index (search plugin off) is no error.
    Raises ``ValueError`` if search_index.js is not the offline plugin's format.
    """
    json_path, js_path = _index_paths(path)
    done: list[Rewritten] = []
    if json_path.is_file():
        raw = json_path.read_bytes()
        text = dumps_utf8(json.loads(raw.decode("utf-8")))
        _atomic_write(json_path, text)
        done.append(Rewritten(json_path, len(raw), len(text.encode("utf-8"))))
    if js_path.is_file():
        raw = js_path.read_bytes()
        source = raw.decode("utf-8")
        if not source.startswith(JS_PREFIX):
            raise ValueError(f"{js_path}: not the offline plugin's search index (no {JS_PREFIX!r} prefix)")
        body = dumps_utf8(json.loads(source[len(JS_PREFIX):]))
        for char, escape in _JS_UNSAFE.items():
            body = body.replace(char, escape)
        text = JS_PREFIX + body
        _atomic_write(js_path, text)
        done.append(Rewritten(js_path, len(raw), len(text.encode("utf-8"))))
    return done


def read_index(path: str | os.PathLike) -> dict:
    """The parsed search index of a built site (for tests and tools)."""
    json_path, _ = _index_paths(path)
    return json.loads(json_path.read_text(encoding="utf-8"))
