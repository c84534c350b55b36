"""The build's shortcuts (issue #20, "the build") give what the plain definitions give.

Each shortcut does less work for the same result: Khmer spelling variants cut only the phrases
that can hold one, the explorer's words are cut once per distinct part of a text, a card is
rendered once per language and given each page's link. Each is held here to the plain
definition it replaced, on generated text that has what makes the shortcut delicate (split
vowels, invisible characters, subscript DA, Markdown links, words inside other words).
"""
from __future__ import annotations

from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st

from resource_centre.records import khmer
from resource_centre.records.project import open_project
from resource_centre.site import explorer, render
from resource_centre.site.explorer import _outermost, normalise_words

# Khmer phrases and their other spellings: a split vowel (េ + ា for ោ), a zero-width space, subscript DA.
KHMER = ["សុខាភិបាល", "ការពិនិត្យ", "ក\u17c1\u17b6ល", "កោល", "កណ្ដាល", "កណ្តាល", "ឡើង\u200bវិញ", "ឡើងវិញ",
         "សាស្រ្ត", "សាស្ត្រ", "២០១៩", "។"]
LATIN = ["health", "heal", "healthy", "review", "view", "[report](https://example.org/a)", "D&D", "2019", "-"]
PIECES = st.sampled_from(KHMER + LATIN + [" ", "  ", "\n", ", "])


def _variants_by_definition(texts: list[tuple[str, str]]) -> list[list[khmer.Spelling]]:
    """spelling_variants as first written: every word of every text, cut and counted."""
    seen: dict[str, dict[str, set[str]]] = {}
    for file, text in texts:
        if khmer.has_khmer_letters(text):
            for key, written in khmer._words(text):
                seen.setdefault(key, {}).setdefault(written, set()).add(file)
    return [sorted((khmer.Spelling(w, tuple(sorted(files))) for w, files in forms.items()),
                   key=lambda s: (-len(s.files), s.written))
            for key, forms in sorted(seen.items()) if len(forms) > 1]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a.yml", "b.yml", "c.yml"]), st.lists(PIECES, max_size=12).map("".join)),
                max_size=8))
def test_spelling_variants_are_those_of_every_word_cut(texts):
    assert khmer.spelling_variants(texts) == _variants_by_definition(texts)


def test_a_variant_is_found_inside_a_phrase_written_as_it_folds():
    # b.yml writes the word canonically only inside a longer phrase: that phrase must still be cut.
    texts = [("a.yml", "ក\u17c1\u17b6ល"), ("b.yml", "មជ្ឈមណ្ឌលកោល")]
    assert khmer.spelling_variants(texts) == _variants_by_definition(texts)
    assert khmer.spelling_variants([("a.yml", "កោល"), ("b.yml", "កោល")]) == []


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=20).map("".join))
def test_the_words_of_a_text_are_those_of_its_space_separated_parts(text):
    parts = explorer._LINK_TARGET.sub(" ", text).split()
    assert sorted(set(normalise_words(text))) == sorted({w for part in parts for w in explorer._normalise_part(part)})


def _outermost_by_definition(words: set[str]) -> str:
    kept = ""
    for word in sorted(words, key=lambda w: (-len(w), w)):
        if not any(word in k for k in kept.split()):
            kept += " " + word
    return kept


@given(st.sets(st.text(alphabet="abch", min_size=1, max_size=6), max_size=12))
def test_a_word_inside_another_is_left_out(words):
    assert _outermost({"health", "heal", "healthy", "view", "review"}) == " healthy review"
    assert _outermost(words) == _outermost_by_definition(words)


def _words_by_definition(texts: list[str]) -> str:
    """search_words' words as first written: every word of every whole text, folded and cut."""
    latin: set[str] = set()
    pairs: set[str] = set()
    for text in texts:
        for word in normalise_words(text):
            for part in explorer._KHMER_OR_NOT.findall(word):
                if "\u1780" <= part[0] <= "\u17ff":
                    clusters = khmer.clusters(part)
                    pairs.update(map("".join, zip(clusters, clusters[1:])))
                    pairs.update(clusters[-1:])
                else:
                    latin.add(part)
    return (_outermost_by_definition(latin) + " " + " ".join(sorted(pairs))).strip()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(PIECES, max_size=15).map("".join), max_size=5),
       st.lists(st.lists(PIECES, max_size=15).map("".join), max_size=5))
def test_the_words_kept_are_those_of_the_whole_texts_and_parts_are_shared_safely(texts, other):
    known: dict = {}
    explorer.words_of(other, known)  # another record's parts, already cut
    assert explorer.words_of(texts, known) == explorer.words_of(texts, {}) == _words_by_definition(texts)


def test_a_card_given_its_link_is_the_card_rendered_with_that_link():
    project = open_project(REPO)
    content, _ = project.load()
    for lang in project.languages.codes:
        ctx = render.Ctx(content, project.languages, lang)
        for record in list(content.case_studies.values())[:3] + list(content.tools.values())[:3]:
            for page in ("case-studies/index.md", "browse/twgs/health.md", "tools/finder.md"):
                link = ctx.href(page, f"{'case-studies' if record.kind == 'case-study' else 'tools'}/{record.id}.md")
                expected = render._card(render.Ctx(content, project.languages, lang), record, link)
                assert render.card(ctx, record, page) == expected
    # A link that would need escaping is not put in by hand: the card is rendered with it.
    record = next(iter(content.case_studies.values()))
    ctx = render.Ctx(content, project.languages, "en")
    odd = 'x/"y&z'
    assert render._card_linked(ctx, record, odd) == render._card(ctx, record, odd)
    assert odd not in render._card_linked(ctx, record, odd)  # escaped, as the template escapes it
