"""The engine stays at the edge: only the MkDocs adapter may import MkDocs, Material or ProperDocs.

Records, validation, page planning, editions and the contributor tools must run (and be tested)
without a site engine, so that a move to another engine touches one module.
"""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "resource_centre"
ADAPTERS = {"mkdocs_plugin.py"}
ENGINES = ("mkdocs", "material", "properdocs", "mkdocs_static_i18n")


def engine_imports(path: Path) -> list[str]:
    """Every import of an engine package in ``path``, at any depth (function-level imports too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                 else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
        found += [f"{path.name}:{node.lineno}: {name}" for name in names if name.split(".")[0] in ENGINES]
    return found


def test_only_the_adapter_imports_the_site_engine():
    modules = sorted(p for p in PACKAGE.rglob("*.py") if p.name not in ADAPTERS)
    assert len(modules) > 20
    assert [hit for module in modules for hit in engine_imports(module)] == []


def test_the_check_sees_an_engine_import(tmp_path):
    """The check itself can fail: an import inside a function is found too."""
    module = tmp_path / "x.py"
    module.write_text("def f():\n    from mkdocs.structure.files import File\n    import material.plugins\n")
    assert engine_imports(module) == ["x.py:2: mkdocs.structure.files", "x.py:3: material.plugins"]
