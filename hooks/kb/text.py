"""Text from data on its way into Markdown: escaped so that it can only ever be text.

Data text may use Markdown emphasis and links (checked at load time to be
http(s), mailto or site-relative). Everything that could smuggle HTML, an
attribute list or an abbreviation definition into a page is neutralised here.
"""

from __future__ import annotations

import re

_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_HTML_RE = re.compile(r"[&<>]")
_ABBR_DEF = re.compile(r"^(\s*)\*\[", re.MULTILINE)


def markdown_text(value: str) -> str:
    """Escape HTML and attribute-list braces; keep Markdown emphasis and links."""
    value = _HTML_RE.sub(lambda m: _HTML[m.group(0)], str(value))
    value = value.replace("{", r"\{").replace("}", r"\}")
    return _ABBR_DEF.sub(r"\1\\*[", value)


def inline_text(value: str) -> str:
    """Text for inside a link label or a list item: no Markdown structure at all."""
    value = markdown_text(value)
    value = re.sub(r"([\[\]*_`|])", r"\\\1", value)
    return " ".join(value.split())
