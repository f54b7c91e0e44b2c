"""A real `mkdocs serve --dirty` (what `make serve` runs): one edit, one rebuild, only the pages that read
the edited record rendered again and only those whose content changed rewritten; edits to the interface
strings and to a schema take effect without a restart; the search index follows the edit with one entry per
section. bench/serve.py times the same at 1,000 records."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from conftest import generated_files, mini_project
from kb.languages import LANGUAGES, prefix

BASE = "/kb-tppo-kamboja/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"not within {seconds} s: {what}")


@pytest.fixture
def server(tmp_path):
    project = mini_project(tmp_path)
    port = free_port()
    log = open(tmp_path / "serve.log", "w")
    env = {**os.environ, "SITE_URL": f"http://127.0.0.1:{port}{BASE}"}
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
                               cwd=project, stdout=log, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}{BASE}"
    try:
        wait_for(lambda: "Police" in fetch(url + "en/actors/police/"), 60, "the first build")
        yield project, url, tmp_path / "serve.log"
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def builds(log_path) -> int:
    return len(re.findall(r"kb: \d+ page\(s\) written", log_path.read_text()))


def search_index(url: str) -> dict[str, list[dict]]:
    """Each language's index as the preview serves it."""
    return {lang: json.loads(fetch(f"{url}{prefix(lang)}search/search_index.json") or '{"docs": []}')["docs"]
            for lang in LANGUAGES}


def test_one_edit_one_rebuild_only_changed_pages_rewritten(server):
    project, url, log_path = server
    before = generated_files(project)
    index_before = search_index(url)
    assert builds(log_path) == 1
    record = project / "data" / "actors" / "police.yaml"
    record.write_text(record.read_text().replace("A police force.", "A national police force."))
    started = time.monotonic()
    wait_for(lambda: "A national police force." in fetch(url + "en/actors/police/"), 30, "the edit to show")
    print(f"edit shown after {time.monotonic() - started:.1f} s")
    # the downloads follow the edit too (made beside the rebuild, written at its end)
    wait_for(lambda: "A national police force." in fetch(url + "data/actors.json"), 10, "the download to follow")
    time.sleep(3)  # a second rebuild, if the hook's own writes triggered one, would have started by now
    assert builds(log_path) == 2
    assert len(re.findall(r"Detected file changes", log_path.read_text())) == 1
    after = generated_files(project)
    rewritten = {path for path in after if after[path] != before.get(path)}
    assert rewritten == {"docs/actors/police.en.md"}
    rendered, total = map(int, re.findall(r"\((\d+) rendered of (\d+)\)", log_path.read_text())[-1])
    assert 2 <= rendered < total  # the police's pages, and those that list or link it; not every page
    # the search index: the edited section found, and one entry per section, as before the edit
    index = search_index(url)
    for lang, docs in index.items():
        locations = [doc["location"] for doc in docs]
        assert docs and len(locations) == len(set(locations)), (lang, len(locations), len(set(locations)))
        assert sorted(locations) == sorted(doc["location"] for doc in index_before[lang]), lang
    assert any("A national police force." in doc["text"] for doc in index["en"])


def test_strings_and_schema_edits_take_effect_without_restart(server):
    project, url, log_path = server
    strings = project / "hooks" / "kb" / "strings.yaml"
    strings.write_text(strings.read_text().replace("facts: {id: Fakta utama, en: Key facts}",
                                                   "facts: {id: Fakta utama, en: Main facts}"))
    wait_for(lambda: "Main facts" in fetch(url + "en/actors/police/"), 30, "the new interface word")

    record = project / "data" / "actors" / "police.yaml"
    record.write_text(record.read_text() + "motto: {id: Melayani, en: To serve}\n")
    wait_for(lambda: "unknown field" in fetch(url + "en/actors/police/"), 30, "the preview to show the problem")
    schema = project / "data" / "schema" / "actor.schema.json"
    schema.write_text(schema.read_text().replace('"properties": {', '"properties": {\n    "motto": '
                                                 '{"$ref": "common.schema.json#/$defs/text"},', 1))
    wait_for(lambda: "unknown field" not in fetch(url + "en/actors/police/"), 30, "the schema edit to take effect")
