"""The pure parts of benchmarks/lighthouse/compare.py and its gzip server (the benchmark itself prints its
figures and asserts nothing: it runs Lighthouse for ~25 minutes)."""
from __future__ import annotations

import gzip
import importlib.util
import sys
import urllib.error
import urllib.request

from conftest import REPO


def load(name: str):
    """A module of benchmarks/lighthouse/ by its path (benchmarks/run.py is another "run" on sys.path)."""
    spec = importlib.util.spec_from_file_location(f"lighthouse_{name}", REPO / "benchmarks" / "lighthouse" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


gzip_server = load("gzip_server")
lighthouse_run = load("compare")


def get(url: str, gzip_ok: bool = True):
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    with urllib.request.urlopen(request) as response:
        return response.headers, response.read()


def test_text_goes_gzip_encoded_and_fonts_as_they_are(tmp_path, serve):
    page = "<!doctype html><title>x</title>" + "<p>ករណីសិក្សា partnership</p>" * 200
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "index.html").write_text(page, encoding="utf-8")
    (tmp_path / "a.js").write_text("var a = 1;\n" * 300)
    font = bytes(range(256)) * 8
    (tmp_path / "f.woff2").write_bytes(font)
    base = serve(tmp_path, gzip_server.GzipHandler)

    headers, body = get(base + "sub/")
    assert headers["Content-Encoding"] == "gzip" and headers["Content-Type"].startswith("text/html")
    assert gzip.decompress(body).decode("utf-8") == page and len(body) < len(page.encode()) / 5
    assert int(headers["Content-Length"]) == len(body)
    headers, body = get(base + "a.js")
    assert headers["Content-Encoding"] == "gzip" and gzip.decompress(body) == (tmp_path / "a.js").read_bytes()
    headers, body = get(base + "f.woff2")
    assert headers["Content-Encoding"] is None and headers["Content-Type"] == "font/woff2" and body == font
    headers, body = get(base + "sub/", gzip_ok=False)  # a client that does not accept gzip gets plain text
    assert headers["Content-Encoding"] is None and body.decode("utf-8") == page
    headers, body = get(base + "sub")  # the folder's address without "/" is redirected to it
    assert gzip.decompress(body).decode("utf-8") == page


def test_a_missing_file_is_404(tmp_path, serve):
    base = serve(tmp_path, gzip_server.GzipHandler)
    try:
        get(base + "nothing.html")
    except urllib.error.HTTPError as error:
        assert error.code == 404
    else:
        raise AssertionError("a missing file was served")


def report(score, tbt, cls, weight) -> dict:
    audits = {"total-blocking-time": tbt, "cumulative-layout-shift": cls, "total-byte-weight": weight,
              "largest-contentful-paint": 2000.0, "first-contentful-paint": 1000.0}
    return {"categories": {"performance": {"score": score}},
            "audits": {key: {"numericValue": value} for key, value in audits.items()}}


def test_medians_of_three_runs_per_figure():
    runs = [lighthouse_run.metrics(report(0.91, 250.0, 0.02, 200_000)),
            lighthouse_run.metrics(report(0.97, 90.0, 0.0, 190_000)),
            lighthouse_run.metrics(report(0.88, 300.0, 0.3, 210_000))]
    assert runs[0]["score"] == 91
    assert lighthouse_run.medians(runs) == {"score": 91, "tbt": 250.0, "cls": 0.02, "bytes": 200_000,
                                            "lcp": 2000.0, "fcp": 1000.0}
    # A run Lighthouse could not score (score null) is left out of that figure's median only.
    runs.append(lighthouse_run.metrics(report(None, 100.0, 0.0, 180_000)))
    assert lighthouse_run.medians(runs)["score"] == 91 and lighthouse_run.medians(runs)["tbt"] == 175.0


def test_the_table_puts_ours_beside_the_peer():
    ours = {"score": 91, "tbt": 274.4, "cls": 0.2104, "bytes": 191 * 1024}
    peer = {"score": 99, "tbt": 67.0, "cls": 0.0, "bytes": 65 * 1024}
    text = lighthouse_run.table([{"kind": "case-study", "lang": "km", "ours": ours, "peer": peer},
                                 {"kind": "home", "lang": "en", "ours": {"score": None}, "peer": peer}])
    head, rule, first, second = text.splitlines()
    assert head.count("|") == rule.count("|") == first.count("|") == 11
    assert first == "| case-study | km | 91 | 99 | 274 | 67 | 0.210 | 0.000 | 191 | 65 |"
    assert second.startswith("| home | en | – | 99 | – | 67 |")
