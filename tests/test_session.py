"""The core keeps no state between calls; a preview's Session keeps parses, findings and rendered text."""
from __future__ import annotations

from conftest import make_project

from resource_centre.build.generate import Session, generate
from resource_centre.records.project import open_project
from resource_centre.site.render import RenderedTexts, keeping_rendered, render_markdown
from resource_centre.text import markup


def test_a_session_renders_each_unchanged_text_once_and_gives_the_same_pages(tmp_path, monkeypatch):
    project = open_project(make_project(tmp_path / "p"))
    calls = []
    real = markup.render_markdown
    monkeypatch.setattr(markup, "render_markdown", lambda text, **kw: calls.append(text) or real(text, **kw))
    session = Session()
    first = generate(project, drafts=True, session=session)
    rendered_first = len(calls)
    assert rendered_first > 0
    record_texts = {"A trusted facilitator", "Ask each partner to score the principles."}
    assert record_texts <= set(calls)
    second = generate(project, drafts=True, session=session)
    again = calls[rendered_first:]
    assert not record_texts & set(again) and len(again) < rendered_first / 2  # records' text: not rendered again
    assert second.files == first.files
    del calls[:]
    plain = generate(project, drafts=True)  # no session: everything rendered, same pages
    assert record_texts <= set(calls) and plain.files == first.files
    assert session.checks.findings  # the schema findings are kept too


def test_texts_a_plan_did_not_use_are_dropped_after_it():
    texts = RenderedTexts()
    with keeping_rendered(texts):
        render_markdown("*one*")
        render_markdown("*two*")
    with keeping_rendered(texts):
        render_markdown("*two*")
    made = []
    with keeping_rendered(texts):
        assert "<em>two</em>" in texts.get(("block", "*two*", 2), lambda: made.append(1) or "")
        texts.get(("block", "*one*", 2), lambda: made.append(1) or "x")
    assert made == [1]  # "*one*" was dropped after the plan that did not use it


def test_outside_a_session_nothing_is_kept():
    texts = RenderedTexts()
    with keeping_rendered(texts):
        render_markdown("*kept*")
    render_markdown("*not kept*")
    assert texts.get(("block", "*not kept*", 2), lambda: "made") == "made"
