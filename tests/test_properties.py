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
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from resource_centre.markup import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES, render_markdown
from resource_centre.project import open_project

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
