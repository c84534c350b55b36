"""Build the mini fixture with the real `mkdocs build --strict` and read the HTML it writes."""
from __future__ import annotations

import re
from pathlib import Path

from conftest import broken_links, make_project, mkdocs


def page(project: Path, path: str) -> str:
    return (project / "site" / path).read_text(encoding="utf-8")


def test_every_record_has_a_page_in_both_languages(mini_site):
    for lang_prefix in ("", "km/"):
        for path in ("case-studies/joint-health-review/", "case-studies/provincial-education/",
                     "tools/health-check/", "glossary/", "browse/principles/mutual-accountability/",
                     "case-studies/", "tools/", "browse/", "about/", ""):
            assert (mini_site / "site" / lang_prefix / path / "index.html").is_file(), lang_prefix + path


def test_html_lang_is_the_page_language(mini_site):
    assert '<html lang="en"' in page(mini_site, "case-studies/joint-health-review/index.html")
    assert '<html lang="km"' in page(mini_site, "km/case-studies/joint-health-review/index.html")


def test_language_switcher_leads_to_the_same_page(mini_site):
    english = page(mini_site, "case-studies/joint-health-review/index.html")
    khmer = page(mini_site, "km/case-studies/joint-health-review/index.html")
    assert re.search(r'href="[./]*km/case-studies/joint-health-review/"[^>]*hreflang="km"', english)
    assert re.search(r'href="[./]*case-studies/joint-health-review/"[^>]*hreflang="en"', khmer)


def test_missing_translation_falls_back_with_a_notice_in_the_readers_language(mini_site):
    khmer = page(mini_site, "km/case-studies/provincial-education/index.html")
    assert "អត្ថបទនេះមិនទាន់មានជាភាសាខ្មែរនៅឡើយទេ" in khmer  # "not yet available in Khmer"
    assert "Teachers, parents and the province worked together." in khmer
    assert 'lang="en"' in khmer  # the English text is marked as English
    english = page(mini_site, "case-studies/provincial-education/index.html")
    assert "not yet available" not in english


def test_draft_translation_and_illustrative_notices(mini_site):
    khmer = page(mini_site, "km/case-studies/joint-health-review/index.html")
    assert "rc-notice--draft-translation" in khmer
    assert "rc-notice--illustrative" in khmer
    english = page(mini_site, "case-studies/joint-health-review/index.html")
    assert "rc-notice--draft-translation" not in english
    assert "Illustrative example" in english


def test_tools_list_the_case_studies_that_used_them(mini_site):
    tool = page(mini_site, "tools/health-check/index.html")
    assert 'href="../../case-studies/joint-health-review/"' in tool
    case = page(mini_site, "case-studies/joint-health-review/index.html")
    assert 'href="../../tools/health-check/"' in case


def test_related_case_studies_link_both_ways(mini_site):
    listed_by_other = page(mini_site, "case-studies/provincial-education/index.html")
    assert 'href="../joint-health-review/"' in listed_by_other


def test_raw_html_in_records_is_shown_as_text(mini_site):
    html = page(mini_site, "case-studies/joint-health-review/index.html")
    assert "Raw &lt;b&gt;markup&lt;/b&gt; shows as text: 5 &lt; 6 &amp; 7 &gt; 3." in html
    assert "<b>markup</b>" not in html


def test_external_links_are_marked_noopener(mini_site):
    html = page(mini_site, "case-studies/joint-health-review/index.html")
    assert re.search(r'<a href="https://example.org/report" rel="noopener noreferrer">', html)


def test_drafts_are_left_out_of_the_build(mini_site):
    assert not (mini_site / "site" / "case-studies" / "draft-case").exists()
    assert "draft-case" not in page(mini_site, "case-studies/index.html")


def test_khmer_headings_have_explicit_anchor_ids(mini_site):
    khmer = page(mini_site, "km/case-studies/joint-health-review/index.html")
    assert 'id="context"' in khmer and 'id="at-a-glance"' in khmer
    assert 'id=""' not in khmer


def test_dates_are_written_in_the_page_language(mini_site):
    assert "November 20, 2026" in page(mini_site, "case-studies/joint-health-review/index.html")
    khmer = page(mini_site, "km/case-studies/joint-health-review/index.html")
    assert "វិច្ឆិកា" in khmer  # November


def test_the_site_refers_to_no_other_host(mini_site):
    for path in (mini_site / "site").rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for url in re.findall(r'(?:src|href)="(https?://[^"]+)"', html):
            tag = html[max(0, html.find(url) - 200):html.find(url)]
            # Links a reader may follow are fine; nothing may be loaded from elsewhere.
            assert "<a " in tag.rsplit("<", 1)[0][-200:] or tag.rstrip().endswith("<a href="), (path, url)
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html and "cdn.jsdelivr" not in html


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_build_writes_nothing_under_docs_and_drops_a_deleted_records_page(tmp_path):
    """Generated pages are staged outside docs/ (resource_centre/output/writer.py): docs/ stays as people wrote it."""
    project = make_project(tmp_path / "p")
    written = _tree(project / "docs")
    mkdocs(project, "build")
    assert _tree(project / "docs") == written
    assert (project / "site" / "case-studies" / "provincial-education" / "index.html").is_file()
    (project / "casestudies" / "provincial-education.yml").unlink()
    (project / "casestudies" / "joint-health-review.yml").write_text(
        (project / "casestudies" / "joint-health-review.yml").read_text().replace("related: [provincial-education]\n", ""))
    mkdocs(project, "build", "--strict")
    assert not (project / "site" / "case-studies" / "provincial-education").exists()
    assert _tree(project / "docs") == written


def test_a_hand_written_page_wins_over_a_generated_one(tmp_path):
    project = make_project(tmp_path / "p")
    hand = project / "docs" / "en" / "tools" / "health-check.md"
    hand.parent.mkdir(parents=True)
    hand.write_text("# Our own page about the health check\n")
    mkdocs(project, "build")
    assert hand.read_text() == "# Our own page about the health check\n"
    assert "Our own page" in page(project, "tools/health-check/index.html")


def test_contribute_pages_show_the_guide_the_form_and_the_status(mini_site):
    english = page(mini_site, "contribute/index.html")
    assert "Add a case study, step by step" in english
    assert 'href="submit/"' in english and 'href="status/"' in english
    assert "CONTRIBUTING.km.md" not in english  # the repository's language link gives way to the switcher
    khmer = page(mini_site, "km/contribute/index.html")
    assert '<html lang="km"' in khmer and "ការបកប្រែព្រាង" in khmer  # the Khmer guide, marked as a draft
    assert not re.search(r'<h2 id=""', khmer) and re.search(r'<h2 id="section-\d+"', khmer)
    status = page(mini_site, "km/contribute/status/index.html")
    assert "ស្ថានភាព" in status or "ភាសា" in status
    assert (mini_site / "site" / "contribute" / "submit" / "index.html").is_file()


def test_the_site_root_404_page_is_in_the_default_language(mini_site):
    not_found = page(mini_site, "404.html")
    assert '<html lang="en"' in not_found and "Content-Security-Policy" in not_found



def test_every_link_between_pages_leads_to_a_page(mini_site):
    """Links MkDocs does not resolve (the generator's HTML: cards, the explorer, the home page's
    counts) must still land on a built page."""
    assert broken_links(mini_site / "site") == []
