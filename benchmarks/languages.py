"""What the Bokmål edition costs: one `mkdocs build` of both languages against English alone.

For each size, copies what a build reads into a temporary folder (with N synthetic
clusters, as build_scale.py makes them; 0 means the real data) and runs
`mkdocs build --strict` in a subprocess. The English build builds Bokmål inside it
(hooks/languages.py) and MkDocs logs "Documentation built in X seconds" for each, so
one run gives both: English alone = the whole process minus the Bokmål build.

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


def build_once(repo: Path, site: Path) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(repo / "mkdocs.yml"),
                             "-d", str(site)], cwd=repo, env=BUILD_ENV, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"build failed:\n{result.stderr[-3000:]}")
    built = [float(x) for x in BUILT_IN.findall(result.stderr)]
    if len(built) != 2:
        raise SystemExit(f"expected two 'Documentation built' lines (Bokmål, then the whole build), got {built}")
    bokmal = built[0]
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "bokmal": bokmal, "english": wall - bokmal,
            "ratio": wall / (wall - bokmal),
            "index_en_mb": (site / "search/search_index.json").stat().st_size / 1e6,
            "index_nb_mb": (site / "nb/search/search_index.json").stat().st_size / 1e6,
            "zip_mb": (site / "download/nce-site-offline.zip").stat().st_size / 1e6}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 1000], help="cluster counts (0: the real data)")
    parser.add_argument("--repeat", type=int, default=1, help="builds per size; the fastest is reported")
    args = parser.parse_args(argv)
    print("| clusters | both languages s | CPU s | Bokmål build s | English alone s | ratio | "
          "search index en / nb MB | zip MB |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="nce-languages-") as tmp:
        for size in args.sizes:
            repo = copy_inputs(Path(tmp) / f"repo-{size}")
            if size:
                write_clusters(repo / "data", size)
            runs = [build_once(repo, Path(tmp) / f"site-{size}") for _ in range(args.repeat)]
            best = min(runs, key=lambda run: run["wall"])
            label = size or f"{len(list((repo / 'data' / 'clusters').glob('*.yml')))} (real)"
            print(f"| {label} | {best['wall']:.2f} | {best['cpu']:.2f} | {best['bokmal']:.2f} | {best['english']:.2f} | "
                  f"{best['ratio']:.2f}× | {best['index_en_mb']:.2f} / {best['index_nb_mb']:.2f} | {best['zip_mb']:.1f} |",
                  flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
