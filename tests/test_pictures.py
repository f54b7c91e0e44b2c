"""Pictures drawn at build time (hooks/kb/pictures.py): valid, stable, escaped, linked, accessible, small.

Each test builds a small knowledge base in memory, so it depends neither on
data/ nor on the fixtures in conftest.py.
"""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pytest

from kb import dates, pictures
from kb.model import BY_NAME, KnowledgeBase, Link, Record

NS = {"svg": "http://www.w3.org/2000/svg"}
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert(1)</script>"><img onerror=x>'
KIND_LABELS = {"actors": "Aktor", "agreements": "Perjanjian", "operations": "Operasi",
               "instruments": "Instrumen hukum", "events": "Peristiwa", "systems": "Sistem"}
REF_FIELDS = {"parties": "actors", "participants": "actors", "agreements": "agreements",
              "measured_by": "actors", "operators": "actors"}


def record(collection: str, id: str, **data) -> Record:
    data = {"id": id, "name": {"id": f"{id} (id)", "en": f"{id} (en)"}, **data}
    return Record(BY_NAME[collection], id, data, f"data/{collection}/{id}.yaml")


def knowledge_base(records: list[Record]) -> KnowledgeBase:
    """Records by collection, with their links resolved both ways (as kb.load does)."""
    kb = KnowledgeBase({})
    for item in records:
        kb.records.setdefault(item.collection.name, {})[item.id] = item
    for item in records:
        for name, target_collection in REF_FIELDS.items():
            for target_id in item.get(name, []) or []:
                target = kb.records[target_collection][target_id]
                link = Link(item, name, target)
                item.links_out.append(link)
                target.links_in.append(link)
    return kb


def sample(order=1) -> KnowledgeBase:
    records = [
        record("actors", "bp2mi", abbr="BP2MI"),
        record("actors", "kemlu", abbr="Kemlu"),
        record("actors", "polri", abbr="Polri"),
        record("actors", "evil", name={"id": HOSTILE, "en": HOSTILE}),
        record("actors", "lonely"),  # linked to nothing: not on the map
        record("agreements", "mou-a", signed="2023-08-21", parties=["polri", "evil"]),
        record("agreements", "mou-b", signed="2019", parties=["kemlu", "bp2mi", "polri"]),
        record("agreements", "ghost", found=False),  # no parties: not on the map
        record("operations", "op-1", period={"start": "2021-07-05", "end": "2021-07-09"},
               participants=["polri"], agreements=["mou-b"]),
        record("operations", "op-2", period={"start": "2024"}, participants=["kemlu", "evil"]),
        record("events", "meeting", date="2022-09-16", participants=["kemlu"]),
        record("instruments", "law", adopted="2007", in_force="2007-04-19"),
        record("systems", "app", launched="2018"),
    ]
    return knowledge_base(records[::order])


def label(item: Record) -> str:
    return item.get("abbr") or item["name"]["en"]


def href(item: Record) -> str:
    return f"../{item.collection.name}/{item.id}/"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def links(root: ET.Element) -> list[str]:
    return [a.get("href") for a in root.iter(f"{SVG}a")]


def texts(root: ET.Element) -> list[str]:
    """Each <text> as it reads, its lines joined by spaces."""
    return [" ".join(s.strip() for s in t.itertext() if s.strip()) for t in root.iter(f"{SVG}text")]


def check_standalone(svg: str) -> ET.Element:
    """Valid XML, scales to its box, named and described for assistive technology."""
    root = parse(svg)
    assert re.fullmatch(r"0 0 [\d.]+ [\d.]+", root.get("viewBox"))
    assert root.get("width") == "100%" and root.get("role") == "group"
    title, desc = root.find("svg:title", NS), root.find("svg:desc", NS)
    assert title is not None and title.text and desc is not None and desc.text
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")
    assert not list(root.iter(f"{SVG}script")) and not list(root.iter(f"{SVG}foreignObject"))
    for element in root.iter():
        assert not any(name.lower().startswith("on") for name in element.attrib), element.attrib
    return root


# --------------------------------------------------------------------------
# Relationship map


def draw_map(kb, centre=None, width=pictures.WIDE, lang="en"):
    return pictures.relationship_map(kb, lang, href, label, KIND_LABELS.get, centre=centre, width=width)


def test_map_is_valid_standalone_svg_with_its_text_alternative():
    kb = sample()
    root = check_standalone(draw_map(kb))
    desc = root.find("svg:desc", NS).text
    for holder, _, targets in pictures.relationship_facts(kb):  # the same facts, in words
        assert f"{label(holder)}: {', '.join(label(t) for t in targets)}" in desc
    assert root.find("svg:title", NS).text == "Aktor · Perjanjian · Operasi"


def test_map_links_every_linked_record_and_nothing_else():
    kb = sample()
    root = parse(draw_map(kb))
    expected = {href(r) for r in kb.all() if r.collection.name in pictures.MAP_KINDS} - {
        href(kb.get("actors", "lonely")), href(kb.get("agreements", "ghost"))}
    assert set(links(root)) == expected
    assert len(links(root)) == len(expected)  # each node once


def test_centred_map_shows_the_record_and_its_direct_neighbours():
    kb = sample()
    polri = kb.get("actors", "polri")
    root = check_standalone(draw_map(kb, centre=polri))
    assert set(links(root)) == {href(polri)} | {href(kb.get(*key)) for key in
                                                [("agreements", "mou-a"), ("agreements", "mou-b"),
                                                 ("operations", "op-1")]}
    assert root.find("svg:title", NS).text == "Polri"
    op = kb.get("operations", "op-1")  # an operation: its participants and the agreement it ran under
    assert set(links(parse(draw_map(kb, centre=op)))) == {href(op), href(kb.get("actors", "polri")),
                                                         href(kb.get("agreements", "mou-b"))}
    assert draw_map(kb, centre=kb.get("actors", "lonely")) == ""


def test_map_facts_are_the_links_it_draws():
    kb = sample()
    rows = pictures.relationship_facts(kb)
    flat = {(holder.id, name, target.id) for holder, name, targets in rows for target in targets}
    assert flat == {("mou-a", "parties", "polri"), ("mou-a", "parties", "evil"), ("mou-b", "parties", "kemlu"),
                    ("mou-b", "parties", "bp2mi"), ("mou-b", "parties", "polri"), ("op-1", "participants", "polri"),
                    ("op-1", "agreements", "mou-b"), ("op-2", "participants", "kemlu"),
                    ("op-2", "participants", "evil")}
    root = parse(draw_map(kb))
    assert len(root.findall(".//svg:g/svg:path", NS)) == len(flat)  # one line per link


def test_map_is_the_same_for_the_same_data_whatever_the_order_it_was_read_in():
    first, again, reversed_kb = draw_map(sample()), draw_map(sample()), draw_map(sample(order=-1))
    assert first == again == reversed_kb
    kb = sample(order=-1)
    assert draw_map(kb, centre=kb.get("actors", "polri")) == draw_map(sample(), centre=sample().get("actors", "polri"))


def test_map_labels_follow_the_page_language():
    kb = sample()
    name = lambda r: r["name"]["id"] if not r.get("abbr") else r["abbr"]  # noqa: E731
    root = parse(pictures.relationship_map(kb, "id", href, name, KIND_LABELS.get))
    assert any("mou-a (id)" in text for text in texts(root))
    assert not any("(en)" in text for text in texts(root))


# --------------------------------------------------------------------------
# Escaping and links


@pytest.mark.parametrize("draw", ["map", "timeline"])
def test_hostile_text_stays_text(draw):
    kb = sample()
    svg = draw_map(kb) if draw == "map" else pictures.timeline_strip(
        entries(kb), "en", href, lambda r: HOSTILE, KIND_LABELS.get)
    root = check_standalone(svg)
    assert "<script" not in svg and "<img" not in svg
    assert not list(root.iter(f"{SVG}img")) and not list(root.iter("img"))
    found = [t for t in texts(root) + ["".join(a.itertext()) for a in root.iter(f"{SVG}title")]
             if "alert(1)" in t]
    assert found and all(HOSTILE[:20] in t or t.endswith("…") for t in found)
    assert HOSTILE in root.find("svg:desc", NS).text


def test_links_are_exactly_the_given_hrefs_and_never_a_script():
    kb = sample()
    tricky = lambda r: f'../{r.id}/?a=1&b="2"'  # noqa: E731
    root = parse(pictures.relationship_map(kb, "en", tricky, label, KIND_LABELS.get))
    assert all(value.startswith("../") and value.endswith('&b="2"') for value in links(root))
    for scheme in ("javascript:alert(1)", " JavaScript:x", "data:text/html,x"):
        with pytest.raises(ValueError):
            pictures.relationship_map(kb, "en", lambda r, s=scheme: s, label, KIND_LABELS.get)


def test_characters_xml_forbids_are_dropped():
    assert pictures.esc("a\x00b\x1bc<") == "abc&lt;"


# --------------------------------------------------------------------------
# Series charts


def series_sample():
    series = record("series", "kbri-cases", unit={"id": "kasus", "en": "cases"},
                    definition={"id": "Kasus per tahun.", "en": "Cases a year."})
    series.data["name"] = {"id": "Kasus per tahun", "en": "Cases per year"}
    figures = [
        record("figures", "c2025", value=5088, date="2025", series="kbri-cases"),
        record("figures", "c2020", value=56, date="2020", series="kbri-cases"),
        record("figures", "c2024", value=3310, date="2024", series="kbri-cases", approximate=True),
        record("figures", "q1", value=20, value_max=25, period={"start": "2025-01", "end": "2025-03"},
               series="kbri-cases"),
    ]
    return series, figures


def dotted(value) -> str:
    """A stand-in for Babel's Indonesian format_decimal: 3.310."""
    return f"{value:,}".replace(",", ".")


def test_chart_writes_each_value_the_page_way_in_time_order():
    series, figures = series_sample()
    svg = pictures.series_chart(series, figures, "id", dotted, href=href)
    root = check_standalone(svg)
    bold = [" ".join(t.itertext()) for t in root.iter(f"{SVG}text") if t.get("font-weight") == "bold"]
    assert bold[0] == "Kasus per tahun"  # the title, from the data
    assert bold[1:] == ["56", "≈ 3.310", "20–25", "5.088"]  # in time order: Q1 2025 before mid-2025
    assert "kasus" in texts(root)
    assert "Januari 2025 – Maret 2025" in texts(root)
    assert links(root) == [href(f) for f in (figures[1], figures[2], figures[3], figures[0])]
    desc = root.find("svg:desc", NS).text
    assert "2020: 56" in desc and "2025: 5.088" in desc


def test_chart_points_and_bars_are_as_high_as_their_values_and_placed_in_time():
    series, figures = series_sample()
    root = parse(pictures.series_chart(series, figures[:3], "en", str, style="bar"))
    bars = [float(rect.get("height")) for g in root.iter(f"{SVG}g") for rect in g.findall("svg:rect", NS)]
    assert bars[1] / bars[2] == pytest.approx(3310 / 5088, rel=0.01)
    assert bars[0] / bars[2] == pytest.approx(56 / 5088, rel=0.05)
    root = parse(pictures.series_chart(series, figures[:3], "en", str, width=pictures.WIDE))
    zero = max(float(line.get("y1")) for line in root.iter(f"{SVG}line") if line.get("stroke") == pictures.MUTED
               and line.get("y1") == line.get("y2"))
    points = [(float(c.get("cx")), zero - float(c.get("cy"))) for c in root.iter(f"{SVG}circle")]
    assert points[1][1] / points[2][1] == pytest.approx(3310 / 5088, rel=0.01)
    # 2020, 2024, 2025: the gap of four years is four times the gap of one
    assert (points[1][0] - points[0][0]) / (points[2][0] - points[1][0]) == pytest.approx(4, rel=0.02)


def test_chart_draws_negative_values_below_zero():
    series, _ = series_sample()
    figures = [record("figures", "a", value=-11, date="2020"), record("figures", "b", value=25, date="2022")]
    root = check_standalone(pictures.series_chart(series, figures, "en", str))
    assert {"-11", "25"} <= set(texts(root))


def test_a_figure_that_stands_alone_gets_no_chart():
    series, figures = series_sample()
    assert pictures.series_chart(series, figures[:1], "en", str) == ""


def test_series_facts_and_grouping_come_from_the_data():
    series, figures = series_sample()
    kb = knowledge_base([series, *figures, record("figures", "alone", value=1, date="2020")])
    assert list(pictures.series_figures(kb)) == ["kbri-cases"]
    assert [f.id for f in pictures.series_figures(kb)["kbri-cases"]] == ["c2020", "c2024", "q1", "c2025"]
    rows = pictures.series_facts(series, figures, "en", "{:,}".format)
    assert [(f.id, when, value) for f, when, value in rows] == [
        ("c2020", "2020", "56"), ("c2024", "2024", "≈ 3,310"), ("q1", "January 2025 – March 2025", "20–25"),
        ("c2025", "2025", "5,088")]


# --------------------------------------------------------------------------
# Timeline strip


@dataclass(frozen=True)
class Entry:
    record: Record
    field: str
    start: dates.PartialDate
    end: dates.PartialDate | None = None
    open_ended: bool = False


def entries(kb: KnowledgeBase) -> list[Entry]:
    found = []
    for name in pictures.TIMELINE_KINDS:
        for item in kb.collection(name):
            for field in ("signed", "adopted", "in_force", "launched", "date"):
                if item.get(field):
                    found.append(Entry(item, field, dates.parse(item[field])))
            if item.get("period"):
                end = item["period"].get("end")
                found.append(Entry(item, "period", dates.parse(item["period"]["start"]),
                                   dates.parse(end) if end else None, open_ended=not end))
    return found


def test_timeline_marks_every_dated_entry_with_a_link_and_a_legend():
    kb = sample()
    found = entries(kb)
    root = check_standalone(pictures.timeline_strip(found, "en", href, label, KIND_LABELS.get, since="since"))
    assert sorted(links(root)) == sorted(href(e.record) for e in found)
    legend = set(texts(root))
    assert {"Perjanjian", "Operasi", "Instrumen hukum", "Peristiwa", "Sistem"} <= legend
    assert {"2007", "2024"} <= legend  # years across
    tips = [a.find("svg:title", NS).text for a in root.iter(f"{SVG}a")]
    assert "law (en) (19 April 2007)" in tips and "op-2 (en) (since 2024)" in tips


def test_timeline_tells_kinds_apart_by_shape_as_well_as_colour():
    forms = {}
    for kind in pictures.TIMELINE_KINDS:
        element = ET.fromstring(f'<g xmlns="http://www.w3.org/2000/svg">{pictures.shape(kind, 10, 10)}</g>')[0]
        points = len(element.get("points", "").split())
        forms[kind] = (element.tag, points, element.get("fill"))
    assert len({form[:2] for form in forms.values()}) == len(forms)
    assert len({form[2] for form in forms.values()}) == len(forms)


def test_timeline_is_deterministic_and_facts_follow_the_marks():
    kb = sample()
    draw = lambda found: pictures.timeline_strip(found, "id", href, label, KIND_LABELS.get)  # noqa: E731
    assert draw(entries(kb)) == draw(list(reversed(entries(kb)))) == draw(entries(sample(order=-1)))
    facts = pictures.timeline_facts(entries(kb), "id")
    assert [year for year, _ in facts] == [2007, 2018, 2019, 2021, 2022, 2023, 2024]
    assert sum(len(group) for _, group in facts) == len(entries(kb))
    assert pictures.timeline_strip([], "id", href, label, KIND_LABELS.get) == ""


# --------------------------------------------------------------------------
# Colour, width, size


def contrast(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


def test_colours_meet_wcag_contrast_on_white():
    for colour in [*pictures.COLOURS.values(), pictures.INK, pictures.MUTED]:
        assert contrast(colour) >= 4.5, colour
    assert contrast(pictures.EDGE) >= 3


def big_knowledge_base() -> KnowledgeBase:
    """About the size of the real data: 25 actors, 14 agreements, 5 operations, 40 dated entries."""
    long = "Kementerian Luar Negeri Republik Indonesia dan mitra"
    actors = [record("actors", f"actor-{i:02d}", name={"id": f"{long} {i}", "en": f"{long} {i}"}) for i in range(25)]
    agreements = [record("agreements", f"agreement-{i:02d}", signed=f"{2000 + i}",
                         name={"id": f"Nota kesepahaman nomor {i} tentang kerja sama", "en": f"MoU {i}"},
                         parties=[f"actor-{(i * 7 + k) % 25:02d}" for k in range(2 + i % 5)]) for i in range(14)]
    operations = [record("operations", f"operation-{i}", period={"start": f"{2018 + i}-03", "end": f"{2018 + i}-04"},
                         participants=[f"actor-{(i * 3 + k) % 25:02d}" for k in range(4)]) for i in range(5)]
    events = [record("events", f"event-{i:02d}", date=f"{2010 + i % 16}-0{1 + i % 9}") for i in range(21)]
    return knowledge_base(actors + agreements + operations + events)


@pytest.mark.parametrize("width", [pictures.NARROW, pictures.WIDE])
def test_pictures_of_real_size_stay_small_and_inside_their_box(width):
    kb = big_knowledge_base()
    name = lambda r: r["name"]["id"]  # noqa: E731
    found = entries(kb)
    assert len(found) == 40
    series, figures = series_sample()
    drawn = [
        pictures.relationship_map(kb, "id", href, name, KIND_LABELS.get, width=width),
        pictures.relationship_map(kb, "id", href, name, KIND_LABELS.get, centre=kb.get("actors", "actor-07"),
                                  width=width),
        pictures.timeline_strip(found, "id", href, name, KIND_LABELS.get, width=width),
        pictures.series_chart(series, figures, "id", dotted, href=href, width=width),
    ]
    for svg in drawn:
        root = check_standalone(svg)
        assert len(gzip.compress(svg.encode("utf-8"))) < 30_000
        for text in root.iter(f"{SVG}text"):  # no label runs off the side of the picture
            size = float(text.get("font-size") or 12)
            bold = text.get("font-weight") == "bold"
            lines = [s.text or "" for s in text.findall("svg:tspan", NS)] or [text.text or ""]
            x = float(text.get("x"))
            for line in lines:
                w = pictures.text_width(line, size, bold)
                left = {"end": x - w, "middle": x - w / 2}.get(text.get("text-anchor"), x)
                assert -0.5 <= left and left + w <= width + 0.5, (line, left, w)
