#!/usr/bin/env python3
"""Edit-to-visible time of `mkdocs serve`: how long from saving a data file until the
served page shows the change, beside plain MkDocs serving the same pages.

Copies what a build reads into a temporary folder (optionally with N synthetic
clusters, as build_scale.py makes them), starts `mkdocs serve` there, then edits one
cluster's YAML file --edits times. After each save it measures what an editor with
the page open gets:

- reload: when the live-reload request that every served page keeps open answers,
  which MkDocs does only after the whole rebuild has finished (both languages: the
  Bokmål pages are built inside the English build); the browser reloads the page then;
- every page: when the cluster's English page and its Bokmål page, fetched every 10 ms,
  both show the new text. MkDocs holds every request made during a rebuild until the
  rebuild has finished, so this counts the end of the whole rebuild, never a page
  written half-way through it.

Then the same with plain MkDocs + Material serving the same pages as plain Markdown
(build_scale.py's baseline, English alone), editing that page's Markdown. It prints each
edit and a table of the medians, with the CPU time each server spent (steadier than
wall-clock time on a shared machine) and the load average.

    .venv/bin/python benchmarks/serve_edit.py                  # the real data, 15 edits
    .venv/bin/python benchmarks/serve_edit.py --clusters 1000 --edits 5
    .venv/bin/python benchmarks/serve_edit.py --source ../other-checkout   # measure a change

Target: a median of at most 0.8 s at the real size, both languages (2 CPUs).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from build_scale import REPO, copy_inputs, export_markdown, write_clusters

SLUG = "energy-valley"
# The edit: a word put in front of the town, a fact written once and shown on both pages.
CITY = re.compile(r"^(city:\s*[\"']?)", re.M)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time so far of a process and of its live children (the worker that builds
    the Bokmål pages while serving), or 0 where /proc is missing (Linux only)."""
    def own(stat: str) -> float:
        fields = stat.rpartition(")")[2].split()
        return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")

    total = 0.0
    for path in Path("/proc").glob("[0-9]*/stat"):
        try:
            stat = path.read_text()
        except OSError:
            continue
        fields = stat.rpartition(")")[2].split()
        if path.parent.name == str(pid) or fields[1] == str(pid):  # the process, or a child of it
            total += own(stat)
    return total


LIVE_RELOAD = re.compile(r"livereload\((\d+),\s*(\d+)\)")


def _reload_signal(base: str, page: str, start_box: list[float], result: list[float]) -> threading.Thread:
    """Hold open the live-reload request of `page` as served now; when it answers with a
    newer build, put the seconds since start_box[0] in `result`."""
    found = LIVE_RELOAD.search(page)
    if not found:
        raise SystemExit("the served page has no live-reload script")
    url = urllib.parse.urljoin(base, f"/livereload/{found[1]}/{found[2]}")

    def wait() -> None:
        while not result:
            with urllib.request.urlopen(url, timeout=130) as response:
                answer = response.read().decode()
            if int(answer) > int(found[1]):
                result.append(time.perf_counter() - start_box[0])

    thread = threading.Thread(target=wait, daemon=True)
    thread.start()
    return thread


def _wait_for(urls: list[str], token: str, start: float, timeout: float = 120) -> list[float]:
    """Seconds from `start` until each URL shows `token`."""
    seen: dict[str, float] = {}
    while len(seen) < len(urls):
        for url in urls:
            if url not in seen and token in _get(url):
                seen[url] = time.perf_counter() - start
        if time.perf_counter() - start > timeout:
            raise SystemExit(f"{token} not visible after {timeout} s")
        time.sleep(0.01)
    return [seen[url] for url in urls]


def _start_server(repo: Path, log: list[str]) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    # The copy's own package first: the installed one may be another checkout's (see --source).
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(repo / "hooks"), os.environ.get("PYTHONPATH")]))}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}",
                               "-f", str(repo / "mkdocs.yml")], cwd=repo, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    threading.Thread(target=lambda: log.extend(server.stdout), daemon=True).start()
    deadline = time.monotonic() + 600
    while not any("Serving on" in line for line in log):
        if server.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("mkdocs serve did not start:\n" + "".join(log))
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}/nce-site/"


def _stop(server: subprocess.Popen | None) -> None:
    if server is not None:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def measure(name: str, repo: Path, edited: Path, edit, pages: list[str], edits: int, pause: float,
            show_log: bool) -> dict:
    """Start `mkdocs serve` in `repo`, save `edit(original, token)` into `edited` `edits` times and
    time how long until every page of `pages` shows the token."""
    log: list[str] = []
    server = None
    try:
        server, base = _start_server(repo, log)
        urls = [base + page for page in pages]
        _wait_for(urls, "</html>", time.perf_counter())
        time.sleep(pause)
        reloads, first, every, cpu = [], [], [], []
        original = edited.read_text(encoding="utf-8")
        for number in range(edits):
            token = f"Editmark{number}x{os.getpid()}"
            start_box = [time.perf_counter()]
            reload_seen: list[float] = []
            waiter = _reload_signal(base, _get(urls[0]), start_box, reload_seen)
            cpu_before = _cpu_seconds(server.pid)
            start = start_box[0] = time.perf_counter()
            edited.write_text(edit(original, token), encoding="utf-8")
            times = _wait_for(urls, token, start)
            waiter.join(timeout=120)
            if not reload_seen:
                raise SystemExit("the live-reload request never answered")
            reloads.append(reload_seen[0])
            first.append(times[0])
            every.append(max(times))
            cpu.append(_cpu_seconds(server.pid) - cpu_before)
            print(f"{name}, edit {number + 1}: reload {reloads[-1]:.2f} s, first page {times[0]:.2f} s, "
                  f"every page {max(times):.2f} s, server CPU {cpu[-1]:.2f} s", flush=True)
            time.sleep(pause)
        return {"every": statistics.median(every), "first": statistics.median(first),
                "reload": statistics.median(reloads), "cpu": statistics.median(cpu)}
    finally:
        _stop(server)
        if show_log:
            print("".join(log))


def _city_edit(original: str, token: str) -> str:
    text, count = CITY.subn(r"\g<1>" + token + " ", original, count=1)
    if not count:
        raise SystemExit(f"no city found in {SLUG}.yml")
    return text


def _page_edit(original: str, token: str) -> str:
    """A word put into the plain baseline's Markdown of the same page, after its front matter."""
    head, _, body = original.partition("\n---\n")
    return f"{head}\n---\n\n{token}\n{body}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clusters", type=int, default=0, help="synthetic clusters (default: the real data)")
    parser.add_argument("--edits", type=int, default=15)
    parser.add_argument("--source", type=Path, default=REPO, help="checkout to measure (default: this one)")
    parser.add_argument("--pause", type=float, default=1.0, help="seconds between edits")
    parser.add_argument("--no-baseline", action="store_true", help="skip plain MkDocs serving the same pages")
    parser.add_argument("--log", action="store_true", help="print the servers' output at the end")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="nce-serve-"))
    try:
        repo = copy_inputs(work / "repo", args.source.resolve())
        if args.clusters:
            write_clusters(repo / "data", args.clusters)
        rows = {"site (both languages)": measure(
            "site", repo, repo / "data" / "clusters" / f"{SLUG}.yml", _city_edit,
            [f"clusters/{SLUG}.html", f"nb/clusters/{SLUG}.html"], args.edits, args.pause, args.log)}
        if not args.no_baseline:
            plain = work / "plain"
            export_markdown(repo, plain)
            rows["plain MkDocs (English)"] = measure(
                "plain", plain, plain / "docs" / "clusters" / f"{SLUG}.md", _page_edit,
                [f"clusters/{SLUG}.html"], args.edits, args.pause, args.log)
        size = f"{args.clusters} synthetic clusters" if args.clusters else "the real data"
        print(f"\n{size}, {args.edits} edits, load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print("| serving | median save to visible, every page s | first page s | reload signal s | server CPU s |")
        print("|---|---:|---:|---:|---:|")
        for name, row in rows.items():
            print(f"| {name} | {row['every']:.2f} | {row['first']:.2f} | {row['reload']:.2f} | {row['cpu']:.2f} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
