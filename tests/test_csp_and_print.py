"""The site under its Content-Security-Policy, and a record page on paper.

CSP (issue #5): every control is used in a real browser while every policy violation is
recorded; one is a failure. Print (issue #8): Chromium prints a Khmer case study to A4;
the PDF must hold the page's text and link targets without the navigation, with the
Khmer font embedded, and render to an image.
"""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from conftest import wait_until

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation",
  e => window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber));
"""


@pytest.fixture
def csp_page(browser, mini_site, serve):
    base = serve(mini_site / "site")
    page = browser.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield base, page, errors
    page.close()


def _violations(page) -> list[str]:
    return page.evaluate("window.__csp")


def test_every_page_carries_a_policy(mini_site):
    for path in (mini_site / "site").rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert '<meta http-equiv="Content-Security-Policy"' in html, path
        policy = html.split('http-equiv="Content-Security-Policy" content="', 1)[1].split('"', 1)[0]
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy, path


@pytest.mark.parametrize("lang", ["", "km/"])
def test_search_explorer_and_switcher_work_under_the_policy(csp_page, lang):
    base, page, errors = csp_page
    # Search, through Material's own box and the Khmer-aware worker.
    page.goto(base + lang)
    page.keyboard.press("/")
    page.keyboard.type("health" if not lang else "សុខាភិបាល")
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    assert _violations(page) == []
    # The explorer: a filter changes the list and the address.
    page.goto(base + lang + "case-studies/")
    page.check("input[name=principles][value=mutual-accountability]")
    wait_until(page, "location.search.includes('principles=')")
    assert page.locator(".rc-card:visible").count() == 1
    assert _violations(page) == []
    # The language switcher leads to the same page in the other language.
    other = "km" if not lang else "en"
    page.goto(base + lang + "case-studies/joint-health-review/")
    page.goto(page.locator(f'a[hreflang="{other}"]').first.evaluate("a => a.href"))
    assert page.evaluate("document.documentElement.lang") == other
    assert page.url.rstrip("/").endswith("case-studies/joint-health-review")
    assert _violations(page) == []
    assert not [e for e in errors if "Content Security Policy" in e or "Refused to" in e], errors


def test_submission_form_works_under_the_policy(csp_page):
    base, page, errors = csp_page
    page.goto(base + "contribute/submit/")
    page.wait_for_selector("#rc-submit-form:not([hidden]) fieldset")
    assert page.locator("form[class*=rc-submit] input, form[class*=rc-submit] textarea").count() > 5
    assert _violations(page) == []
    assert not [e for e in errors if "Content Security Policy" in e or "Refused to" in e], errors


def test_a_policy_violation_would_be_caught(csp_page):
    """The recorder above is live: an inline script that the policy does not name is reported."""
    base, page, _ = csp_page
    page.goto(base)
    page.evaluate("""() => { const s = document.createElement('script');
                             s.textContent = 'window.__ran = 1'; document.body.appendChild(s); }""")
    wait_until(page, "window.__csp.length > 0")
    assert page.evaluate("window.__ran") is None


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is installed by scripts/test")
def test_a_khmer_case_study_prints_on_a4_without_navigation(browser, mini_site, serve, tmp_path):
    base = serve(mini_site / "site")
    page = browser.new_page()
    page.goto(base + "km/case-studies/joint-health-review/")
    page.evaluate("document.fonts.ready.then(() => true)")
    pdf = tmp_path / "case.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    page.close()
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "ការពិនិត្យឡើងវិញរួមលើវិស័យសុខាភិបាល" in text.replace("\n", "")  # the Khmer title, shaped and extractable
    assert "(https://example.org/report)" in text.replace("\n", "").replace(" ", "")  # link targets are shown
    for navigation in ("វាក្យសព្ទ", "ទិន្នន័យ"):  # the tabs "Glossary" and "Open data" are not printed
        assert navigation not in text, navigation
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "NotoSansKhmer" in fonts.replace(" ", "")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert abs(width - 595) < 2 and abs(height - 842) < 2, info  # A4 in points
    subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / "page")], check=True)
    image = next(tmp_path.glob("page*.png"))
    assert image.stat().st_size > 5000


@pytest.mark.parametrize("lang", ["", "km/"])
def test_glossary_terms_and_chips_print_as_plain_text(browser, mini_site, serve, lang):
    """On paper a glossary term's dotted underline invites nothing, and the chips of "At a glance"
    print as a list separated by commas ("Provincial, Siem Reap, Cambodia"), not as run-together words."""
    base = serve(mini_site / "site")
    page = browser.new_page()
    page.goto(base + lang + "case-studies/joint-health-review/")
    page.emulate_media(media="print")
    terms = page.evaluate("""[...document.querySelectorAll('.md-content abbr[title], .md-content a.rc-term')].map(a => {
        const s = getComputedStyle(a); return s.borderBottomStyle + ' ' + s.textDecorationLine; })""")
    location = page.evaluate("document.querySelectorAll('.rc-facts dd')[2].innerText")  # partners, TWG, location
    page.close()
    assert terms and set(terms) == {"none none"}, terms
    assert re.sub(r"\s+", " ", location).strip() in ("Provincial, Siem Reap, Cambodia", "ថ្នាក់ខេត្ត, ខេត្តសៀមរាប, កម្ពុជា")
