"""Where things live on the published site, and what the site says about itself.

One place for the rules every publishing module shares (downloads, metadata,
feeds, redirects): the site's absolute address, a record's page address in
each language, and plain text for places where Markdown means nothing (feeds,
meta tags, CSV cells).

The addresses themselves come from urls.py (one rule for the whole build):
Indonesian at the root, other languages under /<lang>/, a record with its own
page at <collection>/<id>/, terms, sources and series as anchors on the page
that lists them (glossary/#<id>, sources/#<id>, figures/#<id>).
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass, field

from . import urls
from .languages import prefix
from .model import BY_NAME, DEFAULT_LANGUAGE, LANGUAGES, Record

LICENCE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
# Collections without a page per record, and the page that lists them.
SHARED_PAGES = {c.name: c.page for c in BY_NAME.values() if not c.pages}
# BCP 47 tags and Open Graph locales of the site's languages.
LOCALES = {"id": "id_ID", "en": "en_GB"}

@dataclass(frozen=True)
class SiteInfo:
    """What every published file says about the site: address, name, version, build time."""

    url: str  # absolute, with the project path, ending in "/": https://user.github.io/repo/
    name: dict = field(default_factory=dict)  # {"id": ..., "en": ...}
    version: str = ""  # the git commit the build was made from (or a date outside git)
    built: str = ""  # UTC time of the build, ISO 8601: 2026-11-29T19:00:00Z

    def __post_init__(self):
        object.__setattr__(self, "url", normalise_url(self.url))

    def site_name(self, lang: str) -> str:
        return text_in(self.name, lang)

    def home(self, lang: str) -> str:
        return self.url + prefix(lang)

    def built_date(self) -> str:
        return self.built[:10]


def normalise_url(url: str) -> str:
    """'https://u.github.io/repo' -> 'https://u.github.io/repo/'."""
    url = (url or "").strip()
    return url if url.endswith("/") else url + "/"


def site_url(default: str, environ=os.environ) -> str:
    """The site's address: $SITE_URL (set by the workflow from configure-pages) or the default."""
    return normalise_url(environ.get("SITE_URL") or default)


def record_path(record: Record, lang: str) -> str:
    """A record's address relative to the site root: 'en/actors/bp2mi/', 'glossary/#tppo'."""
    page, anchor = urls.page_of(record)
    return urls.Site("http://x/").path(page, lang, anchor).removeprefix("/")


def record_url(site: SiteInfo, record: Record, lang: str) -> str:
    return urls.Site(site.url).record_url(record, lang)


def docs_target(record: Record) -> str:
    """A Markdown link target to the record, relative to docs/ (the i18n plugin localises it)."""
    return urls.markdown_link(record, "index.md")


def relative(from_dir: str, to_path: str) -> str:
    """Relative href from a page's folder ('en/data/') to a site path ('data/actors.json')."""
    target = posixpath.relpath(to_path or ".", from_dir.rstrip("/") or ".")
    return target + "/" if to_path.endswith("/") and not target.endswith("/") else target


def text_in(value, lang: str) -> str:
    """The text of a bilingual mapping in one language; plain strings as they are."""
    if isinstance(value, dict):
        other = "en" if lang == DEFAULT_LANGUAGE else DEFAULT_LANGUAGE
        return str(value.get(lang) or value.get(other) or "")
    return "" if value is None else str(value)


def title(record: Record, lang: str) -> str:
    """A record's name as a title: the source's title, or the name with its abbreviation."""
    if record.collection.name == "sources":
        return str(record.get("title", record.id))
    name = text_in(record.get("name"), lang) or record.id
    abbr = record.get("abbr")
    return f"{name} ({abbr})" if abbr and abbr not in name else name


_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_AUTOLINK = re.compile(r"<((?:https?|mailto|tel):[^>\s]+)>")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")


def plain(markdown: str) -> str:
    """Markdown reduced to its words: links to their labels, emphasis marks dropped, one line."""
    text = _LINK.sub(r"\1", str(markdown))
    text = _AUTOLINK.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\2", text)
    text = re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "", text, flags=re.MULTILINE)
    return " ".join(text.split())


def summary(record: Record, lang: str) -> str:
    """The record's first claim (its summary), or a term's definition, as plain text."""
    if record.get("claims"):
        return plain(text_in(record["claims"][0]["text"], lang))
    for name in ("definition", "note"):
        if record.get(name):
            return plain(text_in(record[name], lang))
    return ""


def shorten(text: str, limit: int = 300) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


__all__ = ["LANGUAGES", "LICENCE", "SiteInfo", "prefix", "record_path", "record_url", "site_url", "plain",
           "title"]
