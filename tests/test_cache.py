"""kb.cache: a check that reuses what an earlier check kept finds exactly what a check from nothing finds.

Each `make check` is a new process that reads .cache/kb/store.pickle: here each check is a new Project on the
same folder, compared with a Project whose store starts empty.
"""

from __future__ import annotations

import os
import textwrap

from conftest import AVOIDING_TERM as TERM, VALID, mini_project

import kb.cache
from kb.problems import DataError
from kb.project import Project

def problems(project, store_file=None) -> list[tuple[str, str, str]]:
    checked = Project(project)
    if store_file is not None:
        checked.store_file = store_file
    try:
        checked.validate()
    except DataError as err:
        return sorted((p.file, p.field, p.message) for p in err.problems)
    return []


def write(project, relative: str, text: str) -> None:
    (project / "data" / relative).parent.mkdir(exist_ok=True)
    (project / "data" / relative).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


def test_a_check_after_edits_finds_what_a_check_from_nothing_finds(tmp_path):
    project = mini_project(tmp_path / "project")
    police = textwrap.dedent(VALID["actors/police.yaml"]).lstrip()
    ministry = textwrap.dedent(VALID["actors/ministry.yaml"]).lstrip()
    fresh = iter(tmp_path / f"empty-{n}.pickle" for n in range(100))

    def kept_and_fresh() -> list:
        kept = problems(project)
        assert kept == problems(project, next(fresh))
        return kept

    assert kept_and_fresh() == []
    write(project, "actors/police.yaml", police.replace("Sebuah kepolisian.", "Tempat aduan."))
    assert kept_and_fresh() == []  # no term avoids the word yet
    write(project, "terms/complaint.yaml", TERM)  # the glossary changes: every record is searched again
    assert [(f, field) for f, field, _ in kept_and_fresh()] == [("data/actors/police.yaml", "claims[0].text.id")]
    # An edit that keeps the file's size (aduan -> warga) is still seen: its modification time changed.
    write(project, "actors/police.yaml", police.replace("Sebuah kepolisian.", "Tempat warga."))
    assert kept_and_fresh() == []
    write(project, "actors/ministry.yaml", ministry.replace("Sebuah kementerian.",
                                                            '"Lihat [pengaduan](../glossary/index.md#complaint)."'))
    assert kept_and_fresh() == []
    (project / "data" / "terms" / "complaint.yaml").unlink()  # the link in another record now leads nowhere
    found = kept_and_fresh()
    assert [(f, field) for f, field, _ in found] == [("data/actors/ministry.yaml", "claims[0].text.id")]
    assert "../glossary/index.md#complaint" in found[0][2]


def test_an_unchanged_file_is_not_read_again_and_a_changed_one_is(tmp_path, monkeypatch):
    project = mini_project(tmp_path / "project")
    assert problems(project) == []
    read = []
    original = kb.cache.read_record
    monkeypatch.setattr(kb.cache, "read_record", lambda path, *rest: read.append(path.name) or original(path, *rest))
    police = project / "data" / "actors" / "police.yaml"
    stat = police.stat()
    os.utime(police, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # touched, same bytes
    assert problems(project) == [] and read == []
    police.write_text(police.read_text(encoding="utf-8").replace("Sebuah", "Satu.."), encoding="utf-8")
    assert police.stat().st_size == stat.st_size
    assert problems(project) == [] and read == ["police.yaml"]


def test_a_damaged_store_is_ignored(tmp_path):
    project = mini_project(tmp_path / "project", {**VALID, "terms/complaint.yaml": TERM})
    write(project, "actors/police.yaml", VALID["actors/police.yaml"].replace("Sebuah kepolisian.", "Tempat aduan."))
    expected = problems(project, tmp_path / "empty.pickle")
    assert len(expected) == 1
    store = project / ".cache" / "kb" / "store.pickle"
    store.parent.mkdir(parents=True)
    store.write_bytes(b"\x80\x05 not a pickle")
    assert problems(project) == expected
    assert problems(project) == expected  # and the store it wrote instead serves the next check
