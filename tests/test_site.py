"""End to end: a strict build of the real data, in a copy of the project."""

from __future__ import annotations

import re

from conftest import build, copy_project, generated_files
from kb.project import GENERATED

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


def test_a_second_build_rewrites_no_generated_file(project):
    before = generated_files(project)
    assert before
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert generated_files(project) == before


def test_removed_record_disappears(tmp_path, kb):
    project = copy_project(tmp_path)
    assert build(project).returncode == 0  # the generated pages exist before the removal
    # A record nothing refers to, in the data or in the prose, can go without breaking a link.
    prose = " ".join(p.read_text() for p in (project / "docs").rglob("*.md")
                     if p.relative_to(project / "docs").parts[0] not in GENERATED)
    record = next(r for r in kb.all() if r.collection.pages and not r.links_in
                  and f"{r.collection.name}/{r.id}.md" not in prose)
    folder = project / "docs" / record.collection.name
    assert (folder / f"{record.id}.md").exists()
    (project / record.file).unlink()
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert not (folder / f"{record.id}.md").exists()
    assert not (folder / f"{record.id}.en.md").exists()


def test_record_pages_stay_out_of_the_menu(project):
    html = (project / "site" / "index.html").read_text()
    assert 'href="actors/"' in html or 'href="actors/index.html"' in html
    assert "actors/kemlu/" not in html


def test_broken_reference_stops_the_build_and_keeps_the_last_site(tmp_path):
    project = copy_project(tmp_path)
    assert build(project).returncode == 0
    before = (project / "site" / "index.html").read_bytes()
    agreement = next(p for p in sorted((project / "data" / "agreements").glob("*.yaml"))
                     if re.search(r"^parties:\n *- polri$", p.read_text(), re.MULTILINE))
    text = agreement.read_text()
    match = re.search(r"^parties:\n( *- )polri$", text, re.MULTILINE)
    line = text[: match.start(1)].count("\n") + 1
    agreement.write_text(text[: match.start(1)] + match.group(1) + "polry" + text[match.end():])
    result = build(project)
    assert result.returncode == 1
    errors = [line_ for line_ in result.stderr.splitlines() if "polry" in line_]
    assert len(errors) == 1
    assert f"data/agreements/{agreement.name}:{line}: parties[" in errors[0]
    assert "unknown actors id 'polry'; did you mean 'polri'?" in errors[0]
    assert "Traceback" not in result.stderr
    assert (project / "site" / "index.html").read_bytes() == before
