#!/usr/bin/env python3
"""Check every HTML page of the built site with the Nu HTML Checker (vnu).

    .venv/bin/python tests/check_html.py                 # build the site into a temp folder, check it
    .venv/bin/python tests/check_html.py --site site     # check an already built site
    .venv/bin/python tests/check_html.py --install       # only fetch the checker (for CI images)

The checker is the vnu-jar package from npm, run with Java 17 or later. It is taken
from $VNU_JAR if set, else from .vnu/ in this checkout (git-ignored), where
`npm install vnu-jar` puts it on first use: never from a folder other users can write,
since the jar is code this script runs (npm checks the package against the registry's
checksum; its install scripts are skipped: they only download a Java runtime).

Only errors count (--errors-only). The few errors that Material for MkDocs' own
templates produce on every page are allowed, each with the reason below; anything
else fails the check with the file, line and message. Exit codes: 0 clean, 1 errors,
2 the checker could not run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VNU_VERSION = "26.9.27"  # pinned, so a new checker release cannot fail builds overnight
JAR_IN_PACKAGE = Path("node_modules/vnu-jar/build/dist/vnu.jar")


@dataclass(frozen=True)
class Allowed:
    message: str  # regular expression matched against the checker's message
    extract: str  # regular expression matched against the HTML excerpt it shows
    reason: str


ALLOWLIST = (
    Allowed(
        message=r"^Attribute “autocomplete” is only allowed when the input type is",
        extract=r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" id="__(drawer|search)" '
                r'autocomplete="off">',
        reason="Material's base.html puts autocomplete=\"off\" on the hidden checkboxes that open the drawer "
               "and the search, so Firefox does not restore them checked after a reload. HTML only allows the "
               "attribute on text-like inputs; browsers ignore it elsewhere, so it is harmless. Removing it "
               "would mean copying all of base.html into overrides/.",
    ),
    Allowed(
        message=r"^Bad value “” for attribute “tabindex” on element “label”: The empty string is not a valid integer",
        extract=r'<label class="md-nav__link ?(?:md-nav__link--active)?" for="__nav_[0-9_]+" id="__nav_[0-9_]+_label" '
                r'tabindex="">',
        reason="With navigation.sections, Material's nav-item.html gives the label of a section of the navigation "
               "tabindex=\"\" (it means to leave the label out of the tab order, which a section's title is). "
               "Browsers read an empty tabindex as none at all, so the label is not focusable, as meant. Removing "
               "it would mean copying Material's nav-item.html into overrides/.",
    ),
)


INSTALL_DIR = REPO / ".vnu" / f"vnu-jar-{VNU_VERSION}"


def find_jar() -> Path | None:
    """The vnu.jar to use, without installing anything; None if there is none."""
    if os.environ.get("VNU_JAR"):
        jar = Path(os.environ["VNU_JAR"])
        return jar if jar.is_file() else None
    for base in (INSTALL_DIR, REPO):
        if (base / JAR_IN_PACKAGE).is_file():
            return base / JAR_IN_PACKAGE
    return None


def install_jar() -> Path:
    jar = find_jar()
    if jar:
        return jar
    npm = shutil.which("npm")
    if not npm:
        raise SystemExit("check_html: npm is needed to install vnu-jar (or set VNU_JAR to a vnu.jar)")
    target = INSTALL_DIR
    target.mkdir(parents=True, exist_ok=True)
    subprocess.run([npm, "install", "--prefix", str(target), "--ignore-scripts", "--no-audit", "--no-fund",
                    "--no-save", f"vnu-jar@{VNU_VERSION}"], check=True, stdout=subprocess.DEVNULL)
    if not (target / JAR_IN_PACKAGE).is_file():
        raise SystemExit(f"check_html: npm installed vnu-jar but {target / JAR_IN_PACKAGE} is missing")
    return target / JAR_IN_PACKAGE


def java_command() -> str | None:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").is_file():
        return str(Path(java_home) / "bin" / "java")
    return shutil.which("java")


def build_site(target: Path) -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1764115200")}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(REPO / "mkdocs.yml"),
                    "-d", str(target)], cwd=REPO, env=env, check=True)
    return target


def run_vnu(jar: Path, site: Path) -> list[dict]:
    java = java_command()
    if not java:
        raise SystemExit("check_html: java (17 or later) is not installed")
    result = subprocess.run(
        [java, "-Xss4m", "-jar", str(jar), "--errors-only", "--skip-non-html", "--exit-zero-always",
         "--format", "json", str(site)],
        capture_output=True, text=True, timeout=600,
    )
    try:
        report = json.loads(result.stderr or result.stdout)
    except json.JSONDecodeError:
        print(result.stdout, result.stderr, sep="\n", file=sys.stderr)
        raise SystemExit(2) from None
    return report.get("messages", [])


def allowed(message: dict) -> Allowed | None:
    for rule in ALLOWLIST:
        if re.search(rule.message, message.get("message", "")) and re.search(rule.extract, message.get("extract", "")):
            return rule
    return None


def check(site: Path, jar: Path) -> tuple[list[dict], int]:
    """(errors that count, number of allowed errors) for the site in `site`."""
    errors, skipped = [], 0
    for message in run_vnu(jar, site):
        if message.get("type") not in ("error", "non-document-error"):
            continue
        if allowed(message):
            skipped += 1
        else:
            errors.append(message)
    return errors, skipped


def report(errors: list[dict], site: Path) -> str:
    by_message: dict[str, list[dict]] = defaultdict(list)
    for error in errors:
        by_message[error.get("message", "")].append(error)
    lines = []
    for message, items in sorted(by_message.items(), key=lambda x: -len(x[1])):
        lines.append(f"{message}  ({len(items)}x)")
        for item in sorted(items, key=lambda i: (i.get("url", ""), i.get("lastLine", 0)))[:20]:
            url = item.get("url", "")
            name = url.split(site.resolve().as_posix() + "/", 1)[-1] if url else "?"
            extract = " ".join(item.get("extract", "").split())[:160]
            lines.append(f"  {name}:{item.get('lastLine', '?')}  {extract}")
        if len(items) > 20:
            lines.append(f"  ... and {len(items) - 20} more")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Validate the built site with the Nu HTML Checker.")
    parser.add_argument("--site", type=Path, help="built site to check (default: build one into a temp folder)")
    parser.add_argument("--install", action="store_true", help="only install the checker, then exit")
    parser.add_argument("--no-install", action="store_true", help="fail (exit 2) instead of installing the checker")
    args = parser.parse_args(argv)

    jar = find_jar() if args.no_install else install_jar()
    if args.install:
        print(jar)
        return 0
    if jar is None:
        print("check_html: vnu.jar not found; run tests/check_html.py --install or set VNU_JAR", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="nce-html-") as temp:
        site = args.site or build_site(Path(temp) / "site")
        errors, skipped = check(site, jar)
        pages = sum(1 for _ in site.rglob("*.html"))
        if errors:
            print(f"{len(errors)} HTML error(s) in {pages} pages ({skipped} allowed errors from Material's templates):")
            print(report(errors, site))
            return 1
        print(f"OK: {pages} pages valid ({skipped} allowed errors from Material's templates)")
        return 0


if __name__ == "__main__":
    sys.exit(main())
