"""Turn the knowledge base into Markdown pages, one per record and language.

`Renderer(...).pages()` returns {path under docs/: Markdown}. Every template
expression is escaped unless it is `Safe` (built here from escaped parts):
see text.py. Indonesian pages are `<folder>/<id>.md`, English ones
`<folder>/<id>.en.md` (the i18n plugin's suffix layout).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

from babel.numbers import format_decimal
from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined, pass_context

from . import citations, dates, export, feeds, metadata, pictures, timeline
from .addresses import SiteInfo
from .claims import tally
from .glossary import abbreviations, link_first_mentions, terms_for
from .languages import LANGUAGES, LOCALES, prefix
from .model import BY_NAME, COLLECTIONS, KnowledgeBase, Record, note_reads, reading
from .prose import MARKER, base_of
from .strings import Strings
from .text import MarkdownRenderer, Safe, attribute, escape, external, plain
from .urls import SOURCE_GROUPS, Site, markdown_link, source_group, source_path

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"

# Fields shown under "Key facts", in this order, with how to show them.
FACTS = (
    ("kind", "kind"), ("number", "plain"), ("country", "country"), ("jurisdiction", "jurisdiction"),
    ("parent", "refs"), ("parties", "refs"), ("participants", "refs"), ("operator", "refs"),
    ("operators", "refs"), ("signed", "date"), ("passed", "date"), ("enacted", "date"), ("adopted", "date"),
    ("in_force", "date"), ("date", "date"), ("period", "period"), ("launched", "date"), ("value", "value"),
    ("definition", "text"), ("measured_by", "refs"), ("attributed_to", "refs"), ("series", "refs"),
    ("agreements", "refs"), ("instruments", "refs"), ("ratifies", "refs"), ("amends", "refs"),
    ("actors", "refs"), ("url", "url"), ("contact", "contact"), ("audience", "text"),
)
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Job:
    """One generated page: its path under docs/, its language, and what it shows."""

    path: str
    lang: str
    kind: str  # record, index, sources-index, sources, timeline, network, data, changes, glossary
    collection: str = ""  # the collection (record, index), or the bibliography's group (sources)
    record: str = ""  # the record's id (record)


def sort_name(text: str) -> str:
    return text.casefold()


class Renderer:
    """Renders every generated page of one knowledge base."""

    def __init__(self, kb: KnowledgeBase, site: Site, words: Strings, changed: dict[str, str] | None = None,
                 templates: Path = TEMPLATES, schemas=None, version: str = "", built: str = "",
                 environment: Environment | None = None, analyses: dict | None = None):
        self.kb = kb
        self.site = site
        self.schemas = schemas
        self.info = SiteInfo(site.url, name=words.table["site"]["name"], version=version, built=built)
        self.words = words
        self.changed = changed or {}
        self.current = ""  # the record being rendered, named if rendering fails
        self.memo: dict[tuple, object] = {}  # values every page asks for again: names, numbers, dates, charts
        self.entries = timeline.entries(kb)
        self.entries_of = timeline.by_record(self.entries)
        self.markdown = {lang: MarkdownRenderer(abbreviations(kb, lang), site.resolver(kb, lang), analyses)
                         for lang in LANGUAGES}
        self.terms = {lang: terms_for(kb, lang) for lang in LANGUAGES}
        self.series_members = pictures.series_figures(kb)
        self.env = environment or make_environment(templates)
        self.env.filters.update(join=self.join, date=self.date, period=self.period, number=self.number,
                                md=self.md, pages=self.pages_label, reference=self.reference, url=self.url,
                                tr=lambda value, lang: plain(value[lang]) if isinstance(value, dict) else plain(value))
        self.env.globals.update(label=self.label, word=self.words.label, link=self.link, hlink=self.hlink, cite=self.cite,
                                hcite=self.hcite, facts=self.facts, name=self.name, short=self.short,
                                collections=COLLECTIONS, entry_label=self.entry_label, claim=self.claim,
                                tally=self.tally, plural=self.plural, front_matter=self.front_matter,
                                anchor=anchor, cited_by=self.cited_by, about_statuses=self.about_statuses,
                                map_of=self.map_of, chart_of=self.chart_of, series_of=self.series_of,
                                cite_formats=self.cite_formats, share=self.share,
                                members=lambda series: self.series_members.get(series.id, []),
                                path_of=lambda source: self.site.path(*base_of(source)),
                                reviewed=next((s for s in kb.collection("sources") if s.get("role") ==
                                               "reviewed-article"), None))

    def remembered(self, key: tuple, compute):
        """The value for key, computed once per render of the site. A page that reuses it counts as having
        read what computing it read."""
        found = self.memo.get(key)
        if found is None:
            with reading() as reads:
                value = compute()
            found = self.memo[key] = (value, frozenset(reads))
        else:
            note_reads(found[1])
        return found[0]

    # -- words -------------------------------------------------------------------------

    def label(self, group: str, key: str, lang: str) -> Safe:
        return escape(self.words.label(group, key, lang))

    def plural(self, count: int, key: str, lang: str) -> Safe:
        """'1 entri', '3 entries': the strings hold {one, other} forms."""
        form = "one" if count == 1 else "other"
        return escape(self.words.label("counted", f"{key}_{form}", lang).format(n=self.number(count, lang)))

    def join(self, items, separator=", ") -> Safe:
        return Safe(escape(separator).join(escape(item) for item in items))

    def date(self, value, lang: str) -> str:
        return dates.display(dates.parse(value), lang)

    def period(self, value: dict, lang: str) -> str:
        end = dates.parse(value["end"]) if value.get("end") else None
        return dates.display_range(dates.parse(value["start"]), end, lang, self.words.label("words", "since", lang))

    def number(self, value, lang: str) -> str:
        return self.remembered(("number", value, lang), lambda: format_decimal(value, locale=LOCALES[lang]))

    def pages_label(self, pages, lang: str) -> str:
        return citations.pages_label(pages, self.words, lang)

    def reference(self, source: Record, lang: str) -> Safe:
        return citations.reference(source, self.words, lang)

    def url(self, value: str, text: str | None = None) -> Safe:
        return external(value, text)

    def md(self, value, lang: str) -> Safe:
        return self.markdown[lang].render(value[lang]).html

    # -- records -----------------------------------------------------------------------

    def name(self, record: Record, lang: str) -> Safe:
        return escape(self.name_text(record, lang))

    def name_text(self, record: Record, lang: str) -> str:
        return self.remembered(("name", record.key, lang), lambda: self._name_text(record, lang))

    def _name_text(self, record: Record, lang: str) -> str:
        if record.collection.name == "sources":
            return citations.short_citation(record, self.words, lang)
        name = record["name"][lang]
        abbr = record.get("abbr")
        return f"{name} ({abbr})" if abbr and abbr not in name else name

    def short(self, record: Record, lang: str) -> Safe:
        return escape(self.short_text(record, lang))

    def short_text(self, record: Record, lang: str) -> str:
        """The record's short name as text (pictures escape it themselves)."""
        if record.get("short"):
            return record["short"][lang]
        return record.get("abbr") or self.name_text(record, lang)

    @pass_context
    def link(self, context, record: Record, lang: str, text=None) -> Safe:
        """A Markdown link from the page being rendered; MkDocs rewrites and checks it."""
        return Safe(f"[{escape(text if text is not None else self.name_text(record, lang))}]"
                    f"({markdown_link(record, context['path'])})")

    def hlink(self, record: Record, lang: str, text=None) -> Safe:
        """An HTML link by absolute path, for raw HTML blocks."""
        return Safe(f'<a href="{attribute(self.site.record_path(record, lang))}">'
                    f"{escape(text if text is not None else self.name_text(record, lang))}</a>")

    @pass_context
    def cite(self, context, citation: dict, lang: str) -> Safe:
        source = self.kb.get("sources", citation["source"])
        text = self.link(context, source, lang)
        if citation.get("pages"):
            text += escape(", " + self.pages_label(citation["pages"], lang))
        if citation.get("note"):
            text += escape(": " + citation["note"][lang])
        return Safe(text)

    def hcite(self, citation: dict, lang: str) -> Safe:
        source = self.kb.get("sources", citation["source"])
        text = self.hlink(source, lang)
        if citation.get("pages"):
            text += escape(", " + self.pages_label(citation["pages"], lang))
        if citation.get("note"):
            text += escape(": " + citation["note"][lang])
        return Safe(text)

    def claim(self, record: Record, index: int, lang: str, first: bool = False, anchor: bool = True) -> Safe:
        """One claim as an HTML block: its text, its status in words, who says so, and the article's words.
        anchor: give it the id claim-N (on the record's own page only: elsewhere ids could repeat)."""
        claim = record["claims"][index]
        body = self.markdown[lang].render(claim["text"][lang]).html
        if first:
            body = Safe(link_first_mentions(body, self.terms[lang],
                                            lambda id: self.site.path("glossary/index", lang, id)))
        return Safe(self.env.get_template("claim.html.j2").render(
            claim=claim, index=index, body=body, lang=lang, record=record, anchor=anchor).strip())

    def tally(self, record: Record, lang: str) -> Safe:
        parts = [f"{self.words.label('statuses', status, lang)}: {self.number(count, lang)}"
                 for status, count in tally(record)]
        return escape(" · ".join(parts))

    def facts(self, record: Record, lang: str) -> list[tuple[str, str, object]]:
        """(label, how, value) for each key fact the record has."""
        found = []
        for field, how in FACTS:
            value = record.get(field)
            if value in (None, [], {}) or (field == "definition" and record.collection.name == "terms"):
                continue
            if how == "refs":
                value = record.targets(field)
            found.append((self.label("fields", field, lang), how, value))
        return found

    def entry_label(self, entry: timeline.Entry, lang: str) -> str:
        """'5–9 Juli 2021' or 'sejak 2015', for a timeline entry."""
        return self.remembered(("entry", id(entry), lang), lambda: self._entry_label(entry, lang))

    def _entry_label(self, entry: timeline.Entry, lang: str) -> str:
        if entry.field == "period":
            return dates.display_range(entry.start, entry.end, lang, self.words.label("words", "since", lang))
        return dates.display(entry.start, lang)

    def description(self, record: Record, lang: str) -> str:
        """The first claim as plain text, for <meta name="description"> (attribute-escaped there)."""
        text = html.unescape(_TAGS.sub("", self.markdown[lang].render(record["claims"][0]["text"][lang]).html))
        text = plain(text)
        return text if len(text) <= 160 else text[:157].rsplit(" ", 1)[0] + "…"

    def front_matter(self, title: str, description: str = "", search: bool = True, head: str = "") -> Safe:
        """YAML front matter. The theme writes the title into <title> unescaped, so it is escaped here; the
        description is escaped by overrides/main.html. head: HTML for <head>, built by kb.metadata."""
        lines = [f"title: {json.dumps(attribute(title))}"]
        if description:
            lines.append(f"description: {json.dumps(plain(description))}")
        if head:
            lines.append(f"kb_head: {json.dumps(head)}")
        if not search:
            lines.append("search:\n  exclude: true")
        return Safe("---\n" + "\n".join(lines) + "\n---\n")

    def citation(self, record: Record, lang: str) -> str:
        return citations.citation_text(self.name_text(record, lang), self.changed.get(record.file),
                                       self.words.label("site", "name", lang), self.site.record_url(record, lang),
                                       self.words, lang)

    def source_groups(self, sources: list[Record]) -> list[tuple[str, list[Record]]]:
        """The bibliography's pages, in a fixed order, each with its sources (already sorted)."""
        order = list(dict.fromkeys(SOURCE_GROUPS.values()))
        return [(group, [s for s in sources if source_group(s) == group]) for group in order
                if any(source_group(s) == group for s in sources)]

    def cited_by(self, source: Record) -> list[Record]:
        """Records (not other sources) that cite a source, each once, by name."""
        citing = {link.source.key: link.source for link in source.links_in
                  if link.source.collection.name != "sources"}
        return sorted(citing.values(), key=lambda r: (r.collection.name, sort_name(self.name_text(r, "id"))))

    # -- pictures (kb.pictures draws them; escaping happens there) ----------------------------

    def _picture(self, svg: str, kind: str) -> Safe:
        if not svg:
            return Safe("")
        return Safe(f'<figure class="kb-picture kb-picture-{kind}"><div class="kb-scroll">{svg}</div></figure>')

    def map_of(self, record: Record | None, lang: str) -> Safe:
        """Who works with whom: the whole knowledge base, or centred on one record."""
        svg = pictures.relationship_map(
            self.kb, lang, href=lambda r: self.site.record_path(r, lang), label=lambda r: plain(self.short_text(r, lang)),
            kind_label=lambda c: self.words.label("collections", c, lang), centre=record,
            title=self.words.label("headings", "map", lang) + (f": {self.name_text(record, lang)}" if record else ""),
            width=pictures.NARROW if record else pictures.WIDE,
            field_label=lambda f: self.words.label("fields", f, lang))
        return self._picture(svg, "map")

    def series_of(self, figure: Record) -> Record | None:
        return self.kb.find("series", figure["series"]) if figure.get("series") else None

    def chart_of(self, series: Record, lang: str) -> Safe:
        return self.remembered(("chart", series.id, lang), lambda: self._chart_of(series, lang))

    def _chart_of(self, series: Record, lang: str) -> Safe:
        members = self.series_members.get(series.id, [])
        svg = pictures.series_chart(series, members, lang, lambda value: self.number(value, lang),
                                    href=lambda r: self.site.record_path(r, lang), tr=lambda text: text[lang])
        return self._picture(svg, "chart")

    def strip(self, lang: str) -> Safe:
        svg = pictures.timeline_strip(self.entries, lang, href=lambda r: self.site.record_path(r, lang),
                                      label=lambda r: plain(self.short_text(r, lang)),
                                      kind_label=lambda c: self.words.label("collections", c, lang),
                                      title=self.words.label("headings", "timeline", lang),
                                      since=self.words.label("words", "since", lang))
        return self._picture(svg, "timeline")

    # -- metadata and citation formats (kb.metadata) -------------------------------------

    def cite_formats(self, record: Record, lang: str) -> Safe:
        return Safe(metadata.cite_markdown(record, lang, self.info, self.changed.get(record.file)))

    def head(self, record: Record, lang: str) -> str:
        return metadata.head(record, lang, self.info, self.changed.get(record.file)) + "\n" + \
            feeds.head_link(lang, self.info)

    def listing_head(self, records: list[Record], lang: str, page: str, name: str) -> str:
        return metadata.script(metadata.listing_jsonld(records, lang, self.info, prefix(lang) + page, name))

    def share(self, title: str, path: str, lang: str) -> Safe:
        from .share import whatsapp_html
        return Safe(whatsapp_html(title, self.site.absolute(path), lang))

    def about_statuses(self, lang: str) -> Safe:
        return attribute(self.site.path("tentang", lang, "status"))

    # -- pages -------------------------------------------------------------------------

    def expand_markers(self, markdown: str, path: str, lang: str) -> str:
        """Replace `<!-- kb:channels -->` lines of a prose page (checked to exist by `make check`)."""
        return MARKER.sub(lambda m: self.render(f"marker-{m.group(1)}.md.j2", path, lang), markdown)

    def render(self, template: str, path: str, lang: str, **context) -> str:
        return self.env.get_template(template).render(path=path, lang=lang, kb=self.kb, **context)

    def jobs(self) -> list[Job]:
        """Every generated page, as a small description that `page()` turns into Markdown."""
        found: list[Job] = []
        for collection in COLLECTIONS:
            if not collection.pages:
                continue
            records = self.kb.records.get(collection.name, {})
            for lang in LANGUAGES:
                found.append(Job(source_path(collection.name, "index", lang), lang, "index", collection.name))
                found += [Job(source_path(collection.name, id, lang), lang, "record", collection.name, id)
                          for id in records]
        for lang in LANGUAGES:
            found.append(Job(source_path("sources", "index", lang), lang, "sources-index"))
            groups = dict.fromkeys(source_group(s) for s in self.kb.records.get("sources", {}).values())
            found += [Job(source_path(f"sources/{group}", "index", lang), lang, "sources", group)
                      for group in dict.fromkeys(SOURCE_GROUPS.values()) if group in groups]
            for kind in ("timeline", "network", "data", "changes", "glossary"):
                if kind != "data" or self.schemas is not None:
                    found.append(Job(source_path(kind, "index", lang), lang, kind))
        return found

    def pages(self, jobs: list[Job] | None = None) -> dict[str, str]:
        return {job.path: self.page(job) for job in (self.jobs() if jobs is None else jobs)}

    def page(self, job: Job) -> str:
        """The Markdown of one generated page."""
        lang, path = job.lang, job.path
        self.current = f"data/{job.collection}/{job.record}.yaml" if job.kind == "record" else path
        if job.kind == "record":
            record = self.kb.get(job.collection, job.record)
            return self.render("record.md.j2", path, lang, record=record, related=self._related(record, lang),
                               entries=self.entries_of.get(record.key, []), citation=self.citation(record, lang),
                               title=self.name_text(record, lang), head=self.head(record, lang),
                               description=self.description(record, lang))
        if job.kind == "index":
            collection = BY_NAME[job.collection]
            ordered = sorted(self.kb.collection(collection.name), key=lambda r: sort_name(self.name_text(r, lang)))
            figures = collection.name == "figures"
            return self.render("figures.md.j2" if figures else "index.md.j2", path, lang, collection=collection,
                               records=ordered, groups=self.figure_groups(lang) if figures else [])
        if job.kind in ("sources-index", "sources"):
            sources = self.remembered(("sources", lang), lambda: sorted(
                self.kb.collection("sources"), key=lambda s: sort_name(citations.short_citation(s, self.words, lang))))
            groups = self.source_groups(sources)
            if job.kind == "sources":
                return self.render("sources.md.j2", path, lang, sources=dict(groups)[job.collection],
                                   group=job.collection)
            return self.render("sources-index.md.j2", path, lang, sources=sources, groups=groups,
                               head=self.listing_head(sources, lang, "sources/",
                                                      self.words.label("collections", "sources", lang)))
        if job.kind == "timeline":
            entries = self.timeline_entries()
            kinds = [c for c in COLLECTIONS if c.name in timeline.ON_TIMELINE and any(e.kind == c.name for e in entries)]
            actor_ids = {actor for entry in entries for actor in entry.actors()}
            actors = sorted((a for a in self.kb.collection("actors") if a.id in actor_ids),
                            key=lambda r: sort_name(self.short_text(r, lang)))
            return self.render("timeline.md.j2", path, lang, years=timeline.by_year(entries), strip=self.strip(lang),
                               kinds=kinds, actors=actors, total=len(entries))
        if job.kind == "network":
            return self.render("network.md.j2", path, lang, rows=pictures.relationship_facts(self.kb))
        if job.kind == "data":
            title = self.words.label("headings", "data", lang)
            head = metadata.script(metadata.dataset_jsonld(self.info, lang, prefix(lang) + "data/", title,
                                                           self.words.label("intro", "data", lang),
                                                           export.download_paths()))
            return self.front_matter(title, head=head, search=False) + "\n" + \
                export.data_page(self.kb, self.schemas, self.info, lang)
        if job.kind == "changes":
            return self.front_matter(self.words.label("headings", "changes", lang), search=False) + "\n" + \
                feeds.changes_page(feeds.changes(self.kb, self.changed), lang)
        if job.kind == "glossary":
            terms = sorted(self.kb.collection("terms"), key=lambda t: sort_name(t.get("abbr") or t["name"][lang]))
            return self.render("glossary.md.j2", path, lang, terms=terms, head=self.listing_head(
                terms, lang, "glossary/", self.words.label("collections", "terms", lang)))
        raise ValueError(f"no such kind of page: {job.kind}")

    def timeline_entries(self) -> list[timeline.Entry]:
        """Every timeline entry: a page that shows them all reads every dated record."""
        note_reads(("collection", name) for name in timeline.ON_TIMELINE)
        return self.entries

    def figure_groups(self, lang: str) -> list[tuple[str, list[Record]]]:
        """Figures grouped by what they count, each group by date and then value."""
        groups: dict[str, list[Record]] = {}
        for figure in self.kb.collection("figures"):
            groups.setdefault(figure["counts"], []).append(figure)
        order = list(self.words.table["counts"])
        result = []
        for counts in sorted(groups, key=lambda c: order.index(c) if c in order else len(order)):
            figures = sorted(groups[counts], key=lambda f: (figure_when(f), f["value"]))
            result.append((counts, figures))
        return result

    def _related(self, record: Record, lang: str) -> list[tuple[str, list[Record]]]:
        groups = record.related()
        return [(c.name, sorted(groups[c.name], key=lambda r: sort_name(self.name_text(r, lang))))
                for c in COLLECTIONS if c.name in groups]


def make_environment(templates: Path = TEMPLATES) -> Environment:
    """The Jinja environment of the templates. A Project keeps one, so templates compile once and
    are reloaded when their file changes (Jinja checks the modification time)."""
    return Environment(
        loader=FileSystemLoader(str(templates)),
        undefined=StrictUndefined,
        autoescape=False,  # the output is Markdown: `finalize` escapes every expression instead
        finalize=lambda value: value if isinstance(value, Safe) else escape(value),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


class CompiledTemplates(BytecodeCache):
    """Compiled templates kept in memory by one process, for environments that do not live as long as it:
    MkDocs makes a new theme environment for every build, and two per build with mkdocs-static-i18n, so
    Material's templates were compiled again each time (0.4-0.6 s of a preview's rebuild at 1,000 records).
    Jinja checks the template's source against the stored checksum, so an edited template is compiled anew."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


def anchor(id: str) -> Safe:
    """An attribute list giving a heading its id; ids are checked by the schema, and again here."""
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", id):
        raise ValueError(f"refused anchor '{id}'")
    return Safe("{#" + id + "}")


def figure_when(figure: Record) -> tuple:
    if figure.get("date"):
        return dates.parse(figure["date"]).sort_key()
    if figure.get("period"):
        period = figure["period"]
        return dates.parse(period.get("end") or period["start"]).sort_key()
    return (0, 0, 0)
