"""Guards on the content: both languages, no placeholders, figures and channels fully sourced."""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path

from conftest import ROOT
from kb.load import _PLACEHOLDER
from kb.model import LANGUAGES
from kb.site import GENERATED, check_prose

READING = ["mengapa-kamboja", "kerja-sama-indonesia-kamboja", "interpol-indonesia",
           "diplomasi-bilateral-migrasi", "apa-yang-disimpulkan-artikel"]
PUBLIC = ["index", "waspada-lowongan-palsu", "bantuan", "tentang"]


def texts(value, path=()):
    """Every bilingual text in a record: (path, mapping)."""
    if isinstance(value, dict):
        if set(value) == set(LANGUAGES):
            yield path, value
        else:
            for key, sub in value.items():
                yield from texts(sub, path + (key,))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            yield from texts(sub, path + (index,))


def test_every_prose_page_exists_in_both_languages():
    assert check_prose(ROOT / "docs") == []
    for page in [*PUBLIC, *(f"bacaan/{p}" for p in READING)]:
        assert (ROOT / "docs" / f"{page}.md").is_file() and (ROOT / "docs" / f"{page}.en.md").is_file(), page


def test_reading_pages_are_500_to_1200_words():
    for page in READING:
        for suffix in (".md", ".en.md"):
            text = (ROOT / "docs" / "bacaan" / f"{page}{suffix}").read_text()
            prose = text.split("\n## Sumber")[0].split("\n## Sources")[0]
            words = len(re.findall(r"\w+", re.sub(r"\]\([^)]*\)", "]", prose)))
            assert 500 <= words <= 1200, (page, suffix, words)


def test_no_text_field_is_empty_or_a_placeholder(kb):
    count = 0
    for record in kb.all():
        for path, text in texts(record.data):
            for lang in LANGUAGES:
                assert text[lang].strip(), (record.file, path, lang)
                assert not _PLACEHOLDER.search(text[lang]), (record.file, path, lang)
            count += 1
    assert count > 500


def test_every_record_has_a_verification_status_and_a_source(kb):
    for record in kb.all():
        if record.collection.name != "sources":
            assert record["verification"]["status"], record.file
            assert record["sources"], record.file


def test_every_figure_has_a_source_a_date_and_a_definition(kb):
    figures = kb.collection("figures")
    assert len(figures) >= 30
    for figure in figures:
        assert figure["sources"], figure.file
        assert figure.get("date") or figure.get("period"), figure.file
        assert all(figure["definition"][lang].strip() for lang in LANGUAGES), figure.file
        assert all(figure["unit"][lang].strip() for lang in LANGUAGES), figure.file


def test_every_help_channel_has_a_source_and_a_date_checked(kb, project):
    channels = kb.collection("channels")
    assert channels
    for channel in channels:
        assert channel["sources"] and channel["checked"], channel.file
    for prefix, word in (("", "Diperiksa pada"), ("en/", "Checked on")):
        help_page = (project / "site" / prefix / "bantuan" / "index.html").read_text()
        for channel in channels:
            for value in channel["contact"].values():
                assert value in help_page, (prefix, value)
        assert help_page.count(word) == len(channels)


def test_contradicted_and_corrected_claims_show_the_correction_source(kb, project):
    disputed = [r for r in kb.all() if r.get("verification", {}).get("status") in ("contradicted", "corrected")]
    assert len(disputed) >= 10
    for record in disputed:
        assert record["verification"]["claim"] and record["verification"]["sources"], record.file
        if not record.collection.pages:
            continue
        for prefix in ("", "en/"):
            html = (project / "site" / prefix / record.collection.name / record.id / "index.html").read_text()
            box = html.split('class="admonition', 1)[1].split("</div>", 1)[0]
            for citation in record["verification"]["sources"]:
                assert f'sources/#{citation["source"]}"' in box, (record.file, prefix)


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href") or "")


def page_links(site: Path, page: str) -> set[str]:
    """Site pages linked from the main content and navigation of a page ('actors/kemlu/')."""
    parser = Links()
    parser.feed((site / page / "index.html").read_text())
    found = set()
    for href in parser.hrefs:
        if href.startswith(("http", "mailto:", "#", "tel:")):
            continue
        target = (Path("/" + page) / href.split("#")[0]).resolve()
        relative = str(target).lstrip("/")
        relative = relative + "/" if relative and not relative.endswith("/") else relative
        if (site / relative / "index.html").is_file():
            found.add(relative)
    return found


def test_every_record_is_within_three_clicks_of_the_home_page(kb, project):
    site = project / "site"
    for prefix in ("", "en/"):
        depth = {prefix: 0}
        queue = deque([prefix])
        while queue:
            page = queue.popleft()
            if depth[page] == 3:
                continue
            for target in page_links(site, page):
                if target not in depth:
                    depth[target] = depth[page] + 1
                    queue.append(target)
        for record in kb.all():
            if record.collection.pages:
                assert f"{prefix}{record.collection.name}/{record.id}/" in depth, (prefix, record.id)
