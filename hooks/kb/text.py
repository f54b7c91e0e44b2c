"""Text from data on its way into a page: escaped unless it is declared Markdown.

There are two paths, and only two:

- `escape(value)` turns any value into Markdown source that can only ever show
  as that text: in running text, at the start of a line, inside a raw HTML
  block and inside a double-quoted attribute. The renderer applies it to every
  template expression by default (Jinja's `finalize`), so a template that
  forgets a filter is still safe. Pieces the renderer builds itself are `Safe`
  and pass unchanged.
- `MarkdownRenderer.render(text)` is the one path for fields whose schema
  declares Markdown (`contentMediaType: text/markdown`): HTML in the text is
  escaped before Python-Markdown sees it (so it shows as text), block syntax
  that would become page structure (headings, rules, quotes, code blocks) is
  switched off, every link and image is checked, and nh3 cleans the result
  with an allow-list as a second wall.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field

import markdown
import nh3
from markdown.extensions.abbr import AbbrExtension, AbbrTreeprocessor

from . import workers


class KeptAbbreviations(AbbrTreeprocessor):
    """Python-Markdown's abbreviation step, with its pattern compiled once per set of abbreviations instead
    of once per text (the glossary's 80 abbreviations escaped and compiled for each of thousands of texts:
    a quarter of the time Markdown took). Registered in place of the extension's own, same name and
    priority (markdown/extensions/abbr.py)."""

    _kept: tuple = ()

    def run(self, root):
        if not self.abbrs:
            return
        key = tuple(self.abbrs)
        if key != self._kept:
            self._kept = key
            self.RE = re.compile(r"\b(?:" + "|".join(re.escape(k) for k in sorted(key, key=len, reverse=True)) + r")\b")
        self.iter_element(root)


class Safe(str):
    """Markdown or HTML built by the renderer from escaped parts: output as it is."""


# Characters with a meaning in Markdown, HTML or attribute values: always written as references.
_ALWAYS = {
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "\\": "&#92;", "`": "&#96;",
    "*": "&#42;", "_": "&#95;", "[": "&#91;", "]": "&#93;", "{": "&#123;", "}": "&#125;", "#": "&#35;",
    "|": "&#124;", "~": "&#126;",
}
_ALWAYS_RE = re.compile("[" + re.escape("".join(_ALWAYS)) + "]")
# At the start of a line these begin a block (list, admonition, definition, setext heading); escape the first.
_LINE_START = re.compile(r"^ ?(?:[-+!%.:=^$]|\d+[.)])")
_SPACE = re.compile(r"\s+")
# Characters that change how text reads without showing: refused in data (see `invisible`), dropped here.
INVISIBLE = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                       "\u2066-\u2069\ufeff\ufff9-\ufffb]")


# Anything escape() would change: most names and labels have none of it, and pass unchanged.
_NEEDS_ESCAPE = re.compile(r"[^\S ]| {2}|" + _ALWAYS_RE.pattern + "|" + INVISIBLE.pattern + "|" + _LINE_START.pattern)


def escape(value) -> Safe:
    """Any value as inline text that Markdown and HTML show literally, on one line."""
    if isinstance(value, Safe):
        return value
    if isinstance(value, str) and not _NEEDS_ESCAPE.search(value):
        return Safe(value)
    return escape_fully(value)


def escape_fully(value) -> Safe:
    """escape() without its shortcut (the tests check that both agree)."""
    text = INVISIBLE.sub("", _SPACE.sub(" ", "" if value is None else str(value)))
    text = _ALWAYS_RE.sub(lambda m: _ALWAYS[m.group(0)], text)
    text = _LINE_START.sub(lambda m: m.group(0)[:-1] + f"&#{ord(m.group(0)[-1])};", text)
    return Safe(text)


def attribute(value) -> Safe:
    """A value for a double-quoted HTML attribute written by the theme (no Markdown around it)."""
    text = INVISIBLE.sub("", _SPACE.sub(" ", "" if value is None else str(value))).strip()
    return Safe(text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;"))


def external(url: str, text=None) -> Safe:
    """A link to another site as inline HTML; refuses anything but http(s), mailto and tel."""
    if not isinstance(url, str) or not url.lower().startswith(SCHEMES) or re.search(r"[\s<>\"'`]", url):
        raise ValueError(f"refused link '{url}'")
    return Safe(f'<a href="{attribute(url)}">{escape(text if text is not None else url)}</a>')


def plain(value) -> str:
    """Text with its whitespace collapsed and invisible characters dropped (for JSON, CSV, SVG)."""
    return INVISIBLE.sub("", _SPACE.sub(" ", "" if value is None else str(value))).strip()


def invisible(value: str) -> str | None:
    """The name of the first invisible or direction-changing character in value, if any."""
    match = INVISIBLE.search(value)
    if not match:
        return None
    char = match.group(0)
    return f"U+{ord(char):04X} {unicodedata.name(char, 'control character')}"


# -- Markdown fields ---------------------------------------------------------------------------

SCHEMES = ("http://", "https://", "mailto:", "tel:")
TAGS = {"p", "em", "strong", "a", "ul", "ol", "li", "code", "br", "abbr"}
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^<>\s\"']+)>")
# Anything Markdown could read as syntax (or a line break, or an address to link): such texts take the full path.
_MARKUP = re.compile(r"[*_\[\]<>&`\\#|~!\n\r\t:\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
                     r"|^\s|\s$|^[-+=]|^\d+[.)]|  ")
_ANY_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^<>\s]*)>")
_HREF = re.compile(r"<(a|img)\b[^>]*?\b(href|src)=\"([^\"]*)\"")
_INTERNAL = re.compile(r"^(?:\.\./)*(?:\./)?([a-z]+)/([a-z0-9-]+)\.md(?:#([a-z0-9-]+))?$")


@dataclass
class Rendered:
    html: Safe
    problems: list[str] = field(default_factory=list)  # one message per refused link or image


NO_PAGE = "link '{target}' leads to no page of this site; expected an existing record, such as ../actors/bp2mi.md"


@dataclass(frozen=True)
class Analysis:
    """What Python-Markdown made of a text, before links to this site are resolved: the HTML, the problems
    that need no knowledge of the site, and the links to pages of this site (written ../actors/bp2mi.md)."""

    html: str
    problems: tuple[str, ...]
    internal: tuple[tuple[str, tuple], ...]  # (target as written, (folder, id, anchor))


class MarkdownRenderer:
    """Markdown of one language to clean HTML. `resolve(folder, id, anchor)` maps a link to a page
    of this site (written `../actors/bp2mi.md`) to its URL, or None if there is no such page.
    analyses: a dict kept between runs (kb.cache), keyed by the text and the abbreviations."""

    def __init__(self, abbreviations: dict[str, str], resolve, analyses: dict | None = None):
        self.resolve = resolve
        self.titles = {abbr: html.escape(title, quote=True) for abbr, title in abbreviations.items()}
        self.abbr = re.compile(r"\b(" + "|".join(re.escape(a) for a in sorted(abbreviations, key=len, reverse=True))
                               + r")\b") if abbreviations else None
        self.glossary = abbreviations
        self.salt = repr(sorted(abbreviations.items()))
        self._md: markdown.Markdown | None = None
        self.analyses = {} if analyses is None else analyses
        self.cache: dict[str, Rendered] = {}

    @property
    def md(self) -> markdown.Markdown:
        if self._md is None:  # built on first use: most runs find every text analysed already
            self._md = markdown.Markdown(extensions=[AbbrExtension(glossary=self.glossary)])
            for name in ("hashheader", "setextheader", "hr", "quote", "code", "indent"):
                if name in self._md.parser.blockprocessors:
                    self._md.parser.blockprocessors.deregister(name)
            abbreviations = self._md.treeprocessors["abbr"]
            self._md.treeprocessors.register(KeptAbbreviations(self._md, abbreviations.abbrs), "abbr", 7)
        return self._md

    def render(self, text: str) -> Rendered:
        if text in self.cache:
            return self.cache[text]
        if not _MARKUP.search(text):
            # Most texts use no Markdown at all: the same paragraph Python-Markdown would make, faster.
            body = html.escape(text, quote=False)
            if self.abbr:
                body = self.abbr.sub(lambda m: f'<abbr title="{self.titles[m.group(1)]}">{m.group(1)}</abbr>', body)
            result = Rendered(Safe(nh3.clean(f"<p>{body}</p>", tags=TAGS, attributes={"abbr": {"title"}})))
            self.cache[text] = result
            return result
        analysis = self.analyse(text)
        internal, problems = self._resolved(analysis)

        def attribute_filter(tag, name, value):
            if tag == "a" and name == "href":
                if value.lower().startswith(SCHEMES):
                    return value
                return internal.get(value)
            return value

        clean = nh3.clean(analysis.html, tags=TAGS, attributes={"a": {"href"}, "abbr": {"title"}},
                          url_schemes={"http", "https", "mailto", "tel"}, attribute_filter=attribute_filter,
                          link_rel="noopener")
        result = Rendered(Safe(clean), problems)
        self.cache[text] = result
        return result

    def prepare(self, texts) -> None:
        """Analyse, on every core, the texts with Markdown that were not analysed before."""
        todo = sorted({text for text in texts if (self.salt, text) not in self.analyses and _MARKUP.search(text)})
        for text, analysis in zip(todo, workers.mapped(self._analyse, todo)):
            self.analyses[(self.salt, text)] = analysis

    def problems(self, text: str) -> list[str]:
        """What render(text).problems says, without cleaning the HTML (for checking only)."""
        if text in self.cache:
            return self.cache[text].problems
        if not _MARKUP.search(text):
            return []
        return self._resolved(self.analyse(text))[1]

    def _resolved(self, analysis: Analysis) -> tuple[dict[str, str], list[str]]:
        """{link to this site as written: its URL}, and the text's problems, with links to no page."""
        internal: dict[str, str] = {}
        problems = list(analysis.problems)
        for target, parts in analysis.internal:
            url = self.resolve(*parts)
            if url:
                internal[target] = url
            else:
                problems.append(NO_PAGE.format(target=target))
        return internal, problems

    def analyse(self, text: str) -> Analysis:
        key = (self.salt, text)
        found = self.analyses.get(key)
        if found is None:
            found = self.analyses[key] = self._analyse(text)
        return found

    def _analyse(self, text: str) -> Analysis:
        source = INVISIBLE.sub("", str(text))
        autolinks: list[str] = []

        def keep(match: re.Match) -> str:
            autolinks.append(match.group(1))
            return f"\x02{len(autolinks) - 1}\x03"

        problems = [f"link '{target}' is not allowed; expected http(s), mailto, tel or a page of this site"
                    for target in _ANY_AUTOLINK.findall(source) if not target.lower().startswith(SCHEMES)]
        source = _AUTOLINK.sub(keep, source)
        source = source.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        source = re.sub("\x02(\\d+)\x03", lambda m: f"<{autolinks[int(m.group(1))]}>", source)
        converted = self.md.reset().convert(source)
        internal = []
        for tag, _, target in _HREF.findall(converted):
            target = _unescape(target)
            if tag == "img":
                problems.append(f"image '{target}' is not allowed in text; expected a link")
            elif target.lower().startswith(SCHEMES):
                continue
            elif found := _INTERNAL.match(target):
                internal.append((target, found.groups()))
            else:
                problems.append(f"link '{target}' is not allowed; expected http(s), mailto, tel or a page "
                                "of this site such as ../actors/bp2mi.md")
        return Analysis(converted, tuple(problems), tuple(internal))


def _unescape(value: str) -> str:
    return html.unescape(value)
