"""The light/dark toggle (overrides/partials/palette.html, rc-palette.js) does what Material's palette
component did, without restyling the page on every load (issue 20).

Material's component is not mounted (the form has no data-md-component="palette"); rc-palette.js shows
the system's scheme or the reader's stored choice, unhides that option's toggle, keeps the choice for the
next page (Material's "__palette" in localStorage, which partials/javascripts/palette-early.html applies from
the head before the first paint) and sets the color-scheme and theme-color meta elements. On a load whose palette is already right
it changes nothing on the body: the attributes Material's component set again (and the
data-md-color-switching it set and removed around them) are watched with a MutationObserver from the
first byte of the page.
"""
from __future__ import annotations

import pytest
from conftest import wait_until

STATE = """() => ({
  scheme: document.body.getAttribute('data-md-color-scheme'),
  shown: [...document.querySelectorAll('form.md-header__option label')].map(l => !l.hidden),
  meta: document.querySelector('meta[name=color-scheme]').content,
  theme: (document.querySelector('meta[name=theme-color]') || {}).content || null,
  switching: document.body.hasAttribute('data-md-color-switching'),
  stored: JSON.parse(localStorage.getItem(new URL(__md_scope).pathname + '.__palette') || 'null'),
})"""

# Installed before the page's own scripts: every data-md-color-* attribute set or removed on <body>, which
# script did it (an inline script: "inline"; a script's file name; from a callback: "later", as the head's
# observer that applies the stored palette), and whether the page had painted yet.
WATCH_BODY = """
window.__rcBodyChanges = [];
for (const method of ["setAttribute", "removeAttribute"]) {
  const original = Element.prototype[method];
  Element.prototype[method] = function (name, ...rest) {
    if (this === document.body && String(name).startsWith("data-md-color")) {
      const script = document.currentScript;
      window.__rcBodyChanges.push([name, script ? (script.src.split("/").pop() || "inline") : "later",
                                   performance.getEntriesByType("paint").length > 0]);
    }
    return original.call(this, name, ...rest);
  };
}
"""


def settled(page) -> dict:
    wait_until(page, "document.readyState === 'complete' && !!document.querySelector('meta[name=theme-color]')")
    page.wait_for_timeout(100)  # the switching attribute goes after a frame: let it
    return page.evaluate(STATE)


def test_material_does_not_mount_its_palette_component_and_every_page_loads_ours(mini_site):
    html = (mini_site / "site" / "km" / "index.html").read_text(encoding="utf-8")
    assert 'data-md-component="palette"' not in html
    assert "<form class=\"md-header__option\" data-rc-palette>" in html
    assert "rc-palette.js" in html
    assert html.index('<meta name="color-scheme" content="light">') < html.index("</head>")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_system_scheme_then_the_readers_choice_on_every_page(browser, mini_site, serve, scheme):
    base = serve(mini_site / "site")
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(base + "km/case-studies/")
        first = settled(page)
        dark = scheme == "dark"
        assert first["scheme"] == ("slate" if dark else "default")
        assert first["shown"] == ([False, True] if dark else [True, False])  # one toggle: to the other scheme
        assert first["meta"] == ("dark" if dark else "light")
        assert first["theme"] == "#1f4e79"  # the header's colour, for the browser's own bar
        assert first["stored"]["index"] == (1 if dark else 0)
        assert not first["switching"]

        page.locator("form.md-header__option label:not([hidden])").click()
        wait_until(page, f"document.body.getAttribute('data-md-color-scheme') === '{'default' if dark else 'slate'}'")
        toggled = settled(page)
        assert toggled["shown"] == first["shown"][::-1]
        assert toggled["meta"] == ("light" if dark else "dark")
        assert toggled["stored"]["color"]["scheme"] == toggled["scheme"]

        page.goto(base + "case-studies/")  # the choice is kept on the next page
        assert settled(page)["scheme"] == toggled["scheme"]

        page.locator("form.md-header__option input").first.focus()
        page.keyboard.press("Enter")  # Enter in the form chooses the next option, as in Material
        wait_until(page, f"document.body.getAttribute('data-md-color-scheme') === '{first['scheme']}'")
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_load_whose_palette_is_right_changes_nothing_on_the_body(browser, mini_site, serve, scheme):
    base = serve(mini_site / "site")
    context = browser.new_context(color_scheme=scheme)
    context.add_init_script(WATCH_BODY)
    page = context.new_page()
    try:
        page.goto(base + "km/case-studies/")  # a first visit: nothing stored
        settled(page)
        first = [name for name, by, _ in page.evaluate("window.__rcBodyChanges")]
        if scheme == "light":  # the page is rendered in the light palette: only the media, in no stylesheet
            assert first == ["data-md-color-media"]
        else:  # rendered light, shown dark: the colours change once, without transitions
            assert first[:2] == ["data-md-color-media", "data-md-color-switching"] and "data-md-color-scheme" in first
        stored = page.evaluate(STATE)["stored"]["color"]
        page.goto(base + "km/glossary/")  # now with the stored palette, which the head's observer applies
        settled(page)
        changes = page.evaluate("window.__rcBodyChanges")
        # Applied before the first paint, by no script in the body (a parser-blocking script in the header
        # let the browser paint the header alone and lay the content out after its first paint).
        assert [(name, by) for name, by, painted in changes] == [
            (f"data-md-color-{key}", "later") for key in stored], changes
        assert not any(painted for _, _, painted in changes)
        # Material's component set data-md-color-switching and the same four data-md-color-* values again,
        # and removed the first: a restyle of the whole page each. rc-palette.js changes nothing.
    finally:
        context.close()
