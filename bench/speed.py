"""Measure how long a maintainer waits: the data check, and a full strict build.

    .venv/bin/python bench/speed.py [--runs 5]

Prints the median and the range of each over several runs. Not a test: the
figures go into the README and the issue notes.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - started


def report(name: str, seconds: list[float]) -> None:
    print(f"{name:<28} median {statistics.median(seconds):6.2f} s   "
          f"min {min(seconds):6.2f} s   max {max(seconds):6.2f} s   ({len(seconds)} runs)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    check = [sys.executable, "-m", "kb", "check"]
    report("make check (kb check)", [timed(check, ROOT / "hooks") for _ in range(runs)])
    with tempfile.TemporaryDirectory() as site:
        build = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", site]
        report("strict build, both languages", [timed(build, ROOT) for _ in range(runs)])
        pages = sum(1 for _ in Path(site).rglob("index.html"))
        size = sum(p.stat().st_size for p in Path(site).rglob("*") if p.is_file())
        print(f"{pages} pages, {size / 1e6:.1f} MB in site/")


if __name__ == "__main__":
    main()
