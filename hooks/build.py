"""MkDocs hook: wires the knowledge base (hooks/kb) into the build.

Each event only calls into kb; the logic and its tests live there.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from kb import site
from kb.problems import DataError
from kb.render import TEMPLATES

ROOT = Path(__file__).resolve().parent.parent
log = logging.getLogger("mkdocs.hooks.kb")


def on_startup(command, dirty):
    site.STATE.preview = command == "serve"
    site.STATE.fingerprint = None


def on_pre_build(config):
    # The i18n plugin runs a whole build per language: generate once per change.
    fingerprint = site.fingerprint(ROOT)
    if fingerprint == site.STATE.fingerprint:
        return
    try:
        outcome = site.generate(ROOT, preview=site.STATE.preview, site_url=config.site_url or "")
    except DataError as err:
        for problem in err.problems:
            log.error(str(problem))
        raise PluginError(f"{len(err.problems)} problem(s) in data/ or docs/ (listed above); nothing was built.")
    for problem in outcome.errors:
        log.error(str(problem))
    for problem in outcome.notices:
        log.warning(str(problem))
    if outcome.errors:
        log.error("Data errors: the preview keeps the last good pages until they are fixed.")
        outcome.kb = site.STATE.outcome.kb
    elif outcome.report:
        log.info(f"kb: {len(outcome.report.written)} page(s) written, {outcome.report.unchanged} unchanged, "
                 f"{len(outcome.report.removed)} removed")
    site.STATE.outcome = outcome
    site.STATE.fingerprint = fingerprint


def on_page_content(html, page, config, files):
    outcome = site.STATE.outcome
    if outcome.kb is None:
        return html
    lang = config.plugins["i18n"].current_language
    return site.link_terms(html, outcome.kb, lang, page.file.src_uri, lambda url: get_relative_url(url, page.url))


def on_serve(server, config, builder):
    server.watch(str(ROOT / "data"))
    server.watch(str(TEMPLATES))
    return server


def on_page_markdown(markdown, page, config, files):
    lang = config.plugins["i18n"].current_language
    outcome = site.STATE.outcome
    if outcome.kb is not None:
        try:
            markdown = site.expand_markers(markdown, outcome.kb, lang, page.file.src_uri)
        except DataError as err:
            raise PluginError(err.report()) from None
        markdown = site.with_abbreviations(markdown, outcome.kb, lang)
    prefix = ""
    if site.STATE.preview:
        prefix += site.notice_banner(outcome.errors + outcome.notices, lang)
        if lang != "id" and not page.file.abs_src_path.endswith(f".{lang}.md"):
            prefix += site.fallback_notice(lang)
    return prefix + markdown if prefix else markdown
