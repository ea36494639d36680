"""Command line for editors and CI.

    python -m ncesite validate          check everything in data/, build nothing; texts with no
                                        Bokmål version are listed as warnings (exit code 0)
    python -m ncesite validate --format github
                                        the same, each problem as a GitHub Actions annotation
                                        (shown on its line in a pull request's changed files)
    python -m ncesite new-cluster SLUG  start data/clusters/SLUG.yml from the template
    python -m ncesite changes BASE      what the data's changes since the git revision BASE are, in
                                        words, as Markdown (also to the GitHub job summary)
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .loader import load_site_data
from .problems import DataError, github_annotation

REPO = Path(__file__).resolve().parents[2]


def validate(data_dir: Path, output_format: str = "text") -> int:
    github = output_format == "github"
    try:
        data = load_site_data(data_dir)
    except DataError as error:
        if github:  # on stdout, where the runner reads workflow commands
            for problem in error.problems:
                print(github_annotation(problem))
            print(error.report().splitlines()[0].rstrip(":") + ", each shown on its line", file=sys.stderr)
        else:
            print(error.report(), file=sys.stderr)
        return 1
    # Warnings never fail the check: a text in English only is shown in English on the Bokmål pages.
    for warning in data.warnings:
        if github:
            print(github_annotation(warning, "warning", "No Bokmål text"))
        else:
            print(f"WARNING: {warning}", file=sys.stderr)
    noun = "warning" if len(data.warnings) == 1 else "warnings"
    warned = f", {len(data.warnings)} {noun}" if data.warnings else ""
    print(f"{data_dir}: OK: programme, {len(data.partners)} partners, {len(data.clusters)} clusters{warned}")
    return 0


def summarise_changes(base: str, data_dir: Path, site_url: str | None) -> int:
    from .changes import GitError, changes
    from .site_address import from_config

    try:
        text = changes(base, data_dir, from_config().site_url if site_url is None else site_url)
    except GitError as error:
        print(f"changes: {error}", file=sys.stderr)
        return 2
    print(text, end="")
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:  # GitHub Actions shows it on the run's page
        with open(summary_file, "a", encoding="utf-8") as stream:
            stream.write(text)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ncesite", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check every file in data/ and report all problems")
    check.add_argument("--data", type=Path, default=REPO / "data", help="data folder (default: data/)")
    check.add_argument("--format", choices=("text", "github"), default="text", dest="output_format",
                       help="text: file:line: field: problem (default); github: GitHub Actions annotations")
    new = commands.add_parser("new-cluster", help="create data/clusters/SLUG.yml from the commented template")
    new.add_argument("slug", help="identifier for the page address, e.g. nce-example-cluster")
    new.add_argument("--data", type=Path, default=REPO / "data", help="data folder (default: data/)")
    compare = commands.add_parser("changes", help="summarise the data's changes since a git revision, in Markdown")
    compare.add_argument("base", help="the revision to compare with, such as origin/main or a commit")
    compare.add_argument("--data", type=Path, default=REPO / "data", help="data folder (default: data/)")
    compare.add_argument("--site-url", help="the published site the summary links to (default: mkdocs.yml's site_url)")
    args = parser.parse_args(argv)
    if args.command == "validate":
        return validate(args.data, args.output_format)
    if args.command == "changes":
        return summarise_changes(args.base, args.data, args.site_url)
    from .scaffold import new_cluster

    return new_cluster(args.data, args.slug)


if __name__ == "__main__":
    sys.exit(main())
