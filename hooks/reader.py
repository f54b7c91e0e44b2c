"""MkDocs hook: what the reader gets from the theme, per language (issue 10).

Wired in mkdocs.yml (`hooks:`). Small event functions over pure helpers (`split_index`,
`fix_html`) that tests and tools/ call directly:

- on_config: puts the page language's interface words (group `theme` of hooks/kb/strings.yaml) in
  config.extra.reader, for the theme overrides.
- on_post_page: fixes what the theme writes outside any overridable block or partial:
  the heading links' "Permanent link" title (from the toc extension) in the page's language,
  and `autocomplete` on Material's two hidden checkboxes (not allowed there: Nu checker).
- on_post_template: one 404 page per language: /404.html (Indonesian) and /en/404.html.
  Both builds write /404.html, so the English one is moved to en/.
- on_post_build: mkdocs-static-i18n writes ONE search index with both languages (whatever
  `reconfigure_search` says). It is split into one index per language (search/ and en/search/),
  each with its own lunr pipeline (no English stemmer or stop words for Indonesian), and without
  the "cite this page" sections.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from mkdocs.plugins import event_priority

from kb.strings import group


# lunr pipeline per language (Material's worker removes the functions not listed).
# Indonesian: lunr has no Indonesian stemmer or stop-word list; English ones would mangle words.
PIPELINES = {"id": ["trimmer"], "en": ["trimmer", "stopWordFilter", "stemmer"]}
SEPARATOR = r"[\s\-]+"
# Sections left out of the index by their heading anchor (the generated "cite this page" box).
EXCLUDED_ANCHORS = ("kutip-halaman-ini", "cite-this-page")


class State:
    """Per-build state (reset in on_startup, not module globals that outlive `serve` rebuilds)."""

    def __init__(self, dirty: bool = False):
        self.not_found: dict[str, str] = {}
        self.dirty = dirty  # `serve --dirty`: each rebuild indexes only the pages it rebuilt
        self.search_docs: list[dict] = []  # the whole index so far, in a dirty preview


STATE = State()


def on_startup(command, dirty):
    global STATE
    STATE = State(dirty)


def languages(config) -> tuple[str, str]:
    """(current language, default language) of this build."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        lang = config.theme.get("language") or "en"
        return lang, lang
    return i18n.current_language or i18n.default_language, i18n.default_language


def on_config(config):
    search = config.plugins.get("material/search")
    if search is not None:
        # In `serve --dirty`, Material keeps the last index and merges each rebuild into it on the
        # assumption that one page changed. With mkdocs-static-i18n's two builds per rebuild it merged
        # whole copies: the preview's index doubled at every edit (13 entries, 403 of 416 duplicates after
        # three edits) and each rebuild slowed with it. on_post_build merges by page instead.
        search.is_dirty = False
    lang, default = languages(config)
    config.extra["reader"] = {"lang": lang, "root": "" if lang == default else f"{lang}/", **group("theme", lang)}
    return config


TAG = re.compile(r"<[^>]+>")  # result teasers read as plain text; the index is ~5% smaller
TOGGLE = re.compile(r'(<input class="md-toggle"[^>]*?) autocomplete="off"')


def fix_html(html: str, words: dict) -> str:
    html = html.replace(' title="Permanent link"', f' title="{words["permalink"]}"')
    return TOGGLE.sub(r"\1", html)


def on_post_page(output, page, config):
    return fix_html(output, config.extra["reader"])


def on_post_template(output, template_name, config):
    if template_name != "404.html":
        return output
    output = fix_html(output, config.extra["reader"])
    lang, default = languages(config)
    STATE.not_found[lang] = output
    if lang == default:
        return output
    path = Path(config.site_dir) / lang / "404.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(output, encoding="utf-8")
    # Keep the default language's page at the root (GitHub Pages serves only /404.html).
    return STATE.not_found.get(default, output)


def merge_search_docs(previous: list[dict], rebuilt: list[dict]) -> list[dict]:
    """The index after a dirty rebuild: the rebuilt pages' entries replace theirs, the others stay."""
    pages = {doc["location"].partition("#")[0] for doc in rebuilt}
    return [doc for doc in previous if doc["location"].partition("#")[0] not in pages] + rebuilt


def split_index(index: dict, languages: list[str], default: str) -> dict[str, dict]:
    """One search index per language: entries by location prefix, cite sections left out."""
    out = {}
    for lang in languages:
        prefix = "" if lang == default else f"{lang}/"
        others = tuple(f"{other}/" for other in languages if other != default and other != lang)

        def mine(location: str) -> bool:
            if prefix:
                return location.startswith(prefix)
            return not location.startswith(others)

        docs = [dict(doc, text=TAG.sub("", doc["text"])) for doc in index["docs"]
                if mine(doc["location"]) and doc["location"].rpartition("#")[2] not in EXCLUDED_ANCHORS]
        config = dict(index["config"], lang=["en"], separator=SEPARATOR,
                      pipeline=PIPELINES.get(lang, ["trimmer"]))
        out[lang] = {"config": config, "docs": docs}
    return out


@event_priority(-200)  # after mkdocs-static-i18n (-100) has written the combined index
def on_post_build(config):
    i18n = config.plugins.get("i18n")
    if i18n is None or i18n.building:
        return  # a language's own build inside the i18n plugin: the final index comes later
    site = Path(config.site_dir)
    path = site / "search" / "search_index.json"
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    if STATE.dirty:
        index["docs"] = STATE.search_docs = merge_search_docs(STATE.search_docs, index["docs"])
    default = i18n.default_language
    for lang, part in split_index(index, list(i18n.build_languages), default).items():
        target = site / ("" if lang == default else lang) / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(part, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
