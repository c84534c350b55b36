"""The plugin's settings in mkdocs.yml (``plugins: - resource-centre: ...``), typed and checked by MkDocs."""
from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class ResourceCentreConfig(Config):
    # Folder holding casestudies/, tools/, glossary/, taxonomies/, schemas/ and locales/.
    root = c.Optional(c.Type(str))
    # Drafts: 'auto' shows them in `mkdocs serve` and leaves them out of `mkdocs build`.
    drafts = c.Choice(("auto", "show", "hide"), default="auto")
    # Gzip bytes a language's search index may weigh before the first search; a larger index is
    # trimmed and the rest of its text loaded only when a query needs it (search_budget.py).
    search_first_download = c.Type(int, default=1_000_000)
    # Processes that plan the pages of `mkdocs build` (0: one per core this build may use; 1: none but
    # MkDocs' own). The preview always plans in its own process: it runs threads, which fork does not copy.
    workers = c.Type(int, default=0)
