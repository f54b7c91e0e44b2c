"""A share link for WhatsApp that needs no script from anyone: https://wa.me/?text=<title and address>.

WhatsApp opens the link on a phone (the app) or a computer (WhatsApp Web) with
the text ready to send; nothing is loaded from WhatsApp until the reader taps it.
"""

from __future__ import annotations

import html
from urllib.parse import quote

from .strings import group
from .text import escape



def whatsapp_url(title: str, page_url: str) -> str:
    text = " ".join(f"{title} {page_url}".split())
    return "https://wa.me/?text=" + quote(text, safe="")


def whatsapp_markdown(title: str, page_url: str, lang: str) -> str:
    """A Material button: [Bagikan lewat WhatsApp](https://wa.me/?text=...){ .md-button .kb-share }."""
    return f"[{escape(group('share', lang)['whatsapp'])}]({whatsapp_url(title, page_url)}){{ .md-button .kb-share }}"


def whatsapp_html(title: str, page_url: str, lang: str) -> str:
    href = html.escape(whatsapp_url(title, page_url), quote=True)
    return (f'<a class="md-button kb-share" href="{href}" rel="noopener" target="_blank">'
            f"{html.escape(group('share', lang)['whatsapp'])}</a>")
