"""The first search's download: a large index is trimmed, the rest kept whole for later."""
from __future__ import annotations

import json

from resource_centre.site.search_budget import LIMITS, REST_JS_PREFIX, gzip_size, split_for_first_search, trim_text
from resource_centre.site.search_index import write_language_indexes

KHMER = "ក្រុមការងារបច្ចេកទេសសុខាភិបាលបានពិនិត្យវិស័យនេះរួមគ្នា"


def test_short_text_is_kept_and_long_text_keeps_whole_blocks_then_cuts_at_a_space():
    assert trim_text("<p>Short.</p>", 100) == "<p>Short.</p>"
    html = "<p>First block.</p> <ul><li>two</li></ul> <p>" + "word " * 60 + "</p>"
    cut = trim_text(html, 80)
    assert cut.startswith("<p>First block.</p> <ul><li>two</li></ul> <p>word word")
    assert cut.endswith("word…</p>") and len(cut) < len(html)
    assert trim_text(html, 0) == ""


def test_khmer_is_never_cut_inside_a_cluster():
    for limit in range(40, 60):
        text = trim_text(f"<p>{KHMER * 3}</p>", limit)
        body = text[len("<p>"):-len("…</p>")]
        assert (KHMER * 3).startswith(body)
        assert body[-1] != "\u17d2" and not ("\u17b6" <= (KHMER * 3)[len(body)] <= "\u17d3")


def test_markup_in_the_cut_text_stays_escaped():
    cut = trim_text("<p>" + "a &lt;b&gt; " * 50 + "</p>", 50)
    assert "<b>" not in cut and "&lt;b&gt;" in cut


def _index(n: int) -> dict:
    docs = [{"location": f"case-studies/c{i}/", "title": f"Case {i}",
             "text": "<p>" + " ".join(f"w{i}x{j}" for j in range(300)) + "</p>"} for i in range(n)]
    return {"config": {"lang": ["en"], "fields": {"title": {"boost": 1000}, "text": {"boost": 1}}}, "docs": docs}


def test_an_index_within_the_budget_is_untouched():
    index = _index(3)
    assert split_for_first_search(index, "search/search_rest", budget_bytes=10**9) == (index, None)


def test_a_large_index_is_cut_to_the_longest_text_that_fits_and_the_rest_restores_it():
    index = _index(200)
    budget = gzip_size(json.dumps(index)) // 4
    head, rest = split_for_first_search(index, "km/search/search_rest", budget_bytes=budget)
    assert gzip_size(json.dumps(head, ensure_ascii=False, separators=(",", ":"))) <= budget
    assert head["config"]["rc_rest"] == "km/search/search_rest"
    assert [d["title"] for d in head["docs"]] == [d["title"] for d in index["docs"]]
    restored = [dict(d) for d in head["docs"]]
    for position, text in rest:
        restored[position]["text"] = text
    assert restored == index["docs"]
    assert len(head["docs"][0]["text"]) in {len(trim_text(index["docs"][0]["text"], n)) for n in LIMITS}


def test_written_per_language_with_the_rest_beside_each(tmp_path):
    index = _index(50)
    index["docs"] += [dict(d, location="km/" + d["location"]) for d in index["docs"]]
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text(json.dumps(index), encoding="utf-8")
    (tmp_path / "search" / "search_index.js").write_text("var __index = " + json.dumps(index), encoding="utf-8")
    sizes = write_language_indexes(tmp_path, ["km"], first_download=1000)
    assert set(sizes) == {f"{folder}search/{name}" for folder in ("", "km/")
                          for name in ("search_index.json", "search_index.js", "search_rest.json", "search_rest.js")}
    km = json.loads((tmp_path / "km" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert len(km["docs"]) == 50 and km["docs"][0]["location"] == "case-studies/c0/"
    assert (tmp_path / "km" / "search" / "search_rest.js").read_text(encoding="utf-8").startswith(REST_JS_PREFIX)
    # A later build that fits removes the rest it no longer needs.
    (tmp_path / "search" / "search_index.json").write_text(json.dumps(index), encoding="utf-8")
    (tmp_path / "search" / "search_index.js").write_text("var __index = " + json.dumps(index), encoding="utf-8")
    write_language_indexes(tmp_path, ["km"], first_download=None)
    assert not (tmp_path / "km" / "search" / "search_rest.json").exists()


def test_split_keeps_one_entry_per_location_the_newest():
    """mkdocs serve --dirty: Material merges each rebuild into the kept index and i18n appends again."""
    from resource_centre.site.search_index import split_by_language

    old = {"location": "case-studies/a/", "title": "Old", "text": ""}
    new = dict(old, title="New")
    km = {"location": "km/case-studies/a/", "title": "ក", "text": ""}
    parts = split_by_language({"config": {}, "docs": [old, km, km, new]}, ["km"])
    assert [d["title"] for d in parts[""]["docs"]] == ["New"]
    assert [d["location"] for d in parts["km"]["docs"]] == ["case-studies/a/"]
