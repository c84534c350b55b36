"""Issue 16: translations that stay in step with their source text, field by field, and the
translator round trip through PO and XLIFF files."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES, resource_centre

from resource_centre.contribute.report import report_markdown
from resource_centre.records.project import open_project
from resource_centre.records.translations import collect, fingerprint
from resource_centre.site.record_pages import case_study_page
from resource_centre.site.render import Ctx, glossary_page

CASE = "casestudies/joint-health-review.yml"
SUMMARY_EN = "  en: The health TWG and its partners reviewed the sector together.\n"
OUTDATED_KM = ('<span class="rc-notice--outdated-translation">អត្ថបទខ្មែរនៃ <em>សេចក្តីសង្ខេប</em> '
               'ត្រូវបានសរសេរសម្រាប់កំណែមុននៃអត្ថបទអង់គ្លេស។ '
               '<a href="../../../case-studies/joint-health-review/" hreflang="en">អានអត្ថបទអង់គ្លេសបច្ចុប្បន្ន។</a></span>')


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    root = tmp_path / "records"
    shutil.copytree(FIXTURES / "mini", root)
    return root


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    return resource_centre(root, *args)


def states(root: Path, lang: str = "km") -> dict[tuple[str, str], str]:
    """(record, field) -> state of every field in ``lang``, current ones included."""
    project = open_project(root)
    content, problems = project.load()
    assert not problems.sorted(), problems.sorted()
    return {(f.record, f.field): f.state for f in collect(content, project.languages).fields if f.lang == lang}


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


# --- the model ----------------------------------------------------------------------------------

def test_a_fingerprint_ignores_wrapping_and_spacing_but_not_words():
    text = "Before the review, *each partner* reported.\n\nSecond paragraph."
    assert fingerprint(text) == fingerprint("Before the review,\n*each partner*   reported.\n\n\nSecond paragraph.\n")
    assert fingerprint(text) != fingerprint(text.replace("each", "every"))
    assert fingerprint(text) != fingerprint(text.replace("\n\n", " "))  # paragraphs count
    assert re.fullmatch(r"[a-z2-7]{8}", fingerprint(text))


def test_the_one_word_form_still_reads_as_every_field(mini):
    got = states(mini)
    # joint-health-review says km: draft: every field with Khmer text is a draft; the rest is missing.
    assert got[("joint-health-review", "title")] == "draft"
    assert got[("joint-health-review", "sections.context")] == "draft"
    assert got[("joint-health-review", "sections.results")] == "missing"
    assert got[("joint-health-review", "partners[1].name")] == "missing"
    # A glossary term with no km entry at all is shown as it always was: current.
    assert got[("ownership", "term")] == "current"
    edit(mini, CASE, "km: draft}", "km: reviewed}")
    assert states(mini)[("joint-health-review", "title")] == "current"


def test_a_field_map_marks_unlisted_fields_draft(mini):
    edit(mini, CASE, "translation: {en: reviewed, km: draft}",
         f"translation:\n  km:\n    title: {{state: current, source: {fingerprint('Joint health sector review')}}}\n"
         "    summary: current\n")
    got = states(mini)
    assert got[("joint-health-review", "title")] == "current"
    assert got[("joint-health-review", "summary")] == "current"  # the short form, without fingerprint
    assert got[("joint-health-review", "sections.context")] == "draft"


# --- one English change: exactly that field outdated, everywhere -----------------------------------

def test_changing_one_english_field_makes_exactly_that_field_outdated(mini):
    result = run(mini, "translations", "mark-current", "joint-health-review", "--lang", "km")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ("casestudies/joint-health-review.yml: marked current in km: title, summary, "
                             "partners[0].name, sections.context, success_factors[0]\n")
    before = json.loads(run(mini, "translations", "status", "--lang", "km", "--format", "json").stdout)
    assert not [i for i in before if i["record"] == "joint-health-review" and i["state"] != "missing"]

    edit(mini, CASE, SUMMARY_EN, "  en: The health TWG and its partners reviewed the whole sector together.\n")
    after = json.loads(run(mini, "translations", "status", "--lang", "km", "--format", "json").stdout)
    assert [i for i in after if i not in before] == [
        {"record": "joint-health-review", "field": "summary", "lang": "km", "state": "outdated"}]

    # On the Khmer page: one sentence in the one notice block, with a link to the English page.
    project = open_project(mini)
    content, _ = project.load()
    page = case_study_page(Ctx(content, project.languages, "km"), content.case_studies["joint-health-review"])
    notices = re.findall(r'<aside class="rc-notice rc-notices" role="note">.*?</aside>', page, re.DOTALL)
    assert len(notices) == 1 and OUTDATED_KM in notices[0]
    assert "rc-notice--draft-translation" not in notices[0]  # every Khmer field was reviewed
    english = case_study_page(Ctx(content, project.languages, "en"), content.case_studies["joint-health-review"])
    assert "outdated" not in english

    # On the Status page: the record, with that field, and the count per language.
    status = report_markdown(content, project.languages, "en", "2026-12-01")
    assert "| Khmer | 10 | 1 | 3 | 28 |" in status
    assert ("| Joint health sector review (`casestudies/joint-health-review.yml`) | Missing (3); "
            "**Outdated** (`summary`) |") in status


def test_an_outdated_glossary_definition_is_named_on_the_glossary_page(mini):
    assert run(mini, "translations", "mark-current", "ownership", "--lang", "km").returncode == 0
    edit(mini, "glossary/ownership.yml", "{en: The government leads", "{en: The national government leads")
    project = open_project(mini)
    content, problems = project.load()
    assert not problems.sorted()
    page = glossary_page(Ctx(content, project.languages, "en"))
    assert "outdated" not in page
    page = glossary_page(Ctx(content, project.languages, "km"))
    assert '<em>ភាពជាម្ចាស់៖ និយមន័យ</em>' in page
    assert 'href="../../glossary/#ownership"' in page


# --- mark-current -----------------------------------------------------------------------------------

def test_mark_current_changes_only_the_translation_block(mini):
    before = (mini / CASE).read_text(encoding="utf-8")
    result = run(mini, "translations", "mark-current", "joint-health-review", "title", "summary", "--lang", "km")
    assert result.returncode == 0, result.stderr
    after = (mini / CASE).read_text(encoding="utf-8")
    assert after == before.replace("translation: {en: reviewed, km: draft}\n", (
        "translation:\n"
        "  en: reviewed\n"
        "  km:\n"
        f"    title: {{state: current, source: {fingerprint('Joint health sector review')}}}\n"
        f"    summary: {{state: current, source: {fingerprint(SUMMARY_EN[6:])}}}\n"))
    # A second mark adds a line to the map, and leaves the others as they are.
    assert run(mini, "translations", "mark-current", "joint-health-review", "sections.context", "--lang", "km").returncode == 0
    again = (mini / CASE).read_text(encoding="utf-8")
    assert again.startswith(after) and again[len(after):].startswith("    sections.context: {state: current, source: ")
    assert run(mini, "validate").returncode == 0


@pytest.mark.parametrize("args, message", [
    (["nope", "--lang", "km"], "resource-centre translations mark-current: no record has the id 'nope' "
                               "(or it has problems: run `resource-centre validate`)\n"),
    (["joint-health-review", "sections.results", "--lang", "km"],
     "resource-centre translations mark-current: casestudies/joint-health-review.yml: sections.results has "
     "no km text to mark current\n"),
    (["joint-health-review", "lesons", "--lang", "km"],
     "resource-centre translations mark-current: casestudies/joint-health-review.yml: 'lesons' is not a text "
     "field of this record (its fields: title, summary, partners[0].name, partners[1].name, partners[0].role, "
     "sections.context, sections.results, success_factors[0])\n"),
    (["joint-health-review", "--lang", "en"],
     "resource-centre translations: --lang 'en' is not a language translated from en; use one of: km\n"),
])
def test_mark_current_refuses_with_a_clear_message(mini, args, message):
    before = (mini / CASE).read_bytes()
    result = run(mini, "translations", "mark-current", *args)
    assert result.returncode in (1, 2) and result.stderr == message
    assert (mini / CASE).read_bytes() == before


def test_bad_translation_blocks_are_named_at_their_line(mini):
    edit(mini, CASE, "translation: {en: reviewed, km: draft}", (
        "translation:\n"
        "  km:\n"
        "    Title: draft\n"
        "    summary: {state: drafty, source: 12345678}\n"
        "    sections.context: {state: current, source: xyz}\n"))
    edit(mini, "tools/health-check.yml", "km: draft", "km: reviewd")
    result = run(mini, "validate")
    assert result.returncode == 1
    source = ("(the fingerprint of the source text this translation was made from, eight characters a-z and 2-7, "
              "written by `resource-centre translations mark-current` or `import`)")
    assert result.stdout.splitlines() == [
        "casestudies/joint-health-review.yml:41:5: translation.km: 'Title' is not in the expected form (A field "
        "path as `resource-centre validate` writes it, e.g. title, sections.lessons, partners[0].role.)",
        "casestudies/joint-health-review.yml:42:22: translation.km.summary.state: 'drafty' is not allowed; use one "
        "of: draft, current (did you mean 'draft'?)",
        f"casestudies/joint-health-review.yml:42:38: translation.km.summary.source: expected text, found a number {source}",
        "casestudies/joint-health-review.yml:43:48: translation.km.sections.context.source: 'xyz' is not in the "
        f"expected form {source}",
        "tools/health-check.yml:14:33: translation.km: 'reviewd' is not allowed; use one of: draft, reviewed "
        "(did you mean 'reviewed'?)"]


# --- CI: what a pull request made outdated -----------------------------------------------------------

def test_since_a_commit_names_english_changes_whose_khmer_stayed_with_a_github_notice(mini):
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=mini, check=True, capture_output=True)
    git("init", "-q")
    git("-c", "user.email=t@example.org", "-c", "user.name=t", "add", ".")
    git("-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-qm", "base")
    edit(mini, CASE, SUMMARY_EN, "  en: The health TWG and its partners reviewed the whole sector together.\n")
    # The English of the title changes too, and so does its Khmer: not outdated.
    edit(mini, CASE, "  en: Joint health sector review\n  km: ការពិនិត្យឡើងវិញរួមលើវិស័យសុខាភិបាល\n",
         "  en: Joint review of the health sector\n  km: ការពិនិត្យឡើងវិញរួមលើវិស័យសុខាភិបាលទាំងមូល\n")
    result = run(mini, "translations", "status", "--since", "HEAD", "--github")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "casestudies/joint-health-review.yml: summary [km] outdated",
        "::notice file=casestudies/joint-health-review.yml,line=9,title=Translation outdated::summary: the km "
        "translation of this field is now outdated (update it, or run `resource-centre translations mark-current "
        "joint-health-review summary --lang km` if it still says the same)"]
    bad = run(mini, "translations", "status", "--since", "no-such-ref")
    assert bad.returncode == 2 and "--since no-such-ref: not a commit" in bad.stderr


# --- the translator round trip -----------------------------------------------------------------------

def git_repo(root: Path) -> None:
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "base"]):
        subprocess.run(["git", "-c", "user.email=t@example.org", "-c", "user.name=t", *args], cwd=root,
                       check=True, capture_output=True)


def git_diff(root: Path) -> str:
    return subprocess.run(["git", "diff", "-U0", "--", "casestudies", "tools", "glossary", "taxonomies"],
                          cwd=root, capture_output=True, text=True, check=True).stdout


def export(root: Path, name: str, *args: str) -> Path:
    result = run(root, "translations", "export", "--lang", "km", "-o", str(root / name), *args)
    assert result.returncode == 0, result.stderr
    return root / name


def test_a_po_round_trip_changes_exactly_the_two_translated_fields(mini):
    polib = pytest.importorskip("polib")
    git_repo(mini)
    po_path = export(mini, "km.po", "--include", "records")
    check = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po_path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    po = polib.pofile(str(po_path))
    entry = {e.msgctxt: e for e in po}
    summary = entry["joint-health-review#summary"]
    assert summary.msgid == "The health TWG and its partners reviewed the sector together."
    assert summary.comment == ("Joint health sector review (casestudies/joint-health-review.yml) — "
                               "km/case-studies/joint-health-review/")
    entry["joint-health-review#sections.results"].msgstr = "សូចនាកររួមមួយ។\n\nកថាខណ្ឌទីពីរ។"
    entry["joint-health-review#partners[0].role"].msgstr = "ប្រធាន: ក្រសួង"
    po.save(str(po_path))

    result = run(mini, "translations", "import", str(po_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ("casestudies/joint-health-review.yml: partners[0].role (draft)\n"
                             "casestudies/joint-health-review.yml: sections.results (draft)\n")
    role, results = fingerprint("Chair"), fingerprint(
        "One shared set of indicators made mutual accountability real, and Mutual Accountability grew.")
    assert git_diff(mini).split("\n", 4)[4] == (
        "@@ -15 +15 @@ partners:\n"
        "-    role: {en: Chair}\n"
        "+    role: {en: Chair, km: \"ប្រធាន: ក្រសួង\"}\n"
        "@@ -30,0 +31,4 @@ sections:\n"
        "+    km: |-\n"
        "+      សូចនាកររួមមួយ។\n"
        "+\n"
        "+      កថាខណ្ឌទីពីរ។\n"
        "@@ -39 +43,5 @@ review: {last_reviewed: 2026-11-20, next_review: 2027-11-20}\n"
        "-translation: {en: reviewed, km: draft}\n"
        "+translation:\n"
        "+  en: reviewed\n"
        "+  km:\n"
        f"+    partners[0].role: {{state: draft, source: {role}}}\n"
        f"+    sections.results: {{state: draft, source: {results}}}\n")
    assert run(mini, "validate").returncode == 0
    got = states(mini)
    assert got[("joint-health-review", "sections.results")] == "draft"
    assert got[("joint-health-review", "title")] == "draft"  # unchanged: it was a draft before

    # Imported again: nothing to do. With --reviewed, every translated unit becomes current.
    again = run(mini, "translations", "import", str(po_path))
    assert again.returncode == 0 and again.stdout == ""
    assert run(mini, "translations", "import", "--reviewed", str(po_path)).returncode == 0
    assert states(mini)[("joint-health-review", "sections.results")] == "current"


def test_an_xliff_round_trip_loads_in_translate_toolkit_and_comes_back(mini):
    xliff = pytest.importorskip("translate.storage.xliff")
    git_repo(mini)
    path = export(mini, "km.xlf", "--only", "missing")
    store = xliff.xlifffile.parsestring(path.read_bytes())
    ids = [u.xmlelement.get("id") for u in store.units]
    assert "joint-health-review#sections.results" in ids and "@locales#home" not in ids
    assert all(not u.target for u in store.units)  # --only missing
    text = path.read_text(encoding="utf-8")
    marker = '<source>Discuss the differences.</source>\n'
    assert text.count(marker) == 1
    path.write_text(text.replace(marker, marker + '        <target state="translated">ពិភាក្សាភាពខុសគ្នា។</target>\n'),
                    encoding="utf-8")
    result = run(mini, "translations", "import", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "tools/health-check.yml: steps[1] (draft)\n"
    assert "+  - {en: Discuss the differences., km: ពិភាក្សាភាពខុសគ្នា។}" in git_diff(mini) \
        or "km: ពិភាក្សាភាពខុសគ្នា។" in git_diff(mini)
    assert run(mini, "validate").returncode == 0


def test_an_outdated_unit_is_fuzzy_and_a_changed_source_is_a_conflict(mini):
    polib = pytest.importorskip("polib")
    assert run(mini, "translations", "mark-current", "joint-health-review", "--lang", "km").returncode == 0
    edit(mini, CASE, SUMMARY_EN, "  en: The health TWG and its partners reviewed the whole sector together.\n")
    po_path = export(mini, "km.po", "--only", "outdated,missing", "--include", "records")
    po = polib.pofile(str(po_path))
    entry = {e.msgctxt: e for e in po}
    assert "fuzzy" in entry["joint-health-review#summary"].flags
    assert "joint-health-review#title" not in entry  # current: not asked for
    entry["joint-health-review#summary"].msgstr = "ក្រុមការងារបានពិនិត្យវិស័យទាំងមូលរួមគ្នា។"
    entry["joint-health-review#summary"].flags.remove("fuzzy")
    entry["joint-health-review#sections.results"].msgstr = "លទ្ធផល។"
    po.save(str(po_path))
    # Meanwhile the English of the results changes: that unit is a conflict, the summary goes in.
    edit(mini, CASE, "    en: One shared set", "    en: A single shared set")
    before = (mini / CASE).read_text(encoding="utf-8")
    result = run(mini, "translations", "import", str(po_path))
    assert result.returncode == 1
    assert result.stdout == "casestudies/joint-health-review.yml: summary (draft)\n"
    line = next(e.linenum for e in polib.pofile(str(po_path)) if e.msgctxt == "joint-health-review#sections.results")
    assert (f"conflict: {po_path}:{line}: joint-health-review#sections.results: the en text changed since the file "
            "was made; not written (export again and translate the new text)\n") in result.stderr
    after = (mini / CASE).read_text(encoding="utf-8")
    assert "ក្រុមការងារបានពិនិត្យវិស័យទាំងមូលរួមគ្នា។" in after and "លទ្ធផល។" not in after
    assert states(mini)[("joint-health-review", "summary")] == "draft"
    assert before != after


PO_HEAD = ('msgid ""\nmsgstr ""\n"Language: km\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
           'msgctxt "joint-health-review#summary"\n'
           'msgid "The health TWG and its partners reviewed the sector together."\n'
           'msgstr "ក្រុមការងារបច្ចេកទេសបានពិនិត្យ។"\n\n')


@pytest.mark.parametrize("name, body, message", [
    ("broken-quote.po", 'msgctxt "joint-health-review#title"\nmsgid "Joint health sector review"\nmsgstr "ការពិនិត្យ\n',
     '{file}:12: a quoted string is not closed: msgstr "ការពិនិត្យ'),
    ("unknown-record.po", 'msgctxt "joint-review#title"\nmsgid "Joint health sector review"\nmsgstr "ការពិនិត្យ"\n',
     "{file}:10: joint-review#title: no record has the id 'joint-review' (or it has problems: run "
     "`resource-centre validate`)"),
    ("unknown-field.po", 'msgctxt "joint-health-review#sections.lesons"\nmsgid "x"\nmsgstr "ក"\n',
     "{file}:10: joint-health-review#sections.lesons: casestudies/joint-health-review.yml has no text field "
     "'sections.lesons'"),
    ("raw-html.po", 'msgctxt "joint-health-review#title"\nmsgid "Joint health sector review"\n'
                    'msgstr "ការពិនិត្យ<script>alert(1)</script>"\n',
     "{file}:10: joint-health-review#title: title.km: raw HTML '<script' is not allowed (write plain Markdown; "
     "scripts, frames, styles and event handlers are refused)"),
    ("empty.po", 'msgctxt "joint-health-review#title"\nmsgid "Joint health sector review"\nmsgstr "   "\n',
     "{file}:10: joint-health-review#title: the translation is empty (only spaces); translate it or leave it out"),
    ("placeholder.po", 'msgctxt "@locales#tool_count.other"\nmsgid "{count} tools"\nmsgstr "{number} ឧបករណ៍"\n',
     "{file}:10: @locales#tool_count.other: the translation uses {{number}}, which the source text does not have "
     "(keep {{count}})"),
    ("not-xml.xlf", None, "{file}:3: not well-formed XML: Opening and ending tag mismatch: target line 3 and source, "
                    "line 3, column 37"),
])
def test_a_bad_translation_file_is_refused_whole_with_its_line(mini, name, body, message):
    shutil.copytree(Path(__file__).resolve().parent.parent / "locales", mini / "locales")
    path = mini / name
    if body is None:
        path.write_text('<?xml version="1.0"?>\n<xliff version="1.2"><file><body><trans-unit id="a#b">\n'
                        '<source>x</source><target>y</source>\n</trans-unit></body></file></xliff>\n', encoding="utf-8")
    else:
        path.write_text(PO_HEAD + body, encoding="utf-8")
    before = {p: p.read_bytes() for p in mini.rglob("*.yml")}
    result = run(mini, "translations", "import", str(path))
    assert {p: p.read_bytes() for p in mini.rglob("*.yml")} == before  # not even the good summary unit
    assert result.returncode == 1
    assert result.stderr == (message.format(file=path) + "\n"
                             "Nothing was written: fix the unit above and import again.\n")
    assert {p: p.read_bytes() for p in mini.rglob("*.yml")} == before  # not even the good summary unit


def test_interface_strings_take_the_same_round_trip(tmp_path):
    polib = pytest.importorskip("polib")
    root = tmp_path / "records"
    shutil.copytree(FIXTURES / "mini", root)
    shutil.copytree(Path(__file__).resolve().parent.parent / "locales", root / "locales")
    po_path = export(root, "ui.po", "--include", "interface")
    po = polib.pofile(str(po_path))
    entry = {e.msgctxt: e for e in po}
    assert entry["@locales#tool_count.other"].msgid == "{count} tools"
    assert "@locales#tool_count.one" not in entry  # Khmer has one plural form
    entry["@locales#home"].msgstr = "ទំព័រដើមថ្មី"
    po.save(str(po_path))
    before = (root / "locales" / "km.yml").read_text(encoding="utf-8")
    result = run(root, "translations", "import", str(po_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "locales/km.yml: home (draft)\n"
    after = (root / "locales" / "km.yml").read_text(encoding="utf-8")
    assert after == before.replace("home: ទំព័រដើម\n", "home: ទំព័រដើមថ្មី\n")


# --- every byte but the changed ones kept, whatever the text ------------------------------------------

RECORD = """# a comment that stays
id: x
title: {en: "Quoted, with comma", km: ចាស់}   # trailing comment
summary:
  en: |
    Two lines
    of English.
  # a comment inside
context:
  en: plain English text
tags: [a, b]
"""


@pytest.mark.parametrize("path", [("title",), ("summary",), ("context",)])
def test_any_text_is_written_so_that_it_reads_back_and_nothing_else_moves(path):
    hypothesis = pytest.importorskip("hypothesis")
    from hypothesis import strategies as st

    from resource_centre.records.translations import edit_record_text

    pieces = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff\x85\u2028\u2029") \
        | st.sampled_from(["\n", "\n\n", " ", ": ", " #", "'", '"', "|", "- ", "{", "}", "[", "ក", "ា", "\t", "\n\t", "\r\n"])
    texts = st.lists(pieces, min_size=1, max_size=20).map("".join).filter(lambda t: t.strip())

    @hypothesis.settings(max_examples=400, deadline=None)
    @hypothesis.given(texts)
    def check(text):
        changed = edit_record_text(RECORD, "km", {path: text}, {}, {})  # raises if it would not read back
        kept = [line for line in RECORD.splitlines() if not line.startswith(("title:", "summary:", "context:"))]
        assert all(line in changed.splitlines() for line in kept)
    check()
    for text in ("\n #", "a\n\tb", "x\n  indented", "ends with space \nnext", "- a\n- b\n", "a\r\nb"):  # found before
        edit_record_text(RECORD, "km", {path: text}, {}, {})


def test_status_text_and_usage_errors(mini):
    result = run(mini, "translations", "status", "--lang", "km")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "casestudies/draft-case.yml: title [km] missing"
    assert "casestudies/joint-health-review.yml: sections.context [km] draft" in lines
    assert lines[-1] == "km ខ្មែរ: 10 missing, 0 outdated, 8 draft, 24 current"
    bad = run(mini, "translations", "export", "--lang", "km", "--only", "stale")
    assert bad.returncode == 2 and bad.stderr == ("resource-centre translations export: --only: 'stale' is not one "
                                                  "of: missing, outdated, draft, current\n")
    bad = run(mini, "translations", "status", "--lang", "fr")
    assert bad.returncode == 2 and bad.stderr == ("resource-centre translations: --lang 'fr' is not a language of "
                                                  "this site; use one of: en, km\n")
