"""In a real browser (Debian's Chromium, driven by Playwright): timeline filters and the self-check."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import sync_playwright

from kb.timeline import entries

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def base_url(project):
    handler = functools.partial(QuietHandler, directory=str(project / "site"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def visible_entries(page) -> int:
    return page.locator("ul.kb-timeline > li:visible").count()


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_each_timeline_filter_shows_exactly_the_matching_entries(page, base_url, kb, prefix):
    expected = entries(kb)
    page.goto(f"{base_url}{prefix}/timeline/")
    assert page.locator("form.kb-filter").is_visible()
    assert visible_entries(page) == len(expected)
    kinds = page.locator("select[name=kind] option").evaluate_all("os => os.map(o => o.value).filter(Boolean)")
    assert kinds
    for kind in kinds:
        page.select_option("select[name=kind]", kind)
        assert visible_entries(page) == sum(1 for e in expected if e.kind == kind), kind
    page.select_option("select[name=kind]", "")
    actors = page.locator("select[name=actor] option").evaluate_all("os => os.map(o => o.value).filter(Boolean)")
    assert len(actors) == len(kb.collection("actors"))
    for actor in actors:
        page.select_option("select[name=actor]", actor)
        assert visible_entries(page) == sum(1 for e in expected if actor in e.actors()), actor
    # Both at once: the intersection.
    page.select_option("select[name=kind]", "agreements")
    page.select_option("select[name=actor]", "kemlu")
    assert visible_entries(page) == sum(1 for e in expected if e.kind == "agreements" and "kemlu" in e.actors())


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
