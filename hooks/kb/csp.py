"""A Content-Security-Policy for every page, as a <meta> tag (GitHub Pages sets no headers).

Scripts may come only from the site itself, plus the theme's own inline
scripts, allowed one by one by their SHA-256 hash computed from the built
page. Only inline scripts outside the page's content (<article>) are the
theme's: anything inside the content is never hashed, so it cannot run.
"""

from __future__ import annotations

import base64
import hashlib
import re

_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
_CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?>", re.IGNORECASE)

POLICY = ("default-src 'self'; script-src 'self'{hashes}; style-src 'self'; img-src 'self' data:; "
          "font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; "
          "base-uri 'self'; form-action 'self'; frame-src 'none'")


_DIGESTS: dict[str, str] = {}  # script body -> its token: the theme's few scripts repeat on every page


def theme_script_hashes(html: str) -> list[str]:
    start = html.find("<article")
    end = html.find("</article>", start) if start >= 0 else -1
    outside = html[:start] + html[end:] if start >= 0 and end >= 0 else html
    hashes = []
    for match in _SCRIPT.finditer(outside):
        attrs = match.group("attrs").lower()
        if "src=" in attrs or "application/json" in attrs or "application/ld+json" in attrs:
            continue
        body = match.group("body")
        token = _DIGESTS.get(body)
        if token is None:
            token = f"'sha256-{base64.b64encode(hashlib.sha256(body.encode('utf-8')).digest()).decode()}'"
            if len(_DIGESTS) < 1000:
                _DIGESTS[body] = token
        if token not in hashes:
            hashes.append(token)
    return hashes


def policy(html: str) -> str:
    hashes = theme_script_hashes(html)
    return POLICY.format(hashes="".join(f" {h}" for h in hashes))


def with_policy(html: str) -> str:
    """The page with its policy as the first thing after <meta charset>, before any script."""
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(html)}">'
    match = _CHARSET.search(html)
    if not match:
        return html.replace("<head>", "<head>" + tag, 1)
    return html[: match.end()] + tag + html[match.end():]
