"""Safe by construction: every hostile vector, in every string field of every collection, ends as
visible text or as one problem line at check; the built site never runs it (checked in Chromium)."""

from __future__ import annotations

import copy
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import build, mini_project
from kb.load import at
from kb.problems import DataError
from kb.project import Project
from kb.schema import load as load_schemas
from payloads import VECTORS
from schema_examples import example_dataset, put, string_paths

BIG = max(range(len(VECTORS)), key=lambda i: len(VECTORS[i]))
SEVEN = VECTORS.index("{{ 7*7 }}")


def write(data: Path, files: dict[str, dict]) -> None:
    for folder in data.iterdir():
        if folder.is_dir() and folder.name != "schema":
            shutil.rmtree(folder)
    for relative, record in files.items():
        path = data / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(record, allow_unicode=True, width=10**6), encoding="utf-8")


def vector_records(base: dict[str, dict], skip=()) -> tuple[dict, dict]:
    """For each collection and vector: a copy of the collection's first record with the vector in every
    string field. Returns (files, {file: vector index})."""
    files, which = {}, {}
    for relative, record in base.items():
        if not relative.endswith("-1.yaml"):
            continue
        collection = relative.split("/")[0]
        for index, vector in enumerate(VECTORS):
            if index in skip:
                continue
            copied = copy.deepcopy(record)
            copied["id"] = f"v{index}"
            for path in string_paths(copied):
                if path != ("id",):
                    put(copied, path, vector)
            name = f"{collection}/v{index}.yaml"
            files[name] = copied
            which[f"data/{name}"] = index
    return files, which


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """The vectors refused at check (each with its own line), the rest built into a site."""
    project = mini_project(tmp_path_factory.mktemp("hostile"), {}, search=False)
    schemas = load_schemas(project / "data" / "schema")
    base = example_dataset(schemas)
    files, which = vector_records(base, skip={BIG})
    files = {**base, **files}
    refused: dict[str, set] = {}
    for _ in range(6):
        write(project / "data", files)
        try:
            Project(project).validate()
            break
        except DataError as err:
            for problem in err.problems:
                assert problem.file in which, str(problem)  # only the hostile records are refused
                assert problem.line >= 1 and problem.field and "Traceback" not in problem.message, str(problem)
                path = _path(problem.field)
                record = files[problem.file.removeprefix("data/")]
                original = base[f"{problem.file.split('/')[1]}/base-{problem.file.split('/')[1]}-1.yaml"]
                put(record, path, at(original, path))  # refused: put the valid value back
                refused.setdefault(problem.file, set()).add(problem.field)
    else:
        pytest.fail("check still refuses after repairing every refused field")
    result = build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    return project, files, which, refused


def _path(field: str) -> tuple:
    parts = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", field):
        parts.append(int(index) if index else name)
    return tuple(parts)


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


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_no_page_holds_markup_links_or_handlers_from_data(hostile_site):
    project, *_ = hostile_site
    pages = list((project / "site").rglob("*.html"))
    assert len(pages) > 500
    for path in pages:
        assert parse(path).bad == [], path


def test_each_vector_shows_as_text_where_it_was_not_refused(hostile_site):
    project, files, which, refused = hostile_site
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


def test_the_browser_runs_nothing_from_data(hostile_site, browser, served):
    project, files, which, refused = hostile_site
    base = served(project / "site")
    collections = sorted({f.split("/")[1] for f in which if f.split("/")[1] not in ("terms", "sources", "series")})
    paths = ["", "en/", "bantuan/", "en/bantuan/", "glossary/", "en/glossary/", "sources/", "en/sources/",
             "timeline/", "en/timeline/", "figures/", "en/figures/"]
    for index in sorted(set(which.values())):  # each vector once, collections and languages in turn
        collection = collections[index % len(collections)]
        paths.append(f"{'en/' if index % 2 else ''}{collection}/v{index}/")
    page = browser.new_page()
    dialogs, errors = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(str(error)))
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    for path in paths:
        page.goto(base + path)
        found = page.evaluate("""() => {
            const bad = [];
            for (const el of document.querySelectorAll('article *')) {
                for (const attr of el.attributes) {
                    if (attr.name.startsWith('on')) bad.push(el.tagName + '[' + attr.name + ']');
                    if (/^\\s*(javascript|data|vbscript):/i.test(attr.value) && ['href','src','action'].includes(attr.name))
                        bad.push(el.tagName + '[' + attr.name + ']');
                }
            }
            return bad.concat(window.__pwned ? ['ran'] : []);
        }""")
        assert found == [], (path, found)
    page.close()
    assert dialogs == [] and errors == []
    assert all(url.startswith(base.split("/kb-tppo-kamboja/")[0]) for url in requests)


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
    page.wait_for_timeout(200)
    page.close()
    assert dialogs == []
    assert len(violations) >= 3, violations
