"""Explorer data, cross-links, glossary tooltips, home blocks, open data and feeds, on the built mini site."""
from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

from test_site_build import page


def test_explorer_cards_carry_facets_from_the_records(mini_site):
    """The explorer's cards file holds every record's card and facets, in the list's order, for
    explorer.js to filter the whole list; the page itself is a plain list of links."""
    html = page(mini_site, "case-studies/index.html")
    assert 'data-cards="../case-studies/cards.js"' not in html and 'data-cards="cards.js"' in html
    script = page(mini_site, "case-studies/cards.js")
    data = json.loads(script[script.index("=", script.index("]")) + 1:].rstrip().rstrip(";"))
    assert data["facets"] == ["twgs", "partner-types", "principles", "stages", "scopes", "provinces"]
    rows = {row[0]: row for row in data["records"]}
    assert list(rows) == ["joint-health-review", "provincial-education"]  # newest first, as the page lists them
    facets = dict(zip(data["facets"], rows["joint-health-review"][2]))
    assert facets["twgs"] == "health" and facets["partner-types"] == "government development-partner"
    assert facets["principles"] == "mutual-accountability" and facets["provinces"] == "siem-reap"
    assert rows["joint-health-review"][3:] == ["2019", "2020"]
    assert '<a href="joint-health-review/">' in rows["joint-health-review"][1]  # as from the first page
    assert "ការពិនិត្យឡើងវិញរួមលើវិស័យសុខាភិបាល" in page(mini_site, "km/case-studies/cards.js")
    # The full list is in the page for readers without JavaScript (a page of it: here all of it).
    assert html.count('<article class="rc-card"') == 2
    form = re.search(r'<form [^>]*class="rc-explorer__filters"[^>]*>', html).group(0)
    assert 'role="search"' in form


def test_explorer_bytes_per_record_stay_small(mini_site):
    html = page(mini_site, "case-studies/index.html")
    cards = re.findall(r'<article class="rc-card".*?</article>', html, re.DOTALL)
    assert cards and max(len(c.encode()) for c in cards) < 1500


def test_glossary_term_gets_a_tooltip_once_in_the_page_language(mini_site):
    # The first use links to the term's entry; its tooltip text comes from the language's
    # glossary/definitions.js (tests/test_tooltips.py shows it in the browser).
    english = page(mini_site, "case-studies/joint-health-review/index.html")
    assert english.count('class="rc-term"') == 1
    assert '<a class="rc-term" href="../../glossary/#mutual-accountability">mutual accountability</a>' in english
    assert '"mutual-accountability": "Partners answer to each other for results."' in page(mini_site, "glossary/definitions.js")
    khmer = page(mini_site, "km/case-studies/joint-health-review/index.html")
    assert '<a class="rc-term" href="../../glossary/#mutual-accountability">គណនេយ្យភាពទៅវិញទៅមក</a>' in khmer
    assert '"mutual-accountability": "ដៃគូទទួលខុសត្រូវចំពោះគ្នាទៅវិញទៅមកលើលទ្ធផល។"' in page(mini_site, "km/glossary/definitions.js")


def test_glossary_see_also_links_both_ways(mini_site):
    html = page(mini_site, "glossary/index.html")
    assert 'href="#ownership"' in html and 'href="#mutual-accountability"' in html


def test_home_page_lists_latest_case_studies_counts_and_tools_by_stage(mini_site):
    for prefix, two in (("", "2"), ("km/", "២")):  # the figures in each language's digits
        html = page(mini_site, prefix + "index.html")
        assert 'href="case-studies/joint-health-review/"' in html
        assert 'class="rc-stats"' in html and f"<strong>{two}</strong>" in html
        assert 'href="browse/stages/reviewing-and-revising/"' in html
        assert 'for="__search"' in html
        assert "<!-- rc:" not in html


def test_open_data_json_per_language_and_combined(mini_site):
    combined = json.loads(page(mini_site, "data/case-studies.json"))
    assert [r["id"] for r in combined] == ["joint-health-review", "provincial-education"]
    assert combined[0]["title"] == {"en": "Joint health sector review", "km": "ការពិនិត្យឡើងវិញរួមលើវិស័យសុខាភិបាល"}
    assert combined[0]["urls"] == {"en": "case-studies/joint-health-review/", "km": "km/case-studies/joint-health-review/"}
    khmer = json.loads(page(mini_site, "data/case-studies.km.json"))
    assert khmer[0]["title"] == "ការពិនិត្យឡើងវិញរួមលើវិស័យសុខាភិបាល"
    assert khmer[1]["title"] == "Provincial education partnership"  # falls back
    assert "draft-case" not in page(mini_site, "data/case-studies.json")


def test_open_data_csv_reads_back(mini_site):
    text = page(mini_site, "data/case-studies.csv").lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["title_km"] == "ការពិនិត្យឡើងវិញរួមលើវិស័យសុខាភិបាល"
    assert rows[0]["twgs"] == "health" and rows[0]["partner_types"] == "government; development-partner"
    glossary = list(csv.DictReader(io.StringIO(page(mini_site, "data/glossary.km.csv").lstrip("\ufeff"))))
    assert {r["id"] for r in glossary} == {"mutual-accountability", "ownership"}


def test_atom_feed_per_language(mini_site):
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring(page(mini_site, "feeds/case-studies.km.atom").encode())
    entries = feed.findall("a:entry", ns)
    assert [e.find("a:title", ns).text for e in entries][0] == "ការពិនិត្យឡើងវិញរួមលើវិស័យសុខាភិបាល"
    assert entries[0].find("a:updated", ns).text == "2026-11-20T00:00:00Z"
    assert entries[0].find("a:link", ns).get("href") == "../km/case-studies/joint-health-review/"


def test_open_data_page_documents_fields_from_the_schema(mini_site):
    html = page(mini_site, "data/index.html")
    assert "<code>success_factors</code>" in html and "Short statements of what made it work." in html
    assert 'href="../data/case-studies.km.csv"' in html
    khmer = page(mini_site, "km/data/index.html")
    assert 'href="../../data/case-studies.json"' in khmer
