"""Shared fixtures: a small, valid knowledge base, and one strict build of the real project per session."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kb.__main__ import main
from kb.load import load
from kb.project import GENERATED

ROOT = Path(__file__).resolve().parents[1]
SITE_URL = "https://example-user.github.io/kb-tppo-kamboja/"  # a project address, as GitHub Pages serves forks

VALID = {
    "sources/article.yaml": """
        id: article
        kind: article
        role: reviewed-article
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
    "sources/news.yaml": """
        id: news
        kind: news
        published: "2023-08-22"
        title: Police sign a memorandum
        container: A Newspaper
        url: https://news.example.org/2023/08/22/memorandum
    """,
    "actors/ministry.yaml": """
        id: ministry
        kind: ministry
        country: ID
        name: {id: Kementerian, en: Ministry}
        claims:
          - text: {id: Sebuah kementerian., en: A ministry.}
            status: article-only
            sources:
              - source: article
                pages: "1707"
    """,
    "actors/police.yaml": """
        id: police
        kind: police
        country: KH
        name: {id: Kepolisian, en: Police}
        claims:
          - text: {id: Sebuah kepolisian., en: A police force.}
            status: reported
            sources: [{source: news}]
    """,
    "agreements/mou.yaml": """
        id: mou
        kind: mou
        parties: [ministry, police]
        signed: "2023-08-21"
        name: {id: Nota kesepahaman, en: Memorandum}
        claims:
          - text: {id: Sebuah nota kesepahaman., en: A memorandum.}
            status: reported
            sources: [{source: news}]
          - text: {id: Ditandatangani pada 2023., en: Signed in 2023.}
            status: contradicted
            article:
              text: {id: Artikel menyebut 2021., en: The article says 2021.}
              pages: "1709"
            sources: [{source: news}]
    """,
}

# A glossary term that lists a variant the site avoids ("aduan"): with it, a text using the word is a problem.
AVOIDING_TERM = """
    id: complaint
    name: {id: Pengaduan, en: Complaint}
    definition: {id: Laporan resmi., en: A formal report.}
    avoid: {id: [aduan]}
    sources: [{source: news}]
"""


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
    """Returns a function: data_dir(changes) writes VALID with files replaced (None: removed) or added."""

    def make(changes: dict[str, str | None] | None = None) -> Path:
        files = dict(VALID)
        for relative, text in (changes or {}).items():
            if text is None:
                files.pop(relative, None)
            else:
                files[relative] = text
        return write_data(tmp_path, files)

    return make


def kb_command(*args, data=None, process=False):
    """`python -m kb ...`: in this process (its main(), output captured), or as a real command."""
    data_args = ["--data", str(data)] if data else []
    if process:
        return subprocess.run([sys.executable, "-m", "kb", *data_args, *args], cwd=ROOT / "hooks",
                              capture_output=True, text=True)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*data_args, *args])
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def svgs(page: str) -> list[str]:
    """Every inline <svg> element of a page (the pictures of kb.pictures among them), as text."""
    return re.findall(r"<svg\b.*?</svg>", page, re.DOTALL)


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


def build(project: Path, site_url: str = SITE_URL) -> subprocess.CompletedProcess:
    env = {**__import__("os").environ, "SITE_URL": site_url}
    return subprocess.run([*MKDOCS, "build", "--strict", "--site-dir", str(project / "site")],
                          cwd=project, capture_output=True, text=True, env=env)


def generated_files(project: Path) -> dict[str, int]:
    return {p.relative_to(project).as_posix(): p.stat().st_mtime_ns
            for folder in GENERATED for p in (project / "docs" / folder).rglob("*.md")}


def shared(tmp_path_factory, worker_id: str, name: str, make) -> Path:
    """make(folder) once for the whole test session, in a folder every test process can read. With the
    tests spread over processes (pytest-xdist), the first to need it makes it and the others wait for it."""
    if worker_id == "master":  # one process
        return make(tmp_path_factory.mktemp(name))
    from filelock import FileLock

    folder = tmp_path_factory.getbasetemp().parent / name
    with FileLock(f"{folder}.lock"):
        if not (folder / ".made").is_file():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            (folder / ".made").touch()
    return folder


@pytest.fixture(scope="session")
def project(tmp_path_factory, worker_id):
    """The real project, built once (strictly) for the whole test session, for a project sub-path.
    Tests only read it."""
    return shared(tmp_path_factory, worker_id, "project", built_project)


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory, worker_id):
    """Every hostile vector in every string field of every collection, checked and built (tests/hostile.py)."""
    import hostile

    return hostile.read(shared(tmp_path_factory, worker_id, "hostile", hostile.make))


def built_project(target: Path) -> Path:
    project = copy_project(target)
    result = build(project)
    assert result.returncode == 0, result.stderr
    (project / "build.log").write_text(result.stderr, encoding="utf-8")  # for tests of what the build said
    return project


@pytest.fixture(scope="session")
def kb():
    return load(ROOT / "data")[0]


MINI_DOCS = {
    "index.md": "# Beranda\n\nLihat [bantuan](bantuan.md) dan [perjanjian](agreements/index.md).\n",
    "index.en.md": "# Home\n\nSee [help](bantuan.md) and [agreements](agreements/index.md).\n",
    "bantuan.md": "# Bantuan\n\n<!-- kb:channels -->\n",
    "bantuan.en.md": "# Getting help\n\n<!-- kb:channels -->\n",
    "tentang.md": "# Tentang\n\n## Status klaim {#status}\n\nStatus.\n",
    "tentang.en.md": "# About\n\n## Claim status {#status}\n\nStatuses.\n",
}


def mini_project(target: Path, data_files: dict[str, str] | None = None, search: bool = True) -> Path:
    """The project's code, theme and configuration with small data and a few prose pages: a build in seconds.

    search=False leaves out the search index (its parser is most of a large build's time)."""
    import re

    for name in ("hooks", "overrides"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "docs" / "assets", target / "docs" / "assets")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"^nav:\n(?:[ \-].*\n)+", "", config, flags=re.MULTILINE)
    if not search:
        config = re.sub(r"^  - search\b.*\n(?:    .*\n)*", "", config, flags=re.MULTILINE)
        config = config.replace("reconfigure_search: true", "reconfigure_search: false")
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    for relative, text in MINI_DOCS.items():
        (target / "docs" / relative).write_text(text, encoding="utf-8")
    write_data(target, data_files if data_files is not None else VALID)
    return target


CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
BASE_PATH = "/kb-tppo-kamboja/"


@pytest.fixture(scope="session")
def browser():
    """Chromium, found the same way here, in .ci/run and on GitHub (see browser_path.py); never skipped."""
    from playwright.sync_api import sync_playwright

    from browser_path import find_chromium

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def served():
    """served(site_dir) -> the address of the site served under a sub-path, as GitHub Pages serves a fork."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class SubPath(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send_head(self):
            if not self.path.startswith(BASE_PATH):
                self.send_error(404)
                return None
            self.path = "/" + self.path[len(BASE_PATH):]
            local = Path(self.translate_path(self.path))
            if not local.exists() or (local.is_dir() and not (local / "index.html").exists()):
                # GitHub Pages answers a missing address with the site's 404.html and status 404.
                body = (Path(self.directory) / "404.html").read_bytes()
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                import io
                return io.BytesIO(body)
            return super().send_head()

    servers = []

    def serve(site_dir: Path) -> str:
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SubPath, directory=str(site_dir)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}{BASE_PATH}"

    yield serve
    for server in servers:
        server.shutdown()
