"""What a change does to the data, in words, for the reviewer of a pull request.

    python -m ncesite changes BASE

compares the data at the git revision BASE with the working tree and writes a Markdown
summary: clusters (and partners) added and removed, and for each changed file each field
with its old and new value ("members: 41 → 55 (as of 2024)", "status: NCE from
2018-11-08 added"), with links to the changed pages on the published site. In GitHub
Actions it is also added to the job's summary ($GITHUB_STEP_SUMMARY), so a reviewer reads
the change without downloading anything.

Each side is read with the loader's own YAML reader (yamlfile: the same rules as the
build) and checked with the loader; a side with problems is still summarised, with a note,
since `validate` reports its problems on their lines.
"""

from __future__ import annotations

import difflib
import html
import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import i18n
from .gitdates import git_command
from .links import CLUSTERS, PARTNERS, page_url
from .loader import load_site_data
from .problems import DataError
from .schemas import load_all_schemas
from .yamlfile import parse_yaml

SHORT = 70  # longer texts are shortened to this many characters in the summary
# The kinds of data file: (kind, folder in data/, folder of their pages, heading word).
KINDS = (("cluster", "clusters", CLUSTERS, "Clusters"), ("partner", "partners", PARTNERS, "Partners"))
PROGRAMME_PAGE = "programme.html"
LANGUAGE_NAMES = {"en": "English", "nb": "Bokmål"}


class GitError(Exception):
    """A git command failed, such as an unknown revision."""


# ------------------------------------------------------------------ reading both sides

@dataclass
class Side:
    """The data files of one side, by path relative to data/ (clusters/x.yml), as plain values."""

    files: dict[str, dict] = field(default_factory=dict)
    problems: int = 0  # problems the loader found (0: valid)

    def level_names(self) -> dict[str, str]:
        levels = (self.files.get("programme.yml") or {}).get("levels") or []
        return {level.get("id"): _text(level.get("name"), "en") or str(level.get("id"))
                for level in levels if isinstance(level, dict)}


def _git(repo: Path, *args: str) -> bytes:
    result = subprocess.run(git_command(repo, *args), capture_output=True)
    if result.returncode != 0:
        raise GitError(result.stderr.decode("utf-8", "replace").strip() or f"git {' '.join(args)} failed")
    return result.stdout


def read_side(data_dir: Path) -> Side:
    side = Side()
    for path in sorted(data_dir.rglob("*.yml")):
        relative = path.relative_to(data_dir).as_posix()
        if relative.startswith(("schema/", "templates/")):
            continue
        doc, _ = parse_yaml(path, f"{data_dir.name}/{relative}")
        if doc is not None and isinstance(doc.data, dict):
            side.files[relative] = doc.data
    try:
        load_site_data(data_dir)
    except DataError as error:
        side.problems = len(error.problems)
    return side


def data_at(revision: str, data_dir: Path, target: Path) -> Path:
    """Write the data folder as it was at `revision` under `target`; return its path there."""
    repo = Path(_git(data_dir, "rev-parse", "--show-toplevel").decode().strip())
    folder = data_dir.resolve().relative_to(repo.resolve()).as_posix()
    names = _git(repo, "ls-tree", "-r", "-z", "--name-only", revision, "--", folder).decode().split("\0")
    out = target / Path(folder).name
    out.mkdir(parents=True)
    for name in filter(None, names):
        destination = out / Path(name).relative_to(folder)
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(_git(repo, "show", f"{revision}:{name}"))
    return out


# ------------------------------------------------------------------ words for values

def _escape(text: str) -> str:
    """Text from the data, one line, for Markdown: shown as written, never markup."""
    text = html.escape(" ".join(str(text).split()), quote=False)
    return re.sub(r"([\\`*_\[\]|~])", r"\\\1", text)


def _short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= SHORT else text[: SHORT - 1].rstrip() + "…"


def _is_prose(value) -> bool:
    return isinstance(value, dict) and bool(value) and set(value) <= {"en", "nb"}


def _text(value, language: str = "en") -> str | None:
    """The text in `language` of a prose value (a plain text is English)."""
    if isinstance(value, str):
        return value if language == "en" else None
    if _is_prose(value):
        return value.get(language)
    return None


def _show(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if _is_prose(value):
        return f"“{_short(value.get('en') or value.get('nb') or '')}”"
    if isinstance(value, str):
        return _short(value)
    if isinstance(value, list):
        return ", ".join(_show(item) for item in value)
    if isinstance(value, dict):
        return _short("; ".join(f"{key} {_show(item)}" for key, item in value.items()))
    return str(value)


def _count(entry: dict) -> str:
    """A member count as the cluster page gives it: about 40 companies."""
    words = [str(entry.get("qualifier") or ""), str(entry.get("count", "?"))]
    if entry.get("unit") and entry.get("unit") != "members":
        words.append(str(entry["unit"]))
    return " ".join(word for word in words if word)


# How an item of a list is named in the summary, by the list's field name: the words and
# the fields they show. Other lists' items are named by their first identifying values.
_IDENTIFYING = ("id", "name", "level", "date", "from", "year", "field", "url", "title", "term", "item", "text")


def _item(field_name: str, item, levels: dict[str, str]) -> tuple[str, tuple[str, ...]]:
    if not isinstance(item, dict):
        return _show(item), ()
    if field_name == "status":
        words = f"{levels.get(item.get('level'), item.get('level'))} from {item.get('from')}"
        return words + (f" to {item['to']}" if item.get("to") else ""), ("level", "from", "to")
    if field_name == "members":
        return f"{_count(item)} (as of {item.get('as_of')})", ("count", "as_of", "qualifier", "unit")
    if field_name == "uncertain":
        return f"{item.get('field')} ({item.get('confidence')})", ("field", "confidence")
    if field_name in ("sources", "links"):
        return _show(item.get("url")), ("url",)
    if field_name in ("milestones", "history"):
        key = "title" if item.get("title") else "text"
        return f"{item.get('date')}: {_show(item.get(key))}", ("date", key)
    keys = tuple(key for key in _IDENTIFYING if item.get(key) not in (None, ""))[:2]
    return (" ".join(_show(item[key]) for key in keys), keys) if keys else (_show(item), tuple(item))


def _named(field_name: str, item, levels: dict[str, str]) -> str:
    return _item(field_name, item, levels)[0]


def _aligned(old: list, new: list) -> list[tuple[str, object, object]]:
    """The items of two lists as added, removed and changed (same place, other value)."""
    keys = [json.dumps(item, sort_keys=True, ensure_ascii=False, default=str) for item in old]
    new_keys = [json.dumps(item, sort_keys=True, ensure_ascii=False, default=str) for item in new]
    ops = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, keys, new_keys, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        ops += [("changed", old[i1 + k], new[j1 + k]) for k in range(pairs)]
        ops += [("removed", item, None) for item in old[i1 + pairs: i2]]
        ops += [("added", None, item) for item in new[j1 + pairs: j2]]
    return ops


def field_changes(name: str, old, new, levels: dict[str, str]) -> list[str]:
    """What changed in one field, one line each ("city: Ålesund → Molde")."""
    if old == new:
        return []
    if _is_prose(old) or _is_prose(new) or (isinstance(old, str) and isinstance(new, str) and "\n" in old + new):
        lines = []
        for code, language in LANGUAGE_NAMES.items():
            before, after = _text(old, code), _text(new, code)
            if before == after:
                continue
            where = f"{name}, {language}"
            if before is None:
                lines.append(f"{where}: “{_short(after)}” added")
            elif after is None:
                lines.append(f"{where}: “{_short(before)}” removed")
            else:
                lines.append(f"{where}: “{_short(before)}” → “{_short(after)}”")
        return lines
    if old is None or old == [] or old == {}:
        return [f"{name}: {_items(name, new, levels)} added"]
    if new is None or new == [] or new == {}:
        return [f"{name}: {_items(name, old, levels)} removed"]
    if isinstance(old, list) and isinstance(new, list):
        return _list_changes(name, old, new, levels)
    if isinstance(old, dict) and isinstance(new, dict):
        return [line for key in _ordered_keys(old, new)
                for line in field_changes(f"{name}.{key}", old.get(key), new.get(key), levels)]
    return [f"{name}: {_show(old)} → {_show(new)}"]


def _items(name: str, value, levels: dict[str, str]) -> str:
    if isinstance(value, list):
        return ", ".join(_named(name, item, levels) for item in value)
    return _show(value)


def _list_changes(name: str, old: list, new: list, levels: dict[str, str]) -> list[str]:
    lines, skip = [], None
    if name == "members" and isinstance(old[-1], dict) and isinstance(new[-1], dict) and old[-1] != new[-1]:
        # The newest count is the cluster's size: say how it changes, then any other change.
        lines.append(f"{name}: {_count(old[-1])} → {_count(new[-1])} (as of {new[-1].get('as_of')})")
        skip = new[-1]
    for change, before, after in _aligned(old, new):
        if skip is not None and after is skip:
            continue
        if change == "added":
            lines.append(f"{name}: {_named(name, after, levels)} added")
        elif change == "removed":
            lines.append(f"{name}: {_named(name, before, levels)} removed")
        elif not (isinstance(before, dict) and isinstance(after, dict)):
            lines.append(f"{name}: {_named(name, before, levels)} → {_named(name, after, levels)}")
        else:
            # The item's name if that changed, then each other field that changed in it.
            (was, shown), (now, _) = _item(name, before, levels), _item(name, after, levels)
            if was != now:
                lines.append(f"{name}: {was} → {now}")
            for key in _ordered_keys(before, after):
                if was == now or key not in shown:
                    lines += [f"{name}, {was}: {line}"
                              for line in field_changes(key, before.get(key), after.get(key), levels)]
    return lines


def _ordered_keys(old: dict, new: dict, order: list[str] = ()) -> list[str]:
    keys = [key for key in order if key in old or key in new]
    return keys + [key for key in list(old) + [k for k in new if k not in old] if key not in keys]


# ------------------------------------------------------------------ the summary

def _pages(site_url: str, folder: str | None, slug: str | None) -> tuple[str, str]:
    """The English and Bokmål address of a page: a cluster's, a partner's or the programme's."""
    path = page_url(folder, slug) if folder else PROGRAMME_PAGE
    other = i18n.LANGUAGES[1].prefix
    return site_url + path, site_url + other + path


def _heading(name: str, path: str, site_url: str, folder: str | None, slug: str | None, level: str = "####") -> str:
    english, bokmal = _pages(site_url, folder, slug)
    return f"{level} [{_escape(name)}]({english}) ([Bokmål]({bokmal})) · `data/{path}`"


def summary(base: Side, head: Side, site_url: str, schemas: dict[str, dict] | None = None) -> str:
    """The Markdown summary of what changed from `base` to `head`."""
    site_url = site_url if site_url.endswith("/") or not site_url else site_url + "/"
    levels = {**base.level_names(), **head.level_names()}
    order = {kind: list((schemas or {}).get(f"{kind}.schema.json", {}).get("properties", {}))
             for kind in ("cluster", "partner", "programme")}
    out = ["## Data changes", ""]
    counts = []
    sections = []
    for kind, folder, pages, heading in KINDS:
        prefix = f"{folder}/"
        before = {p: v for p, v in base.files.items() if p.startswith(prefix)}
        after = {p: v for p, v in head.files.items() if p.startswith(prefix)}
        added = sorted(set(after) - set(before))
        removed = sorted(set(before) - set(after))
        changed = sorted(p for p in set(before) & set(after) if before[p] != after[p])
        told = [f"{number} {word}" for number, word in ((len(changed), "changed"), (len(added), "added"),
                                                         (len(removed), "removed")) if number]
        if told:
            counts.append(f"{heading}: {', '.join(told)}.")
        if added:
            sections += [f"### {heading} added", ""]
            for path in added:
                slug = Path(path).stem
                english, bokmal = _pages(site_url, pages, slug)
                name = _escape(after[path].get("name") or slug)
                sections.append(f"- [{name}]({english}) ([Bokmål]({bokmal})) · `data/{path}`")
            sections.append("")
        if removed:
            sections += [f"### {heading} removed", ""]
            sections += [f"- {_escape(before[path].get('name') or Path(path).stem)} · `data/{path}`" for path in removed]
            sections.append("")
        if changed:
            sections += [f"### {heading} changed", ""]
            for path in changed:
                slug = Path(path).stem
                sections += [_heading(after[path].get("name") or slug, path, site_url, pages, slug), ""]
                sections += [f"- {_escape(line)}" for key in _ordered_keys(before[path], after[path], order[kind])
                             for line in field_changes(key, before[path].get(key), after[path].get(key), levels)]
                sections.append("")
    old, new = base.files.get("programme.yml"), head.files.get("programme.yml")
    if old != new:
        counts.append("Programme: changed.")
        sections += ["### Programme changed", "", _heading((new or old or {}).get("name") or "Programme",
                                                            "programme.yml", site_url, None, None), ""]
        sections += [f"- {_escape(line)}" for key in _ordered_keys(old or {}, new or {}, order["programme"])
                     for line in field_changes(key, (old or {}).get(key), (new or {}).get(key), levels)]
        sections.append("")
    out.append(" ".join(counts) if counts else "No change to the data.")
    if head.problems:
        noun = "problem" if head.problems == 1 else "problems"
        out += ["", f"The changed data has {head.problems} {noun}: the data check shows each on its line."]
    out.append("")
    return "\n".join(out + sections).rstrip("\n") + "\n"


def changes(revision: str, data_dir: Path, site_url: str) -> str:
    """The summary of the data's changes from `revision` to the working tree."""
    scratch = Path(tempfile.mkdtemp(prefix="nce-changes-"))  # private to this user (mode 0700)
    try:
        base_dir = data_at(revision, data_dir, scratch)
        schemas = load_all_schemas(data_dir / "schema") if (data_dir / "schema").is_dir() else None
        return summary(read_side(base_dir), read_side(data_dir), site_url, schemas)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
