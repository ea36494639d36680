#!/usr/bin/env python3
"""Check that every external address in data/ still answers. Needs internet.

    .venv/bin/python .ci/check_external_links.py
    .venv/bin/python .ci/check_external_links.py --concurrency 4 --timeout 20 data/clusters/gce-node.yml

Every http(s) address anywhere in data/**/*.yml (websites, links, sources) is
requested once, with HEAD first; if the server refuses HEAD or fails it, the same
address is tried with GET (only the first bytes are read). Requests run in
parallel (--concurrency, at most --per-host at a time per host) with a timeout
each, and one retry after a network error or a 429/5xx answer.

The report lists each failing address with its answer and the files (and lines)
that use it. Exit code 1 if any address fails, 0 otherwise. 429 (too many
requests) and 401/403 from servers that block scripts are shown as warnings and
do not fail the run unless --strict is given: the page may well be there.

Not part of the tests (they run offline); .github/workflows/links.yml runs this
weekly.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import re
import ssl
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
URL = re.compile(r"""https?://[^\s"'<>]+""")
USER_AGENT = "nce-site-link-check/1.0 (+https://github.com/nce-site/nce-site)"
WARN_ONLY = {401, 403, 429}
RETRY = {429, 500, 502, 503, 504}


@dataclass
class Result:
    url: str
    ok: bool
    status: int | None
    detail: str
    method: str
    warning: bool = False


def collect_urls(paths: list[Path]) -> dict[str, list[str]]:
    """{url: ["data/clusters/x.yml:12", ...]} for every http(s) address in the files' values."""
    found: dict[str, list[str]] = defaultdict(list)
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.lstrip().startswith("#"):
                continue  # comments such as the yaml-language-server schema line
            for match in URL.finditer(line):
                url = match.group(0).rstrip(".,;)")
                where = f"{path.relative_to(REPO).as_posix() if path.is_relative_to(REPO) else path}:{number}"
                found[url].append(where)
    return dict(sorted(found.items()))


class _HostLimits:
    def __init__(self, per_host: int):
        self.per_host = per_host
        self.lock = threading.Lock()
        self.semaphores: dict[str, threading.Semaphore] = {}

    def get(self, url: str) -> threading.Semaphore:
        host = urlsplit(url).hostname or ""
        with self.lock:
            return self.semaphores.setdefault(host, threading.Semaphore(self.per_host))


def _request(url: str, method: str, timeout: float, context: ssl.SSLContext) -> tuple[int, str]:
    request = urllib.request.Request(url, method=method, headers={
        "User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
        "Accept-Language": "en,nb;q=0.9,no;q=0.8"})
    try:
        with urllib.request.urlopen(request, timeout=timeout, context=context) as response:
            if method == "GET":
                response.read(1024)
            return response.status, response.reason or ""
    except urllib.error.HTTPError as error:
        return error.code, str(error.reason)


def check_url(url: str, timeout: float, limits: _HostLimits, context: ssl.SSLContext) -> Result:
    with limits.get(url):
        last: Result | None = None
        for attempt in range(2):
            for method in ("HEAD", "GET"):
                try:
                    status, reason = _request(url, method, timeout, context)
                except Exception as error:  # DNS, TLS, timeout, connection reset...
                    last = Result(url, False, None, f"{type(error).__name__}: {getattr(error, 'reason', error)}", method)
                    continue  # HEAD failed at network level: try GET
                if status < 400:
                    return Result(url, True, status, reason, method)
                last = Result(url, False, status, reason, method, warning=status in WARN_ONLY)
                # Many servers refuse or mishandle HEAD (405, 403, 404, 501...): always confirm with GET.
            if last and last.status is not None and last.status not in RETRY:
                break
            time.sleep(2 + 3 * attempt)
        return last


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check the external addresses in data/.")
    parser.add_argument("files", nargs="*", type=Path,
                        help="YAML files (default: data/**/*.yml except data/templates/)")
    parser.add_argument("--concurrency", type=int, default=8, help="requests in flight at once (default 8)")
    parser.add_argument("--per-host", type=int, default=2, help="requests in flight per host (default 2)")
    parser.add_argument("--timeout", type=float, default=15.0, help="seconds per request (default 15)")
    parser.add_argument("--strict", action="store_true", help="count 401, 403 and 429 answers as failures")
    args = parser.parse_args(argv)

    # data/templates/ holds scaffolding for new files, with example.no placeholders.
    files = [p.resolve() for p in args.files] or sorted(
        p for p in (REPO / "data").rglob("*.yml") if "templates" not in p.relative_to(REPO / "data").parts)
    urls = collect_urls(files)
    print(f"Checking {len(urls)} addresses from {len(files)} files ...", flush=True)
    limits = _HostLimits(args.per_host)
    context = ssl.create_default_context()
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        results = list(pool.map(lambda u: check_url(u, args.timeout, limits, context), urls))

    failed = [r for r in results if not r.ok and (args.strict or not r.warning)]
    warned = [r for r in results if not r.ok and r.warning and not args.strict]
    for title, items in (("FAILED", failed), ("WARNING (may be blocking scripts)", warned)):
        if not items:
            continue
        print(f"\n{title}: {len(items)}")
        for r in items:
            answer = f"{r.status} {r.detail}".strip() if r.status else r.detail
            print(f"  {r.url}\n    {r.method}: {answer}\n    used in: {', '.join(urls[r.url])}")
    print(f"\n{len(results) - len(failed) - len(warned)} OK, {len(warned)} warnings, {len(failed)} failed.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
