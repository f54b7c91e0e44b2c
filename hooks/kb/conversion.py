"""Generated pages converted to HTML as MkDocs converts them, by the workers that render them.

MkDocs converts every page's Markdown in its own process, on one core: about half of what a build
spends per page. The workers that render the generated pages (kb.workers.Stream) can convert them as
well, while MkDocs is busy elsewhere; MkDocs' process then takes the result (`Converted.install`, in
place of `Page.render`) instead of converting the page itself.

`PageConverter` does what `mkdocs.structure.pages.Page.render` (MkDocs 1.6) does around
Python-Markdown: the same extensions and settings; a link to another page's source (`../x.md#a`)
rewritten to that page's address relative to this one, as mkdocs-static-i18n's suffix layout places
it (`x.md` -> `x/`, English pages under `en/`, falling back to the default language's page); the
anchors the page holds and the links to anchors it makes, for MkDocs' anchor validation. It converts
the Markdown as MkDocs hands it to conversion after mkdocs-static-i18n's `on_page_markdown` (which
rejoins the lines).

A result is used only where MkDocs would have made the same (`Converted.targets`): the Markdown MkDocs
would convert, the extensions and their settings, the page's own address and every link's target
(found in MkDocs' own files of the build, at the address the converter gave it) are checked page by
page. Anything else, and every page the converter cannot do (no title in its front matter; an
absolute link or a link to no page, about which MkDocs warns), is converted by MkDocs as usual.
"""

from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

import markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE
from mkdocs.structure.pages import Page, _ExtractAnchorsTreeprocessor, _RawHTMLPreprocessor
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

from .languages import DEFAULT
from .prose import base_of
from .urls import page_path


def settings_key(config) -> str:
    """What the conversion depends on in MkDocs' configuration (mkdocs-static-i18n may not change it)."""
    return repr((config["markdown_extensions"], config["mdx_configs"]))


def digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def address(page: str, lang: str) -> str:
    """The URL MkDocs gives a page ('actors/x' or 'index', kb.urls.page_path) in lang, relative to the
    site: 'actors/x/' or 'en/actors/x/', './' or 'en/' for the home page."""
    return page_path(page, lang) or "./"


@dataclass
class Converted:
    """One page converted in a worker: what Page.render would have set, and what it was made from."""

    path: str  # its source under docs/
    html: str
    toc: list  # Python-Markdown's toc_tokens
    anchors: frozenset  # ids in the page (MkDocs: present_anchor_ids)
    links: tuple  # (target source, its address, anchor, link as written) of every link to a page, itself included
    page_url: str
    markdown_digest: str
    settings: str

    def targets(self, page, config, files) -> list | None:
        """The file (in MkDocs' files of this build) of every link's target, if MkDocs, converting this page
        now, would make exactly this conversion; else None."""
        if page.markdown is None or digest(page.markdown) != self.markdown_digest:
            return None
        if settings_key(config) != self.settings or page.file.url != self.page_url:
            return None
        found = []
        for target, url, _anchor, _link in self.links:
            file = page.file if target is None else files.get_file_from_path(target)
            if file is None or file.url != url or file.inclusion.is_excluded():
                return None
            found.append(file)
        return found

    def install(self, page, config, files) -> bool:
        """In place of page.render(config, files): this result if it matches, else MkDocs converts the
        page itself. Whether this result was used."""
        targets = self.targets(page, config, files)
        if targets is None:
            Page.render(page, config, files)
            return False
        page.content = self.html
        page.toc = get_toc(self.toc)
        page.present_anchor_ids = set(self.anchors)
        links: dict = {}
        for file, (_target, _url, anchor, link) in zip(targets, self.links):
            if anchor:
                links.setdefault(file, {}).setdefault(anchor, link)
        page.links_to_anchors = links
        return True


class PageConverter:
    """Converts a generated page's Markdown (front matter included) as MkDocs would: `converter(path,
    text)` is a Converted, or None for a page left to MkDocs. The pages a link may lead to are the
    Markdown files of docs/ when first asked (every generated page exists by then: kb.writer.reserve)."""

    def __init__(self, config):
        self.extensions = list(config["markdown_extensions"])
        self.extension_configs = dict(config["mdx_configs"] or {})
        self.settings = settings_key(config)
        self.docs = Path(config["docs_dir"])
        self._sources: set[str] | None = None

    def sources(self) -> set[str]:
        if self._sources is None:
            self._sources = {p.relative_to(self.docs).as_posix() for p in self.docs.rglob("*.md")}
        return self._sources

    def page_address(self, target: str, lang: str) -> str | None:
        """The address of the page a link names by its source (no language suffix), in lang, as
        mkdocs-static-i18n resolves it: the page in lang, else the default language's (fallback)."""
        page = target.removesuffix(".md")
        if page == target or "." in posixpath.basename(page) or posixpath.basename(page) == "README":
            return None  # not a page's source, a source with a language suffix, or MkDocs' README rule
        sources = self.sources()
        candidates = [target] if lang == DEFAULT else [f"{page}.{lang}.md", target]
        return address(page, lang) if any(c in sources for c in candidates) else None

    def __call__(self, path: str, text: str) -> Converted | None:
        page, lang = base_of(path)
        source, meta = get_data(text)
        if not meta.get("title"):
            return None
        source = "\n".join(source.splitlines())  # as mkdocs-static-i18n's on_page_markdown hands it on
        page_url = address(page, lang)
        md = markdown.Markdown(extensions=self.extensions, extension_configs=self.extension_configs)
        # The anchors a page holds, found by MkDocs' own two extractors, registered as Page.render does
        # (the tree's ids, and those of raw HTML). The first takes MkDocs' file, files and config, unused.
        raw_html, tree = _RawHTMLPreprocessor(), _ExtractAnchorsTreeprocessor(None, None, None)
        raw_html._register(md)
        tree._register(md)
        links = _Links(md, path, page_url, lambda target: self.page_address(target, lang))
        md.treeprocessors.register(links, "relpath", 0)  # MkDocs' name and place for the same job
        html = md.convert(source)
        if links.unresolved:
            return None
        anchors = frozenset(tree.present_anchor_ids | raw_html.present_anchor_ids)
        return Converted(path=path, html=html, toc=getattr(md, "toc_tokens", []), anchors=anchors,
                         links=tuple(links.found), page_url=page_url, markdown_digest=digest(source),
                         settings=self.settings)


class _Links(Treeprocessor):
    """MkDocs' _RelativePathTreeprocessor for the links generated pages make: to another page's source,
    relative to this page's, or to an anchor of this page."""

    def __init__(self, md, src_uri: str, page_url: str, resolve):
        super().__init__(md)
        self.src_uri = src_uri
        self.page_url = page_url
        self.resolve = resolve
        self.found: list[tuple] = []
        self.unresolved: list[str] = []

    def run(self, root):
        for element in root.iter():
            key = "href" if element.tag == "a" else "src" if element.tag == "img" else None
            if key is not None:
                element.set(key, self.rewrite(element.get(key)))

    def rewrite(self, url: str) -> str:
        scheme, netloc, path, query, anchor = urlsplit(url)
        if scheme or netloc or AMP_SUBSTITUTE in url:
            return url
        if url.startswith(("/", "\\")):  # MkDocs has a word to say about absolute links: leave the page to it
            self.unresolved.append(url)
            return url
        if not path:
            if anchor:
                self.found.append((None, self.page_url, anchor, url))
            return url
        target = posixpath.normpath(posixpath.join(posixpath.dirname(self.src_uri), unquote(path)).lstrip("/"))
        target_url = self.resolve(target)
        if target_url is None:
            self.unresolved.append(url)
            return url
        self.found.append((target, target_url, anchor, url))
        return urlunsplit(("", "", get_relative_url(target_url, self.page_url), query, anchor))

