"""Glossary tooltips (issue 13, item 6): the whole first sentence of the definition, at the body size,
on a term that links to its glossary entry (by mouse, keyboard and touch), for both URL styles."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, make_project, wait_until

from resource_centre.build.pages import plan_pages
from resource_centre.records.project import open_project
from resource_centre.records.schema import load_schemas
from resource_centre.site.tooltips import (
    Glossary,
    _trie_pattern,
    annotate,
    definitions_script,
    first_sentence,
    glossary_for,
)

PARTNERSHIP_EN = ("An ongoing working relationship in which organisations from different sectors combine their "
                  "resources and competencies, share risks and benefits, and work towards a shared goal that none "
                  "of them could achieve as well alone.")
MUTUAL_EN = "Partners answer to each other for results."
MUTUAL_KM = "ដៃគូទទួលខុសត្រូវចំពោះគ្នាទៅវិញទៅមកលើលទ្ធផល។"


@pytest.fixture(scope="module")
def mini():
    project = open_project(FIXTURES / "mini")
    content, _ = project.load()
    return content, project.languages


# The tooltip's text --------------------------------------------------------------------------

def test_the_tooltip_is_the_whole_first_sentence():
    # The repository's own definition of "partnership": 223 characters, one sentence, shown whole.
    assert first_sentence(PARTNERSHIP_EN) == PARTNERSHIP_EN
    # Only the first sentence of two; Khmer sentences end with ។ (khan).
    assert first_sentence("The government body responsible for co-ordinating development assistance in Cambodia. "
                          "CDC commissioned The Partnering Initiative.") == \
        "The government body responsible for co-ordinating development assistance in Cambodia."
    assert first_sentence("ស្ថាប័នរបស់រាជរដ្ឋាភិបាល ដែលទទួលខុសត្រូវលើការសម្របសម្រួលជំនួយអភិវឌ្ឍន៍នៅកម្ពុជា។ "
                          "ក្រុមប្រឹក្សានេះបានប្រគល់ភារកិច្ច។") == \
        "ស្ថាប័នរបស់រាជរដ្ឋាភិបាល ដែលទទួលខុសត្រូវលើការសម្របសម្រួលជំនួយអភិវឌ្ឍន៍នៅកម្ពុជា។"
    # An abbreviation or a decimal point does not end a sentence; Markdown marks are not shown.
    assert first_sentence("Money, staff, e.g. a **shared** budget of 2.5 million. More.") == \
        "Money, staff, e.g. a shared budget of 2.5 million."
    # No sentence end at all: the whole text.
    assert first_sentence("A measurable sign of progress") == "A measurable sign of progress"


# The link --------------------------------------------------------------------------------------

CASE = "<p>Before the review there was no mutual accountability; mutual accountability grew.</p>"


@pytest.mark.parametrize("page, directory_urls, entry, script", [
    ("case-studies/joint-health-review.md", True, "../../glossary/#mutual-accountability", "../../glossary/definitions.js"),
    ("case-studies/joint-health-review.md", False, "../glossary/index.html#mutual-accountability", "../glossary/definitions.js"),
    ("index.md", True, "glossary/#mutual-accountability", "glossary/definitions.js"),
    ("index.md", False, "glossary/index.html#mutual-accountability", "glossary/definitions.js"),
    ("browse/twgs/health.md", True, "../../../glossary/#mutual-accountability", "../../../glossary/definitions.js"),
])
def test_the_first_use_of_a_term_links_to_its_entry(mini, page, directory_urls, entry, script):
    content, languages = mini
    assert annotate(CASE, glossary_for(content, languages, "en"), page, directory_urls) == (
        f'<p>Before the review there was no <a class="rc-term" href="{entry}">mutual accountability</a>; '
        "mutual accountability grew.</p>"
        f'\n<script src="{script}" defer></script>')


def test_terms_in_notices_links_headings_and_code_are_left_alone(mini):
    content, languages = mini
    glossary = glossary_for(content, languages, "en")
    html = ('<aside class="rc-notice rc-notices" role="note"><p>Ownership matters.</p></aside>'
            '<h2 id="ownership">Ownership</h2><p><a href="x/">ownership</a> <code>ownership</code></p>')
    assert annotate(html, glossary, "index.md", True) == html  # nothing linked, and no script
    assert annotate(html + "<p>Ownership</p>", glossary, "index.md", True).count('class="rc-term"') == 1


def test_khmer_terms_link_inside_running_khmer_text(mini):
    content, languages = mini
    html = "<p>មុនការពិនិត្យ ដោយគ្មានគណនេយ្យភាពទៅវិញទៅមក។</p>"
    assert annotate(html, glossary_for(content, languages, "km"), "case-studies/joint-health-review.md", True) == (
        '<p>មុនការពិនិត្យ ដោយគ្មាន<a class="rc-term" href="../../glossary/#mutual-accountability">គណនេយ្យភាពទៅវិញទៅមក</a>។</p>'
        '\n<script src="../../glossary/definitions.js" defer></script>')


def test_each_language_gets_one_definitions_script_beside_its_glossary(mini):
    content, languages = mini
    pages = {(p.lang, p.path): p.text for p in plan_pages(content, languages, load_schemas(str(REPO / "schemas")))}
    assert f'"mutual-accountability": "{MUTUAL_EN}"' in pages[("en", "glossary/definitions.js")]
    assert f'"mutual-accountability": "{MUTUAL_KM}"' in pages[("km", "glossary/definitions.js")]
    assert pages[("km", "glossary/definitions.js")] == definitions_script(glossary_for(content, languages, "km"))


def test_the_definitions_script_cannot_be_closed_or_broken_by_a_definition():
    script = definitions_script(Glossary(None, {}, {"x": 'A "quoted" </script> line\u2028end.'}))
    assert '"x": "A \\"quoted\\" <\\/script> line\\u2028end."' in script
    assert "\u2028" not in script


# In the browser ----------------------------------------------------------------------------------

def tooltip(page) -> dict:
    """The shown tooltip's text and font size, and the body text's font size."""
    wait_until(page, "!!document.querySelector('#rc-term-tip:not([hidden])')")
    return page.evaluate("""() => {
        const tip = document.getElementById('rc-term-tip');
        const link = document.querySelector('.md-content a.rc-term');
        const box = tip.getBoundingClientRect(), under = link.getBoundingClientRect();
        return {text: tip.innerText.trim(), size: parseFloat(getComputedStyle(tip).fontSize),
                body: parseFloat(getComputedStyle(document.querySelector('.md-content .md-typeset')).fontSize),
                described: link.getAttribute('aria-describedby') === tip.id, title: link.hasAttribute('title'),
                near: box.top >= under.bottom || box.bottom <= under.top, inside: box.left >= 0
                      && box.right <= document.documentElement.clientWidth};
    }""")


def hidden(page) -> None:
    wait_until(page, "document.getElementById('rc-term-tip').hidden"
                     " && !document.querySelector('a.rc-term[aria-describedby]')")


@pytest.mark.parametrize("lang, term, definition", [("", "mutual accountability", MUTUAL_EN),
                                                    ("km/", "គណនេយ្យភាពទៅវិញទៅមក", MUTUAL_KM)])
def test_hover_and_keyboard_show_the_definition_at_the_body_size_and_enter_opens_the_entry(
        browser, serve, mini_site, lang, term, definition):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    base = serve(mini_site / "site")
    page.goto(f"{base}{lang}case-studies/joint-health-review/")
    link = page.locator(".md-content a.rc-term")
    assert link.count() == 1 and link.inner_text() == term
    link.hover()
    shown = tooltip(page)
    assert shown["text"] == definition
    assert shown["size"] >= shown["body"], shown  # was 10 px against 16 (English) and 18 (Khmer)
    assert shown["described"] and shown["near"] and shown["inside"] and not shown["title"], shown  # no native one too
    page.keyboard.press("Escape")  # dismissed without moving the pointer (WCAG 1.4.13)
    hidden(page)
    page.mouse.move(0, 0)
    link.hover()
    tooltip(page)
    box = page.locator("#rc-term-tip").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=4)
    page.wait_for_timeout(400)
    assert page.evaluate("!document.getElementById('rc-term-tip').hidden")  # the pointer can rest on it
    page.mouse.move(0, 0)
    hidden(page)
    # Keyboard: the term is a link, so it is in the tab order; focus shows the definition too.
    page.evaluate("() => document.querySelector('.md-content h1').setAttribute('tabindex', '-1')")
    page.focus(".md-content h1")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('rc-term')"):
            break
    else:
        pytest.fail("Tab never reached the glossary term")
    assert tooltip(page)["text"] == definition
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}{lang}glossary/#mutual-accountability")
    assert page.evaluate("() => document.getElementById('mutual-accountability').tagName") == "H2"
    page.close()


def test_a_tap_on_a_phone_opens_the_glossary_entry(browser, serve, mini_site):
    context = browser.new_context(viewport={"width": 375, "height": 740}, has_touch=True, is_mobile=True)
    page = context.new_page()
    base = serve(mini_site / "site")
    page.goto(f"{base}km/case-studies/joint-health-review/")
    page.locator(".md-content a.rc-term").tap()
    page.wait_for_url(f"{base}km/glossary/#mutual-accountability")
    context.close()


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory) -> Path:
    """The mini site as the offline edition builds it: file URLs (index.html), opened from disk."""
    project = make_project(tmp_path_factory.mktemp("offline") / "project")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, check=True,
                   capture_output=True, timeout=600, env=dict(os.environ, OFFLINE="true", NO_MKDOCS_2_WARNING="1"))
    return project / "site"


def test_the_offline_edition_links_terms_and_shows_definitions_from_disk(browser, offline_site):
    html = (offline_site / "case-studies" / "joint-health-review.html").read_text(encoding="utf-8")
    assert '<a class="rc-term" href="../glossary/index.html#mutual-accountability">' in html
    assert '<script src="../glossary/definitions.js" defer></script>' in html
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto((offline_site / "case-studies" / "joint-health-review.html").as_uri())
    page.locator(".md-content a.rc-term").hover()
    assert tooltip(page)["text"] == MUTUAL_EN
    page.locator(".md-content a.rc-term").click()
    page.wait_for_url((offline_site / "glossary" / "index.html").as_uri() + "#mutual-accountability")
    page.close()


def test_a_very_long_term_does_not_exhaust_the_recursion_limit():
    """The trie is written branch point by branch point: a term of thousands of letters (an injected
    payload, say) used to nest one group per letter and stop the build with a RecursionError."""
    words = ["partner", "partnership", "partnership broker", "x" * 5000, "x" * 4000 + "y"]
    pattern = re.compile(_trie_pattern(words))
    assert _trie_pattern(words[:3]) == r"partner(?:ship(?:\ broker)?)?"
    assert all(pattern.fullmatch(word) for word in words)
    assert not pattern.fullmatch("partnershi")
