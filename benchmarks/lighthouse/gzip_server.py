"""A static file server that sends text gzip-encoded, as a static host (GitHub Pages, Netlify, nginx
with gzip_static) does, so Lighthouse measures the bytes a reader really downloads.

Python's http.server sends every file as it is on disk: a page measured through it would look three to
five times heavier than it is. Here text files (HTML, CSS, JavaScript, JSON, SVG, XML, plain text) go
out gzip-compressed (level 6, a host's usual setting) when the request accepts gzip, each compressed once
and kept (so the server's own work does not weigh on the measured load); fonts and images, compressed
already, go as they are.
"""
from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import threading
from pathlib import Path

COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "application/manifest+json",
                    "application/xml", "image/svg+xml", "application/atom+xml")
LEVEL = 6


def compressible(content_type: str) -> bool:
    """Is a response of this type sent gzip-encoded (text), or as it is (woff2, png, zip)?"""
    return content_type.startswith(COMPRESSED_TYPES)


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """SimpleHTTPRequestHandler whose text responses are gzip-encoded; quiet (no line per request)."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "application/javascript", ".mjs": "application/javascript",
                      ".json": "application/json", ".webmanifest": "application/manifest+json",
                      ".woff2": "font/woff2", ".svg": "image/svg+xml", ".xml": "application/xml",
                      ".atom": "application/atom+xml"}
    _cache: dict[tuple[str, float], bytes] = {}
    _lock = threading.Lock()

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the parent's redirect to the folder's address with "/"
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404, "File not found")
            return None
        content_type = self.guess_type(str(path))
        body = path.read_bytes()
        gzipped = compressible(content_type) and "gzip" in self.headers.get("Accept-Encoding", "")
        if gzipped:
            body = self._gzip(path, body)
        self.send_response(200)
        self.send_header("Content-Type", content_type + ("; charset=utf-8" if content_type.startswith("text/") else ""))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        return io.BytesIO(body)  # copyfile reads it, do_GET closes it

    @classmethod
    def _gzip(cls, path: Path, body: bytes) -> bytes:
        """The file compressed, compressed once. Compressing happens outside the lock: a request for a
        file compressed already never waits while another thread compresses a large one (a host's
        files are compressed ahead; only this server's first request for a file pays)."""
        key = (str(path), os.stat(path).st_mtime)
        with cls._lock:
            if key in cls._cache:
                return cls._cache[key]
        packed = gzip.compress(body, LEVEL, mtime=0)
        with cls._lock:
            return cls._cache.setdefault(key, packed)

    def log_message(self, *args) -> None:
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``folder`` on a free localhost port in a background thread; returns the server (call its
    shutdown() when done) and its base URL."""
    handler = functools.partial(GzipHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"
