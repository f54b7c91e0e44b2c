"""Serve the built site/ under /kb-tppo-kamboja/, gzip-compressed, as GitHub Pages would.

    python tools/serve_subpath.py [--port 8000] [--site site] [--prefix /kb-tppo-kamboja/]

Like GitHub Pages: text files are sent gzip-compressed when the browser accepts it,
`/x` redirects to `/x/`, a folder serves its index.html, and a missing address gets
the site's /404.html (status 404). `/` redirects to the prefix.
Other code imports `serve(site, prefix)`, which starts a server on a free port in a
background thread and returns (base URL, stop function).
"""

from __future__ import annotations

import argparse
import gzip
import mimetypes
import threading
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

PREFIX = "/kb-tppo-kamboja/"
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map")
TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".html": "text/html; charset=utf-8", ".json": "application/json", ".xml": "application/xml",
         ".svg": "image/svg+xml", ".txt": "text/plain; charset=utf-8", ".gz": "application/gzip"}


@lru_cache(maxsize=4096)
def compressed(path: Path, mtime: int) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)


def make_handler(site: Path, prefix: str):
    site = site.resolve()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_HEAD(self):
            self.do_GET(body=False)

        def do_GET(self, body=True):
            path = unquote(urlsplit(self.path).path)
            if path == "/" or path == prefix.rstrip("/"):
                return self.redirect(prefix)
            if not path.startswith(prefix):
                return self.not_found(body)
            target = (site / path[len(prefix):]).resolve()
            if site not in target.parents and target != site:
                return self.not_found(body)
            if target.is_dir():
                if not path.endswith("/"):
                    return self.redirect(path + "/")
                target = target / "index.html"
            if not target.is_file():
                return self.not_found(body)
            self.send_file(target, 200, body)

        def redirect(self, location):
            self.send_response(301)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def not_found(self, body):
            page = site / "404.html"
            if page.is_file():
                return self.send_file(page, 404, body)
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def send_file(self, target: Path, status: int, body: bool):
            data = target.read_bytes()
            kind = TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            gzipped = (target.suffix in COMPRESSIBLE
                       and "gzip" in self.headers.get("Accept-Encoding", ""))
            if gzipped:
                data = compressed(target, target.stat().st_mtime_ns)
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "max-age=600")  # as GitHub Pages
            if gzipped:
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Vary", "Accept-Encoding")
            self.end_headers()
            if body:
                self.wfile.write(data)

    return Handler


def serve(site: Path | str = "site", prefix: str = PREFIX, port: int = 0, host: str = "127.0.0.1"):
    """Start serving in a daemon thread; returns (base URL ending in the prefix, stop())."""
    server = ThreadingHTTPServer((host, port), make_handler(Path(site), prefix))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop():
        server.shutdown()
        server.server_close()

    return f"http://{host}:{server.server_address[1]}{prefix}", stop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default="site")
    parser.add_argument("--prefix", default=PREFIX)
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(Path(args.site), args.prefix))
    print(f"Serving {args.site}/ at http://127.0.0.1:{args.port}{args.prefix} (gzip); Ctrl+C stops.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
