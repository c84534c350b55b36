"""Languages are configuration: a third language (French) needs mkdocs.yml and locales/fr.yml, no code."""
from __future__ import annotations

import json
import re
import shutil

import yaml
from conftest import REPO, make_project, mkdocs

from resource_centre.editions.export import readme, start_page
from resource_centre.records.project import open_project

FRENCH = {
    "locale": "fr", "name": "Français", "build": True, "site_name": "Centre de ressources sur les partenariats",
    "theme": {"language": "fr"},
    "nav": [{"Accueil": "index.md"}, {"Études de cas": "case-studies/index.md"}, {"Outils": "tools/index.md"},
            {"Glossaire": "glossary/index.md"}],
}


def test_a_third_language_is_added_by_configuration_alone(tmp_path):
    project = make_project(tmp_path / "p")
    shutil.copytree(REPO / "locales", project / "locales")
    # A partial translation of the interface: what is missing falls back to the default language.
    (project / "locales" / "fr.yml").write_text(
        'not_translated: "Ce texte n’est pas encore traduit en français ; il est affiché en {language}."\n'
        "case_studies: Études de cas\n", encoding="utf-8")
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    block = yaml.safe_dump([FRENCH], allow_unicode=True, sort_keys=False)
    block = "\n".join("        " + line for line in block.splitlines()) + "\n"
    marker = "  # The offline edition"
    assert marker in text
    (project / "mkdocs.yml").write_text(text.replace(marker, block + marker, 1), encoding="utf-8")

    result = mkdocs(project, "build", "--strict")
    site = project / "site"
    page = (site / "fr" / "case-studies" / "joint-health-review" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in page
    # The record has English and Khmer only: the page shows English with the notice in French.
    assert "Ce texte n’est pas encore traduit en français" in page
    assert "Joint health sector review" in page
    explorer = (site / "fr" / "case-studies" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<h1[^>]*>Études de cas", explorer)
    # Every language's switcher offers the new one, on the same page.
    english = (site / "case-studies" / "joint-health-review" / "index.html").read_text(encoding="utf-8")
    # Built beside it (on another core where there is one), the Khmer site is all there too.
    assert '<html lang="km"' in (site / "km" / "case-studies" / "joint-health-review" / "index.html").read_text(
        encoding="utf-8")
    assert re.search(r'href="[^"]*fr/case-studies/joint-health-review/"[^>]*hreflang="fr"', english), \
        re.findall(r'<a [^>]*hreflang="fr"[^>]*>', english)
    assert "WARNING" not in result.stderr
    # Search, feeds and open data follow the configuration too.
    index = json.loads((site / "fr" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any(doc["location"].startswith("case-studies/joint-health-review/") for doc in index["docs"])
    assert not any(doc["location"].startswith(("km/", "fr/")) for doc in index["docs"])
    assert (site / "feeds" / "case-studies.fr.atom").is_file()
    assert (site / "data" / "case-studies.fr.csv").is_file() and (site / "data" / "case-studies.fr.json").is_file()
    # The offline edition's start page and README offer it beside the others.
    languages = open_project(project).languages
    assert languages.codes == ["en", "km", "fr"]
    start = start_page(languages, [], "2026-01-31")
    assert 'href="site/fr/index.html" hreflang="fr"' in start and 'lang="fr"' in start
    # One README section per language; French falls back to the default language's words.
    assert readme(languages, [], "2026-01-31").count("Partnership Resource Centre — Offline edition") == 2
