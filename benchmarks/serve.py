#!/usr/bin/env python3
"""Serve a built site locally the way GitHub Pages serves it: gzip and a 10-minute cache.

`python -m http.server` sends every file uncompressed and without cache headers,
which makes Lighthouse report "Enable text compression" and slower paint times
than visitors get. This server is the same, plus gzip for text files (when the
browser accepts it) and `Cache-Control: max-age=600`, as GitHub Pages sends.

    .venv/bin/python benchmarks/serve.py SITE_DIR [--port 8000]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import os
from pathlib import Path

COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv", ".map")


class Handler(http.server.SimpleHTTPRequestHandler):
    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        gzip_ok = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (gzip_ok and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--bind", default="127.0.0.1")
    args = parser.parse_args()
    handler = functools.partial(Handler, directory=os.fspath(args.site))
    with http.server.ThreadingHTTPServer((args.bind, args.port), handler) as server:
        print(f"Serving {args.site} on http://{args.bind}:{args.port}/ (gzip, max-age=600)", flush=True)
        server.serve_forever()


if __name__ == "__main__":
    main()
