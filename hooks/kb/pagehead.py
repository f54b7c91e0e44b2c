"""Small corrections to a built page's <head> that search engines and other tools read.

The theme writes the language alternates relative to the page (`../../x/`);
crawlers expect absolute addresses, and an `x-default` for readers whose
language is neither: that is the Indonesian page, the site's default.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin

_ALTERNATE = re.compile(r'<link rel="alternate" href="([^"]*)" hreflang="([^"]*)">')


def absolute_alternates(page: str, page_url: str, default_lang: str) -> str:
    """Every hreflang alternate as an absolute address, plus x-default (the default language's page)."""
    found: list[tuple[str, str]] = []

    def absolute(match: re.Match) -> str:
        href = urljoin(page_url, html.unescape(match.group(1)))
        found.append((match.group(2), href))
        return f'<link rel="alternate" href="{html.escape(href)}" hreflang="{match.group(2)}">'

    page = _ALTERNATE.sub(absolute, page)
    default = next((href for lang, href in found if lang == default_lang), None)
    if default is None or 'hreflang="x-default"' in page:
        return page
    last = list(_ALTERNATE.finditer(page))[-1]
    tag = f'\n      <link rel="alternate" href="{html.escape(default)}" hreflang="x-default">'
    return page[: last.end()] + tag + page[last.end():]
