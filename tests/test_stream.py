"""A full build renders and writes its pages in forked workers while MkDocs converts the first ones
(kb.workers.Stream)."""

from __future__ import annotations

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from conftest import VALID, mini_project
from kb.languages import DEFAULT, of_source
from kb.problems import DataError
from kb.project import GENERATED, Project, build_order
from kb.workers import CONVERTED


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return mini_project(tmp_path_factory.mktemp("stream"))


def test_the_stream_writes_and_hands_out_exactly_the_pages_of_a_full_render(project):
    full = Project(project)
    expected = full.check().pages
    streaming = Project(project)
    streaming.built = full.built
    (project / "docs" / "actors" / "stale.md").parent.mkdir(parents=True, exist_ok=True)
    (project / "docs" / "actors" / "stale.md").write_text("a page no record makes", encoding="utf-8")
    outcome = streaming.start(cores=3)  # two workers, each with its share
    assert outcome.report.removed == ["actors/stale.md"]
    # every page exists before it is written, so that MkDocs finds it
    assert all((project / "docs" / path).is_file() for path in expected)
    for path in sorted(expected, reverse=True):  # in any order: each is on disk once take() returns
        assert outcome.stream.take(path) is None  # no conversion asked for
        assert (project / "docs" / path).read_text(encoding="utf-8") == expected[path], path
    written, published = outcome.stream.finish()
    assert written == len(expected)  # none existed before (the stale page aside)
    assert published.keys() == full.published_files(full.check()).keys()
    # a second run finds every page current
    again = Project(project)
    again.built = full.built
    assert again.start().stream.finish()[0] == 0


def test_each_page_is_converted_once_by_a_worker_ahead_of_the_caller_or_left_to_the_caller(project):
    """take(path): the conversion a worker made of the page as written, or None when the caller came first
    (and no worker converts it then)."""
    import time

    full = Project(project)
    expected = full.check().pages
    streaming = Project(project)
    streaming.built = full.built
    outcome = streaming.start(cores=2, convert=lambda path, text: (path, len(text), text[-40:]))
    order = sorted(outcome.jobs, key=build_order)
    taken = {order[0].path: outcome.stream.take(order[0].path)}
    waited = 0.0  # a caller busy elsewhere: the worker goes on rendering, then converting, meanwhile
    while CONVERTED not in outcome.stream._state[:] and waited < 60:
        time.sleep(0.05)
        waited += 0.05
    for job in order[1:]:
        taken[job.path] = outcome.stream.take(job.path)
    outcome.stream.finish()
    converted = {path: found for path, found in taken.items() if found is not None}
    assert 0 < len(converted) < len(expected)  # the first page at least was left to the caller
    assert taken[order[0].path] is None
    assert converted == {path: (path, len(expected[path]), expected[path][-40:]) for path in converted}
    assert outcome.stream.converted == len(converted)
    assert all((project / "docs" / path).read_text(encoding="utf-8") == text for path, text in expected.items())


def test_a_page_that_cannot_be_rendered_stops_the_stream_with_a_problem_line(project, monkeypatch):
    import kb.render

    original = kb.render.Renderer._related

    def broken(self, record, lang):
        if record.id == "police":
            raise KeyError("no such field")
        return original(self, record, lang)

    monkeypatch.setattr(kb.render.Renderer, "_related", broken)
    outcome = Project(project).start()
    with pytest.raises(DataError) as raised:
        for job in sorted(outcome.jobs, key=build_order):
            outcome.stream.take(job.path)
    [problem] = raised.value.problems
    assert problem.file == "data/actors/police.yaml"
    assert "cannot be shown: KeyError" in str(problem)
    with pytest.raises(DataError):
        outcome.stream.finish()


def test_pages_are_rendered_in_the_order_mkdocs_reads_them(project):
    outcome = Project(project).generate()
    config = load_config(str(project / "mkdocs.yml"))
    found = [f.src_uri for f in get_files(config) if f.src_uri.split("/")[0] in GENERATED and f.is_documentation_page()]
    by_mkdocs = sorted(found, key=lambda path: of_source(path) != DEFAULT)  # stable: the default language's build first
    assert [job.path for job in sorted(outcome.jobs, key=build_order)] == by_mkdocs


def test_a_build_stops_with_the_problem_line_when_a_page_cannot_be_rendered(tmp_path):
    import subprocess
    import sys

    project = mini_project(tmp_path, search=False)
    template = project / "hooks" / "kb" / "templates" / "record.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\n{{ 1 // 0 }}\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
                            capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": ""})
    assert result.returncode != 0
    assert "cannot be shown: ZeroDivisionError" in result.stderr
    assert "record.md.j2, line" in result.stderr
    assert "Traceback" not in result.stderr


LINK_TO_POLICE = VALID["actors/ministry.yaml"].replace("Sebuah kementerian.", '"Lihat [polisi](../actors/police.md)."')
LINK_TO_NOWHERE = VALID["actors/ministry.yaml"].replace("Sebuah kementerian.", '"Lihat [x](../actors/nobody.md)."')


def test_the_checks_of_texts_run_in_a_worker_and_are_kept_for_the_next_check(tmp_path, monkeypatch):
    import kb.text

    project = mini_project(tmp_path / "bad", {**VALID, "actors/ministry.yaml": LINK_TO_NOWHERE})
    outcome = Project(project).start()
    with pytest.raises(DataError) as raised:
        outcome.stream.checked()
    [problem] = raised.value.problems
    assert (problem.file, problem.field) == ("data/actors/ministry.yaml", "claims[0].text.id")
    assert "../actors/nobody.md" in problem.message

    good = mini_project(tmp_path / "good", {**VALID, "actors/ministry.yaml": LINK_TO_POLICE})
    outcome = Project(good).start()
    outcome.stream.checked()  # no problem
    outcome.stream.finish()
    converted = []
    original = kb.text.MarkdownRenderer._analyse
    monkeypatch.setattr(kb.text.MarkdownRenderer, "_analyse",
                        lambda self, text: converted.append(text) or original(self, text))
    Project(good).validate()  # the worker kept every text it converted in .cache/kb
    assert converted == []
    (good / ".cache").rename(good / ".cache-old")
    Project(good).validate()
    assert "Lihat [polisi](../actors/police.md)." in converted  # (without it, the text is converted again)


def test_a_build_stops_before_writing_a_page_when_a_text_links_to_no_page(tmp_path):
    import subprocess
    import sys

    project = mini_project(tmp_path, {**VALID, "actors/ministry.yaml": LINK_TO_NOWHERE}, search=False)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
                            capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": ""})
    assert result.returncode != 0
    assert "data/actors/ministry.yaml:" in result.stderr and "../actors/nobody.md" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list((project / "site").rglob("*.html"))


def test_the_hook_asks_for_the_checks_of_texts_before_mkdocs_writes_a_page(monkeypatch):
    """on_env comes after MkDocs has read every page and before it writes one: a check still running in a
    worker when the last page was read must still stop the build there."""
    import build
    from mkdocs.exceptions import PluginError

    from kb.problems import Problem

    class Stream:
        def checked(self):
            raise DataError([Problem("data/actors/ministry.yaml", 7, "claims[0].text.id", "links to no page")])

    monkeypatch.setattr(build.HOOK.project.outcome, "stream", Stream())
    with pytest.raises(PluginError):
        build.on_env(None, None, None)


def test_tidy_removes_exactly_the_files_no_record_makes_and_the_folders_left_empty(tmp_path):
    from kb.writer import tidy

    docs = tmp_path / "docs"
    for relative in ("actors/police.md", "actors/gone.md", "actors/old/deep/page.md", "sources/news/index.md",
                     "bantuan.md"):
        (docs / relative).parent.mkdir(parents=True, exist_ok=True)
        (docs / relative).write_text("x", encoding="utf-8")
    (docs / "sources" / "empty").mkdir()
    removed = tidy(docs, ["actors", "sources", "glossary"], {"actors/police.md", "sources/news/index.md"})
    assert removed == ["actors/gone.md", "actors/old/deep/page.md"]
    left = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*"))
    assert left == ["actors", "actors/police.md", "bantuan.md", "sources", "sources/news", "sources/news/index.md"]
