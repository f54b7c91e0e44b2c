"""Load data/, validate every record, resolve references, build the reverse links.

`load(data_dir)` returns the knowledge base, or raises DataError carrying every
problem found: each names the file, the line, the field and what was expected.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import dates, yamlfile
from .claims import check_claims
from .languages import LANGUAGES, NAMES
from .model import COLLECTIONS, KnowledgeBase, Link, Record
from .problems import DataError, Problem, dotted
from .schema import Schemas, load as load_schemas
from .text import invisible

_PLACEHOLDER = re.compile(r"^\s*(todo|tbd|xxx|lorem ipsum|\.\.\.|…|-|\?+)\s*$|\b(TODO|FIXME|TBD)\b", re.IGNORECASE)
MAX_FILES = 20_000  # per collection
_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


@dataclass
class FileResult:
    """What one record file says on its own: its data, the line of each field, its problems against the
    schema, and where its references and Markdown texts are. Depends on nothing but the file's bytes and
    the schemas, so it can be kept between runs (kb.cache) and reused while the file is unchanged."""

    data: object
    lines: dict
    problems: list[Problem]
    markdown: list[tuple] = field(default_factory=list)
    references: list[tuple] = field(default_factory=list)


def read_record(path: Path, shown: str, collection, schemas: Schemas) -> FileResult:
    document, problems = yamlfile.read(path, shown)
    if document is None:
        return FileResult(None, {}, problems)
    if not isinstance(document.data, dict):
        return FileResult(None, {}, problems + [Problem(shown, 1, "", "expected a mapping of fields (name: value)")])
    record_id = document.data.get("id", path.stem)
    record = Record(collection, record_id if isinstance(record_id, str) else path.stem,
                    document.data, shown, document.lines)
    outcome = schemas.check(collection.schema, record.data)
    problems = problems + describe(record, outcome, schemas) + check_strings(record)
    return FileResult(document.data, document.lines, problems, outcome.markdown, outcome.references)


def load(data_dir: Path, strict_translations: bool = True, schemas: Schemas | None = None,
         files=None) -> tuple[KnowledgeBase, list[Problem]]:
    """Read and check every record under data_dir.

    Raises DataError with all problems. With strict_translations=False (a
    preview), missing translations are returned as notices instead. files:
    a kb.cache.Store that reads each file once while it is unchanged.
    """
    data_dir = Path(data_dir)
    schemas = schemas or load_schemas(data_dir / "schema")
    problems: list[Problem] = []
    records: dict[str, dict[str, Record]] = {}
    references: dict[Record, list] = {}
    unreadable: set[tuple[str, str]] = set()  # their own problem is reported; links to them are not
    shown_root = data_dir.parent

    for collection in COLLECTIONS:
        records[collection.name] = {}
        folder = data_dir / collection.name
        stems: dict[str, str] = {}
        paths = sorted(folder.iterdir()) if folder.is_dir() and not folder.is_symlink() else []
        if folder.is_symlink():
            problems.append(Problem(f"data/{collection.name}", 0, "", "is a symbolic link; expected a folder"))
        for path in paths[:MAX_FILES]:
            shown = path.relative_to(shown_root).as_posix()
            if path.is_symlink():
                problems.append(Problem(shown, 0, "", "is a symbolic link; expected a regular file inside data/"))
                continue
            if path.suffix != ".yaml" or not path.is_file():
                problems.append(Problem(shown, 0, "", "is not a .yaml file; expected one record per <id>.yaml"))
                continue
            if path.stem.casefold() in stems:
                problems.append(Problem(shown, 1, "id", f"differs from {stems[path.stem.casefold()]} only in case; "
                                                        "expected ids that differ in more than case"))
                continue
            stems[path.stem.casefold()] = shown
            result, digest = files.read(path, shown, collection, schemas) if files is not None else \
                (read_record(path, shown, collection, schemas), "")
            problems += result.problems
            if result.data is None:
                unreadable.add((collection.name, path.stem))
                continue
            record_id = result.data.get("id", path.stem)
            record = Record(collection, record_id if isinstance(record_id, str) else path.stem,
                            result.data, shown, result.lines, digest=digest)
            problems += check_id(record, path.stem, records[collection.name])
            record.markdown = result.markdown
            references[record] = result.references
            records[collection.name].setdefault(record.id, record)
        if len(paths) > MAX_FILES:
            problems.append(Problem(f"data/{collection.name}", 0, "", f"holds more than {MAX_FILES} files"))

    kb = KnowledgeBase(records)
    for record, found in references.items():
        problems += link(kb, record, found, unreadable)
    for record in kb.all():
        problems += check_meaning(record)
        problems += check_claims(record)

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


def describe(record: Record, outcome, schemas: Schemas) -> list[Problem]:
    """The schema's findings as problems: unknown fields with a 'did you mean', then the rest."""
    problems = []
    typos = set()
    for path, keys in outcome.unknown:
        known = schemas.known_names(path, record.collection.schema, record.data)
        for key in keys:
            hint = difflib.get_close_matches(str(key), known, n=1) if len(str(key)) < 80 else []
            expected = f"did you mean '{hint[0]}'?" if hint else "expected one of: " + ", ".join(known)
            problems.append(Problem(record.file, record.line(path + (key,)), dotted(path + (key,)),
                                    f"unknown field '{key}'; {expected}"))
            if hint:
                typos.add(dotted(path + (hint[0],)))
    for error in outcome.errors:
        problem = _describe(record, error)
        if error.validator == "required" and problem.field in typos:
            continue  # a misspelt field: its "did you mean" line says it all
        problems.append(problem)
    return problems


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
            message = f"missing {NAMES.get(missing, missing)} translation; expected both id and en"
        elif "then" in error.schema_path or "else" in error.schema_path:
            message = f"missing field '{missing}'; expected it here (see the field's description)"
        else:
            message = f"missing required field '{missing}'"
        return Problem(record.file, record.line(path), field, message, kind)
    if error.validator == "format":
        try:
            dates.parse(value)
            message = error.message
        except ValueError as err:
            message = f"impossible date: {err}"
        return Problem(record.file, record.line(path), dotted(path), message)
    if error.validator == "minLength" and schema.get("minLength") == 1:
        parent_is_text = len(path) >= 1 and path[-1] in LANGUAGES
        message = "is empty; expected text" + (" in this language" if parent_is_text else "")
        return Problem(record.file, record.line(path), dotted(path), message,
                       "translation" if parent_is_text else "error")
    if error.validator == "enum":
        message = f"'{_short(value)}' is not allowed; expected one of: " + ", ".join(map(str, schema["enum"]))
    elif error.validator == "type":
        message = f"expected {_expected(schema)}, got {_yaml_type(value)}"
    elif error.validator == "pattern":
        message = f"'{_short(value)}' does not fit; expected {_expected(schema)}"
    elif error.validator == "maxLength":
        message = f"is {len(value)} characters long; expected at most {error.validator_value}"
    elif error.validator == "maxItems":
        message = f"lists {len(value)}; expected at most {error.validator_value}"
    elif error.validator == "minItems":
        message = f"lists {len(value)}; expected at least {error.validator_value}"
    elif error.validator == "uniqueItems":
        message = "lists the same id twice; expected each once"
    elif error.validator == "not":
        banned = error.validator_value.get("required", []) if isinstance(error.validator_value, dict) else []
        message = ("must leave out " + ", ".join(f"'{name}'" for name in banned) + " when found is false (no such "
                   "record was found, so it has no parties, participants or operators)") if banned else \
            "is given where it must not be; see the field's description"
    elif error.validator == "anyOf":
        message = "needs one of: " + ", ".join(
            "/".join(sub.get("required", [])) for sub in error.validator_value if isinstance(sub, dict))
    elif error.validator == "const":
        message = f"expected {error.validator_value!r}"
    else:
        message = _short(error.message, 160)
    return Problem(record.file, record.line(path), dotted(path), message)


def _short(value, limit: int = 60) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
    return f"the text '{_short(value)}'"


def check_strings(record: Record) -> list[Problem]:
    """Every text of a record: no invisible or direction-changing characters, no placeholders."""
    problems = []
    for path, value in strings(record.data):
        hidden = invisible(value)
        if hidden:
            problems.append(Problem(record.file, record.line(path), dotted(path),
                                    f"holds the invisible character {hidden}; expected visible text only"))
        if len(path) > 1 and path[-1] in LANGUAGES and _PLACEHOLDER.search(value):
            problems.append(Problem(record.file, record.line(path), dotted(path),
                                    f"'{_short(value, 40)}' looks like a placeholder; expected the real text"))
    return problems


def strings(value, path=()):
    """(path, text) of every string in nested data."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, sub in value.items():
            yield from strings(sub, path + (key,))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            yield from strings(sub, path + (index,))


def at(data, path):
    for part in path:
        data = data[part]
    return data


def link(kb: KnowledgeBase, record: Record, references, unreadable=frozenset()) -> list[Problem]:
    """Resolve a record's references; record each link on both ends; report unknown ids."""
    problems = []
    for path, target_name in references:
        target_id = at(record.data, path)
        targets = kb.records.get(target_name, {})
        if target_id not in targets:
            if (target_name, target_id) in unreadable:
                continue
            hint = difflib.get_close_matches(target_id, targets, n=1) if _ID.fullmatch(target_id) else []
            expected = f"did you mean '{hint[0]}'?" if hint else f"expected an id from data/{target_name}/"
            problems.append(Problem(record.file, record.line(path), dotted(path),
                                    f"unknown {target_name} id '{_short(target_id)}'; {expected}"))
            continue
        target = targets[target_id]
        found = Link(record, str(path[0]), target, path)
        record.links_out.append(found)
        target.links_in.append(found)
    return problems


def check_meaning(record: Record) -> list[Problem]:
    """What a schema cannot say: dates in order, full source addresses."""
    problems = []
    for path, value in _periods(record.data):
        start, end = value.get("start"), value.get("end")
        if dates.is_date(start) and dates.is_date(end) and \
                dates.parse(end).sort_key() < dates.parse(start).sort_key():
            problems.append(Problem(record.file, record.line(path + ("end",)), dotted(path + ("end",)),
                                    f"ends ({end}) before it starts ({start}); expected end on or after start"))
    url = record.get("url")
    if record.collection.name == "sources" and isinstance(url, str) and re.fullmatch(r"https?://[^/]+/?", url):
        problems.append(Problem(record.file, record.line(("url",)), "url",
                                f"'{url}' is a home page; expected the address of the work itself "
                                "(or no url, with the reason in note)"))
    return problems


def _periods(value, path=()):
    if isinstance(value, dict):
        if "start" in value and path and path[-1] == "period":
            yield path, value
        for key, sub in value.items():
            yield from _periods(sub, path + (key,))
