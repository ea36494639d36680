#!/usr/bin/env python3
"""Build the site with many synthetic clusters and measure how it scales.

For each size N the script copies what a build reads into a temporary folder,
replaces data/clusters with N valid cluster files derived from the real ones
(unique slug, name and short name; varied city, county, sector, coordinates and
status history), and runs `mkdocs build --strict` in a subprocess. It then builds
a baseline: the very same pages, already rendered to plain Markdown, built by
plain MkDocs + Material with the same mkdocs.yml minus the hooks. The difference
is the cost of the hooks.

    .venv/bin/python benchmarks/build_scale.py                    # the real data (0), 100, 1000, 3000
    .venv/bin/python benchmarks/build_scale.py --sizes 13 100 1000
    .venv/bin/python benchmarks/build_scale.py --sizes 1000 --repeat 3 --keep bench-work

Columns: clusters; HTML pages; build seconds (wall clock of the whole mkdocs
process, best of --repeat); peak memory (maximum resident set size of the build
process); site size; median and largest cluster page; the directory page
(clusters/index.html); the search index (search/search_index.json); the offline
zip; the baseline build seconds and the hooks' overhead over it.

Targets (2 cores): 1,000 clusters in under 10 s, cluster pages that do not grow
with N, peak memory under 200 MB, hooks at most 10% over the baseline.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from mkdocs.utils.yaml import yaml_load

from ncesite import generate
from ncesite.loader import load_site_data
from ncesite.schemas import load_all_schemas

REPO = Path(__file__).resolve().parents[1]
SITE_INPUTS = ("docs", "data", "hooks", "overrides", "mkdocs.yml", "mkdocs.nb.yml")
BUILD_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1764115200"}
DEFAULT_SIZES = (0, 100, 1000, 3000)  # 0: the real data
TIME = Path("/usr/bin/time")

# Towns across Norway with their county (2024 counties) and the county before 2020,
# so the synthetic clusters spread over the map, the county lists and the filters.
TOWNS = (
    ("Oslo", "Oslo", None, 59.9139, 10.7522),
    ("Bergen", "Hordaland", "Vestland", 60.3913, 5.3221),
    ("Trondheim", "Sør-Trøndelag", "Trøndelag", 63.4305, 10.3951),
    ("Stavanger", "Rogaland", None, 58.9700, 5.7331),
    ("Kristiansand", "Vest-Agder", "Agder", 58.1599, 8.0182),
    ("Arendal", "Aust-Agder", "Agder", 58.4617, 8.7722),
    ("Tromsø", "Troms", "Troms", 69.6492, 18.9553),
    ("Bodø", "Nordland", None, 67.2804, 14.4049),
    ("Ålesund", "Møre og Romsdal", None, 62.4723, 6.1549),
    ("Molde", "Møre og Romsdal", None, 62.7375, 7.1591),
    ("Kristiansund", "Møre og Romsdal", None, 63.1105, 7.7279),
    ("Haugesund", "Rogaland", None, 59.4138, 5.2680),
    ("Stord", "Hordaland", "Vestland", 59.7797, 5.5005),
    ("Førde", "Sogn og Fjordane", "Vestland", 61.4520, 5.8570),
    ("Gjøvik", "Oppland", "Innlandet", 60.7957, 10.6916),
    ("Raufoss", "Oppland", "Innlandet", 60.7260, 10.6140),
    ("Hamar", "Hedmark", "Innlandet", 60.7945, 11.0680),
    ("Lillehammer", "Oppland", "Innlandet", 61.1153, 10.4663),
    ("Kongsberg", "Buskerud", "Buskerud", 59.6689, 9.6502),
    ("Drammen", "Buskerud", "Buskerud", 59.7439, 10.2045),
    ("Fornebu (Bærum)", "Akershus", None, 59.8953, 10.6164),
    ("Halden", "Østfold", None, 59.1243, 11.3875),
    ("Fredrikstad", "Østfold", None, 59.2181, 10.9298),
    ("Horten", "Vestfold", None, 59.4172, 10.4833),
    ("Porsgrunn", "Telemark", None, 59.1405, 9.6561),
    ("Notodden", "Telemark", None, 59.5594, 9.2585),
    ("Mo i Rana", "Nordland", None, 66.3128, 14.1428),
    ("Narvik", "Nordland", None, 68.4385, 17.4272),
    ("Harstad", "Troms", None, 68.7983, 16.5417),
    ("Alta", "Finnmark", None, 69.9689, 23.2716),
    ("Hammerfest", "Finnmark", None, 70.6634, 23.6821),
    ("Kirkenes", "Finnmark", None, 69.7271, 30.0450),
    ("Steinkjer", "Nord-Trøndelag", "Trøndelag", 64.0149, 11.4954),
    ("Levanger", "Nord-Trøndelag", "Trøndelag", 63.7464, 11.2996),
    ("Sandnes", "Rogaland", None, 58.8524, 5.7352),
    ("Grimstad", "Aust-Agder", "Agder", 58.3405, 8.5934),
    ("Mandal", "Vest-Agder", "Agder", 58.0293, 7.4606),
    ("Florø", "Sogn og Fjordane", "Vestland", 61.5996, 5.0328),
    ("Elverum", "Hedmark", "Innlandet", 60.8819, 11.5623),
    ("Sunndalsøra", "Møre og Romsdal", None, 62.6754, 8.5515),
)
SECTORS = ("Aquaculture", "Bioeconomy", "Electronics", "Energy", "Engineering", "Finance", "Food", "Health",
           "ICT", "Manufacturing", "Maritime", "Materials", "Media", "Ocean technology", "Oil and gas",
           "Process industry", "Seafood", "Tourism")
NAME_WORDS = ("Fjord", "Nord", "Vest", "Kyst", "Fjell", "Polar", "Arktisk", "Midt", "Sør", "Øst", "Havbruk",
              "Energi", "Digital", "Smart", "Grønn", "Blå", "Industri", "Mat", "Helse", "Vind")


class _TextDates(yaml.SafeLoader):
    """Reads dates as text, as the site's loader does, so they are written back unchanged."""


_TextDates.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def copy_inputs(target: Path, source_repo: Path = REPO) -> Path:
    """Copy what a build reads (as tests/conftest.py copy_repo does)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in SITE_INPUTS:
        source = source_repo / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    return target


def _status_history(rng: random.Random) -> list[dict]:
    """A plausible run through the levels, oldest first, without overlaps."""
    def day(year: int) -> str:
        choice = rng.random()
        if choice < 0.3:
            return year
        if choice < 0.5:
            return f"{year}-{rng.randint(1, 12):02d}"
        return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"

    kind = rng.random()
    start = rng.randint(2002, 2016)
    periods = [{"level": "arena", "from": day(start)}]
    year = start
    if kind < 0.15:  # stayed in Arena, then left
        periods[0]["to"] = day(min(start + rng.randint(3, 5), 2021))
        return periods
    if kind < 0.3:  # joined after the site's as-of date
        year = rng.randint(2019, 2023)
        return [{"level": "arena-pro" if year < 2022 else "arena", "from": day(year)}]
    year = max(min(start + rng.randint(3, 6), 2017), 2006)
    periods.append({"level": "nce", "from": day(year)})
    if kind < 0.45:  # NCE for ten years, then left the programme
        periods[-1]["to"] = day(min(year + 10, 2021))
        return periods
    if kind < 0.6 and year <= 2016:  # grew into a GCE
        gce = rng.randint(max(year + 2, 2014), 2018)
        periods.append({"level": "gce", "from": day(gce), "note": "Global Centres of Expertise status awarded."})
        return periods
    if kind < 0.75 and year + 10 >= 2020:  # NCE, then mature cluster
        periods[-1]["to"] = str(year + 10)
        periods.append({"level": "mature", "from": str(year + 10 + 1)})
    return periods


def synthetic_clusters(templates: list[dict], count: int, seed: int = 2018) -> list[dict]:
    """`count` valid cluster documents. The first len(templates) are the real ones."""
    out = [copy.deepcopy(t) for t in templates[:count]]
    for index in range(len(out), count):
        rng = random.Random(seed * 100003 + index)
        doc = copy.deepcopy(templates[index % len(templates)])
        number = index + 1
        word = NAME_WORDS[index % len(NAME_WORDS)]
        base = doc.get("short_name") or doc["name"]
        doc["slug"] = f"{doc['slug']}-{number:05d}"
        doc["name"] = f"{doc['name']} {word} {number}"
        doc["short_name"] = f"{base} {word} {number}"
        city, county, county_today, lat, lon = TOWNS[rng.randrange(len(TOWNS))]
        doc["city"], doc["county"] = city, county
        doc.pop("county_today", None)
        if county_today and county_today != county:
            doc["county_today"] = county_today
        doc["coordinates"] = {"lat": round(min(max(lat + rng.uniform(-0.15, 0.15), 57.95), 71.1), 4),
                              "lon": round(min(max(lon + rng.uniform(-0.2, 0.2), 4.6), 31.1), 4)}
        doc["sectors"] = rng.sample(SECTORS, rng.randint(1, 3))
        doc["status"] = _status_history(rng)
        doc.pop("founded", None)
        if rng.random() < 0.5:
            doc["founded"] = int(str(doc["status"][0]["from"])[:4]) - rng.randint(0, 3)
        template_name = templates[index % len(templates)]["name"]
        description = doc["description"]  # a string, or {en, nb} when written in both languages
        doc["description"] = ({code: text.replace(template_name, doc["name"]) for code, text in description.items()}
                              if isinstance(description, dict) else description.replace(template_name, doc["name"]))
        # The template's notes on fields the copy still has as they were.
        kept = [u for u in doc.get("uncertain") or () if not u["field"].startswith(("status", "county_today"))
                and u["field"].split("[")[0].split(".")[0] in doc]
        if "county_today" in doc and rng.random() < 0.5:
            kept.append({"field": "county_today", "confidence": "unverified",
                         "note": "The county merger of 2020 comes from general knowledge."})
        if rng.random() < 0.3:
            kept.append({"field": "status[0].from", "confidence": "inferred",
                         "note": "The start is inferred from the first announcement found."})
        doc.pop("uncertain", None)
        if kept:
            doc["uncertain"] = kept
        out.append(doc)
    return out


def write_clusters(data_dir: Path, count: int) -> None:
    """N cluster files in `data_dir`, derived from the real ones already there (so a --source
    checkout is measured with its own data, which its schema accepts); 0 keeps the real data."""
    if count == 0:
        return
    clusters_dir = data_dir / "clusters"
    templates = [yaml.load(path.read_text(encoding="utf-8"), Loader=_TextDates)
                 for path in sorted(clusters_dir.glob("*.yml"))]
    shutil.rmtree(clusters_dir)
    clusters_dir.mkdir()
    for doc in synthetic_clusters(templates, count):
        text = "# yaml-language-server: $schema=../schema/cluster.schema.json\n" + yaml.safe_dump(
            doc, allow_unicode=True, sort_keys=False, width=100)
        (clusters_dir / f"{doc['slug']}.yml").write_text(text, encoding="utf-8")


# --- the baseline: the same pages as plain Markdown, no hooks -------------------------------------

FRONT_MATTER = re.compile(r"^(-{3}[ \t]*\n.*?\n(?:\.{3}|-{3})[ \t]*\n)(.*)$", re.S)


def export_markdown(repo: Path, target: Path) -> None:
    """Write `repo`'s site as plain Markdown into `target` (a repo without hooks).

    Runs the site's own generator once to render every hand-written page (its
    Jinja) and to produce the generated pages and files; the result is a docs/
    folder that plain MkDocs builds into the same pages.
    """
    from mkdocs.config import load_config

    config = load_config(str(repo / "mkdocs.yml"))
    data = load_site_data(repo / "data")
    env = generate.make_environment(config.theme.get_env().loader)  # as the plugin's on_files does
    build = generate.generate_site(data, env, site_url=config.site_url or "",
                                   schemas=load_all_schemas(repo / "data" / "schema"))
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(repo / "overrides", target / "overrides")
    docs = target / "docs"
    shutil.copytree(repo / "docs", docs)
    for path in sorted(docs.rglob("*.md")):
        rel = path.relative_to(docs).as_posix()
        if rel.startswith(("assets/", "nb/")):  # the baseline is the English build alone
            continue
        source = path.read_text(encoding="utf-8")
        match = FRONT_MATTER.match(source)
        head, body = (match.group(1), match.group(2)) if match else ("", source)
        root = "../" * rel.count("/")
        # The values printed straight into the Markdown, as plain MkDocs with a Jinja plugin would.
        body = generate.join_html_blocks(*generate.render_handwritten(body, env, env, build.page_context, root))
        path.write_text(head + body, encoding="utf-8")
    for page in build.pages:
        out = docs / page.path
        out.parent.mkdir(parents=True, exist_ok=True)
        front = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in page.meta.items())
        out.write_text(f"---\n{front}---\n\n{page.content}", encoding="utf-8")
    for extra in build.files:
        out = docs / extra.path
        out.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(extra.content, bytes):
            out.write_bytes(extra.content)
        else:
            out.write_text(extra.content, encoding="utf-8")

    # The templates in overrides/ ask for what the plugin gives them (the page in each language,
    # `_()`); the baseline keeps that one event, in a hook, and nothing else of the plugin.
    (target / "hooks").mkdir(exist_ok=True)
    (target / "hooks" / "template_globals.py").write_text(
        "from ncesite import i18n\n"
        "from ncesite.mkdocs.languages import alternates, language_of\n\n\n"
        "def on_env(env, config, files):\n"
        "    i18n.install(env, language_of(config).code)\n"
        "    env.globals['site_language'] = language_of(config)\n"
        "    env.globals['alternates'] = lambda page: alternates(page, config)\n"
        "    return env\n", encoding="utf-8")
    with open(repo / "mkdocs.yml", encoding="utf-8") as stream:
        settings = yaml_load(stream)  # as MkDocs reads it: the !ENV values resolved
    settings["plugins"] = [p for p in settings["plugins"] if p != "ncesite" and not (isinstance(p, dict) and "ncesite" in p)]
    settings["hooks"] = ["hooks/template_globals.py"]
    settings.pop("watch", None)
    # The plugin adds generated pages as "not in nav"; plain MkDocs says the same with not_in_nav.
    generated_dirs = sorted({Path(p.path).parent.as_posix() for p in build.pages})
    settings["not_in_nav"] = "".join(f"/{d}/*.md\n" for d in generated_dirs)
    (target / "mkdocs.yml").write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False),
                                       encoding="utf-8")


# --- running and measuring builds ----------------------------------------------------------------

def run_build(repo: Path, site: Path) -> tuple[float, float, float]:
    """Build `repo` into `site`; return wall seconds, peak RSS in MB and CPU seconds of the build."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
               "-f", str(repo / "mkdocs.yml"), "-d", str(site)]
    use_time = TIME.exists()
    if use_time:
        command = [str(TIME), "-v", *command]
    if site.exists():
        shutil.rmtree(site)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    # The copy's own package first: the installed one may be another checkout's (see --source).
    env = {**BUILD_ENV, "PYTHONPATH": os.pathsep.join(filter(None, [str(repo / "hooks"), BUILD_ENV.get("PYTHONPATH")]))}
    result = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"build of {repo} failed:\n{result.stdout}\n{result.stderr[-4000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if use_time:
        found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
        peak_kb = int(found.group(1)) if found else 0
    else:
        # RUSAGE_CHILDREN keeps the largest child so far: exact for a size larger than all before it.
        peak_kb = after.ru_maxrss
    return seconds, peak_kb / 1024, cpu


def _kb(path: Path) -> float:
    return path.stat().st_size / 1024


def measure_site(site: Path, cluster_slugs: list[str]) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    cluster_sizes = [_kb(site / "clusters" / f"{slug}.html") for slug in cluster_slugs]
    bundle = site / "download" / "nce-site-offline.zip"
    return {
        "pages": sum(1 for p in files if p.suffix == ".html"),
        "site_mb": sum(p.stat().st_size for p in files) / 2**20,
        "cluster_median_kb": statistics.median(cluster_sizes),
        "cluster_max_kb": max(cluster_sizes),
        "directory_kb": _kb(site / "clusters" / "index.html"),
        "search_mb": (site / "search" / "search_index.json").stat().st_size / 2**20,
        "zip_mb": bundle.stat().st_size / 2**20 if bundle.exists() else 0.0,
    }


def bench_size(count: int, workdir: Path, repeat: int, baseline: bool, source_repo: Path = REPO,
               english_alone: bool = False) -> dict:
    for stale in ("repo", "site", "plain", "plain-site"):
        shutil.rmtree(workdir / f"{stale}-{count}", ignore_errors=True)
    shutil.rmtree(workdir / f"repo-{count}-en", ignore_errors=True)
    repo = copy_inputs(workdir / f"repo-{count}", source_repo)
    write_clusters(repo / "data", count)
    if english_alone:
        from languages import english_only
        repo = english_only(repo)
    slugs = sorted(p.stem for p in (repo / "data" / "clusters").glob("*.yml"))
    site = workdir / f"site-{count}"
    runs = [run_build(repo, site) for _ in range(repeat)]
    row = {"clusters": len(slugs), "seconds": min(r[0] for r in runs), "cpu_seconds": min(r[2] for r in runs),
           "peak_mb": max(r[1] for r in runs)}
    row.update(measure_site(site, slugs))
    if baseline:
        plain = workdir / f"plain-{count}"
        export_markdown(repo, plain)
        plain_site = workdir / f"plain-site-{count}"
        plain_runs = [run_build(plain, plain_site) for _ in range(repeat)]
        row["plain_seconds"] = min(r[0] for r in plain_runs)
        row["plain_cpu_seconds"] = min(r[2] for r in plain_runs)
        row["plain_peak_mb"] = max(r[1] for r in plain_runs)
        row["plain_pages"] = sum(1 for _ in plain_site.rglob("*.html"))
        row["overhead_pct"] = 100 * (row["seconds"] - row["plain_seconds"]) / row["plain_seconds"]
        # The baseline is English alone; with both languages built, compare with twice that.
        row["cpu_ratio"] = row["cpu_seconds"] / (row["plain_cpu_seconds"] * (1 if english_alone else 2))
        row["cpu_overhead_pct"] = 100 * (row["cpu_seconds"] - row["plain_cpu_seconds"]) / row["plain_cpu_seconds"]
    return row


COLUMNS = (
    ("clusters", "clusters", "{:d}"),
    ("pages", "pages", "{:d}"),
    ("seconds", "build s", "{:.2f}"),
    ("cpu_seconds", "CPU s", "{:.2f}"),
    ("peak_mb", "peak MB", "{:.0f}"),
    ("site_mb", "site MB", "{:.1f}"),
    ("cluster_median_kb", "cluster median KB", "{:.1f}"),
    ("cluster_max_kb", "cluster max KB", "{:.1f}"),
    ("directory_kb", "directory KB", "{:.0f}"),
    ("search_mb", "search index MB", "{:.2f}"),
    ("zip_mb", "offline zip MB", "{:.1f}"),
    ("plain_seconds", "plain build s", "{:.2f}"),
    ("plain_cpu_seconds", "plain CPU s", "{:.2f}"),
    ("plain_peak_mb", "plain peak MB", "{:.0f}"),
    ("overhead_pct", "hooks overhead %", "{:+.0f}"),
    ("cpu_overhead_pct", "hooks CPU overhead %", "{:+.0f}"),
    ("cpu_ratio", "CPU ÷ plain", "{:.2f}×"),
)


def table(rows: list[dict]) -> str:
    columns = [c for c in COLUMNS if any(c[0] in r for r in rows)]
    lines = ["| " + " | ".join(c[1] for c in columns) + " |",
             "|" + "|".join("---:" for _ in columns) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(c[2].format(row[c[0]]) if c[0] in row else "" for c in columns) + " |")
    return "\n".join(lines)


def machine() -> str:
    from importlib.metadata import version
    return (f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), Python {sys.version.split()[0]}, "
            f"MkDocs {version('mkdocs')}, Material {version('mkdocs-material')}, "
            f"{dt.date.today().isoformat()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES), help="cluster counts")
    parser.add_argument("--repeat", type=int, default=1, help="builds per size; the fastest is reported")
    parser.add_argument("--no-baseline", action="store_true", help="skip the plain-MkDocs baseline builds")
    parser.add_argument("--english-alone", action="store_true",
                        help="build English alone (as the plain baseline does); else both languages, "
                             "compared with twice the plain English build")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temp folder)")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    parser.add_argument("--source", type=Path, default=REPO,
                        help="checkout whose docs/, data/, hooks/, overrides/ and mkdocs.yml to build (default: this "
                             "one), to measure a change before it is merged; run with PYTHONPATH=<checkout>/hooks so "
                             "the baseline is made by that checkout's own generator")
    args = parser.parse_args(argv)

    workdir = args.keep or Path(tempfile.mkdtemp(prefix="nce-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        for count in args.sizes:
            print(f"building {count} clusters ...", file=sys.stderr, flush=True)
            rows.append(bench_size(count, workdir, args.repeat, not args.no_baseline, args.source.resolve(),
                                   english_alone=args.english_alone))
            print(table(rows[-1:]).splitlines()[-1], file=sys.stderr, flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print(machine())
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
