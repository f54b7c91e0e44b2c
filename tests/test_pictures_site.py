"""The pictures on the built site: in both languages, valid SVG, links only to pages that exist,
a text alternative, a list or table of the same facts beside them, and charts that match the data."""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET
from urllib.parse import urljoin, urlsplit

from conftest import SITE_URL, svgs
from kb import pictures

SVG = "{http://www.w3.org/2000/svg}"
PAGES = ["network/", "timeline/", "figures/"]


def test_each_picture_exists_in_both_languages_is_valid_and_links_to_existing_pages(project, kb):
    site = project / "site"
    record_pages = [f"{c}/{r.id}/" for c in pictures.MAP_KINDS for r in kb.collection(c)
                    if pictures.found(r)]
    checked = 0
    for path in PAGES + record_pages:
        counts = []
        for prefix in ("", "en/"):
            page = (site / prefix / path / "index.html").read_text(encoding="utf-8")
            found = [s for s in svgs(page) if 'class="kb-picture' in s]
            counts.append(len(found))
            for text in found:
                root = ET.fromstring(text)
                assert root.tag == f"{SVG}svg"
                labelled = root.get("aria-labelledby", "").split()
                titles = {el.get("id"): (el.text or "") for el in root.iter(f"{SVG}title")}
                assert labelled and all(titles.get(i, "").strip() for i in labelled), path
                assert root.find(f"{SVG}desc") is not None and root.find(f"{SVG}desc").text.strip()
                assert len(gzip.compress(text.encode())) <= 30_000
                for link in root.iter(f"{SVG}a"):
                    href = link.get("href")
                    target = urljoin(SITE_URL + prefix + path, href)
                    assert target.startswith(SITE_URL), href
                    local = site / urlsplit(target).path.removeprefix("/kb-tppo-kamboja/") / "index.html"
                    assert local.is_file(), (path, href)
                checked += 1
        assert counts[0] == counts[1], path
    assert checked >= 2 * (len(PAGES) + len(record_pages)) - 2 * len(record_pages)  # the listing pages all have one


def test_the_facts_of_each_picture_stand_beside_it_as_text(project):
    page = (project / "site" / "network" / "index.html").read_text(encoding="utf-8")
    assert page.count("<li>") >= 10  # the same links as a list
    figures = (project / "site" / "en" / "figures" / "index.html").read_text(encoding="utf-8")
    assert "<table>" in figures


def test_chart_numbers_match_the_figures_in_the_data(project, kb):
    series = kb.collection("series")
    assert series
    members = pictures.series_figures(kb)
    page = (project / "site" / "en" / "figures" / "index.html").read_text(encoding="utf-8")
    for one in series:
        figures = members.get(one.id, [])
        if len(figures) < 2:
            continue
        charts = [s for s in svgs(page) if 'class="kb-picture' in s]
        chart = next(s for s in charts if ET.fromstring(s).find(f"{SVG}title").text == one["name"]["en"])
        drawn = " ".join(t.text or "" for t in ET.fromstring(chart).iter(f"{SVG}text"))
        for figure in figures:
            value = f"{figure['value']:,.0f}" if float(figure["value"]).is_integer() else f"{figure['value']:,}"
            assert value in drawn, (one.id, figure.id, value)
