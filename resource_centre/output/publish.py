"""Publish a built site only when its build completed: readers never get half a site.

The engine builds into a sibling folder (``site.building``); :meth:`Publication.finish` swaps it
in place of ``site`` if the build succeeded, and throws it away otherwise, leaving the last good
site as it was. Policy of the generator, not of an engine: any engine's adapter can use it.
"""
from __future__ import annotations

import shutil
from pathlib import Path


class Publication:
    def __init__(self, final: str | Path) -> None:
        self.final = Path(final)
        self.building = self.final.with_name(self.final.name + ".building")
        shutil.rmtree(self.building, ignore_errors=True)

    def finish(self, completed: bool) -> bool:
        """Swap the new site in if ``completed``; True when it was published."""
        if not completed:
            shutil.rmtree(self.building, ignore_errors=True)
            return False
        old = self.final.with_name(self.final.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if self.final.exists():
            self.final.rename(old)
        self.building.rename(self.final)
        shutil.rmtree(old, ignore_errors=True)
        return True
