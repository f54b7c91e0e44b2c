"""The dataset to take away: JSON, CSV and the JSON Schemas, and the "Data" page that lists them.

Stable addresses, relative to the site root (the same for every language):

    data/all.json                     every collection, both languages
    data/<collection>.json            one collection, both languages
    data/<collection>.<lang>.csv      one collection in one language (UTF-8 with BOM)
    data/schema/<stem>.schema.json    JSON Schema of one record (actor, agreement, ...)
    data/schema/common.schema.json    the definitions the record schemas share
    data/schema/dataset.schema.json   JSON Schema of the .json downloads themselves

The JSON is the YAML of data/ as it is, plus `url` (the record's page in each
language), keys in the schema's order, records by id. The published schemas
are those of data/schema with `$id` set to their published address and the
added `url` field; the custom keywords (`x-ref`: the collection an id refers
to, `x-bilingual`: a text in both languages) are kept, since validators
ignore them and they document how records link.

CSV cells: a bilingual text gives the file's language, on one line, with
Markdown emphasis dropped and links written "label (full address)"; a list is
joined with "; "; a claim is its text, then [status; sources], one claim per
line of the cell; an object's fields get a column each ("period.start"). A cell that a
spreadsheet would read as a formula (starting with = + - @) gets a leading
apostrophe; the JSON keeps the exact value.
"""

from __future__ import annotations

import copy
import csv
import html
import io
import re

import orjson

from . import dates
from .addresses import LICENCE, SiteInfo, prefix, record_url, relative, text_in
from .fields import fields, shape_label
from .model import BY_NAME, COLLECTIONS, LANGUAGES, KnowledgeBase
from .strings import group
from .schema import Schemas
from .text import escape

FOLDER = "data/"
SCHEMA_FOLDER = "data/schema/"
JSON_SCHEMA = "https://json-schema.org/draft/2020-12/schema"
DATASET_SCHEMA = "dataset.schema.json"
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


# -- addresses --------------------------------------------------------------------------

def json_path(collection: str | None = None) -> str:
    return f"{FOLDER}{collection or 'all'}.json"


def csv_path(collection: str, lang: str) -> str:
    return f"{FOLDER}{collection}.{lang}.csv"


def schema_path(stem: str) -> str:
    return f"{SCHEMA_FOLDER}{stem}.schema.json"


def download_paths() -> list[tuple[str, str]]:
    """(path, media type) of every download, without making them: for the Data page's metadata."""
    found = [(json_path(), "application/json")]
    for collection in COLLECTIONS:
        found.append((json_path(collection.name), "application/json"))
        found += [(csv_path(collection.name, lang), "text/csv") for lang in LANGUAGES]
    return found


# -- everything at once -----------------------------------------------------------------

def files(kb: KnowledgeBase, schemas: Schemas, site: SiteInfo) -> dict[str, bytes]:
    """{path under the site: contents} for every download and published schema."""
    out: dict[str, bytes] = {}
    for path, schema in published_schemas(schemas, site).items():
        out[path] = _json_bytes(schema)
    records = {c.name: [record_json(r, schemas, site) for r in _records(kb, c.name)] for c in COLLECTIONS}
    out[json_path()] = _json_bytes({**_about(site), "collections": records})
    for collection in COLLECTIONS:
        out[json_path(collection.name)] = _json_bytes({**_about(site), "collection": collection.name,
                                                      "records": records[collection.name]})
        for lang in LANGUAGES:
            out[csv_path(collection.name, lang)] = collection_csv(kb, schemas, site, collection.name, lang)
    return out


def _json_bytes(value) -> bytes:
    """As (json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n").encode(), faster."""
    return orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE, default=str)


# -- JSON ---------------------------------------------------------------------------------

def record_json(record, schemas: Schemas, site: SiteInfo) -> dict:
    """One record as plain data, keys in the schema's order, plus its address in each language."""
    stem = record.collection.schema
    data = _ordered(record.data, schemas.roots[stem], f"{stem}.schema.json", schemas)
    data["url"] = {lang: record_url(site, record, lang) for lang in LANGUAGES}
    return data


def _props(schemas: Schemas, schema: dict, base: str) -> dict[str, tuple[dict, str]]:
    """Every property a schema names, allOf followed, in the schema's order, with its base file.
    Remembered per schema object on the Schemas (which live for one check): records share their schemas."""
    cache = schemas.__dict__.setdefault("_export_props", {})
    key = (id(schema), base)
    if key not in cache:
        cache[key] = (schema, _props_uncached(schemas, schema, base))
    return cache[key][1]


def _props_uncached(schemas: Schemas, schema: dict, base: str) -> dict[str, tuple[dict, str]]:
    schema, base = schemas.resolve(schema, base)
    found: dict[str, tuple[dict, str]] = {}
    for part in schema.get("allOf", []):
        found.update(_props_uncached(schemas, part, base))
    for name, sub in schema.get("properties", {}).items():
        found[name] = (sub, base)
    return found


def _ordered(value, schema: dict, base: str, schemas: Schemas):
    if isinstance(value, dict):
        known = _props(schemas, schema, base) if schema else {}
        keys = [k for k in known if k in value] + sorted(k for k in value if k not in known)
        return {k: _ordered(value[k], *(known.get(k) or ({}, base)), schemas) for k in keys}
    if isinstance(value, list):
        resolved, base = schemas.resolve(schema, base) if schema else ({}, base)
        return [_ordered(item, resolved.get("items", {}), base, schemas) for item in value]
    return value


def _about(site: SiteInfo) -> dict:
    return {"$schema": site.url + schema_path("dataset"), "licence": dict(LICENCE),
            "version": site.version, "built": site.built}


def _records(kb: KnowledgeBase, collection: str) -> list:
    return sorted(kb.collection(collection), key=lambda r: r.id)


# -- published schemas --------------------------------------------------------------------

URL_FIELD = {
    "description": "Added in the downloads: the address of the record's page in each language.",
    "type": "object",
    "properties": {lang: {"type": "string", "format": "uri"} for lang in LANGUAGES},
    "required": list(LANGUAGES),
    "additionalProperties": False,
}


def published_schemas(schemas: Schemas, site: SiteInfo) -> dict[str, dict]:
    """{path: schema}: data/schema's files with their published $id, `url` added, and the dataset schema."""
    out = {}
    stems = {c.schema for c in COLLECTIONS}
    for stem in ["common", *sorted(stems)]:
        schema = copy.deepcopy(schemas.roots[stem])
        schema.pop("$id", None)
        schema = {"$schema": schema.pop("$schema", JSON_SCHEMA), "$id": site.url + schema_path(stem), **schema}
        if stem in stems:
            schema.setdefault("properties", {})["url"] = copy.deepcopy(URL_FIELD)
        out[schema_path(stem)] = schema
    out[schema_path("dataset")] = dataset_schema(site)
    return out


def dataset_schema(site: SiteInfo) -> dict:
    """The schema of data/all.json and data/<collection>.json."""
    names = [c.name for c in COLLECTIONS]
    return {
        "$schema": JSON_SCHEMA,
        "$id": site.url + schema_path("dataset"),
        "title": "Downloads",
        "description": "data/all.json (every collection) or data/<collection>.json (one collection).",
        "type": "object",
        "properties": {
            "$schema": {"type": "string", "format": "uri"},
            "licence": {"type": "object", "properties": {"name": {"type": "string"}, "url": {"type": "string"}},
                        "required": ["name", "url"], "additionalProperties": False},
            "version": {"type": "string", "description": "The git commit the data comes from."},
            "built": {"type": "string", "description": "When the file was made (UTC, ISO 8601)."},
            "collection": {"enum": names},
            "records": {"type": "array"},
            "collections": {
                "type": "object",
                "properties": {c.name: {"type": "array", "items": {"$ref": f"{c.schema}.schema.json"}}
                               for c in COLLECTIONS},
                "required": names,
                "additionalProperties": False,
            },
        },
        "required": ["licence", "version", "built"],
        "additionalProperties": False,
        "oneOf": [{"required": ["collection", "records"]}, {"required": ["collections"]}],
        "allOf": [{"if": {"properties": {"collection": {"const": c.name}}, "required": ["collection"]},
                   "then": {"properties": {"records": {"items": {"$ref": f"{c.schema}.schema.json"}}}}}
                  for c in COLLECTIONS],
    }


# -- CSV ----------------------------------------------------------------------------------

def columns(schemas: Schemas, collection: str) -> list[tuple[str, tuple[str, ...]]]:
    """(column name, path into the record) for one collection, in the schema's order."""
    stem = BY_NAME[collection].schema
    found = [("id", ("id",)), ("url", ("url",))]
    for name, (raw, base) in _props(schemas, schemas.roots[stem], f"{stem}.schema.json").items():
        if name == "id":
            continue
        schema, base = schemas.resolve(raw, base)
        subs = _props(schemas, schema, base) if schema.get("type") == "object" else {}
        if subs and not _per_language(schema):
            found += [(f"{name}.{sub}", (name, sub)) for sub in subs]
        else:
            found.append((name, (name,)))
    return found


def _per_language(schema: dict) -> bool:
    props = set(schema.get("properties", {}))
    return bool(schema.get("x-bilingual")) or bool(props) and props <= set(LANGUAGES)


def collection_csv(kb: KnowledgeBase, schemas: Schemas, site: SiteInfo, collection: str, lang: str) -> bytes:
    cols = columns(schemas, collection)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([name for name, _ in cols])
    for record in _records(kb, collection):
        data = {**record.data, "url": record_url(site, record, lang)}
        writer.writerow([_guard(cell(_dig(data, path), lang, site)) for _, path in cols])
    return buffer.getvalue().encode("utf-8-sig")


def _dig(data, path):
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def cell(value, lang: str, site: SiteInfo | None = None) -> str:
    """One value as the text of a CSV cell in one language."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict):
        if value and set(value) <= set(LANGUAGES):
            chosen = value.get(lang)
            return readable(chosen, lang, site) if isinstance(chosen, str) else cell(chosen, lang, site)
        if "status" in value and "text" in value:
            return claim_cell(value, lang, site)
        if "source" in value and set(value) <= {"source", "pages", "note"}:
            return citation_cell(value, lang, site)
        return "; ".join(f"{k}: {cell(v, lang, site)}" for k, v in value.items())
    if isinstance(value, list):
        joiner = "\n" if any(isinstance(v, dict) and "status" in v for v in value) else "; "
        return joiner.join(cell(v, lang, site) for v in value)
    return str(value)


_MD_LINK = re.compile(r"\[([^\]]*)\]\(\s*<?([^)\s>]*)>?\s*\)")
_SITE_LINK = re.compile(r"^(?:\.\./)*(?:\./)?([a-z]+)/([a-z0-9-]+)\.md(?:#([a-z0-9-]+))?$")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")


def readable(markdown: str, lang: str, site: SiteInfo | None = None) -> str:
    """A Markdown text for a spreadsheet: one line, emphasis marks dropped, links as 'label (address)'.

    A link to a page of this site becomes the page's full address in the file's language.
    """
    def link(match: re.Match) -> str:
        label, target = match.group(1), match.group(2)
        found = _SITE_LINK.match(target)
        if found and site is not None:
            folder, id, anchor = found.groups()
            path = f"{prefix(lang)}{folder}/" + ("" if id == "index" else f"{id}/") + (f"#{anchor}" if anchor else "")
            target = site.url + path
        return f"{label} ({target})" if target and target != label else label

    text = _MD_LINK.sub(link, str(markdown))
    return " ".join(_MD_EMPHASIS.sub(r"\2", text).split())


def citation_cell(citation: dict, lang: str, site: SiteInfo | None = None) -> str:
    text = str(citation["source"])
    if citation.get("pages"):
        text += f" ({citation['pages']})"
    if citation.get("note"):
        text += f": {readable(text_in(citation['note'], lang), lang, site)}"
    return text


def claim_cell(claim: dict, lang: str, site: SiteInfo | None = None) -> str:
    """'The bureau links ... [reported; tribratanews-2014 (3)]', with the article's words where it is wrong."""
    sources = "; ".join(citation_cell(c, lang, site) for c in claim.get("sources", []))
    extra = ""
    if claim.get("article"):
        said = {"id": "artikel"}.get(lang, "article")
        words = readable(text_in(claim["article"].get("text"), lang), lang, site)
        extra = f"; {said} ({claim['article'].get('pages', '')}): {words}"
    return f"{readable(text_in(claim['text'], lang), lang, site)} [{claim['status']}; {sources}{extra}]"


def _guard(text: str) -> str:
    """Keep spreadsheets from running a cell as a formula; plain numbers stay numbers."""
    if text.startswith(_FORMULA):
        try:
            float(text)
            return text
        except ValueError:
            return "'" + text
    return text


# -- the Data page ------------------------------------------------------------------------

def _shape(field) -> str:
    schema = field.schema
    if schema.get("x-bilingual"):
        markdown = any("contentMediaType" in s for s in schema.get("properties", {}).values())
        return "markdown" if markdown else "text"
    if str(schema.get("items", {}).get("$ref", "")).endswith("/claim"):
        return "claims"
    if field.name == "old_ids":
        return "old_ids"
    if str(schema.get("pattern", "")).startswith("^https?://"):
        return "url"
    return field.shape


def _value_label(field, lang: str) -> str:
    shape = _shape(field)
    shapes = group("field_shapes", lang)
    if shape in shapes:
        return shapes[shape]
    if shape == "ref":
        return f"id → `{field.schema.get('x-ref')}`"
    if shape == "ref-list":
        return f"id → `{field.schema.get('items', {}).get('x-ref')}` (…)"
    if shape == "enum":
        return ", ".join(f"`{v}`" for v in field.schema.get("enum", []))
    return shape_label(field)


def _cell_md(text: str) -> str:
    return escape(text)  # also escapes | (a table cell) and every Markdown or HTML character


def data_page(kb: KnowledgeBase, schemas: Schemas, site: SiteInfo, lang: str, page_dir: str = "data/",
              heading: bool = True) -> str:
    """The "Data" page in one language: downloads, formats, licence, version, field reference.

    page_dir is the page's folder without the language prefix ("data/" for docs/data/index.md);
    links to the files are relative, so they work under any site address.
    """
    w = group("data_page", lang)
    here = ("" if lang == LANGUAGES[0] else f"{lang}/") + page_dir

    def link(path: str, label: str | None = None) -> str:
        # Raw HTML: the downloads are files beside the pages, not pages MkDocs could check.
        return f'<a href="{html.escape(relative(here, path))}">{html.escape(label or path.rsplit("/", 1)[-1])}</a>'

    out = [f"# {w['title']}\n"] if heading else []
    out += [w["intro"], "", f"## {w['files']}", ""]
    out.append(f"| {w['collection']} | {w['records']} | JSON | CSV | {w['schema']} |")
    out.append("| --- | --- | --- | --- | --- |")
    total = sum(len(kb.collection(c.name)) for c in COLLECTIONS)
    out.append(f"| {w['everything']} | {total} | {link(json_path())} | | {link(schema_path('dataset'))} |")
    for c in COLLECTIONS:
        csvs = " ".join(link(csv_path(c.name, other)) for other in LANGUAGES)
        out.append(f"| {group('collections', lang)[c.name]} | {len(kb.collection(c.name))} | "
                   f"{link(json_path(c.name))} | {csvs} | {link(schema_path(c.schema))} |")
    out += ["", f"## {w['formats']}", "", f"- {w['json']}", f"- {w['csv']}",
            f"- {w['schemas']} {link(schema_path('common'))}", ""]
    out += [f"## {w['licence']}", "", w["licence_text"].format(link=f"[{LICENCE['name']}]({LICENCE['url']})"), ""]
    built = dates.display(dates.parse(site.built_date()), lang) if site.built else "–"
    out += [f"## {w['version']}", "",
            w["version_text"].format(version=_cell_md(site.version or "–"), built=built), ""]
    out += [f"## {w['fields']}", "", w["fields_intro"], ""]
    # The meanings come from the schemas, written in English: marked as such for readers and tools.
    out.append(field_reference(schemas, lang) if lang == "en" else
               f'<div lang="en" markdown>\n\n{field_reference(schemas, lang)}\n</div>\n')
    return "\n".join(out).rstrip() + "\n"


def field_reference(schemas: Schemas, lang: str) -> str:
    """One table per collection, generated from the schemas (with hooks/kb/fields.py)."""
    w = group("data_page", lang)
    out = []
    for c in COLLECTIONS:
        out += [f"### {group('collections', lang)[c.name]} (`{json_path(c.name)}`)", "",
                f"| {w['field']} | {w['required']} | {w['value']} | {w['meaning']} |", "| --- | --- | --- | --- |"]
        for field in fields(schemas, c.schema):
            meaning = _cell_md(" ".join(field.description.split()))
            required = w["yes"] if field.required else w["no"]
            out.append(f"| `{field.name}` | {required} | {_value_label(field, lang).replace('|', '/')} | {meaning} |")
        out.append(f"| `url` | – | {group('field_shapes', lang)['url']} | {w['url_meaning']} |")
        out.append("")
    return "\n".join(out)
