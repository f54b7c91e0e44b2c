"""The hand-written pages of docs/: both languages present, markers known, links leading somewhere."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from .languages import LANGUAGES, NAMES, suffix
from .problems import Problem

MARKER = re.compile(r"^<!-- kb:([a-z-]+) -->$", re.MULTILINE)
_LINK = re.compile(r"\]\(\s*<?([^)\s>#]+\.md)(#[^)\s>]*)?>?\s*\)")


def prose_pages(docs: Path, generated: list[str]) -> dict[str, Path]:
    """{source path: file} of every hand-written page (the generated folders are not even walked)."""
    found = []
    for child in docs.iterdir():
        if child.name in generated:
            continue
        found += child.rglob("*.md") if child.is_dir() else [child] if child.suffix == ".md" else []
    return {p.relative_to(docs).as_posix(): p for p in sorted(found)}


def base_of(source: str) -> tuple[str, str]:
    """('bacaan/x', 'en') for 'bacaan/x.en.md'."""
    stem = source.removesuffix(".md")
    for lang in LANGUAGES:
        if suffix(lang) and stem.endswith(suffix(lang)):
            return stem.removesuffix(suffix(lang)), lang
    return stem, next(lang for lang in LANGUAGES if not suffix(lang))


def check(pages: dict[str, Path], generated_pages: set[str], markers: set[str], shown_root: Path) -> list[Problem]:
    problems = []
    bases: dict[str, set[str]] = {}
    for source in pages:
        base, lang = base_of(source)
        bases.setdefault(base, set()).add(lang)
    for base, langs in sorted(bases.items()):
        for lang in LANGUAGES:
            if lang not in langs:
                have = sorted(langs)[0]
                problems.append(Problem(f"docs/{base}{suffix(have)}.md", 0, "",
                                        f"missing {NAMES[lang]} translation; expected docs/{base}{suffix(lang)}.md",
                                        "translation"))
    known = set(pages) | generated_pages
    for source, file in sorted(pages.items()):
        shown = file.relative_to(shown_root).as_posix()
        text = file.read_text(encoding="utf-8")
        for match in MARKER.finditer(text):
            if match.group(1) not in markers:
                problems.append(Problem(shown, text[: match.start()].count("\n") + 1, "",
                                        f"unknown marker kb:{match.group(1)}; expected one of: "
                                        + ", ".join(sorted(markers))))
        for match in _LINK.finditer(text):
            target = match.group(1)
            if "://" in target:
                continue
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(source), target))
            if resolved not in known:
                problems.append(Problem(shown, text[: match.start()].count("\n") + 1, "",
                                        f"link to '{target}' leads to no page; expected an existing page "
                                        "(links name the Indonesian file, e.g. actors/bp2mi.md)"))
    return problems
