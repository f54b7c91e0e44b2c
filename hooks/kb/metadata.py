"""What a record page tells machines: JSON-LD, Open Graph, citation_* tags, BibTeX and RIS.

Everything here is returned as finished text: `head(...)` is HTML for the
page's <head> (every value HTML-escaped, the JSON-LD made safe for a <script>
element), `bibtex(...)` and `ris(...)` are files or code-block contents, and
`cite_markdown(...)` shows both on the page.

`changed` is the day the record last changed in substance (history.py), as
'2026-11-29': it is the date of the page as a publication.
"""

from __future__ import annotations

import html
import json
import re

from . import dates
from .addresses import LICENCE, LOCALES, SiteInfo, record_url, shorten, summary, text_in, title
from .model import LANGUAGES, Record

SCHEMA_ORG = "https://schema.org"
ACTOR_GOVERNMENT = {"ministry", "agency", "police", "embassy", "state"}
SOURCE_TYPES = {"article": "ScholarlyArticle", "news": "NewsArticle", "report": "Report",
                "web": "WebPage", "law": "Legislation", "book": "Book"}
# Types that may carry inLanguage themselves (CreativeWork and Event); others carry it on their page.
WITH_LANGUAGE = {"Legislation", "Event", "ScholarlyArticle", "NewsArticle", "Report", "WebPage", "Book",
                 "CreativeWork", "Dataset", "DefinedTermSet", "CollectionPage"}


# -- JSON-LD ------------------------------------------------------------------------------

def schema_type(record: Record) -> str:
    """The schema.org type of the thing a record describes."""
    name, kind = record.collection.name, record.get("kind")
    if record.get("found") is False:
        return "WebPage"  # the page is about a claim; no such thing was found
    return {
        "actors": "GovernmentOrganization" if kind in ACTOR_GOVERNMENT else "Organization",
        "agreements": "Legislation" if kind == "treaty" else "CreativeWork",
        "instruments": "Legislation",
        "operations": "Event",
        "events": "Event",
        "figures": "Observation",
        "systems": "SoftwareApplication" if kind in ("application", "portal") else "Service",
        "channels": "ContactPoint",
        "series": "Dataset",
        "terms": "DefinedTerm",
        "sources": SOURCE_TYPES.get(kind, "CreativeWork"),
    }.get(name, "Thing")


def _date(value) -> str | None:
    return dates.parse(value).iso() if value not in (None, "") else None


def _start_end(record: Record) -> tuple[str | None, str | None]:
    if record.get("date"):
        start = _date(record["date"])
        return start, _date((record.get("period") or {}).get("end"))
    period = record.get("period") or {}
    return _date(period.get("start")), _date(period.get("end"))


def entity(record: Record, lang: str, site: SiteInfo) -> dict:
    """The schema.org description of the record's subject, without the page around it."""
    kind = schema_type(record)
    url = record_url(site, record, lang)
    node: dict = {"@type": kind, "@id": url + ("" if "#" in url else "#subject")}
    if record.collection.name == "sources":
        return {**node, **_source(record, lang)}
    node["name"] = text_in(record.get("name"), lang) or record.id
    description = summary(record, lang)
    if description:
        node["description"] = shorten(description, 500)
    if record.get("abbr"):
        node["alternateName"] = record["abbr"]
    if kind in WITH_LANGUAGE:
        node["inLanguage"] = lang
    if kind in ("GovernmentOrganization", "Organization") and record.get("country"):
        node["areaServed"] = record["country"]
    if kind == "Legislation":
        for key, prop in (("number", "legislationIdentifier"), ("jurisdiction", "legislationJurisdiction"),
                          ("kind", "legislationType")):
            if record.get(key):
                node[prop] = str(record[key])
        day = next((record[k] for k in ("enacted", "adopted", "signed", "passed") if record.get(k)), None)
        if day:
            node["legislationDate"] = _date(day)
    if kind == "Event":
        start, end = _start_end(record)
        if start:
            node["startDate"] = start
        if end:
            node["endDate"] = end
    if kind == "Observation":
        node["value"] = record.get("value")
        start, _ = _start_end(record)
        if start:
            node["observationDate"] = start
    if kind == "SoftwareApplication" and record.get("url"):
        node["url"] = record["url"]
    if kind == "ContactPoint":
        contact = record.get("contact") or {}
        if contact.get("phone") or contact.get("whatsapp"):
            node["telephone"] = contact.get("phone") or contact.get("whatsapp")
        if contact.get("email"):
            node["email"] = contact["email"]
        if contact.get("url"):
            node["url"] = contact["url"]
        node["contactType"] = str(record.get("kind", ""))
        node["availableLanguage"] = "id"
    if kind == "DefinedTerm":
        if record.get("abbr"):
            node["termCode"] = record["abbr"]
        node["inDefinedTermSet"] = url.split("#")[0]
    return node


def _person(name: str) -> dict:
    """'Ardanya, C.' is a person; 'Kementerian Luar Negeri' is an organisation."""
    if re.match(r"^[^,]+, ?[A-Z]", name):
        family, given = (part.strip() for part in name.split(",", 1))
        return {"@type": "Person", "name": f"{given} {family}", "familyName": family}
    return {"@type": "Organization", "name": name}


def _source(source: Record, lang: str) -> dict:
    node: dict = {"name": source["title"], "headline": source["title"][:110]}
    if source.get("authors"):
        node["author"] = [_person(a) for a in source["authors"]]
    day = source.get("published") or source.get("year")
    if day:
        node["datePublished"] = _date(day)
    if source.get("container"):
        container = {"@type": "Periodical" if source.get("kind") == "article" else "Organization",
                     "name": source["container"]}
        node["isPartOf" if source.get("kind") == "article" else "publisher"] = container
    if source.get("volume"):
        node["volumeNumber"] = str(source["volume"])
    if source.get("issue"):
        node["issueNumber"] = str(source["issue"])
    if source.get("pages"):
        node["pagination"] = str(source["pages"])
    if source.get("doi"):
        node["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": source["doi"]}
        node["sameAs"] = f"https://doi.org/{source['doi']}"
    if source.get("url"):
        node["url"] = source["url"]
    return node


def jsonld(record: Record, lang: str, site: SiteInfo, changed: str | None = None) -> dict:
    """JSON-LD for a record's page: the record's subject, and the page (language, date, licence)."""
    node = {"@context": SCHEMA_ORG, **entity(record, lang, site)}
    url = record_url(site, record, lang)
    page = {"@type": "WebPage", "@id": url, "url": url, "name": title(record, lang), "inLanguage": lang,
            "isPartOf": {"@type": "WebSite", "name": site.site_name(lang), "url": site.home(lang)},
            "license": LICENCE["url"]}
    if changed:
        page["dateModified"] = _date(changed)
    if node["@type"] == "WebPage":
        node = {**node, **{k: v for k, v in page.items() if k != "@type"}, "@id": url}
        return node
    node["mainEntityOfPage"] = page
    return node


def _lean(record: Record, lang: str, site: SiteInfo) -> dict:
    """A listed item as tools need it to tell what it is: its type, address and name. The full
    description of each is in the downloads (data/all.json): a page read on a phone stays light."""
    node = {"@type": schema_type(record), "@id": record_url(site, record, lang), "name": title(record, lang)}
    if record.collection.name == "sources" and record.get("doi"):
        node["sameAs"] = f"https://doi.org/{record['doi']}"
    return node


def listing_jsonld(records: list[Record], lang: str, site: SiteInfo, page_path: str, name: str) -> dict:
    """For the glossary (a DefinedTermSet) and the bibliography (a page citing every source)."""
    url = site.url + page_path
    if records and all(r.collection.name == "terms" for r in records):
        return {"@context": SCHEMA_ORG, "@type": "DefinedTermSet", "@id": url, "url": url, "name": name,
                "inLanguage": lang, "license": LICENCE["url"],
                "hasDefinedTerm": [_lean(r, lang, site) for r in records]}
    return {"@context": SCHEMA_ORG, "@type": "CollectionPage", "@id": url, "url": url, "name": name,
            "inLanguage": lang, "license": LICENCE["url"],
            "isPartOf": {"@type": "WebSite", "name": site.site_name(lang), "url": site.home(lang)},
            "citation": [_lean(r, lang, site) for r in records]}


def dataset_jsonld(site: SiteInfo, lang: str, page_path: str, name: str, description: str,
                   downloads: list[tuple[str, str]]) -> dict:
    """For the Data page: downloads are (path under the site, media type)."""
    url = site.url + page_path
    node = {"@context": SCHEMA_ORG, "@type": "Dataset", "@id": url, "url": url, "name": name,
            "description": description, "inLanguage": list(LANGUAGES), "license": LICENCE["url"],
            "isAccessibleForFree": True, "creator": {"@type": "Organization", "name": site.site_name(lang),
                                                     "url": site.home(lang)},
            "distribution": [{"@type": "DataDownload", "contentUrl": site.url + path, "encodingFormat": media}
                             for path, media in downloads]}
    if site.version:
        node["version"] = site.version
    if site.built:
        node["dateModified"] = site.built_date()
    return node


def script(data: dict) -> str:
    """A <script type="application/ld+json"> element that no value can break out of."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return f'<script type="application/ld+json">{text}</script>'


# -- meta tags ----------------------------------------------------------------------------

def open_graph(record: Record, lang: str, site: SiteInfo, changed: str | None = None) -> list[tuple[str, str]]:
    """(property, content) pairs; no og:image, so no image service is needed."""
    tags = [("og:type", "article"), ("og:title", title(record, lang)), ("og:url", record_url(site, record, lang)),
            ("og:site_name", site.site_name(lang)), ("og:locale", LOCALES.get(lang, lang))]
    tags += [("og:locale:alternate", LOCALES.get(other, other)) for other in LANGUAGES if other != lang]
    description = summary(record, lang)
    if description:
        tags.append(("og:description", shorten(description, 300)))
    if changed:
        tags.append(("article:modified_time", _date(changed)))
    return tags


def citation_tags(record: Record, lang: str, site: SiteInfo, changed: str | None = None) -> list[tuple[str, str]]:
    """The Highwire citation_* tags that Zotero's Embedded Metadata translator and Google Scholar read.

    A record page is a web reference: the site is its publisher, the day of its
    last substantive change its date, the page its address.
    """
    url = record_url(site, record, lang)
    tags = [("citation_title", title(record, lang))]
    if changed:
        day = dates.parse(changed).iso().replace("-", "/")
        tags += [("citation_publication_date", day), ("citation_date", day)]
    tags += [("citation_publisher", site.site_name(lang)), ("citation_public_url", url),
             ("citation_abstract_html_url", url), ("citation_language", lang)]
    description = summary(record, lang)
    if description:
        tags.append(("citation_abstract", shorten(description, 500)))
    return tags


def meta_html(tags: list[tuple[str, str]]) -> str:
    """<meta> elements: og:/article: as property=, the rest as name=, every value escaped."""
    out = []
    for key, value in tags:
        attribute = "property" if key.startswith(("og:", "article:")) else "name"
        out.append(f'<meta {attribute}="{html.escape(key, quote=True)}" content="{html.escape(str(value), quote=True)}">')
    return "\n".join(out)


def head(record: Record, lang: str, site: SiteInfo, changed: str | None = None) -> str:
    """Everything this module puts in a record page's <head>."""
    return "\n".join([script(jsonld(record, lang, site, changed)),
                      meta_html(open_graph(record, lang, site, changed)),
                      meta_html(citation_tags(record, lang, site, changed))])


# -- BibTeX and RIS -----------------------------------------------------------------------

_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$",
                   "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
_BIBTEX_RE = re.compile(r"[\\{}%&$#_~^]")
_LANGUAGE_NAMES = {"id": "indonesian", "en": "english"}


def _tex(text: str) -> str:
    return _BIBTEX_RE.sub(lambda m: _BIBTEX_SPECIAL[m.group(0)], " ".join(str(text).split()))


def citation_key(record: Record) -> str:
    return f"{record.collection.name}-{record.id}"


def _note(record: Record, lang: str, changed: str | None) -> str:
    when = dates.display(dates.parse(changed), lang) if changed else ""
    words = {"id": "Terakhir diubah", "en": "Last changed"}.get(lang, "Last changed")
    return f"{words} {when}" if when else ""


def bibtex(record: Record, lang: str, site: SiteInfo, changed: str | None = None) -> str:
    """@misc for a record page: title, the site, year, url, urldate (the day of the build), note."""
    url = record_url(site, record, lang)
    fields = [("title", "{" + _tex(title(record, lang)) + "}"), ("howpublished", _tex(site.site_name(lang))),
              ("organization", _tex(site.site_name(lang)))]
    if changed:
        day = dates.parse(changed)
        fields.append(("year", str(day.year)))
        if day.month:
            fields.append(("month", str(day.month)))
        fields.append(("date", day.iso()))
    fields += [("url", url.replace("{", "%7B").replace("}", "%7D"))]
    if site.built:
        fields.append(("urldate", site.built_date()))
    fields.append(("language", _LANGUAGE_NAMES.get(lang, lang)))
    note = _note(record, lang, changed)
    if note:
        fields.append(("note", _tex(note)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{citation_key(record)},\n{body}\n}}\n"


def ris(record: Record, lang: str, site: SiteInfo, changed: str | None = None) -> str:
    """An RIS record (TY  - ELEC) for a record page; CRLF line ends, as the format expects."""
    def line(tag: str, value) -> str:
        return f"{tag}  - {' '.join(str(value).split())}"

    lines = [line("TY", "ELEC"), line("TI", title(record, lang)), line("PB", site.site_name(lang)),
             line("T2", site.site_name(lang))]
    if changed:
        day = dates.parse(changed)
        lines += [line("PY", str(day.year)), line("DA", day.iso().replace("-", "/"))]
    lines.append(line("UR", record_url(site, record, lang)))
    if site.built:
        lines.append(line("Y2", site.built_date().replace("-", "/")))
    lines.append(line("LA", lang))
    note = _note(record, lang, changed)
    if note:
        lines.append(line("N1", note))
    description = summary(record, lang)
    if description:
        lines.append(line("AB", shorten(description, 500)))
    lines.append("ER  - ")
    return "\r\n".join(lines) + "\r\n"


def cite_markdown(record: Record, lang: str, site: SiteInfo, changed: str | None = None) -> str:
    """Two collapsible blocks (pymdownx.details + superfences) with the BibTeX and the RIS."""
    out = []
    for label, language, text in (("BibTeX", "bibtex", bibtex(record, lang, site, changed)),
                                  ("RIS", "text", ris(record, lang, site, changed).replace("\r\n", "\n"))):
        longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
        fence = "`" * max(3, longest + 1)
        body = "\n".join("    " + row if row else "" for row in f"{fence}{language}\n{text.rstrip()}\n{fence}".split("\n"))
        out.append(f'??? note "{label}"\n\n{body}\n')
    return "\n".join(out)
