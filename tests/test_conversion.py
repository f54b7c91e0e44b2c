"""Generated pages converted to HTML by the workers, as MkDocs would convert them (kb.conversion)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.pages import Page

from conftest import mini_project
from kb.conversion import PageConverter
from kb.languages import LANGUAGES
from kb.project import GENERATED, Project


def mkdocs_build_of(root: Path, lang: str):
    """MkDocs' configuration and files of one language's build, as mkdocs-static-i18n sets them up."""
    config = load_config(str(root / "mkdocs.yml"))
    i18n = config.plugins["i18n"]
    i18n.current_language = lang
    config = i18n.on_config(config)
    return config, i18n, i18n.on_files(get_files(config), config)


def read(file, config, i18n, files) -> Page:
    """The page as MkDocs hands it to conversion: read, through mkdocs-static-i18n's on_page_markdown."""
    page = Page(None, file, config)
    page.read_source(config)
    page.markdown = i18n.on_page_markdown(page.markdown, page, config, files)
    return page


def by_mkdocs(file, config, i18n, files) -> Page:
    """The page as MkDocs converts it."""
    page = read(file, config, i18n, files)
    page.render(config, files)
    return page


def installed(converted, file, config, i18n, files) -> tuple[Page, bool]:
    page = read(file, config, i18n, files)
    return page, converted.install(page, config, files)


def same(page: Page, other: Page) -> None:
    assert page.content == other.content, page.file.src_uri
    assert str(page.toc) == str(other.toc)
    assert page.present_anchor_ids == other.present_anchor_ids
    assert {f.src_uri: links for f, links in page.links_to_anchors.items()} == \
        {f.src_uri: links for f, links in other.links_to_anchors.items()}


def sample(files) -> list:
    """Every generated index page (the longest) and the first page of each generated folder."""
    pages = [f for f in files.documentation_pages() if f.src_uri.split("/")[0] in GENERATED]
    chosen, per_folder = [], {}
    for file in sorted(pages, key=lambda f: f.src_uri):
        folder = file.src_uri.split("/")[0]
        if file.name == "index" or per_folder.get(folder, 0) < 1:
            chosen.append(file)
            per_folder[folder] = per_folder.get(folder, 0) + 1
    return chosen


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_page_converted_by_a_worker_is_what_mkdocs_makes_of_it(project, lang):
    config, i18n, files = mkdocs_build_of(project, lang)
    converter = PageConverter(config)
    chosen = sample(files)
    assert len(chosen) > 15
    for file in chosen:
        converted = converter(file.src_uri, Path(file.abs_src_path).read_text(encoding="utf-8"))
        assert converted is not None, file.src_uri
        page, used = installed(converted, file, config, i18n, files)
        assert used, file.src_uri
        same(page, by_mkdocs(file, config, i18n, files))


def test_the_build_uses_every_conversion_the_workers_made(project):
    """The real site's strict build (tests/conftest.py keeps its log): every generated page was converted
    once, some by the workers, and none of their conversions was found to differ from MkDocs' own."""
    log = (project / "build.log").read_text(encoding="utf-8")
    found = re.search(r"pages converted to HTML: (\d+) by the workers, (\d+) by MkDocs \((\d+) of them", log)
    by_workers, by_mkdocs, mismatched = map(int, found.groups())
    generated = [p for folder in GENERATED for p in (project / "docs" / folder).rglob("*.md")]
    assert by_workers + by_mkdocs == len(generated)
    assert by_workers > 0  # how many depends on how busy the machine is
    assert mismatched == 0


CRAFTED = """---
title: "Crafted"
---

# Crafted {#top}

[a record](../actors/police.md), [an anchor there](../actors/police.md#claims), [here](#top),
[a prose page](../tentang.md#status), [the home page](../index.md), [a folder index](../actors/index.md),
[with a query](../actors/police.md?x=1#claims), [outside](https://example.org/a.md), [mail](mailto:a@example.org)

## Second {#second}
"""


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    """A small project with its pages generated (no MkDocs build)."""
    root = mini_project(tmp_path_factory.mktemp("conversion"))
    Project(root).generate()
    return root


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_kind_of_link_a_page_makes_is_rewritten_as_mkdocs_rewrites_it(mini, lang):
    (mini / "docs" / "actors" / "crafted.md").write_text(CRAFTED, encoding="utf-8")
    (mini / "docs" / "actors" / "crafted.en.md").write_text(CRAFTED, encoding="utf-8")
    config, i18n, files = mkdocs_build_of(mini, lang)
    file = files.get_file_from_path("actors/crafted.md")
    converted = PageConverter(config)(file.src_uri, CRAFTED)
    page, used = installed(converted, file, config, i18n, files)
    assert used
    same(page, by_mkdocs(file, config, i18n, files))
    assert 'href="../police/#claims"' in page.content


@pytest.mark.parametrize("link", ["/actors/police/", "../actors/nobody.md", "../assets/kb.css", "../actors/police.en.md"])
def test_a_page_with_a_link_mkdocs_would_warn_about_or_resolve_otherwise_is_left_to_mkdocs(mini, link):
    config, _, _ = mkdocs_build_of(mini, "id")
    text = f'---\ntitle: "x"\n---\n\n# x\n\n[there]({link})\n'
    assert PageConverter(config)("actors/crafted.md", text) is None


def test_a_conversion_made_from_other_markdown_than_mkdocs_would_convert_is_not_used(mini):
    """Another plugin changing the Markdown (on_page_markdown), other extension settings: MkDocs converts
    the page itself."""
    config, i18n, files = mkdocs_build_of(mini, "id")
    file = files.get_file_from_path("actors/police.md")
    converted = PageConverter(config)(file.src_uri, Path(file.abs_src_path).read_text(encoding="utf-8"))
    page = read(file, config, i18n, files)
    page.markdown += "\n\nAdded by a plugin.\n"
    assert not converted.install(page, config, files)
    assert "Added by a plugin." in page.content
    page, used = installed(converted, file, config, i18n, files)
    assert used
    config["mdx_configs"]["toc"] = {"permalink": False}
    page, used = installed(converted, file, config, i18n, files)
    assert not used and "headerlink" not in page.content
