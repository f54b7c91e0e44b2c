"""What the schema says about each field, for people: the scaffold and the field reference.

Both are derived from data/schema, so neither can drift from what the build checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import COLLECTIONS, BY_NAME
from .schema import Schemas

START, END = "<!-- fields:start -->", "<!-- fields:end -->"


@dataclass(frozen=True)
class Field:
    name: str
    required: bool
    shape: str  # text, date, period, ref, refs, refs-by-collection, citations, verification, enum, ...
    description: str
    schema: dict


def fields(schemas: Schemas, stem: str) -> list[Field]:
    root = schemas.roots[stem]
    base = f"{stem}.schema.json"
    required = set(root.get("required", []))
    for part in root.get("allOf", []):
        required |= set(schemas.resolve(part, base)[0].get("required", []))
    found = []
    for name, (raw, sub_base) in schemas.properties(stem).items():
        ref = raw.get("$ref", "")
        schema, _ = schemas.resolve(raw, sub_base)
        found.append(Field(name, name in required, _shape(schema, ref), raw.get("description")
                           or schema.get("description", ""), schema))
    # The collection's own kind first: it decides what the rest means.
    return sorted(found, key=lambda f: f.name != "kind")


def _shape(schema: dict, ref: str) -> str:
    for known in ("markdown", "text", "date", "period", "citations", "claims", "refs", "pages", "id", "old_ids",
                  "url", "abbr", "line"):
        if ref.endswith(f"/{known}"):
            return known
    if "x-ref" in schema:
        return "ref"
    if schema.get("type") == "array" and "x-ref" in schema.get("items", {}):
        return "ref-list"
    if "enum" in schema:
        return "enum"
    if isinstance(schema.get("type"), str):
        return schema["type"]
    return "value"


def shape_label(field: Field) -> str:
    schema = field.schema
    return {
        "text": "text: `id` + `en`",
        "markdown": "Markdown text: `id` + `en` (emphasis, lists, links)",
        "claims": "list of claims: `text`, `status`, `sources` (+ `article`)",
        "old_ids": "list of earlier ids (each redirects here)",
        "url": "full address: `https://...`",
        "abbr": "abbreviation: letters, digits, spaces, `.` `/` `-`",
        "line": "one line of text",
        "date": "date: `\"2021\"`, `\"2021-07\"` or `\"2021-07-05\"`",
        "period": "period: `start`, `end` (dates)",
        "citations": "list of `source` (id) + `pages`",
        "refs": "ids by collection (`actors:`, `agreements:` ...)",
        "pages": "pages: `\"1709\"` or `\"1709-1710\"`",
        "id": "id: lowercase-with-hyphens, = file name",
        "ref": f"id from `data/{schema.get('x-ref')}/`",
        "ref-list": f"list of ids from `data/{schema.get('items', {}).get('x-ref')}/`",
        "enum": "one of: " + ", ".join(f"`{v}`" for v in schema.get("enum", [])),
    }.get(field.shape, schema.get("type", "value") if isinstance(schema.get("type"), str) else field.shape)


def reference(schemas: Schemas) -> str:
    """The field reference in Markdown, one table per collection."""
    out = []
    for collection in COLLECTIONS:
        out.append(f"### `data/{collection.name}/` ({collection.schema}.schema.json)\n")
        out.append("| field | required | value | meaning |")
        out.append("| --- | --- | --- | --- |")
        for field in fields(schemas, collection.schema):
            meaning = " ".join(field.description.split()).replace("|", "\\|")
            out.append(f"| `{field.name}` | {'yes' if field.required else 'no'} | {shape_label(field)} | {meaning} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def with_reference(document: str, schemas: Schemas) -> str:
    """The document with the text between the field markers replaced by the reference."""
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.DOTALL)
    if not pattern.search(document):
        raise ValueError(f"expected the markers {START} and {END} in the document")
    return pattern.sub(lambda _: f"{START}\n\n{reference(schemas)}\n{END}", document)


def scaffold(schemas: Schemas, collection: str, id: str) -> str:
    """A new record with every field: required ones to fill in, optional ones commented out."""
    stem = BY_NAME[collection].schema
    lines = [f"# yaml-language-server: $schema=../schema/{stem}.schema.json",
             "# Replace every TODO; uncomment the optional fields you need (make check tells what is left).",
             f"id: {id}"]
    for field in fields(schemas, stem):
        if field.name == "id":
            continue
        block = _example(field)
        if field.description:
            lines.append(f"# {field.name}: {' '.join(field.description.split())}")
        if not field.required:
            block = ["# " + line for line in block]
        lines += block
    return "\n".join(lines) + "\n"


def _example(field: Field) -> list[str]:
    name, shape = field.name, field.shape
    if shape in ("text", "markdown"):
        return [f"{name}:", "  id: TODO", "  en: TODO"]
    if shape == "date":
        return [f'{name}: "TODO"  # YYYY, YYYY-MM or YYYY-MM-DD']
    if shape == "period":
        return [f"{name}:", '  start: "TODO"', '  end: "TODO"']
    if shape == "citations":
        return [f"{name}:", "  - source: TODO  # an id from data/sources/", '    pages: "TODO"']
    if shape == "claims":
        return [f"{name}:", "  - text:", "      id: TODO", "      en: TODO",
                "    status: TODO  # official | confirmed | reported | article-only | not-found | contradicted",
                "    sources:", "      - source: TODO  # an id from data/sources/", '        pages: "TODO"']
    if shape == "refs":
        return [f"{name}:", "  actors: [TODO]"]
    if shape == "ref":
        return [f"{name}: TODO  # an id from data/{field.schema['x-ref']}/"]
    if shape == "ref-list":
        return [f"{name}:", f"  - TODO  # an id from data/{field.schema['items']['x-ref']}/"]
    if shape == "enum":
        return [f"{name}: TODO  # one of: {', '.join(map(str, field.schema['enum']))}"]
    if shape == "object":
        return [f"{name}:"] + [f"  {key}: TODO" for key in field.schema.get("properties", {})]
    if shape == "array":
        return [f"{name}:", "  - TODO"]
    return [f"{name}: TODO"]
