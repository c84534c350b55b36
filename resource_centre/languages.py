"""Site languages and interface strings: configuration, never code.

The list of languages comes from mkdocs.yml (the i18n plugin's ``languages``);
the words our generated pages use come from ``locales/<code>.yml``. Adding a
language means adding both, and nothing else.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import yaml


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    default: bool = False


@dataclass
class Languages:
    items: list[Language]
    strings: dict[str, dict[str, str]] = field(default_factory=dict)
    _orders: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def codes(self) -> list[str]:
        return [lang.code for lang in self.items]

    @property
    def default(self) -> str:
        return next((lang.code for lang in self.items if lang.default), self.items[0].code)

    def fallback_order(self, lang: str) -> tuple[str, ...]:
        """The languages to try for ``lang``: itself, the default, then the rest in order."""
        # Asked for every localised value of every page (70,000 times at 300 records): kept per
        # language (the languages of a site are read once, from mkdocs.yml, and never change).
        order = self._orders.get(lang)
        if order is None:
            order = self._orders[lang] = tuple(dict.fromkeys([lang, self.default] + self.codes))
        return order

    def name(self, code: str, reader: str) -> str:
        """The name of language ``code`` in language ``reader`` (Babel's, else the configured name)."""
        from babel import Locale  # only where names are shown: keeps importing this module light

        try:
            name = Locale.parse(reader).languages.get(code)
        except (ValueError, LookupError):
            name = None
        return name or next((item.name for item in self.items if item.code == code), code)

    def t(self, lang: str, key: str, **values: Any) -> str:
        """An interface string in ``lang``, falling back like record text does."""
        for code in self.fallback_order(lang):
            text = self.strings.get(code, {}).get(key)
            if text is not None:
                return text.format(**values) if values else text
        raise KeyError(f"interface string '{key}' is missing from locales/*.yml")


def load_languages(items: list[Language], locales_dir: Path) -> Languages:
    strings = {}
    for lang in items:
        path = locales_dir / f"{lang.code}.yml"
        if path.is_file():
            strings[lang.code] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return Languages(items, strings)


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without executing its ``!!python`` or ``!ENV`` tags."""


_LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_LenientLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def languages_from_mkdocs_yml(mkdocs_yml: Path) -> list[Language]:
    """The site languages as the i18n plugin of ``mkdocs.yml`` declares them."""
    config = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=_LenientLoader) or {}
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, Mapping) and "i18n" in plugin:
            return languages_from_i18n(plugin["i18n"].get("languages") or [])
    return [Language("en", "English", True)]


def languages_from_i18n(entries: list[Mapping[str, Any]]) -> list[Language]:
    return [Language(str(e["locale"]), str(e.get("name", e["locale"])), bool(e.get("default", False)))
            for e in entries if e.get("build", True) is not False]
