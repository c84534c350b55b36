"""Page fragments come from Jinja templates a site can override (overrides/partials/rc/, issue 14).

A project's own ``overrides/partials/rc/card.html`` replaces the repository's card and nothing else;
a template naming a value its caller does not give fails loudly instead of printing nothing.
"""
from __future__ import annotations

import shutil

import pytest
from conftest import FIXTURES
from jinja2 import UndefinedError

from resource_centre.records.project import PARTIALS, REPO, open_project
from resource_centre.site import fragments
from resource_centre.site.record_pages import case_study_page
from resource_centre.site.render import Ctx, card

OWN_CARD = """{#- A site's own card: the title and the summary as a heading and a paragraph. -#}
<div class="my-card"><h3><a href="{{ url }}">{{ title.text }}</a></h3>{{ summary.text }}</div>
"""


def project_with(tmp_path, templates: dict[str, str]):
    root = tmp_path / "site"
    shutil.copytree(FIXTURES / "mini", root)
    (root / PARTIALS).mkdir(parents=True)
    for name, text in templates.items():
        (root / PARTIALS / name).write_text(text, encoding="utf-8")
    project = open_project(root)
    content, problems = project.load()
    assert not problems.sorted(), problems.sorted()
    return content, project.languages


def test_a_projects_own_card_replaces_the_default(tmp_path):
    content, languages = project_with(tmp_path, {"card.html": OWN_CARD})
    record = content.case_studies["joint-health-review"]
    html = card(Ctx(content, languages, "en"), record, "browse/twgs/health.md")
    assert html.startswith('<div class="my-card"><h3><a href="../../../case-studies/joint-health-review/">')
    assert "rc-card" not in html
    # The other fragments keep the repository's files: the case study's fact table and notices are as before.
    page = case_study_page(Ctx(content, languages, "km"), record)
    assert '<dl class="rc-facts" markdown>' in page and '<aside class="rc-notice rc-notices" role="note">' in page


def test_without_an_own_template_the_repositorys_is_used(tmp_path):
    content, languages = project_with(tmp_path, {"notice.html": "unused"})
    record = content.case_studies["joint-health-review"]
    html = card(Ctx(content, languages, "en"), record, "browse/twgs/health.md")
    assert html.startswith('<article class="rc-card">\n<p><strong><a href="../../../case-studies/joint-health-review/">')
    assert html.endswith("</article>")
    assert (REPO / PARTIALS / "card.html").is_file()


def test_a_missing_value_fails_loudly(tmp_path):
    content, languages = project_with(tmp_path, {"card.html": "<p>{{ title.text }} {{ author }}</p>\n"})
    record = content.case_studies["joint-health-review"]
    with pytest.raises(UndefinedError, match="author"):
        card(Ctx(content, languages, "en"), record, "browse/twgs/health.md")


def test_plain_text_is_escaped_as_the_rest_of_the_generator_escapes_it(tmp_path):
    (tmp_path / PARTIALS).mkdir(parents=True)
    (tmp_path / PARTIALS / "t.html").write_text('<p title="{{ text }}">{{ text }}|{{ sep | exact }}|{{ html }}</p>\n')
    out = fragments.render(tmp_path, "t.html", text="Tom's <b>\n  \"bold\" ", sep=", ", html=fragments.Markup("<b>x</b>"))
    assert out == ('<p title="Tom&#x27;s &lt;b&gt; &quot;bold&quot;">Tom&#x27;s &lt;b&gt; &quot;bold&quot;|, |'
                   "<b>x</b></p>")


def test_a_filtered_list_says_so_when_a_card_lost_the_opening_its_filters_need(tmp_path):
    """The specialists directory adds each card's facets to its <article class="rc-card">: a site's own
    card template without it would leave the filters matching nothing, so the build stops and says why."""
    from resource_centre.site.explorer import card_with_data

    content, languages = project_with(tmp_path, {})
    record = content.case_studies["joint-health-review"]
    ctx = Ctx(content, languages, "en")
    kept = card_with_data(ctx, record, (("twgs", "twgs"),), "case-studies/index.md")
    assert kept.startswith('<article class="rc-card" data-id="joint-health-review" data-twgs="health"')
    with pytest.raises(ValueError, match='joint-health-review in a filtered list must open with <article class="rc-card">'):
        card_with_data(ctx, record, (("twgs", "twgs"),), "case-studies/index.md",
                       card_of=lambda c, r, p: '<div class="my-card">...</div>')


def test_the_preview_makes_the_pages_again_when_a_fragment_changes(tmp_path):
    """mkdocs serve regenerates only when an input's fingerprint changes: a project's own partials are inputs."""
    from resource_centre.build.generate import fingerprint

    project_with(tmp_path, {"card.html": OWN_CARD})
    project = open_project(tmp_path / "site")
    before = fingerprint(project, drafts=False)
    (tmp_path / "site" / PARTIALS / "card.html").write_text(OWN_CARD.replace("h3", "h2"), encoding="utf-8")
    edited = fingerprint(project, drafts=False)
    assert edited != before
    (tmp_path / "site" / PARTIALS / "notice.html").write_text("<aside>{{ notices }}</aside>\n", encoding="utf-8")
    assert fingerprint(project, drafts=False) not in (before, edited)  # a new file counts too
