"""A knowledge base project on disk, and the one way to check and generate it.

`Project(root).check()` loads and validates data/, then renders every page in
memory, so a green check is a green build. `Project(root).generate()` does the
same and writes the generated pages into docs/ (only those whose content
changed). Neither depends on MkDocs: `python -m kb generate` and the MkDocs
hook both call them. State lives on the object, never in module globals.
"""

from __future__ import annotations

import datetime as dt
import re
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from . import export, feeds, prose, redirects, terminology
from .addresses import site_url
from .history import substantive_changes, version
from .languages import LANGUAGES
from .load import at, load
from .model import COLLECTIONS, KnowledgeBase
from .problems import DataError, Problem, dotted
from .render import TEMPLATES, Renderer, make_environment
from .schema import load as load_schemas
from .strings import FILE as STRINGS_FILE, Strings
from .urls import Site
from .writer import SyncReport, sync

# Folders of docs/ that generation writes and owns; everything else there is hand-written.
RECORD_FOLDERS = [c.name for c in COLLECTIONS if c.pages]
GENERATED = RECORD_FOLDERS + ["sources", "glossary", "timeline", "network", "data", "changes"]
DEFAULT_URL = "http://127.0.0.1:8000/kb-tppo-kamboja/"


def configured_url(root: Path) -> str:
    """The site's address: $SITE_URL (set by the deploy workflow), else site_url in mkdocs.yml."""
    default = DEFAULT_URL
    config = root / "mkdocs.yml"
    if config.is_file():
        text = config.read_text(encoding="utf-8")
        match = re.search(r"^site_url:\s*!ENV\s*\[\s*\w+\s*,\s*[\"']?([^\"'\]\s]+)", text, re.MULTILINE) or \
            re.search(r"^site_url:\s*[\"']?([^\"'\s]+)", text, re.MULTILINE)
        if match:
            default = match.group(1)
    return site_url(default)


@dataclass
class Outcome:
    kb: KnowledgeBase | None = None
    renderer: "Renderer | None" = None
    pages: dict[str, str] = field(default_factory=dict)
    report: SyncReport | None = None
    notices: list[Problem] = field(default_factory=list)  # shown, not fatal (missing translations in a preview)
    errors: list[Problem] = field(default_factory=list)  # a preview keeps the last good pages


class Project:
    def __init__(self, root: Path, site_url: str | None = None, preview: bool = False):
        self.root = Path(root)
        self.data = self.root / "data"
        self.docs = self.root / "docs"
        self.site = Site(site_url or configured_url(self.root))
        self.preview = preview
        self.last_fingerprint: tuple | None = None
        self.outcome = Outcome()
        self.built = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.environment = make_environment()

    def fingerprint(self) -> tuple:
        """Changes whenever a data file, a schema, a template, the strings or a prose page changes."""
        paths = [*self.data.rglob("*"), *TEMPLATES.rglob("*"), STRINGS_FILE]
        paths += [p for p in self.docs.rglob("*.md") if p.relative_to(self.docs).parts[0] not in GENERATED]
        return tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths if p.is_file()))

    def check(self) -> Outcome:
        """Load, validate and render everything in memory. Raises DataError (in a preview: only for errors)."""
        schemas = load_schemas(self.data / "schema")
        words = Strings()
        problems = words.check(schemas)
        try:
            kb, notices = load(self.data, strict_translations=not self.preview, schemas=schemas)
        except DataError as err:
            raise DataError(problems + err.problems) from None
        removed, found = redirects.load_removed(self.root, schemas)
        problems += found + redirects.check_ids(kb, removed)
        in_git = (self.root / ".git").exists()  # a copy outside git (tests, a download) dates files by mtime
        renderer = Renderer(kb, self.site, words, changed=substantive_changes(self.root, use_git=in_git),
                            schemas=schemas, version=version(self.root) if in_git else self.built[:10],
                            built=self.built, environment=self.environment)
        problems += markdown_problems(kb, renderer)
        problems += terminology.avoided_in_data(kb)
        pages, failures = render_all(renderer)
        problems += failures
        written = prose.prose_pages(self.docs, GENERATED)
        markers = {p.name[7:-6] for p in TEMPLATES.glob("marker-*.md.j2")}
        for problem in prose.check(written, set(pages), markers, self.root):
            (notices if problem.kind == "translation" and self.preview else problems).append(problem)
        problems += terminology.avoided_in_prose(kb, written, self.root)
        if problems:
            raise DataError(problems)
        return Outcome(kb=kb, renderer=renderer, pages=pages, notices=notices, errors=[])

    def generate(self) -> Outcome:
        """Check, then write the generated pages into docs/. In a preview, errors are returned, not raised."""
        try:
            outcome = self.check()
        except DataError as err:
            if not self.preview:
                raise
            return Outcome(errors=err.problems)
        outcome.report = sync(outcome.pages, self.docs, GENERATED)
        return outcome

    def published_files(self, outcome: Outcome) -> dict[str, bytes]:
        """Files that sit beside the pages: downloads, schemas, feeds, redirects of renamed records."""
        renderer = outcome.renderer
        found = dict(export.files(outcome.kb, renderer.schemas, renderer.info))
        found.update(redirects.redirect_files(outcome.kb, renderer.info))
        for lang in LANGUAGES:
            found[feeds.feed_path(lang)] = feeds.atom(feeds.changes(outcome.kb, renderer.changed), lang,
                                                      renderer.info)
        return found


def markdown_problems(kb: KnowledgeBase, renderer: Renderer) -> list[Problem]:
    """Links and images in Markdown texts that the site cannot show safely, by file, line and field."""
    problems = []
    for record in kb.all():
        for path in record.markdown:
            rendered = renderer.markdown[path[-1]].render(at(record.data, path))
            problems += [Problem(record.file, record.line(path), dotted(path), message)
                         for message in rendered.problems]
    return problems


def render_all(renderer: Renderer) -> tuple[dict[str, str], list[Problem]]:
    """Every generated page; a failure while rendering becomes a problem line, never a traceback."""
    try:
        return renderer.pages(), []
    except Exception as err:  # noqa: BLE001 - reported as a problem, with where it happened
        frame = next((f for f in reversed(traceback.extract_tb(err.__traceback__))
                      if f.filename.endswith(".j2")), None)
        template = f" (template {Path(frame.filename).name}, line {frame.lineno})" if frame else ""
        return {}, [Problem(renderer.current or "hooks/kb/templates", 0, "",
                            f"cannot be shown: {type(err).__name__}: {err}{template}")]
