"""One term per concept: the glossary lists, per language, the variants the site does not use.

`avoided_in_data` and `avoided_in_prose` find those variants (whole words, any
case) in the data's texts and the hand-written pages, one problem each.
Quoted words of the reviewed article (`article.text`), source titles as
published, and the glossary's own `avoid` lists are left alone.
"""

from __future__ import annotations

import re
from pathlib import Path

from .languages import LANGUAGES, of_source
from .load import strings
from .model import KnowledgeBase
from .problems import Problem, dotted

SKIP_FIELDS = {"avoid", "article", "title", "authors", "container"}


def variants(kb: KnowledgeBase) -> dict[str, list[tuple[re.Pattern, str, str]]]:
    """{lang: [(pattern, variant, preferred term)]}."""
    found: dict[str, list] = {lang: [] for lang in LANGUAGES}
    for term in kb.collection("terms"):
        for lang, words in (term.get("avoid") or {}).items():
            preferred = term["name"][lang]
            for word in words:
                pattern = re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])", re.IGNORECASE)
                found[lang].append((pattern, word, preferred))
    return found


def combined(table) -> dict[str, re.Pattern | None]:
    """One pattern per language that finds any avoided variant (most texts have none: one search each)."""
    return {lang: re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(word) for _, word, _ in rows) + r")(?![\w-])",
                             re.IGNORECASE) if rows else None
            for lang, rows in table.items()}


def avoided_in_data(kb: KnowledgeBase) -> list[Problem]:
    table = variants(kb)
    quick = combined(table)
    problems = []
    for record in kb.all():
        texts = [(path, value) for path, value in strings(record.data)
                 if path and path[-1] in LANGUAGES and not SKIP_FIELDS & {p for p in path if isinstance(p, str)}]
        # One search of all the record's texts in a language (most records have no variant at all); a
        # line break between texts is not part of any word, so no match can straddle two of them.
        if not any(quick[lang] is not None and quick[lang].search("\n".join(v for p, v in texts if p[-1] == lang))
                   for lang in LANGUAGES):
            continue
        for path, value in texts:
            if quick[path[-1]] is None or not quick[path[-1]].search(value):
                continue
            for pattern, word, preferred in table[path[-1]]:
                if pattern.search(value):
                    problems.append(Problem(record.file, record.line(path), dotted(path),
                                            f"uses '{word}'; expected the glossary's term '{preferred}'"))
    return problems


def avoided_in_prose(kb: KnowledgeBase, pages: dict[str, Path], shown_root: Path) -> list[Problem]:
    """pages: {source path under docs/: file}."""
    table = variants(kb)
    quick = combined(table)
    problems = []
    for source, file in sorted(pages.items()):
        lang = of_source(source)
        text = file.read_text(encoding="utf-8")
        if quick[lang] is None or not quick[lang].search(text):
            continue
        for number, line in enumerate(text.splitlines(), 1):
            for pattern, word, preferred in table[lang]:
                if pattern.search(line):
                    problems.append(Problem(file.relative_to(shown_root).as_posix(), number, "",
                                            f"uses '{word}'; expected the glossary's term '{preferred}'"))
    return problems
