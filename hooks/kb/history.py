"""When each data file last changed: the date a "cite this page" box shows.

Committed files take the date of their last commit, so every clone builds the
same pages; files changed since (or outside git) take their modification day.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

# Commit subjects that announce a change of form, not of content: "chore: ...", "typo in ...", "style(x): ...".
TRIVIAL = re.compile(r"^\s*(chore|typo|typos|style|format|formatting|fmt|lint|whitespace)\b", re.IGNORECASE)


def last_changes(root: Path, folder: str = "data", use_git: bool = True) -> dict[str, str]:
    """{'data/actors/bp2mi.yaml': '2026-11-29', ...} for every file under folder."""
    found: dict[str, str] = {}
    if not use_git:
        return {path.relative_to(root).as_posix(): dt.date.fromtimestamp(path.stat().st_mtime).isoformat()
                for path in (root / folder).rglob("*") if path.is_file()}
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


def substantive_changes(root: Path, folder: str = "data", trivial: re.Pattern = TRIVIAL,
                        use_git: bool = True) -> dict[str, str]:
    """{'data/actors/bp2mi.yaml': '2026-11-29', ...}: the day each file last changed in substance.

    The rule: the last commit that touched the file, skipping commits whose subject
    starts with a word of form (chore, typo, style, format, fmt, lint, whitespace)
    and commits whose change to the file is only whitespace or blank lines (git's
    -w --ignore-blank-lines). A file with no such commit takes the day it was
    first committed. Files changed since the last commit, or outside git, take
    their modification day, as in last_changes().
    """
    if not use_git:
        return last_changes(root, folder, use_git=False)
    found: dict[str, str] = {}
    first: dict[str, str] = {}
    log = _git(root, "log", "--no-renames", "-w", "--ignore-blank-lines", "--format=%x00%cs%x00%s",
               "--numstat", "--", folder)
    day, counts = None, False
    for line in log.splitlines():
        if line.startswith("\x00"):
            _, day, subject = line.split("\x00", 2)
            counts = not trivial.match(subject)
            continue
        parts = line.split("\t")
        if len(parts) == 3 and day:
            path = parts[2].strip()
            first[path] = day  # the log runs newest first: the last one seen is the oldest
            if counts and parts[:2] != ["0", "0"]:  # 0 0: only whitespace or blank lines changed
                found.setdefault(path, day)
    for path, day in first.items():
        found.setdefault(path, day)
    # Files changed since the last commit, and files git does not know: their modification day.
    changed = {line[3:].strip() for line in
               _git(root, "status", "--porcelain", "--untracked-files=all", "--", folder).splitlines()}
    for path, day in last_changes(root, folder).items():
        if path not in found or path in changed:
            found[path] = day
    return found


def version(root: Path) -> str:
    """The commit the build is made from (short hash, '+' if the tree has changes), or today outside git."""
    commit = _git(root, "rev-parse", "--short=12", "HEAD").strip()
    if not commit:
        return dt.date.today().isoformat()
    dirty = _git(root, "status", "--porcelain", "--untracked-files=no").strip()
    return commit + ("+" if dirty else "")


def _git(root: Path, *args: str) -> str:
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return result.stdout if result.returncode == 0 else ""
