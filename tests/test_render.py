"""Pages from records: related records both ways, sources, and text that can only ever be text."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings, strategies as st

from conftest import svgs
from kb.load import load
from kb.render import Renderer
from kb.strings import Strings
from kb.text import MarkdownRenderer, escape, escape_fully
from kb.urls import Site

SITE = Site("https://user.github.io/kb-tppo-kamboja/")


def pages_for(data_dir, changes=None):
    kb, _ = load(data_dir(changes))
    return Renderer(kb, SITE, Strings()).pages()


def test_actor_page_lists_the_agreement_that_names_it(data_dir):
    pages = pages_for(data_dir)
    actor = pages["actors/ministry.md"]
    # Nobody wrote "ministry -> mou" in the data: the reverse link is derived.
    assert "### Perjanjian dan kemitraan" in actor
    assert "- [Nota kesepahaman](../agreements/mou.md)" in actor
    assert "- [Memorandum](../agreements/mou.md)" in pages["actors/ministry.en.md"]


def test_agreement_page_lists_parties_claims_with_status_and_sources(data_dir):
    page = pages_for(data_dir)["agreements/mou.en.md"]
    assert "- **Parties:** [Ministry](../actors/ministry.md), [Police](../actors/police.md)" in page
    assert "- **Signed:** 21 August 2023" in page
    assert '<span class="kb-status">Reported</span>' in page and '<span class="kb-status">Contradicted</span>' in page
    assert "Reported: 1 · Contradicted: 1" in page
    assert '<strong>The article says:</strong> The article says 2021.' in page
    assert '(<a href="/kb-tppo-kamboja/en/sources/research/#article">Family et al. (2025)</a>, p. 1709)' in page
    assert "1. [A Newspaper (2023)](../sources/news/index.md#news)" in page
    assert "https://user.github.io/kb-tppo-kamboja/en/agreements/mou/" in page


def test_bibliography_has_anchors_full_addresses_and_citing_records(data_dir):
    pages = pages_for(data_dir)
    front = pages["sources/index.en.md"]
    assert '<li id="article"><a href="/kb-tppo-kamboja/en/sources/research/#article">' in front
    page = pages["sources/research/index.en.md"] + pages["sources/news/index.en.md"]
    assert "## Family et al. (2025) {#article}" in page
    assert "<https://doi.org/10.1234/abc>" not in page  # addresses are links the policy can check
    assert '<a href="https://doi.org/10.1234/abc">https://doi.org/10.1234/abc</a>' in page
    news = page.split("{#news}", 1)[1]
    assert "Cited on: " in news and "[Police](../../actors/police.md)" in news
    assert "[Memorandum](../../agreements/mou.md)\n{ data-search-exclude }" in news


def test_collection_index_lists_every_record(data_dir):
    page = pages_for(data_dir)["actors/index.md"]
    assert "[Kementerian](ministry.md)" in page and "[Kepolisian](police.md)" in page


@pytest.mark.parametrize("text, shown", [
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ('" onmouseover="x', "&quot; onmouseover=&quot;x"),
    ("{: onclick=x}", "&#123;: onclick=x&#125;"),
    ("*[HTML]: y", "&#42;&#91;HTML&#93;: y"),
    ("```", "&#96;&#96;&#96;"),
    ("# heading", "&#35; heading"),
    ("- item", "&#45; item"),
    ("1. item", "1&#46; item"),
    ("{{ 7*7 }}", "&#123;&#123; 7&#42;7 &#125;&#125;"),
])
def test_plain_text_is_escaped_for_every_place_it_lands(text, shown):
    assert escape(text) == shown


def test_a_template_that_forgets_a_filter_is_still_safe(data_dir, tmp_path):
    kb, _ = load(data_dir())
    (tmp_path / "careless.md.j2").write_text("{{ record.name.en }} {{ record.claims[0].text.en }}")
    kb.get("actors", "police").data["name"]["en"] = "<img src=x onerror=alert(1)>"
    from jinja2 import FileSystemLoader
    renderer = Renderer(kb, SITE, Strings())
    renderer.env.loader = FileSystemLoader(str(tmp_path))
    out = renderer.render("careless.md.j2", "x.md", "en", record=kb.get("actors", "police"))
    assert "<img" not in out and "&lt;img src=x onerror=alert(1)&gt;" in out


def test_pictures_show_names_with_markup_characters_exactly_once_escaped(data_dir):
    """A name with &, ' and < reads the same in every picture's titles and text as in the data (escaped once,
    for SVG: not shown as "&#39;" or "&amp;")."""
    odd = "Police & Co's <unit>"
    kb, _ = load(data_dir({"actors/police.yaml": """
        id: police
        kind: police
        country: KH
        name: {id: "Polisi & Co's <unit>", en: "Police & Co's <unit>"}
        claims:
          - text: {id: Sebuah kepolisian., en: A police force.}
            status: reported
            sources: [{source: news}]
    """}))
    pages = Renderer(kb, SITE, Strings()).pages()
    shown = []
    for path, page in pages.items():
        for svg in svgs(page):
            root = ET.fromstring(svg)
            shown += ["".join(element.itertext()) for element in root.iter()
                      if element.tag.split("}")[-1] in ("title", "desc", "text")]
    assert any(odd in text for text in shown)  # the map of the police and of the agreement it is party to
    assert not [text for text in shown if re.search(r"&(#\d+|[a-z]+);", text)]

    markdown = MarkdownRenderer({"WNI": "Warga Negara Indonesia"},
                                lambda folder, id, anchor: f"/kb/{folder}/{id}/" if id == "bp2mi" else None)
    out = markdown.render("*WNI* <script>alert(1)</script> [a](https://x.org/a) [b](../actors/bp2mi.md)\n\n# no heading")
    assert out.problems == []
    assert '<abbr title="Warga Negara Indonesia">WNI</abbr>' in out.html
    assert "&lt;script&gt;" in out.html and "<script" not in out.html
    assert '<a href="https://x.org/a" rel="noopener">a</a>' in out.html
    assert '<a href="/kb/actors/bp2mi/" rel="noopener">b</a>' in out.html
    assert "<h1" not in out.html and "# no heading" in out.html
    refused = markdown.render("[x][r]\n\n[r]: javascript:alert(1)")
    assert refused.problems and "javascript" not in refused.html


@pytest.mark.parametrize("text", ["Sebuah kementerian.", "BP2MI dan WNI bekerja sama (2023).", "TPPO; IOM, ILO",
                                  "Rp 14 juta untuk 3.100 orang", "O'Brien said \"yes\"", "KBRI-Phnom Penh",
                                  "WNIx and xWNI", "a/b 50% = c", "Nilai 1.138 orang"])
def test_the_plain_text_fast_path_gives_what_python_markdown_gives(text):
    abbreviations = {"WNI": "Warga Negara Indonesia", "BP2MI": 'Badan "Pelindungan"', "IOM": "Organisasi & Migrasi"}
    fast = MarkdownRenderer(abbreviations, lambda *a: None).render(text).html
    slow_renderer = MarkdownRenderer(abbreviations, lambda *a: None)
    slow = slow_renderer.render(text + "\n").html  # a line break sends it down the full path
    assert fast == slow


def test_abbreviations_compiled_once_give_what_python_markdown_gives():
    """kb.text.KeptAbbreviations keeps its pattern while the abbreviations stay the same; a text that defines
    its own abbreviation changes them for that text only."""
    from markdown.extensions.abbr import AbbrTreeprocessor

    abbreviations = {"WNI": "Warga Negara Indonesia", "BP2MI": "Badan Pelindungan", "IOM": "Organisasi Migrasi"}
    texts = ["BP2MI dan WNI, [lihat](https://x.org).", "*[ABC]: Sesuatu lain\n\nABC dan IOM [x](https://x.org)",
             "ABC tanpa definisi, WNI [y](https://x.org)", "IOM.\n\n- WNI\n- BP2MI"]
    kept = MarkdownRenderer(abbreviations, lambda *a: None)
    upstream = MarkdownRenderer(abbreviations, lambda *a: None)
    md = upstream.md
    md.treeprocessors.register(AbbrTreeprocessor(md, md.treeprocessors["abbr"].abbrs), "abbr", 7)
    found = [kept.render(text).html for text in texts]
    assert found == [upstream.render(text).html for text in texts]
    assert '<abbr title="Sesuatu lain">ABC</abbr>' in found[1] and found[2].startswith("<p>ABC tanpa")


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="ab 1.-+!%:=^$*_[]<>&\"'`\\{}#|~\t\n\u00a0\u200b\u2028\u202eé", max_size=8))
def test_escape_shortcut_agrees_with_the_full_escape(value):
    assert escape(value) == escape_fully(value)


def test_compiled_templates_serve_a_new_environment_until_the_template_changes(tmp_path, monkeypatch):
    from jinja2 import Environment, FileSystemLoader

    from kb.render import CompiledTemplates

    template = tmp_path / "page.html"
    template.write_text("<p>{{ word }}</p>")
    compiled = CompiledTemplates()
    compiles = []
    original = Environment.compile
    monkeypatch.setattr(Environment, "compile", lambda self, *a, **k: compiles.append(1) or original(self, *a, **k))

    def render() -> str:  # a new environment each time, as MkDocs makes one per build
        env = Environment(loader=FileSystemLoader(str(tmp_path)), bytecode_cache=compiled)
        return env.get_template("page.html").render(word="kata")

    assert render() == "<p>kata</p>" and len(compiles) == 1
    assert render() == "<p>kata</p>" and len(compiles) == 1  # from the cache
    template.write_text("<b>{{ word }}</b>")
    assert render() == "<b>kata</b>" and len(compiles) == 2  # edited: compiled anew
