"""How long `make test` takes on this machine, and where its CPU goes.

    .venv/bin/python bench/tests.py [--runs 3] [--json bench/tests.json]

1. `make test` itself, --runs times: wall time, and the CPU time the whole machine was busy
   (every process: pytest's, the builds' forked workers, Chromium, Java; read from /proc/stat,
   so run it on an otherwise quiet machine).
2. The same tests once in one process (`pytest -n 0`), with bench/test_costs.py reading /proc/stat
   as each test file starts and ends: the CPU each file costs. A build that the session shares
   (the real project, the hostile site) is counted in the first file that needs it.

The CPU time divided by the cores is the shortest `make test` could take if every core were busy
all the time. Prints a table and writes the figures to --json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from test_costs import busy_seconds  # noqa: E402


def timed(command: list[str], env: dict | None = None) -> dict:
    """Run command in the project; its wall time and the machine's busy CPU time meanwhile."""
    cpu, started = busy_seconds(), time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    wall, cpu = time.perf_counter() - started, busy_seconds() - cpu
    last = (result.stdout.strip().splitlines() or [""])[-1]
    if result.returncode != 0:
        print(result.stdout[-3000:], result.stderr[-3000:], file=sys.stderr)
    return {"command": " ".join(command), "exit": result.returncode, "wall": round(wall, 1),
            "cpu": round(cpu, 1), "summary": last}


def per_file() -> dict:
    """The suite in one process, the CPU of each test file (bench/test_costs.py)."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        report = Path(out.name)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]),
           "TEST_COSTS": str(report)}
    run = timed([str(ROOT / ".venv" / "bin" / "python"), "-m", "pytest", "-q", "-n", "0", "-p", "test_costs"], env)
    run["files"] = json.loads(report.read_text(encoding="utf-8"))
    report.unlink()
    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    runs = []
    for number in range(args.runs):
        runs.append(timed(["make", "test"]))
        print(f"make test, run {number + 1}: {runs[-1]['wall']} s wall, {runs[-1]['cpu']} s of CPU "
              f"({runs[-1]['summary']})", flush=True)
    serial = per_file()
    print(f"\nin one process: {serial['wall']} s wall, {serial['cpu']} s of CPU ({serial['summary']})")
    print(f"{cores} cores: at best {serial['cpu'] / cores:.0f} s with every core busy all the time\n")
    print("| test file | tests | CPU | wall |\n| --- | --- | --- | --- |")
    for name, cost in sorted(serial["files"].items(), key=lambda item: -item[1]["cpu"]):
        print(f"| {name} | {cost['tests']} | {cost['cpu']:.1f} s | {cost['wall']:.1f} s |")
    if args.json:
        args.json.write_text(json.dumps({
            "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "cores": cores,
            "machine": platform.processor() or platform.machine(), "python": platform.python_version(),
            "make_test": runs, "one_process": serial}, indent=1) + "\n", encoding="utf-8")
    return 0 if all(run["exit"] == 0 for run in [*runs, serial]) else 1


if __name__ == "__main__":
    sys.exit(main())
