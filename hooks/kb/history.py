"""When each data file last changed: the date a "cite this page" box shows.

Committed files take the date of their last commit, so every clone builds the
same pages; files changed since (or outside git) take their modification day.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path


def last_changes(root: Path, folder: str = "data") -> dict[str, str]:
    """{'data/actors/bp2mi.yaml': '2026-11-29', ...} for every file under folder."""
    found: dict[str, str] = {}
    committed = _git(root, "log", "--format=%x00%cs", "--name-only", "--", folder)
    day = None
    for line in committed.splitlines():
        if line.startswith("\x00"):
            day = line[1:]
        elif line.strip() and day:
            found.setdefault(line.strip(), day)
    changed = {line[3:].strip() for line in _git(root, "status", "--porcelain", "--untracked-files=all", "--", folder).splitlines()}
    for path in (root / folder).rglob("*"):
        relative = path.relative_to(root).as_posix()
        if path.is_file() and (relative in changed or relative not in found):
            found[relative] = dt.date.fromtimestamp(path.stat().st_mtime).isoformat()
    return found


def _git(root: Path, *args: str) -> str:
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return result.stdout if result.returncode == 0 else ""
