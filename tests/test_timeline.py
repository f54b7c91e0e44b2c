"""The timeline: chronological, partial dates and ranges placed and shown correctly."""

from __future__ import annotations

import re

from kb import dates
from kb.load import load
from kb.render import Renderer
from kb.timeline import by_record, entries
from kb.strings import Strings
from kb.urls import Site


def test_partial_dates_sort_before_the_more_precise_dates_inside_them():
    ordered = sorted(["2021-07-05", "2021", "2020-12-31", "2021-07", "2022"], key=lambda d: dates.parse(d).sort_key())
    assert ordered == ["2020-12-31", "2021", "2021-07", "2021-07-05", "2022"]


def test_dates_and_ranges_read_naturally_in_each_language():
    day, month, year = dates.parse("2021-07-05"), dates.parse("2021-07"), dates.parse("2021")
    assert [dates.display(d, "id") for d in (day, month, year)] == ["5 Juli 2021", "Juli 2021", "2021"]
    assert [dates.display(d, "en") for d in (day, month, year)] == ["5 July 2021", "July 2021", "2021"]
    assert dates.display_range(day, dates.parse("2021-07-09"), "id") == "5–9 Juli 2021"
    assert dates.display_range(dates.parse("2021-09-29"), dates.parse("2021-10-04"), "en") == \
        "29 September 2021 – 4 October 2021"
    assert dates.display_range(dates.parse("2013"), dates.parse("2018"), "en") == "2013–2018"
    assert dates.display_range(dates.parse("2019"), None, "id", "sejak") == "sejak 2019"


def test_timeline_orders_ranges_by_their_start_and_lists_record_dates(data_dir):
    extra = {
        "operations/op.yaml": """
            id: op
            kind: interpol-operation
            participants: [police]
            period: {start: "2023-08", end: "2023-09-02"}
            name: {id: Operasi, en: Operation}
            claims: [{text: {id: Teks., en: Text.}, status: reported, sources: [{source: news}]}]
        """,
        "events/year-only.yaml": """
            id: year-only
            kind: meeting
            date: "2023"
            participants: [ministry]
            name: {id: Pertemuan, en: Meeting}
            claims: [{text: {id: Teks., en: Text.}, status: reported, sources: [{source: news}]}]
        """,
    }
    kb, _ = load(data_dir(extra))
    found = [(e.record.id, e.start.iso()) for e in entries(kb)]
    assert found == [("year-only", "2023"), ("op", "2023-08"), ("mou", "2023-08-21")]
    police = kb.get("actors", "police")
    assert [e.record.id for e in by_record(entries(kb))[police.key]] == ["op", "mou"]
    pages = Renderer(kb, Site("https://u.github.io/kb/"), Strings()).pages()
    page = pages["timeline/index.en.md"]
    items = re.findall(r'<li data-kind="(\w+)" data-actors="([^"]*)"><strong>([^<]+)</strong>', page)
    assert items == [("events", "ministry", "2023"), ("operations", "police", "August 2023 – 2 September 2023"),
                     ("agreements", "ministry police", "21 August 2023")]
    assert ": Signed</li>" in page
    actor_page = pages["actors/police.md"]
    assert "## Lini masa" in actor_page and "Agustus 2023 – 2 September 2023" in actor_page
