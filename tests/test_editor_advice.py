"""Advice in problem messages that an editor can follow without making things worse."""

from __future__ import annotations

import subprocess
import sys

from conftest import BUILD_ENV, validate


def _edit(repo, name: str, old: str, new: str) -> int:
    """Replace the first line equal to `old` in data/clusters/`name`; return its 1-based number."""
    path = repo / "data" / "clusters" / name
    lines = path.read_text(encoding="utf-8").splitlines()
    at = lines.index(old)
    lines[at] = new
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return at + 1


def test_a_level_in_the_wrong_case_suggests_the_right_one(repo_copy):
    line = _edit(repo_copy, "nce-media.yml", "  - level: nce", "  - level: NCE")
    result = validate(repo_copy)
    assert result.returncode == 1
    assert f"data/clusters/nce-media.yml:{line}: status[1].level: 'NCE' is not allowed (did you mean 'nce'?)" \
        in result.stderr


def test_a_slug_that_names_another_file_is_not_fixed_by_renaming(repo_copy):
    line = _edit(repo_copy, "nce-media.yml", "slug: nce-media", "slug: nce-eyde")
    result = validate(repo_copy)
    assert result.returncode == 1
    message = next(m for m in result.stderr.splitlines() if m.startswith(f"data/clusters/nce-media.yml:{line}: slug:"))
    assert "expected 'nce-media'" in message
    assert "rename the file" not in message
    assert "change the slug" in message


def test_a_slug_that_names_no_file_may_be_fixed_either_way(repo_copy):
    line = _edit(repo_copy, "nce-media.yml", "slug: nce-media", "slug: nce-media-cluster")
    result = validate(repo_copy)
    assert f"data/clusters/nce-media.yml:{line}: slug: 'nce-media-cluster' differs from the file name; " \
           "expected 'nce-media' (or rename the file to nce-media-cluster.yml)" in result.stderr


def test_a_new_cluster_file_does_not_call_itself_the_template(repo_copy):
    result = subprocess.run([sys.executable, "-m", "ncesite", "new-cluster", "nce-advice-test",
                             "--data", str(repo_copy / "data")],
                            cwd=repo_copy, capture_output=True, text=True, env=BUILD_ENV, timeout=120)
    assert result.returncode == 0, result.stderr
    text = (repo_copy / "data" / "clusters" / "nce-advice-test.yml").read_text(encoding="utf-8")
    template = (repo_copy / "data" / "templates" / "cluster.yml").read_text(encoding="utf-8")
    assert "Template for one cluster" in template
    assert "Template" not in text and "template" in text.splitlines()[1]
    assert text.startswith("# yaml-language-server: $schema=../schema/cluster.schema.json\n")
    # Everything from the first field on is the template's, with the slug filled in.
    body = template[template.index("# Required. Identifier"):]
    assert text.endswith(body.replace("slug: my-cluster", "slug: nce-advice-test").replace(
        "name: My Cluster", "name: NCE Advice Test"))
