"""Page fragments (a card, the notice block, a fact table) rendered from Jinja templates a site can override.

The HTML of the pieces a site most wants to restyle lives in ``overrides/partials/rc/*.html``,
as Material's own partials do, so restyling a card means editing a template, not Python. A
project's own ``overrides/partials/rc/<name>`` replaces the repository's file of that name
(:func:`project.partials_dirs`); the rest keep the default. Templates are given plain data from
the records (texts with their language, links, lists of words), never HTML made in Python,
except for Markdown or HTML the generator already made (a rendered field, another fragment).

Plain text is written as the generator writes all plain text into HTML (:func:`markup.attr`):
escaped, quotes included, on one line. A missing value is an error (StrictUndefined), so a
template that names a variable its caller does not give fails the build instead of printing
nothing.
"""
from __future__ import annotations

import html
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ..records.project import partials_dirs
from ..text.markup import attr


def _plain(value: Any) -> Any:
    """Every ``{{ value }}``: plain text as :func:`markup.attr` writes it; HTML (Markup) as it is."""
    if isinstance(value, str) and not hasattr(value, "__html__"):
        return Markup(attr(value))
    return value


def _exact(value: str) -> Markup:
    """Plain text escaped with its white space kept: a list separator such as ", "."""
    return Markup(html.escape(str(value), quote=True))


@lru_cache(maxsize=8)
def environment(folders: tuple[str, ...]) -> Environment:
    """One environment per list of template folders (a build uses one): Jinja keeps each compiled
    template and recompiles a file that changed, so a preview picks up an edited partial. It holds
    compiled templates only, never a project's content, so keeping it for the process is safe."""
    env = Environment(loader=FileSystemLoader(folders), autoescape=True,
                      undefined=StrictUndefined, finalize=_plain, trim_blocks=True, lstrip_blocks=True)
    env.filters["exact"] = _exact
    return env


def render(root: Path, name: str, /, **values: Any) -> str:
    """Fragment ``name`` (e.g. "card.html") of the project at ``root``, given ``values``.

    A plain ``str``, as every other piece of a generated page: a caller that hands it to another
    template wraps it in Markup (a Markup's ``+`` and ``replace`` would escape their arguments)."""
    return environment(partials_dirs(root)).get_template(name).render(**values)
