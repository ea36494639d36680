"""Browser fixtures: Debian's Chromium driven by Playwright, the built site served
over HTTP and opened from disk, and a page that fails its test if anything leaves
the machine or the console shows an error.

Environment:
  NCE_CHROMIUM      path to the Chromium binary (default /usr/bin/chromium)
  NCE_SKIP_BROWSER  set to 1 to skip every test in this folder
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

BROWSER_DIR = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("NCE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
HARMLESS_SCHEMES = {"data", "blob", "about"}
# Anything that is not loopback is answered with an error at once instead of timing out.
FOREIGN_URL = re.compile(r"^(?:https?|wss?|ftp)://(?!(?:127\.0\.0\.1|localhost|\[::1\])(?:[:/]|$))", re.I)
MODES = ("http", "file")

_RECORDER = pytest.StashKey["Recorder"]()


def _skip_browser() -> bool:
    return os.environ.get("NCE_SKIP_BROWSER", "") == "1"


def _needs_browser(item) -> bool:
    """A test that uses Chromium, directly or through a fixture such as `page`."""
    return BROWSER_DIR in Path(str(item.path)).resolve().parents and "browser" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(config, items):
    # The `browser` marker (registered in pyproject.toml) goes on exactly the tests that
    # need Chromium, so `-m "not browser"` keeps the checks of files on disk in this folder.
    skip = pytest.mark.skip(reason="NCE_SKIP_BROWSER=1: browser tests skipped") if _skip_browser() else None
    for item in items:
        if _needs_browser(item):
            item.add_marker(pytest.mark.browser)
            if skip:
                item.add_marker(skip)


# ---------------------------------------------------------------- the browser

@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole session."""
    if _skip_browser():
        pytest.skip("NCE_SKIP_BROWSER=1")
    executable = Path(CHROMIUM)
    if not (executable.is_file() and os.access(executable, os.X_OK)):
        pytest.fail(
            f"Chromium not found at {executable}. Install Debian's chromium "
            "(sudo apt-get install chromium) or set NCE_CHROMIUM to a Chromium binary; "
            "set NCE_SKIP_BROWSER=1 to skip the browser tests. "
            "Do not run `playwright install`: these tests use the system browser.",
            pytrace=False,
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("The playwright package is missing: pip install -r requirements-dev.txt", pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


# ---------------------------------------------------------------- the site

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


@pytest.fixture(scope="session")
def http_root(built_site) -> str:
    """The session's built site served on 127.0.0.1 at a free port."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass(frozen=True)
class Site:
    """Where the built site is opened from: `mode` is "http" or "file"."""

    mode: str
    base: str  # ends with "/"
    root: Path  # the built site on disk

    def url(self, path: str = "index.html") -> str:
        return self.base + path.lstrip("/")

    def path_of(self, url: str) -> str:
        """Site-relative path of a URL, without query or fragment: clusters/x.html."""
        parts = urlsplit(url)
        base_path = urlsplit(self.base).path
        path = parts.path
        return path[len(base_path):] if path.startswith(base_path) else path


@pytest.fixture(params=MODES)
def site(request, built_site) -> Site:
    """The built site, once served over HTTP and once opened from disk.

    A test that needs only one mode parametrizes it indirectly:
    @pytest.mark.parametrize("site", ["file"], indirect=True)
    """
    if request.param == "http":
        return Site("http", request.getfixturevalue("http_root"), built_site)
    return Site("file", built_site.as_uri() + "/", built_site)


# ---------------------------------------------------------------- the page

@dataclass
class Recorder:
    """Every request a page made, and every error its console showed."""

    mode: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def foreign(self) -> list[str]:
        """Requests that would leave the machine (or, from disk, leave the file system)."""
        bad = []
        for url in self.requests:
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            if scheme in HARMLESS_SCHEMES:
                continue
            if self.mode == "file":
                ok = scheme == "file" and parts.netloc in ("", "localhost")
            else:
                ok = scheme in ("http", "https", "ws", "wss") and (parts.hostname or "") in LOOPBACK_HOSTS
            if not ok:
                bad.append(url)
        return bad

    def problems(self) -> list[str]:
        found = [f"request left the machine: {url}" for url in dict.fromkeys(self.foreign())]
        found += [f"console: {text}" for text in self.errors]
        return found


@pytest.fixture
def recorder(site, request) -> Recorder:
    """What this test's page requested and logged; checked after the test (see below)."""
    found = Recorder(site.mode)
    request.node.stash[_RECORDER] = found
    return found


@pytest.fixture
def page(browser, recorder):
    """A fresh browser context and page for one test, recording requests and errors.

    The test fails if any request went to another host (or, from disk, anywhere but
    the file system) or if the console reported an error.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB",
                                  service_workers="block")
    context.set_default_timeout(10_000)
    context.route(FOREIGN_URL, lambda route: route.abort("blockedbyclient"))
    context.on("request", lambda req: recorder.requests.append(req.url))
    context.on("weberror", lambda err: recorder.errors.append(f"page error: {err.error}"))
    context.on("console", lambda msg: recorder.errors.append(f"{msg.text} ({msg.location.get('url', '')})")
               if msg.type == "error" else None)
    new_page = context.new_page()
    try:
        yield new_page
    finally:
        context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail the test itself (not only its teardown) when its page broke the rules."""
    result = yield
    recorder = item.stash.get(_RECORDER, None)
    if recorder is not None:
        problems = recorder.problems()
        if problems:
            raise AssertionError(f"{len(problems)} problem(s) while the page was open "
                                 f"({recorder.mode} mode):\n  " + "\n  ".join(problems))
    return result
