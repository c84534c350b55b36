"""Pick the text of a field in the reader's language, falling back field by field.

Like Lektor: a translation may lack some fields; each missing one falls back to
the next language in order, and the caller learns which language it got so the
page can say so.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .languages import Languages


@dataclass(frozen=True)
class Localised:
    text: str
    lang: str        # the language the text is actually in
    fallback: bool   # True when that is not the language asked for

    def __bool__(self) -> bool:
        return bool(self.text)


EMPTY = Localised("", "", False)


def localise(value: Any, lang: str, languages: Languages) -> Localised:
    """The text of a localised mapping ({en: ..., km: ...}) for ``lang``."""
    if not isinstance(value, dict):
        return EMPTY if value in (None, "") else Localised(str(value), lang, False)
    # The site's languages first; then any other a record holds (a language the site dropped).
    return _first(value, languages.fallback_order(lang), lang) or _first(value, sorted(value), lang) or EMPTY


def _first(value: dict, codes, lang: str) -> Localised | None:
    for code in codes:
        text = value.get(code)
        if isinstance(text, str) and text.strip():
            return Localised(text, code, code != lang)
    return None
