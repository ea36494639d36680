"""`mkdocs serve` as an editor uses it: rebuilds on changes to data/, docs/ and overrides/,
on a data error prints the problem once and keeps serving the last good site, and says
when the site's Python code changed (which needs a restart)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest
from conftest import BUILD_ENV, REPO


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, repo):
        self.port = _free_port()
        self.output: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{self.port}",
             "-f", str(repo / "mkdocs.yml")],
            cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            # The copy's own package (hooks/ncesite), so that an edit to it is an edit to the running code.
            env={**BUILD_ENV, "PYTHONPATH": os.pathsep.join(filter(None, [str(repo / "hooks"),
                                                                           BUILD_ENV.get("PYTHONPATH")]))})
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.output.append(line)

    @property
    def log(self) -> str:
        return "".join(self.output)

    def wait_for(self, text: str, after: int = 0, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in "".join(self.output[after:]):
                return
            if self.process.poll() is not None:
                raise AssertionError(f"mkdocs serve stopped:\n{self.log}")
            time.sleep(0.1)
        raise AssertionError(f"{text!r} not seen within {timeout}s:\n{self.log}")

    def get(self, path: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/nce-site/{path}", timeout=10) as response:
            return response.read().decode("utf-8")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture
def server(repo_copy):
    srv = Server(repo_copy)
    try:
        srv.wait_for("Serving on")
        yield srv, repo_copy
    finally:
        srv.stop()


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _rebuild(srv, change) -> None:
    mark = len(srv.output)
    change()
    srv.wait_for("Detected file changes", after=mark)
    _wait_built(srv, mark)


def _wait_built(srv, mark):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        tail = "".join(srv.output[mark:])
        # MkDocs logs each distinct message once, so "Documentation built in 1.10 seconds"
        # can be missing; the reload line carries a time stamp and always shows.
        if "Reloading browsers" in tail or "An error happened during the rebuild" in tail:
            return tail
        time.sleep(0.1)
    raise AssertionError(f"no rebuild finished:\n{srv.log}")


def test_serve_rebuilds_on_data_hooks_and_overrides_and_survives_bad_data(server):
    srv, repo = server
    cluster = repo / "data" / "clusters" / "nce-eyde.yml"
    assert "Arendal" in srv.get("clusters/nce-eyde.html")

    # A data change shows up, after one rebuild (no second one when the poll finds it too).
    mark = len(srv.output)
    _rebuild(srv, lambda: _edit(cluster, "city: Arendal", "city: Arendal sentrum"))
    assert "Arendal sentrum" in srv.get("clusters/nce-eyde.html")
    time.sleep(1.5)  # three polls
    assert "".join(srv.output[mark:]).count("Detected file changes") == 1, srv.log
    assert "Arendal sentrum" in srv.get("nb/clusters/nce-eyde.html")  # the Bokmål pages too

    # The web editor is served after each rebuild, and follows a change of the schemas.
    decap = srv.get("admin/vendor/decap-cms/decap-cms.js")
    assert decap == (REPO / "hooks/ncesite/admin/vendor/decap-cms/decap-cms.js").read_text(encoding="utf-8")
    assert "Identifier used in the page address" in srv.get("admin/config.yml")
    _rebuild(srv, lambda: _edit(repo / "data" / "schema" / "partner.schema.json", "Identifier used in the page address",
                                "The identifier used in the page address"))
    assert "The identifier used in the page address" in srv.get("admin/config.yml")
    assert srv.get("admin/vendor/decap-cms/decap-cms.js") == decap

    # A data error is printed with file, line and field, once (not once per language); the last
    # good site stays up.
    mark = len(srv.output)
    _edit(cluster, "  - level: nce\n    from: 2015-06-12", "  - level: nce\n    from: 2015-13-12")
    tail = _wait_built(srv, mark)
    assert "data/clusters/nce-eyde.yml:" in tail and "status[1].from" in tail and "YYYY-MM-DD" in tail
    assert tail.count("status[1].from") == 1, tail
    assert "Traceback" not in tail
    assert "Arendal sentrum" in srv.get("clusters/nce-eyde.html")
    assert srv.process.poll() is None

    # Fixing it brings the site back up to date.
    _rebuild(srv, lambda: _edit(cluster, "from: 2015-13-12", "from: 2015-06-12"))
    assert "Arendal sentrum" in srv.get("clusters/nce-eyde.html")

    # An error on a Bokmål page stops the rebuild with the page named; fixing it brings both back.
    concepts = repo / "docs" / "nb" / "concepts.md"
    good = concepts.read_text(encoding="utf-8")
    mark = len(srv.output)
    concepts.write_text(good + "\n{{ site.no_such_thing.at_all }}\n", encoding="utf-8")
    tail = _wait_built(srv, mark)
    assert "docs/nb/concepts.md" in tail and "An error happened during the rebuild" in tail, tail
    assert srv.process.poll() is None
    _rebuild(srv, lambda: concepts.write_text(good + "\nRettet side.\n", encoding="utf-8"))
    assert "Rettet side." in srv.get("nb/concepts.html")
    assert "Arendal sentrum" in srv.get("clusters/nce-eyde.html")

    # A template change in overrides/ shows up.
    _rebuild(srv, lambda: _edit(repo / "overrides" / "partials" / "nce" / "cluster-page.md",
                                '## {{ _("Status in the programme") }}', "## Status in the programme (edited)"))
    assert "Status in the programme (edited)" in srv.get("clusters/nce-eyde.html")

    # A change to the site's Python code: the preview says to restart it, once, and keeps serving.
    mark = len(srv.output)
    _rebuild(srv, lambda: _edit(repo / "hooks" / "ncesite" / "wording.py",
                                'N_("Name: A to Z")', 'N_("Name: from A to Z")'))
    tail = "".join(srv.output[mark:])
    assert "changed since `mkdocs serve` started" in tail and "start it again" in tail, tail
    assert "Arendal sentrum" in srv.get("clusters/nce-eyde.html")
    mark = len(srv.output)
    _rebuild(srv, lambda: _edit(cluster, "city: Arendal sentrum", "city: Arendal"))
    assert "changed since" not in "".join(srv.output[mark:])


def _children(pid: int) -> list[int]:
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as listing:
            found += [int(child) for child in listing.read().split()]
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the process tree from /proc")
def test_a_killed_server_leaves_no_process_behind(server):
    """The process that builds the Bokmål pages while serving ends with the server, even when the
    server is killed and cannot stop it: else each killed preview leaves a process of 60 MB."""
    srv, _ = server
    srv.wait_for("Documentation built")
    workers = [pid for pid in _children(srv.process.pid)
               if "spawn_main" in open(f"/proc/{pid}/cmdline", encoding="utf-8", errors="replace").read()]
    assert workers, f"no worker process found beside the server:\n{srv.log}"
    srv.process.kill()
    srv.process.wait(timeout=10)
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers), "the worker outlived the killed server"
