"""Issue-level checks on the built site: timeline order, glossary anchors, tooltips, term links, citations."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from kb import dates
from kb.render import Renderer
from kb.timeline import entries

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def html(project, path):
    return (project / "site" / path / "index.html").read_text()


def test_timeline_is_chronological_in_both_languages(project, kb):
    expected = entries(kb)
    from conftest import SITE_URL
    from kb.strings import Strings
    from kb.urls import Site
    renderer = Renderer(kb, Site(SITE_URL), Strings())
    for prefix, lang in (("", "id"), ("en/", "en")):
        page = html(project, f"{prefix}timeline")
        items = re.findall(r'<li [^>]*data-kind="(\w+)"[^>]*>\s*<strong>([^<]+)</strong>.*?href="/kb-tppo-kamboja/(?:en/)?([a-z]+)/([a-z0-9-]+)/"',
                           page, re.DOTALL)
        assert len(items) == len(expected)
        starts = []
        for (kind, label, folder, id), entry in zip(items, expected):
            assert (folder, id) == (entry.record.collection.name, entry.record.id)
            assert label == renderer.entry_label(entry, lang)
            starts.append(entry.start.sort_key())
        assert starts == sorted(starts)
        # Partial dates are shown as what they are, and ranges as ranges.
        for entry in expected:
            if entry.start.precision == "year" and entry.end is None and not entry.open_ended:
                assert f"<strong>{entry.start.year}</strong>" in page
            if entry.end and entry.start.precision == entry.end.precision == "day" and \
                    (entry.start.year, entry.start.month) == (entry.end.year, entry.end.month):
                assert f"<strong>{entry.start.day}–{dates.display(entry.end, lang)}</strong>" in page
        years = [int(y) for y in re.findall(r'<h2 id="(\d{4})"', page)]
        assert years == sorted(years)


def glossary_anchors(project, prefix):
    return re.findall(r'<h2 id="([^"]+)"', html(project, f"{prefix}glossary"))


def test_glossary_anchors_are_unique_and_are_the_term_ids(project, kb):
    ids = sorted(t.id for t in kb.collection("terms"))
    for prefix in ("", "en/"):
        anchors = glossary_anchors(project, prefix)
        assert len(anchors) == len(set(anchors))
        assert sorted(anchors) == ids


def test_glossary_is_alphabetical_in_each_language(project):
    for prefix in ("", "en/"):
        titles = re.findall(r'<h2 id="[^"]+">(.*?)<a class="headerlink"', html(project, f"{prefix}glossary"))
        plain = [re.sub(r"<[^>]+>", "", t).strip().casefold() for t in titles]
        assert plain == sorted(plain)


def test_abbreviation_tooltips_are_in_the_page_language(project, kb):
    import html as html_module

    names = {term["abbr"]: term["name"] for term in kb.collection("terms") if term.get("abbr")}
    seen = 0
    for prefix, lang in (("", "id"), ("en/", "en")):
        for page in (project / "site" / prefix).glob("*/index.html"):
            if not prefix and page.parent.name == "en":
                continue
            for title, abbr in re.findall(r'<abbr title="([^"]*)">([^<]+)</abbr>', page.read_text()):
                assert html_module.unescape(title) == " ".join(names[abbr][lang].split()), (page, abbr)
                seen += 1
    assert seen


class TermLinks(HTMLParser):
    """Collects glossary links with the elements they sit in."""

    def __init__(self):
        super().__init__()
        self.stack, self.found = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("class") == "kb-term":
            self.found.append((attrs["href"], list(self.stack)))
        if tag not in {"br", "img", "input", "meta", "link", "hr", "source", "wbr"}:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop() != tag:
            pass


def test_terms_are_linked_once_per_page_and_never_in_headings_or_links(project):
    pages_with_links = 0
    for path in (project / "site").rglob("index.html"):
        parser = TermLinks()
        parser.feed(path.read_text())
        hrefs = [href for href, _ in parser.found]
        assert len(hrefs) == len(set(hrefs)), path
        for href, stack in parser.found:
            assert not HEADINGS & set(stack) and stack.count("a") == 0, (path, href, stack)
        pages_with_links += bool(hrefs)
    assert pages_with_links >= 20


def test_every_record_cites_a_source_that_resolves_to_the_bibliography(project, kb):
    for prefix in ("", "en/"):
        bibliography = set(re.findall(r'id="([^"]+)"', html(project, f"{prefix}sources")))
        for record in kb.all():
            if not record.collection.pages:
                continue
            page = html(project, f"{prefix}{record.collection.name}/{record.id}")
            section = page.split('id="sumber"' if prefix == "" else 'id="sources"', 1)[1]
            cited = re.findall(r'href="\.\./\.\./sources/[a-z]+/#([a-z0-9-]+)"', section.split("<h2", 1)[0])
            assert cited, (prefix, record.id)
            assert set(cited) <= bibliography, (prefix, record.id)


def test_record_pages_have_a_copyable_citation(project, kb):
    record = kb.get("actors", "kemlu")
    page = html(project, "en/actors/kemlu")
    assert "Cite this page" in page
    assert re.search(r"Ministry of Foreign Affairs \(Kemlu\)\. \(\d{1,2} \w+ \d{4}\)\. In .+?\. "
                     r"https://[^ <]+/en/actors/kemlu/", page)
    assert record["claims"]
