"""Site languages and interface strings: configuration, never code.

The list of languages comes from mkdocs.yml (the i18n plugin's ``languages``);
the words our generated pages use come from ``locales/<code>.yml``. Adding a
language means adding both, and nothing else.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import yaml

# CLDR plural categories: a locale string may be a map from some of these to its text.
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
ASCII_DIGITS = "0123456789"


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    default: bool = False
    # The site's name in this language (the i18n entry's site_name); "" when it names none, where the
    # site's own site_name applies. Read from the configuration, never from config.site_name while
    # building: the i18n plugin switches that to the language it builds last.
    site_name: str = ""


@dataclass
class Languages:
    items: list[Language]
    # Per language: key -> text, or (for sentences with a count) CLDR plural category -> text.
    strings: dict[str, dict[str, Any]] = field(default_factory=dict)
    _orders: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)
    _digits: dict[str, dict[int, str] | None] = field(default_factory=dict, repr=False, compare=False)

    @property
    def codes(self) -> list[str]:
        return [lang.code for lang in self.items]

    @property
    def default(self) -> str:
        return next((lang.code for lang in self.items if lang.default), self.items[0].code)

    def folder(self, code: str) -> str:
        """The site folder of a language's pages (see ``language_folder``)."""
        return language_folder(code, self.default)

    def fallback_order(self, lang: str) -> tuple[str, ...]:
        """The languages to try for ``lang``: itself, the default, then the rest in order."""
        # Asked for every localised value of every page (70,000 times at 300 records): kept per
        # language (the languages of a site are read once, from mkdocs.yml, and never change).
        order = self._orders.get(lang)
        if order is None:
            order = self._orders[lang] = tuple(dict.fromkeys([lang, self.default] + self.codes))
        return order

    def site_name_in(self, lang: str, default: str) -> str:
        """The site's name in ``lang``: its own (the i18n entry's site_name in mkdocs.yml), else ``default``."""
        return next((item.site_name for item in self.items if item.code == lang and item.site_name), default)

    def name(self, code: str, reader: str) -> str:
        """The name of language ``code`` in language ``reader`` (Babel's, else the configured name)."""
        from babel import Locale  # only where names are shown: keeps importing this module light

        try:
            name = Locale.parse(reader).languages.get(code)
        except (ValueError, LookupError):
            name = None
        return name or next((item.name for item in self.items if item.code == code), code)

    def t(self, lang: str, key: str, **values: Any) -> str:
        """An interface string in ``lang``, falling back like record text does.

        A whole number among ``values`` is written with :meth:`number`; ``count`` also picks the
        plural form when the string is a map by CLDR category (``{one: ..., other: ...}``), by
        the rules of the language the text is in, so a new language needs words, not code.
        """
        code, text = self._template(lang, key, values.get("count"))
        if not values:
            return text
        return text.format(**{name: self.number(code, value) if _is_number(value) else value
                              for name, value in values.items()})

    def counted(self, lang: str, key: str, count: int) -> tuple[str, str, str]:
        """The sentence ``key`` for ``count`` cut around the number, (before, number, after), so a page
        can set the number apart (the home page's figures) and still say it in the language's words."""
        code, text = self._template(lang, key, count)
        before, _, after = text.partition("{count}")
        return before, self.number(code, count), after

    def _template(self, lang: str, key: str, count: Any) -> tuple[str, str]:
        """The language the text is in, and the text of ``key`` (its plural form for ``count``)."""
        for code in self.fallback_order(lang):
            text = self.strings.get(code, {}).get(key)
            if text is None:
                continue
            if isinstance(text, Mapping):
                category = self.plural_category(code, count) if _is_number(count) else "other"
                text = text.get(category, text["other"])
            return code, text
        raise KeyError(f"interface string '{key}' is missing from locales/*.yml")

    def plural_forms(self, lang: str, key: str) -> tuple[str, dict[str, str]]:
        """The language ``key`` is found in and every plural form of it there (CLDR category -> text),
        for scripts that count in the browser; a plain string is the form of every category."""
        for code in self.fallback_order(lang):
            text = self.strings.get(code, {}).get(key)
            if text is not None:
                return code, dict(text) if isinstance(text, Mapping) else {"other": text}
        raise KeyError(f"interface string '{key}' is missing from locales/*.yml")

    @staticmethod
    def plural_category(lang: str, count: int | float) -> str:
        """The CLDR plural category of ``count`` in ``lang`` (Babel's rules); 'other' if Babel lacks the language."""
        rule = _plural_rule(lang)
        return rule(count) if rule else "other"

    def digit_map(self, lang: str) -> dict[int, str] | None:
        """``str.translate`` table from ASCII digits to the language's own (its ``digits`` setting), or None."""
        if lang not in self._digits:
            own = self.strings.get(lang, {}).get("digits")  # a setting of this language: never a fallback
            self._digits[lang] = str.maketrans(ASCII_DIGITS, own) if own else None
        return self._digits[lang]

    def digits(self, lang: str, text: str) -> str:
        """Generated text (a number, a date) with the digits ``lang`` writes; contributor text never goes through here."""
        table = self.digit_map(lang)
        return text.translate(table) if table else text

    def number(self, lang: str, value: int | float) -> str:
        """A count or other number as ``lang`` writes it: its grouping (Babel), then its digits."""
        from babel import UnknownLocaleError
        from babel.numbers import format_decimal

        try:
            text = format_decimal(value, locale=lang)
        except (ValueError, LookupError, UnknownLocaleError):
            text = str(value)
        return self.digits(lang, text)

    def day(self, lang: str, iso: str) -> str:
        """A YYYY-MM-DD date as ``lang`` writes it (month names from Babel, digits from the language)."""
        return self.digits(lang, format_day(iso, lang))

    def month(self, lang: str, value: str) -> str:
        """YYYY or YYYY-MM as ``lang`` writes it."""
        return self.digits(lang, format_month(str(value), lang))

    def period(self, lang: str, start: str, end: str | None) -> str:
        """A period from ``start`` to ``end`` (YYYY or YYYY-MM; no end: ongoing), each part said once:
        "September 2009", "September – December 2009", "2009 – 2010" (Babel's CLDR intervals)."""
        start, end = str(start), str(end) if end else None  # a plain year may arrive as a number
        if not end:
            return f"{self.month(lang, start)} – {self.t(lang, 'ongoing')}"
        if start == end:
            return self.month(lang, start)
        from babel import UnknownLocaleError
        from babel.dates import format_interval

        try:
            first, last = _month_start(start), _month_start(end)
            if (len(start) == 4) != (len(end) == 4):
                raise ValueError("a year and a month: each written in full")
            text = format_interval(first, last, "y" if len(start) == 4 else "yMMMM", locale=lang)
        except (ValueError, LookupError, UnknownLocaleError):
            return f"{self.month(lang, start)} – {self.month(lang, end)}"
        # CLDR puts thin spaces around its dash; plain ones, like the ongoing and mixed forms above.
        return self.digits(lang, text.replace("\u2009", " "))


def language_folder(code: str, default: str) -> str:
    """The site folder of a language's pages, as the i18n plugin lays them out: the default language's
    pages are at the site's root (""), every other language's under a folder of its code ("km/"). Every
    address of a page in a language starts with it; this is the one place that says so."""
    return "" if code == default else f"{code}/"


@lru_cache(maxsize=None)
def _plural_rule(lang: str):
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(lang).plural_form
    except (ValueError, LookupError, UnknownLocaleError):
        return None


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _month_start(value: str) -> date:
    year, _, month = value.partition("-")
    return date(int(year), int(month or 1), 1)


def load_languages(items: list[Language], locales_dir: Path) -> Languages:
    strings = {}
    for lang in items:
        path = locales_dir / f"{lang.code}.yml"
        if path.is_file():
            strings[lang.code] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            check_strings(strings[lang.code], f"{locales_dir.name}/{path.name}")
    return Languages(items, strings)


def format_day(iso: str, lang: str) -> str:
    """A YYYY-MM-DD date in Babel's long form for ``lang``, ASCII digits (pages use :meth:`Languages.day`)."""
    from babel import UnknownLocaleError
    from babel.dates import format_date

    try:
        return format_date(date.fromisoformat(iso), format="long", locale=lang)
    except (ValueError, LookupError, UnknownLocaleError):
        return iso


def format_month(value: str, lang: str) -> str:
    """YYYY or YYYY-MM in Babel's words for ``lang``, ASCII digits (pages use :meth:`Languages.month`)."""
    from babel import UnknownLocaleError
    from babel.dates import format_date

    try:
        if len(value) == 4:
            return format_date(date(int(value), 1, 1), format="y", locale=lang)
        return format_date(_month_start(value), format="MMMM y", locale=lang)
    except (ValueError, LookupError, UnknownLocaleError):
        return value


def check_strings(strings: Mapping[str, Any], source: str) -> None:
    """Refuse a locale file whose plural maps or ``digits`` setting the pages could not use, naming the key."""
    for key, value in strings.items():
        if isinstance(value, Mapping):
            unknown = [c for c in value if c not in PLURAL_CATEGORIES]
            if unknown or "other" not in value or not all(isinstance(v, str) for v in value.values()):
                raise ValueError(
                    f"{source}: {key}: a text with a count is a map of plural forms with at least 'other' "
                    f"(CLDR categories: {', '.join(PLURAL_CATEGORIES)}), e.g. "
                    "{one: \"{count} tool\", other: \"{count} tools\"}"
                    + (f"; '{unknown[0]}' is not a category" if unknown else ""))
        elif key == "digits" and (not isinstance(value, str) or len(value) != 10):
            raise ValueError(f"{source}: digits: the language's ten digits from zero to nine, "
                             f"e.g. digits: \"០១២៣៤៥៦៧៨៩\"; found {value!r}")


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without executing its ``!!python`` or ``!ENV`` tags."""


_LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_LenientLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_mkdocs_yml(mkdocs_yml: Path) -> dict[str, Any]:
    """``mkdocs.yml`` as data, its tags (``!ENV``, ``!!python``) read as empty; {} when there is none."""
    try:
        config = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=_LenientLoader)
    except FileNotFoundError:
        return {}
    return config if isinstance(config, dict) else {}


def languages_from_mkdocs_yml(mkdocs_yml: Path) -> list[Language]:
    """The site languages as the i18n plugin of ``mkdocs.yml`` declares them."""
    config = read_mkdocs_yml(mkdocs_yml)
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, Mapping) and "i18n" in plugin:
            return languages_from_i18n(plugin["i18n"].get("languages") or [])
    return [Language("en", "English", True)]


def languages_from_i18n(entries: list[Mapping[str, Any]]) -> list[Language]:
    return [Language(str(e["locale"]), str(e.get("name", e["locale"])), bool(e.get("default", False)),
                     str(e.get("site_name") or ""))
            for e in entries if e.get("build", True) is not False]
