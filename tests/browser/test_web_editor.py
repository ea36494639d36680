"""The web editor, end to end: /admin/ on the served site, working through decap-server in
its local git mode (what `local_backend` is for), offline.

An editor changes a cluster's newest member count, its Bokmål description and the end of a
status period, and saves: the editorial workflow makes a branch whose one commit changes
exactly those lines, and the data check passes on it. A value the schema refuses gets the
form's own message, and nothing is saved.

decap-server comes from npm (package.json; `.ci/run` runs `npm ci`). The built site's
config.yml asks for decap-server at its default port; the test answers that request with the
same file naming the port its own decap-server listens on, so runs side by side never meet.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from .conftest import FOREIGN_URL, Recorder
from .helpers import REPO

DECAP_SERVER = REPO / "node_modules" / "decap-server" / "dist" / "index.js"
DATE_WORDS = json.loads((REPO / "data" / "schema" / "common.schema.json").read_text(encoding="utf-8"))[
    "$defs"]["date"]["x-expected"]
SLOW = 30_000  # ms: the editor's script is large, and saving commits in git


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """A repository with today's data on main, as an editor's local clone."""
    repo = tmp_path_factory.mktemp("clone")
    shutil.copytree(REPO / "data", repo / "data")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Editor")
    git(repo, "config", "user.email", "editor@example.org")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Data as published")
    return repo


@pytest.fixture(scope="module")
def decap_server(clone, tmp_path_factory) -> str:
    """decap-server in local git mode on the clone; its API address."""
    node = shutil.which("node")
    if not node or not DECAP_SERVER.is_file():
        pytest.fail("decap-server is missing: run `npm ci` in the repository (needs node and npm)", pytrace=False)
    port = free_port()
    log = tmp_path_factory.mktemp("decap-server") / "log.txt"
    env = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "MODE": "git",
           "GIT_REPO_DIRECTORY": str(clone), "LOG_LEVEL": "warn"}
    with open(log, "wb") as output:
        server = subprocess.Popen([node, str(DECAP_SERVER)], env=env, stdout=output, stderr=subprocess.STDOUT)
    api = f"http://127.0.0.1:{port}/api/v1"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                request = urllib.request.Request(api, data=b'{"action": "info"}',
                                                 headers={"Content-Type": "application/json"})
                with urllib.request.urlopen(request, timeout=2) as response:
                    if json.load(response).get("type") == "local_git":
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"decap-server did not start:\n{log.read_text(errors='replace')}", pytrace=False)
                time.sleep(0.2)
        yield api
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture
def editor(browser, http_root, built_site, decap_server):
    """A page on the served site's /admin/, signed in to decap-server; with what it requested."""
    config = (built_site / "admin" / "config.yml").read_text(encoding="utf-8")
    assert "\nlocal_backend: true\n" in config
    config = config.replace("\nlocal_backend: true\n", f"\nlocal_backend:\n  url: {decap_server}\n")
    recorder = Recorder("http")
    errors: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="en-GB", service_workers="block")
    context.set_default_timeout(SLOW)
    context.route(FOREIGN_URL, lambda route: route.abort("blockedbyclient"))
    context.route(f"{http_root}admin/config.yml", lambda route: route.fulfill(
        status=200, content_type="text/yaml; charset=utf-8", body=config))
    context.on("request", lambda request: recorder.requests.append(request.url))
    context.on("weberror", lambda error: errors.append(str(error.error)))
    page = context.new_page()
    page.goto(f"{http_root}admin/")
    page.get_by_role("button", name="Login").click()
    expect(page.get_by_text("Clusters").first).to_be_visible()
    try:
        yield page, recorder, errors, http_root
    finally:
        context.close()
    assert not recorder.foreign(), f"requests left the machine: {recorder.foreign()}"


def control(page, name: str, widget: str):
    """A top-level field of the form, by its name in the data."""
    return page.locator(f'div[aria-label="{widget} field"]:has(> div > label[for^="{name}-field-"])')


def open_entry(page, root: str, slug: str):
    page.goto(f"{root}admin/#/collections/clusters/entries/{slug}")
    expect(page.locator('input[id^="slug-field-"]').first).to_have_value(slug)


def candidates() -> list[tuple[Path, dict]]:
    """Clusters with what the test edits: member counts, a Bokmål description, a first status
    period without an end, followed by another that starts on a month or day."""
    found = []
    for path in sorted((REPO / "data" / "clusters").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if (data.get("members") and isinstance(data.get("description"), dict) and data["description"].get("nb")
                and len(data["status"]) >= 2 and "to" not in data["status"][0]
                and re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", str(data["status"][1]["from"]))):
            found.append((path, data))
    assert len(found) >= 2, "the data has too few clusters with members, Bokmål and two status periods"
    return found


def expected_file(text: str, data: dict, count: int, description: str, end: str) -> str:
    """The file as an editor would change it by hand: three values, nothing else."""
    lines = text.split("\n")

    def block(key: str) -> range:
        """The lines under the top-level `key:`, as the file is now."""
        start = lines.index(f"{key}:")
        end = next((i for i in range(start + 1, len(lines)) if re.match(r"[a-z_]+:", lines[i])), len(lines))
        return range(start + 1, end)

    # The newest member count: the last count in the list.
    last = max(i for i in block("members") if re.fullmatch(r" *(- )?count: \d+", lines[i]))
    lines[last] = re.sub(r"count: \d+$", f"count: {count}", lines[last])
    # The first status period's end, on the line after its start, at the start's indentation.
    start = next(i for i in block("status") if re.fullmatch(r" *(- )?from: .*", lines[i]))
    indent = " " * (len(lines[start]) - len(lines[start].lstrip(" -")))
    lines.insert(start + 1, f"{indent}to: {end}")
    # The Bokmål description: the text under `  nb:`, replaced by the new one (one line).
    inside = list(block("description"))
    header = next(i for i in inside if lines[i].startswith("  nb:"))
    body = [i for i in inside if i > header and (not lines[i].strip() or lines[i].startswith("    "))]
    while body and not lines[body[-1]].strip():
        body.pop()
    if lines[header].strip() in ("nb: |", "nb: >", "nb: |-", "nb: >-"):
        lines[body[0]: body[-1] + 1] = [f"    {description}"]
    else:  # a text on the header's line
        lines[header] = f"  nb: {description}"
    return "\n".join(lines)


def test_an_edit_in_the_form_becomes_a_branch_with_exactly_those_lines(editor, clone, tmp_path):
    page, recorder, errors, root = editor
    path, data = candidates()[0]
    slug = data["slug"]
    text = path.read_text(encoding="utf-8")
    old_count = data["members"][-1]["count"]
    new_count = old_count + 14
    description = "Klyngen samler hele verdikjeden i sin bransje."
    end = str(data["status"][1]["from"])  # the first period ends as the next begins (no overlap)

    open_entry(page, root, slug)
    members = control(page, "members", "list")
    members.locator('[data-testid="expand-button"]').first.click()
    counts = members.locator('input[id^="count-field-"]')
    expect(counts).to_have_count(len(data["members"]))
    expect(counts.last).to_have_value(str(old_count))
    counts.last.fill(str(new_count))
    bokmal = control(page, "description", "object").locator('textarea[id^="nb-field-"]')
    bokmal.fill(description)
    status = control(page, "status", "list")
    status.locator('[data-testid="expand-button"]').first.click()
    status.locator('input[id^="to-field-"]').first.fill(end)
    page.get_by_role("button", name="Save").first.click()

    branch = f"cms/clusters/{slug}"
    deadline = time.monotonic() + SLOW / 1000
    while branch not in git(clone, "branch", "--list", branch):
        assert time.monotonic() < deadline, f"no branch {branch} after saving"
        time.sleep(0.25)
    expect(page.get_by_text("Changes saved").first).to_be_visible()

    # One commit on the branch, changing one file, exactly as an editor would by hand.
    assert git(clone, "rev-list", "--count", f"main..{branch}").strip() == "1"
    changed = git(clone, "diff", "--name-only", f"main...{branch}").split()
    assert changed == [f"data/clusters/{slug}.yml"]
    saved = git(clone, "show", f"{branch}:data/clusters/{slug}.yml")
    assert saved == expected_file(text, data, new_count, description, end)
    assert saved.splitlines()[0] == text.splitlines()[0]  # the line that links the file to its schema

    # The data check passes on the branch.
    checkout = tmp_path / "branch"
    git(clone, "worktree", "add", "-q", str(checkout), branch)
    result = subprocess.run([sys.executable, "-m", "ncesite", "validate", "--data", str(checkout / "data")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not errors, errors


def test_a_value_the_schema_refuses_gets_the_forms_message_and_nothing_is_saved(editor, clone):
    page, recorder, errors, root = editor
    path, data = candidates()[1]
    refs = git(clone, "for-each-ref")
    head = git(clone, "rev-parse", "HEAD")

    open_entry(page, root, data["slug"])
    status = control(page, "status", "list")
    status.locator('[data-testid="expand-button"]').first.click()
    status.locator('input[id^="from-field-"]').first.fill("spring 2015")
    page.get_by_role("button", name="Save").first.click()

    expect(status.get_by_text(f"expected {DATE_WORDS}")).to_be_visible()
    expect(page.get_by_text("UNSAVED CHANGES", exact=False).first).to_be_visible()
    time.sleep(1)  # a save, had one started, would have committed by now
    assert git(clone, "for-each-ref") == refs
    assert git(clone, "rev-parse", "HEAD") == head
    assert git(clone, "status", "--porcelain") == ""
