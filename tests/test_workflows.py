"""The GitHub workflows run only code pinned to one version, publish only from the deploy job,
and Dependabot keeps the pins current."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def _load(path):
    # `on:` is read as True by YAML 1.1; the tests do not need it.
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_by_commit_with_their_version(path):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        found = re.search(r"uses:\s*(\S+)", line)
        if not found or found.group(1).startswith("./"):
            continue
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", found.group(1)), f"{path.name}:{number}: {line.strip()}"
        assert re.search(r"#\s*v\d+(\.\d+)*\s*$", line), f"{path.name}:{number}: the version belongs in a comment"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_container_images_are_pinned_by_digest(path):
    for name, job in _load(path)["jobs"].items():
        image = job.get("container")
        image = image.get("image") if isinstance(image, dict) else image
        assert image is None or re.search(r"@sha256:[0-9a-f]{64}$", image), f"{path.name}: {name}: {image}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_only_the_deploy_job_may_publish(path):
    workflow = _load(path)
    assert workflow.get("permissions") == {"contents": "read"}, path.name
    for name, job in workflow["jobs"].items():
        granted = job.get("permissions") or {}
        writes = {scope for scope, level in granted.items() if level == "write"}
        if path.name == "deploy.yml" and name == "deploy":
            assert writes == {"pages", "id-token"}
        else:
            assert not writes, f"{path.name}: {name} may write {writes}"


def test_dependabot_keeps_actions_and_packages_current():
    config = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    ecosystems = {update["package-ecosystem"] for update in config["updates"]}
    expected = {"github-actions", "pip"} | ({"npm"} if (REPO / "package.json").exists() else set())
    assert expected <= ecosystems
