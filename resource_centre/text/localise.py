"""Pick the text of a field in the reader's language, falling back field by field.

Like Lektor: a translation may lack some fields; each missing one falls back to
the next language in order, and the caller learns which language it got so the
page can say so. Lists of words (a record's tags) fall back by the same rule, a
whole list at a time: :func:`localise_list`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

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
    found = _first(value, lang, languages, _has_text)
    return Localised(found[1], found[0], found[0] != lang) if found else EMPTY


@dataclass(frozen=True)
class LocalisedList:
    """A list of words (a record's tags) in the language they are actually in."""

    items: tuple[str, ...]
    lang: str        # the language the words are in
    fallback: bool   # True when that is not the language asked for

    def __bool__(self) -> bool:
        return bool(self.items)


EMPTY_LIST = LocalisedList((), "", False)


def localise_list(value: Any, lang: str, languages: Languages) -> LocalisedList:
    """The words of a list field for ``lang``: a plain list ([joint review, health]) is in the
    default language; a list per language ({en: [...], km: [...]}) falls back as text does."""
    found = _first(value, lang, languages, _has_items) if isinstance(value, dict) \
        else (languages.default, value) if _has_items(value) else None
    if not found:
        return EMPTY_LIST
    return LocalisedList(tuple(str(item) for item in found[1]), found[0], found[0] != lang)


def lists_by_language(value: Any, languages: Languages) -> dict[str, list[str]]:
    """Every language's words of a list field: a plain list is the default language's.

    For what reads all languages at once (the explorer's words, the open data with every language).
    """
    if isinstance(value, dict):
        return {code: [str(item) for item in items] for code, items in value.items() if _has_items(items)}
    return {languages.default: [str(item) for item in value]} if _has_items(value) else {}


def _has_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _has_items(value: Any) -> bool:
    return isinstance(value, list) and bool(value)


def _first(value: dict, lang: str, languages: Languages, usable: Callable[[Any], bool]) -> tuple[str, Any] | None:
    """The first language, in ``lang``'s fallback order, whose value is usable: the one fallback rule.

    The site's languages first; then any other a record holds (a language the site dropped).
    """
    for codes in (languages.fallback_order(lang), sorted(value)):
        for code in codes:
            if usable(value.get(code)):
                return code, value[code]
    return None
