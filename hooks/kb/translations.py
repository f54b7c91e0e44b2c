"""The translation report: every field and page that lacks its second language."""

from __future__ import annotations

from pathlib import Path

from .load import load
from .problems import Problem
from .site import check_prose


def missing_translations(root: Path) -> list[Problem]:
    """Raises DataError if the data has other problems (fix those first)."""
    _, notices = load(root / "data", strict_translations=False)
    return sorted([p for p in notices if p.kind == "translation"] + check_prose(root / "docs"))
