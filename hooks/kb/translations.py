"""The translation report: every field and page that lacks its second language."""

from __future__ import annotations

from pathlib import Path

from . import prose
from .load import load
from .problems import Problem
from .project import GENERATED


def missing_translations(root: Path) -> list[Problem]:
    """Raises DataError if the data has other problems (fix those first)."""
    _, notices = load(root / "data", strict_translations=False)
    pages = prose.prose_pages(root / "docs", GENERATED)
    found = [p for p in prose.check(pages, set(), set(), root) if p.kind == "translation"]
    return sorted([p for p in notices if p.kind == "translation"] + found)
