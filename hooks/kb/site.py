"""The steps of a build, independent of MkDocs: check, render, write, expand markers.

hooks/build.py calls these from MkDocs events. State that must survive MkDocs
re-importing the hook file (it does so on every rebuild of `mkdocs serve`)
lives here, in the package, which is imported once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .load import load
from .model import COLLECTIONS, LANGUAGES, KnowledgeBase
from .problems import DataError, Problem
from .glossary import abbreviations, link_first_mentions, terms_for
from .history import last_changes
from .render import TEMPLATES, Renderer, label
from .writer import SyncReport, sync

# Folders of docs/ that the build writes and owns; everything else is hand-written.
RECORD_FOLDERS = [c.name for c in COLLECTIONS if c.pages]
GENERATED = RECORD_FOLDERS + ["sources", "glossary", "timeline"]
_MARKER = re.compile(r"^<!-- kb:([a-z-]+) -->$", re.MULTILINE)


@dataclass
class Outcome:
    kb: KnowledgeBase | None = None
    report: SyncReport | None = None
    notices: list[Problem] = field(default_factory=list)  # shown, not fatal (preview only)
    errors: list[Problem] = field(default_factory=list)  # preview: build kept the last good pages


@dataclass
class State:
    preview: bool = False
    fingerprint: tuple | None = None
    outcome: Outcome = field(default_factory=Outcome)


STATE = State()


def fingerprint(root: Path) -> tuple:
    """Changes whenever a data file, a schema, a template or the prose pages change."""
    paths = [*(root / "data").rglob("*"), *TEMPLATES.rglob("*"), *Path(__file__).parent.glob("*.yaml")]
    paths += [p for p in (root / "docs").rglob("*.md") if p.relative_to(root / "docs").parts[0] not in GENERATED]
    return tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths if p.is_file()))


def check_prose(docs_dir: Path) -> list[Problem]:
    """Every hand-written page exists in both languages."""
    problems = []
    pages = {p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")
             if p.relative_to(docs_dir).parts[0] not in GENERATED}
    for page in sorted(pages):
        if page.endswith(".en.md"):
            twin = page.removesuffix(".en.md") + ".md"
            missing = "Indonesian"
        else:
            twin = page.removesuffix(".md") + ".en.md"
            missing = "English"
        if twin not in pages:
            problems.append(Problem(f"docs/{page}", 0, "", f"missing {missing} translation; expected docs/{twin}",
                                    "translation"))
    return problems


def generate(root: Path, preview: bool = False, site_url: str = "") -> Outcome:
    """Check data and prose, then write the generated pages. Raises DataError in a build."""
    try:
        kb, notices = load(root / "data", strict_translations=not preview)
        prose = check_prose(root / "docs")
        if prose and not preview:
            raise DataError(prose)
    except DataError as err:
        if not preview:
            raise
        return Outcome(errors=err.problems)
    renderer = Renderer(kb, site_url=site_url, changed=last_changes(root))
    report = sync(renderer.pages(), root / "docs", GENERATED)
    return Outcome(kb=kb, report=report, notices=notices + prose)


def expand_markers(markdown: str, kb: KnowledgeBase, lang: str, path: str) -> str:
    """Replace `<!-- kb:channels -->` lines with generated Markdown. Unknown markers are errors."""
    renderer = None

    def replace(match: re.Match) -> str:
        nonlocal renderer
        name = match.group(1)
        template = TEMPLATES / f"marker-{name}.md.j2"
        if not template.is_file():
            raise DataError([Problem(path, markdown[: match.start()].count("\n") + 1, "",
                                     f"unknown marker kb:{name}; expected one of: "
                                     + ", ".join(sorted(p.name[7:-6] for p in TEMPLATES.glob("marker-*.md.j2"))))])
        renderer = renderer or Renderer(kb)
        return renderer.render(template.name, path, lang)

    return _MARKER.sub(replace, markdown)


def with_abbreviations(markdown: str, kb: KnowledgeBase, lang: str) -> str:
    """Append the glossary's abbreviations, so each shows its expansion as a tooltip."""
    return f"{markdown}\n\n{abbreviations(kb, lang)}\n"


def link_terms(html: str, kb: KnowledgeBase, lang: str, src_uri: str, relative_url) -> str:
    """Link the first mention of each glossary term: in a record's summary, or anywhere in prose.

    Generated lists (indexes, glossary, bibliography, timeline) are names and
    references, where such links would be noise.
    """
    folder, _, name = src_uri.rpartition("/")
    record_page = folder in RECORD_FOLDERS and not name.startswith("index.")
    if folder.split("/")[0] in GENERATED and not record_page:
        return html
    prefix = "" if lang == "id" else f"{lang}/"
    return link_first_mentions(html, terms_for(kb, lang), lambda id: relative_url(f"{prefix}glossary/") + f"#{id}",
                               scope_class="kb-summary" if record_page else None)


def notice_banner(problems: list[Problem], lang: str) -> str:
    """A visible note for the preview: what is missing or broken, by file and line."""
    if not problems:
        return ""
    title = {"id": "Pratinjau: ada masalah pada data atau terjemahan", "en": "Preview: problems in the data or translations"}
    lines = "\n".join(f"    - `{p}`" for p in problems[:20])
    more = f"\n    - … (+{len(problems) - 20})" if len(problems) > 20 else ""
    return f'!!! failure "{title[lang]}"\n{lines}{more}\n\n'


def fallback_notice(lang: str) -> str:
    return f'!!! warning "{label("words", "missing_translation", lang)}"\n\n'


__all__ = ["GENERATED", "LANGUAGES", "STATE", "expand_markers", "fingerprint", "generate"]
