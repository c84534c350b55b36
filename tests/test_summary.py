"""A summary is plain text (the schema's localisedText) on every page and in every file that shows it:
Markdown and HTML in it read as written, on the record's page as on its card, in the front matter's
description, the CSV and the Atom feed (issue 14: it used to be Markdown on the page only)."""
from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET

import yaml
from test_notices import project_from_mini, rewrite

from resource_centre.editions.opendata import atom_feed, records_csv, records_table
from resource_centre.site.record_pages import case_study_page, tool_page
from resource_centre.site.render import Ctx, card
from resource_centre.text.markup import attr

SUMMARY = 'Partners *agreed* on [one plan](https://example.org) & a "shared" <goal>.'
ATOM = "{http://www.w3.org/2005/Atom}"


def _with_summary(root) -> None:
    for path in (root / "casestudies" / "joint-health-review.yml", root / "tools" / "health-check.yml"):
        rewrite(path, lambda data: data["summary"].update(en=SUMMARY))


def _summary_html(page: str) -> str:
    return re.search(r'<div class="rc-summary"><div class="rc-md">\n<p>(.*?)</p>\n</div></div>', page).group(1)


def test_the_summary_reads_the_same_on_the_page_the_card_and_in_the_front_matter(tmp_path):
    content, languages = project_from_mini(tmp_path, _with_summary)
    ctx = Ctx(content, languages, "en")
    for record, render in ((content.case_studies["joint-health-review"], case_study_page),
                           (content.tools["health-check"], tool_page)):
        page = render(ctx, record)
        assert _summary_html(page) == attr(SUMMARY)  # escaped text: no <em>, no link, no <goal> element
        assert "<em>agreed</em>" not in page
        assert 'href="https://example.org"' not in page
        front = yaml.safe_load(page.split("---\n")[1])
        assert front["description"] == attr(SUMMARY)  # themes print it unescaped, so it is escaped here
        shown = card(ctx, record, "browse/index.md")
        assert f'<span class="rc-card__summary">{attr(SUMMARY)}</span>' in shown


def test_the_summary_is_the_same_text_in_the_csv_and_the_atom_feed(tmp_path):
    content, languages = project_from_mini(tmp_path, _with_summary)
    rows = list(csv.DictReader(io.StringIO(records_csv(records_table(content, "case-study", languages, "en"))
                                           .decode("utf-8-sig"))))
    assert next(r for r in rows if r["id"] == "joint-health-review")["summary"] == SUMMARY
    feed = ET.fromstring(atom_feed(content, languages, "en", title="Site", site_url="https://example.org/"))
    entry = next(e for e in feed.iter(f"{ATOM}entry") if e.find(f"{ATOM}id").text.endswith(":joint-health-review"))
    assert entry.find(f"{ATOM}summary").text == SUMMARY
