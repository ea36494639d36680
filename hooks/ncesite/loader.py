"""The one loader: data/ YAML files -> validated plain objects (model.SiteData).

Every problem in every file is collected before anything is built, so an editor
sees all of them at once; DataError carries them.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
import types
import typing
from functools import cache
from pathlib import Path

from . import model as m
from .problems import DataError, Problem, field_path, show
from .schemas import date_fields, follows_schemas, iter_fields, load_all_schemas, prose_fields, refresh, validate_document
from .yamlfile import YamlDocument, parse_yaml


class _Checker:
    """Collects problems for one document while reading values from it."""

    def __init__(self, doc: YamlDocument, problems: list[Problem]):
        self.doc = doc
        self.problems = problems

    def report(self, parts, message: str, *, key: bool = False) -> None:
        self.problems.append(Problem(self.doc.display_path, self.doc.line_of(parts, key=key),
                                     field_path(parts), message))


def _paths(data, pattern: str, prefix=()):
    """Yield (parts, value) for every value matching a pattern like status.*.from."""
    head, _, rest = pattern.partition(".")
    if head == "*":
        items = enumerate(data) if isinstance(data, list) else ()
    else:
        items = [(head, data[head])] if isinstance(data, dict) and head in data else []
    for key, value in items:
        if rest:
            yield from _paths(value, rest, prefix + (key,))
        else:
            yield prefix + (key,), value


_DATE_SHAPE = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")


def _date_mistake(text: str) -> str | None:
    """Why a date written as YYYY-MM(-DD) names no real day, or None if it does."""
    year, month, day = ([int(p) for p in text.split("-")] + [None, None])[:3]
    if month is not None and not 1 <= month <= 12:
        return f"there is no month {month}"
    if day is not None:
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            return f"{m.MONTHS[month - 1]} {year} has {days} days"
    return None


def _check_dates(check: _Checker, kind: str, schema_dir: Path) -> None:
    """Dates of the right shape that name no real day (the schema checks the shape)."""
    for pattern in _date_fields(schema_dir, kind):
        for parts, value in _paths(check.doc.data, pattern):
            if isinstance(value, str) and _DATE_SHAPE.match(value) and (mistake := _date_mistake(value)):
                check.report(parts, f"{show(value)} is not a real date: {mistake}; expected a date "
                             "as YYYY-MM-DD, YYYY-MM or YYYY")


def _exists(data, path: str) -> bool:
    current = data
    for token in path.replace("[", ".[").split("."):
        if token.startswith("["):
            index = int(token[1:-1])
            if not isinstance(current, list) or index >= len(current):
                return False
            current = current[index]
        else:
            if not isinstance(current, dict) or token not in current:
                return False
            current = current[token]
    return True


_FIELD_PATH = re.compile(r"^[a-z_]+(\[[0-9]+\])?(\.[a-z_]+(\[[0-9]+\])?)*$")


def _check_uncertain(check: _Checker) -> None:
    items = check.doc.data.get("uncertain")
    for index, item in enumerate(items if isinstance(items, list) else ()):
        target = item.get("field") if isinstance(item, dict) else None
        if not isinstance(target, str) or not _FIELD_PATH.match(target):
            continue  # not a path at all: the schema reports it
        if target != "uncertain" and not _exists(check.doc.data, target):
            check.report(("uncertain", index, "field"),
                         f"{show(target)} names no value in this file; expected the path of a field "
                         "that is present, such as city or status[1].from")


def _check_status(check: _Checker, level_ids: set[str], level_ends: dict[str, m.PartialDate]) -> None:
    periods = check.doc.data.get("status")
    previous = None
    for index, period in enumerate(periods if isinstance(periods, list) else ()):
        here = ("status", index)
        if not isinstance(period, dict):
            previous = None
            continue  # already reported by the schema
        if isinstance(period.get("level"), str) and period.get("level") not in level_ids and level_ids:
            check.report(here + ("level",), f"{show(period.get('level'))} is not a level in data/programme.yml; "
                         f"expected one of: {', '.join(sorted(level_ids))}")
        try:
            start = m.PartialDate.parse(_date_text(period.get("from")))
            end = m.PartialDate.parse(_date_text(period["to"])) if "to" in period else None
        except ValueError:
            previous = None
            continue  # already reported as a bad date
        if end and end.last_day < start.first_day:
            check.report(here + ("to",), f"the period ends ({end.iso}) before it begins ({start.iso}); "
                         "expected an end on or after the start")
        level_end = level_ends.get(period["level"]) if isinstance(period.get("level"), str) else None
        if level_end and start.first_day > level_end.last_day:
            check.report(here + ("from",), f"{start.iso} is after {period['level']} stopped being a funded level "
                         f"({level_end.iso} in data/programme.yml); expected a start on or before {level_end.iso}")
        if previous:
            prev_index, prev_start, prev_end = previous
            if start.last_day < prev_start.first_day:
                check.report(here + ("from",), f"{start.iso} comes before the previous period's start "
                             f"({prev_start.iso}); expected periods oldest first")
            elif prev_end and prev_end.first_day > start.last_day:
                check.report(here + ("from",), f"{start.iso} overlaps the previous period, which runs to "
                             f"{prev_end.iso}; expected periods that do not overlap")
        previous = (index, start, end)


def _check_coverage(check: _Checker, pdata: dict) -> None:
    """Coverage periods oldest first, each beginning the day after the previous one ends, and
    the as-of date inside one of them (so every year up to it has a known coverage or none)."""
    periods = [(i, m.PartialDate.parse(p["from"]), m.PartialDate.parse(p["to"])) for i, p in enumerate(pdata["coverage"])]
    for index, start, end in periods:
        if end.last_day < start.first_day:
            check.report(("coverage", index, "to"), f"the period ends ({end.iso}) before it begins ({start.iso}); "
                         "expected an end on or after the start")
    for (_, _, before), (index, start, _) in zip(periods, periods[1:]):
        day_after = before.last_day + dt.timedelta(days=1)
        if start.first_day != day_after:
            check.report(("coverage", index, "from"), f"{start.iso} does not follow the previous period, which ends "
                         f"{before.iso}; expected the day after it ({day_after.isoformat()}), with no gap and no "
                         "overlap (write a period with completeness: unknown for a gap)")
    as_of = m.PartialDate.parse(pdata["as_of"])
    if not any(start.first_day <= as_of.last_day <= end.last_day for _, start, end in periods):
        check.report(("as_of",), f"{as_of.iso} falls in no coverage period; expected an as-of date that one of the "
                     "periods under coverage includes")


def _date_text(value) -> str:
    """A date value as text, refusing values that are no date at all (None, lists, true)."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueError(repr(value))
    return str(value)


# --- validated values -> model objects, field by field from the dataclasses ----------------------

_MISSING = object()


def _lookup(data, path: str):
    """The value at a dotted YAML path such as coordinates.lat, or _MISSING."""
    for part in path.split("."):
        if not isinstance(data, dict) or part not in data:
            return _MISSING
        data = data[part]
    return data


def _converter(hint):
    """A function (value, table, tables) -> the value as the type `hint` declares; worked
    out once per field, since a build converts thousands of values."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        hint = next(arg for arg in typing.get_args(hint) if arg is not type(None))
    if typing.get_origin(hint) is tuple:
        item = _converter(typing.get_args(hint)[0])
        return lambda value, table, tables: tuple(item(x, table, tables) for x in value or ())
    if hint is m.PartialDate:
        return lambda value, table, tables: table[value] if table is not None else m.PartialDate.parse(value)
    if hint is m.Text:
        return lambda value, table, tables: _text(value)
    if dataclasses.is_dataclass(hint):
        return lambda value, table, tables: table[value] if table is not None else build(hint, value, tables)
    return lambda value, table, tables: (table[value] if table is not None
                                         else value.strip() if isinstance(value, str) else value)


@cache
def _plan(cls) -> tuple[tuple, frozenset[str]]:
    """For each field of a model class: its name, YAML path, id table and converter;
    and the top-level YAML keys the fields declare."""
    hints = typing.get_type_hints(cls, vars(m))
    steps, declared = [], set()
    for f in dataclasses.fields(cls):
        path = f.metadata.get("key", f.name)
        declared.add(path.split(".")[0])
        if path != "-":
            steps.append((f.name, path, f.metadata.get("ref"), _converter(hints[f.name])))
    return tuple(steps), frozenset(declared)


def build(cls, data: dict, tables: dict[str, dict] | None = None, more_fields=(), **given):
    """A model object from validated `data`: each dataclass field from the YAML key of
    the same name (or the key its metadata names), converted to the field's type.
    Ids are resolved in `tables`; `more_fields` (schema properties no field declares)
    are kept in `more`; `given` supplies what does not come from the YAML."""
    values = dict(given)
    steps, declared = _plan(cls)
    for name, path, ref, convert in steps:
        if name in values:
            continue
        raw = data.get(path, _MISSING) if "." not in path else _lookup(data, path)
        if raw is _MISSING or raw is None:
            continue  # the dataclass default stands for a field left out
        values[name] = convert(raw, tables[ref] if ref else None, tables)
    extra = {info.path: _plain(info, data.get(info.path)) for info in more_fields if info.path not in declared}
    if extra:
        values["more"] = types.MappingProxyType(extra)
    return cls(**values)


def _text(value) -> m.Text:
    """A prose value, a string (English only) or {en: ..., nb: ...}, as a Text."""
    if isinstance(value, dict):
        nb = value.get("nb")
        return m.Text(value["en"].strip(), nb.strip() if isinstance(nb, str) else None)
    return m.Text(str(value).strip())


def _plain(info, value):
    """A value of a field only the schema declares: dates parsed, prose as Text, lists as tuples,
    text stripped."""
    if value is None:
        return None
    if info.is_date:
        return m.PartialDate.parse(value)
    if info.is_prose:
        return _text(value)
    if isinstance(value, list):
        return tuple(_text(item) for item in value) if info.holds_prose else tuple(value)
    return value.strip() if isinstance(value, str) else value


@follows_schemas
def _top_fields(schema_dir: Path, kind: str) -> tuple:
    """The top-level properties of a kind's schema, in schema order."""
    return tuple(info for info in iter_fields(load_all_schemas(schema_dir), kind) if "." not in info.path
                 and "[]" not in info.path)


@follows_schemas
def _date_fields(schema_dir: Path, kind: str) -> tuple[str, ...]:
    return date_fields(load_all_schemas(schema_dir), kind)


@follows_schemas
def _prose_fields(schema_dir: Path, kind: str) -> tuple[str, ...]:
    return prose_fields(load_all_schemas(schema_dir), kind)


def _build_cluster(doc: YamlDocument, levels: dict[str, m.Level], schema_dir: Path) -> m.Cluster:
    cluster = build(m.Cluster, doc.data, {"level": levels}, _top_fields(schema_dir, "cluster"),
                    data_path=doc.display_path)
    periods = cluster.status
    # Each period learns where the next begins; the model decides from that where it ends.
    status = tuple(dataclasses.replace(p, next_start=periods[i + 1].start) if i + 1 < len(periods) else p
                   for i, p in enumerate(periods))
    return dataclasses.replace(cluster, status=status)


def _build_registry(data: dict, levels: tuple[m.Level, ...]) -> m.LevelRegistry:
    """The level registry: the levels in programme.yml's order, then the standings outside them."""
    def named(level: m.Level, joint: str) -> m.Text | None:  # None: the singular or plural name alone
        return m.Text.join((level.name, level.full_name), joint) if level.full_name else None

    inside = tuple(m.Standing(level.id, level.name, level.name, level.other or level.name, level.marker, level.texture,
                              level, named(level, ": "), named(level, " – ")) for level in levels)
    return m.LevelRegistry(inside + tuple(build(m.Standing, item) for item in data["standings"]["outside"]))


def _build_programme(doc: YamlDocument, partners: dict[str, m.Partner], schema_dir: Path) -> m.Programme:
    levels = tuple(build(m.Level, x) for x in doc.data["levels"])
    tables = {"partner": partners, "level": {level.id: level for level in levels}}
    return build(m.Programme, doc.data, tables, _top_fields(schema_dir, "programme"), levels=levels,
                 registry=_build_registry(doc.data, levels), data_path=doc.display_path)


def _read(path: Path, root: Path, kind: str, schema_dir: Path, problems: list[Problem]) -> YamlDocument | None:
    display = path.relative_to(root).as_posix()
    doc, parse_problems = parse_yaml(path, display)
    problems.extend(parse_problems)
    if doc is None:
        return None
    # A file whose values YAML read but no editor meant (hidden characters, .nan) is checked
    # against its schema too, so every problem of the file is reported in one run.
    schema_problems = parse_problems + validate_document(doc, kind, schema_dir)
    more: list[Problem] = []
    check = _Checker(doc, more)
    _check_dates(check, kind, schema_dir)
    _check_uncertain(check)
    if kind != "programme":
        slug = doc.data.get("slug")
        if isinstance(slug, str) and slug != path.stem:
            # Only a well-formed slug can name another data file (and only such a name is safe to look up).
            taken = bool(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)) and len(slug) < 200 \
                and (path.parent / f"{slug}.yml").exists()
            advice = (f"(another file, {slug}.yml, already has that name, so change the slug, not the file name)"
                      if taken else f"(or rename the file to {slug}.yml)")
            check.report(("slug",), f"{show(slug)} differs from the file name; expected '{path.stem}' {advice}")
    problems.extend(schema_problems[len(parse_problems):] + _new_fields(more, schema_problems))
    doc.valid = not schema_problems and not more
    return doc


def _missing_bokmal(doc: YamlDocument, kind: str, schema_dir: Path) -> list[Problem]:
    """Warnings, not errors: each prose value written in English only. The Bokmål page
    shows the English text, marked, so a cluster can still be added in one language."""
    found = []
    for pattern in _prose_fields(schema_dir, kind):
        for parts, value in _paths(doc.data, pattern):
            if isinstance(value, str) or (isinstance(value, dict) and "nb" not in value):
                found.append(Problem(doc.display_path, doc.line_of(parts, key=isinstance(value, dict)),
                                     field_path(parts), "no Bokmål text"))
    return found


def _new_fields(extra: list[Problem], known: list[Problem]) -> list[Problem]:
    """The problems in `extra` about fields that `known` says nothing about: one message per field."""
    taken = {(p.path, p.field) for p in known}
    return [p for p in extra if (p.path, p.field) not in taken]


def _check_unique(docs: list[YamlDocument], field: str, problems: list[Problem]) -> None:
    """Report a value that several files share in each of those files, naming the others."""
    groups: dict[str, list[YamlDocument]] = {}
    for doc in docs:
        value = doc.data.get(field)
        if isinstance(value, str) and value.strip():
            groups.setdefault(" ".join(value.casefold().split()), []).append(doc)
    for group in groups.values():
        for doc in group if len(group) > 1 else ():
            others = ", ".join(f"{o.display_path}:{o.line_of((field,))}" for o in group if o is not doc)
            problems.append(Problem(doc.display_path, doc.line_of((field,)), field,
                                    f"{show(doc.data[field])} is also used by {others}; expected a unique "
                                    f"{field.replace('_', ' ')} for each file"))


def _data_files(folder: Path, root: Path, problems: list[Problem]) -> list[Path]:
    """The .yml files in `folder`; any other file there is reported, as it would be ignored."""
    found = []
    for path in sorted(folder.iterdir()) if folder.is_dir() else ():
        if path.name.startswith(".") or path.name.endswith("~") or path.is_dir():
            continue  # hidden files, editor backups and folders are not data
        if path.suffix == ".yml":
            found.append(path)
        else:
            name = path.name.split(".")[0] if "." in path.name else path.name
            problems.append(Problem(path.relative_to(root).as_posix(), 0, "",
                                    f"this file is not read because its name does not end in .yml; "
                                    f"rename it to {name}.yml"))
    return found


def load_site_data(data_dir: Path) -> m.SiteData:
    """Read and validate everything in `data_dir`; raise DataError listing every problem."""
    data_dir = Path(data_dir)
    root = data_dir.parent
    schema_dir = data_dir / "schema"
    refresh(schema_dir)  # a schema changed while serving: what was worked out from it is forgotten
    problems: list[Problem] = []

    programme_path = data_dir / "programme.yml"
    if not programme_path.exists():
        raise DataError([Problem(f"{data_dir.name}/programme.yml", 0, "", "the file is missing; expected the programme data")])
    programme_doc = _read(programme_path, root, "programme", schema_dir, problems)
    if programme_doc and not programme_doc.valid:
        programme_doc = None
    partner_paths = _data_files(data_dir / "partners", root, problems)
    partner_docs = [doc for path in partner_paths if (doc := _read(path, root, "partner", schema_dir, problems))]
    cluster_paths = _data_files(data_dir / "clusters", root, problems)
    cluster_docs = [doc for path in cluster_paths if (doc := _read(path, root, "cluster", schema_dir, problems))]

    level_ids: set[str] = set()
    level_ends: dict[str, m.PartialDate] = {}
    if programme_doc:
        check = _Checker(programme_doc, problems)
        pdata = programme_doc.data
        level_ids = {level["id"] for level in pdata["levels"]}
        level_ends = {level["id"]: m.PartialDate.parse(level["to"]) for level in pdata["levels"] if "to" in level}
        for index, level in enumerate(pdata["levels"]):
            if [lv["id"] for lv in pdata["levels"]].index(level["id"]) != index:
                check.report(("levels", index, "id"), f"{show(level['id'])} is given twice; expected unique level ids")
        all_partner_files = {p.stem for p in partner_paths}
        for index, slug in enumerate(pdata["owners"]):
            if slug not in all_partner_files:
                check.report(("owners", index), f"{show(slug)} has no file data/partners/{slug}.yml; "
                             f"expected one of: {', '.join(sorted(all_partner_files)) or '(no partner files)'}")
        if pdata["operator"] not in pdata["owners"]:
            check.report(("operator",), f"{show(pdata['operator'])} is not among the owners; expected one of: "
                         f"{', '.join(pdata['owners'])}")
        for s_index, period in enumerate(pdata.get("structure") or []):
            for l_index, level_id in enumerate(period["levels"]):
                if level_id not in level_ids:
                    check.report(("structure", s_index, "levels", l_index),
                                 f"{show(level_id)} is not defined under levels; expected one of: "
                                 f"{', '.join(sorted(level_ids))}")
        _check_coverage(check, pdata)
        dates = [(i, m.PartialDate.parse(h["date"])) for i, h in enumerate(pdata["history"])
                 if _valid_date(h["date"])]
        for (_, before), (index, after) in zip(dates, dates[1:]):
            if after.last_day < before.first_day:
                check.report(("history", index, "date"), f"{after.iso} comes before the event above it "
                             f"({before.iso}); expected events oldest first")

    for doc in cluster_docs:
        found: list[Problem] = []
        _check_status(_Checker(doc, found), level_ids, level_ends)
        problems.extend(_new_fields(found, [p for p in problems if p.path == doc.display_path]))
    _check_unique(cluster_docs, "name", problems)
    _check_unique(cluster_docs, "short_name", problems)
    _check_unique(partner_docs, "name", problems)

    if problems:
        raise DataError(problems)
    warnings = [warning for doc, kind in [(programme_doc, "programme")] + [(d, "partner") for d in partner_docs]
                + [(d, "cluster") for d in cluster_docs] for warning in _missing_bokmal(doc, kind, schema_dir)]

    partner_fields = _top_fields(schema_dir, "partner")
    partners = {doc.data["slug"]: build(m.Partner, doc.data, None, partner_fields, data_path=doc.display_path)
                for doc in partner_docs}
    programme = _build_programme(programme_doc, partners, schema_dir)
    levels = {level.id: level for level in programme.levels}
    clusters = tuple(sorted((_build_cluster(doc, levels, schema_dir) for doc in cluster_docs),
                            key=lambda c: c.name.casefold()))
    return m.SiteData(programme=programme, partners=tuple(partners.values()), clusters=clusters,
                      cluster_properties=tuple(info.path for info in _top_fields(schema_dir, "cluster")),
                      warnings=tuple(sorted(warnings)))


def _valid_date(value) -> bool:
    try:
        m.PartialDate.parse(value)
        return True
    except ValueError:
        return False
