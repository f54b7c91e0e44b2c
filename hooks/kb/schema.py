"""The JSON Schemas in data/schema: the one description of every collection's shape.

The same files give a maintainer's editor completion and checking (through
yaml-language-server) and validate the data here. Two keywords of our own
ride along, ignored by editors: `x-ref` names the collection an id must exist
in, and `x-bilingual` marks a text that needs both languages.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from . import dates

FORMATS = FormatChecker()
FORMATS.checks("partial-date", raises=ValueError)(lambda value: dates.parse(value) is not None)


class Schemas:
    """All schemas of one folder, resolved against each other."""

    def __init__(self, folder: Path):
        self.folder = folder
        resources = []
        self.roots: dict[str, dict] = {}
        for path in sorted(folder.glob("*.schema.json")):
            contents = json.loads(path.read_text(encoding="utf-8"))
            contents = {"$id": path.name, **contents}
            self.roots[path.name.removesuffix(".schema.json")] = contents
            resources.append((path.name, Resource.from_contents(contents, default_specification=DRAFT202012)))
        self.registry = Registry().with_resources(resources)

    def validator(self, stem: str) -> Draft202012Validator:
        return Draft202012Validator(self.roots[stem], registry=self.registry, format_checker=FORMATS)

    def resolve(self, schema: dict, base: str) -> tuple[dict, str]:
        """Follow $ref (possibly into another file). Returns (schema, its base file)."""
        while "$ref" in schema:
            resolved = self.registry.resolver(base_uri=base).lookup(schema["$ref"])
            base = resolved.resolver._base_uri or base
            extra = {k: v for k, v in schema.items() if k != "$ref"}
            schema = {**resolved.contents, **extra}
        return schema, base

    def properties(self, schema: dict, base: str) -> dict[str, tuple[dict, str]]:
        """Every property a schema allows, with allOf followed."""
        schema, base = self.resolve(schema, base)
        found = {}
        for part in schema.get("allOf", []):
            found.update(self.properties(part, base))
        for name, sub in schema.get("properties", {}).items():
            found[name] = (sub, base)
        return found

    def walk(self, schema: dict, base: str, data, path=()):
        """Yield (path, schema, base) for every value of data, with its schema."""
        schema, base = self.resolve(schema, base)
        yield path, schema, base
        if isinstance(data, dict):
            known = self.properties(schema, base)
            for key, value in data.items():
                if key in known:
                    yield from self.walk(*known[key], value, path + (key,))
        elif isinstance(data, list) and "items" in schema:
            for index, value in enumerate(data):
                yield from self.walk(schema["items"], base, value, path + (index,))


@lru_cache(maxsize=4)
def load(folder: str) -> Schemas:
    return Schemas(Path(folder))
