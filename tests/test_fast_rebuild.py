"""Quick rebuilds: compiled templates kept across builds, validated data reused while
unchanged, and `--dirty` refused with a clear message instead of a stale preview."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from types import SimpleNamespace

import jinja2
import pytest
from conftest import BUILD_ENV, REPO

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
