"""Khmer text that means the same matches the same (issue #15).

One table of test pairs (tests/fixtures/khmer-normalisation.json) that the Python normalisation
(resource_centre/records/khmer.py) and the browser's (overrides/assets/javascripts/rc-search/khmer.js, run
here under Node) must both give, so they can never drift apart; properties of the Python one; the
records side: `validate` warnings and errors (golden), `fix --khmer`, `report`'s spelling variants;
the words of the explorer and the submission form.
"""
from __future__ import annotations

import json
import random
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, resource_centre
from hypothesis import example, given, settings
from hypothesis import strategies as st

from resource_centre.records import khmer
from resource_centre.site import explorer

TABLE = json.loads((FIXTURES / "khmer-normalisation.json").read_text(encoding="utf-8"))["cases"]
KHMER_JS = REPO / "overrides" / "assets" / "javascripts" / "rc-search" / "khmer.js"
SUBMIT_JS = REPO / "overrides" / "assets" / "javascripts" / "submit-form.js"
NODE = shutil.which("node")


def run_node(script: str, data) -> object:
    """Run ``script`` under Node with ``data`` as the JSON global DATA; returns what it prints (JSON)."""
    if NODE is None:
        pytest.skip("node is not installed")
    program = f"const DATA = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n{script}"
    result = subprocess.run([NODE, "-e", program], input=json.dumps(data), capture_output=True,
                            text=True, timeout=60, cwd=REPO)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# ---- the shared table -----------------------------------------------------------------------------

def test_table_covers_every_variant_class():
    classes = {row["class"] for row in TABLE}
    assert {"subscript order", "split vowel", "invisible", "doubled coeng", "digits", "sign order",
            "non-Khmer"} <= classes
    assert len(TABLE) >= 40


@pytest.mark.parametrize("row", TABLE, ids=[f"{r['class']}: {r['note']}" for r in TABLE])
def test_python_gives_the_table(row):
    assert khmer.canonical(row["input"]) == row["canonical"]
    assert khmer.fold(row["input"]) == row["fold"]


def test_javascript_gives_the_table():
    got = run_node(f"const K = require({json.dumps(str(KHMER_JS))});\n"
                   "console.log(JSON.stringify(DATA.map(r => [K.canonical(r.input), K.fold(r.input)])))", TABLE)
    wrong = [(row["note"], row["input"], g) for row, g in zip(TABLE, got)
             if g != [row["canonical"], row["fold"]]]
    assert wrong == []


def _random_khmer(rng: random.Random) -> str:
    """Text typed by someone in a hurry: letters, subscripts, vowels and signs in any order, invisible
    characters, digits, spaces, a little Latin."""
    pool = (["\u1780", "\u179a", "\u179f", "\u178f", "\u178a", "\u1794", "\u17a2", "\u17a5"] * 3
            + ["\u17d2"] * 6 + ["\u17b6", "\u17b7", "\u17b8", "\u17bb", "\u17c1", "\u17c4", "\u17c0", "\u17c5"] * 2
            + ["\u17c6", "\u17c7", "\u17c9", "\u17ca", "\u17cb", "\u17cc", "\u17d0", "\u17dd", "\u17d3"]
            + ["\u200b", "\u200c", "\u200d", "\u00ad", "\u2060", " ", "\u17d4", "\u17e2", "\u17e9", "a", "Z", "9"])
    return "".join(rng.choice(pool) for _ in range(rng.randint(1, 14)))


def test_javascript_and_python_agree_on_random_text():
    rng = random.Random(15)
    texts = [_random_khmer(rng) for _ in range(3000)]
    got = run_node(f"const K = require({json.dumps(str(KHMER_JS))});\n"
                   "console.log(JSON.stringify(DATA.map(t => [K.canonical(t), K.fold(t)])))", texts)
    wrong = [(t, g, [khmer.canonical(t), khmer.fold(t)]) for t, g in zip(texts, got)
             if g != [khmer.canonical(t), khmer.fold(t)]]
    assert wrong[:5] == []


def test_fold_map_points_back_to_the_text_as_written():
    text = "x សា\u200bស្រ្ត y"
    got = run_node(f"const K = require({json.dumps(str(KHMER_JS))});\n"
                   "const m = K.foldMap(DATA); const at = m.text.indexOf('សាស្ត្រ');\n"
                   "console.log(JSON.stringify(DATA.slice(m.from[at], m.to[at + 'សាស្ត្រ'.length - 1])))", text)
    assert got == "សា\u200bស្រ្ត"


# ---- properties -----------------------------------------------------------------------------------

khmer_text = st.text(alphabet=st.sampled_from(
    [chr(c) for c in range(0x1780, 0x17ea)] + ["\u200b", "\u200c", "\u200d", "\u00ad", "\u2060", " ", "a", "1"]),
    max_size=30)
any_text = st.text(max_size=30)


@settings(max_examples=400, deadline=None)
@given(khmer_text)
@example("\u1780\u17dd\u17d2\u1780")  # a sign typed before a subscript, which NFC alone would break apart
def test_canonical_and_fold_are_idempotent(text):
    once = khmer.canonical(text)
    assert khmer.canonical(once) == once
    folded = khmer.fold(text)
    assert khmer.fold(folded) == folded
    assert khmer.fold(once) == folded          # canonical text folds as its variants do


@settings(max_examples=300, deadline=None)
@given(khmer_text)
def test_output_is_nfc(text):
    text = unicodedata.normalize("NFC", text)
    assert unicodedata.is_normalized("NFC", khmer.canonical(text))
    assert unicodedata.is_normalized("NFC", khmer.fold(text))


@settings(max_examples=300, deadline=None)
@given(any_text.filter(lambda t: not any("\u1780" <= c <= "\u17ff" for c in t)))
def test_non_khmer_text_is_left_alone(text):
    assert khmer.canonical(text) == text
    expected = unicodedata.normalize("NFC", text)
    for char in khmer.INVISIBLE_CHARS:
        expected = expected.replace(char, "")
    assert khmer.fold(text) == expected


# ---- records: validate, fix --khmer, report ---------------------------------------------------------

def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "mini", project)
    return project


VARIANT_RECORD = """\
# A glossary term typed in a hurry.
id: ownership
term: {en: Ownership, km: "ភាពជាម្ចាស់"}   # keep this comment
definition:
  en: The government leads its development strategy.
  km: |
    រដ្ឋាភិបាលដឹកនាំយុទ្ធសាស្រ្តអភិវឌ្ឍន៍របស់ខ្លួន។
    ក\u17c1\u17b6ល\u200cដៅ ២០០៩
"""


def test_validate_warns_about_khmer_not_in_canonical_form(tmp_path):
    project = _project(tmp_path)
    (project / "glossary" / "ownership.yml").write_text(VARIANT_RECORD, encoding="utf-8")
    result = resource_centre(project, "validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == (
        "glossary/ownership.yml:7:28: warning: definition.km: Khmer text not in canonical form "
        "(subscript RO before another subscript): 'ស្រ្ត' is written 'ស្ត្រ' and 2 more "
        "(run resource-centre fix --khmer glossary/ownership.yml)\n")
    assert result.stderr == "All records are valid, 1 warning(s).\n"
    github = resource_centre(project, "validate", "--github")
    assert "::warning file=glossary/ownership.yml,line=7,col=28::definition.km: Khmer text" in github.stdout


def test_fix_khmer_rewrites_only_the_khmer_that_changes(tmp_path):
    project = _project(tmp_path)
    path = project / "glossary" / "ownership.yml"
    path.write_text(VARIANT_RECORD, encoding="utf-8")
    result = resource_centre(project, "fix", "--khmer")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "glossary/ownership.yml:7:28: 'ស្រ្ត' -> 'ស្ត្រ' (subscript RO before another subscript)\n"
        "glossary/ownership.yml:8:5: 'កេា' -> 'កោ' (vowel typed in two parts)\n"
        "glossary/ownership.yml:8:9: '<U+200C>' -> '' (invisible character)\n")
    assert result.stderr == "changed 3 place(s) in 1 file(s)\n"
    assert path.read_text(encoding="utf-8") == VARIANT_RECORD.replace("ស្រ្ត", "ស្ត្រ").replace(
        "ក\u17c1\u17b6ល\u200c", "កោល")
    again = resource_centre(project, "fix", "--khmer", str(path))
    assert again.stdout == "" and again.stderr == "Khmer text is already in canonical form.\n"
    assert resource_centre(project, "validate").stdout == ""


def test_fix_dry_run_changes_nothing(tmp_path):
    project = _project(tmp_path)
    path = project / "glossary" / "ownership.yml"
    path.write_text(VARIANT_RECORD, encoding="utf-8")
    result = resource_centre(project, "fix", "--khmer", "--dry-run", "glossary")
    assert result.stderr == "would change 3 place(s) in 1 file(s)\n"
    assert path.read_text(encoding="utf-8") == VARIANT_RECORD


def test_fix_needs_to_be_told_what_to_fix(tmp_path):
    result = resource_centre(_project(tmp_path), "fix")
    assert result.returncode == 2
    assert result.stderr == "resource-centre fix: say what to fix: --khmer\n"


def test_legacy_font_is_an_error_and_english_a_warning(tmp_path):
    project = _project(tmp_path)
    (project / "glossary" / "ownership.yml").write_text(
        "id: ownership\n"
        "term: {en: Ownership, km: mnÞIrsuxaPi)al}\n"
        "definition: {en: The government leads its development strategy., km: The government leads.}\n",
        encoding="utf-8")
    result = resource_centre(project, "validate")
    assert result.returncode == 1
    assert result.stdout == (
        "glossary/ownership.yml:2:27: term.km: this looks like Khmer typed with a Limon font; retype it with a "
        "Unicode Khmer keyboard, or convert it (see CONTRIBUTING.md, 'What validate may tell you')\n"
        "glossary/ownership.yml:3:70: warning: definition.km: this text has no Khmer letters: is it untranslated? "
        "(write the Khmer text, or leave the field out until it is translated)\n")
    assert result.stderr == "1 problem(s) in 1 file(s), 1 warning(s)\n"


@pytest.mark.parametrize("text, legacy", [
    ("mnÞIrsuxaPi)al", True), ("kmþúv]tVitrbs;x<Üb;", True), ("Ministry of Health", False),
    ("McDonald's iPhone", False), ("Café résumé", False), ("TWG", False), ("2009", False),
    ("ក្រសួងសុខាភិបាល", False)])
def test_legacy_font_heuristic(text, legacy):
    assert khmer.looks_like_legacy_font(text) is legacy


def test_bundled_records_pass_clean():
    result = resource_centre(REPO, "validate")
    assert result.returncode == 0 and result.stdout == "", result.stdout
    assert resource_centre(REPO, "fix", "--khmer", "--dry-run").stdout == ""


def test_report_lists_words_spelled_in_more_than_one_way(tmp_path):
    project = _project(tmp_path)
    glossary = project / "glossary"
    (glossary / "ownership.yml").write_text(
        "id: ownership\nterm: {en: Ownership, km: យុទ្ធសាស្រ្តជាតិ}\n"
        "definition: {en: The government leads., km: យុទ្ធសាស្ត្រ}\n", encoding="utf-8")
    (glossary / "mutual-accountability.yml").write_text(
        "id: mutual-accountability\nterm: {en: Mutual accountability, km: យុទ្ធសាស្ត្រ}\n"
        "definition: {en: Partners answer to each other., km: គណនេយ្យភាព}\n", encoding="utf-8")
    result = resource_centre(project, "report", "--today", "2026-12-01")
    tail = result.stdout.split("Khmer words spelled in more than one way")[1]
    assert tail == (" (search finds every spelling; settle on one):\n"
                    "  យុទ្ធសាស្ត្រ in 2 records (glossary/mutual-accountability.yml, glossary/ownership.yml); "
                    "យុទ្ធសាស្រ្ត in 1 record (glossary/ownership.yml)\n")


# ---- the explorer's words and the submission form ------------------------------------------------

def test_explorer_words_are_folded_as_search_folds_them():
    assert explorer.normalise_words("យុទ្ធសាស្រ្ត ២០១៩ ក\u17c1\u17b6ល") == ["យុទ្ធសាស្ត្រ", "2019", "កោល"]


def test_submission_form_writes_khmer_in_canonical_form():
    got = run_node(f"const F = require({json.dumps(str(SUBMIT_JS))});\n"
                   "console.log(JSON.stringify(DATA.map(v => F.readText({value: v, tagName: 'INPUT'}))))",
                   ["យុទ្ធសាស្រ្ត", "ក\u17c1\u17b6ល\u200cដៅ", "Ministry"])
    assert got == ["យុទ្ធសាស្ត្រ", "កោលដៅ", "Ministry"]
