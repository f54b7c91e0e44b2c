"""A preview renders again only the pages an edit touches, and ends with exactly the pages a full render makes."""

from __future__ import annotations

import pytest

from conftest import mini_project
from kb.project import Project

EDITS = [
    ("a claim's text", "actors/police.yaml", "A police force.", "A national police force."),
    ("a name shown on other pages", "actors/police.yaml", "en: Police}", "en: National Police}"),
    ("a link added", "actors/ministry.yaml", "kind: ministry\n", "kind: ministry\nparent: police\n"),
    ("the link removed", "actors/ministry.yaml", "kind: ministry\nparent: police\n", "kind: ministry\n"),
    ("a date on the timeline", "agreements/mou.yaml", 'signed: "2023-08-21"', 'signed: "2023-08-20"'),
]


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    project = mini_project(tmp_path_factory.mktemp("incremental"))
    previewer = Project(project, preview=True)
    previewer.check()
    return project, previewer


@pytest.mark.parametrize("what,file,old,new", EDITS, ids=[e[0] for e in EDITS])
def test_an_edit_renders_again_what_it_touches_and_ends_as_a_full_render(preview, what, file, old, new):
    project, previewer = preview
    path = project / "data" / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    rendered = previewer.check().pages
    full = Project(project)
    full.built = previewer.built
    everything = full.check().pages
    assert 0 < len(rendered) < len(everything)
    assert {page: text for page, (text, _) in previewer.previous.pages.items()} == everything


def test_no_edit_renders_nothing_and_a_new_address_renders_everything(preview):
    project, previewer = preview
    previewer.check()
    assert previewer.check().pages == {}
    previewer.site = type(previewer.site)("https://elsewhere.example.org/kb/")
    assert len(previewer.check().pages) == len(previewer.previous.pages)
