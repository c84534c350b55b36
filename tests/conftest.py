"""Shared helpers: small sites built in temporary folders, and a headless Chromium."""
from __future__ import annotations

import functools
import html
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def make_project(dest: Path, fixture: str = "mini", *, extra_plugins: list | None = None) -> Path:
    """A project folder holding a fixture's records, the repo's hand-written docs and mkdocs.yml."""
    shutil.copytree(FIXTURES / fixture, dest)
    shutil.copytree(REPO / "docs", dest / "docs")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}")
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    return dest


def mkdocs(project: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run the real ``mkdocs`` command in a fresh process, as a user would."""
    result = subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=project,
                            capture_output=True, text=True, timeout=600,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))  # Material's notice, not ours
    if check and result.returncode != 0:
        raise AssertionError(f"mkdocs {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def resource_centre(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "resource_centre", "--root", str(project), *args],
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory) -> Path:
    """The mini fixture built once with ``mkdocs build --strict``; returns the project folder."""
    project = make_project(tmp_path_factory.mktemp("mini") / "project")
    mkdocs(project, "build", "--strict")
    return project


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class LocalServer(http.server.ThreadingHTTPServer):
    """A test's web server. A browser drops connections it no longer needs (a request it cancelled, a page
    closed while a file was still coming): not an error worth a traceback in the test log; others are."""

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def start_server(folder: Path, handler_class: type = QuietHandler) -> tuple[LocalServer, str]:
    """Serve ``folder`` on a free localhost port in a background thread: the server (shutdown() when
    done) and its base URL. For a fixture of another scope than :func:`serve`'s."""
    server = LocalServer(("127.0.0.1", 0), functools.partial(handler_class, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture
def serve():
    """Serve a folder on localhost; returns a function (folder, handler class) -> base URL."""
    servers = []

    def start(folder: Path, handler_class: type = QuietHandler) -> str:
        server, base = start_server(folder, handler_class)
        servers.append(server)
        return base

    yield start
    for server in servers:
        server.shutdown()


@pytest.fixture(scope="session")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: scripts/test installs it (apt-get install chromium)")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def wait_until(page, expression: str, timeout: float = 10.0) -> None:
    """Poll a JavaScript expression until it is true.

    Playwright's wait_for_function evaluates its predicate with eval() inside the page,
    which the site's Content-Security-Policy forbids; page.evaluate is not subject to it.
    """
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        page.wait_for_timeout(50)


FULL_SEARCH = "['built', 'restored', 'stored'].includes(document.documentElement.getAttribute('data-rc-search'))"
RESULT_LINKS = "[...document.querySelectorAll('.md-search-result__item > a.md-search-result__link')].map(a => a.href)"


def search_until(page, query: str, until: str = "links.length > 0", timeout: float = 30.0) -> list[str]:
    """Type a query into Material's box as a reader does; the pages it found, once the full index answers.

    A site whose index is large is searched in stages (gate.js): titles first, then in full. A test that
    read the first answer it saw would read either, by timing. So this waits until the worker holds the
    full index and ``until`` (a JavaScript expression over ``links``, the pages' absolute addresses,
    not their sections') holds; it fails if that never happens within ``timeout``.
    """
    box = page.locator("input.md-search__input")
    icon = page.locator("label.md-header__button[for=__search]")
    if icon.is_visible():                                      # on a phone the box opens from an icon
        icon.click()
    else:
        box.click()
    box.fill(query)
    box.press("End")                                           # Material reads the box on a key press
    wait_until(page, f"{FULL_SEARCH} && (links => {until})({RESULT_LINKS})", timeout=timeout)
    return page.evaluate(RESULT_LINKS)


def load_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def broken_links(site: Path, *, over_file: bool = False) -> list[str]:
    """Every relative href and src of every built page that leads to no file ("page: url").

    Served over http, a URL that starts with "/" means the site's root. ``over_file`` reads every
    URL as a browser does from disk (the offline edition): "/about.html" and "file:///about.html"
    then mean the root of the disk, and file: URLs are checked too.
    """
    broken = []
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 40, "not a built site"
    for page in pages:
        for url in re.findall(r'(?:href|src)="([^"]+)"', page.read_text(encoding="utf-8")):
            if "{" in url or url.startswith("#"):
                continue
            if over_file:
                absolute = urllib.parse.urljoin(page.as_uri(), html.unescape(url))
                if not absolute.startswith("file:"):
                    continue
                path = urllib.request.url2pathname(urllib.parse.urlsplit(absolute).path)
            elif re.match(r"^[a-z][a-z0-9+.-]*:|^//", url):
                continue
            else:
                path = url.split("#", 1)[0].split("?", 1)[0]
            if not path:
                continue
            target = (site / path.lstrip("/") if path.startswith("/") and not over_file else page.parent / path).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)}: {url}")
    return broken


@pytest.fixture(scope="session")
def bundled_web_site(tmp_path_factory) -> Path:
    """The bundled records built as published, once for every search test that reads them."""
    from test_search_bundled import build
    return build(tmp_path_factory.mktemp("bundled-web") / "site", offline=False)


@pytest.fixture(scope="session")
def bundled_offline_site(tmp_path_factory) -> Path:
    """The bundled records built as the offline edition's pages (file URLs), once for every search test."""
    from test_search_bundled import build
    return build(tmp_path_factory.mktemp("bundled-offline") / "site", offline=True)
