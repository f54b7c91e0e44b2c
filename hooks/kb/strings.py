"""The interface's words in both languages, read from strings.yaml: one place for every label."""

from __future__ import annotations

from pathlib import Path

import yaml

from .languages import LANGUAGES
from .problems import Problem

FILE = Path(__file__).parent / "strings.yaml"
# Enum fields of the schemas and the group of strings.yaml that labels their values.
ENUM_LABELS = {"kind": "kinds", "country": "countries", "jurisdiction": "jurisdictions", "status": "statuses",
               "counts": "counts"}


_TABLE: dict = {}  # the file's table, with the modification time it was read at


def group(name: str, lang: str, path: Path = FILE) -> dict[str, str]:
    """One group of the strings in one language, for the modules that write files beside the pages.
    Read again whenever the file changes, so an edit shows at the next rebuild of `mkdocs serve`."""
    stamp = (str(path), path.stat().st_mtime_ns)
    if _TABLE.get("stamp") != stamp:
        _TABLE.update(stamp=stamp, table=Strings(path).table)
    return {key: entry[lang] for key, entry in _TABLE["table"][name].items()}


class Strings:
    def __init__(self, path: Path = FILE):
        self.path = path
        self.table = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))

    def label(self, group: str, key: str, lang: str) -> str:
        return self.table[group][key][lang]

    def has(self, group: str, key: str) -> bool:
        entry = self.table.get(group, {}).get(key)
        return isinstance(entry, dict) and all(isinstance(entry.get(lang), str) and entry[lang] for lang in LANGUAGES)

    def check(self, schemas) -> list[Problem]:
        """Every entry in both languages, and a label for every value an enum of the schemas allows."""
        shown = "hooks/kb/strings.yaml"
        problems = []
        for group, entries in self.table.items():
            for key in entries:
                if not self.has(group, key):
                    problems.append(Problem(shown, 0, f"{group}.{key}", "expected a text in id and en"))
        for field, group in ENUM_LABELS.items():
            for value in sorted(_enum_values(schemas, field)):
                if not self.has(group, str(value)):
                    problems.append(Problem(shown, 0, f"{group}.{value}",
                                            f"missing label for {field} '{value}' allowed by the schema; "
                                            "expected {id: ..., en: ...}"))
        return problems


def _enum_values(schemas, field: str) -> set:
    """Every value an enum named `field` allows, in any schema (as a property or a shared definition)."""
    found = set()

    def walk(node):
        if isinstance(node, dict):
            for container in ("properties", "$defs"):
                for name, sub in node.get(container, {}).items():
                    if name == field and isinstance(sub, dict) and "enum" in sub:
                        found.update(sub["enum"])
            for sub in node.values():
                walk(sub)
        elif isinstance(node, list):
            for sub in node:
                walk(sub)

    for root in schemas.roots.values():
        walk(root)
    return found
