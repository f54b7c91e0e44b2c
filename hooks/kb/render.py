"""Turn the knowledge base into Markdown pages, one per record and language.

`render_pages(kb)` returns {path under docs/: Markdown}. Indonesian pages are
`<folder>/<id>.md`, English ones `<folder>/<id>.en.md` (the i18n plugin's
suffix layout), so both languages share one address under `/` and `/en/`.
"""

from __future__ import annotations

import json
import posixpath
from functools import lru_cache
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context

from . import dates, timeline
from .model import COLLECTIONS, DEFAULT_LANGUAGE, LANGUAGES, KnowledgeBase, Record
from .text import inline_text, markdown_text

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"

# Fields shown under "Key facts", in this order, with how to show them.
FACTS = (
    ("kind", "kind"), ("number", "plain"), ("country", "country"), ("jurisdiction", "jurisdiction"),
    ("parent", "refs"), ("parties", "refs"), ("participants", "refs"), ("operator", "refs"),
    ("operators", "refs"), ("signed", "date"), ("adopted", "date"), ("in_force", "date"),
    ("date", "date"), ("period", "period"), ("launched", "date"), ("value", "value"),
    ("definition", "text"), ("measured_by", "refs"), ("agreements", "refs"), ("instruments", "refs"),
    ("ratifies", "refs"), ("amends", "refs"), ("actors", "refs"), ("contact", "contact"),
    ("audience", "text"), ("checked", "date"),
)
REF_FIELDS = {name for name, how in FACTS if how == "refs"}


@lru_cache(maxsize=1)
def strings() -> dict:
    return yaml.safe_load((HERE / "strings.yaml").read_text(encoding="utf-8"))


def page_path(collection: str, id: str, lang: str) -> str:
    """Source path of a generated page: actors/bp2mi.md or actors/bp2mi.en.md."""
    suffix = "" if lang == DEFAULT_LANGUAGE else f".{lang}"
    return f"{collection}/{id}{suffix}.md"


def link_target(record: Record) -> str:
    """Where a link to the record points (language-neutral; the build localises it)."""
    if record.collection.name == "terms":
        return f"glossary/index.md#{record.id}"
    if record.collection.name == "sources":
        return f"sources/index.md#{record.id}"
    return f"{record.collection.name}/{record.id}.md"


def tr(value, lang: str) -> str:
    """The text of a bilingual mapping in one language (already validated to exist)."""
    if isinstance(value, dict):
        return value.get(lang) or value.get(DEFAULT_LANGUAGE if lang != DEFAULT_LANGUAGE else "en") or ""
    return "" if value is None else str(value)


def label(group: str, key: str, lang: str) -> str:
    return tr(strings()[group][key], lang)


def record_name(record: Record, lang: str) -> str:
    if record.collection.name == "sources":
        return short_citation(record, lang)
    name = tr(record.get("name"), lang)
    abbr = record.get("abbr")
    if abbr and abbr not in name:
        return f"{name} ({abbr})"
    return name


def short_citation(source: Record, lang: str) -> str:
    """Ardanya dkk. (2025) / Ardanya et al. (2025) / RT (2021)."""
    authors = source.get("authors") or []
    families = [a.split(",")[0].strip() for a in authors]
    if not families:
        who = source.get("container") or source["title"]
    elif len(families) == 1:
        who = families[0]
    elif len(families) == 2:
        who = f"{families[0]} & {families[1]}"
    else:
        who = f"{families[0]} {'dkk.' if lang == 'id' else 'et al.'}"
    return f"{who} ({year_of(source, lang)})"


def reference(source: Record, lang: str) -> str:
    """The full entry, APA-like: Authors (Year). Title. *Container*, vol(issue), pages. DOI."""
    authors = list(source.get("authors") or [])
    if len(authors) > 1:
        authors[-1] = "& " + authors[-1]
    who = ", ".join(authors)
    parts = [f"{inline_text(who)} ({year_of(source, lang)})." if who else f"({year_of(source, lang)})."]
    parts.append(_sentence(inline_text(source["title"])))
    if source.get("container"):
        container = f"*{inline_text(source['container'])}*"
        if source.get("volume"):
            container += f", {inline_text(source['volume'])}"
            if source.get("issue"):
                container += f"({inline_text(source['issue'])})"
        if source.get("pages"):
            container += f", {str(source['pages']).replace('-', '–')}"
        parts.append(container + ".")
    if source.get("doi"):
        parts.append(f"<https://doi.org/{source['doi']}>")
    elif source.get("url"):
        parts.append(f"<{source['url']}>")
    if source.get("accessed"):
        parts.append(f"({label('words', 'accessed', lang)} {format_date(source['accessed'], lang)})")
    return " ".join(parts)


def glossary_key(term: Record, lang: str) -> str:
    """Terms sort by what a reader looks up: the abbreviation if any, else the name."""
    return (term.get("abbr") or tr(term["name"], lang)).casefold()


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def year_of(source: Record, lang: str) -> str:
    if source.get("year"):
        return str(source["year"])
    if source.get("published"):
        return str(dates.parse(source["published"]).year)
    return label("words", "no_year", lang)


def pages_label(pages, lang: str) -> str:
    text = str(pages)
    many = any(ch in text for ch in "-–,")
    return f"{label('words', 'pages' if many else 'page', lang)} {text.replace('-', '–')}"


def format_date(value, lang: str) -> str:
    return dates.display(dates.parse(value), lang)


def format_period(period: dict, lang: str) -> str:
    end = dates.parse(period["end"]) if period.get("end") else None
    return dates.display_range(dates.parse(period["start"]), end, lang)


def when(record: Record) -> tuple[dates.PartialDate, dates.PartialDate | None] | None:
    """The main date of a record, as (start, end): for sorting and timelines."""
    for field in ("date", "signed", "adopted", "launched"):
        if record.get(field):
            return dates.parse(record[field]), None
    if record.get("period"):
        period = record["period"]
        return dates.parse(period["start"]), dates.parse(period["end"]) if period.get("end") else None
    if record.get("in_force"):
        return dates.parse(record["in_force"]), None
    return None


class Renderer:
    """Renders every generated page of one knowledge base."""

    def __init__(self, kb: KnowledgeBase, templates: Path = TEMPLATES, site_url: str = "",
                 changed: dict[str, str] | None = None):
        self.kb = kb
        self.site_url = site_url.rstrip("/") + "/" if site_url else "/"
        self.changed = changed or {}
        self.entries = timeline.entries(kb)
        self.env = Environment(
            loader=FileSystemLoader(str(templates)),
            undefined=StrictUndefined,
            autoescape=False,  # the output is Markdown; text is escaped by the filters below
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(
            md=lambda value, lang: markdown_text(tr(value, lang)),
            inline=lambda value, lang="id": inline_text(tr(value, lang)),
            yaml_string=lambda value: json.dumps(value, ensure_ascii=False),
            plain=lambda value, lang: " ".join(tr(value, lang).replace("<", "").replace(">", "").split()),
            date=format_date,
            period=format_period,
            pages=pages_label,
            reference=reference,
        )
        self.env.globals.update(label=label, link=self._link, cite=self._cite, facts=self.facts,
                                name=lambda record, lang: inline_text(record_name(record, lang)),
                                cited_by=self.cited_by, collections=COLLECTIONS, strings=strings,
                                entry_label=self.entry_label, permalink=self.permalink,
                                term_related=lambda term: [link.target for link in term.links_out
                                                           if link.field == "related"])

    # -- helpers the templates call -------------------------------------------------

    @pass_context
    def _link(self, context, record: Record, lang: str) -> str:
        here = posixpath.dirname(context["path"])
        target = posixpath.relpath(link_target(record), here or ".")
        return f"[{inline_text(record_name(record, lang))}]({target})"

    @pass_context
    def _cite(self, context, citation: dict, lang: str) -> str:
        source = self.kb.get("sources", citation["source"])
        text = self._link(context, source, lang)
        if citation.get("pages"):
            text += f", {pages_label(citation['pages'], lang)}"
        if citation.get("note"):
            text += f": {inline_text(tr(citation['note'], lang))}"
        return text

    def facts(self, record: Record, lang: str) -> list[tuple[str, str, object]]:
        """(label, how, value) for each key fact the record has."""
        found = []
        for field, how in FACTS:
            value = record.get(field)
            if value in (None, [], {}):
                continue
            if how == "refs":
                value = [link.target for link in record.links_out if link.field == field]
            found.append((label("fields", field, lang), how, value))
        return found

    def entry_label(self, entry: timeline.Entry, lang: str) -> str:
        """'5–9 Juli 2021' or 'sejak 2015', for a timeline entry."""
        if entry.field == "period":
            return dates.display_range(entry.start, entry.end, lang)
        return dates.display(entry.start, lang)

    def permalink(self, collection: str, id: str, lang: str) -> str:
        prefix = "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
        return f"{self.site_url}{prefix}{collection}/{id}/"

    def citation(self, record: Record, lang: str) -> str:
        """The page as a reference a reader can paste: title, date of last data change, site, address."""
        day = self.changed.get(record.file)
        when = format_date(day, lang) if day else label("words", "no_year", lang)
        site = label("site", "name", lang)
        within = "Dalam" if lang == "id" else "In"
        return (f"{record_name(record, lang)}. ({when}). {within} {site}. "
                f"{self.permalink(record.collection.name, record.id, lang)}")

    def cited_by(self, source: Record) -> list[Record]:
        """Records (not other sources) that cite a source, each once, by name."""
        citing = {link.source.key: link.source for link in source.links_in
                  if link.source.collection.name != "sources"}
        return sorted(citing.values(), key=lambda r: (r.collection.name, record_name(r, "id").lower()))

    # -- pages ----------------------------------------------------------------------

    def render(self, template: str, path: str, lang: str, **context) -> str:
        return self.env.get_template(template).render(path=path, lang=lang, kb=self.kb, **context)

    def pages(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for collection in COLLECTIONS:
            if not collection.pages:
                continue
            records = sorted(self.kb.collection(collection.name), key=lambda r: record_name(r, "id").lower())
            for lang in LANGUAGES:
                index = page_path(collection.name, "index", lang)
                ordered = sorted(records, key=lambda r: record_name(r, lang).lower())
                out[index] = self.render("index.md.j2", index, lang, collection=collection, records=ordered)
                for record in records:
                    path = page_path(collection.name, record.id, lang)
                    out[path] = self.render("record.md.j2", path, lang, record=record,
                                            related=self._related(record, lang),
                                            entries=timeline.for_record(self.entries, record),
                                            citation=self.citation(record, lang))
        for lang in LANGUAGES:
            path = page_path("sources", "index", lang)
            sources = sorted(self.kb.collection("sources"), key=lambda s: short_citation(s, lang).lower())
            out[path] = self.render("sources.md.j2", path, lang, sources=sources)
            path = page_path("timeline", "index", lang)
            out[path] = self.render("timeline.md.j2", path, lang, years=timeline.by_year(self.entries),
                                    kinds=[c for c in COLLECTIONS if c.name in timeline.ON_TIMELINE],
                                    actors=sorted(self.kb.collection("actors"), key=lambda r: record_name(r, lang).lower()))
            path = page_path("glossary", "index", lang)
            terms = sorted(self.kb.collection("terms"), key=lambda t: glossary_key(t, lang))
            out[path] = self.render("glossary.md.j2", path, lang, terms=terms)
        return out

    def _related(self, record: Record, lang: str) -> list[tuple[str, list[Record]]]:
        groups = record.related()
        return [(label("collections", c.name, lang),
                 sorted(groups[c.name], key=lambda r: record_name(r, lang).lower()))
                for c in COLLECTIONS if c.name in groups]


def render_pages(kb: KnowledgeBase) -> dict[str, str]:
    return Renderer(kb).pages()
