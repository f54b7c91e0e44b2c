"""Compressed bytes a reader's phone downloads on the first view of a page (issue 10 budget: 90 KB),
and each language's search index (budget: 60 KB compressed).

    .venv/bin/python tools/page_weight.py        # after `mkdocs build`; serves site/ itself

Chromium (Debian's, via Playwright) at 390 px, empty cache, the site served gzip-compressed under
/kb-tppo-kamboja/ by tools/serve_subpath.py; bytes = encoded body + headers as transferred.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import reader_support as rs  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

BUDGET_PAGE = 90 * 1024
BUDGET_INDEX = 60 * 1024


def main() -> int:
    base, stop = rs.serve()
    worst = 0
    with sync_playwright() as playwright:
        browser = rs.launch(playwright)
        for lang in rs.LANGUAGES:
            for kind, path in rs.KINDS.items():
                context = browser.new_context(viewport=rs.PHONE)
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                sizes: dict[str, int] = {}
                cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
                page.goto(rs.url(base, lang, path), wait_until="networkidle")
                total = sum(sizes.values())
                worst = max(worst, total)
                print(f"{lang:2} {kind:12} {total / 1024:6.1f} KB in {len(sizes)} requests")
                context.close()
        browser.close()
    stop()
    for lang, prefix in rs.LANGUAGES.items():
        raw = (rs.SITE / prefix / "search" / "search_index.json").read_bytes()
        print(f"{lang:2} search index {len(raw) / 1024:6.1f} KB, {len(gzip.compress(raw, 9)) / 1024:5.1f} KB gzip")
    print(f"heaviest first view: {worst / 1024:.1f} KB (budget {BUDGET_PAGE / 1024:.0f} KB)")
    return 0 if worst <= BUDGET_PAGE else 1


if __name__ == "__main__":
    sys.exit(main())
