"""Shared fixtures: a small, valid knowledge base written to a temporary data/ folder."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kb.load import load
from kb.site import GENERATED

ROOT = Path(__file__).resolve().parents[1]

VALID = {
    "sources/article.yaml": """
        id: article
        kind: article
        authors:
          - Family, G.
          - Other, H.
          - Third, I.
        year: 2025
        title: A study
        container: A Journal
        volume: "1"
        issue: "4"
        pages: 1702-1715
        doi: 10.1234/abc
    """,
    "actors/ministry.yaml": """
        id: ministry
        kind: ministry
        country: ID
        name: {id: Kementerian, en: Ministry}
        summary: {id: Sebuah kementerian., en: A ministry.}
        verification: {status: single-source}
        sources:
          - source: article
            pages: "1707"
    """,
    "actors/police.yaml": """
        id: police
        kind: police
        country: KH
        name: {id: Kepolisian, en: Police}
        summary: {id: Sebuah kepolisian., en: A police force.}
        verification: {status: single-source}
        sources: [{source: article, pages: "1708"}]
    """,
    "agreements/mou.yaml": """
        id: mou
        kind: mou
        parties: [ministry, police]
        signed: "2023-08-21"
        name: {id: Nota kesepahaman, en: Memorandum}
        summary: {id: Sebuah nota kesepahaman., en: A memorandum.}
        verification: {status: single-source}
        sources: [{source: article, pages: "1709-1710"}]
    """,
}


def write_data(folder: Path, files: dict[str, str]) -> Path:
    """Write a data/ folder with the real schemas and the given records."""
    data = folder / "data"
    shutil.copytree(ROOT / "data" / "schema", data / "schema")
    for relative, text in files.items():
        path = data / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return data


@pytest.fixture
def data_dir(tmp_path):
    """Returns a function: data_dir(**changes) writes VALID with files replaced or added."""

    def make(changes: dict[str, str | None] | None = None) -> Path:
        files = dict(VALID)
        for relative, text in (changes or {}).items():
            if text is None:
                files.pop(relative, None)
            else:
                files[relative] = text
        return write_data(tmp_path, files)

    return make


MKDOCS = [sys.executable, "-m", "mkdocs"]


def copy_project(target: Path) -> Path:
    ignore = shutil.ignore_patterns(".venv", "site", "__pycache__", ".pytest_cache", ".git", *GENERATED)
    for name in ("mkdocs.yml", "docs", "data", "hooks", "overrides"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore if name == "docs" else
                            shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    return target


def build(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*MKDOCS, "build", "--strict", "--site-dir", str(project / "site")],
                          cwd=project, capture_output=True, text=True)


def generated_files(project: Path) -> dict[str, int]:
    return {p.relative_to(project).as_posix(): p.stat().st_mtime_ns
            for folder in GENERATED for p in (project / "docs" / folder).rglob("*.md")}


@pytest.fixture(scope="session")
def project(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("project"))
    result = build(project)
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture(scope="session")
def kb():
    return load(ROOT / "data")[0]


