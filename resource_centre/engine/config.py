"""The plugin's settings in mkdocs.yml (``plugins: - resource-centre: ...``), typed and checked by MkDocs."""
from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from ..editions.webapp import SAVE_UP_TO


class ResourceCentreConfig(Config):
    # Folder holding casestudies/, tools/, glossary/, taxonomies/, schemas/ and locales/.
    root = c.Optional(c.Type(str))
    # Drafts: 'auto' shows them in `mkdocs serve` and leaves them out of `mkdocs build`.
    drafts = c.Choice(("auto", "show", "hide"), default="auto")
    # Gzip bytes a language's search index may weigh before the first search; a larger index is
    # trimmed and the rest of its text loaded only when a query needs it (search_budget.py).
    search_first_download = c.Type(int, default=1_000_000)
    # Gzip bytes of a language the web app saves on a reader's first visit without asking (a phone on a
    # paid connection should not fetch tens of MB unasked); a larger language, or any when the browser
    # asks to save data, is offered in the footer with its size instead. 0: always offered.
    offline_save_up_to = c.Type(int, default=SAVE_UP_TO)
    # Processes that plan the pages of `mkdocs build` (0: one per core this build may use; 1: none but
    # MkDocs' own). The preview always plans in its own process: it runs threads, which fork does not copy.
    workers = c.Type(int, default=0)
