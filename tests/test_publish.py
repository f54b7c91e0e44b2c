"""Publishing: downloads, metadata, feeds, permanent links, the browser finder. Small in-memory data only."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "hooks"), str(ROOT / "tests")]

from kb import export, feeds, history, metadata, redirects, share  # noqa: E402
from kb.addresses import SiteInfo, site_url  # noqa: E402
from kb.model import BY_NAME, COLLECTIONS, LANGUAGES, KnowledgeBase, Record  # noqa: E402
from kb.schema import Schemas  # noqa: E402

import browser_path  # noqa: E402

SITE = SiteInfo("https://user.github.io/fork", {"id": "Basis Pengetahuan", "en": "Knowledge Base"},
                version="abc123", built="2026-11-29T19:00:00Z")
T = lambda id, en: {"id": id, "en": en}  # noqa: E731
HOSTILE = "</script><script>alert(1)</script> & \"quotes\" 'x' {y}"


def claim(text, status="reported", source="news", **extra):
    return {"text": T(text, text + " (en)"), "status": status, "sources": [{"source": source}], **extra}


RECORDS = {
    "sources": [
        {"id": "article", "kind": "article", "role": "reviewed-article", "authors": ["Family, G.", "Other, H."],
         "year": 2025, "published": "2025-12-04", "title": "A study", "container": "A Journal", "volume": "1",
         "issue": "4", "pages": "1702-1715", "doi": "10.63822/xspyc527"},
        {"id": "news", "kind": "news", "official": True, "published": "2024-05", "title": HOSTILE,
         "container": "Daily", "url": "https://example.org/news/1"},
    ],
    "actors": [
        {"id": "bureau", "kind": "police", "country": "ID", "abbr": "NCB", "old_ids": ["old-bureau", "older-bureau"],
         "name": T("Biro", "Bureau"), "short": T("Biro", "Bureau"),
         "claims": [claim("Biro *pusat* [nasional](https://example.org)."),
                    claim("Di bawah Kapolri.", "contradicted", article={"text": T("Di bawah X.", "Under X."),
                                                                        "pages": "1709"}),
                    claim("Menurut artikel.", "article-only", "article")]},
        {"id": "hostile", "kind": "international-organisation", "name": T(HOSTILE, HOSTILE),
         "claims": [claim("=SUM(A1) " + HOSTILE)]},
    ],
    "agreements": [{"id": "ghost-treaty", "kind": "treaty", "found": False, "name": T("Perjanjian", "Treaty"),
                    "claims": [claim("Tidak ditemukan.", "not-found", "article",
                                     article={"text": T("Ada.", "Exists."), "pages": "1710"})]}],
    "operations": [{"id": "op", "kind": "interpol-operation", "name": T("Operasi", "Operation"),
                    "period": {"start": "2022-05", "end": "2022-06"}, "participants": ["bureau"],
                    "claims": [claim("Operasi.")]}],
    "instruments": [{"id": "law-21-2007", "kind": "law", "number": "21/2007", "jurisdiction": "ID",
                     "passed": "2007-03-20", "enacted": "2007-04-19", "name": T("UU 21/2007", "Law 21/2007"),
                     "claims": [claim("Undang-undang.", "official")]}],
    "events": [{"id": "meeting", "kind": "meeting", "date": "2023-05-10", "participants": ["bureau"],
                "related": {"actors": ["bureau"]}, "name": T("Pertemuan", "Meeting"), "claims": [claim("Rapat.")]}],
    "figures": [{"id": "cases", "kind": "count", "counts": "cases", "value": 1234, "approximate": True,
                 "unit": T("kasus", "cases"), "definition": T("Kasus.", "Cases."), "date": "2024",
                 "series": "cases-per-year", "measured_by": ["bureau"], "name": T("Kasus", "Cases"),
                 "claims": [claim("Sekitar 1.234 kasus.")]},
                {"id": "drop", "kind": "change", "counts": "trend", "value": -25.5, "unit": T("%", "%"), "date": "2023",
                 "definition": T("Turun.", "Down."), "name": T("Turun", "Drop"), "claims": [claim("Turun.")]}],
    "systems": [{"id": "app", "kind": "application", "found": True, "launched": "2019",
                 "url": "https://example.org/app", "operators": ["bureau"], "name": T("Aplikasi", "App"),
                 "claims": [claim("Aplikasi.")]}],
    "channels": [{"id": "hotline", "kind": "whatsapp", "operator": "bureau",
                  "contact": {"whatsapp": "+855 12 813 282", "email": "help@example.org"},
                  "published": {"source": "news", "date": "2025-12-08"},
                  "checked": {"date": "2026-11-20", "against": "news", "what": T("nomor", "the number")},
                  "audience": T("WNI", "Indonesians"), "name": T("Hotline", "Hotline"), "claims": [claim("Nomor.")]}],
    "series": [{"id": "cases-per-year", "name": T("Kasus per tahun", "Cases per year"), "unit": T("kasus", "cases"),
                "definition": T("Kasus.", "Cases.")}],
    "terms": [{"id": "tppo", "abbr": "TPPO", "name": T("Tindak pidana perdagangan orang", "Trafficking in persons"),
               "definition": T("Kejahatan *ini*.", "This *crime*."), "avoid": {"id": ["human trafficking"]},
               "sources": [{"source": "article", "pages": "1703"}]}],
}


def make_kb(records=RECORDS) -> KnowledgeBase:
    found = {}
    for collection in COLLECTIONS:
        found[collection.name] = {}
        for data in records.get(collection.name, []):
            lines = {("id",): 2, ("old_ids",): 3, ("old_ids", 0): 3, ("old_ids", 1): 4}
            found[collection.name][data["id"]] = Record(collection, data["id"], data,
                                                        f"data/{collection.name}/{data['id']}.yaml", lines)
    return KnowledgeBase(found)


@pytest.fixture(scope="module")
def kb():
    return make_kb()


@pytest.fixture(scope="module")
def schemas():
    return Schemas(ROOT / "data" / "schema")


@pytest.fixture(scope="module")
def downloads(kb, schemas):
    return export.files(kb, schemas, SITE)


def registry_of(downloads) -> Registry:
    resources = []
    for path, body in downloads.items():
        if path.startswith("data/schema/"):
            schema = json.loads(body)
            resources.append((schema["$id"], Resource.from_contents(schema, default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


# -- downloads ----------------------------------------------------------------------------

def test_the_data_is_valid_input(kb, schemas):
    """The test data itself is schema-valid, or the next tests would prove nothing."""
    for record in kb.all():
        stem = record.collection.schema
        validator = Draft202012Validator(schemas.roots[stem], registry=schemas.registry)
        assert not list(validator.iter_errors(record.data)), record.id


def test_addresses_are_stable(downloads):
    for c in COLLECTIONS:
        assert f"data/{c.name}.json" in downloads
        assert f"data/schema/{c.schema}.schema.json" in downloads
        for lang in LANGUAGES:
            assert f"data/{c.name}.{lang}.csv" in downloads
    assert {"data/all.json", "data/schema/common.schema.json", "data/schema/dataset.schema.json"} <= set(downloads)


def test_every_json_download_validates_against_its_published_schema(downloads):
    registry = registry_of(downloads)
    checked = 0
    for path, body in downloads.items():
        if not path.endswith(".json") or path.startswith("data/schema/"):
            continue
        document = json.loads(body.decode("utf-8"))
        schema = registry.contents(document["$schema"])
        validator = Draft202012Validator(schema, registry=registry)
        assert not [e.message for e in validator.iter_errors(document)], path
        records = document.get("records") or [r for rs in document["collections"].values() for r in rs]
        for record in records:  # and each record against its own collection's schema
            collection = document.get("collection") or next(
                name for name, rs in document["collections"].items() if record in rs)
            stem = BY_NAME[collection].schema
            own = registry.contents(SITE.url + f"data/schema/{stem}.schema.json")
            assert not list(Draft202012Validator(own, registry=registry).iter_errors(record)), (path, record["id"])
        checked += 1
    assert checked == len(COLLECTIONS) + 1


def test_the_published_schema_rejects_what_the_data_schema_rejects(downloads):
    registry = registry_of(downloads)
    actor = registry.contents(SITE.url + "data/schema/actor.schema.json")
    document = json.loads(downloads["data/actors.json"])
    bad = dict(document["records"][0], unknown_field=1)
    assert list(Draft202012Validator(actor, registry=registry).iter_errors(bad))
    wrong = dict(document, records=[{"id": "x"}])
    dataset = registry.contents(document["$schema"])
    assert list(Draft202012Validator(dataset, registry=registry).iter_errors(wrong))


def test_json_keeps_the_data_adds_urls_and_orders_keys(downloads):
    actors = json.loads(downloads["data/actors.json"])
    bureau = next(r for r in actors["records"] if r["id"] == "bureau")
    assert list(bureau)[:3] == ["id", "old_ids", "name"] and list(bureau)[-1] == "url"
    assert bureau["url"] == {"id": "https://user.github.io/fork/actors/bureau/",
                             "en": "https://user.github.io/fork/en/actors/bureau/"}
    assert bureau["claims"][1]["article"]["pages"] == "1709"
    assert [r["id"] for r in actors["records"]] == sorted(r["id"] for r in actors["records"])
    terms = json.loads(downloads["data/terms.json"])["records"]
    assert terms[0]["url"]["en"] == "https://user.github.io/fork/en/glossary/#tppo"
    again = export.files(make_kb(), Schemas(ROOT / "data" / "schema"), SITE)
    assert again == downloads  # the same data gives the same bytes


def test_every_csv_has_a_bom_and_one_row_per_record(kb, downloads):
    for c in COLLECTIONS:
        for lang in LANGUAGES:
            body = downloads[f"data/{c.name}.{lang}.csv"]
            assert body.startswith(b"\xef\xbb\xbf")
            rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
            assert len(rows) == 1 + len(kb.collection(c.name))
            assert all(len(row) == len(rows[0]) for row in rows)
            assert rows[0][:2] == ["id", "url"]


def test_csv_flattens_values_in_the_files_language(downloads):
    def table(name, lang):
        text = downloads[f"data/{name}.{lang}.csv"].decode("utf-8-sig")
        return {row["id"]: row for row in csv.DictReader(io.StringIO(text, newline=""))}

    bureau = table("actors", "en")["bureau"]
    assert bureau["name"] == "Bureau"
    assert bureau["old_ids"] == "old-bureau; older-bureau"
    lines = bureau["claims"].split("\n")
    assert len(lines) == 3 and lines[0] == "Biro pusat nasional (https://example.org). (en) [reported; news]"
    assert "[contradicted; news; article (1709): Under X.]" in lines[1]
    assert table("actors", "id")["bureau"]["name"] == "Biro"
    assert table("actors", "id")["hostile"]["claims"].startswith("'=SUM")  # not a formula
    hotline = table("channels", "en")["hotline"]
    assert hotline["contact.whatsapp"] == "'+855 12 813 282" and hotline["checked.what"] == "the number"
    assert table("figures", "en")["drop"]["value"] == "-25.5"  # a number stays a number
    assert table("operations", "id")["op"]["period.start"] == "2022-05"
    assert table("terms", "id")["tppo"]["avoid"] == "human trafficking"
    assert table("terms", "en")["tppo"]["sources"] == "article (1703)"
    assert table("terms", "en")["tppo"]["definition"] == "This crime."
    assert export.readable("See [the bureau](../actors/bureau.md) and [TPPO](../glossary/index.md#tppo).", "en",
                           SITE) == ("See the bureau (https://user.github.io/fork/en/actors/bureau/) and "
                                     "TPPO (https://user.github.io/fork/en/glossary/#tppo).")


def test_data_page_lists_files_licence_version_and_fields(kb, schemas):
    for lang in LANGUAGES:
        page = export.data_page(kb, schemas, SITE, lang)
        assert "CC BY 4.0" in page and "abc123" in page and "2026" in page
        assert 'href="actors.json"' in page if lang == "id" else 'href="../../data/actors.json"' in page
        assert "`claims`" in page and "`url`" in page and "`old_ids`" in page
        for c in COLLECTIONS:
            assert f"data/{c.name}.json" in page
    assert "Unduh data" in export.data_page(kb, schemas, SITE, "id")


# -- metadata -----------------------------------------------------------------------------

class Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta, self.links, self.scripts, self._in_script = [], [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            self.meta.append(attrs)
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def parse_head(text: str) -> Head:
    parser = Head()
    parser.feed(text)
    return parser


EXPECTED_TYPES = {"bureau": "GovernmentOrganization", "hostile": "Organization", "ghost-treaty": "WebPage",
                  "op": "Event", "law-21-2007": "Legislation", "meeting": "Event", "cases": "Observation",
                  "drop": "Observation", "app": "SoftwareApplication", "hotline": "ContactPoint",
                  "tppo": "DefinedTerm", "article": "ScholarlyArticle", "news": "NewsArticle",
                  "cases-per-year": "Dataset"}


def test_every_record_has_json_ld_with_a_type_and_language(kb):
    for record in kb.all():
        for lang in LANGUAGES:
            head = parse_head(metadata.head(record, lang, SITE, "2026-11-20"))
            assert len(head.scripts) == 1
            assert "</script" not in head.scripts[0].lower() and "<" not in head.scripts[0]
            data = json.loads(head.scripts[0])
            assert data["@context"] == "https://schema.org"
            assert data["@type"] == EXPECTED_TYPES[record.id]
            page = data.get("mainEntityOfPage", data)
            assert page["inLanguage"] == lang and page["url"].startswith(SITE.url)


def test_hostile_text_stays_text_in_json_ld_and_attributes(kb):
    record = kb.get("actors", "hostile")
    text = metadata.head(record, "en", SITE, "2026-11-20")
    assert "<script>alert" not in text and "</script><script>" not in text
    head = parse_head(text)
    assert json.loads(head.scripts[0])["name"] == HOSTILE
    titles = [m["content"] for m in head.meta if m.get("name") == "citation_title"]
    assert titles == [HOSTILE]  # escaped in the attribute, read back intact


def test_citation_tags_for_reference_managers(kb):
    record = kb.get("actors", "bureau")
    head = parse_head(metadata.head(record, "id", SITE, "2026-11-20"))
    tags = {m["name"]: m["content"] for m in head.meta if "name" in m}
    assert tags["citation_title"] == "Biro (NCB)"
    assert tags["citation_publication_date"] == tags["citation_date"] == "2026/11/20"
    assert tags["citation_public_url"] == "https://user.github.io/fork/actors/bureau/"
    assert tags["citation_language"] == "id"
    assert tags["citation_publisher"] == "Basis Pengetahuan"
    og = {m["property"]: m["content"] for m in head.meta if "property" in m}
    assert og["og:url"] == tags["citation_public_url"] and og["og:locale"] == "id_ID"
    assert "og:image" not in og
    assert og["og:description"].startswith("Biro pusat nasional")  # Markdown reduced to words


def test_bibtex_and_ris(kb):
    record = kb.get("actors", "hostile")
    bib = metadata.bibtex(record, "en", SITE, "2026-11-20")
    assert bib.startswith("@misc{actors-hostile,") and bib.rstrip().endswith("}")
    assert "url = {https://user.github.io/fork/en/actors/hostile/}" in bib
    assert "urldate = {2026-11-29}" in bib and "note = {Last changed 20 November 2026}" in bib
    assert r"\&" in bib and r"\{y\}" in bib
    assert bib.count("{") - bib.count(r"\{") == bib.count("}") - bib.count(r"\}")  # braces balance
    ris = metadata.ris(record, "en", SITE, "2026-11-20")
    lines = ris.split("\r\n")
    assert lines[0] == "TY  - ELEC" and lines[-2] == "ER  - " and lines[-1] == ""
    assert "UR  - https://user.github.io/fork/en/actors/hostile/" in lines
    assert all(re.match(r"^[A-Z][A-Z0-9]  - ", line) for line in lines[:-1])
    shown = metadata.cite_markdown(record, "en", SITE, "2026-11-20")
    assert '??? note "BibTeX"' in shown and '??? note "RIS"' in shown


def test_listing_and_dataset_json_ld(kb):
    terms = metadata.listing_jsonld(kb.collection("terms"), "id", SITE, "glossary/", "Glosarium")
    assert terms["@type"] == "DefinedTermSet" and terms["hasDefinedTerm"][0]["@type"] == "DefinedTerm"
    sources = metadata.listing_jsonld(kb.collection("sources"), "en", SITE, "en/sources/", "Bibliography")
    assert [s["@type"] for s in sources["citation"]] == ["ScholarlyArticle", "NewsArticle"]
    dataset = metadata.dataset_jsonld(SITE, "en", "en/data/", "Data", "All records",
                                      [("data/all.json", "application/json")])
    assert dataset["@type"] == "Dataset" and dataset["distribution"][0]["contentUrl"].endswith("data/all.json")
    json.loads(metadata.script(dataset)[len('<script type="application/ld+json">'):-len("</script>")])


# -- feeds --------------------------------------------------------------------------------

def test_atom_feed_is_valid(kb):
    changed = {r.file: "2026-11-%02d" % (i + 1) for i, r in enumerate(kb.all())}
    items = feeds.changes(kb, changed)
    assert items[0].day >= items[-1].day
    ns = {"a": "http://www.w3.org/2005/Atom"}
    for lang in LANGUAGES:
        root = ET.fromstring(feeds.atom(items, lang, SITE))
        assert root.tag == "{http://www.w3.org/2005/Atom}feed"
        for name in ("id", "title", "updated", "author/a:name"):
            assert root.find("a:" + name, ns) is not None and root.find("a:" + name, ns).text, name
        assert root.find("a:link[@rel='self']", ns).get("href") == SITE.url + feeds.feed_path(lang)
        entries = root.findall("a:entry", ns)
        assert len(entries) == len(items)
        ids = [e.find("a:id", ns).text for e in entries]
        assert len(set(ids)) == len(ids)
        for entry in entries:
            for name in ("id", "title", "updated", "summary"):
                assert entry.find("a:" + name, ns).text, name
            assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", entry.find("a:updated", ns).text)
            assert entry.find("a:link", ns).get("href").startswith(SITE.url)
    hostile = [e for e in ET.fromstring(feeds.atom(items, "en", SITE)).findall("a:entry", ns)
               if e.find("a:id", ns).text.endswith("/hostile/")][0]
    assert hostile.find("a:title", ns).text == HOSTILE


def test_changes_page(kb):
    changed = {"data/actors/bureau.yaml": "2026-11-20", "data/terms/tppo.yaml": "2026-11-21"}
    page = feeds.changes_page(feeds.changes(kb, changed), "en")
    assert page.index("21 November 2026") < page.index("20 November 2026")
    assert "(../actors/bureau.md)" in page and "(../glossary/index.md#tppo)" in page
    assert 'href="../feed.xml"' in page
    assert feeds.head_link("en", SITE).startswith('<link rel="alternate" type="application/atom+xml"')


def git(repo, *args, day="2026-01-01"):
    env = {**os.environ, "GIT_AUTHOR_DATE": f"{day}T12:00:00Z", "GIT_COMMITTER_DATE": f"{day}T12:00:00Z",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t"}
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def test_substantive_changes_skip_form_only_commits(tmp_path):
    git(tmp_path, "init", "-q")
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.yaml").write_text("a: 1\nb: 2\n")
    (data / "b.yaml").write_text("x: 1\n")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "Add a and b", day="2026-01-01")
    (data / "a.yaml").write_text("a: 1\nb: 3\n")
    git(tmp_path, "commit", "-qam", "Correct b", day="2026-02-01")
    (data / "a.yaml").write_text("a:  1\n\nb: 3\n")
    (data / "b.yaml").write_text("x: 2\n")
    git(tmp_path, "commit", "-qam", "Correct b; reindent a", day="2026-03-01")
    (data / "a.yaml").write_text("a: 1\nb: 4\n")
    git(tmp_path, "commit", "-qam", "chore: bump b", day="2026-04-01")
    days = history.substantive_changes(tmp_path)
    assert days["data/a.yaml"] == "2026-02-01"  # the March edit is whitespace, the April one a chore
    assert days["data/b.yaml"] == "2026-03-01"
    assert history.last_changes(tmp_path)["data/a.yaml"] == "2026-04-01"
    assert re.match(r"^[0-9a-f]{12}$", history.version(tmp_path))


# -- permanent links ----------------------------------------------------------------------

def test_redirect_pages_for_every_old_id_in_both_languages(kb):
    pages = redirects.redirect_files(kb, SITE)
    assert set(pages) == {"actors/old-bureau/index.html", "en/actors/old-bureau/index.html",
                          "actors/older-bureau/index.html", "en/actors/older-bureau/index.html"}
    for path, body in pages.items():
        head = parse_head(body.decode("utf-8"))
        en = path.startswith("en/")
        canonical = [link["href"] for link in head.links if link.get("rel") == "canonical"]
        assert canonical == [SITE.url + ("en/" if en else "") + "actors/bureau/"]
        refresh = [m["content"] for m in head.meta if m.get("http-equiv") == "refresh"]
        assert refresh == ["0; url=../bureau/"]
        assert '<a href="../bureau/">' in body.decode("utf-8")


def removed(collection, id, line=5):
    return redirects.Removed(collection, id, "2026-10-01", "merged", line)


def test_id_clashes_are_found():
    records = json.loads(json.dumps(RECORDS))
    records["actors"].append({"id": "other", "old_ids": ["OLD-BUREAU", "hostile"], "kind": "agency",
                              "name": T("Lain", "Other"), "claims": [claim("x")]})
    records["actors"].append({"id": "self", "old_ids": ["self"], "kind": "agency",
                              "name": T("Diri", "Self"), "claims": [claim("x")]})
    records["events"].append({"id": "bureau", "kind": "meeting", "name": T("Beda", "Other folder"),
                              "claims": [claim("x")]})  # another collection: another address
    problems = redirects.check_ids(make_kb(records), [removed("actors", "Op"), removed("operations", "op"),
                                                      removed("nowhere", "x"), removed("actors", "gone")])
    messages = [str(p) for p in problems]
    assert any("OLD-BUREAU" in m and "data/actors/bureau.yaml" in m for m in messages)
    assert any("'hostile' is already claimed by data/actors/hostile.yaml" in m for m in messages)
    assert any("'self' is also this record's id" in m for m in messages)
    assert any(p.file == "data/operations/op.yaml" and "removed on 2026-10-01" in p.message for p in problems)
    assert any(p.file == "data/removed.yaml" and "nowhere" in p.message for p in problems)
    assert len(problems) == 5
    assert all(p.line >= 1 and p.field for p in problems)
    assert redirects.check_ids(make_kb(), [removed("actors", "gone")]) == []


def test_removed_file_is_read_and_checked(tmp_path, schemas):
    assert redirects.load_removed(ROOT, schemas)[1] == []  # the committed file is valid
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "removed.yaml").write_text(
        '- collection: actors\n  id: gone\n  removed: "2026-10-01"\n  note: Merged.\n'
        "- collection: actors\n  id: Bad Id\n  removed: soon\n  note: x\n")
    found, problems = redirects.load_removed(tmp_path, schemas)
    assert found == [] and problems and all(p.file == "data/removed.yaml" for p in problems)
    assert {p.line for p in problems} == {6, 7}


# -- site address, outreach, browser --------------------------------------------------------

def test_site_url_comes_from_the_environment():
    assert site_url("https://example.github.io/x/", {}) == "https://example.github.io/x/"
    assert site_url("https://example.github.io/x/", {"SITE_URL": "https://me.github.io/fork"}) == \
        "https://me.github.io/fork/"


def test_whatsapp_share_link():
    link = share.whatsapp_url("Tanda & bahaya", "https://user.github.io/fork/waspada/")
    assert link == "https://wa.me/?text=Tanda%20%26%20bahaya%20https%3A%2F%2Fuser.github.io%2Ffork%2Fwaspada%2F"
    markdown = share.whatsapp_markdown("Judul [x]", "https://user.github.io/fork/", "id")
    assert markdown.startswith("[Bagikan lewat WhatsApp](https://wa.me/?text=") and "[x]" not in markdown
    html = share.whatsapp_html('A "quoted" <title>', "https://user.github.io/fork/", "en")
    assert "<title>" not in html and 'rel="noopener"' in html and "<script" not in html


def test_print_stylesheet_hides_chrome_and_prints_addresses():
    css = (ROOT / "docs" / "assets" / "print.css").read_text(encoding="utf-8")
    assert "@media print" in css and "size: A4" in css
    for hidden in (".md-header", ".md-sidebar", ".md-footer", ".md-search", ".md-tabs"):
        assert hidden in css
    assert "attr(href)" in css


def test_find_chromium_order_and_error(tmp_path):
    fake = tmp_path / "chrome"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    assert browser_path.find_chromium({"CHROMIUM": str(fake)}, system=(), playwright=lambda: None) == str(fake)
    assert browser_path.find_chromium({}, system=("/nope", str(fake)), playwright=lambda: None) == str(fake)
    assert browser_path.find_chromium({}, system=("/nope",), playwright=lambda: str(fake)) == str(fake)
    with pytest.raises(browser_path.ChromiumNotFound, match="/nope.*Playwright"):
        browser_path.find_chromium({}, system=("/nope",), playwright=lambda: None)
    with pytest.raises(browser_path.ChromiumNotFound, match="CHROMIUM=/missing"):
        browser_path.find_chromium({"CHROMIUM": "/missing"}, system=(str(fake),), playwright=lambda: None)
