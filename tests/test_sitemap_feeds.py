"""The sitemap, the site address and the Atom feeds, read with the parsers other tools use (issue #21).

An XML parser for sitemap.xml, feedparser for the feeds (ElementTree where feedparser hides the
attribute), and the HTML of every built page for its canonical and feed links.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import feedparser
import pytest
from conftest import FIXTURES, REPO, load_yaml, make_project, mkdocs

from resource_centre.text.languages import languages_from_mkdocs_yml, load_languages

SITE_URL = "https://example.org/resource-centre/"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml",
      "a": "http://www.w3.org/2005/Atom"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LANGUAGES = load_languages(languages_from_mkdocs_yml(REPO / "mkdocs.yml"), REPO / "locales")


@pytest.fixture(scope="module")
def addressed_site(tmp_path_factory) -> Path:
    """The mini fixture built as the publish workflow builds it: the published address in SITE_URL."""
    project = make_project(tmp_path_factory.mktemp("addressed") / "project")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SITE_URL", SITE_URL)
        mkdocs(project, "build", "--strict")
    return project


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory) -> Path:
    """The mini fixture built as the offline edition's pages are (file URLs, no directory URLs)."""
    project = make_project(tmp_path_factory.mktemp("offline") / "project")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("OFFLINE", "true")
        mkdocs(project, "build", "--strict")
    return project


def sitemap(project: Path) -> tuple[str, ET.Element]:
    text = (project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    return text, ET.fromstring(text.encode("utf-8"))


def is_absolute(url: str) -> bool:
    parts = urlparse(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


class _Links(HTMLParser):
    """Every <link> element of a page, as attribute maps."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str]] = []
        self.lang = ""

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "link":
            self.links.append({k: v or "" for k, v in attrs})
        elif tag == "html":
            self.lang = dict(attrs).get("lang", "")


def links(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def theme_pages(project: Path) -> list[Path]:
    """Every page the theme made (tools/files/*.html are printable A4 sheets with a template of their own;
    <lang>/offline.html is the web app's page for an address it has not saved, shown with no connection)."""
    site = project / "site"
    return sorted(p for p in site.rglob("*.html")
                  if "files" not in p.relative_to(site).parts[:-1] and p.name != "offline.html")


def test_the_publish_workflow_gives_the_build_the_pages_address():
    workflow = load_yaml(REPO / ".github/workflows/publish.yml")
    steps = workflow["jobs"]["build"]["steps"]
    pages = next(step for step in steps if str(step.get("uses", "")).startswith("actions/configure-pages@"))
    build = next(step for step in steps if "mkdocs build" in step.get("run", ""))
    assert build["env"]["SITE_URL"] == "${{ steps.%s.outputs.base_url }}" % pages["id"]
    assert steps.index(pages) < steps.index(build)


# Sitemap -------------------------------------------------------------------

def test_without_a_site_address_the_sitemap_points_nowhere_else(mini_site):
    """No address: no entry at all (an entry needs an absolute URL), but a well-formed sitemap, which
    Material's script fetches on every page view (a missing one would be a 404 each time)."""
    text, root = sitemap(mini_site)
    assert "None" not in text
    assert root.tag == f"{{{NS['s']}}}urlset"
    locs = [loc.text for loc in root.iter(f"{{{NS['s']}}}loc")]
    hrefs = [link.get("href") for link in root.iter(f"{{{NS['x']}}}link")]
    assert [u for u in locs + hrefs if not is_absolute(u or "")] == []


def test_with_a_site_address_every_entry_is_absolute_with_both_languages(addressed_site):
    text, root = sitemap(addressed_site)
    urls = root.findall("s:url", NS)
    assert len(urls) > 20
    locs = [u.find("s:loc", NS).text for u in urls]
    assert all(loc.startswith(SITE_URL) and is_absolute(loc) for loc in locs), locs
    assert len(set(locs)) == len(locs)
    assert SITE_URL in locs and SITE_URL + "km/" in locs
    for url in urls:
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        assert set(alternates) == {"en", "km", "x-default"}, url.find("s:loc", NS).text
        assert all(href.startswith(SITE_URL) for href in alternates.values())
        assert url.find("s:loc", NS).text in alternates.values()
        assert alternates["x-default"] == alternates["en"]
        assert url.find("s:changefreq", NS) is None  # nothing changes daily
    case = next(u for u in urls if u.find("s:loc", NS).text == SITE_URL + "km/case-studies/joint-health-review/")
    assert {link.get("hreflang"): link.get("href") for link in case.findall("x:link", NS)} == {
        "en": SITE_URL + "case-studies/joint-health-review/",
        "km": SITE_URL + "km/case-studies/joint-health-review/",
        "x-default": SITE_URL + "case-studies/joint-health-review/"}


def test_lastmod_is_the_date_of_what_the_page_shows(addressed_site):
    _, root = sitemap(addressed_site)
    lastmod = {u.find("s:loc", NS).text: getattr(u.find("s:lastmod", NS), "text", None) for u in root.findall("s:url", NS)}
    reviewed = str(load_yaml(FIXTURES / "mini/casestudies/joint-health-review.yml")["review"]["last_reviewed"])
    assert reviewed == "2026-11-20"
    for prefix in ("", "km/"):
        assert lastmod[f"{SITE_URL}{prefix}case-studies/joint-health-review/"] == reviewed
        assert lastmod[f"{SITE_URL}{prefix}case-studies/provincial-education/"] == "2026-10-01"
        assert lastmod[f"{SITE_URL}{prefix}tools/health-check/"] == "2026-11-01"
        assert lastmod[f"{SITE_URL}{prefix}tools/"] == "2026-11-01"  # the newest of the tools it lists
        assert lastmod[f"{SITE_URL}{prefix}browse/principles/mutual-accountability/"] == reviewed
        assert lastmod[f"{SITE_URL}{prefix}about/"] is None  # a hand-written page claims no date


def test_pages_name_their_canonical_address(addressed_site):
    site = addressed_site / "site"
    for rel, url in [("index.html", SITE_URL), ("km/index.html", SITE_URL + "km/"),
                     ("case-studies/joint-health-review/index.html", SITE_URL + "case-studies/joint-health-review/"),
                     ("km/case-studies/joint-health-review/index.html", SITE_URL + "km/case-studies/joint-health-review/")]:
        canonical = [link["href"] for link in links(site / rel).links if link.get("rel") == "canonical"]
        assert canonical == [url], rel


# Feeds -----------------------------------------------------------------------

def feed(project: Path, lang: str):
    return feedparser.parse((project / "site" / f"feeds/case-studies.{lang}.atom").read_bytes())


def test_each_feed_is_titled_in_its_own_language(mini_site):
    english, khmer = feed(mini_site, "en"), feed(mini_site, "km")
    assert not english.bozo and not khmer.bozo
    assert english.feed.title == "Partnership Resource Centre"
    assert khmer.feed.title == "មជ្ឈមណ្ឌលធនធានភាពជាដៃគូ"
    assert english.feed.language == "en" and khmer.feed.language == "km"


def test_a_language_without_a_site_name_of_its_own_titles_its_feed_with_the_sites(tmp_path):
    """French, built after Khmer, names the site in no language of its own: its feed has mkdocs.yml's
    site_name, not the Khmer name the previous language's build left in the configuration."""
    project = make_project(tmp_path / "p")
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    french = ("        - locale: fr\n          name: Français\n          build: true\n"
              "          theme:\n            language: fr\n")
    marker = "  # The offline edition"
    assert marker in text
    (project / "mkdocs.yml").write_text(text.replace(marker, french + marker, 1), encoding="utf-8")
    mkdocs(project, "build", "--strict")
    titles = {lang: feed(project, lang).feed.title for lang in ("en", "km", "fr")}
    assert titles == {"en": "Partnership Resource Centre", "km": "មជ្ឈមណ្ឌលធនធានភាពជាដៃគូ",
                      "fr": "Partnership Resource Centre"}


def test_entry_ids_are_unique_across_the_languages(mini_site):
    entries = feed(mini_site, "en").entries + feed(mini_site, "km").entries
    assert len(entries) == 4
    ids = [entry.id for entry in entries]
    assert len(set(ids)) == len(ids), ids


def test_fallback_entries_say_the_language_their_text_is_in(mini_site):
    root = ET.fromstring((mini_site / "site" / "feeds/case-studies.km.atom").read_bytes())
    assert root.get(XML_LANG) == "km"
    marked = {}
    for entry in root.findall("a:entry", NS):
        link = entry.find("a:link", NS).get("href")
        marked[link.rsplit("/", 2)[-2]] = {el.tag.split("}")[1]: el.get(XML_LANG)
                                           for el in (entry.find("a:title", NS), entry.find("a:summary", NS))}
    # provincial-education has no Khmer text: its title and summary are in English, and say so.
    assert marked == {"provincial-education": {"title": "en", "summary": "en"},
                      "joint-health-review": {"title": None, "summary": None}}
    english = ET.fromstring((mini_site / "site" / "feeds/case-studies.en.atom").read_bytes())
    assert all(el.get(XML_LANG) is None for el in english.iter() if el is not english)


def test_with_a_site_address_feed_links_are_absolute(addressed_site):
    khmer = feed(addressed_site, "km")
    assert not khmer.bozo
    assert {e.link for e in khmer.entries} == {SITE_URL + "km/case-studies/joint-health-review/",
                                                 SITE_URL + "km/case-studies/provincial-education/"}


def test_the_offline_edition_links_no_feed(offline_site):
    """No feed reader follows a file:// address, and Material's fetch of sitemap.xml beside a rel=alternate
    link is refused from file:// with an error on every page (test_downloads watches the console)."""
    pages = theme_pages(offline_site)
    assert len(pages) > 40
    assert [p for p in pages if 'type="application/atom+xml"' in p.read_text(encoding="utf-8")] == []


@pytest.mark.parametrize("which", ["mini_site", "addressed_site"])
def test_every_page_links_the_feed_of_its_language(which, request):
    project = request.getfixturevalue(which)
    site = project / "site"
    pages = theme_pages(project)
    assert len(pages) > 40
    for path in pages:
        parsed = links(path)
        feeds = [link for link in parsed.links
                 if link.get("rel") == "alternate" and link.get("type") == "application/atom+xml"]
        rel = path.relative_to(site).as_posix()
        assert len(feeds) == 1, rel
        lang = parsed.lang
        assert feeds[0]["hreflang"] == lang, rel
        assert feeds[0]["title"] == LANGUAGES.t(lang, "feed_link_title"), rel
        href = feeds[0]["href"]
        if rel == "404.html":  # served for any missing address: MkDocs gives it addresses from the site's root
            root = urlparse(SITE_URL).path if which == "addressed_site" else "/"
            assert href == f"{root}feeds/case-studies.{lang}.atom"
            href = href[len(root):]
        assert not urlparse(href).scheme and not href.startswith("/"), rel  # works from file:// too
        target = Path(unquote(urlparse(urljoin(path.as_uri(), href)).path))
        assert target == site / f"feeds/case-studies.{lang}.atom", rel
        assert target.is_file()


def test_feed_links_ask_for_nothing_that_is_missing(mini_site):
    """Material fetches sitemap.xml next to every rel=alternate link's address: the feeds folder has one."""
    _, root = sitemap(mini_site)
    text = (mini_site / "site" / "feeds" / "sitemap.xml").read_text(encoding="utf-8")
    assert ET.fromstring(text.encode()).tag == root.tag
