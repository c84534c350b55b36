"""The "Contribute" page of each language, made from CONTRIBUTING.md (one text, two places).

The guide lives at the top of the repository, where GitHub shows it to people
opening a pull request; the site shows the same text so that people who never
open GitHub find it too. ``CONTRIBUTING.<lang>.md`` holds a translation; a
language without one falls back to the default language's guide with the usual
"not yet translated" notice.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..records.project import REPO
from ..text.languages import Languages
from ..text.markup import attr, md_text

_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_ABSOLUTE = ("http://", "https://", "mailto:", "#")
# "*ភាសាខ្មែរ៖ [CONTRIBUTING.km.md](CONTRIBUTING.km.md)*": on the site, the language switcher does this.
_OTHER_LANGUAGE = re.compile(r"^\*[^*\[]*\[CONTRIBUTING[\w.]*\.md\]\([^)]*\)\*\s*$")


def guide_path(root: Path, languages: Languages, lang: str) -> Path:
    """CONTRIBUTING.md for the default language, CONTRIBUTING.<lang>.md for the others.

    A project without a guide of its own (a test site, a fork's content folder) shows the repository's.
    """
    name = "CONTRIBUTING.md" if lang == languages.default else f"CONTRIBUTING.{lang}.md"
    own = root / name
    return own if (root / "CONTRIBUTING.md").is_file() else REPO / name


def _site_text(markdown: str) -> str:
    """Links that only make sense inside the repository become plain text; headings get stable ids.

    Non-ASCII headings (Khmer) get ``{#section-N}``: Python-Markdown's slugs
    would be empty or mangled for them.
    """
    out: list[str] = []
    in_fence = False
    number = 0
    for line in markdown.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence:
            if _OTHER_LANGUAGE.match(line):
                continue
            line = _LINK.sub(lambda m: m.group(0) if m.group(2).startswith(_ABSOLUTE) else m.group(1), line)
            heading = _HEADING.match(line)
            if heading and "{#" not in line:
                number += 1
                if not heading.group(2).isascii():
                    line = f"{heading.group(1)} {heading.group(2)} {{#section-{number}}}"
        out.append(line)
    return "\n".join(out) + "\n"


def contribute_page(root: Path, languages: Languages, lang: str) -> str:
    """The Markdown of ``docs/<lang>/contribute/index.md``."""
    path = guide_path(root, languages, lang)
    notice = ""
    if not path.is_file():
        path = guide_path(root, languages, languages.default)
        name = next((item.name for item in languages.items if item.code == languages.default), languages.default)
        notice = (f'<p class="rc-notice rc-notice--untranslated" role="note">'
                  f'{attr(languages.t(lang, "not_translated", language=name))}</p>\n\n')
    if not path.is_file():
        return f"# {languages.t(lang, 'contribute_title')}\n"
    text = _site_text(path.read_text(encoding="utf-8"))
    links = (f'[{md_text(languages.t(lang, "submit_title"))}](submit.md) · '
             f'[{md_text(languages.t(lang, "status_title"))}](status.md)\n\n')
    first, _, rest = text.partition("\n")
    return f"{first}\n\n{notice}{links}{rest}"
