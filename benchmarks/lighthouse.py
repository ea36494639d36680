"""Lighthouse scores of every page type in both languages, as a phone on a slow network sees them.

Builds the site (or takes a built one), serves it on 127.0.0.1 as GitHub Pages does (gzip,
a 10-minute cache: benchmarks/serve.py), and runs Lighthouse 12 (its mobile defaults: a mid-range phone, simulated slow 4G) on
the home page, a cluster, a partner, the directory, the map, the timeline, the statistics and
the open data, in English and Bokmål. Prints each page's four category scores, the metrics
behind the performance score and the time its render-blocking requests cost. In the same run,
a plain Material for MkDocs page (the theme's defaults, a page of text) gives the figures of
the theme alone.

    .venv/bin/python benchmarks/lighthouse.py                 # build into a temporary folder
    .venv/bin/python benchmarks/lighthouse.py --site site     # an already built site
    .venv/bin/python benchmarks/lighthouse.py --repeat 3      # the median of three runs a page

Lighthouse comes from npm (lighthouse@12.2.3; 13 needs Node 22), installed on first use into
.lighthouse/ in this checkout (git-ignored), as tests/check_html.py installs its checker:
never run from a folder other users can write; $LIGHTHOUSE names another lighthouse command. Chromium is $CHROME_PATH, else
/usr/bin/chromium. The goals: performance at least 98, the other three 100.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import posixpath
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from html.parser import HTMLParser
from pathlib import Path

from serve import Handler

REPO = Path(__file__).resolve().parents[1]
LIGHTHOUSE_VERSION = "12.2.3"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
GOALS = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}
PAGES = {
    "home": "index.html",
    "cluster": "clusters/nce-blue-legasea.html",
    "partner": "partners/innovation-norway.html",
    "directory": "clusters/index.html",
    "map": "clusters/map.html",
    "timeline": "timeline.html",
    "statistics": "statistics.html",
    "open data": "open-data.html",
}
LANGUAGES = {"en": "", "nb": "nb/"}
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run " \
               "--disable-background-networking --disable-component-update --disable-sync"


def lighthouse_command() -> list[str]:
    """The lighthouse command; installed from npm into .lighthouse/ on first use."""
    if os.environ.get("LIGHTHOUSE"):
        return [os.environ["LIGHTHOUSE"]]
    target = REPO / ".lighthouse" / LIGHTHOUSE_VERSION
    cli = target / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.is_file():
        npm = shutil.which("npm")
        if not npm:
            raise SystemExit("lighthouse: npm is needed to install Lighthouse (or set LIGHTHOUSE)")
        target.mkdir(parents=True, exist_ok=True)
        subprocess.run([npm, "install", "--prefix", str(target), "--no-audit", "--no-fund", "--no-save",
                        f"lighthouse@{LIGHTHOUSE_VERSION}"], check=True, stdout=subprocess.DEVNULL)
    node = shutil.which("node")
    if not node:
        raise SystemExit("lighthouse: Node.js is needed")
    return [node, str(cli)]


class QuietHandler(Handler):
    """benchmarks/serve.py's handler (gzip and a 10-minute cache, as GitHub Pages serves), quiet."""

    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def build(target: Path, config: Path = REPO / "mkdocs.yml") -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(target)],
                   cwd=config.parent, env=env, check=True)
    return target


def plain_material_site(work: Path) -> Path:
    """A plain Material for MkDocs site of one page of text: the theme alone, for comparison."""
    project = work / "plain"
    (project / "docs").mkdir(parents=True)
    text = "\n\n".join("A paragraph of plain text about the programme and its clusters, written to fill a page. " * 4
                       for _ in range(6))
    (project / "docs" / "index.md").write_text(f"---\ndescription: A plain page.\n---\n\n# A plain page\n\n{text}\n",
                                               encoding="utf-8")
    (project / "mkdocs.yml").write_text("site_name: Plain\nsite_url: https://example.org/\ntheme:\n  name: material\n"
                                        "  font: false\nplugins: [search]\n", encoding="utf-8")
    return build(work / "plain-site", project / "mkdocs.yml")


def audit(command: list[str], url: str) -> dict:
    """One Lighthouse run: category scores (0-100) and the performance metrics."""
    result = subprocess.run(
        [*command, url, "--quiet", "--output=json", "--output-path=stdout",
         f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")})
    if result.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    audits = report["audits"]
    found = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    found.update(fcp=audits["first-contentful-paint"]["numericValue"], lcp=audits["largest-contentful-paint"]["numericValue"],
                 tbt=audits["total-blocking-time"]["numericValue"], cls=audits["cumulative-layout-shift"]["numericValue"],
                 si=audits["speed-index"]["numericValue"],
                 failed=[f"{name}: {audits[ref['id']]['title']}" for name in CATEGORIES[1:]
                         for ref in report["categories"][name]["auditRefs"]
                         if ref.get("weight") and audits[ref["id"]].get("score") not in (None, 1)])
    return found


class _Head(HTMLParser):
    """What a page's head makes the browser fetch before the first paint: stylesheets for the
    screen and scripts that are neither async nor deferred."""

    def __init__(self):
        super().__init__()
        self.blocking: list[str] = []
        self.in_head = True

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "body":
            self.in_head = False
        elif self.in_head and tag == "link" and "stylesheet" in (values.get("rel") or "").split() \
                and (values.get("media") or "all") in ("all", "screen"):
            self.blocking.append(values.get("href") or "")
        elif self.in_head and tag == "script" and values.get("src") and not ({"async", "defer"} & set(values)) \
                and values.get("type") != "module":
            self.blocking.append(values["src"])


def render_blocking(site: Path, page: str) -> tuple[int, float]:
    """How many files block a page's first paint, and their size gzipped (KB). (Lighthouse's own
    render-blocking audit fails on the Chromium at hand.)"""
    parser = _Head()
    parser.feed((site / page).read_text(encoding="utf-8"))
    sizes = [len(gzip.compress((site / posixpath.normpath(posixpath.join(posixpath.dirname(page), href))).read_bytes(),
                               compresslevel=6, mtime=0)) for href in parser.blocking]
    return len(sizes), sum(sizes) / 1024


def median_of(runs: list[dict]) -> dict:
    """Each figure's median over the runs (the performance score is that of the median run)."""
    ordered = sorted(runs, key=lambda run: run["performance"])
    middle = ordered[len(ordered) // 2]
    found = dict(middle)
    for key in ("fcp", "lcp", "tbt", "cls", "si"):
        found[key] = statistics.median(run[key] for run in runs)
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build one into a temporary folder)")
    parser.add_argument("--repeat", type=int, default=1, help="runs a page; the median is shown")
    parser.add_argument("--pages", nargs="*", default=list(PAGES), help=f"page types, of: {', '.join(PAGES)}")
    parser.add_argument("--no-plain", action="store_true", help="leave out the plain Material page")
    args = parser.parse_args(argv)
    command = lighthouse_command()
    with tempfile.TemporaryDirectory(prefix="nce-lighthouse-") as work:
        site = args.site or build(Path(work) / "site")
        server, base = serve(site)
        rows = []
        targets = [(kind, lang, site, prefix + PAGES[kind]) for kind in args.pages for lang, prefix in LANGUAGES.items()]
        if not args.no_plain:
            plain = plain_material_site(Path(work))
            targets.append(("plain Material", "en", plain, "index.html"))
        for kind, lang, root, page in targets:
            pages_server, pages_base = (server, base) if root == site else serve(root)
            found = median_of([audit(command, pages_base + page) for _ in range(args.repeat)])
            found["blocking"] = render_blocking(root, page)
            rows.append((kind, lang, found))
            if pages_server is not server:
                pages_server.shutdown()
            print(".", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
        server.shutdown()

    print(f"Lighthouse {LIGHTHOUSE_VERSION}, mobile (simulated slow 4G, 4x CPU slowdown), gzip; "
          f"median of {args.repeat} run(s) a page\n")
    print("| page | lang | performance | accessibility | best practices | SEO | FCP ms | LCP ms | TBT ms | CLS "
          "| speed index ms | render-blocking files (KB gzipped) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    short = []
    for kind, lang, found in rows:
        print(f"| {kind} | {lang} | " + " | ".join(str(found[c]) for c in CATEGORIES)
              + f" | {found['fcp']:.0f} | {found['lcp']:.0f} | {found['tbt']:.0f} | {found['cls']:.3f}"
              f" | {found['si']:.0f} | {found['blocking'][0]} ({found['blocking'][1]:.1f}) |")
        if kind != "plain Material":
            short += [f"{kind} ({lang}): {c} {found[c]} < {goal}" for c, goal in GOALS.items() if found[c] < goal]
            short += [f"{kind} ({lang}): {failure}" for failure in found["failed"]]
    print()
    print("All pages meet the goals." if not short else "Below the goals:\n  " + "\n  ".join(short))
    return 0 if not short else 1


if __name__ == "__main__":
    sys.exit(main())
