"""Where every page lives: source paths under docs/, addresses on the site.

MkDocs serves `actors/bp2mi.md` at `actors/bp2mi/` (directory URLs) and the
i18n plugin puts English under `en/`. Glossary terms and sources have no page
of their own: they are anchors on the glossary and the bibliography.
"""

from __future__ import annotations

import posixpath
from urllib.parse import urlsplit

from . import languages
from .model import BY_NAME, Record


def source_path(collection: str, id: str, lang: str) -> str:
    """Source file of a generated page under docs/: actors/bp2mi.md or actors/bp2mi.en.md."""
    return f"{collection}/{id}{languages.suffix(lang)}.md"


# The bibliography is one page per kind of work, so that no page grows with every source added;
# sources/ itself lists every source (each with its old anchor, sources/#<id>) and links to its entry.
SOURCE_GROUPS = {"article": "research", "report": "research", "book": "research", "news": "news", "web": "news",
                 "law": "laws"}


def source_group(record: Record) -> str:
    return SOURCE_GROUPS.get(record.get("kind"), "research")


def page_of(record: Record) -> tuple[str, str]:
    """(page source without language suffix, anchor) where a record is shown."""
    collection = record.collection
    if collection.pages:
        return f"{collection.name}/{record.id}", ""
    if collection.name == "sources":
        return f"sources/{source_group(record)}/index", record.id
    return f"{collection.page}/index", record.id


def markdown_link(record: Record, from_source: str) -> str:
    """A link MkDocs resolves and checks: ../agreements/mou.md or ../glossary/index.md#wni."""
    page, anchor = page_of(record)
    target = _relative(page + ".md", posixpath.dirname(from_source) or ".")
    return target + (f"#{anchor}" if anchor else "")


def _relative(target: str, folder: str) -> str:
    """posixpath.relpath for the two shapes generated pages have (same folder, or one folder down)."""
    target_folder, _, name = target.rpartition("/")
    if target_folder == folder:
        return name
    if folder != "." and "/" not in folder:
        return f"../{target}" if target_folder else f"../{name}"
    return posixpath.relpath(target, folder)


def page_path(page: str, lang: str) -> str:
    """Path of a page ('actors/bp2mi' or 'index') from the site's root: 'en/actors/bp2mi/', '' for the home page."""
    folder = "" if page in ("index", "") else page.removesuffix("/index") + "/"
    return f"{languages.prefix(lang)}{folder}"


class Site:
    """The published address of the site: https://<user>.github.io/<repo>/."""

    def __init__(self, url: str):
        self.url = (url or "http://127.0.0.1:8000/").rstrip("/") + "/"
        self.base = urlsplit(self.url).path or "/"  # "/kb-tppo-kamboja/"

    def path(self, page: str, lang: str, anchor: str = "") -> str:
        """Absolute path of a page ('actors/bp2mi' or 'index'): /kb-tppo-kamboja/en/actors/bp2mi/."""
        return f"{self.base}{page_path(page, lang)}" + (f"#{anchor}" if anchor else "")

    def record_path(self, record: Record, lang: str) -> str:
        page, anchor = page_of(record)
        return self.path(page, lang, anchor)

    def absolute(self, path: str) -> str:
        """The full address of an absolute path."""
        return self.url.rstrip("/").removesuffix(self.base.rstrip("/")) + path

    def record_url(self, record: Record, lang: str) -> str:
        return self.absolute(self.record_path(record, lang))

    def resolver(self, kb, lang: str):
        """For Markdown texts: (folder, id, anchor) of a written link -> path of an existing page, or None."""

        def resolve(folder: str, id: str, anchor: str | None):
            collection = BY_NAME.get(folder)
            if collection and collection.pages and kb.find(folder, id):
                return self.path(f"{folder}/{id}", lang, anchor or "")
            for listed in BY_NAME.values():
                if not listed.pages and listed.page == folder and id == "index":
                    if anchor is None or kb.find(listed.name, anchor):
                        return self.path(f"{folder}/index", lang, anchor or "")
            if folder == "timeline" and id == "index" and anchor is None:
                return self.path("timeline/index", lang)
            return None

        return resolve
