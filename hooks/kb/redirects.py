"""Permanent links: every address a record ever had keeps working, and no id is ever reused.

A renamed record lists its earlier ids in `old_ids`; each old address gets a
static page per language (index.html under the old folder) that sends the
reader on: a meta refresh, a canonical link to the new address, and a visible
link for whoever has refresh turned off. A record that is deleted is listed in
data/removed.yaml ({collection, id, removed, note}); its id may never be used
again, in that collection, as an id or an old id.

Terms and sources have no page of their own (they are anchors on the glossary
and the bibliography): an old id of theirs needs an extra anchor there, not a
redirect page; `old_anchors` lists them for the templates.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from jsonschema import Draft202012Validator

from . import yamlfile
from .addresses import SHARED_PAGES, SiteInfo, prefix, record_path, record_url, relative, title
from .model import BY_NAME, LANGUAGES, KnowledgeBase, Record
from .strings import group
from .problems import Problem
from .schema import FORMATS, Schemas

REMOVED_FILE = "data/removed.yaml"

@dataclass(frozen=True)
class Removed:
    collection: str
    id: str
    removed: str
    note: str
    line: int = 1


# -- redirect pages -----------------------------------------------------------------------

def redirect_html(record: Record, old_id: str, lang: str, site: SiteInfo) -> str:
    """The page at an old address: refresh and visible link relative (works under any base), canonical absolute."""
    here = prefix(lang) + f"{record.collection.name}/{old_id}/"
    href = relative(here, record_path(record, lang))
    canonical = record_url(site, record, lang)
    name = html.escape(title(record, lang), quote=True)
    w = group("redirect", lang)
    return (f'<!doctype html>\n<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<title>{w["title"]}: {name}</title>\n'
            f'<link rel="canonical" href="{html.escape(canonical, quote=True)}">\n'
            f'<meta name="robots" content="noindex">\n'
            f'<meta http-equiv="refresh" content="0; url={html.escape(href, quote=True)}">\n'
            f'</head>\n<body>\n<p>{w["moved"]} <a href="{html.escape(href, quote=True)}">{name}</a>.</p>\n'
            f'</body>\n</html>\n')


def redirect_files(kb: KnowledgeBase, site: SiteInfo) -> dict[str, bytes]:
    """{'actors/old-id/index.html': ..., 'en/actors/old-id/index.html': ...} for every old id."""
    out = {}
    for record in kb.all():
        if record.collection.name in SHARED_PAGES:
            continue
        for old_id in record.get("old_ids") or []:
            for lang in LANGUAGES:
                path = f"{prefix(lang)}{record.collection.name}/{old_id}/index.html"
                out[path] = redirect_html(record, old_id, lang, site).encode("utf-8")
    return out


def old_anchors(record: Record) -> list[str]:
    """Earlier ids of a term or source: the glossary or bibliography keeps an anchor for each."""
    return list(record.get("old_ids") or []) if record.collection.name in SHARED_PAGES else []


# -- removed ids --------------------------------------------------------------------------

def load_removed(root: Path, schemas: Schemas | None = None) -> tuple[list[Removed], list[Problem]]:
    """Read data/removed.yaml (a missing file is an empty list); check it against removed.schema.json."""
    path = Path(root) / REMOVED_FILE
    if not path.is_file():
        return [], []
    document, problems = yamlfile.read(path, REMOVED_FILE)
    if document is None:
        return [], problems
    data = document.data if document.data is not None else []
    if schemas is not None and "removed" in schemas.roots:
        validator = Draft202012Validator(schemas.roots["removed"], registry=schemas.registry,
                                         format_checker=FORMATS)
        for error in validator.iter_errors(data):
            where = tuple(error.absolute_path)
            problems.append(Problem(REMOVED_FILE, _line(document, where), ".".join(map(str, where)),
                                    error.message))
        if problems:
            return [], problems
    if not isinstance(data, list):
        return [], problems + [Problem(REMOVED_FILE, 1, "", "expected a list of {collection, id, removed, note}")]
    found = []
    for index, item in enumerate(data):
        if not isinstance(item, dict) or not item.get("collection") or not item.get("id"):
            problems.append(Problem(REMOVED_FILE, _line(document, (index,)), f"[{index}]",
                                    "expected collection, id, removed (a date) and note"))
            continue
        found.append(Removed(str(item["collection"]), str(item["id"]), str(item.get("removed", "")),
                             str(item.get("note", "")), _line(document, (index,))))
    return found, problems


def _line(document, path: tuple) -> int:
    """Line of a path in the file, or of its nearest ancestor that has one."""
    path = tuple(path)
    while path and path not in document.lines:
        path = path[:-1]
    return document.lines.get(path, 1)


# -- the check ----------------------------------------------------------------------------

def check_ids(kb: KnowledgeBase, removed: list[Removed] = ()) -> list[Problem]:
    """Problems when two records claim one address (id or old id, case-insensitive), or a removed id returns.

    Addresses are per collection (actors/x and events/x differ).
    """
    problems: list[Problem] = []
    for name, records in kb.records.items():
        claimed: dict[str, tuple[Record, str]] = {}  # folded id -> (record, "id" | "old_ids[i]")
        for record in sorted(records.values(), key=lambda r: r.file):
            own = [(record.id, ("id",))]
            own += [(old, ("old_ids", i)) for i, old in enumerate(record.get("old_ids") or [])]
            for value, path in own:
                key = str(value).casefold()
                field = "id" if path == ("id",) else f"old_ids[{path[1]}]"
                if key in claimed:
                    other, other_field = claimed[key]
                    if other is record:
                        problems.append(Problem(record.file, record.line(path), field,
                                                f"'{value}' is also this record's {other_field}; "
                                                "expected an old id that differs from the id"))
                    else:
                        problems.append(Problem(record.file, record.line(path), field,
                                                f"'{value}' is already claimed by {other.file} ({other_field}); "
                                                f"expected each address in data/{name}/ to belong to one record"))
                    continue
                claimed[key] = (record, field)
    seen: dict[tuple[str, str], Removed] = {}
    for entry in removed:
        key = (entry.collection, entry.id.casefold())
        if entry.collection not in BY_NAME:
            problems.append(Problem(REMOVED_FILE, entry.line, "collection",
                                    f"unknown collection '{entry.collection}'; expected one of: "
                                    + ", ".join(sorted(BY_NAME))))
            continue
        if key in seen:
            problems.append(Problem(REMOVED_FILE, entry.line, "id",
                                    f"'{entry.id}' is listed twice (also at line {seen[key].line})"))
        seen[key] = entry
    for name, records in kb.records.items():
        for record in records.values():
            own = [(record.id, ("id",))]
            own += [(old, ("old_ids", i)) for i, old in enumerate(record.get("old_ids") or [])]
            for value, path in own:
                entry = seen.get((name, str(value).casefold()))
                if entry:
                    field = "id" if path == ("id",) else f"old_ids[{path[1]}]"
                    problems.append(Problem(record.file, record.line(path), field,
                                            f"'{value}' was removed on {entry.removed} ({REMOVED_FILE}, line "
                                            f"{entry.line}) and may never be used again; expected a new id"))
    return problems
