"""Where a project's parts are: the one place that knows the folder layout.

Both the command line and the MkDocs plugin start from a :class:`Project`, so
they read the same records with the same languages and report the same problems.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .languages import Language, Languages, languages_from_mkdocs_yml, load_languages
from .model import Content
from .problems import ProblemList
from .validate import load_content


# The repository's own schemas and interface strings, used by projects that have none.
REPO = Path(__file__).resolve().parent.parent


def _own_or_repo(root: Path, name: str) -> Path:
    return root / name if (root / name).is_dir() else REPO / name


@dataclass
class Project:
    root: Path
    languages: Languages

    @property
    def schemas_dir(self) -> Path:
        return _own_or_repo(self.root, "schemas")

    @property
    def locales_dir(self) -> Path:
        return _own_or_repo(self.root, "locales")

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    def load(self) -> tuple[Content, ProblemList]:
        return load_content(self.root, self.schemas_dir, self.languages.codes)


def open_project(root: Path, languages: list[Language] | None = None) -> Project:
    """A project rooted at ``root``; languages default to those in its mkdocs.yml."""
    root = root.resolve()
    if languages is None:
        mkdocs_yml = root / "mkdocs.yml" if (root / "mkdocs.yml").is_file() else REPO / "mkdocs.yml"
        languages = languages_from_mkdocs_yml(mkdocs_yml) if mkdocs_yml.is_file() else [Language("en", "English", True)]
    return Project(root, load_languages(languages, _own_or_repo(root, "locales")))
