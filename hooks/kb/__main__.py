"""Command line: `python -m kb check` validates data/ without building the site."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .load import load
from .problems import DataError

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kb")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate every record in data/")
    check.add_argument("--data", type=Path, default=ROOT / "data")
    args = parser.parse_args(argv)

    if args.command == "check":
        started = time.perf_counter()
        try:
            kb, notices = load(args.data)
        except DataError as err:
            print(err.report(), file=sys.stderr)
            return 1
        count = sum(1 for _ in kb.all())
        print(f"{count} records checked in {time.perf_counter() - started:.2f} s: no problems.")
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
