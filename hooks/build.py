"""MkDocs hook: wires the knowledge base (hooks/kb) into the build.

Each event only calls into kb; the logic and its tests live there. The same
generation runs without MkDocs as `python -m kb generate`.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import time
from pathlib import Path

from mkdocs.exceptions import PluginError

from kb import csp, preview
from kb.conversion import PageConverter
from kb.glossary import abbreviation_lines, link_first_mentions
from kb.languages import DEFAULT, LANGUAGES, of_source
from kb.problems import DataError
from kb.project import GENERATED, Project
from kb.render import TEMPLATES, CompiledTemplates, Renderer  # noqa: F401  (Renderer: the type of HOOK.renderer)
from kb.strings import FILE as STRINGS_FILE, Strings

ROOT = Path(__file__).resolve().parent.parent
log = logging.getLogger("mkdocs.hooks.kb")


class Hook:
    """What the hook keeps between events of one MkDocs process: a fresh one at every start."""

    def __init__(self, preview_mode: bool):
        self.project = Project(ROOT, preview=preview_mode)
        self.renderer: Renderer | None = None
        self.words = Strings()
        self.abbreviations: dict[str, str] = {}  # per language: the Markdown definitions for prose pages
        self.flagged: set[Path] = set()  # pages showing the preview's problem box, rebuilt when it changes
        self.seconds = 0.0
        self.by_event: dict[str, float] = {}
        self.theme_templates = CompiledTemplates()  # Material's, compiled once per process (on_env)
        self.conversions = {"workers": 0, "mkdocs": 0, "mismatched": 0}  # generated pages converted to HTML by


HOOK = Hook(False)


def _timed(event):
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return event(*args, **kwargs)
        finally:
            spent = time.perf_counter() - started
            HOOK.seconds += spent
            HOOK.by_event[event.__name__] = HOOK.by_event.get(event.__name__, 0.0) + spent
    wrapper.__name__ = event.__name__
    return wrapper


def on_startup(command, dirty):
    global HOOK
    HOOK = Hook(command == "serve")


@_timed
def on_pre_build(config):
    project = HOOK.project
    fingerprint = project.fingerprint()
    if fingerprint == project.last_fingerprint:
        return  # the i18n plugin builds once per language: generate once per change
    started = time.perf_counter()
    try:
        # A build renders (and converts) its pages while MkDocs converts the first ones (on_pre_page), in a process
        # that builds once and ends (freeze: kb.project.Project.start); a preview
        # renders only what an edit touched, before MkDocs looks at which files changed.
        outcome = project.generate() if project.preview else project.start(freeze=True, convert=PageConverter(config))
    except DataError as err:
        raise failed(err, "nothing was built") from None
    for problem in outcome.errors:
        log.error(str(problem))
    for problem in outcome.notices:
        log.warning(str(problem))
    if outcome.errors:
        log.error("Data errors: the preview keeps the last good pages until they are fixed.")
        outcome.kb, outcome.renderer = project.outcome.kb, project.outcome.renderer
    else:
        if outcome.stream is None:
            log.info(f"kb: {len(outcome.report.written)} page(s) written, {outcome.report.unchanged} unchanged, "
                     f"{len(outcome.report.removed)} removed ({len(outcome.pages)} rendered of "
                     f"{len(outcome.paths)}) in {time.perf_counter() - started:.2f} s")
        else:
            log.info(f"kb: data checked in {time.perf_counter() - started:.2f} s; rendering {len(outcome.paths)} "
                     f"pages while MkDocs builds")
        HOOK.words = outcome.renderer.words
        HOOK.renderer = outcome.renderer
        HOOK.abbreviations = {lang: abbreviation_lines(outcome.kb, lang) for lang in LANGUAGES}
    if project.preview:
        # `serve --dirty` rebuilds only pages whose file changed: touch the pages of the records named in the
        # problem box (shown on every page it rebuilds), and of those named last time, so the box appears
        # and goes on the pages a maintainer is looking at.
        flagged = {project.docs / page for problem in outcome.errors + outcome.notices
                   for page in project.pages_of(problem.file)}
        for page in flagged | HOOK.flagged:
            if page.is_file():
                page.touch()
        HOOK.flagged = flagged
    if project.preview and outcome.renderer is not None:
        # The downloads and feeds (0.6 s at 1,000 records) are made in a forked worker while MkDocs rebuilds
        # the pages; on_post_build writes them, as in a full build.
        outcome.stream = project.publish(outcome)
    outcome.pages = {}  # written to docs/ already: no need to hold every page in memory through the build
    project.outcome = outcome
    project.last_fingerprint = fingerprint


@_timed
def on_pre_page(page, config, files):
    """Wait until the workers rendering the pages (kb.workers.Stream) have written this one; MkDocs then
    reads it from docs/ as usual. If a worker converted it to HTML too, the page takes that conversion
    in place of converting it (kb.conversion.Converted.install: only if MkDocs would have made the same)."""
    stream = HOOK.project.outcome.stream
    if stream is not None and page.file.src_uri in stream.paths:
        try:
            converted = stream.take(page.file.src_uri)
        except DataError as err:
            raise failed(err) from None
        if converted is None:
            HOOK.conversions["mkdocs"] += 1
        else:
            page.render = functools.partial(_install, converted, page)
    return page


def _install(converted, page, config, files) -> None:
    if converted.install(page, config, files):
        HOOK.conversions["workers"] += 1
    else:
        HOOK.conversions["mkdocs"] += 1
        HOOK.conversions["mismatched"] += 1


def failed(err: DataError, outcome: str = "the build stopped") -> PluginError:
    for problem in err.problems:
        log.error(str(problem))
    return PluginError(f"{len(err.problems)} problem(s) in data/ or docs/ (listed above); {outcome}.")


@_timed
def on_env(env, config, files):
    """Every page is read: before MkDocs writes any, the checks of the data's texts that a build leaves to
    the workers (kb.project.Project.start) must have passed. The theme's templates, in the new environment
    of each build (and language), come compiled from the last one."""
    stream = HOOK.project.outcome.stream
    if stream is not None:
        try:
            stream.checked()
        except DataError as err:
            raise failed(err) from None
    env.bytecode_cache = HOOK.theme_templates
    return env


@_timed
def on_page_markdown(markdown, page, config, files):
    lang = config.plugins["i18n"].current_language
    if HOOK.renderer is not None and page.file.src_uri.split("/")[0] not in GENERATED:
        # Hand-written pages: markers and abbreviation tooltips. Generated pages have their tooltips
        # already (claims are rendered with the glossary's abbreviations) and no markers.
        markdown = HOOK.renderer.expand_markers(markdown, page.file.src_uri, lang)
        markdown = f"{markdown}\n\n{HOOK.abbreviations[lang]}\n"
    prefix = ""
    if HOOK.project.preview:
        outcome = HOOK.project.outcome
        prefix += preview.banner(outcome.errors + outcome.notices, HOOK.words, lang)
        if lang != DEFAULT and of_source(page.file.src_uri) != lang:
            prefix += preview.fallback(HOOK.words, lang)
    return prefix + markdown


@_timed
def on_page_content(html, page, config, files):
    """Link the first mention of each glossary term in the hand-written pages (generated ones did it already)."""
    if HOOK.renderer is None or page.file.src_uri.split("/")[0] in GENERATED:
        return html
    lang = config.plugins["i18n"].current_language
    site = HOOK.project.site
    return link_first_mentions(html, HOOK.renderer.terms[lang], lambda id: site.path("glossary/index", lang, id))


@_timed
def on_post_page(output, page, config):
    if HOOK.project.preview:
        return output  # `mkdocs serve` injects its live-reload script inline after this: no policy in a preview
    return csp.with_policy(output)


def on_serve(server, config, builder):
    # Generation writes into docs/: watching those folders would rebuild every edit twice.
    docs = Path(config.docs_dir)
    server.unwatch(str(docs))
    for child in docs.iterdir():
        if child.name not in GENERATED:
            server.watch(str(child))
    for path in (ROOT / "data", TEMPLATES, STRINGS_FILE):
        server.watch(str(path))
    return server


@_timed
def on_post_build(config):
    # mkdocs-static-i18n builds the other languages inside its own on_post_build (priority -100), after
    # this one, without cleaning site/: the files written here stay. The workers render and convert the
    # pages of every language (finish() waits for them): the files published beside the pages are
    # written after the last language's build, the last one to take its pages.
    outcome = HOOK.project.outcome
    i18n = config.plugins["i18n"]
    last = ([lang for lang in i18n.build_languages if lang != i18n.default_language] or [DEFAULT])[-1]
    if i18n.current_language == last and outcome.renderer is not None:
        if outcome.stream is None:
            published = HOOK.project.published_files(outcome)
        else:
            try:
                written, published = outcome.stream.finish()
            except DataError as err:
                raise failed(err) from None
            if outcome.stream.paths:
                by = HOOK.conversions
                log.info(f"kb: {written} page(s) written anew, {len(outcome.report.removed)} removed; pages "
                         f"converted to HTML: {by['workers']} by the workers, {by['mkdocs']} by MkDocs "
                         f"({by['mismatched']} of them because the worker's conversion did not match)")
            outcome.stream = None  # every page is written: let the published files go once they are
        for relative, content in published.items():
            target = Path(config.site_dir) / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
    if os.environ.get("KB_TIMINGS"):
        import resource  # noqa: PLC0415 - only for the benchmark

        usage = resource.getrusage(resource.RUSAGE_SELF)  # this process alone, not the workers
        Path(os.environ["KB_TIMINGS"]).write_text(json.dumps({
            "seconds": HOOK.seconds, "events": HOOK.by_event, "process_cpu": usage.ru_utime + usage.ru_stime}))
