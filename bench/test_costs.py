"""A pytest plugin for bench/tests.py: the machine's busy CPU time and the wall time of each test file,
in a run in one process (`pytest -n 0 -p test_costs`, with bench/ on PYTHONPATH), written as JSON to
the file named by $TEST_COSTS. Not a test module: pytest collects tests/ only."""

from __future__ import annotations

import json
import os
import time

TICKS = os.sysconf("SC_CLK_TCK")


def busy_seconds() -> float:
    """CPU time the machine has been busy since it started, every core and process counted: user, nice,
    system, irq and softirq of /proc/stat (idle, iowait and the time stolen by a hypervisor left out)."""
    with open("/proc/stat", encoding="ascii") as stat:
        fields = stat.readline().split()
    return sum(int(fields[i]) for i in (1, 2, 3, 6, 7)) / TICKS


_files: dict[str, dict] = {}
_current: list = []  # [file, busy at its start, time at its start]


def _close() -> None:
    if _current:
        name, cpu, started = _current
        cost = _files.setdefault(name, {"tests": 0, "cpu": 0.0, "wall": 0.0})
        cost["cpu"] = round(cost["cpu"] + busy_seconds() - cpu, 2)
        cost["wall"] = round(cost["wall"] + time.perf_counter() - started, 2)
        _current.clear()


def pytest_runtest_logstart(nodeid, location):
    name = nodeid.split("::")[0]
    if not _current or _current[0] != name:
        _close()
        _current.extend([name, busy_seconds(), time.perf_counter()])
    _files.setdefault(name, {"tests": 0, "cpu": 0.0, "wall": 0.0})["tests"] += 1


def pytest_sessionfinish(session, exitstatus):
    _close()  # the session's own teardown (shared builds, the browser) counts in the last file
    if target := os.environ.get("TEST_COSTS"):
        with open(target, "w", encoding="utf-8") as out:
            json.dump(_files, out, indent=1)
