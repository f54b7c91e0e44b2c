"""The hostile site: every vector of payloads.py in every string field of a copy of each collection's
first example record. The vectors the check refuses are put back to their valid value (each refused field
recorded); the rest are built into a site, once per test session (conftest.hostile_site), for the tests of
test_safety*.py to read.
"""

from __future__ import annotations

import copy
import pickle
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from conftest import build, mini_project
from kb.load import at
from kb.problems import DataError
from kb.project import Project
from kb.schema import load as load_schemas
from payloads import VECTORS
from schema_examples import example_dataset, put, string_paths

BIG = max(range(len(VECTORS)), key=lambda i: len(VECTORS[i]))
SEVEN = VECTORS.index("{{ 7*7 }}")
ABOUT = "hostile.pickle"  # files, which, refused: kept next to the built project


@dataclass
class HostileSite:
    project: Path
    files: dict[str, dict]  # relative path under data/ -> record
    which: dict[str, int]  # data/<collection>/v<n>.yaml -> vector index
    refused: dict[str, set]  # file -> fields the check refused (and that were put back)


def write(data: Path, files: dict[str, dict]) -> None:
    for folder in data.iterdir():
        if folder.is_dir() and folder.name != "schema":
            shutil.rmtree(folder)
    for relative, record in files.items():
        path = data / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.dump(record, Dumper=yaml.CSafeDumper, allow_unicode=True, width=10**6), encoding="utf-8")


def vector_records(base: dict[str, dict], skip=()) -> tuple[dict, dict]:
    """For each collection and vector: a copy of the collection's first record with the vector in every
    string field. Returns (files, {file: vector index})."""
    files, which = {}, {}
    for relative, record in base.items():
        if not relative.endswith("-1.yaml"):
            continue
        collection = relative.split("/")[0]
        for index, vector in enumerate(VECTORS):
            if index in skip:
                continue
            copied = copy.deepcopy(record)
            copied["id"] = f"v{index}"
            for path in string_paths(copied):
                if path != ("id",):
                    put(copied, path, vector)
            name = f"{collection}/v{index}.yaml"
            files[name] = copied
            which[f"data/{name}"] = index
    return files, which


def make(folder: Path) -> Path:
    """Write and build the hostile site in folder; what it holds goes to folder/hostile.pickle."""
    project = mini_project(folder, {}, search=False)
    schemas = load_schemas(project / "data" / "schema")
    base = example_dataset(schemas)
    files, which = vector_records(base, skip={BIG})
    files = {**base, **files}
    refused: dict[str, set] = {}
    checker = Project(project)  # one project: each round reads again only the files that changed (kb.cache)
    for _ in range(6):
        write(project / "data", files)
        try:
            checker.validate()
            break
        except DataError as err:
            for problem in err.problems:
                assert problem.file in which, str(problem)  # only the hostile records are refused
                assert problem.line >= 1 and problem.field and "Traceback" not in problem.message, str(problem)
                path = field_path(problem.field)
                record = files[problem.file.removeprefix("data/")]
                original = base[f"{problem.file.split('/')[1]}/base-{problem.file.split('/')[1]}-1.yaml"]
                put(record, path, at(original, path))  # refused: put the valid value back
                refused.setdefault(problem.file, set()).add(problem.field)
    else:
        raise AssertionError("check still refuses after repairing every refused field")
    result = build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    (folder / ABOUT).write_bytes(pickle.dumps((files, which, refused)))
    return folder


def read(folder: Path) -> HostileSite:
    return HostileSite(folder, *pickle.loads((folder / ABOUT).read_bytes()))


def field_path(field: str) -> tuple:
    parts = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", field):
        parts.append(int(index) if index else name)
    return tuple(parts)


