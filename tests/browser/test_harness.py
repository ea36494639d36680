"""The harness itself: the request recorder notices what it must notice."""

from __future__ import annotations

import pytest

from .conftest import FOREIGN_URL, Recorder


@pytest.mark.parametrize(("mode", "url", "foreign"), [
    ("http", "http://127.0.0.1:8000/index.html", False),
    ("http", "http://localhost:8000/assets/x.js", False),
    ("http", "data:image/png;base64,AAAA", False),
    ("http", "blob:http://127.0.0.1:8000/0a1b", False),
    ("http", "about:blank", False),
    ("http", "https://unpkg.com/iframe-worker/shim", True),
    ("http", "http://127.0.0.1.example.com/", True),
    ("http", "file:///etc/hostname", True),
    ("file", "file:///tmp/site/index.html", False),
    ("file", "http://127.0.0.1:8000/index.html", True),
    ("file", "https://fonts.googleapis.com/css", True),
])
def test_recorder_classifies_requests(mode, url, foreign):
    recorder = Recorder(mode, requests=[url])
    assert (recorder.foreign() == [url]) is foreign


def test_requests_to_other_hosts_are_blocked_and_reported(browser):
    """A page that tries to load from another host: the request is seen and stopped at once."""
    context = browser.new_context()
    recorder = Recorder("http")
    context.route(FOREIGN_URL, lambda route: route.abort("blockedbyclient"))
    context.on("request", lambda req: recorder.requests.append(req.url))
    context.on("console", lambda msg: recorder.errors.append(msg.text) if msg.type == "error" else None)
    page = context.new_page()
    try:
        page.set_content('<img src="https://example.invalid/pixel.png" alt="">', wait_until="load")
    finally:
        context.close()
    assert recorder.foreign() == ["https://example.invalid/pixel.png"]
    assert any("ERR_BLOCKED_BY_CLIENT" in text for text in recorder.errors), recorder.errors


def test_axe_reports_a_broken_page(browser):
    """The vendored axe-core loads without a network and finds a missing alternative text."""
    from .helpers import axe_violations

    context = browser.new_context()
    page = context.new_page()
    try:
        page.set_content('<html lang="en"><head><title>t</title></head><body><main><h1>t</h1>'
                         '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
                         '</main></body></html>')
        ids = {v["id"] for v in axe_violations(page)}
    finally:
        context.close()
    assert "image-alt" in ids, ids
