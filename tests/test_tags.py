"""Tags per language (issue #13 item 10): a record's keywords in the reader's language.

``tags`` is a plain list (the default language's keywords, as the submission form writes it) or
a list per language (``{en: [...], km: [...]}``). One resolver (localise.localise_list) picks a
language's list, falling back as text does; pages, cards, open data and the explorer's words use
it, and a list in another language says so with ``lang``.
"""
from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest
from bad_records_lib import install_case, validate_messages
from conftest import REPO

from resource_centre.editions.opendata import open_data_files
from resource_centre.records import khmer
from resource_centre.records.project import open_project
from resource_centre.records.schema import Schemas
from resource_centre.records.translations import collect
from resource_centre.site.explorer import search_words
from resource_centre.site.record_pages import case_study_page, tool_page
from resource_centre.site.render import Ctx, card
from resource_centre.text.localise import LocalisedList, lists_by_language, localise_list

HEALTH = "provincial-joint-health-review-kampong-thom"  # English and Khmer tags
COMMUNE = "commune-partnership-siem-reap"              # English only, a plain list

KHMER_TAGS = ('<p class="rc-tags"><strong>ពាក្យគន្លឹះ៖</strong> <span class="rc-tag">ការពិនិត្យឡើងវិញរួមគ្នា</span>, '
              '<span class="rc-tag">សុខាភិបាល</span>, <span class="rc-tag">គណនេយ្យភាពទៅវិញទៅមក</span>, '
              '<span class="rc-tag">សូចនាករ</span>, <span class="rc-tag">ថ្នាក់ខេត្ត</span></p>')
ENGLISH_TAGS_ON_KHMER = ('<p class="rc-tags"><strong>ពាក្យគន្លឹះ៖</strong> <span lang="en">'
                         '<span class="rc-tag">D&amp;D</span>, <span class="rc-tag">commune</span>, '
                         '<span class="rc-tag">local planning</span>, <span class="rc-tag">NGO</span></span></p>')


@pytest.fixture(scope="module")
def bundled():
    project = open_project(REPO)
    content, problems = project.load()
    assert not problems
    return project, content


def _tags_line(html: str) -> str:
    return next(line for line in html.splitlines() if 'class="rc-tags"' in line)


def test_a_khmer_case_study_page_and_card_show_the_khmer_tags(bundled):
    project, content = bundled
    record = content.case_studies[HEALTH]
    ctx = Ctx(content, project.languages, "km")
    assert _tags_line(case_study_page(ctx, record)) == KHMER_TAGS
    assert not ctx.fallbacks
    assert _tags_line(card(ctx, record, "case-studies/index.md")) == KHMER_TAGS
    english = Ctx(content, project.languages, "en")
    assert _tags_line(case_study_page(english, record)) == (
        '<p class="rc-tags"><strong>Tags:</strong> <span class="rc-tag">joint review</span>, '
        '<span class="rc-tag">health</span>, <span class="rc-tag">mutual accountability</span>, '
        '<span class="rc-tag">indicators</span>, <span class="rc-tag">provincial</span></p>')


def test_english_only_tags_on_a_khmer_page_say_they_are_english(bundled):
    project, content = bundled
    record = content.case_studies[COMMUNE]
    ctx = Ctx(content, project.languages, "km")
    assert _tags_line(case_study_page(ctx, record)) == ENGLISH_TAGS_ON_KHMER
    assert _tags_line(card(ctx, record, "case-studies/index.md")) == ENGLISH_TAGS_ON_KHMER
    english = Ctx(content, project.languages, "en")
    assert 'lang="en"' not in _tags_line(case_study_page(english, record))


def test_a_tool_page_in_khmer_shows_its_khmer_tags(bundled):
    project, content = bundled
    ctx = Ctx(content, project.languages, "km")
    assert '<span class="rc-tag">ការវិភាគ</span>' in _tags_line(tool_page(ctx, content.tools["partnership-swot-analysis"]))


def test_the_one_fallback_rule_picks_a_languages_list(bundled):
    project, _ = bundled
    languages = project.languages
    both = {"en": ["health"], "km": ["សុខាភិបាល"]}
    assert localise_list(both, "km", languages) == LocalisedList(("សុខាភិបាល",), "km", False)
    assert localise_list({"en": ["health"], "km": []}, "km", languages) == LocalisedList(("health",), "en", True)
    assert localise_list(["health"], "km", languages) == LocalisedList(("health",), "en", True)
    assert localise_list(["health"], "en", languages) == LocalisedList(("health",), "en", False)
    assert localise_list({"fr": ["santé"]}, "km", languages) == LocalisedList(("santé",), "fr", True)  # a dropped language
    assert not localise_list(None, "km", languages) and not localise_list([], "en", languages)
    assert lists_by_language(["health"], languages) == {"en": ["health"]}
    assert lists_by_language(both, languages) == both


def test_open_data_carries_each_languages_tags(bundled):
    project, content = bundled
    files = open_data_files(content.only_published(), project.languages, site_name="x", site_url="")
    khmer_file = {r["id"]: r for r in json.loads(files["data/case-studies.km.json"])}
    assert (khmer_file[HEALTH]["tags"][:2], khmer_file[HEALTH]["tags_lang"]) == (["ការពិនិត្យឡើងវិញរួមគ្នា", "សុខាភិបាល"], "km")
    assert (khmer_file[COMMUNE]["tags"], khmer_file[COMMUNE]["tags_lang"]) == (["D&D", "commune", "local planning", "NGO"], "en")
    every = {r["id"]: r for r in json.loads(files["data/case-studies.json"])}
    assert every[HEALTH]["tags"]["km"][-1] == "ថ្នាក់ខេត្ត" and every[HEALTH]["tags"]["en"][-1] == "provincial"
    assert every[COMMUNE]["tags"] == {"en": ["D&D", "commune", "local planning", "NGO"]}  # always the map
    # The published schemas say so (test_open_data validates every file against them).
    schema = json.loads(files["data/schema/case-studies.schema.json"])["items"]["properties"]["tags"]
    assert schema["type"] == "object" and schema["allOf"] == [{"$ref": "#/$defs/tagsByLanguage"}]
    one = json.loads(files["data/schema/case-studies.one-language.schema.json"])["items"]["properties"]
    assert one["tags"]["type"] == "array" and one["tags_lang"]["enum"] == ["en", "km"]
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(files["data/tools.km.csv"].decode("utf-8-sig")))}
    swot = rows["partnership-swot-analysis"]
    assert (swot["tags"], swot["tags_lang"]) == ("SWOT; ការវិភាគ; ដំណាក់កាលចាប់ផ្តើម; ការកំណត់វិសាលភាព", "km")
    assert rows["partnership-agreement-template"]["tags_lang"] == "en"
    combined = {r["id"]: r for r in csv.DictReader(io.StringIO(files["data/tools.csv"].decode("utf-8-sig")))}
    assert combined["partnership-agreement-template"]["tags_km"] == ""  # no Khmer tags yet: an empty cell
    assert combined["partnership-swot-analysis"]["tags_en"] == "SWOT; analysis; inception; scoping"


def test_the_explorers_words_hold_the_khmer_tags(bundled):
    project, content = bundled
    record = content.tools["measuring-partnership-success"]
    tag = record.get("tags")["km"][3]  # គណនេយ្យភាពទៅវិញទៅមក (mutual accountability): not in its Khmer text
    clusters = khmer.clusters(khmer.fold(tag))
    pairs = {"".join(pair) for pair in zip(clusters, clusters[1:])}
    words = set(search_words(content, project.languages, record).split())
    assert pairs <= words
    untagged = dataclasses.replace(record, data={k: v for k, v in record.data.items() if k != "tags"})
    assert not pairs <= set(search_words(content, project.languages, untagged).split())


def test_translations_leave_tags_to_the_records_translation_state(bundled):
    """Tags are keywords chosen per language, not text translated from a source: no PO unit, no
    fingerprint; a language's list is as reviewed as the record's ``translation`` says (km: draft)."""
    project, content = bundled
    status = collect(content, project.languages)
    assert not [f for f in status.fields if f.field.startswith("tags")]
    assert content.case_studies[HEALTH].get("translation")["km"] == "draft"


@pytest.mark.parametrize("name, expect", [
    ("tags-unknown-language",
     "casestudies/bad.yml:10:3: tags: 'fr' is not a language of this site (site languages: en, km (set in mkdocs.yml))"),
    ("tags-empty-list",
     "casestudies/bad.yml:11:7: tags.km: is an empty list (write at least one item in the brackets, or delete the line)"),
    ("tags-text-not-list",
     "casestudies/bad.yml:10:7: tags.en: expected a list, found text "
     "(write the items in square brackets, separated by commas, e.g. [health, TWG])"),
    ("tags-text",
     "casestudies/bad.yml:9:7: tags: expected a list or a mapping of fields, found text "
     "(write the items in square brackets, separated by commas, e.g. [health, TWG])"),
    ("tags-no-language",
     "casestudies/bad.yml:9:7: tags: needs a list in at least one language (e.g. `en: [health, TWG]`)"),
])
def test_bad_tags_get_a_message_naming_the_line(tmp_path, monkeypatch, name, expect):
    project = install_case(tmp_path / "p", {"target": "casestudies/bad.yml", "file": f"{name}.yml"})
    code, lines, stderr = validate_messages(project)
    assert (code, lines) == (1, [expect]), stderr
    # The fast check (jsonschema-rs) rejects it too: jsonschema alone says the same.
    monkeypatch.setattr(Schemas, "fast_check", lambda self, schema, refs: lambda data: False)
    assert validate_messages(project)[:2] == (code, lines)


def test_a_plain_list_still_validates(tmp_path):
    """What the submission form writes, and every record written before tags had languages."""
    project = install_case(tmp_path / "p", {"target": "casestudies/bad.yml", "file": "tags-text.yml"})
    bad = project / "casestudies" / "bad.yml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("tags: joint review, health", "tags: [joint review, health]"),
                   encoding="utf-8")
    assert validate_messages(project)[:2] == (0, [])
