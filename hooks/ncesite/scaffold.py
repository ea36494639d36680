"""Start a new cluster file from the commented template in data/templates/cluster.yml.

    python -m ncesite new-cluster nce-example-cluster

writes data/clusters/nce-example-cluster.yml with the slug and a suggested name
filled in. Every other required value is left empty, so validation lists what
is still to do, field by field, until the editor has filled it in.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .links import CLUSTERS, page_url
from .schemas import load_schema
from .site_address import from_config

# Words that are written in capitals when a name is suggested from a slug.
_ACRONYMS = {"nce", "gce", "ict", "it", "ai", "r&d", "ntnu", "uib", "uit", "sintef"}


def suggested_name(slug: str) -> str:
    """A first guess at the name from the slug: nce-example-cluster -> NCE Example Cluster."""
    return " ".join(word.upper() if word in _ACRONYMS else word.capitalize() for word in slug.split("-"))


def _slug_pattern(data_dir: Path) -> str:
    return load_schema(data_dir / "schema", "common")["$defs"]["slug"]["pattern"]


def _as_slug(text: str) -> str:
    """What a slug for `text` would look like, to suggest when the given one is not valid."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def _yaml_text(value: str) -> str:
    """`value` as YAML that reads back as the same text."""
    if yaml.safe_load(value) == value and ":" not in value and "#" not in value:
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _fill(template: str, field: str, value: str) -> str:
    text, count = re.subn(rf"^{field}:.*$", f"{field}: {_yaml_text(value)}", template, count=1, flags=re.M)
    if count != 1:
        raise ValueError(f"the template has no `{field}:` line")
    return text


# What a new cluster file says about itself, in place of the template's header, which
# speaks of the template.
NEW_FILE_HEADER = """\
# One cluster of the Norwegian Innovation Clusters programme, started from the template.
#   - fill in every field marked "Required" (validation lists the ones still empty);
#   - uncomment each optional field you have a fact for, and delete the others;
#   - list every page you took a fact from under `sources`;
#   - mark values you inferred or could not confirm under `uncertain`.
# Dates are YYYY-MM-DD, YYYY-MM or YYYY: only as precise as the source.
# Text is shown exactly as written: no Markdown, no HTML.
# Check your work with: .venv/bin/python -m ncesite validate
# Every field is described on the site's Data reference page.
"""


def _own_header(template: str) -> str:
    """The template with its first comment block (after the schema line) replaced by NEW_FILE_HEADER."""
    lines = template.splitlines(keepends=True)
    start = 1 if lines and lines[0].startswith("# yaml-language-server:") else 0
    while start < len(lines) and lines[start].strip() == "#":
        start += 1
    end = start
    while end < len(lines) and lines[end].startswith("#"):
        end += 1
    if end == start or "Template" not in "".join(lines[start:end]):
        return template
    return "".join(lines[:1] if start else []) + NEW_FILE_HEADER + "".join(lines[end:])


def _shown(path: Path) -> str:
    """`path` as the editor would type it: relative to the current folder when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def preview_url(repo: Path, page: str) -> str:
    """Where `mkdocs serve` shows `page`: it serves under the path of site_url in mkdocs.yml."""
    base = "/"
    try:
        site_url = from_config(repo / "mkdocs.yml").site_url
    except OSError:
        site_url = ""
    if site_url:
        base = "/" + urlsplit(site_url).path.strip("/") + "/"
    return f"http://127.0.0.1:8000{base.replace('//', '/')}{page}"


def _fail(message: str) -> int:
    print(f"new-cluster: {message}", file=sys.stderr)
    return 1


def new_cluster(data_dir: Path, slug: str) -> int:
    """Write data/clusters/<slug>.yml from the template. Return 0, or 1 with a message if refused."""
    data_dir = Path(data_dir)
    template_path = data_dir / "templates" / "cluster.yml"
    if not template_path.is_file():
        return _fail(f"the template {_shown(template_path)} is missing; restore it from the repository")
    if not re.fullmatch(_slug_pattern(data_dir), slug):
        better = _as_slug(slug)
        hint = f" such as {better}" if better and better != slug else " such as nce-example-cluster"
        return _fail(f"'{slug}' is not a valid slug; use lower-case letters, digits and single hyphens,{hint}")
    target = data_dir / "clusters" / f"{slug}.yml"
    if target.exists():
        return _fail(f"{_shown(target)} already exists; edit that file, or choose another slug")
    clashes = sorted(p.name for p in (data_dir / "clusters").glob(f"{slug}.*") if p.is_file())
    if clashes:
        return _fail(f"data/clusters/{clashes[0]} already exists for this slug; rename it to {slug}.yml "
                     "instead of starting a new file")

    name = suggested_name(slug)
    text = _fill(_fill(_own_header(template_path.read_text(encoding="utf-8")), "slug", slug), "name", name)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)

    shown = _shown(target)
    page = preview_url(data_dir.resolve().parent, page_url(CLUSTERS, slug))
    print(f"Created {shown}\n"
          f"\n"
          f"Next steps:\n"
          f"  1. Open {shown} in your editor. Check the suggested name\n"
          f"     ({name}), fill in every field marked \"Required\", uncomment the\n"
          f"     optional fields you have facts for and delete the rest.\n"
          f"  2. Check the data; it lists every required field that is still empty:\n"
          f"       .venv/bin/python -m ncesite validate\n"
          f"  3. Preview the site and open the new page:\n"
          f"       .venv/bin/mkdocs serve\n"
          f"       {page}\n"
          f"  4. Open a pull request; see CONTRIBUTING.md.")
    return 0
