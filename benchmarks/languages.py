"""What the Bokmål edition costs: one `mkdocs build` of both languages against English alone.

For each size, copies what a build reads into a temporary folder (with N synthetic
clusters, as build_scale.py makes them; 0 means the real data) and runs
`mkdocs build --strict` in a subprocess, twice: as it is (English, with Bokmål built
inside it by the site's plugin), and from a second copy whose plugin builds no further
language (English alone, the offline zip then English only). The ratio is of the
whole processes' wall-clock times; "Bokmål build s" is what MkDocs logs for it.

    .venv/bin/python benchmarks/languages.py                  # real data and 1,000 clusters
    .venv/bin/python benchmarks/languages.py --sizes 0 100 --repeat 3
"""

from __future__ import annotations

import argparse
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from build_scale import BUILD_ENV, copy_inputs, write_clusters

BUILT_IN = re.compile(r"Documentation built in ([\d.]+) seconds")


def english_only(repo: Path) -> Path:
    """A copy of `repo` that builds English alone (the plugin's further_languages off)."""
    target = copy_inputs(repo.with_name(repo.name + "-en"), repo)
    settings = target / "mkdocs.yml"
    text = settings.read_text(encoding="utf-8")
    if "\n  - ncesite\n" not in text:
        raise SystemExit("mkdocs.yml no longer lists the ncesite plugin as '  - ncesite'; update this benchmark")
    settings.write_text(text.replace("\n  - ncesite\n", "\n  - ncesite:\n      further_languages: false\n"),
                        encoding="utf-8")
    return target


def build_once(repo: Path, site: Path, languages: int = 2) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(repo / "mkdocs.yml"),
                             "-d", str(site)], cwd=repo, env=BUILD_ENV, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"build failed:\n{result.stderr[-3000:]}")
    built = [float(x) for x in BUILT_IN.findall(result.stderr)]
    if len(built) != languages:
        raise SystemExit(f"expected {languages} 'Documentation built' lines, got {built}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    nb_index = site / "nb/search/search_index.json"
    return {"wall": wall, "cpu": cpu, "bokmal": built[0] if languages == 2 else 0.0,
            "index_en_mb": (site / "search/search_index.json").stat().st_size / 1e6,
            "index_nb_mb": nb_index.stat().st_size / 1e6 if nb_index.exists() else 0.0,
            "zip_mb": (site / "download/nce-site-offline.zip").stat().st_size / 1e6}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 1000], help="cluster counts (0: the real data)")
    parser.add_argument("--repeat", type=int, default=1, help="builds per size; the fastest is reported")
    args = parser.parse_args(argv)
    print("| clusters | English alone s (CPU s) | both languages s (CPU s) | Bokmål build s | ratio wall (CPU) | "
          "search index en / nb MB | zip MB English / both |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="nce-languages-") as tmp:
        for size in args.sizes:
            repo = copy_inputs(Path(tmp) / f"repo-{size}")
            if size:
                write_clusters(repo / "data", size)
            alone = english_only(repo)
            en_runs, both_runs = [], []
            for _ in range(args.repeat):  # interleaved, so both see the same load on a shared machine
                en_runs.append(build_once(alone, Path(tmp) / f"site-{size}-en", languages=1))
                both_runs.append(build_once(repo, Path(tmp) / f"site-{size}"))
            en = min(en_runs, key=lambda run: run["wall"])
            both = min(both_runs, key=lambda run: run["wall"])
            label = size or f"{len(list((repo / 'data' / 'clusters').glob('*.yml')))} (real)"
            print(f"| {label} | {en['wall']:.2f} ({en['cpu']:.2f}) | {both['wall']:.2f} ({both['cpu']:.2f}) | "
                  f"{both['bokmal']:.2f} | {both['wall'] / en['wall']:.2f}× ({both['cpu'] / en['cpu']:.2f}×) | "
                  f"{both['index_en_mb']:.2f} / {both['index_nb_mb']:.2f} | {en['zip_mb']:.1f} / {both['zip_mb']:.1f} |",
                  flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
