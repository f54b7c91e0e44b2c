"""Valid example records made by walking the schemas, so that a field added later is covered too.

`example_dataset(schemas)` returns {relative path under data/: record dict}: two records per
collection with every field the schema allows filled in. `string_paths(record)` lists the path of
every string in a record: the places a test pushes hostile text through.
"""

from __future__ import annotations

from kb.load import strings
from kb.model import COLLECTIONS

# Examples for constrained strings, by the shared definition or the field they belong to.
BY_DEF = {"url": "https://example.org/report/2023", "phone": "+855 12 813 282", "email": "info@example.org",
          "abbr": "ABC", "id": "base-id", "pages": "1709", "date": "2023-08-21", "line": "Line of text"}
BY_FIELD = {"number": "21/2007", "volume": "1", "issue": "4", "doi": "10.1234/abc.5"}
PREFER = {"status": "reported", "kind": None}
OMIT = {"role", "old_ids", "avoid", "series", "cited_by"}


class Walker:
    def __init__(self, schemas):
        self.schemas = schemas

    def ids(self, collection: str, count: int = 1) -> list[str]:
        return [f"base-{collection}-{i}" for i in range(1, count + 1)]

    def value(self, schema: dict, base: str, name: str, defname: str | None = None):
        ref = schema.get("$ref", "")
        if ref:
            defname = ref.rsplit("/", 1)[-1]
        schema, base = self.schemas.resolve(schema, base)
        if "x-ref" in schema:
            return self.ids(schema["x-ref"])[0]
        if "enum" in schema:
            preferred = PREFER.get(name)
            return preferred if preferred in schema["enum"] else schema["enum"][0]
        if "const" in schema:
            return schema["const"]
        if schema.get("format") == "partial-date":
            return "2023-08-21"
        kind = schema.get("type")
        if isinstance(kind, list):
            kind = "string" if "string" in kind else kind[0]
        if kind == "object" or "properties" in schema or "allOf" in schema:
            out = {}
            for key, (sub, sub_base) in self.schemas._own_properties(schema, base).items():
                if key in OMIT:
                    continue
                out[key] = self.value(sub, sub_base, key)
            return out
        if kind == "array":
            items = schema.get("items", {})
            resolved, _ = self.schemas.resolve(items, base)
            count = max(1, schema.get("minItems", 1))
            if "x-ref" in resolved:
                return self.ids(resolved["x-ref"], count)
            return [self.value(items, base, name) for _ in range(count)]
        if kind == "number" or kind == "integer":
            return 2023 if name == "year" else 42
        if kind == "boolean":
            return True
        if kind == "string":
            if name in BY_FIELD:
                return BY_FIELD[name]
            if defname in BY_DEF and BY_DEF[defname]:
                return BY_DEF[defname]
            if "pattern" in schema:
                raise KeyError(f"no example for the pattern of '{name}' ({schema['pattern']}): "
                               "add one to tests/schema_examples.py")
            return "Teks" if name == "id" else "Text"
        return "Text"


def example_dataset(schemas) -> dict[str, dict]:
    walker = Walker(schemas)
    files = {}
    for collection in COLLECTIONS:
        root = schemas.roots[collection.schema]
        for record_id in walker.ids(collection.name, 2):
            record = walker.value(root, f"{collection.schema}.schema.json", "")
            record["id"] = record_id
            if collection.name == "agreements":
                record["found"] = True
            files[f"{collection.name}/{record_id}.yaml"] = record
    # The reviewed article: one source plays it, so that claims may say what it says.
    files["sources/base-sources-2.yaml"]["role"] = "reviewed-article"
    for record in files.values():
        for claim in record.get("claims", []):
            claim["sources"] = [{"source": "base-sources-1", "pages": "1709"}]
            claim["article"] = {"text": {"id": "Kata artikel", "en": "The article's words"},
                                "pages": "1709"}
    return files


def string_paths(value):
    return [path for path, _ in strings(value)]


def put(record, path, text):
    target = record
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = text
