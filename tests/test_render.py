"""A record's page shows its related records in both directions and its sources."""

from __future__ import annotations

from conftest import VALID
from kb.load import load
from kb.render import Renderer


def pages_for(data_dir, changes=None):
    kb, _ = load(data_dir(changes))
    return Renderer(kb).pages()


def test_actor_page_lists_the_agreement_that_names_it(data_dir):
    pages = pages_for(data_dir)
    actor = pages["actors/ministry.md"]
    # Nobody wrote "ministry -> mou" in the data: the reverse link is derived.
    assert "### Perjanjian dan kemitraan" in actor
    assert "- [Nota kesepahaman](../agreements/mou.md)" in actor
    assert "- [Memorandum](../agreements/mou.md)" in pages["actors/ministry.en.md"]


def test_agreement_page_lists_its_parties_and_sources(data_dir):
    pages = pages_for(data_dir)
    page = pages["agreements/mou.en.md"]
    assert "- **Parties:** [Ministry](../actors/ministry.md), [Police](../actors/police.md)" in page
    assert "- **Signed:** 21 August 2023" in page
    assert "1. [Family et al. (2025)](../sources/index.md#article), pp. 1709–1710" in page
    assert "- **Ditandatangani:** 21 Agustus 2023" in pages["agreements/mou.md"]


def test_bibliography_has_anchors_dois_and_citing_records(data_dir):
    page = pages_for(data_dir)["sources/index.en.md"]
    assert "## Family et al. (2025) {#article}" in page
    assert "Family, G., Other, H., &amp; Third, I. (2025). A study. *A Journal*, 1(4), 1702–1715. <https://doi.org/10.1234/abc>" in page
    assert ("Cited on: [Ministry](../actors/ministry.md), [Police](../actors/police.md), "
            "[Memorandum](../agreements/mou.md)") in page


def test_collection_index_lists_every_record(data_dir):
    page = pages_for(data_dir)["actors/index.md"]
    assert "[Kementerian](ministry.md)" in page and "[Kepolisian](police.md)" in page


def test_text_from_data_cannot_become_html(data_dir):
    text = VALID["actors/police.yaml"].replace(
        "A police force.", "'<script>alert(1)</script> {: onclick=\"x\"} *[HTML]: y'")
    page = pages_for(data_dir, {"actors/police.yaml": text})["actors/police.en.md"]
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\\{: onclick" in page
