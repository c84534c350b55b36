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
from resource_centre.project import open_project
from resource_centre.render import Ctx, case_study_page, glossary_page
from resource_centre.report import report_markdown
from resource_centre.translations import collect, fingerprint

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
    assert ("| Joint health sector review (`casestudies/joint-health-review.yml`) | Missing: 3; "
            "**Outdated:** `summary` |") in status


def test_an_outdated_glossary_definition_is_named_on_the_glossary_page(mini):
    assert run(mini, "translations", "mark-current", "ownership", "--lang", "km").returncode == 0
    edit(mini, "glossary/ownership.yml", "{en: The government leads", "{en: The national government leads")
    project = open_project(mini)
    content, problems = project.load()
    assert not problems.sorted()
    page = glossary_page(Ctx(content, project.languages, "en"))
    assert "outdated" not in page
    page = glossary_page(Ctx(content, project.languages, "km"))
    assert '<em>ភាពជាម្ចាស់: និយមន័យ</em>' in page
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
