"""The built site as publishers, researchers and their tools meet it, built for a project address
(https://<user>.github.io/<repo>/): downloads, metadata, feeds, redirects, links under the sub-path."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from conftest import SITE_URL, VALID, build, mini_project
from kb.model import COLLECTIONS

ATOM = "{http://www.w3.org/2005/Atom}"


def site(project) -> Path:
    return project / "site"


def test_every_json_download_validates_against_its_published_schema(project, kb):
    folder = site(project) / "data"
    schemas = {p.name: json.loads(p.read_text()) for p in (folder / "schema").glob("*.json")}
    registry = Registry().with_resources(
        (schema.get("$id", name), Resource.from_contents(schema, default_specification=DRAFT202012))
        for name, schema in schemas.items())
    everything = json.loads((folder / "all.json").read_text())
    for collection in COLLECTIONS:
        document = json.loads((folder / f"{collection.name}.json").read_text())
        records = document if isinstance(document, list) else document.get("records", document.get(collection.name))
        assert len(records) == len(kb.collection(collection.name)), collection.name
        schema = schemas[f"{collection.schema}.schema.json"]
        validator = Draft202012Validator(schema, registry=registry)
        for record in records:
            errors = [e.message for e in validator.iter_errors(record)]
            assert errors == [], (collection.name, record.get("id"), errors[:3])
    assert json.dumps(everything)


def test_every_csv_opens_with_one_row_per_record(project, kb):
    for collection in COLLECTIONS:
        for lang in ("id", "en"):
            raw = (site(project) / "data" / f"{collection.name}.{lang}.csv").read_bytes()
            assert raw.startswith(b"\xef\xbb\xbf"), (collection.name, lang)
            rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
            assert len(rows) == len(kb.collection(collection.name)), (collection.name, lang)
            assert {row["id"] for row in rows} == {r.id for r in kb.collection(collection.name)}


def json_ld(page: str) -> list[dict]:
    return [json.loads(block) for block in
            re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)]


def test_every_page_with_json_ld_parses_and_names_a_type(project, kb):
    typed = 0
    for path in site(project).rglob("*.html"):
        for node in json_ld(path.read_text(encoding="utf-8")):
            assert node.get("@context") == "https://schema.org" and node.get("@type"), path
            assert node.get("inLanguage") or node.get("mainEntityOfPage", {}).get("inLanguage"), path
            typed += 1
    pages = sum(1 for r in kb.all() if r.collection.pages) * 2
    assert typed >= pages


def meta(page: str, name: str) -> list[str]:
    return [html.unescape(v) for v in re.findall(rf'<meta name="{name}" content="([^"]*)"', page)]


def test_citation_tags_are_on_every_record_page_and_match_the_page(project, kb):
    for record in kb.all():
        if not record.collection.pages:
            continue
        for prefix, lang in (("", "id"), ("en/", "en")):
            page = (site(project) / prefix / record.collection.name / record.id / "index.html").read_text()
            url = f"{SITE_URL}{prefix}{record.collection.name}/{record.id}/"
            assert meta(page, "citation_public_url") == [url], record.file
            title = record["name"][lang]
            assert meta(page, "citation_title") and meta(page, "citation_title")[0].startswith(title), record.file
            assert meta(page, "citation_language") == [lang]
            assert meta(page, "citation_date") or meta(page, "citation_publication_date")
            assert f'<link rel="canonical" href="{url}">' in page
            assert 'property="og:title"' in page


def test_feeds_are_valid_atom(project):
    for path in ("feed.xml", "en/feed.xml"):
        root = ET.fromstring((site(project) / path).read_bytes())
        assert root.tag == f"{ATOM}feed"
        for required in ("id", "title", "updated"):
            assert root.find(f"{ATOM}{required}") is not None and root.find(f"{ATOM}{required}").text
        entries = root.findall(f"{ATOM}entry")
        assert entries
        for entry in entries:
            for required in ("id", "title", "updated"):
                assert entry.find(f"{ATOM}{required}").text, path
            link = entry.find(f"{ATOM}link").get("href")
            assert link.startswith(SITE_URL)
            local = site(project) / urlsplit(link).path.removeprefix("/kb-tppo-kamboja/") / "index.html"
            assert local.is_file(), link


def test_alternates_are_absolute_with_x_default(project):
    page = (site(project) / "en" / "bantuan" / "index.html").read_text()
    alternates = dict((lang, href) for href, lang in
                      re.findall(r'<link rel="alternate" href="([^"]*)" hreflang="([^"]*)">', page))
    assert alternates == {"id": f"{SITE_URL}bantuan/", "en": f"{SITE_URL}en/bantuan/",
                          "x-default": f"{SITE_URL}bantuan/"}


LINK = re.compile(r'<(?:a|link|script|img|source)\b[^>]*?\b(?:href|src)="([^"]+)"', re.IGNORECASE)


def test_no_internal_link_asset_or_alternate_is_broken_under_the_sub_path(project):
    root = site(project)
    broken, checked = [], 0
    for path in root.rglob("*.html"):
        relative = path.relative_to(root).as_posix()
        page_url = f"{SITE_URL}{relative.removesuffix('index.html')}" if path.name == "index.html" else \
            f"{SITE_URL}{relative}"
        if relative == "404.html":
            page_url = f"{SITE_URL}some/missing/page/"  # served for any address: its links are absolute
        for href in LINK.findall(path.read_text(encoding="utf-8")):
            href = html.unescape(href)
            if href.startswith(("mailto:", "tel:", "#", "data:")):
                continue
            target = urljoin(page_url, href)
            if not target.startswith(SITE_URL):
                continue
            local = root / urlsplit(target).path.removeprefix(urlsplit(SITE_URL).path)
            checked += 1
            if not (local.is_file() or (local / "index.html").is_file()):
                broken.append((relative, href))
    assert checked > 1000
    assert broken == []


def test_no_text_is_escaped_twice_and_downloads_hold_plain_text(project):
    """Escaped once for HTML or XML, never twice (a reader would see "&#39;" or "&amp;"); the JSON and CSV
    downloads hold the text itself, with no HTML entity in it."""
    twice = re.compile(r"&amp;(#\d+|#x[0-9a-f]+|[a-z]+);", re.IGNORECASE)
    pages = [*site(project).rglob("*.html"), *site(project).rglob("*.xml")]
    assert len(pages) > 100
    found = {str(p.relative_to(site(project))): m.group(0) for p in pages
             if (m := twice.search(p.read_text(encoding="utf-8")))}
    assert not found, found
    entity = re.compile(r"&(#\d+|#x[0-9a-f]+|[a-z]+);", re.IGNORECASE)
    downloads = [*(site(project) / "data").glob("*.json"), *(site(project) / "data").glob("*.csv")]
    assert downloads
    found = {p.name: m.group(0) for p in downloads if (m := entity.search(p.read_text(encoding="utf-8-sig")))}
    assert not found, found


def test_renamed_records_redirect_from_every_old_address_in_both_languages(tmp_path, browser, served):
    police = VALID["actors/police.yaml"].replace("kind: police", "kind: police\n        old_ids: [polisi, kepolisian-lama]")
    project = mini_project(tmp_path, {**VALID, "actors/police.yaml": police}, search=False)
    result = build(project)
    assert result.returncode == 0, result.stderr[-2000:]
    base = served(project / "site")
    page = browser.new_page()
    for prefix in ("", "en/"):
        for old in ("polisi", "kepolisian-lama"):
            redirect = (project / "site" / prefix / "actors" / old / "index.html").read_text()
            assert f'rel="canonical" href="{SITE_URL}{prefix}actors/police/"' in redirect
            page.goto(f"{base}{prefix}actors/{old}/")
            page.wait_for_url(f"{base}{prefix}actors/police/")
    page.close()


def test_two_records_cannot_claim_one_address(tmp_path):
    from kb.problems import DataError
    from kb.project import Project

    police = VALID["actors/police.yaml"].replace("kind: police", "kind: police\n        old_ids: [ministry]")
    project = mini_project(tmp_path, {**VALID, "actors/police.yaml": police})
    with pytest.raises(DataError) as caught:
        Project(project).check()
    assert any("ministry" in p.message and p.file.startswith("data/actors/") for p in caught.value.problems)
