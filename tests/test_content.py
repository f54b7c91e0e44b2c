"""Guards on the content: both languages, honest statuses, sources a researcher can follow, help that says
what was checked. Each is a property of the data or the built site, not a count of today's records."""

from __future__ import annotations

import functools
import html
import posixpath
import re
from collections import deque
from pathlib import Path

from conftest import ROOT
from kb import prose
from kb.claims import STATUSES, UNMEASURED, is_reviewed
from kb.languages import LANGUAGES
from kb.load import _PLACEHOLDER
from kb.project import GENERATED
from kb.schema import load as load_schemas

READING = sorted(p.name.removesuffix(".md") for p in (ROOT / "docs" / "bacaan").glob("*.md") if p.name.count(".") == 1)


def texts(value, path=()):
    """Every bilingual text in a record: (path, mapping)."""
    if isinstance(value, dict):
        if set(value) == set(LANGUAGES) and all(isinstance(v, str) for v in value.values()):
            yield path, value
        else:
            for key, sub in value.items():
                yield from texts(sub, path + (key,))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            yield from texts(sub, path + (index,))


def test_every_prose_page_exists_in_both_languages():
    pages = prose.prose_pages(ROOT / "docs", GENERATED)
    assert [p for p in prose.check(pages, set(), set(), ROOT) if p.kind == "translation"] == []
    assert READING


def test_reading_pages_are_500_to_1200_words_and_open_with_a_plain_summary():
    for page in READING:
        for suffix in (".md", ".en.md"):
            text = (ROOT / "docs" / "bacaan" / f"{page}{suffix}").read_text()
            body = re.split(r"\n## (?:Sumber|Sources)\b", text)[0]
            words = len(re.findall(r"\w+", re.sub(r"\]\([^)]*\)", "]", body)))
            assert 500 <= words <= 1200, (page, suffix, words)
            first = re.split(r"\n#+ ", body.split("\n", 1)[1])[0]  # what stands before the first subheading
            sentences = [s for s in re.split(r"(?<=[.!?])\s+", re.sub(r"[>*_!\"]|\[|\]\([^)]*\)", " ", first)) if s.strip()]
            assert sentences, (page, suffix)
            assert max(len(s.split()) for s in sentences) <= 30, (page, suffix)


def test_status_vocabulary_is_the_one_the_schema_and_about_page_define():
    schemas = load_schemas(ROOT / "data" / "schema")
    assert tuple(schemas.roots["common"]["$defs"]["status"]["enum"]) == STATUSES
    for suffix, lang in (("", "id"), (".en", "en")):
        about = (ROOT / "docs" / f"tentang{suffix}.md").read_text()
        assert "{#status}" in about, "the About page anchors its status section as #status"
        import yaml
        labels = yaml.safe_load((ROOT / "hooks" / "kb" / "strings.yaml").read_text())["statuses"]
        for status in STATUSES:
            assert labels[status][lang] in about, (lang, status)


def test_no_record_is_contradicted_as_a_whole(kb):
    for record in kb.all():
        claims = record.get("claims") or []
        if claims:
            assert claims[0]["status"] != "contradicted" or len(claims) > 1, record.file
            assert "verification" not in record.data, record.file


def test_figures_only_the_article_gives_name_no_measurer(kb):
    checked = 0
    for figure in kb.collection("figures"):
        if figure["claims"][0]["status"] in UNMEASURED:
            assert not figure.get("measured_by"), figure.file
            checked += 1
    assert checked


def test_sources_carry_a_full_address_or_say_why_not(kb):
    for source in kb.collection("sources"):
        url = source.get("url")
        if url:
            assert re.match(r"https?://[^/]+/.+", url), (source.file, url)
        elif source["kind"] in ("news", "web") and not source.get("doi"):
            assert source.get("note"), (source.file, "no address and no note saying why")
        assert source.get("year") or source.get("published") or source.get("note"), source.file


def test_no_page_cites_our_own_notes_as_a_source(kb, project):
    for source in kb.collection("sources"):
        who = " ".join(source.get("authors") or []) + " " + (source.get("container") or "")
        assert "Tim basis pengetahuan" not in who and not source.id.startswith("fact-notes"), source.file
    for page in (project / "site").rglob("*.html"):
        assert "Tim basis pengetahuan" not in page.read_text(encoding="utf-8"), page


def test_the_reviewed_article_is_one_source(kb):
    assert len([s for s in kb.collection("sources") if is_reviewed(s)]) == 1


def test_glossary_records_one_term_per_concept_and_check_flags_avoided_variants(kb, tmp_path):
    from conftest import AVOIDING_TERM, VALID, mini_project
    from kb.problems import DataError
    from kb.project import Project
    import pytest

    avoided = [(t, lang, word) for t in kb.collection("terms") for lang, words in (t.get("avoid") or {}).items()
               for word in words]
    assert avoided, "the glossary lists the variants the site avoids"
    police = VALID["actors/police.yaml"].replace("Sebuah kepolisian.", "Tempat aduan.")
    project = mini_project(tmp_path, {**VALID, "terms/complaint.yaml": AVOIDING_TERM, "actors/police.yaml": police})
    with pytest.raises(DataError) as caught:
        Project(project).check()
    assert [p.field for p in caught.value.problems] == ["claims[0].text.id"]
    assert "expected the glossary's term 'Pengaduan'" in caught.value.problems[0].message


def test_no_text_field_is_empty_or_a_placeholder(kb):
    for record in kb.all():
        for path, text in texts(record.data):
            for lang in LANGUAGES:
                assert text[lang].strip(), (record.file, path, lang)
                assert not _PLACEHOLDER.search(text[lang]), (record.file, path, lang)


def test_every_figure_has_a_date_a_definition_and_what_it_counts(kb):
    for figure in kb.collection("figures"):
        assert figure.get("date") or figure.get("period"), figure.file
        assert figure["counts"] and figure["definition"]["id"] and figure["unit"]["en"], figure.file


def test_help_page_gives_every_channel_with_its_source_and_what_was_checked(kb, project):
    channels = kb.collection("channels")
    assert channels
    for prefix, checked_word in (("", "Diperiksa"), ("en/", "Checked")):
        page = (project / "site" / prefix / "bantuan" / "index.html").read_text()
        for channel in channels:
            for value in channel["contact"].values():
                assert value in page, (prefix, value)
            assert channel["checked"]["what"]["id" if not prefix else "en"][:40].split()[0] in page
        assert page.count(f"<strong>{checked_word}:</strong>") == len(channels)
        whatsapp = [c for c in channels if "whatsapp" in c["contact"]]
        assert page.count('href="https://wa.me/') >= len(whatsapp)


def test_contradicted_claims_show_the_articles_words_and_the_correction_source(kb, project):
    shown = 0
    for record in kb.all():
        if not record.collection.pages:
            continue
        for index, claim in enumerate(record["claims"]):
            if claim["status"] != "contradicted":
                continue
            for prefix, lang in (("", "id"), ("en/", "en")):
                page = (project / "site" / prefix / record.collection.name / record.id / "index.html").read_text()
                block = page.split(f'id="claim-{index + 1}"', 1)[1].split("</div>", 1)[0]
                assert 'class="kb-article"' in block, (record.file, index)
                for citation in claim["sources"]:
                    assert re.search(rf'sources/[a-z]+/#{citation["source"]}"', block), (record.file, index)
            shown += 1
    assert shown


HREF = re.compile(r'<a\s[^>]*?href="([^"]*)"')  # the built pages quote every attribute with "


def page_links(site: Path, page: str) -> set[str]:
    """Site pages linked from a page ('actors/kemlu/'), relative or by absolute path under the sub-path."""
    found = set()
    for href in HREF.findall((site / page / "index.html").read_text()):
        href = html.unescape(href)
        if href.startswith(("http", "mailto:", "#", "tel:")):
            continue
        href = href.split("#")[0]
        if href.startswith("/kb-tppo-kamboja/"):
            target = "/" + href.removeprefix("/kb-tppo-kamboja/")
        else:
            target = posixpath.normpath(posixpath.join("/" + page, href))
        relative = target.strip("/")
        relative = relative + "/" if relative else relative
        if is_page(site, relative):
            found.add(relative)
    return found


@functools.lru_cache(maxsize=None)
def is_page(site: Path, relative: str) -> bool:
    return (site / relative / "index.html").is_file()


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


def test_the_site_is_named_the_same_everywhere():
    import yaml

    config = (ROOT / "mkdocs.yml").read_text()
    names = yaml.safe_load((ROOT / "hooks" / "kb" / "strings.yaml").read_text())["site"]["name"]
    assert re.search(rf"^site_name: {re.escape(names['id'])}$", config, re.MULTILINE)
    assert re.search(rf"^\s+site_name: {re.escape(names['en'])}$", config, re.MULTILINE)


def test_the_home_page_names_each_part_as_the_menu_does():
    """The menu (mkdocs.yml nav and its English translations) is the one place for the labels."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)  # !ENV and the like
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=Loader)
    english = next(p for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)["i18n"]["languages"][1]
    translations = english["nav_translations"]

    def entries(nav):
        for item in nav:
            for label, target in item.items():
                if isinstance(target, list):
                    yield from entries(target)
                else:
                    yield label, target

    pages = {"id": (ROOT / "docs" / "index.md").read_text(), "en": (ROOT / "docs" / "index.en.md").read_text()}
    checked = 0
    for label, target in entries(config["nav"]):
        if target == "index.md":
            continue
        for lang, page in pages.items():
            shown = label if lang == "id" else translations[label]
            assert f"[{shown}]({target})" in page, (lang, shown, target)
            checked += 1
    assert checked >= 30
