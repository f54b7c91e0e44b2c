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
_ARTICLE = re.compile(r"<article\b.*?</article>", re.DOTALL | re.IGNORECASE)
_CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?>", re.IGNORECASE)

POLICY = ("default-src 'self'; script-src 'self'{hashes}; style-src 'self'; img-src 'self' data:; "
          "font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; "
          "base-uri 'self'; form-action 'self'; frame-src 'none'")


def theme_script_hashes(html: str) -> list[str]:
    outside = _ARTICLE.sub("", html)
    hashes = []
    for match in _SCRIPT.finditer(outside):
        attrs = match.group("attrs").lower()
        if "src=" in attrs or "application/json" in attrs or "application/ld+json" in attrs:
            continue
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        token = f"'sha256-{base64.b64encode(digest).decode()}'"
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
