"""What `mkdocs serve` shows on every page while something is wrong: visible, never silent."""

from __future__ import annotations

from .problems import Problem
from .strings import Strings
from .text import escape


def banner(problems: list[Problem], words: Strings, lang: str) -> str:
    """An admonition listing the problems (escaped: they quote data), at most 20."""
    if not problems:
        return ""
    lines = "\n".join(f"    - {escape(str(p))}" for p in problems[:20])
    more = f"\n    - … (+{len(problems) - 20})" if len(problems) > 20 else ""
    return f'!!! failure "{escape(words.label("words", "preview_problems", lang))}"\n\n{lines}{more}\n\n'


def fallback(words: Strings, lang: str) -> str:
    """Shown on a page that is not translated yet and is displayed in the default language."""
    return f'!!! warning "{escape(words.label("words", "missing_translation", lang))}"\n\n'
