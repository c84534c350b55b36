"""Property tests (issue #5): whatever a record holds, validation reports problems instead of
crashing, and record text never becomes markup in the page.

Hypothesis generates the inputs; each property runs a few hundred examples on every test run.
"""
from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resource_centre.records.project import open_project
from resource_centre.text.markup import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES, render_markdown

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("prop") / "p"
    shutil.copytree(FIXTURES / "mini", root)
    return root


def _load(root: Path, raw: bytes):
    (root / "casestudies" / "fuzzed.yml").write_bytes(raw)
    content, problems = open_project(root).load()
    return content, problems.sorted()


def _assert_reported(problems) -> None:
    for problem in problems:
        assert problem.file and problem.line >= 1 and problem.column >= 1 and problem.message.strip()


@SETTINGS
@given(st.binary(max_size=2000))
def test_any_bytes_give_problems_not_a_crash(project, raw):
    _, problems = _load(project, raw)
    _assert_reported(problems)


YAMLISH = st.text(alphabet=st.sampled_from(list("ab: -[]{}&*!|>'\"#\n\t %@`,?\\0x1é\u17a0\u200b")), max_size=300)


@SETTINGS
@given(YAMLISH)
def test_any_yaml_like_text_gives_problems_not_a_crash(project, text):
    _, problems = _load(project, text.encode("utf-8"))
    _assert_reported(problems)


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=40))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)), max_leaves=25)
FIELDS = st.sampled_from(["id", "title", "summary", "status", "twgs", "partners", "location", "period",
                          "principles", "stages", "sections", "success_factors", "related", "tools_used",
                          "sources", "review", "translation", "illustrative", "tags"])


@SETTINGS
@given(st.dictionaries(FIELDS, VALUES, max_size=10))
def test_any_record_structure_gives_problems_not_a_crash(project, record):
    raw = yaml.safe_dump(record, allow_unicode=True).encode("utf-8")
    content, problems = _load(project, raw)
    _assert_reported(problems)
    # A record with problems is left out of the site, never half-used.
    if problems and any(p.file.endswith("fuzzed.yml") for p in problems):
        assert "fuzzed" not in content.case_studies


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


MARKUPISH = st.lists(st.sampled_from(
    list("<>/=\"' ()[]!*_`&#;:\n") + ["script", "img", "a ", "href", "src", "onerror", "javascript", "data",
                                      "vbscript", "style", "iframe", "svg", "http://x", "alert(1)", "ក"]),
    max_size=60).map("".join)


@SETTINGS
@given(MARKUPISH)
def test_record_markdown_never_becomes_unsafe_markup(text):
    parser = _Tags()
    parser.feed(render_markdown(text))
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, (text, tag)
        assert set(attrs) <= ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set()), (text, attrs)
        if "href" in attrs:
            scheme = attrs["href"].split(":", 1)[0].lower() if ":" in attrs["href"] else ""
            assert not scheme or scheme in URL_SCHEMES or "/" in scheme or "#" in scheme, (text, attrs)


# Record-like YAML, line by line: indentation, list dashes, keys (some repeated), a separator after the
# colon that may be a tab, and values of every style, with anchors, aliases, tags and comments.
_KEYS = st.sampled_from(["id", "status", "title", "en", "km", "a", "'q'", '"d"', "<<", "? k", "1", "ក"])
_SEPARATORS = st.sampled_from([" ", "  ", "\t", " \t", "\t ", ""])
_VALUES = st.sampled_from([
    "", "published", "a b", "a\tb", "a\t", "x: y", "'it''s'", '"t\\tx"', "[a, b]", "[a,\tb]", "{en: x}",
    "{en:\tx}", "|", "|-", ">", "&a x", "*a", "&a", "!!str 1", "!x y", "true", "yes", "2024-05-01", "1.5",
    ".nan", "~", "- a", "-\ta", "# c", "\t# c", "[", "}", "ក\tខ", "[[[[[[[[[[[[[[[[[[[[a]]]]]]]]]]]]]]]]]]]]"])
_LINES = st.lists(st.tuples(st.integers(0, 6), st.sampled_from(["", "- ", "-\t", "- - "]), _KEYS, _SEPARATORS,
                            _VALUES, st.sampled_from(["", "\t", " ", " # note", "\t# note"]))
                  .map(lambda p: f"{' ' * p[0]}{p[1]}{p[2]}:{p[3]}{p[4]}{p[5]}"), min_size=1, max_size=12)
RECORD_TEXT = st.one_of(_LINES.map("\n".join), YAMLISH)


def _outcome(read, text: str):
    """What one parser path makes of ``text``: its data and every position, or 'refused'."""
    from resource_centre.records import yamlload

    try:
        doc = read(text)
    except yamlload._Unsafe:
        return "refused"
    except yamlload.LoadError as exc:
        assert exc.line >= 1 and exc.column >= 1 and exc.message.strip()
        return "refused"
    return repr(doc.data), doc.values, doc.keys


@SETTINGS
@given(RECORD_TEXT)
def test_both_yaml_paths_read_every_text_alike(text):
    """The fast path (libyaml's composer) and the careful one (which words the messages) accept the
    same texts with the same data and positions, and refuse the same texts: a record never means one
    thing in a preview and another in a build (issue #21)."""
    from resource_centre.records import yamlload

    if yamlload._FastLoader is None:
        pytest.skip("PyYAML without libyaml has only the careful path")
    assert _outcome(yamlload._parse_fast, text) == _outcome(yamlload._parse_careful, text)
