"""One term per concept: the glossary lists, per language, the variants the site does not use.

`checker` (per record) and `avoided_in_prose` find those variants (whole words, any
case) in the data's texts and the hand-written pages, one problem each.
Quoted words of the reviewed article (`article.text`), source titles as
published, and the glossary's own `avoid` lists are left alone.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from .cache import context_key
from .languages import LANGUAGES, of_source
from .load import strings
from .model import KnowledgeBase
from .problems import Problem, dotted

SKIP_FIELDS = {"avoid", "article", "title", "authors", "container"}


def variants(kb: KnowledgeBase) -> dict[str, list[tuple[str, str]]]:
    """{lang: [(variant, preferred term)]}."""
    found: dict[str, list] = {lang: [] for lang in LANGUAGES}
    for term in kb.collection("terms"):
        for lang, words in (term.get("avoid") or {}).items():
            found[lang] += [(word, term["name"][lang]) for word in words]
    return found


@functools.lru_cache(maxsize=None)
def pattern(word: str) -> re.Pattern:
    """The variant as a whole word, any case."""
    return re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])", re.IGNORECASE)


def combined(table) -> dict[str, re.Pattern | None]:
    """One pattern per language that finds any avoided variant (most texts have none: one search each)."""
    return {lang: any_of(tuple(word for word, _ in rows)) if rows else None for lang, rows in table.items()}


@functools.lru_cache(maxsize=8)
def any_of(words: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(word) for word in words) + r")(?![\w-])",
                      re.IGNORECASE)


def checker(kb: KnowledgeBase, remembered=None):
    """check(record) -> the avoided variants in the record's texts. remembered: kb.cache.Store.remembered,
    to check again only the records that changed (and all of them when the glossary's variants change)."""
    table = variants(kb)
    context = context_key(sorted(table.items()))

    def find(record) -> list[Problem]:  # after an edit, most records are not searched again: compile on first use
        return avoided_in_record(record, table, combined(table))

    return (lambda record: remembered("terminology", record, context, find)) if remembered else find


def avoided_in_record(record, table, quick) -> list[Problem]:
    texts = [(path, value) for path, value in strings(record.data)
             if path and path[-1] in LANGUAGES and not SKIP_FIELDS & {p for p in path if isinstance(p, str)}]
    # One search of all the record's texts in a language (most records have no variant at all); a
    # line break between texts is not part of any word, so no match can straddle two of them.
    if not any(quick[lang] is not None and quick[lang].search("\n".join(v for p, v in texts if p[-1] == lang))
               for lang in LANGUAGES):
        return []
    problems = []
    for path, value in texts:
        if quick[path[-1]] is None or not quick[path[-1]].search(value):
            continue
        for word, preferred in table[path[-1]]:
            if pattern(word).search(value):
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
            for word, preferred in table[lang]:
                if pattern(word).search(line):
                    problems.append(Problem(file.relative_to(shown_root).as_posix(), number, "",
                                            f"uses '{word}'; expected the glossary's term '{preferred}'"))
    return problems
