"""Helpers for the reader tests (tests/test_reader_*.py) and tools/: the built site served
under its sub-path with gzip, Debian's Chromium, and one page per kind of page."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "site"
NODE_MODULES = ROOT / "node_modules"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 390, "height": 844}
NARROW = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 900}
LANGUAGES = {"id": "", "en": "en/"}

# One page per kind of page (paths in the default language; English adds en/). Record pages
# of every collection come from one template: an actor and a channel stand for them.
KINDS = {
    "home": "",
    "help": "bantuan/",
    "self-check": "waspada-lowongan-palsu/",
    "reading": "bacaan/mengapa-kamboja/",
    "index": "actors/",
    "actor": "actors/bp2mi/",
    "figures": "figures/",
    "channel": "channels/kbri-phnom-penh-hotline/",
    "timeline": "timeline/",
    "glossary": "glossary/",
    "sources": "sources/",
    "not-found": "no-such-page/",
}


def _load_tool(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def serve(site: Path = SITE):
    """(base URL under the sub-path, stop()) for site/, gzip-compressed."""
    return _load_tool("serve_subpath").serve(site)


def build(site: Path = SITE) -> None:
    """Build the site once (both languages) if it is missing."""
    if not (site / "index.html").is_file():
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                       cwd=ROOT, check=True, capture_output=True)


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)


def url(base: str, lang: str, path: str) -> str:
    return base + LANGUAGES[lang] + path


AXE_RUN = """async (where) => (await axe.run(where === 'desktop'
    ? {include: [['.md-header'], ['.md-sidebar--primary'], ['.md-sidebar--secondary'], ['.md-footer']]} : document,
    {resultTypes: ['violations'],
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations
    .map(v => `axe ${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`)"""
OVERFLOW = "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - innerWidth"
# Checks see the page at rest: Material's colour and opacity transitions would otherwise be
# measured half-way after a resize.
# A constructed style sheet, not a <style> element: the site's Content-Security-Policy (style-src 'self')
# would block the element, and report it as a console error.
STILL = """document.addEventListener('DOMContentLoaded', () => { const s = new CSSStyleSheet();
  s.replaceSync('*, *::before, *::after { transition: none !important; animation: none !important; }');
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, s]; });"""
PARALLEL = 3  # pages at a time (2 cores: the browser's renderers and axe share them)


def vnu_command(paths) -> list[str]:
    """Nu HTML Checker (npm package vnu-jar, run with Java), errors only, JSON on stderr."""
    jar = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
    return ["java", "-Xss4m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(jar), "--errors-only", "--no-langdetect", "--format", "json",
            *map(str, paths)]


def check_in_browser(base: str, searches: list[tuple[str, str]]) -> dict:
    """Every kind of page in both languages at phone and desktop sizes, and the searches,
    in one browser. Returns {"base", "pages": {(lang, kind, size): [problem]}, "search": {...}}."""
    import asyncio
    import threading

    # In a thread of its own: other tests drive Chromium through Playwright's sync API, whose event
    # loop runs in the main thread, where asyncio.run() would refuse to start.
    result: dict = {}

    def run():
        try:
            result["value"] = asyncio.run(_check(base, searches))
        except BaseException as err:  # re-raised in the test's thread
            result["error"] = err

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]


async def _check(base, searches):
    import asyncio

    from playwright.async_api import async_playwright

    axe_source = (NODE_MODULES / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
    out = {"base": base, "pages": {}, "search": {}}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)

        async def one_language(lang):
            # One tab per language, page after page: a new tab per page costs more than the checks.
            context = await browser.new_context(viewport=PHONE)
            await context.add_init_script(axe_source)
            await context.add_init_script(STILL)
            page = await context.new_page()
            watch = _Watch(page)
            for kind, path in KINDS.items():
                address = url(base, lang, path)
                problems = watch.next(expected_404=address if kind == "not-found" else None)
                await page.goto(address, wait_until="load")
                for width in (NARROW["width"], PHONE["width"]):
                    await page.set_viewport_size({"width": width, "height": PHONE["height"]})
                    if (extra := await page.evaluate(OVERFLOW)) > 0:
                        problems.append(f"{extra} px wider than a {width} px window")
                problems += await page.evaluate(AXE_RUN, "document")
                out["pages"][(lang, kind, "phone")] = problems
                # Desktop: same document, other layout. What changes is what is shown around the
                # content (header, both sidebars, footer); the content itself was checked above.
                problems = watch.next()
                await page.set_viewport_size(DESKTOP)
                problems += await page.evaluate(AXE_RUN, "desktop")
                out["pages"][(lang, kind, "desktop")] = problems
            await context.close()

        async def one_search(lang, query):
            context = await browser.new_context(viewport=PHONE)
            page = await context.new_page()
            problems = _Watch(page).problems
            requests, workers = [], []
            page.on("request", lambda r: requests.append(r.url))
            page.on("worker", lambda w: workers.append(w.url))
            await page.goto(url(base, lang, ""), wait_until="load")
            await page.wait_for_timeout(200)
            before = [u for u in requests if "search_index" in u] + workers
            await page.locator("label.md-header__button[for=__search]").click()
            # Opening search fetches the index; the worker then builds it and says it is ready.
            await page.wait_for_function("() => !/Mempersiapkan|Initializing/.test("
                                         "document.querySelector('.md-search-result__meta').textContent)",
                                         timeout=20000)
            # The whole query at once, then a key: Material searches on keyup. Typed letter by letter, the
            # results of the first letters could still be on screen when the first result is read.
            box = page.locator("input[data-md-component=search-query]")
            await box.fill(query)
            await box.press("End")
            links = page.locator(".md-search-result__item a")
            await links.first.wait_for(timeout=20000)
            out["search"][(lang, query)] = {
                "before": before, "index": [u for u in requests if "search_index" in u],
                "worker": list(workers), "problems": problems,
                "results": await links.evaluate_all("links => links.map(a => a.href)")}
            await context.close()

        async def searches_in_turn():
            for lang, query in searches:
                await one_search(lang, query)

        await asyncio.gather(*(one_language(lang) for lang in LANGUAGES), searches_in_turn())
        await browser.close()
    return out


class _Watch:
    """Console errors, page errors, failed requests and error responses of the page now shown."""

    def __init__(self, page):
        self.problems: list[str] = []
        self.expected_404: str | None = None
        page.on("console", self.console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url} {r.failure}"))
        page.on("response", self.response)

    def next(self, expected_404: str | None = None) -> list[str]:
        self.problems, self.expected_404 = [], expected_404
        return self.problems

    def console(self, message):
        # The 404 page's own document answers 404 by design; Chromium logs that as an error.
        if message.type == "error" and not (self.expected_404 and "status of 404" in message.text):
            self.problems.append(f"console: {message.text}")

    def response(self, response):
        if response.status >= 400 and response.url != self.expected_404:
            self.problems.append(f"HTTP {response.status}: {response.url}")


# ---- Words in the page's language ----

from html.parser import HTMLParser  # noqa: E402

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SKIPPED = {"script", "style", "code", "pre"}
WORD_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")


class Words(HTMLParser):
    """Text and labelling attributes of a page, each with the language it is marked with."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str, bool]] = []  # (tag, lang, skipped)
        self.found: list[tuple[str, str]] = []

    def lang(self) -> str:
        return self.stack[-1][1] if self.stack else ""

    def skipped(self) -> bool:
        return bool(self.stack) and self.stack[-1][2]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = (attrs.get("lang") or self.lang()).split("-")[0]
        skipped = self.skipped() or tag in SKIPPED
        if not skipped:
            for name in WORD_ATTRIBUTES:
                if attrs.get(name):
                    self.found.append((attrs[name], lang))
        if tag not in VOID:
            self.stack.append((tag, lang, skipped))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if data.strip() and not self.skipped():
            self.found.append((data, self.lang()))


def words(html: str) -> list[tuple[str, str]]:
    parser = Words()
    parser.feed(html)
    return parser.found


def interface_strings() -> dict[str, set[str]]:
    """Interface words per language that differ between the languages: the theme's
    (the `theme` group of hooks/kb/strings.yaml, Material's language partials) and the generated pages' labels
    (hooks/kb/strings.yaml)."""
    import re

    import yaml

    found = {"id": set(), "en": set()}

    def add(pair):
        if isinstance(pair.get("id"), str) and isinstance(pair.get("en"), str) and pair["id"] != pair["en"]:
            for lang in found:
                found[lang].add(pair[lang].strip())

    def walk(node):
        if isinstance(node, dict):
            if set(node) >= {"id", "en"}:
                add(node)
            for value in node.values():
                walk(value)

    labels = yaml.safe_load((ROOT / "hooks" / "kb" / "strings.yaml").read_text(encoding="utf-8"))
    # Interface labels only: kinds, countries and the like are nouns that also occur in names
    # and titles of works cited in their own language.
    # Single words are left out too: "Negara" is also a word in an Indonesian title cited on
    # an English page.
    for part in ("headings", "fields", "statuses", "words", "collections"):
        walk(labels.get(part, {}))
    for lang in found:
        found[lang] = {s for s in found[lang] if " " in s.strip()}
    for entry in labels["theme"].values():
        add({"id": str(entry["id"]), "en": str(entry["en"])})
    material = {}
    for lang, path in (("id", ROOT / "overrides" / "partials" / "languages" / "id.html"),
                       ("en", _material_templates() / "partials" / "languages" / "en.html")):
        material[lang] = dict(re.findall(r'^\s*"([^"]+)": "([^"]*)"', path.read_text(encoding="utf-8"), re.M))
    for key in ("action.skip", "clipboard.copy", "footer.next", "footer.previous", "search.placeholder",
                "search.reset", "search.result.placeholder", "search.result.initializer", "select.language",
                "toc", "top", "nav", "header", "footer"):
        add({"id": material["id"][key], "en": material["en"][key]})
    # Too short or too common to be told apart inside running text.
    for lang in found:
        found[lang] = {s for s in found[lang] if len(s) >= 5 and not s.startswith(("http", "#", "{"))}
    return found


def _material_templates() -> Path:
    import material

    return Path(material.__file__).parent / "templates"


def wrong_language(html: str, lang: str, other: set[str]) -> set[str]:
    """Interface strings of the other language found in text marked as `lang`."""

    pattern = _pattern(frozenset(other))
    text = "\n".join(t for t, marked in words(html) if marked == lang)
    return set(pattern.findall(text))


_PATTERNS: dict = {}


def _pattern(strings: frozenset):
    import re

    if strings not in _PATTERNS:
        alternatives = "|".join(re.escape(s) for s in sorted(strings, key=len, reverse=True))
        _PATTERNS[strings] = re.compile(r"(?<!\w)(" + alternatives + r")(?!\w)")
    return _PATTERNS[strings]
