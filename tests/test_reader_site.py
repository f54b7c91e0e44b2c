"""What a reader on a phone or a desktop gets (issue 10), checked in Debian's Chromium on the
built site served under its sub-path with gzip: one page per kind of page, both languages.

- no console errors, page errors or failed requests;
- no sideways scrolling at 320 and 390 px;
- no axe-core violations (WCAG 2.1 A/AA; axe.min.js from the npm package axe-core);
- no Nu HTML Checker errors (vnu.jar from the npm package vnu-jar, run with Java);
- search: the page language's own index, fetched only when search is opened;
- every interface word in the page's language (over the whole built site).

All browser work runs once, in one browser, a few pages at a time (tests/reader_support.py);
the tests below read its findings.
"""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess

import pytest

import reader_support as rs



def test_the_checking_tools_are_installed():
    """Never skipped: without axe-core, vnu-jar (npm ci) and Java (.ci/run installs them) this fails."""
    assert (rs.NODE_MODULES / "axe-core").is_dir() and (rs.NODE_MODULES / "vnu-jar").is_dir(), "run npm ci"
    assert shutil.which("java"), "install Java (Debian: default-jre-headless)"

SEARCHES = [("id", "BP2MI", "actors/bp2mi/"),
            ("id", "Badan Pelindungan Pekerja Migran", "actors/bp2mi/"),
            ("en", "BP2MI", "en/actors/bp2mi/"),
            ("en", "Migrant Worker Protection Agency", "en/actors/bp2mi/")]


@pytest.fixture(scope="module")
def site(project):
    return project / "site"


@pytest.fixture(scope="module")
def nu_checker(site):
    """The Nu checker runs in the background while the browser works (it takes seconds)."""
    pages = sorted(site.rglob("*.html"))  # every page of the site, the theme's markup included
    process = subprocess.Popen(rs.vnu_command(pages), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    yield process
    if process.poll() is None:
        process.kill()


@pytest.fixture(scope="module")
def findings(site, nu_checker):
    base, stop = rs.serve(site)
    try:
        yield rs.check_in_browser(base, [(lang, query) for lang, query, _ in SEARCHES])
    finally:
        stop()


@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize("lang", list(rs.LANGUAGES))
def test_every_kind_of_page(findings, lang, size):
    problems = [f"{kind}: {problem}" for (page_lang, kind, page_size), found in findings["pages"].items()
                if page_lang == lang and page_size == size for problem in found]
    assert not problems, "\n".join(problems)


def test_nu_html_checker_finds_no_errors(nu_checker, site):
    out, err = nu_checker.communicate(timeout=120)
    messages = json.loads(err or out or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '').replace('file:' + str(site), '')}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    assert not errors, "\n".join(errors[:30])


@pytest.mark.parametrize("lang, query, expected", SEARCHES)
def test_search_finds_records_in_the_page_language_only_after_opening(findings, lang, query, expected):
    found = findings["search"][(lang, query)]
    base = findings["base"]
    assert not found["before"], f"fetched before search was opened: {found['before']}"
    assert found["index"] == [base + rs.LANGUAGES[lang] + "search/search_index.json"]
    assert found["worker"], "the search worker never started"
    assert found["results"] and found["results"][0].split("?")[0] == base + expected, found["results"]
    assert all(h.startswith(base + "en/") == (lang == "en") for h in found["results"]), found["results"]
    assert not found["problems"], found["problems"]


def test_each_language_has_its_own_small_search_index(site):
    for lang, prefix in rs.LANGUAGES.items():
        raw = (site / prefix / "search" / "search_index.json").read_bytes()
        index = json.loads(raw)
        locations = [doc["location"] for doc in index["docs"]]
        assert locations and all(loc.startswith("en/") == (lang == "en") for loc in locations), lang
        assert not [loc for loc in locations if loc.endswith(("#kutip-halaman-ini", "#cite-this-page"))]
        if lang == "id":
            assert index["config"]["pipeline"] == ["trimmer"]  # no English stemmer or stop words
        assert len(gzip.compress(raw, 9)) <= 60_000, f"{lang} index over 60 KB compressed"


def test_no_interface_word_of_the_other_language(site):
    strings = rs.interface_strings()
    assert "Tautan permanen" in strings["id"] and "Made with" in strings["en"]
    wrong = {}
    for path in site.rglob("*.html"):
        relative = path.relative_to(site).as_posix()
        lang = "en" if relative.startswith("en/") else "id"
        other = strings["id" if lang == "en" else "en"]
        if hits := rs.wrong_language(path.read_text(encoding="utf-8"), lang, other):
            wrong[relative] = sorted(hits)
    assert not wrong, "\n".join(f"{page}: {hits}" for page, hits in sorted(wrong.items())[:30])
