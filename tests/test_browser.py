"""In a real browser (Chromium, driven by Playwright): timeline filters and the self-check, under a sub-path."""

from __future__ import annotations

import pytest

from kb.timeline import entries


@pytest.fixture(scope="module")
def base_url(project, served):
    return served(project / "site").rstrip("/")


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def visible_entries(page) -> int:
    return page.locator("ul.kb-timeline > li:visible").count()


@pytest.mark.parametrize("prefix, one, other", [("", "1 entri ditampilkan", "entri ditampilkan"),
                                                ("/en", "1 entry shown", "entries shown")])
def test_each_timeline_filter_shows_exactly_the_matching_entries(page, base_url, kb, prefix, one, other):
    expected = entries(kb)
    page.goto(f"{base_url}{prefix}/timeline/")
    assert page.locator("form.kb-filter").is_visible()
    assert visible_entries(page) == len(expected)
    kinds = page.locator("select[name=kind] option").evaluate_all("os => os.map(o => o.value).filter(Boolean)")
    assert kinds
    for kind in kinds:
        page.select_option("select[name=kind]", kind)
        count = sum(1 for e in expected if e.kind == kind)
        assert count and visible_entries(page) == count, kind
    page.select_option("select[name=kind]", "")
    actors = page.locator("select[name=actor] option").evaluate_all("os => os.map(o => o.value).filter(Boolean)")
    assert set(actors) == {actor for e in expected for actor in e.actors()}  # only actors that have entries
    for actor in actors:
        page.select_option("select[name=actor]", actor)
        count = sum(1 for e in expected if actor in e.actors())
        assert count and visible_entries(page) == count, actor
        text = page.locator("form.kb-filter output").inner_text()
        assert text == one if count == 1 else (text.endswith(other) and text.split()[0] != "1"), text
    labels = page.locator("select[name=actor] option").evaluate_all("os => os.map(o => o.textContent)")
    assert max(len(label) for label in labels) <= 40


def test_timeline_is_complete_without_javascript(browser, base_url, kb):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}/timeline/")
    assert page.locator("ul.kb-timeline > li").count() == len(entries(kb))
    assert not page.locator("form.kb-filter").is_visible()
    context.close()


@pytest.mark.parametrize("prefix, word", [("", "tanda"), ("/en", "sign")])
def test_self_check_counts_ticked_signs_in_the_page_language(page, base_url, prefix, word):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{base_url}{prefix}/waspada-lowongan-palsu/")
    boxes = page.locator(".kb-self-check input[type=checkbox]")
    assert boxes.count() >= 5
    boxes.nth(0).check()
    boxes.nth(1).check()
    boxes.nth(2).check()
    result = page.locator(".kb-self-check [aria-live]").first
    assert "3" in result.inner_text() and word in result.inner_text().lower()
    assert all(url.startswith(base_url) for url in requests), "the self-check must not reach the network"
