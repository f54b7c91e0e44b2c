"""The JSON Schemas in data/schema: the one description of every collection's shape.

The same files give a maintainer's editor completion and checking (through
yaml-language-server) and validate the data here, in one pass per record.
Two keywords ride along: `x-ref` (ours) names the collection an id must exist
in, and `contentMediaType: text/markdown` (standard) marks a text that is
rendered as Markdown. The validator reports each of them as a marker error,
so that one walk gives the problems, the references and the Markdown texts,
each with its path. (Markers make a subschema "invalid", so neither keyword
may sit inside `if`, `anyOf`, `oneOf` or `not`.) `x-bilingual` marks a text
that needs both languages.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from . import dates

FORMATS = FormatChecker()
FORMATS.checks("partial-date", raises=ValueError)(lambda value: dates.parse(value) is not None)
MARKDOWN = "text/markdown"


def _reference(validator, collection, instance, schema):
    if isinstance(instance, str):
        yield ValidationError("reference", validator="x-ref", validator_value=collection)


def _media_type(validator, media_type, instance, schema):
    if media_type == MARKDOWN and isinstance(instance, str):
        yield ValidationError("markdown", validator="contentMediaType", validator_value=media_type)


Validator = validators.extend(Draft202012Validator, {"x-ref": _reference, "contentMediaType": _media_type})


@dataclass
class Outcome:
    """What one pass over a record found."""

    errors: list[ValidationError] = field(default_factory=list)
    references: list[tuple[tuple, str]] = field(default_factory=list)  # (path, collection)
    markdown: list[tuple] = field(default_factory=list)  # paths of Markdown texts
    unknown: list[tuple[tuple, list[str]]] = field(default_factory=list)  # (path, unknown keys)


class Schemas:
    """All schemas of one folder, resolved against each other."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        resources = []
        self.roots: dict[str, dict] = {}
        for path in sorted(self.folder.glob("*.schema.json")):
            contents = {"$id": path.name, **json.loads(path.read_text(encoding="utf-8"))}
            self.roots[path.name.removesuffix(".schema.json")] = contents
            resources.append((path.name, Resource.from_contents(contents, default_specification=DRAFT202012)))
        self.registry = Registry().with_resources(resources)
        # Each collection's schema with every $ref replaced by what it points to: validating then
        # needs no lookups, which is most of jsonschema's time on records like ours.
        self._validators = {stem: Validator(self.inline(root, f"{stem}.schema.json"), format_checker=FORMATS)
                            for stem, root in self.roots.items()}
        self._top_level = {stem: self._own_properties(root, f"{stem}.schema.json") for stem, root in self.roots.items()}

    def resolve(self, schema: dict, base: str) -> tuple[dict, str]:
        """Follow $ref (possibly into another file). Returns (schema, the file it is in)."""
        while "$ref" in schema:
            target = schema["$ref"]
            resolved = self.registry.resolver(base_uri=base).lookup(target)
            base = target.split("#")[0] or base
            extra = {k: v for k, v in schema.items() if k != "$ref"}
            schema = {**resolved.contents, **extra}
        return schema, base

    def inline(self, schema, base: str):
        """The schema with every $ref resolved in place (the schemas have no recursive references)."""
        if isinstance(schema, list):
            return [self.inline(item, base) for item in schema]
        if not isinstance(schema, dict):
            return schema
        if "$ref" in schema:
            target = schema["$ref"]
            resolved = self.registry.resolver(base_uri=base).lookup(target)
            merged = {**resolved.contents, **{k: v for k, v in schema.items() if k != "$ref"}}
            return self.inline(merged, target.split("#")[0] or base)
        return {key: (value if key in ("enum", "const", "required") else self.inline(value, base))
                for key, value in schema.items() if key not in ("$id", "$schema", "$defs")}

    def _own_properties(self, schema: dict, base: str) -> dict[str, tuple[dict, str]]:
        schema, base = self.resolve(schema, base)
        found = {}
        for part in schema.get("allOf", []):
            found.update(self._own_properties(part, base))
        for name, sub in schema.get("properties", {}).items():
            found[name] = (sub, base)
        return found

    def properties(self, stem: str) -> dict[str, tuple[dict, str]]:
        """The top-level fields of a collection's records, with their schemas."""
        return self._top_level[stem]

    def check(self, stem: str, data) -> Outcome:
        """Validate once; sort the findings into problems, references, Markdown texts, unknown fields."""
        outcome = Outcome()
        for error in self._validators[stem].iter_errors(data):
            self._sort(stem, error, outcome)
        return outcome

    def _sort(self, stem, error, outcome):
        path = tuple(error.absolute_path)
        if error.validator == "x-ref":
            outcome.references.append((path, error.validator_value))
        elif error.validator == "contentMediaType":
            outcome.markdown.append(path)
        elif error.validator == "unevaluatedProperties":
            # Only the root uses it (to admit the shared record fields). Markers inside the shared part
            # make jsonschema count those fields as unevaluated, so the unknown keys are worked out here.
            known = self._top_level[stem] if not path else {}
            unknown = [key for key in error.instance if key not in known]
            if unknown:
                outcome.unknown.append((path, unknown))
        elif error.validator == "additionalProperties":
            known = error.schema.get("properties", {})
            outcome.unknown.append((path, [key for key in error.instance if key not in known]))
        else:
            outcome.errors.append(error)

    def known_names(self, path: tuple, stem: str, data) -> list[str]:
        """Field names allowed at a path of a record (for 'did you mean')."""
        if not path:
            return list(self._top_level[stem])
        schema, base = self._top_level[stem][path[0]]
        value = data[path[0]]
        for part in path[1:]:
            schema, base = self.resolve(schema, base)
            if isinstance(part, int):
                schema = schema.get("items", {})
            else:
                schema = self._own_properties(schema, base).get(part, ({}, base))[0]
            value = value[part]
        return list(self._own_properties(schema, base))


def load(folder) -> Schemas:
    return Schemas(Path(folder))
