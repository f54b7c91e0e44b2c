"""Safe by construction, in Chromium: no vector of the hostile site (tests/hostile.py) runs, opens a
dialog, or makes a request away from the site."""

from __future__ import annotations


def test_the_browser_runs_nothing_from_data(hostile_site, browser, served):
    project, which = hostile_site.project, hostile_site.which
    base = served(project / "site")
    collections = sorted({f.split("/")[1] for f in which if f.split("/")[1] not in ("terms", "sources", "series")})
    paths = ["", "en/", "bantuan/", "en/bantuan/", "glossary/", "en/glossary/", "sources/", "en/sources/",
             "timeline/", "en/timeline/", "figures/", "en/figures/"]
    for index in sorted(set(which.values())):  # each vector once, collections and languages in turn
        collection = collections[index % len(collections)]
        paths.append(f"{'en/' if index % 2 else ''}{collection}/v{index}/")
    page = browser.new_page()
    dialogs, errors = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(str(error)))
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    for path in paths:
        page.goto(base + path)
        found = page.evaluate("""() => {
            const bad = [];
            for (const el of document.querySelectorAll('article *')) {
                for (const attr of el.attributes) {
                    if (attr.name.startsWith('on')) bad.push(el.tagName + '[' + attr.name + ']');
                    if (/^\\s*(javascript|data|vbscript):/i.test(attr.value) && ['href','src','action'].includes(attr.name))
                        bad.push(el.tagName + '[' + attr.name + ']');
                }
            }
            return bad.concat(window.__pwned ? ['ran'] : []);
        }""")
        assert found == [], (path, found)
    page.close()
    assert dialogs == [] and errors == []
    assert all(url.startswith(base.split("/kb-tppo-kamboja/")[0]) for url in requests)
