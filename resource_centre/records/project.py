"""Where a project's parts are: the one place that knows the folder layout.

Both the command line and the MkDocs plugin start from a :class:`Project`, so
they read the same records with the same languages and report the same problems.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from ..text.languages import Language, Languages, languages_from_mkdocs_yml, load_languages, read_mkdocs_yml
from .model import Content
from .problems import ProblemList
from .validate import KeptChecks, load_content

# The repository's own schemas and interface strings, used by projects that have none.
REPO = Path(__file__).resolve().parents[2]


def _own_or_repo(root: Path, name: str) -> Path:
    return root / name if (root / name).is_dir() else REPO / name


# Page fragments (cards, notices, fact tables) as Jinja templates: resource_centre/site/fragments.py.
PARTIALS = Path("overrides", "partials", "rc")


def partials_dirs(root: Path) -> tuple[str, ...]:
    """Where the page fragments of the project at ``root`` are looked up, first folder first: its own
    ``overrides/partials/rc/`` (a site overrides a fragment by a file of the same name) and then the
    repository's, which has them all. Unlike schemas and locales, one file at a time replaces the default.

    Asked for every card (thousands per build), so it is made of strings, not Path objects, and is
    not kept: a folder a site adds while the preview runs counts at the next rebuild."""
    own, repo = os.path.join(root, *PARTIALS.parts), os.path.join(REPO, *PARTIALS.parts)
    return (own, repo) if own != repo and os.path.isdir(own) else (repo,)


@dataclass(frozen=True)
class SiteSettings:
    """What the generator needs from mkdocs.yml besides the languages."""
    docs_dir: Path
    directory_urls: bool = True
    extra: Mapping[str, Any] = field(default_factory=dict)


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

    def settings(self) -> SiteSettings:
        """docs_dir, use_directory_urls and extra as the project's mkdocs.yml sets them (MkDocs' defaults)."""
        config = read_mkdocs_yml(self.root / "mkdocs.yml")
        return SiteSettings(self.root / str(config.get("docs_dir") or "docs"),
                            config.get("use_directory_urls") is not False, config.get("extra") or {})

    def load(self, today: str | None = None, kept: KeptChecks | None = None) -> tuple[Content, ProblemList]:
        """The records and their problems; ``today`` (YYYY-MM-DD) dates the check of past events;
        ``kept``: a preview's checks of earlier loads."""
        return load_content(self.root, self.schemas_dir, self.languages.codes, today, kept)


def open_project(root: Path, languages: list[Language] | None = None) -> Project:
    """A project rooted at ``root``; languages default to those in its mkdocs.yml."""
    root = root.resolve()
    if languages is None:
        mkdocs_yml = root / "mkdocs.yml" if (root / "mkdocs.yml").is_file() else REPO / "mkdocs.yml"
        languages = languages_from_mkdocs_yml(mkdocs_yml) if mkdocs_yml.is_file() else [Language("en", "English", True)]
    return Project(root, load_languages(languages, _own_or_repo(root, "locales")))
