"""A knowledge base project on disk, and the one way to check and generate it.

`Project(root).validate()` loads and checks data/ and the prose pages (what
`make check` runs). `check()` also renders every page in memory, on every core
(kb.workers); `generate()` writes the pages into docs/, only those whose content
changed. Neither depends on MkDocs: `python -m kb generate` and the MkDocs hook
both call them. State lives on the object, never in module globals.

Two things are kept between runs. What each record file says on its own
(kb.cache) is read again only when its bytes change. In a preview, the pages
of the last render are kept with the records each one read, so that an edit
renders again only the pages that read the edited record (`touched_keys`).
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import export, feeds, prose, redirects, terminology, workers
from .addresses import site_url
from .cache import Store, context_key, salt
from .history import substantive_changes, version
from .languages import DEFAULT, LANGUAGES
from .load import at, load
from .model import COLLECTIONS, KnowledgeBase
from .problems import DataError, Problem, dotted
from .render import TEMPLATES, Renderer, make_environment
from .schema import load as load_schemas
from .strings import FILE as STRINGS_FILE, Strings
from .urls import Site, source_path
from .writer import SyncReport, reserve, sync, tidy, write

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
    pages: dict[str, str] = field(default_factory=dict)  # the pages rendered by this run (all, or those an edit touched)
    jobs: list = field(default_factory=list)  # every generated page (kb.render.Job)
    report: SyncReport | None = None
    notices: list[Problem] = field(default_factory=list)  # shown, not fatal (missing translations in a preview)
    errors: list[Problem] = field(default_factory=list)  # a preview keeps the last good pages
    stream: "workers.Stream | None" = None  # pages still being rendered (start())
    texts_check: object = None  # validate(texts_later=True): the checks of the data's texts, still to run (a
                                # generator function: texts_check())

    @property
    def paths(self) -> set[str]:
        return {job.path for job in self.jobs}


@dataclass
class Sources:
    """What a render is made from, as far as telling which pages an edit touches needs."""

    context: tuple  # site address, version, strings, templates, schemas, glossary, the set of records
    records: dict[tuple, tuple]  # record key -> (digest of its file, date of its last change)
    neighbours: dict[tuple, set]  # record key -> keys of the records it links to or is linked from


@dataclass
class Previous:
    """The last render in a preview: what it was made from, and each page with the keys it read."""

    sources: Sources
    pages: dict[str, tuple[str, frozenset]]  # path -> (Markdown, keys read)


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
        self.store_file = self.root / ".cache" / "kb" / "store.pickle"  # kb.cache: what each record file says
        self.store: Store | None = None
        self.previous: Previous | None = None  # kept in a preview only, where edits come one at a time
        self._interface: tuple | None = None  # (what it was read from, schemas, strings, problems): interface()

    def fingerprint(self) -> tuple:
        """Changes whenever a data file, a schema, a template, the strings or a prose page changes."""
        paths = [*self.data.rglob("*"), *TEMPLATES.rglob("*"), STRINGS_FILE]
        paths += [p for p in self.docs.rglob("*.md") if p.relative_to(self.docs).parts[0] not in GENERATED]
        return tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths if p.is_file()))

    def validate(self, texts_later: bool = False) -> Outcome:
        """Load and check the data and the prose pages, without rendering the pages.
        Raises DataError (in a preview: only for errors; missing translations become notices).

        texts_later: leave the checks of the data's texts (their links and images, which needs each
        Markdown text converted; avoided terms) to `outcome.texts_check()`, for start() to run in a worker."""
        schema_dir = self.data / "schema"
        store_salt = salt(schema_dir)
        if self.store is None or self.store.salt != store_salt:
            self.store = Store(self.store_file, store_salt)
        schemas, words, problems = self.interface(store_salt)
        self.store.prefetch(self.data, schemas)
        try:
            kb, notices = load(self.data, strict_translations=not self.preview, schemas=schemas, files=self.store)
        except DataError as err:
            self.store.save()
            raise DataError(problems + err.problems) from None
        removed, found = redirects.load_removed(self.root, schemas)
        problems += found + redirects.check_ids(kb, removed)
        in_git = (self.root / ".git").exists()  # a copy outside git (tests, a download) dates files by mtime
        renderer = Renderer(kb, self.site, words, changed=substantive_changes(self.root, use_git=in_git),
                            schemas=schemas, version=version(self.root) if in_git else self.built[:10],
                            built=self.built, environment=self.environment, analyses=self.store.analyses)
        store = self.store

        if not texts_later:
            for lang, texts in markdown_texts(kb).items():
                renderer.markdown[lang].prepare(texts)
            problems += finished(texts_check(kb, renderer, store.remembered))
        store.save()
        jobs = renderer.jobs()
        if self.docs.is_dir():
            written = prose.prose_pages(self.docs, GENERATED)
        else:
            written = {}
            problems.append(Problem("docs/", 0, "", "folder missing; expected the hand-written pages "
                                    "(index.md, bantuan.md and the others) in a docs/ folder beside data/"))
        markers = {p.name[7:-6] for p in TEMPLATES.glob("marker-*.md.j2")}
        for problem in prose.check(written, {job.path for job in jobs}, markers, self.root):
            (notices if problem.kind == "translation" and self.preview else problems).append(problem)
        problems += terminology.avoided_in_prose(kb, written, self.root)
        if problems:
            raise DataError(problems)
        return Outcome(kb=kb, renderer=renderer, jobs=jobs, notices=notices,
                       texts_check=(lambda: texts_check(kb, renderer, store.remembered)) if texts_later else None)

    def interface(self, schemas_salt: str) -> tuple:
        """(schemas, strings, the strings' problems), read again only when the schemas, the code or the strings
        file changed: a preview or a run of checks in one process reads them once, and an edit to either
        takes effect at the next validate()."""
        strings = STRINGS_FILE.read_bytes()
        if self._interface is None or self._interface[0] != (schemas_salt, strings):
            schemas = load_schemas(self.data / "schema")
            words = Strings()
            self._interface = ((schemas_salt, strings), schemas, words, words.check(schemas))
        _, schemas, words, problems = self._interface
        return schemas, words, list(problems)

    def check(self) -> Outcome:
        """Validate, then render the pages in memory: every page, or in a preview those an edit touched."""
        outcome = self.validate()
        renderer = outcome.renderer
        jobs = outcome.jobs
        previous = self.previous if self.preview else None
        now = Sources(context(renderer, self.store.salt), record_states(renderer), neighbours(renderer.kb)) \
            if self.preview else None
        touched = touched_keys(previous.sources, now) if previous else None
        if touched is not None:
            keys, records = touched
            jobs = [job for job in jobs if job.path not in previous.pages or previous.pages[job.path][1] & keys
                    or (job.collection, job.record) in records]
        rendered, failures = workers.render(renderer, jobs)
        if failures:
            raise DataError(failures)
        outcome.pages = {path: text for path, (text, _) in rendered.items()}
        if self.preview:
            pages = {**previous.pages, **rendered} if touched is not None else rendered
            self.previous = Previous(now, {job.path: pages[job.path] for job in outcome.jobs})
        return outcome

    def generate(self) -> Outcome:
        """Check, then write the generated pages into docs/. In a preview, errors are returned, not raised."""
        try:
            outcome = self.check()
        except DataError as err:
            if not self.preview:
                raise
            return Outcome(errors=err.problems)
        outcome.report = sync(outcome.pages, self.docs, GENERATED, keep=outcome.paths)
        return outcome

    def start(self, cores: int | None = None, freeze: bool = False, convert=None) -> Outcome:
        """Validate, then render and write every page in forked workers while the caller goes on
        (`outcome.stream`, kb.workers.Stream): a full MkDocs build converts the first pages while the
        last are rendered. Pages that do not exist yet are created empty first, so that MkDocs finds them.

        The checks of the data's texts (validate(texts_later=True)) run in the first worker, a few
        records at a time while it is ahead of the caller, and are done before it renders the first page
        of another language; the caller learns their outcome from `stream.checked()` (the hook asks
        before MkDocs writes a page). That worker then adds the converted texts to kb.cache for the next
        check.

        convert: a function (path, Markdown) the workers call on each page they render, unless the
        caller takes it first (kb.workers.Stream; the MkDocs hook converts pages to HTML: kb.conversion).

        freeze: the calling process builds once and ends (`mkdocs build`). Everything loaded so far is
        moved out of the garbage collector's sight (gc.freeze) before the workers are forked: no process
        walks the loaded data again, and the workers do not copy the memory pages it sits on."""
        outcome = self.validate(texts_later=True)
        outcome.report = SyncReport(removed=tidy(self.docs, GENERATED, outcome.paths))
        reserve(self.docs, outcome.paths)
        if freeze:
            gc.collect()
            gc.freeze()
        store = self.store

        def check_texts():
            found = yield from outcome.texts_check()
            store.save(forget=False)  # this worker's copy of the store, with every text converted
            return found

        outcome.stream = workers.Stream(outcome.renderer, sorted(outcome.jobs, key=build_order),
                                        deliver=lambda path, text: write(self.docs, path, text),
                                        extra=lambda: self.published_files(outcome), workers=cores,
                                        check=check_texts, check_before=lambda job: job.lang != DEFAULT,
                                        convert=convert)
        return outcome

    def publish(self, outcome: Outcome) -> "workers.Stream":
        """The files published beside the pages (published_files), made in a forked worker while the caller
        goes on: `finish()` returns them. A preview uses it; a full build's stream makes them anyway."""
        return workers.Stream(outcome.renderer, [], deliver=None, extra=lambda: self.published_files(outcome),
                              workers=2)

    def pages_of(self, file: str) -> list[str]:
        """The generated pages (under docs/) of the record in a data file named as in a problem."""
        parts = Path(file).parts
        if len(parts) != 3 or parts[0] != "data" or parts[1] not in RECORD_FOLDERS:
            return []
        return [source_path(parts[1], Path(file).stem, lang) for lang in LANGUAGES]

    def published_files(self, outcome: Outcome) -> dict[str, bytes]:
        """Files that sit beside the pages: downloads, schemas, feeds, redirects of renamed records."""
        renderer = outcome.renderer
        found = dict(export.files(outcome.kb, renderer.schemas, renderer.info))
        found.update(redirects.redirect_files(outcome.kb, renderer.info))
        for lang in LANGUAGES:
            found[feeds.feed_path(lang)] = feeds.atom(feeds.changes(outcome.kb, renderer.changed), lang,
                                                      renderer.info)
        return found


def build_order(job) -> tuple:
    """The order in which MkDocs reads the pages: the default language's build first, then the others';
    within one, folders walked in name order, each folder's files before its subfolders, index first."""
    *folders, name = job.path.split("/")
    return (job.lang != DEFAULT, *((1, folder) for folder in folders), (0, not name.startswith("index."), name))


def markdown_texts(kb: KnowledgeBase) -> dict[str, list[str]]:
    """{language: every Markdown text of the data in it}."""
    found: dict[str, list[str]] = {lang: [] for lang in LANGUAGES}
    for record in kb.all():
        for path in record.markdown:
            found[path[-1]].append(at(record.data, path))
    return found


def markdown_checker(kb: KnowledgeBase, renderer: Renderer, remembered=None):
    """check(record) -> the links and images in the record's Markdown texts that the site cannot show
    safely, by file, line and field. remembered: kb.cache.Store.remembered; what a record's texts may
    link to depends on which records exist."""
    context = context_key((sorted(r.key for r in kb.all()), [renderer.markdown[lang].salt for lang in LANGUAGES]))

    def find(record) -> list[Problem]:
        return [Problem(record.file, record.line(path), dotted(path), message)
                for path in record.markdown
                for message in renderer.markdown[path[-1]].problems(at(record.data, path))]

    return (lambda record: remembered("markdown", record, context, find)) if remembered else find


def texts_check(kb: KnowledgeBase, renderer: Renderer, remembered=None, step: int = 16):
    """The checks of the data's texts (markdown_checker, then terminology.checker), as a generator
    that pauses after every `step` records (kb.workers.Stream runs it between pages); its problems are
    the generator's value (`problems = yield from texts_check(...)`, or `finished(texts_check(...))`)."""
    problems: list[Problem] = []
    for check in (markdown_checker(kb, renderer, remembered), terminology.checker(kb, remembered)):
        for count, record in enumerate(kb.all(), 1):
            problems += check(record)
            if count % step == 0:
                yield
    return problems


def finished(steps) -> list:
    """Run a generator such as texts_check to its end: its value."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


# -- which pages an edit touches -------------------------------------------------------------

def context(renderer: Renderer, schemas_salt: str) -> tuple:
    """Everything every page may depend on: when it changes, every page is rendered again."""
    files = sorted(p for p in TEMPLATES.rglob("*") if p.is_file()) + [STRINGS_FILE]
    terms = tuple((t.id, t.digest) for t in renderer.kb.collection("terms"))
    records = tuple(sorted(record.key for record in renderer.kb.all()))
    return (renderer.site.url, renderer.info.version, renderer.info.built, schemas_salt,
            tuple(hashlib.sha1(p.read_bytes()).hexdigest() for p in files), terms, records)


def record_states(renderer: Renderer) -> dict[tuple, tuple]:
    return {record.key: (record.digest, renderer.changed.get(record.file)) for record in renderer.kb.all()}


def neighbours(kb: KnowledgeBase) -> dict[tuple, set]:
    found: dict[tuple, set] = {}
    for record in kb.all():
        for link in record.links_out:
            found.setdefault(record.key, set()).add(link.target.key)
            found.setdefault(link.target.key, set()).add(record.key)
    return found


def touched_keys(before: Sources, now: Sources) -> tuple[frozenset, frozenset] | None:
    """What an edit touches: (keys, records), or None when every page must be rendered again.

    A page is rendered again if it read one of the keys: an edited record, its collection (the pages
    that list it), ("all",) (the pages that list every record). A record's own pages are rendered again
    if it is one of the records: those an edited record links to now and did not before, or the other
    way round (their lists of related records gain or lose it; those that lose it read it, so they are
    among the first kind already)."""
    if now.context != before.context:
        return None
    edited = {key for key, state in now.records.items() if before.records.get(key) != state}
    if not edited:
        return frozenset(), frozenset()
    keys = set(edited) | {("all",)} | {("collection", key[0]) for key in edited}
    records = set()
    for key in edited:
        records |= before.neighbours.get(key, set()) ^ now.neighbours.get(key, set())
    return frozenset(keys), frozenset(records)
