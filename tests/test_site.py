"""End to end: a strict build of the real data, in a copy of the project."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import SITE_URL, build, generated_files
from kb.project import Project

def test_strict_build_passes(project):
    assert (project / "site" / "index.html").is_file()
    assert (project / "site" / "en" / "index.html").is_file()


def test_every_record_has_twin_pages_that_link_to_each_other(project, kb):
    checked = 0
    for record in kb.all():
        if not record.collection.pages:
            continue
        folder = f"{record.collection.name}/{record.id}"
        indonesian = project / "site" / folder / "index.html"
        english = project / "site" / "en" / folder / "index.html"
        assert indonesian.is_file() and english.is_file(), folder
        id_html, en_html = indonesian.read_text(), english.read_text()
        assert '<html lang="id"' in id_html and '<html lang="en"' in en_html
        assert re.search(rf'href="[^"]*/en/{folder}/"[^>]*hreflang="en"', id_html), folder
        assert re.search(rf'href="[^"]*/{folder}/"[^>]*hreflang="id"', en_html), folder
        checked += 1
    assert checked >= 20


def test_a_second_build_rewrites_no_generated_file(project, monkeypatch):
    """The build's generation, as the hook runs it (Project.start, the address from $SITE_URL), again on the
    built project: nothing to write."""
    before = generated_files(project)
    assert before
    monkeypatch.setenv("SITE_URL", SITE_URL)
    outcome = Project(project).start()
    written, _ = outcome.stream.finish()
    assert (written, outcome.report.removed) == (0, [])
    assert generated_files(project) == before


def test_removed_record_disappears(tmp_path):
    from conftest import VALID, mini_project

    extra = {"actors/lonely.yaml": VALID["actors/police.yaml"].replace("id: police", "id: lonely")}
    project = mini_project(tmp_path, {**VALID, **extra}, search=False)
    assert build(project).returncode == 0  # the generated pages exist before the removal
    folder = project / "docs" / "actors"
    assert (folder / "lonely.md").exists() and (folder / "lonely.en.md").exists()
    (project / "data" / "actors" / "lonely.yaml").unlink()
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert not (folder / "lonely.md").exists()
    assert not (folder / "lonely.en.md").exists()
    assert not (project / "site" / "actors" / "lonely").exists()


def test_record_pages_stay_out_of_the_menu(project):
    html = (project / "site" / "index.html").read_text()
    assert 'href="actors/"' in html or 'href="actors/index.html"' in html
    assert "actors/kemlu/" not in html


def test_broken_reference_stops_the_build_and_keeps_the_last_site(tmp_path):
    from conftest import mini_project

    project = mini_project(tmp_path, search=False)
    assert build(project).returncode == 0
    before = (project / "site" / "index.html").read_bytes()
    agreement = project / "data" / "agreements" / "mou.yaml"
    agreement.write_text(agreement.read_text().replace("parties: [ministry, police]", "parties: [ministry, polise]"))
    result = build(project)
    assert result.returncode == 1
    errors = [line_ for line_ in result.stderr.splitlines() if "polise" in line_]
    assert len(errors) == 1
    assert "data/agreements/mou.yaml:3: parties[1]: unknown actors id 'polise'; did you mean 'police'?" in errors[0]
    assert "Traceback" not in result.stderr
    assert (project / "site" / "index.html").read_bytes() == before


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_make_build_replaces_site_only_when_the_whole_strict_build_succeeded(tmp_path):
    """A failure MkDocs finds only while writing (here a menu entry to a missing page) leaves site/ as it was."""
    import subprocess
    import sys

    from conftest import ROOT, mini_project

    project = mini_project(tmp_path, search=False)
    command = [sys.executable, "-m", "kb", "--data", str(project / "data"), "build"]
    environment = {**__import__("os").environ, "PYTHONPATH": str(project / "hooks")}
    first = subprocess.run(command, cwd=project / "hooks", capture_output=True, text=True, env=environment)
    assert first.returncode == 0, first.stderr[-2000:]
    before = site_files(project / "site")
    assert before
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "\nnav:\n  - Beranda: index.md\n  - Hilang: tidak-ada.md\n")
    second = subprocess.run(command, cwd=project / "hooks", capture_output=True, text=True, env=environment)
    assert second.returncode != 0
    assert "site/ is unchanged" in second.stderr
    assert site_files(project / "site") == before
    assert not (project / ".site-next").exists()
    assert ROOT
