"""Khmer text that means the same, written the same: one normalisation for records and search.

Khmer can be typed in several ways that look alike on screen but differ in code points, so a
search for one misses the other and the records mix spellings (issue #15):

- split vowels: ោ typed as េ + ា, ើ as េ + ី (or the parts the other way round), and the
  e-prefix typed again before a vowel that already holds it (េ + ៀ, េ + ៅ...);
- order inside a cluster (orthographic syllable): coeng + RO typed before another subscript
  (សាស្រ្ត for សាស្ត្រ), a vowel or sign typed before a subscript or a register shifter that
  belongs to the same consonant, a sign before a vowel (ំ + ុ for ុំ);
- invisible characters inside a cluster (zero-width space, ZWNJ, ZWJ, soft hyphen, word joiner,
  BOM) and a doubled coeng.

:func:`canonical` is the form records should be written in: within each cluster the base, its
subscripts (coeng + RO last), register shifters and robat, vowels (split ones merged), other signs,
spacing signs (the order of Unicode's Khmer chapter and of the SIL Khmer Angkor keyboard's
normaliser); invisible characters inside a cluster dropped, and between Khmer letters only the
zero-width space kept (the word-break hint Khmer keyboards type with the space bar). It changes
nothing outside Khmer clusters.

:func:`fold` is what search and "Filter by words" compare: the canonical form without any
invisible character, Khmer digits as ASCII (២០០៩ is 2009 to a reader), subscript DA as subscript
TA (្ដ and ្ត are drawn alike; កណ្ដាល and កណ្តាល are both common).

The same rules are written once more in JavaScript, for the browser (the search worker and the
submission form): ``overrides/assets/javascripts/rc-search/khmer.js`` ``canonical``/``fold``.
Both must give the outputs of ``tests/fixtures/khmer-normalisation.json``
(tests/test_khmer_normalisation.py runs the JavaScript under Node), so they cannot drift apart.

Also here, for ``resource-centre validate``: :func:`check_record` (text not in canonical form is a
warning; a Khmer field typed with a legacy Limon/ABC font is an error; a Khmer field without Khmer
letters is a warning) and :func:`changes` (what :func:`canonical` changed, said to a person).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator

from .yamlload import walk_strings

LETTER = "\u1780-\u17b3"                       # consonants and independent vowels: a cluster's base
COENG = "\u17d2"
RO = "\u179a"
SHIFTERS = "\u17c9\u17ca"                     # muusikatoan, triisap
ROBAT = "\u17cc"
VOWELS = "\u17b4-\u17c5"                       # dependent vowels (and the two inherent ones)
SIGNS = "\u17c6\u17cb\u17cd-\u17d1\u17d3\u17dd"  # signs written above or below, after the vowel
SPACING = "\u17c7\u17c8"                       # reahmuk, yuukaleapintu: last in a cluster
INVISIBLE = "\u00ad\u200b-\u200d\u2060\ufeff"  # soft hyphen, ZWSP, ZWNJ, ZWJ, word joiner, BOM
INVISIBLE_CHARS = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
ZWSP = "\u200b"
KHMER_DIGITS = "\u17e0-\u17e9"

# One cluster as typed, invisible characters inside it included: a base, then any number of
# subscripts (coeng + letter; a doubled coeng, or a coeng waiting for its letter at the end) and
# marks, each possibly preceded by invisible characters.
_MARK = "\u17b4-\u17d1\u17d3\u17dd"
_TAIL_PLAIN = f"(?:{COENG}[{INVISIBLE}{COENG}]*[{LETTER}]?|[{_MARK}])"
_TAIL = f"[{INVISIBLE}]*{_TAIL_PLAIN}"
CLUSTER = f"[{LETTER}](?:{_TAIL})*"
# Only a cluster that may change: an invisible character or a doubled coeng in it, or two parts or
# more after its base (a base with one subscript or one mark is canonical). Most clusters are simple,
# so the walk below meets few matches (search folds every page's text when the index is set up).
_CHANGING = f"[{LETTER}](?=[{INVISIBLE}]|{COENG}[{INVISIBLE}{COENG}]|(?:{_TAIL}){{2}})(?:{_TAIL})*"
_CLUSTER_RE = re.compile(CLUSTER)
_UNITS_RE = re.compile(f"({_CHANGING})|([{INVISIBLE}]+)")
_PART_RE = re.compile(f"{COENG}+[{LETTER}]?|.", re.S)
_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
_KHMER_CHAR = re.compile("[\u1780-\u17ff]")
_KHMER_LETTER = re.compile(f"[{LETTER}]")
_DIGITS = str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789")

# Two vowel signs typed for one (Unicode's "sequences to avoid" and the Khmer Angkor keyboard's
# normaliser), read left to right: the pair becomes the vowel on the right.
E = "\u17c1"
MERGED = {(E, "\u17b6"): "\u17c4", ("\u17b6", E): "\u17c4",           # េ + ា -> ោ
          (E, "\u17b8"): "\u17be", ("\u17b8", E): "\u17be"}           # េ + ី -> ើ
for _whole in "\u17be\u17bf\u17c0\u17c4\u17c5":                        # ើ ឿ ៀ ោ ៅ hold េ already
    MERGED[(E, _whole)] = MERGED[(_whole, E)] = _whole


def _reduce(parts: list[str]) -> list[str]:
    """Parts pushed in order; a part equal to the one before is dropped, a split vowel merged."""
    out: list[str] = []
    for part in parts:
        out.append(part)
        while len(out) > 1:
            a, b = out[-2], out[-1]
            if a == b:
                out.pop()
            elif (a, b) in MERGED:
                out[-2:] = [MERGED[a, b]]
            else:
                break
    return out


@lru_cache(maxsize=1 << 16)
def _cluster(text: str) -> str:
    """One cluster in canonical order (``text`` matched :data:`CLUSTER`). Kept per cluster: a
    language has a few thousand, met a million times in the records of a large site."""
    text = _INVISIBLE_RE.sub("", text)
    base, rest = text[0], _PART_RE.findall(text[1:])
    subs: list[str] = []
    ros: list[str] = []
    shifters: list[str] = []
    vowels: list[str] = []
    signs: list[str] = []
    spacing: list[str] = []
    stray = False
    for i, part in enumerate(rest):
        if part[0] == COENG:
            letter = part.lstrip(COENG)
            if not letter:                   # a coeng with no letter: kept only at the very end
                stray = i == len(rest) - 1
                continue
            (ros if letter == RO else subs).append(COENG + letter)
        elif part in SHIFTERS or part == ROBAT:
            shifters.append(part)
        elif "\u17b4" <= part <= "\u17c5":
            vowels.append(part)
        elif part in SPACING:
            spacing.append(part)
        else:
            signs.append(part)
    out = base + "".join(_reduce(subs) + _reduce(ros) + _reduce(shifters) + _reduce(vowels)
                         + _reduce(signs) + _reduce(spacing))
    # A stray coeng stays at the very end. After U+17DD it cannot: NFC puts it (combining class 9) before
    # that sign (230), where the next pass drops it as not at the end; so it goes now (idempotence).
    return out + COENG if stray and "\u17dd" not in out else out


def _normalise(text: str, *, folded: bool) -> str:
    out: list[str] = []
    last = 0
    for match in _UNITS_RE.finditer(text):
        start, end = match.span()
        out.append(text[last:start])
        last = end
        if match.group(1):
            out.append(_cluster(match.group(1)))
        elif folded:
            continue
        elif start and end < len(text) and _KHMER_CHAR.match(text[start - 1]) and _KHMER_CHAR.match(text[end]):
            out.append(ZWSP if ZWSP in match.group(2) else "")
        else:
            out.append(match.group(2))
    out.append(text[last:])
    return "".join(out)


def canonical(text: str) -> str:
    """``text`` with every Khmer cluster in canonical form (module docstring); the rest unchanged."""
    if not _KHMER_CHAR.search(text):
        return text
    return _normalise(text, folded=False)


def fold(text: str) -> str:
    """The form search compares: canonical, NFC, no invisible characters, Khmer digits as ASCII,
    subscript DA as subscript TA. Text that is equal after folding means the same to a reader."""
    if _KHMER_CHAR.search(text):   # DA as TA first, so that a cluster with both says TA once
        # Clusters before NFC: NFC would move a coeng typed after U+17DD (combining classes 9 and 230)
        # away from its letter, and the text would fold unlike its canonical form.
        text = _normalise(text.replace(COENG + "\u178a", COENG + "\u178f"), folded=True).translate(_DIGITS)
    return _INVISIBLE_RE.sub("", unicodedata.normalize("NFC", text))


def clusters(text: str) -> list[str]:
    """The clusters of a folded Khmer run, in order (the units of the search's cluster pairs)."""
    return _CLUSTER_RE.findall(text)


def has_khmer_letters(text: str) -> bool:
    return bool(_KHMER_LETTER.search(text))


# ---- saying what changed -------------------------------------------------------------------------

@dataclass(frozen=True)
class Change:
    """One cluster (or run of invisible characters) that :func:`canonical` rewrites."""

    offset: int     # in the text given
    before: str
    after: str
    reason: str


def _reason(before: str, after: str) -> str:
    plain = _INVISIBLE_RE.sub("", before)
    if plain != before and (plain == after or not before.strip(INVISIBLE_CHARS)):
        return "invisible character"
    if COENG * 2 in plain:
        return "doubled coeng"
    if sorted(plain) == sorted(after):
        if COENG + RO in plain and plain.index(COENG + RO) < plain.rindex(COENG):
            return "subscript RO before another subscript"
        return "vowel or sign before its subscript" if re.search(f"[{_MARK}]{COENG}", plain) else "marks out of order"
    return "vowel typed in two parts"


def changes(text: str) -> list[Change]:
    """What :func:`canonical` changes in ``text``, cluster by cluster, with the reason in words."""
    found = []
    for match in _UNITS_RE.finditer(text):
        start, end = match.span()
        if match.group(1):
            after = _cluster(match.group(1))
        elif start and end < len(text) and _KHMER_CHAR.match(text[start - 1]) and _KHMER_CHAR.match(text[end]):
            after = ZWSP if ZWSP in match.group(2) else ""
        else:
            continue
        if after != match.group(0):
            found.append(Change(start, match.group(0), after, _reason(match.group(0), after)))
    return found


def show(text: str) -> str:
    """Text for a message: invisible characters and a lone mark made visible (<U+200B>)."""
    return "".join(f"<U+{ord(c):04X}>" if c in INVISIBLE_CHARS else c for c in text)


# ---- legacy fonts and untranslated text -----------------------------------------------------------

# Limon and ABC fonts drew Khmer glyphs in place of Latin-1 letters and symbols, so their text is
# stored as Latin letters mixed with symbols and capitals inside words: mnÞIrsuxaPi)al.
_LATIN1_SYMBOL = re.compile("[\u00a1-\u00bf\u00d0\u00d7\u00de\u00f0\u00f7\u00fe]")
_SYMBOL_IN_WORD = re.compile("[A-Za-z\u00c0-\u00ff][()\\[\\]{}|\\\\^~;:\"<>=+*&%$#@!?`][A-Za-z\u00c0-\u00ff]")
_CAPITAL_IN_WORD = re.compile("[a-z\u00df-\u00ff][A-Z\u00c0-\u00de]")
_ENGLISH_WORD = re.compile("[A-Za-z]*[a-z][A-Za-z]{2,}|[A-Za-z]{2,}[a-z][A-Za-z]*")


def looks_like_legacy_font(text: str) -> bool:
    """Khmer typed with a Limon or ABC font: no Khmer letters, Latin-1 symbols or symbols inside
    words, and at least a third of the words odd in that way or with capitals inside them."""
    if has_khmer_letters(text):
        return False
    words = [w for w in text.split() if re.search("[A-Za-z\u00c0-\u00ff]", w)]
    if not words:
        return False
    odd = [w for w in words if _LATIN1_SYMBOL.search(w) or _SYMBOL_IN_WORD.search(w) or _CAPITAL_IN_WORD.search(w)]
    marked = any(_LATIN1_SYMBOL.search(w) or _SYMBOL_IN_WORD.search(w) for w in odd)
    return marked and len(odd) * 3 >= len(words)


def looks_untranslated(text: str) -> bool:
    """No Khmer letters but a word in Latin letters that is not an acronym (TWG, CDC) or a number."""
    return not has_khmer_letters(text) and bool(_ENGLISH_WORD.search(text))


@lru_cache(maxsize=None)
def writes_khmer(lang: str) -> bool:
    """Is ``lang`` written in the Khmer script? (CLDR's likely script, so no language code is named here.)"""
    from babel.core import get_global

    likely = get_global("likely_subtags").get(lang.replace("-", "_"), "")
    return "_Khmr" in likely or lang.endswith(("-Khmr", "_Khmr"))


# ---- the record check ---------------------------------------------------------------------------

# Per-language values that are not text: each language's translation state (draft, reviewed).
NOT_TEXT = frozenset({"translation"})
# Names of organisations are often kept as the organisation writes them (The Partnering Initiative):
# English there is no sign of a missing translation (a legacy font still is).
NAME_KEYS = frozenset({"name"})
LEGACY_MESSAGE = ("this looks like Khmer typed with a Limon font; retype it with a Unicode Khmer keyboard, "
                  "or convert it")
UNTRANSLATED_MESSAGE = "this text has no Khmer letters: is it untranslated?"


def locate(lines: list[str], start: tuple[int, int], needle: str) -> tuple[int, int]:
    """Where ``needle`` is first written at or after ``start`` (line, column; 1-based) in the file's
    lines; ``start`` itself when it is not written as such (a quoted escape, a folded line)."""
    line, col = start
    for i in range(line - 1, len(lines)):
        at = lines[i].find(needle, col - 1 if i == line - 1 else 0)
        if at >= 0:
            return i + 1, at + 1
    return start


def check_record(doc: Any, file: str, problems: Any, languages: Iterable[str], source: Path | None = None) -> None:
    """Khmer problems of one record (``doc``: a yamlload Document) added to ``problems``.

    Text with Khmer letters not in canonical form: a warning at the first cluster to change, naming
    it, its canonical form and the reason (``resource-centre fix --khmer`` rewrites it). The value of
    a language written in Khmer (``writes_khmer``) that holds no Khmer letters: an error when it
    looks like a legacy font, else a warning when it holds English words."""
    from .schema import field_name

    khmer = {lang for lang in languages if writes_khmer(lang)}
    lines: list[str] | None = None
    for path, text in walk_strings(doc.data):
        name = field_name(path)
        if _KHMER_CHAR.search(text):
            found = changes(text)
            if found:
                first = found[0]
                line, col = doc.position(path)
                if source is not None:
                    lines = source.read_text(encoding="utf-8").splitlines() if lines is None else lines
                    line, col = locate(lines, (line, col), first.before)
                more = f" and {len(found) - 1} more" if len(found) > 1 else ""
                problems.warn(file, line, col,
                              f"{name}: Khmer text not in canonical form ({first.reason}): "
                              f"'{show(first.before)}' is written '{show(first.after)}'{more}",
                              f"run resource-centre fix --khmer {file}")
        elif path and path[-1] in khmer and path[0] not in NOT_TEXT and text.strip():
            line, col = doc.position(path)
            if looks_like_legacy_font(text):
                problems.add(file, line, col, f"{name}: {LEGACY_MESSAGE}",
                             "see CONTRIBUTING.md, 'What validate may tell you'")
            elif looks_untranslated(text) and not (len(path) > 1 and path[-2] in NAME_KEYS):
                problems.warn(file, line, col, f"{name}: {UNTRANSLATED_MESSAGE}",
                              "write the Khmer text, or leave the field out until it is translated")


# ---- resource-centre fix --khmer -----------------------------------------------------------------


def _record_files(root: Path, paths: list[Path]) -> list[Path]:
    from .kinds import KINDS

    if not paths:
        paths = [root / kind.folder for kind in KINDS if (root / kind.folder).is_dir()]
    files: list[Path] = []
    for path in paths:
        path = path if path.is_absolute() else root / path   # from the project folder (--root)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.yml") if p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            raise FileNotFoundError(f"no file or folder {path}")
    return files


def fix_text(text: str) -> tuple[str, list[tuple[int, int, Change]]]:
    """``text`` (a whole YAML file) with its Khmer in canonical form, and each change with its
    line and column. The file's text is edited where the Khmer is written, so comments, quoting,
    key order and layout stay as they were: nothing else in the file is Khmer."""
    found = changes(text)
    out, last, where = [], 0, []
    for change in found:
        out.append(text[last:change.offset])
        out.append(change.after)
        last = change.offset + len(change.before)
        line = text.count("\n", 0, change.offset) + 1
        where.append((line, change.offset - (text.rfind("\n", 0, change.offset) + 1) + 1, change))
    out.append(text[last:])
    return "".join(out), where


def fix_files(root: Path, paths: list[Path], *, dry_run: bool = False) -> list[str]:
    """Rewrite the Khmer of the record files under ``paths`` (default: every record folder) in
    canonical form; returns one line per change, ``file:line:column: 'before' -> 'after' (reason)``."""
    import os

    from ..output.writer import atomic_write

    said = []
    for path in _record_files(root, paths):
        raw = path.read_bytes()
        text = raw.decode("utf-8", errors="surrogateescape")
        fixed, where = fix_text(text)
        if not where:
            continue
        try:
            name = path.resolve().relative_to(root).as_posix()
        except ValueError:
            name = str(path)
        said += [f"{name}:{line}:{col}: '{show(c.before)}' -> '{show(c.after)}' ({c.reason})"
                 for line, col, c in where]
        if not dry_run:
            mode = path.stat().st_mode
            atomic_write(path, fixed.encode("utf-8", errors="surrogateescape"))
            os.chmod(path, mode & 0o7777)
    return said


# ---- resource-centre report: words spelled in more than one way ------------------------------------

@dataclass(frozen=True)
class Spelling:
    """One way a word is written, and the records that write it so."""

    written: str
    files: tuple[str, ...]


def _words(text: str) -> Iterator[tuple[str, str]]:
    """(folded, written) of each Khmer word of ``text``. Words are cut by ICU's dictionary word break
    (PyICU, from pyicu-wheels) on the folded text, so every spelling of a word is cut alike; each
    written cluster folds on its own (the rules act within a cluster), so the cuts map back to the
    text as written. Without PyICU a word is a run of Khmer letters between spaces and punctuation."""
    for run in _RUN_RE.findall(text):
        yield from _run_words(run)


@lru_cache(maxsize=1 << 16)
def _run_words(run: str) -> tuple[tuple[str, str], ...]:
    """:func:`_words` of one run of Khmer clusters (a phrase between spaces), kept: Khmer writers
    space phrases, not words, and a site's records repeat many phrases (names, titles, stock terms)."""
    written = _CLUSTER_RE.findall(run)
    folded = [_fold_cluster(c) for c in written]
    cuts = _word_cuts("".join(folded))
    words = []
    start, length = 0, 0
    for i, piece in enumerate(folded):
        length += len(piece)
        if length in cuts or i == len(folded) - 1:
            word = "".join(written[start:i + 1])
            words.append(("".join(folded[start:i + 1]), _INVISIBLE_RE.sub("", word)))
            start = i + 1
    return tuple(words)


_RUN_RE = re.compile(f"(?:{CLUSTER}|[{INVISIBLE}])+")


@lru_cache(maxsize=1 << 16)
def _fold_cluster(cluster: str) -> str:
    """:func:`fold` of one cluster, kept: a language has a few thousand clusters, met a million times
    in the records of a large site (the rules act within a cluster, so folding one alone is exact)."""
    return fold(cluster)


def _word_cuts(text: str) -> set[int]:
    try:
        import icu  # optional: pyicu-wheels
    except ImportError:
        return set()
    breaker = _breaker(icu)
    breaker.setText(text)
    return set(breaker)


@lru_cache(maxsize=1)
def _breaker(icu: Any) -> Any:
    return icu.BreakIterator.createWordInstance(icu.Locale("km"))


def spelling_variants(texts: Iterable[tuple[str, str]]) -> list[list[Spelling]]:
    """Khmer words written in more than one way across ``texts`` ((file, text) pairs): for each such
    word its spellings, the most used first. Two spellings are one word when they fold alike (the
    search finds either way); the editors can settle on one.

    Cutting phrases into words (ICU) is the slow part, so each distinct phrase (run of clusters) is
    cut once, and a phrase already written as it folds is cut only if it may hold a word that some
    other phrase spells differently: every word of such a phrase is written as its folded form, so
    it can only be the second spelling of a word another phrase writes otherwise, and then it
    contains that word's folded form. On a site written in canonical form nothing is cut."""
    runs = _runs_by_file(texts)
    seen: dict[str, dict[str, set[str]]] = {}
    written_otherwise: set[str] = set()  # folded forms of words that some run writes another way
    as_folded = []
    changes_in = _not_folded_test(runs)
    for run, files in runs.items():
        if not changes_in(run):
            as_folded.append((run, files))
            continue
        for key, written in _run_words(run):
            seen.setdefault(key, {}).setdefault(written, set()).update(files)
            if key != written:
                written_otherwise.add(key)
    if written_otherwise:
        holds = _any_of(sorted(map(re.escape, written_otherwise)))
        for run, files in as_folded:
            if holds(run):
                for key, written in _run_words(run):
                    seen.setdefault(key, {}).setdefault(written, set()).update(files)
    out = []
    for key in sorted(seen):
        forms = seen[key]
        if len(forms) > 1:
            out.append(sorted((Spelling(w, tuple(sorted(files))) for w, files in forms.items()),
                              key=lambda s: (-len(s.files), s.written)))
    return out


# Any stretch of Khmer letters, marks and invisible characters: every run (_RUN_RE) lies inside one.
# A plain character class, found ten times faster than the runs; the runs are then found once per
# distinct stretch.
_STRETCH_RE = re.compile(f"[\u1780-\u17d3\u17dd{INVISIBLE}]+")


def _runs_by_file(texts: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    """Each distinct run of clusters (:data:`_RUN_RE`) in ``texts`` and the files that write it."""
    stretches: dict[str, set[str]] = {}
    for file, text in texts:
        if _KHMER_LETTER.search(text):
            for stretch in _STRETCH_RE.findall(text):
                stretches.setdefault(stretch, set()).add(file)
    runs: dict[str, set[str]] = {}
    for stretch, files in stretches.items():
        for run in _RUN_RE.findall(stretch):
            runs.setdefault(run, set()).update(files)
    return runs


def _not_folded_test(runs: Iterable[str]):
    """A test true of every run that is not written as it folds (an invisible character, or a cluster
    whose fold differs), and possibly of a few that are (a changing cluster is looked for as text)."""
    changing = {c for c in set(_CLUSTER_RE.findall("\n".join(runs))) if _fold_cluster(c) != c}
    return _any_of([f"[{INVISIBLE}]"] + sorted(map(re.escape, changing)))


def _any_of(patterns: list[str]):
    """Does a text hold a match of any of ``patterns``? (One regex alternation.)"""
    pattern = re.compile("|".join(patterns))
    return lambda text: pattern.search(text) is not None


def record_texts(records: Iterable[Any]) -> Iterator[tuple[str, str]]:
    """(file, text) of every string of every record (``model.Record``), for :func:`spelling_variants`."""
    for record in records:
        for _, text in walk_strings(record.data):
            yield record.file, text
