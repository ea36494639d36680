"""Quick rebuilds: compiled templates kept across builds, validated data reused while
unchanged, `--dirty` refused with a clear message instead of a stale preview, and the
languages built side by side while serving (the same site, the same errors)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import threading
import time
from types import SimpleNamespace

import jinja2
import pytest
from conftest import BUILD_ENV, IN_PROCESS, REPO
from test_reproducible import differences

from ncesite.template_cache import MemoryBytecodeCache


def test_an_edited_template_is_compiled_again():
    cache = MemoryBytecodeCache()
    sources = {"page.html": "first {{ x }}"}
    for expected in ("first 1", "first 1"):
        env = jinja2.Environment(loader=jinja2.DictLoader(sources), bytecode_cache=cache)
        assert env.get_template("page.html").render(x=1) == expected
    sources["page.html"] = "second {{ x }}"
    env = jinja2.Environment(loader=jinja2.DictLoader(sources), bytecode_cache=cache)
    assert env.get_template("page.html").render(x=1) == "second 1"


def test_environments_that_compile_differently_do_not_share_code():
    cache = MemoryBytecodeCache()
    sources = {"page.html": "{{ x }}"}
    escaping = jinja2.Environment(loader=jinja2.DictLoader(sources), autoescape=True, bytecode_cache=cache)
    plain = jinja2.Environment(loader=jinja2.DictLoader(sources), autoescape=False, bytecode_cache=cache)
    assert escaping.get_template("page.html").render(x="<b>") == "&lt;b&gt;"
    assert plain.get_template("page.html").render(x="<b>") == "<b>"
    again = jinja2.Environment(loader=jinja2.DictLoader(sources), autoescape=True, bytecode_cache=cache)
    assert again.get_template("page.html").render(x="<b>") == "&lt;b&gt;"


@pytest.mark.parametrize("command", ["serve", "build"])
def test_dirty_builds_are_refused_with_a_reason(command, repo_copy):
    result = subprocess.run([sys.executable, "-m", "mkdocs", command, "--dirty", "-f", str(repo_copy / "mkdocs.yml")],
                            cwd=repo_copy, capture_output=True, text=True, env=BUILD_ENV, timeout=120)
    assert result.returncode != 0
    assert f"`mkdocs {command} --dirty` is not supported" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (repo_copy / "site").exists()


def _site_data_hook():
    spec = importlib.util.spec_from_file_location("site_data_hook_under_test", REPO / "hooks" / "site_data.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    return module


def test_validated_data_is_reused_until_a_data_file_changes(repo_copy, monkeypatch):
    hook = _site_data_hook()
    # The package as this session imported it: a fresh import would give other tests new classes.
    monkeypatch.setattr(hook, "_import_package", lambda: None)
    config = SimpleNamespace(config_file_path=str(repo_copy / "mkdocs.yml"))
    hook.on_config(config)
    first = hook.state.data
    hook.on_config(config)
    assert hook.state.data is first  # nothing changed: not read again

    cluster = next(p for p in sorted((repo_copy / "data" / "clusters").glob("*.yml"))
                   if "\ncity: " in p.read_text(encoding="utf-8"))
    text = cluster.read_text(encoding="utf-8")
    cluster.write_text(text.replace("\ncity: ", "\ncity: Edited ", 1), encoding="utf-8")
    stat = cluster.stat()
    os.utime(cluster, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    hook.on_config(config)
    assert hook.state.data is not first
    slug = cluster.stem
    assert next(c for c in hook.state.data.clusters if c.slug == slug).city.startswith("Edited ")


# A build as `mkdocs serve` makes it (its plugins told they serve, the preview's address),
# written to a folder instead of served, so that two of them can be compared file by file.
SERVE_BUILD = """
import logging
import sys
import threading
import time

import click
from mkdocs.commands.build import build
from mkdocs.config import load_config

logging.basicConfig(level=logging.INFO, format="%(levelname)s - %(message)s")
config = load_config(config_file=sys.argv[1], site_dir=sys.argv[2], strict=sys.argv[3] == "strict")
config.plugins.on_startup(command="serve", dirty=False)
config.site_url = "http://127.0.0.1:8000/nce-site/"
try:
    build(config, serve_url=config.site_url)
except click.ClickException as error:  # as the mkdocs command reports it
    error.show()
    sys.exit(1)
"""


def _serve_build(repo, site, *, strict=False, **env):
    if IN_PROCESS:
        pytest.skip("builds with MkDocs; NCE_TESTS_IN_PROCESS=1 runs the in-process tests only")
    return subprocess.run([sys.executable, "-c", SERVE_BUILD, str(repo / "mkdocs.yml"), str(site),
                           "strict" if strict else "lax"],
                          cwd=repo, capture_output=True, text=True, env={**BUILD_ENV, **env}, timeout=300)


def test_languages_built_side_by_side_while_serving_give_the_same_site(tmp_path):
    side_by_side, one_after_the_other = tmp_path / "side-by-side", tmp_path / "in-turn"
    first = _serve_build(REPO, side_by_side)
    assert first.returncode == 0, first.stderr
    assert "Building the Norsk pages" in first.stderr  # the child's messages reach the same output
    second = _serve_build(REPO, one_after_the_other, NCE_FAST_PATHS="0")
    assert second.returncode == 0, second.stderr
    assert (side_by_side / "nb" / "clusters" / "nce-eyde.html").is_file()
    assert (side_by_side / "nb" / "search" / "search_index.json").is_file()
    assert differences(side_by_side, one_after_the_other) == []


@pytest.mark.parametrize("strict", [False, True], ids=["template error", "strict warning"])
def test_a_bokmal_error_while_serving_stops_the_rebuild_with_its_message(strict, repo_copy, tmp_path):
    if strict:  # a broken link: a warning, which stops only a strict build
        page, added, expected = "timeline.md", "\n[finnes ikke](no-such-page.md)\n", "no-such-page.md"
    else:
        page, added, expected = "concepts.md", "\n{{ site.no_such_thing.at_all }}\n", "docs/nb/concepts.md"
    path = repo_copy / "docs" / "nb" / page
    path.write_text(path.read_text(encoding="utf-8") + added, encoding="utf-8")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    result = _serve_build(repo_copy, tmp_path / "site", strict=strict, TMPDIR=str(scratch))
    assert result.returncode != 0, result.stderr
    assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert "Documentation built" not in result.stderr.split("Building the Norsk pages")[0]
    assert not (tmp_path / "site" / "nb").exists()
    assert list(scratch.iterdir()) == [], "the Bokmål scratch folder was left behind"


def _parsed(path, display):
    from ncesite.yamlfile import parse_yaml
    doc, problems = parse_yaml(path, display)
    return (doc.data, doc.value_lines, doc.key_lines, doc.valid) if doc else None, problems


def test_a_data_file_read_again_is_what_a_fresh_parse_gives(monkeypatch, tmp_path):
    from ncesite import yamlfile
    from ncesite.yamlfile import parse_yaml
    # The readings are kept while serving; a build earlier in this process turns that off.
    monkeypatch.setattr(yamlfile, "KEEP_READINGS", True)
    files = sorted(p for p in (REPO / "data").rglob("*.yml"))
    assert len(files) > 50
    for path in files:
        display = path.relative_to(REPO).as_posix()
        parse_yaml(path, display)[0].data["name"] = "changed by the caller"  # a caller's change stays its own
        again = _parsed(path, display)
        with monkeypatch.context() as fresh:
            fresh.setenv("NCE_FAST_PATHS", "0")
            assert again == _parsed(path, display), display
        assert again[0][0].get("name") != "changed by the caller"

    # An edited file is parsed anew; a file with a problem gives the same problem again.
    path = tmp_path / "x.yml"
    path.write_text("name: First\nslug: x\n", encoding="utf-8")
    assert _parsed(path, "data/x.yml")[0][0] == {"name": "First", "slug": "x"}
    path.write_text("name: Second\nslug: x\n", encoding="utf-8")
    assert _parsed(path, "data/x.yml")[0][0] == {"name": "Second", "slug": "x"}
    path.write_text("name: Second\n\tslug: x\n", encoding="utf-8")
    first, again = _parsed(path, "data/x.yml"), _parsed(path, "data/x.yml")
    assert first[0] is None and first == again
    assert [(p.path, p.line) for p in again[1]] == [("data/x.yml", 2)]


def test_a_rebuild_memo_keeps_what_the_last_rebuild_used_and_what_a_child_gave_back():
    from ncesite.rebuild_memo import Memo

    memo = Memo()
    memo.start()
    memo.put("a", 1)
    memo.put("b", 2)
    memo.finish([])
    memo.start()
    assert memo.get("a") == 1 and memo.get("z") is None
    memo.put("c", 3)
    child = Memo()  # a child process forked now: it has the server's kept results
    child.kept = dict(memo.kept)
    child.start()
    assert child.get("b") == 2
    child.put("d", 4)
    memo.finish([child.handed()])
    assert memo.kept == {"a": 1, "c": 3, "b": 2, "d": 4}
    memo.start()
    assert memo.get("d") == 4
    memo.finish([])
    assert memo.kept == {"d": 4}  # what a rebuild did not use is dropped


def test_a_data_file_read_again_with_the_same_bytes_is_not_checked_again(repo_copy, monkeypatch):
    from ncesite import loader, schemas, yamlfile
    monkeypatch.setattr(yamlfile, "KEEP_READINGS", True)  # as while serving
    data_dir = repo_copy / "data"
    loader.load_site_data(data_dir)
    checked = []
    plain_check = schemas.is_valid_fast
    monkeypatch.setattr(schemas, "is_valid_fast", lambda data, kind, where: checked.append(kind) or plain_check(
        data, kind, where))
    loader.load_site_data(data_dir)
    assert checked == []  # every file passed with these very bytes

    cluster = sorted((data_dir / "clusters").glob("*.yml"))[0]
    good = cluster.read_text(encoding="utf-8")
    display = cluster.relative_to(repo_copy).as_posix()
    cluster.write_text(good + "extra_field: x\n", encoding="utf-8")
    for _ in range(2):  # a file that fails is checked in full every time, with its located message
        checked.clear()
        with pytest.raises(loader.DataError) as raised:
            loader.load_site_data(data_dir)
        assert checked == ["cluster"]
        assert [(p.path, p.line, p.field) for p in raised.value.problems] == [
            (display, good.count("\n") + 1, "extra_field")]
    cluster.write_text(good, encoding="utf-8")
    checked.clear()
    loader.load_site_data(data_dir)
    assert checked == ["cluster"]  # read anew (only the last reading of a file is kept) and checked
    checked.clear()
    loader.load_site_data(data_dir)
    assert checked == []


def _fast_rebuild_hook():
    spec = importlib.util.spec_from_file_location("fast_rebuild_hook_under_test", REPO / "hooks" / "fast_rebuild.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _SilentKernel:
    """A kernel observer on a file system that reports nothing (a network mount, say)."""

    def schedule(self, handler, path, **options):
        return object()

    def unschedule(self, watch):
        pass

    def start(self):
        pass

    def stop(self):
        pass

    def join(self, timeout=None):
        pass


def _watch(tmp_path, kernel, action, seconds=1.2):
    """Who told the handler of a change after `action` ran on tmp_path: "kernel" or "poll", each time."""
    from watchdog.observers.polling import PollingObserver

    hook = _fast_rebuild_hook()
    polling = PollingObserver(timeout=0.2)
    watching = hook.KernelAndPolling(polling, kernel)
    heard = []
    # Each observer hands events over in its own thread.
    handler = SimpleNamespace(on_any_event=lambda event: heard.append(
        "poll" if threading.current_thread() is polling else "kernel"))
    watching.schedule(handler, str(tmp_path), recursive=True)
    watching.start()
    try:
        time.sleep(0.5)  # both observers have taken their first look
        action()
        time.sleep(seconds)
    finally:
        watching.stop()
        watching.join()
    return heard


@pytest.mark.skipif(sys.platform != "linux", reason="the kernel's reports are used on Linux only")
def test_a_save_is_heard_at_once_from_the_kernel_and_not_again_from_the_poll(tmp_path):
    from watchdog.observers.inotify import InotifyObserver

    data = tmp_path / "cluster.yml"
    data.write_text("name: A\n")
    heard = _watch(tmp_path, InotifyObserver(), lambda: data.write_text("name: B\n"))
    # The poll (every 0.2 s) found it too, and kept quiet. (Only a poll in the millisecond
    # between the save and the kernel's report could speak first: that is no second report.)
    assert "kernel" in heard and "poll" not in heard[heard.index("kernel"):], heard


@pytest.mark.skipif(sys.platform != "linux", reason="the kernel's reports are used on Linux only")
def test_reading_a_file_is_not_a_change(tmp_path):
    from watchdog.observers.inotify import InotifyObserver

    data = tmp_path / "cluster.yml"
    data.write_text("name: A\n")
    assert _watch(tmp_path, InotifyObserver(), data.read_text, seconds=0.6) == []


def test_where_the_kernel_reports_nothing_the_poll_still_hears_a_save(tmp_path):
    data = tmp_path / "cluster.yml"
    data.write_text("name: A\n")
    heard = _watch(tmp_path, _SilentKernel(), lambda: data.write_text("name: Bee\n"))
    assert set(heard) == {"poll"}, heard
