"""The engine stays at the edge: only the MkDocs adapter (resource_centre/engine/) may import MkDocs, Material or ProperDocs.

Records, validation, page planning, editions and the contributor tools must run (and be tested)
without a site engine, so that a move to another engine touches one module.
"""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "resource_centre"
ADAPTER = PACKAGE / "engine"  # the adapter package: config, compat, plugin
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
    modules = sorted(p for p in PACKAGE.rglob("*.py") if ADAPTER not in p.parents)
    assert len(modules) > 20
    assert [hit for module in modules for hit in engine_imports(module)] == []


def test_the_check_sees_an_engine_import(tmp_path):
    """The check itself can fail: an import inside a function is found too."""
    module = tmp_path / "x.py"
    module.write_text("def f():\n    from mkdocs.structure.files import File\n    import material.plugins\n")
    assert engine_imports(module) == ["x.py:2: mkdocs.structure.files", "x.py:3: material.plugins"]


def private_attributes(path: Path) -> list[str]:
    """Every ``obj._name`` in ``path`` on something other than ``self``/``cls`` (another class's internals)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            if not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
                found.append(f"{path.name}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_other_packages_internals_are_reached_only_in_the_compat_module():
    """Each workaround for MkDocs, Material or i18n internals lives in engine/compat.py, with its version."""
    allowed = {"argparse._SubParsersAction"}  # the standard library's, in a type hint
    modules = sorted(p for p in PACKAGE.rglob("*.py") if p != ADAPTER / "compat.py")
    assert [hit for module in modules for hit in private_attributes(module) if hit.split(": ", 1)[1] not in allowed] == []
    assert private_attributes(ADAPTER / "compat.py")  # the check sees them where they are
