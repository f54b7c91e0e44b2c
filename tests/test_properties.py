"""Property-based: five hundred damaged datasets per run. Each ends in problem lines (file, line, field)
or in a clean check, which renders every page; none raises a traceback, none takes over 2 seconds."""

from __future__ import annotations

import copy
import shutil
import time

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import VALID, mini_project
from kb.problems import DataError, Problem
from kb.project import Project

BASE = {relative: yaml.safe_load(__import__("textwrap").dedent(text)) for relative, text in VALID.items()}

ODD_TEXT = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", " ", "\u202e", "\u200b", "<script>alert(1)</script>", "{{ 7*7 }}", "2023-02-30",
                     "0000-05", "9" * 400, "[x](javascript:alert(1))", "- item", "# h", "\x00"]),
)
VALUES = st.one_of(ODD_TEXT, st.integers(), st.floats(allow_nan=True), st.booleans(), st.none(),
                   st.lists(ODD_TEXT, max_size=3), st.dictionaries(ODD_TEXT, ODD_TEXT, max_size=2))


def paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from paths(sub, path + (key,))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            yield from paths(sub, path + (index,))


@st.composite
def damaged(draw):
    files = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 4))):
        relative = draw(st.sampled_from(sorted(files)))
        record = files[relative]
        action = draw(st.sampled_from(["replace", "delete-field", "add-field", "delete-file", "duplicate",
                                       "unknown-ref", "raw"]))
        if not isinstance(record, dict):
            action = draw(st.sampled_from(["raw", "delete-file"]))
        candidates = [p for p in paths(record) if p] if isinstance(record, dict) else []
        if action == "replace" and candidates:
            path = draw(st.sampled_from(candidates))
            target = record
            for part in path[:-1]:
                target = target[part]
            target[path[-1]] = draw(VALUES)
        elif action == "delete-field" and candidates:
            path = draw(st.sampled_from(candidates))
            target = record
            for part in path[:-1]:
                target = target[part]
            del target[path[-1]]
        elif action == "add-field" and isinstance(record, dict):
            record[draw(ODD_TEXT) or "x"] = draw(VALUES)
        elif action == "delete-file":
            files.pop(relative)
        elif action == "duplicate":
            folder = relative.split("/")[0]
            files[f"{folder}/{draw(st.sampled_from(['copy', 'Police', 'mou-2']))}.yaml"] = copy.deepcopy(record)
        elif action == "unknown-ref" and isinstance(files.get("agreements/mou.yaml"), dict):
            files["agreements/mou.yaml"]["parties"] = ["ministry", "nobody"]
        elif action == "raw":
            files[relative] = draw(st.sampled_from(["a: [", "\t- x", "? !!python/name:os.system\n: x",
                                                    "a: &a [1]\nb: *a", "---\n---\n", "", "- 1\n- 2"]))
    return files


def write(data, files):
    for folder in list(data.iterdir()):
        if folder.name != "schema":
            shutil.rmtree(folder)
    for relative, record in files.items():
        path = data / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        text = record if isinstance(record, str) else yaml.dump(record, Dumper=yaml.CSafeDumper, allow_unicode=True)
        path.write_text(text, encoding="utf-8")


def test_damaged_datasets_end_in_problem_lines_or_a_clean_check(tmp_path_factory):
    project = mini_project(tmp_path_factory.mktemp("damaged"), {})
    checker = Project(project)
    seen = {"problems": 0, "clean": 0}

    @settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(damaged())
    def run(files):
        write(project / "data", files)
        started = time.perf_counter()
        try:
            checker.check()
            seen["clean"] += 1
        except DataError as err:
            assert err.problems
            for problem in err.problems:
                assert isinstance(problem, Problem)
                assert problem.file.startswith(("data/", "docs/", "hooks/")), str(problem)
                assert "Traceback" not in problem.message
            seen["problems"] += 1
        assert time.perf_counter() - started < 2

    run()
    assert seen["problems"] + seen["clean"] >= 500 and seen["problems"] > 0
