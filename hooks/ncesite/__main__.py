"""Command line for editors and CI.

    python -m ncesite validate          check everything in data/, build nothing; texts with no
                                        Bokmål version are listed as warnings (exit code 0)
    python -m ncesite validate --format github
                                        the same, each problem as a GitHub Actions annotation
                                        (shown on its line in a pull request's changed files)
    python -m ncesite new-cluster SLUG  start data/clusters/SLUG.yml from the template
"""

from __future__ import annotations

import argparse
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
    args = parser.parse_args(argv)
    if args.command == "validate":
        return validate(args.data, args.output_format)
    from .scaffold import new_cluster

    return new_cluster(args.data, args.slug)


if __name__ == "__main__":
    sys.exit(main())
