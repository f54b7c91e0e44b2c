"""Load data/, validate every record, resolve references, build the reverse links.

`load(data_dir)` returns the knowledge base, or raises DataError carrying every
problem found: each names the file, the line, the field and what was expected.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from . import dates, yamlfile
from .model import COLLECTIONS, LANGUAGES, KnowledgeBase, Link, Record
from .problems import DataError, Problem, dotted
from .schema import Schemas, load as load_schemas

LANGUAGE_NAMES = {"id": "Indonesian", "en": "English"}
# Markdown link targets in text fields: [label](target) and <target>.
_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)|<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>")
_SAFE_LINK = re.compile(r"^(https?://|mailto:|#|\.{0,2}/|[a-z0-9-]+(/|\.md|#|$))", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"^\s*(todo|tbd|xxx|lorem ipsum|\.\.\.|…|-|\?+)\s*$|\b(TODO|FIXME|TBD)\b", re.IGNORECASE)


def load(data_dir: Path, strict_translations: bool = True) -> tuple[KnowledgeBase, list[Problem]]:
    """Read and check every record under data_dir.

    Raises DataError with all problems. With strict_translations=False (a
    preview), missing translations are returned as notices instead.
    """
    data_dir = Path(data_dir)
    schemas = load_schemas(str(data_dir / "schema"))
    problems: list[Problem] = []
    records: dict[str, dict[str, Record]] = {}
    unreadable: set[tuple[str, str]] = set()  # their own problem is reported; links to them are not
    shown_root = data_dir.parent

    for collection in COLLECTIONS:
        records[collection.name] = {}
        folder = data_dir / collection.name
        for path in sorted(folder.glob("*")) if folder.is_dir() else []:
            shown = path.relative_to(shown_root).as_posix()
            if path.suffix != ".yaml" or not path.is_file():
                problems.append(Problem(shown, 0, "", "is not a .yaml file; expected one record per <id>.yaml"))
                continue
            document, found = yamlfile.read(path, shown)
            problems += found
            if document is None or not isinstance(document.data, dict):
                unreadable.add((collection.name, path.stem))
            if document is None:
                continue
            if not isinstance(document.data, dict):
                problems.append(Problem(shown, 1, "", "expected a mapping of fields (name: value)"))
                continue
            record = Record(collection, str(document.data.get("id", path.stem)), document.data, shown, document.lines)
            problems += check_schema(record, schemas)
            problems += check_id(record, path.stem, records[collection.name])
            records[collection.name].setdefault(record.id, record)

    kb = KnowledgeBase(records)
    problems += link(kb, schemas, unreadable)
    for record in kb.all():
        problems += check_meaning(record, schemas)

    errors = [p for p in problems if p.kind == "error" or strict_translations]
    if errors:
        raise DataError(errors)
    return kb, sorted(set(problems))


def check_id(record: Record, stem: str, seen: dict[str, Record]) -> list[Problem]:
    problems = []
    if record.id != stem:
        problems.append(Problem(record.file, record.line(("id",)), "id",
                                f"id '{record.id}' differs from the file name; expected '{stem}' "
                                "(the id is the file name and the page address)"))
    if record.id in seen:
        problems.append(Problem(record.file, record.line(("id",)), "id",
                                f"duplicate id '{record.id}', already used by {seen[record.id].file}; "
                                "expected an id used once per collection"))
    return problems


def check_schema(record: Record, schemas: Schemas) -> list[Problem]:
    """Every way the record departs from its collection's schema, one problem each."""
    root = schemas.roots[record.collection.schema]
    base = f"{record.collection.schema}.schema.json"
    problems = []
    typos = set()  # (parent path, field the unknown field probably meant)
    unknown = []
    for path, schema, sub_base in schemas.walk(root, base, record.data):
        value = _at(record.data, path)
        if isinstance(value, dict) and (schema.get("unevaluatedProperties") is False
                                        or schema.get("additionalProperties") is False):
            known = schemas.properties(schema, sub_base)
            for key in value:
                if key not in known:
                    hint = difflib.get_close_matches(key, known, n=1)
                    expected = f"did you mean '{hint[0]}'?" if hint else "expected one of: " + ", ".join(known)
                    unknown.append(Problem(record.file, record.line(path + (key,)), dotted(path + (key,)),
                                           f"unknown field '{key}'; {expected}"))
                    if hint:
                        typos.add(dotted(path + (hint[0],)))
    for error in schemas.validator(record.collection.schema).iter_errors(record.data):
        if error.validator in ("unevaluatedProperties", "additionalProperties"):
            continue  # unknown fields are reported above, one line each
        problem = _describe(record, error)
        if error.validator == "required" and problem.field in typos:
            continue  # a misspelt field: its "did you mean" line says it all
        problems.append(problem)
    return problems + unknown


def _at(data, path):
    for part in path:
        data = data[part]
    return data


def _describe(record: Record, error) -> Problem:
    path = tuple(error.absolute_path)
    schema = error.schema
    value = error.instance
    kind = "error"
    if error.validator == "required":
        missing = [name for name in error.validator_value if not isinstance(value, dict) or name not in value][0]
        field = dotted(path + (missing,))
        if schema.get("x-bilingual"):
            kind = "translation"
            message = f"missing {LANGUAGE_NAMES.get(missing, missing)} translation; expected both id and en"
        elif "then" in error.schema_path:
            message = f"missing field '{missing}'; expected it when status is {value.get('status')}"
        else:
            message = f"missing required field '{missing}'"
        return Problem(record.file, record.line(path), field, message, kind)
    if error.validator == "format":
        try:
            dates.parse(value)
        except ValueError as err:
            message = f"impossible date: {err}"
        return Problem(record.file, record.line(path), dotted(path), message)
    if error.validator == "minLength" and schema.get("minLength") == 1:
        parent_is_text = len(path) >= 1 and path[-1] in LANGUAGES
        message = "is empty; expected text" + (" in this language" if parent_is_text else "")
        return Problem(record.file, record.line(path), dotted(path), message,
                       "translation" if parent_is_text else "error")
    if error.validator == "enum":
        message = f"'{value}' is not allowed; expected one of: " + ", ".join(map(str, schema["enum"]))
    elif error.validator == "type":
        message = f"expected {_expected(schema)}, got {_yaml_type(value)}"
    elif error.validator == "pattern":
        message = f"'{value}' does not fit; expected {_expected(schema)}"
    elif error.validator == "minItems":
        message = f"lists {len(value)}; expected at least {error.validator_value}"
    elif error.validator == "uniqueItems":
        message = "lists the same id twice; expected each once"
    else:
        message = error.message
    return Problem(record.file, record.line(path), dotted(path), message)


def _expected(schema: dict) -> str:
    if "description" in schema:
        return schema["description"][0].lower() + schema["description"][1:].rstrip(".")
    types = schema.get("type")
    return " or ".join(types) if isinstance(types, list) else str(types)


def _yaml_type(value) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"true/false ({value})"
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f"the text '{value}'"


def link(kb: KnowledgeBase, schemas: Schemas, unreadable=frozenset()) -> list[Problem]:
    """Resolve every x-ref; record each link on both ends; report unknown ids."""
    problems = []
    for record in kb.all():
        base = f"{record.collection.schema}.schema.json"
        for path, schema, _ in schemas.walk(schemas.roots[record.collection.schema], base, record.data):
            target_name = schema.get("x-ref")
            if not target_name:
                continue
            target_id = _at(record.data, path)
            if not isinstance(target_id, str):
                continue  # the schema check reports the wrong type
            targets = kb.records.get(target_name, {})
            if target_id not in targets:
                if (target_name, target_id) in unreadable:
                    continue
                hint = difflib.get_close_matches(target_id, targets, n=1)
                expected = f"did you mean '{hint[0]}'?" if hint else f"expected an id from data/{target_name}/"
                problems.append(Problem(record.file, record.line(path), dotted(path),
                                        f"unknown {target_name} id '{target_id}'; {expected}"))
                continue
            target = targets[target_id]
            link = Link(record, str(path[0]), target)
            record.links_out.append(link)
            target.links_in.append(link)
    return problems


def check_meaning(record: Record, schemas: Schemas) -> list[Problem]:
    """What a schema cannot say: date order, safe links, no placeholders."""
    problems = []
    base = f"{record.collection.schema}.schema.json"
    for path, schema, _ in schemas.walk(schemas.roots[record.collection.schema], base, record.data):
        value = _at(record.data, path)
        if "start" in schema.get("properties", {}) and isinstance(value, dict):
            start, end = value.get("start"), value.get("end")
            if dates.is_date(start) and dates.is_date(end) and \
                    dates.parse(end).sort_key() < dates.parse(start).sort_key():
                problems.append(Problem(record.file, record.line(path + ("end",)), dotted(path + ("end",)),
                                        f"ends ({end}) before it starts ({start}); expected end on or after start"))
        if isinstance(value, str) and len(path) > 1 and path[-1] in LANGUAGES:
            for match in _LINK.finditer(value):
                target = match.group(1) or match.group(2)
                if target and not _SAFE_LINK.match(target):
                    problems.append(Problem(record.file, record.line(path), dotted(path),
                                            f"link '{target}' is not allowed; expected an http(s), mailto "
                                            "or site-relative link"))
            if _PLACEHOLDER.search(value):
                problems.append(Problem(record.file, record.line(path), dotted(path),
                                        f"'{value[:40]}' looks like a placeholder; expected the real text"))
    if record.collection.name == "events" and "date" not in record.data and "period" not in record.data:
        problems.append(Problem(record.file, 1, "date", "an event needs a date or a period; expected one of them"))
    return problems
