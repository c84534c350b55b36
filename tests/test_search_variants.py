"""Khmer typed another way finds the same pages (issue #15), in the real search box.

benchmarks/search/queries-variants.yml holds words of the bundled records as the records write them,
each with the same word typed another way (split vowels, subscript order, invisible characters, a
doubled coeng, Khmer or ASCII digits). The bundled site is built as in test_search_bundled.py, and
every form is typed into Material's search box over http and from file:// (the offline edition):
each variant must find its page at the rank of its canonical form. Recall per variant class is
printed (pytest -s), and the highlighted snippet marks the word as the page writes it.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
import yaml
from test_search_bundled import bench

REPO = Path(__file__).resolve().parent.parent
VARIANTS = REPO / "benchmarks" / "search" / "queries-variants.yml"


def load() -> list[dict]:
    return yaml.safe_load(VARIANTS.read_text(encoding="utf-8"))


def rows(sets: list[dict]) -> list[dict]:
    """Every form to type, canonical first: {q, lang, expect, class, base}."""
    out = []
    for item in sets:
        out.append(dict(q=item["q"], lang=item["lang"], expect=item["expect"], cls="canonical", base=item["q"]))
        for cls, variant in item["variants"].items():
            out.append(dict(q=variant, lang=item["lang"], expect=item["expect"], cls=cls, base=item["q"]))
    return out


def test_variant_set_is_large_enough_and_built_from_the_records():
    sets = load()
    assert len([s for s in sets if s["lang"] == "km"]) >= 30
    classes = defaultdict(int)
    for s in sets:
        for cls in s["variants"]:
            classes[cls] += 1
    assert set(classes) == {"split vowel", "subscript order", "invisible", "doubled coeng", "digits"}
    assert min(classes.values()) >= 4, classes


def recall_by_class(report, forms: list[dict]) -> dict[str, tuple[int, int]]:
    """Per class: (variants found at the rank of their canonical form, variants)."""
    by_query = {}
    for form, result in zip(forms, report.results):
        assert result.q == form["q"]
        by_query[(form["lang"], form["q"])] = result
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    for form in forms:
        if form["cls"] == "canonical":
            continue
        got = by_query[(form["lang"], form["q"])]
        want = by_query[(form["lang"], form["base"])]
        ok = want.rank is not None and got.rank == want.rank
        out[form["cls"]][0] += ok
        out[form["cls"]][1] += 1
        if not ok:
            misses.append((form["cls"], form["q"], got.rank, want.rank))
    print(f"\n{report.mode}: variant recall at the canonical rank, by class:")
    for cls, (hit, total) in sorted(out.items()):
        print(f"  {cls:<16} {hit}/{total}")
    for miss in misses:
        print(f"  MISS {miss}")
    return {cls: tuple(v) for cls, v in out.items()}


def _check(report, forms) -> None:
    assert report.blocked == [] and report.errors == [], (report.blocked, report.errors)
    canonical_missed = [r.q for r, f in zip(report.results, forms) if f["cls"] == "canonical" and not r.ok]
    recall = recall_by_class(report, forms)
    assert canonical_missed == [], canonical_missed
    assert all(hit == total for hit, total in recall.values()), recall


def _marked_as_written(report, forms) -> None:
    """The snippet marks the word as the page writes it (the canonical form), whatever was typed."""
    for form, result in zip(forms, report.results):
        if form["cls"] in ("subscript order", "split vowel") and result.rank:
            html = result.html[result.rank - 1]
            assert f"<mark>{form['base']}</mark>" in html or form["base"] in html.replace("<mark>", "").replace(
                "</mark>", ""), (form["q"], html[:300])
            assert "<mark>" in html, (form["q"], html[:300])


@pytest.mark.browser
def test_variants_over_http(bundled_web_site, browser):
    forms = rows(load())
    report = bench.run(bundled_web_site, forms, file_mode=False, browser=browser)
    _check(report, forms)
    _marked_as_written(report, forms)


@pytest.mark.browser
def test_variants_from_disk_in_the_offline_edition(bundled_offline_site, browser):
    forms = rows(load())
    report = bench.run(bundled_offline_site, forms, file_mode=True, browser=browser)
    _check(report, forms)
