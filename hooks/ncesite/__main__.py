"""Command line for editors and CI.

    python -m ncesite validate          check everything in data/, build nothing; texts with no
                                        Bokmål version are listed as warnings (exit code 0)
    python -m ncesite new-cluster SLUG  start data/clusters/SLUG.yml from the template
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .loader import load_site_data
from .problems import DataError

REPO = Path(__file__).resolve().parents[2]


def validate(data_dir: Path) -> int:
    try:
        data = load_site_data(data_dir)
    except DataError as error:
        print(error.report(), file=sys.stderr)
        return 1
    # Warnings never fail the check: a text in English only is shown in English on the Bokmål pages.
    for warning in data.warnings:
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
    new = commands.add_parser("new-cluster", help="create data/clusters/SLUG.yml from the commented template")
    new.add_argument("slug", help="identifier for the page address, e.g. nce-example-cluster")
    new.add_argument("--data", type=Path, default=REPO / "data", help="data folder (default: data/)")
    args = parser.parse_args(argv)
    if args.command == "validate":
        return validate(args.data)
    from .scaffold import new_cluster

    return new_cluster(args.data, args.slug)


if __name__ == "__main__":
    sys.exit(main())
