#!/usr/bin/env python3
"""The site built by ProperDocs (a drop-in fork of MkDocs 1.6) in place of MkDocs.

Makes a virtual environment in a temporary folder with ProperDocs and no MkDocs at all
(Material is installed without its dependency on MkDocs; ProperDocs answers every
`import mkdocs`), installs this checkout's package into it, and builds the site with
`python -m properdocs build --strict`. The same checkout is built with MkDocs from this
environment. It prints both build times and every file that differs, apart from the
generator tag each page names its engine in (`<meta name="generator">`), inside the offline
zip too; it exits 1 if any does.

    .venv/bin/python benchmarks/properdocs.py
    .venv/bin/python benchmarks/properdocs.py --version 1.6.7 --keep work/properdocs

Needs the package index (PyPI) for the first run.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1764115200", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


def _requirements_without_mkdocs() -> list[str]:
    """requirements.txt's packages, without MkDocs and this checkout (installed apart)."""
    keep = []
    for line in (REPO / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-e") and not re.match(r"mkdocs(?![-\w])", line):
            keep.append(line)
    return keep


def make_environment(folder: Path, properdocs: str) -> Path:
    python = folder / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    pip = [str(python), "-m", "pip", "install", "-q"]
    material = next(r for r in _requirements_without_mkdocs() if r.startswith("mkdocs-material"))
    subprocess.run(pip + [f"properdocs=={properdocs}"], check=True, env=ENV)
    subprocess.run(pip + ["--no-deps", material], check=True, env=ENV)
    # Material's own dependencies but MkDocs, then the site's.
    subprocess.run(pip + ["mkdocs-material-extensions", "pymdown-extensions", "pygments", "backrefs", "paginate",
                          "requests", "colorama", *[r for r in _requirements_without_mkdocs() if r != material]],
                   check=True, env=ENV)
    subprocess.run(pip + ["--no-deps", "-e", str(REPO)], check=True, env=ENV)
    found = subprocess.run([str(python), "-c", "import importlib.util as u; print(u.find_spec('mkdocs') is None)"],
                           capture_output=True, text=True, check=True)
    if found.stdout.strip() != "True":
        raise SystemExit("MkDocs is installed in the ProperDocs environment; the comparison would prove nothing")
    return python


def build(command: list[str], site: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(command + ["build", "--strict", "-q", "-f", str(REPO / "mkdocs.yml"), "-d", str(site)],
                            cwd=REPO, env=ENV, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{command[-1]} build failed:\n{result.stderr[-3000:]}")
    return time.perf_counter() - start


_GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _same(first: Path, second: Path) -> bool:
    """The same bytes, but for the engine's name in the generator tag (inside the zip too)."""
    if filecmp.cmp(first, second, shallow=False):
        return True
    if first.suffix == ".zip":
        with zipfile.ZipFile(first) as a, zipfile.ZipFile(second) as b:
            return a.namelist() == b.namelist() and all(
                _GENERATOR.sub(b"", a.read(n)) == _GENERATOR.sub(b"", b.read(n)) for n in a.namelist())
    return _GENERATOR.sub(b"", first.read_bytes()) == _GENERATOR.sub(b"", second.read_bytes())


def differences(first: Path, second: Path) -> list[str]:
    a = {p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file()}
    b = {p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file()}
    found = [f"only with MkDocs: {n}" for n in sorted(a - b)] + [f"only with ProperDocs: {n}" for n in sorted(b - a)]
    return found + [f"differs: {n}" for n in sorted(a & b) if not _same(first / n, second / n)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", default="1.6.7", help="ProperDocs version (default: 1.6.7)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (the environment is reused)")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="nce-properdocs-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        python = make_environment(work / "venv", args.version)
        with_mkdocs = build([sys.executable, "-m", "mkdocs"], work / "site-mkdocs")
        with_properdocs = build([str(python), "-m", "properdocs"], work / "site-properdocs")
        found = differences(work / "site-mkdocs", work / "site-properdocs")
        print(f"| engine | build s |\n|---|---:|\n| MkDocs | {with_mkdocs:.2f} |\n"
              f"| ProperDocs {args.version} | {with_properdocs:.2f} |")
        print("the same site, every file" if not found else "\n".join(found))
        return 1 if found else 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
